"""The static pictures: the lineage of a document (Graphviz SVG) and the timeline (matplotlib PNG)."""

from __future__ import annotations

import io
import re
import shutil
import stat
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from PIL import Image

from graph import pictures
from graph.pictures import PictureError, dot_string, html_text, lineage_dot, lineage_svg, timeline_png
from graph.visualise import to_networkx

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'The "quoted" \\ back\\slash <b>bold</b> & <i>co</i> $\\frac{$ costs $5\\'
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


def _words(text: str) -> str:
    return " ".join(text.split())


def _node_texts(svg: bytes) -> list[str]:
    """The text of each node of a Graphviz SVG, its lines joined by spaces."""
    root = ET.fromstring(svg)
    return [_words(" ".join("".join(t.itertext()) for t in g.iter(f"{SVG}text")))
            for g in root.iter(f"{SVG}g") if g.get("class") == "node"]


def _tmad_lineage_labels(store) -> dict[str, set[str]]:
    """From the projection: the labels of TMAD's consultations, decisions and versions, by kind."""
    graph = to_networkx(store)
    (doc,) = [n for n, a in graph.nodes(data=True) if a["kind"] == "document" and a["label"] == "TMAD"]
    found: dict[str, set[str]] = {"consultation": set(), "decision": set(), "version": set()}
    for s, _, key in graph.in_edges(doc, keys=True):
        kind = graph.nodes[s]["kind"]
        if (kind, key) in {("consultation", "subjectDocument"), ("decision", "designatesDocument"),
                           ("version", "isVersionOf")}:
            found[kind].add(graph.nodes[s]["label"])
    return found


@needs_dot
def test_lineage_svg_of_tmad(corpus_store):
    svg = lineage_svg(corpus_store, "TMAD")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    texts = _node_texts(svg)
    expected = _tmad_lineage_labels(corpus_store)
    assert all(expected.values()), expected  # the letters give TMAD consultations, decisions and versions
    for kind, labels in expected.items():
        for label in labels:
            assert any(_words(label) in text for text in texts), (kind, label, texts)
    everything = _words(" ".join(root.itertext()))
    for words in ("Lineage of TMAD", "designates", "responds to", "follows", "version of"):
        assert words in everything


@needs_dot
def test_lineage_shows_dates(corpus_store):
    graph = to_networkx(corpus_store)
    texts = " ".join(_node_texts(lineage_svg(corpus_store, "tmad")))  # any case
    for labels in _tmad_lineage_labels(corpus_store).values():
        for n, a in graph.nodes(data=True):
            if a["label"] in labels and a["kind"] == "consultation":
                assert f"opened {a['openedOn']}" in texts and f"closed {a['closedOn']}" in texts
            if a["label"] in labels and a["kind"] == "decision" and a.get("effectiveDate"):
                assert f"effective {a['effectiveDate']}" in texts


def test_lineage_dot_is_deterministic_and_names_the_document_by_iri(corpus_store):
    graph = to_networkx(corpus_store)
    (iri,) = [n for n, a in graph.nodes(data=True) if a["kind"] == "document" and a["label"] == "TMAD"]
    text = lineage_dot(corpus_store, "TMAD")
    assert text == lineage_dot(corpus_store, iri) == lineage_dot(corpus_store, " tMaD ")
    assert text.startswith("digraph lineage {") and "rankdir=LR" in text


def test_unknown_document_names_the_known_ones(corpus_store):
    with pytest.raises(PictureError) as caught:
        lineage_dot(corpus_store, "No Such Document")
    message = str(caught.value)
    assert "'No Such Document'" in message
    for label in ("TMAD", "S1SR", "SVTAD"):
        assert label in message


def test_no_store(tmp_path):
    with pytest.raises(PictureError, match="no store"):
        timeline_png(tmp_path / "nowhere")


