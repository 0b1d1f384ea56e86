"""RDF exports of the store: Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML,
and the ELI view (``eli``: ELI and ELI-DL terms only, in Turtle).

Quad formats (N-Quads, TriG) carry the dataset: each source text's named graph
with its evidence, the ontology, the reference data and the corpus manifest.
Triple formats carry the union of those graphs.  Every export is the same
bytes for the same store: blank nodes (only the ontology's OWL lists have any)
are labelled canonically, and triples are written in sorted order (by us, or
by rdflib's Turtle writer, which sorts; RDF/XML goes through pyoxigraph, which
keeps the order it is given).  JSON-LD is compacted with the context that ships
with smkg (``ontology/context.jsonld``), written inline: no remote context.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from .namespace import PREFIXES
from .resources import data_dir
from .store import Store
from .trig import write_trig

#: Export formats: name -> (file extensions, media type, carries named graphs).
FORMATS: dict[str, tuple[tuple[str, ...], str, bool]] = {
    "turtle": ((".ttl",), "text/turtle", False),
    "ntriples": ((".nt",), "application/n-triples", False),
    "nquads": ((".nq",), "application/n-quads", True),
    "trig": ((".trig",), "application/trig", True),
    "jsonld": ((".jsonld", ".json"), "application/ld+json", False),
    "rdfxml": ((".rdf", ".owl", ".xml"), "application/rdf+xml", False),
    "eli": ((), "text/turtle", False),  # the ELI view, in Turtle: given by name only
}


class ExportError(Exception):
    """An export that cannot be made: unknown format, no store."""


def context() -> dict:
    """The JSON-LD context that ships with smkg: our prefixes."""
    from .rdfio import read_context

    return read_context(data_dir("ontology") / "context.jsonld")  # inline only: a remote context is refused


def export_rdf(store_dir: Path, fmt: str) -> bytes:
    """The store in ``fmt``, the same bytes every time."""
    if fmt == "eli":
        return eli_view(store_dir).serialize(format="turtle", encoding="utf-8")
    graphs = canonical_graphs(store_dir)
    if fmt == "trig":
        return write_trig(graphs).encode("utf-8")
    if fmt == "nquads":
        lines = sorted({f"{line.rstrip()[:-1].rstrip()} <{name}> .\n"  # the triple's line, its graph added
                        for name, g in graphs.items() for line in _nt_lines(g)})
        return "".join(lines).encode("utf-8")
    union = Graph()
    for prefix, ns in PREFIXES.items():
        union.bind(prefix, ns, override=True)
    for g in graphs.values():
        union += g
    if fmt == "ntriples":
        return "".join(sorted(set(_nt_lines(union)))).encode("utf-8")
    if fmt == "turtle":
        return union.serialize(format="turtle", encoding="utf-8")
    if fmt == "rdfxml":
        triples = [ox.Triple(*(_ox(t) for t in triple)) for triple in sorted(union)]
        return ox.serialize(triples, format=ox.RdfFormat.RDF_XML,
                            prefixes={p: str(ns) for p, ns in PREFIXES.items() if p != "id"})
    if fmt == "jsonld":
        return _jsonld(union)
    raise ExportError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")


def eli_view(store_dir: Path) -> Graph:
    """The documents, versions, consultations and decisions in ELI and ELI-DL terms only
    (``ontology/views/eli.rq``), for tools that know those vocabularies and nothing of ours."""
    if not (Path(store_dir) / "db").is_dir():
        raise ExportError(f"no store in {store_dir}: run 'smkg build --store {store_dir}' first")
    view = (data_dir("ontology") / "views" / "eli.rq").read_text(encoding="utf-8")
    db = ox.Store.read_only(str(Path(store_dir) / "db"))
    try:
        triples = ox.serialize(db.query(view), format=ox.RdfFormat.N_TRIPLES)
    finally:
        del db
    g = Graph()
    for prefix in ("eli", "eli-dl", "skos", "id", "xsd"):
        g.bind(prefix, PREFIXES[prefix], override=True)
    return g.parse(data=triples.decode("utf-8"), format="nt")


def canonical_graphs(store_dir: Path) -> dict[str, Graph]:
    if not (Path(store_dir) / "db").is_dir():
        raise ExportError(f"no store in {store_dir}: run 'smkg build --store {store_dir}' first")
    store = Store(Path(store_dir))
    try:
        return store.canonical_graphs()
    finally:
        store.close()


def _nt_lines(g: Graph) -> list[str]:
    # split at line feeds only: str.splitlines also splits at form feeds and the like, which rdflib leaves in literals
    return [line + "\n" for line in g.serialize(format="nt").split("\n") if line.strip()]


def _ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ExportError(f"cannot write {term!r}")


def _jsonld(union: Graph) -> bytes:
    """Compacted with our context, nodes sorted by @id and keys sorted, so the bytes are stable."""
    ctx = context()
    body = json.loads(union.serialize(format="json-ld", context=ctx, auto_compact=True))
    nodes = body.get("@graph", [body] if "@id" in body else [])
    nodes = [{k: _sorted_values(v) for k, v in node.items()} for node in nodes]
    out = {"@context": ctx, "@graph": sorted(nodes, key=lambda n: str(n.get("@id", "")))}
    return (json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _sorted_values(value):
    if isinstance(value, list):
        return sorted(value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value
