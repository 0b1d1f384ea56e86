"""The corpus manifest: what each letter in ``corpus/`` is, and under which licence.

``corpus/manifest.ttl`` describes the sample corpus in DCAT/DCTERMS: one
``dcat:Dataset`` (``id:corpus``) and, per file, a ``dcat:Distribution``
(``id:corpus/<file name>``) with its title, date of issue, publisher, licence,
rights statement and the SHA-256 of its bytes.

:func:`load_manifest` reads it into plain Python values (for the build and the
tests); :func:`manifest_graph` returns it as an RDF graph, which the build
loads into its own named graph (:data:`MANIFEST_GRAPH`) so that the licence and
attribution travel with the data built from the letters.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from graph import resources
from graph.namespace import GRAPH, ID, PREFIXES, SMKG
from graph.rdfio import RdfInputError, parse_file

#: The manifest's file name inside the corpus folder.
MANIFEST_FILE = "manifest.ttl"
#: Files of the corpus folder that are not letters.
NOT_LETTERS = frozenset({MANIFEST_FILE, "README.md", "LICENCE.md"})
#: The dataset node of the manifest.
CORPUS = ID["corpus"]
#: The named graph the build loads the manifest into.
MANIFEST_GRAPH = GRAPH["corpus"]
#: Open Government Licence v3.0, the licence of every letter we ship.
OGL_V3 = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
#: The attribution statement OGL v3.0 asks for.
OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."


class ManifestError(ValueError):
    """The manifest is missing, unreadable, or describes a file incompletely."""


@dataclass(frozen=True)
class ManifestEntry:
    """One file of the corpus, as the manifest describes it."""

    file_name: str
    title: str
    issued: datetime.date
    publisher: str  # IRI
    licence: str  # IRI
    rights: str
    sha256: str

    @property
    def iri(self) -> str:
        return str(ID["corpus/" + self.file_name])


def manifest_file(corpus_dir: Path | None = None) -> Path:
    return Path(corpus_dir if corpus_dir is not None else resources.corpus_dir()) / MANIFEST_FILE


def letter_files(corpus_dir: Path | None = None) -> list[Path]:
    """The letters in the corpus folder: every file but the manifest, README and LICENCE."""
    folder = Path(corpus_dir if corpus_dir is not None else resources.corpus_dir())
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.name not in NOT_LETTERS and not p.name.startswith(".")
    )


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def manifest_graph(corpus_dir: Path | None = None) -> Graph:
    """The manifest as an RDF graph named :data:`MANIFEST_GRAPH`."""
    path = manifest_file(corpus_dir)
    g = Graph(identifier=MANIFEST_GRAPH)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    try:
        parse_file(path, format="turtle", into=g)
    except FileNotFoundError as exc:
        raise ManifestError(f"{path}: no corpus manifest") from exc
    except RdfInputError as exc:  # already says file:line:column and what is wrong
        raise ManifestError(str(exc)) from exc
    except Exception as exc:  # rdflib raises a variety of parser errors
        raise ManifestError(f"{path}: cannot read the corpus manifest: {exc}") from exc
    return g


def _one(g: Graph, node: URIRef, prop: URIRef, path: Path) -> object:
    values = list(g.objects(node, prop))
    if len(values) != 1:
        raise ManifestError(
            f"{path}: <{node}> has {len(values)} values of <{prop}>, expected exactly one"
        )
    return values[0]


def load_manifest(corpus_dir: Path | None = None) -> dict[str, ManifestEntry]:
    """Every ``dcat:Distribution`` of the manifest, by file name.

    Raises :class:`ManifestError` if the manifest cannot be read, if a
    distribution lacks one of the properties of :class:`ManifestEntry` (or has
    two), if its date is not an ``xsd:date``, or if two describe the same file.
    """
    path = manifest_file(corpus_dir)
    g = manifest_graph(corpus_dir)
    entries: dict[str, ManifestEntry] = {}
    for node in sorted(g.subjects(RDF.type, DCAT.Distribution)):
        if not isinstance(node, URIRef):
            raise ManifestError(f"{path}: a distribution is a blank node; give it an IRI")
        issued = _one(g, node, DCTERMS.issued, path)
        if not (isinstance(issued, Literal) and issued.datatype == XSD.date
                and isinstance(issued.toPython(), datetime.date)):
            raise ManifestError(f"{path}: <{node}> dcterms:issued {issued!r} is not a valid xsd:date")
        entry = ManifestEntry(
            file_name=str(_one(g, node, SMKG.fileName, path)),
            title=str(_one(g, node, DCTERMS.title, path)),
            issued=issued.toPython(),
            publisher=str(_one(g, node, DCTERMS.publisher, path)),
            licence=str(_one(g, node, DCTERMS.license, path)),
            rights=str(_one(g, node, DCTERMS.rights, path)),
            sha256=str(_one(g, node, SMKG.sha256, path)).lower(),
        )
        if entry.file_name in entries:
            raise ManifestError(f"{path}: {entry.file_name} is described twice")
        if str(node) != entry.iri:
            raise ManifestError(f"{path}: <{node}> describes {entry.file_name}; its IRI should be <{entry.iri}>")
        entries[entry.file_name] = entry
    return entries


__all__ = [
    "CORPUS", "MANIFEST_FILE", "MANIFEST_GRAPH", "NOT_LETTERS", "OGL_ATTRIBUTION", "OGL_V3",
    "ManifestEntry", "ManifestError", "letter_files", "load_manifest", "manifest_file",
    "manifest_graph", "sha256_of",
]
