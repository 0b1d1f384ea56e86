"""The ontology documentation: written atomically, complete, and fetching nothing."""

from __future__ import annotations

import html as htmllib
import logging
import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib import namespace as ns

from graph import resources
from graph.docs import DOCS_FILE, DocsError, make_offline, write_docs

TINY = """\
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix t: <https://example.org/tiny#> .

<https://example.org/tiny> a owl:Ontology ;
    dcterms:title "Tiny test ontology" ;
    dcterms:description "A logo pulled from the web: ![logo](https://example.org/logo.png)" .

t:Letter a owl:Class ; rdfs:label "Letter"@en ;
    rdfs:comment "A letter. ![seal](http://example.org/seal.png)"@en .
t:Consultation a owl:Class ; rdfs:label "Consultation"@en ; rdfs:comment "A consultation."@en .
t:Redesignation a owl:Class ; rdfs:label "Re-designation"@en ;
    rdfs:subClassOf t:Decision ; rdfs:comment "A re-designation."@en .
t:Decision a owl:Class ; rdfs:label "Decision"@en .
t:author a owl:ObjectProperty ; rdfs:label "author"@en ; rdfs:domain t:Letter .
"""
TINY_LABELS = ["Letter", "Consultation", "Re-designation", "Decision"]

_SRC = re.compile(r"""\s(?:src|srcset|poster|data)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_LINK_HREF = re.compile(r"""<link\b[^>]*\shref\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_CSS_REMOTE = re.compile(r"""(?:@import|url\()\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def remote_resources(page: str) -> list[str]:
    """Every reference in ``page`` that would make a browser fetch from the network."""
    found = [u for u in _SRC.findall(page) + _LINK_HREF.findall(page)
             if re.match(r"\s*(?:https?:)?//", u, re.IGNORECASE)]
    found += [m.group(0) for m in _CSS_REMOTE.finditer(page)]
    return found


def class_labels(g: Graph) -> list[str]:
    return sorted({str(label) for c in g.subjects(ns.RDF.type, ns.OWL.Class)
                   for label in g.objects(c, ns.RDFS.label)})


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("onto") / "tiny.ttl"
    path.write_text(TINY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tiny_page(tiny, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("docs")
    written = write_docs(out, ontology=tiny)
    return written, written.read_text(encoding="utf-8")


def test_page_is_written(tiny_page):
    written, page = tiny_page
    assert written.name == DOCS_FILE and written.is_file()
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "Tiny test ontology" in page
    assert [p.name for p in written.parent.iterdir()] == [DOCS_FILE], "temporary file left behind"


def test_page_has_every_class_label(tiny_page):
    _, page = tiny_page
    for label in TINY_LABELS:
        assert htmllib.escape(label, quote=False) in page, label


def test_page_fetches_nothing(tiny_page):
    _, page = tiny_page
    assert remote_resources(page) == []
    # the descriptions' Markdown images were rendered, and lost only their remote src
    assert '<img alt="logo"' in page and '<img alt="seal"' in page
    assert "src=\"https://example.org/logo.png\"" not in page  # (the JSON-LD keeps the text)
    assert "Content-Security-Policy" in page
    # pyLODE's own stylesheet is inlined
    assert "<style>" in page


def test_make_offline_strips_remote_and_keeps_local():
    page = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="https://cdn.example.org/x.css">
<link rel="preconnect" href="//fonts.example.org">
<link rel="icon" href="data:image/png;base64,AAAA">
<link rel="stylesheet" href="local.css">
<script src="https://cdn.example.org/x.js"></script>
<script type="application/ld+json">{"@id": "https://example.org/"}</script>
<style>@import url("https://fonts.example.org/f.css"); body { background: url(http://x.org/b.png); }
h1 { background: url(data:image/png;base64,AAAA); }</style>
</head><body>
<img alt="a" src="https://example.org/a.png"><img alt="b" src="b.png">
<img alt="c" srcset="https://example.org/c.png 2x">
<div style="background: url('https://example.org/d.png')">d</div>
<a href="https://example.org/page">a link is not a fetch</a>
</body></html>"""
    out = make_offline(page)
    assert remote_resources(out) == []
    assert 'href="data:image/png;base64,AAAA"' in out
    assert 'href="local.css"' in out
    assert 'src="b.png"' in out
    assert "application/ld+json" in out
    assert "url(data:image/png;base64,AAAA)" in out
    assert '<a href="https://example.org/page">' in out
    assert "Content-Security-Policy" in out


def test_rewrite_replaces_the_page_atomically(tiny, tmp_path):
    target = tmp_path / DOCS_FILE
    target.write_text("old", encoding="utf-8")
    assert write_docs(tmp_path, ontology=tiny) == target
    assert "Tiny test ontology" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [DOCS_FILE]


def test_missing_ontology_names_the_file(tmp_path):
    missing = tmp_path / "nowhere.ttl"
    with pytest.raises(DocsError, match="nowhere.ttl"):
        write_docs(tmp_path / "out", ontology=missing)
    assert not (tmp_path / "out").exists()


def test_broken_ontology_names_the_file_and_keeps_the_old_page(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<x> a owl:Ontology ; ;; .\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / DOCS_FILE).write_text("old page", encoding="utf-8")
    with pytest.raises(DocsError, match="broken.ttl"):
        write_docs(out, ontology=broken)
    assert (out / DOCS_FILE).read_text(encoding="utf-8") == "old page"
    assert sorted(p.name for p in out.iterdir()) == [DOCS_FILE]


def test_ontology_without_title_names_the_file(tmp_path):
    untitled = tmp_path / "untitled.ttl"
    untitled.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<https://example.org/u> a owl:Ontology .\n"
    )
    with pytest.raises(DocsError, match="untitled.ttl"):
        write_docs(tmp_path / "out", ontology=untitled)


def test_root_logger_is_left_alone(tiny, tmp_path):
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    write_docs(tmp_path, ontology=tiny)
    assert (list(root.handlers), root.level) == before


def test_real_ontology(tmp_path):
    ontology = resources.ontology_file()
    assert ontology.is_file(), f"{ontology} does not exist yet"
    written = write_docs(tmp_path)
    page = written.read_text(encoding="utf-8")
    labels = class_labels(Graph().parse(ontology))
    assert labels, "the ontology labels no classes"
    for label in labels:
        assert htmllib.escape(label, quote=False) in page, label
    assert remote_resources(page) == []
