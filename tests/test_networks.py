"""Network exports (GraphML, GEXF, Cytoscape.js JSON), each read back: the same
nodes and edges as the projection, labels intact, several values joined by the
documented rule, dates on GEXF's timeline, the same bytes every time."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pytest
from conftest import letter_with

from graph.build import build
from graph.exports import ExportError
from graph.networks import (
    NETWORK_FORMATS,
    SEPARATOR,
    cyjs,
    edge_id,
    export_network,
    flatten,
    format_of,
    gexf,
    graphml,
    split_values,
)
from graph.visualise import to_networkx

HOSTILE = '<script>alert(1)</script> & "quotes"'
S1SR = "https://w3id.org/smkg/id/consultation/dcc/s1sr/2021-07-27"
GEXF_NS = "{http://www.gexf.net/1.2draft}"


@pytest.fixture(scope="module")
def projection(corpus_store) -> nx.MultiDiGraph:
    return to_networkx(corpus_store)


@pytest.fixture(scope="module")
def exported(corpus_store) -> dict[str, bytes]:
    return {fmt: export_network(corpus_store, fmt) for fmt in NETWORK_FORMATS}


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """A letter whose title is markup, an ampersand and quotes."""
    folder = tmp_path_factory.mktemp("hostile-network")
    letter_with(folder, HOSTILE, "markup.txt")
    store = folder / "store"
    build([folder / "markup.txt"], store, validate=False)
    return store


def edges(graph) -> Counter:
    return Counter((u, v, k) for u, v, k in graph.edges(keys=True))


def several_valued(projection) -> tuple[str, str, tuple]:
    """A node, a property and its values, for a property with several values that is not ``sources``."""
    return next((node, k, v) for node, data in sorted(projection.nodes(data=True))
                for k, v in sorted(data.items()) if isinstance(v, tuple) and k != "sources")


def test_graphml_reads_back_as_the_projection(projection, exported):
    back = nx.read_graphml(io.BytesIO(exported["graphml"]))
    assert back.is_multigraph() and back.is_directed()
    assert set(back.nodes) == set(projection.nodes)
    # edges are keyed by their id on reading; the projection's key is the ``key`` attribute
    assert Counter((u, v, d["key"]) for u, v, d in back.edges(data=True)) == edges(projection)
    assert {k for _, _, k in back.edges(keys=True)} == {
        edge_id(u, d["predicate"], v) for u, v, d in projection.edges(data=True)}
    assert back.number_of_edges() == projection.number_of_edges()
    for node, data in projection.nodes(data=True):
        assert back.nodes[node]["label"] == data["label"]
        assert back.nodes[node]["sources"] == SEPARATOR.join(data["sources"])
    node, prop, values = several_valued(projection)
    assert back.nodes[node][prop] == "; ".join(values)
    assert split_values(back.nodes[node][prop]) == list(values)
    assert back.graph["list_attributes"] == "altLabel; sources"
    counts = {n: d["responseCount"] for n, d in projection.nodes(data=True) if "responseCount" in d}
    assert counts and all(back.nodes[n]["responseCount"] == c and isinstance(c, int) for n, c in counts.items())


def test_gexf_reads_back_as_the_projection(projection, exported):
    back = nx.read_gexf(io.BytesIO(exported["gexf"]))
    assert back.is_multigraph() and back.is_directed()
    assert set(back.nodes) == set(projection.nodes)
    assert edges(back) == edges(projection)
    for u, v, key, data in projection.edges(keys=True, data=True):
        assert back.edges[u, v, key]["id"] == edge_id(u, data["predicate"], v)
        assert back.edges[u, v, key]["label"] == key
    for node, data in projection.nodes(data=True):
        assert back.nodes[node]["label"] == data["label"]
    node, prop, values = several_valued(projection)
    assert back.nodes[node][prop] == "; ".join(values)


def test_gexf_puts_dates_on_the_timeline(exported):
    root = ET.fromstring(exported["gexf"])
    graph = root.find(f"{GEXF_NS}graph")
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("defaultedgetype")) == ("dynamic", "date", "directed")
    nodes = {n.get("id"): n for n in graph.iter(f"{GEXF_NS}node")}
    assert (nodes[S1SR].get("start"), nodes[S1SR].get("end")) == ("2021-07-27", "2021-08-20")
    # a date known to the month covers the month; a thing without a date is on the timeline throughout
    month = nodes["https://w3id.org/smkg/id/consultation/beis/unspecified/closed-2021-02"]
    assert (month.get("start"), month.get("end")) == ("2021-02-01", "2021-02-28")
    beis = nodes["https://w3id.org/smkg/id/organisation/beis"]
    assert beis.get("start") is None and beis.get("end") is None
    assert root.find(f"{GEXF_NS}meta").get("lastmodifieddate") is None  # today's date would change the bytes


def test_cyjs_is_cytoscape_json_with_the_projection(projection, exported):
    assert exported["cyjs"].endswith(b"}\n")
    body = json.loads(exported["cyjs"])
    assert {k: body[k] for k in ("format_version", "generated_by", "target_cytoscapejs_version")} == {
        "format_version": "1.0", "generated_by": "smkg", "target_cytoscapejs_version": "~3"}
    assert body["data"]["name"] == "smkg"
    nodes, links = body["elements"]["nodes"], body["elements"]["edges"]
    assert len(nodes) == projection.number_of_nodes() and len(links) == projection.number_of_edges()
    ids = [n["data"]["id"] for n in nodes]
    assert ids == sorted(projection.nodes)
    assert all(n["data"]["label"] == projection.nodes[n["data"]["id"]]["label"] for n in nodes)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in links)
    assert Counter((e["data"]["source"], e["data"]["target"], e["data"]["interaction"]) for e in links) == edges(
        projection)
    assert len({e["data"]["id"] for e in links}) == len(links)
    node, prop, values = several_valued(projection)
    assert next(n["data"][prop] for n in nodes if n["data"]["id"] == node) == list(values)
    s1sr = next(n["data"] for n in nodes if n["data"]["id"] == S1SR)
    assert (s1sr["start"], s1sr["end"]) == ("2021-07-27", "2021-08-20")


def test_the_same_store_gives_the_same_bytes(corpus_store, exported):
    assert {fmt: export_network(corpus_store, fmt) for fmt in NETWORK_FORMATS} == exported
    code = ("import hashlib, sys; from graph.networks import export_network, NETWORK_FORMATS; "
            "print(*(hashlib.sha256(export_network(sys.argv[1], f)).hexdigest() for f in NETWORK_FORMATS))")
    runs = [subprocess.run([sys.executable, "-c", code, str(corpus_store)], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout.split() for seed in ("1", "2")]
    assert runs[0] == runs[1] == [hashlib.sha256(exported[f]).hexdigest() for f in NETWORK_FORMATS]


def test_a_hostile_title_round_trips(hostile_store):
    data = {fmt: export_network(hostile_store, fmt) for fmt in NETWORK_FORMATS}
    for back in (nx.read_graphml(io.BytesIO(data["graphml"])), nx.read_gexf(io.BytesIO(data["gexf"]))):
        labelled = [n for n, d in back.nodes(data=True) if d.get("label") == HOSTILE]
        assert len(labelled) == 1 and back.nodes[labelled[0]]["title"] == HOSTILE
    assert b"<script>" not in data["graphml"] and b"<script>" not in data["gexf"]
    body = json.loads(data["cyjs"])
    assert [n["data"]["title"] for n in body["elements"]["nodes"] if "title" in n["data"]] == [HOSTILE]


def test_unknown_format_and_missing_store(corpus_store, tmp_path):
    with pytest.raises(ExportError, match="unknown network format 'pajek'"):
        export_network(corpus_store, "pajek")
    with pytest.raises(ExportError, match="no store"):
        export_network(tmp_path / "nowhere", "graphml")


def test_formats_and_extensions():
    assert NETWORK_FORMATS["cyjs"] == ((".cyjs",), "application/json")
    assert [format_of(p) for p in ("a.graphml", "B.GEXF", "c.cyjs", "d.json", "e")] == [
        "graphml", "gexf", "cyjs", None, None]


@pytest.fixture
def awkward() -> nx.MultiDiGraph:
    """A small projection with what the corpus lacks: separators and backslashes in a value, a whole
    number that has several values elsewhere, a missing value, a control character, dates to the year,
    an unreadable date, and properties named like parts of the formats."""
    g = nx.MultiDiGraph()
    g.add_node("urn:a", label="A\x0cB", altLabel=("x; y", "back\\slash", "z"), count=3, type=None,
               start="2021", end="2021", parent="p", id="i")
    g.add_node("urn:b", label="B", altLabel="one; two", count=(1, 2), start="not a date", end="not a date")
    g.add_node("urn:c", label="C", count=4)
    g.add_edge("urn:a", "urn:b", key="rel", predicate="urn:p#rel", label="rel", sources=("f.txt",))
    g.add_edge("urn:a", "urn:b", key="other", predicate="urn:q#other", label="other", sources=("f.txt", "g.txt"))
    return g


def test_flatten_joins_escapes_and_unifies_types(awkward):
    flat = flatten(awkward)
    a, b, c = (flat.nodes[n] for n in ("urn:a", "urn:b", "urn:c"))
    assert split_values(a["altLabel"]) == ["x; y", "back\\slash", "z"]
    assert a["altLabel"] == "x\\; y; back\\\\slash; z"
    assert split_values(b["altLabel"]) == ["one; two"]  # a list attribute, so escaped where it has one value too
    assert (a["count"], b["count"], c["count"]) == ("3", "1; 2", "4")  # not a whole number everywhere: text
    assert "type" not in a and a["label"] == "A\ufffdB"
    assert flat.graph["list_attributes"] == "altLabel; count; sources"
    assert {d["id"] for _, _, d in flat.edges(data=True)} == {
        edge_id("urn:a", "urn:p#rel", "urn:b"), edge_id("urn:a", "urn:q#other", "urn:b")}


def test_awkward_values_give_well_formed_files(awkward):
    back = nx.read_graphml(io.BytesIO(graphml(awkward)))
    assert back.nodes["urn:a"]["label"] == "A\ufffdB" and back.nodes["urn:c"]["count"] == "4"
    assert sorted(d["key"] for _, _, d in back.edges(data=True)) == ["other", "rel"]
    root = ET.fromstring(gexf(awkward))
    nodes = {n.get("id"): n for n in root.iter(f"{GEXF_NS}node")}
    assert (nodes["urn:a"].get("start"), nodes["urn:a"].get("end")) == ("2021-01-01", "2021-12-31")
    assert nodes["urn:b"].get("start") is None  # not a date: off the timeline, not a broken file
    back = nx.read_gexf(io.BytesIO(gexf(awkward)))
    assert back.nodes["urn:a"]["id_"] == "i" and edges(back) == edges(awkward)
    data = {n["data"]["id"]: n["data"] for n in json.loads(cyjs(awkward))["elements"]["nodes"]}
    assert data["urn:a"]["parent_"] == "p" and data["urn:a"]["id"] == "urn:a" and "parent" not in data["urn:a"]
    assert data["urn:a"]["altLabel"] == ["x; y", "back\\slash", "z"] and data["urn:c"]["count"] == 4
