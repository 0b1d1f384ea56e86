"""The sample corpus and its manifest agree, and the letters are as published."""

from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib import namespace as ns

from graph import resources
from graph.manifest import (
    CORPUS,
    MANIFEST_GRAPH,
    OGL_ATTRIBUTION,
    OGL_V3,
    ManifestEntry,
    ManifestError,
    letter_files,
    load_manifest,
    manifest_graph,
)
from graph.namespace import ID

CORPUS_DIR = resources.corpus_dir()
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BEIS = str(ID["organisation/beis"])


@pytest.fixture(scope="module")
def manifest() -> dict[str, ManifestEntry]:
    return load_manifest(CORPUS_DIR)


def test_corpus_has_letters():
    assert letter_files(CORPUS_DIR), f"no letters in {CORPUS_DIR}"


def test_every_file_has_an_entry_and_every_entry_a_file(manifest):
    on_disk = {p.name for p in letter_files(CORPUS_DIR)}
    assert on_disk - manifest.keys() == set(), "letters missing from manifest.ttl"
    assert manifest.keys() - on_disk == set(), "manifest.ttl describes files that are not in corpus/"


def test_sha256_matches_the_bytes(manifest):
    for name, entry in manifest.items():
        actual = hashlib.sha256((CORPUS_DIR / name).read_bytes()).hexdigest()
        assert re.fullmatch(r"[0-9a-f]{64}", entry.sha256), name
        assert actual == entry.sha256, f"{name} has changed since manifest.ttl was written"


def test_every_entry_is_complete(manifest):
    for name, entry in manifest.items():
        assert entry.title.strip(), name
        assert isinstance(entry.issued, datetime.date), name
        assert datetime.date(2000, 1, 1) <= entry.issued <= datetime.date.today(), name
        assert entry.publisher == BEIS, name
        assert entry.licence == OGL_V3, name
        assert entry.rights == f"© Crown copyright {entry.issued.year}", name


def test_known_letters(manifest):
    assert manifest["000_6923a674670ce851.txt"].issued == datetime.date(2021, 11, 4)
    assert manifest["004_627c9aacc16d3416.txt"].issued == datetime.date(2020, 3, 13)


def test_manifest_graph_has_no_blank_nodes_and_carries_the_licence():
    g = manifest_graph(CORPUS_DIR)
    assert g.identifier == MANIFEST_GRAPH
    assert not [t for t in g if any(isinstance(x, BNode) for x in t)]
    assert (CORPUS, ns.RDF.type, ns.DCAT.Dataset) in g
    assert (CORPUS, ns.DCTERMS.license, URIRef(OGL_V3)) in g
    statements = {str(o) for p in (ns.DCTERMS.rights, ns.RDFS.comment) for o in g.objects(CORPUS, p)}
    assert OGL_ATTRIBUTION in statements
    distributions = set(g.objects(CORPUS, ns.DCAT.distribution))
    assert distributions == set(g.subjects(ns.RDF.type, ns.DCAT.Distribution))
    for d in distributions:
        assert isinstance(d, URIRef)
        assert (d, ns.DCTERMS.issued, None) in g
        issued = g.value(d, ns.DCTERMS.issued)
        assert isinstance(issued, Literal) and isinstance(issued.toPython(), datetime.date)
        assert g.value(d, ns.DCTERMS.source) is not None


def test_edited_letter_is_caught(tmp_path, manifest):
    for p in CORPUS_DIR.iterdir():
        (tmp_path / p.name).write_bytes(p.read_bytes())
    name = "000_6923a674670ce851.txt"
    original = (tmp_path / name).read_bytes()
    repaired = original.replace(b"Vigtoria", b"Victoria")  # an OCR slip someone "fixed"
    assert repaired != original
    (tmp_path / name).write_bytes(repaired)
    entry = load_manifest(tmp_path)[name]
    assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() != entry.sha256


def test_incomplete_manifest_is_refused(tmp_path):
    text = (CORPUS_DIR / "manifest.ttl").read_text(encoding="utf-8")
    (tmp_path / "manifest.ttl").write_text(
        re.sub(r'\n\s*dcterms:issued "2020-03-13"\^\^xsd:date ;', "", text), encoding="utf-8"
    )
    with pytest.raises(ManifestError, match="004_627c9aacc16d3416.txt"):
        load_manifest(tmp_path)


def test_missing_manifest_is_refused(tmp_path):
    with pytest.raises(ManifestError, match="manifest.ttl"):
        load_manifest(tmp_path)


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} is absent")
def test_letters_are_identical_to_the_seeds(manifest):
    for name in manifest:
        seed = SEEDS / name
        assert seed.is_file(), f"{name} is not among the seeds in {SEEDS}"
        assert (CORPUS_DIR / name).read_bytes() == seed.read_bytes(), name