def test_dot_missing(corpus_store, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no dot
    with pytest.raises(PictureError) as caught:
        lineage_svg(corpus_store, "TMAD")
    assert "'dot'" in str(caught.value) and "apt-get install graphviz" in str(caught.value)


def test_dot_failing(corpus_store, tmp_path, monkeypatch):
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\nwhile read -r line; do :; done\necho 'Error: <stdin>: syntax error in line 1' >&2\n"
                    "echo 'second line' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PictureError) as caught:
        lineage_svg(corpus_store, "TMAD")
    assert "syntax error in line 1" in str(caught.value) and "second line" not in str(caught.value)


# --- escaping ------------------------------------------------------------------------------------------------------

def test_dot_string_escapes():
    assert dot_string('a "b" c\\d') == '"a \\"b\\" c\\\\d"'
    assert dot_string("ends with \\") == '"ends with \\\\"'
    assert dot_string("two\nlines\x00\x07") == '"two\\nlines"'


def test_html_text_escapes():
    assert html_text('<b>"x" & \'y\'</b> \\') == "&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt; \\"


def _hostile_graph() -> nx.MultiDiGraph:
    """A document with a hostile label, a consultation on it and a designation with a version."""
    base = "https://example.org/id/"
    g = nx.MultiDiGraph()
    g.add_node(base + "doc", iri=base + "doc", kind="document", type="CodeAppendix", label=HOSTILE, sources=())
    g.add_node(base + 'c"1', iri=base + 'c"1', kind="consultation", type="Consultation", label=HOSTILE + " consulted",
               openedOn="2021-01-04", closedOn="2021-02", start="2021-01-04", end="2021-02", sources=())
    g.add_node(base + "d\\1", iri=base + "d\\1", kind="decision", type="Designation", label="<script>x</script>",
               decisionDate="2021-03-01", effectiveDate="2021-04-01", start="2021-03-01", end="2021-04-01",
               sources=())
    g.add_node(base + "v1", iri=base + "v1", kind="version", type="DocumentVersion", label="v1 \"draft\"",
               versionLabel="v1", sources=())
    g.add_edge(base + 'c"1', base + "doc", key="subjectDocument")
    g.add_edge(base + "d\\1", base + "doc", key="designatesDocument")
    g.add_edge(base + "d\\1", base + "v1", key="designatesVersion")
    g.add_edge(base + "d\\1", base + 'c"1', key="followsConsultation")
    g.add_edge(base + "v1", base + "doc", key="isVersionOf")
    return g


def test_hostile_labels_in_dot(tmp_path, monkeypatch):
    monkeypatch.setattr(pictures, "to_networkx", lambda store: _hostile_graph())
    text = lineage_dot(tmp_path, HOSTILE.upper())
    assert dot_string("Lineage of " + HOSTILE) in text  # the title, a quoted string
    assert '"https://example.org/id/c\\"1"' in text and '"https://example.org/id/d\\\\1"' in text
    # every double-quoted string closes where it should: nothing is left once strings and HTML labels are removed
    rest = re.sub(r'"(?:[^"\\]|\\.)*"', "S", text)
    assert "<b>" not in rest and "<script>" not in rest and "&lt;b&gt;bold&lt;/b&gt;" in rest
    rest = re.sub(r"label=<.*?>\];", "label=H];", rest)
    assert '"' not in rest and "\\" not in rest and "<" not in rest.replace("->", "")


@needs_dot
def test_hostile_labels_survive_dot(tmp_path, monkeypatch):
    monkeypatch.setattr(pictures, "to_networkx", lambda store: _hostile_graph())
    svg = lineage_svg(tmp_path, HOSTILE)
    texts = _node_texts(svg)
    assert any(_words(HOSTILE) in t for t in texts), texts
    assert any("<script>x</script>" in t and "decided 2021-03-01 · effective 2021-04-01" in t for t in texts)
    assert any('v1 "draft"' in t and "effective 2021-04-01" in t for t in texts)
    assert _words("Lineage of " + HOSTILE) in _words(" ".join(ET.fromstring(svg).itertext()))
    # the IRI is the node's SVG <title> (hover); dot does not unescape backslashes in names, and IRIs have none
    titles = {"".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}title")}
    assert 'https://example.org/id/c"1' in titles


# --- the timeline --------------------------------------------------------------------------------------------------

def test_timeline_png(corpus_store, tmp_path):
    png = timeline_png(corpus_store)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    assert image.size == pictures.SIZE  # the two letters name fewer documents than the fixed size holds
    rgb = image.convert("RGB")
    colours = rgb.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50
    present = {c for _, c in colours}
    for kind in ("consultation", "conclusions", "response", "decision"):
        line = pictures.COLOURS[kind][1]
        assert tuple(int(line[i:i + 2], 16) for i in (1, 3, 5)) in present, kind
    assert b"Software" not in png and b"matplotlib" not in png.lower()
    assert timeline_png(corpus_store) == png


def test_timeline_lanes_and_month_only_dates(tmp_path, monkeypatch):
    graph = _hostile_graph()
    graph.add_node("https://example.org/id/orphan", iri="https://example.org/id/orphan", kind="consultation",
                   type="Consultation", label="no document", closedOn="2020-11", start="2020-11", end="2020-11",
                   sources=())
    monkeypatch.setattr(pictures, "to_networkx", lambda store: graph)
    events = pictures._events(graph)
    lanes = {e.lane for e in events}
    assert lanes == {HOSTILE, pictures.NO_DOCUMENT}
    (consultation,) = [e for e in events if e.kind == "consultation" and e.lane == HOSTILE]
    assert (str(consultation.start), str(consultation.end)) == ("2021-01-04", "2021-02-01")
    assert consultation.end_month_only and not consultation.start_month_only
    (decision,) = [e for e in events if e.kind == "decision"]
    assert decision.note == "v1" and str(decision.end) == "2021-04-01"
    png = timeline_png(tmp_path)
    assert Image.open(io.BytesIO(png)).size == pictures.timeline_size(2) == pictures.SIZE
    assert pictures.timeline_size(pictures.LANES + 3)[1] == pictures.SIZE[1] + 3 * pictures.LANE_HEIGHT


def test_timeline_of_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(pictures, "to_networkx", lambda store: nx.MultiDiGraph())
    with pytest.raises(PictureError, match="nothing to draw"):
        timeline_png(tmp_path)
