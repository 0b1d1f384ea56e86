"""RDF exports, each read back: quad formats (N-Quads, TriG) give back the
dataset graph by graph, triple formats the union of its graphs; the same
store gives the same bytes; JSON-LD names no remote context; a failed export
leaves the previous file as it was."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from graph import exports
from graph.cli import app
from graph.exports import FORMATS, canonical_graphs, export_rdf

RDFLIB = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld",
          "rdfxml": "xml"}
OXIGRAPH = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}
runner = CliRunner()
#: The formats that write the whole store (the ELI view is a view, tested on its own).
WHOLE = [f for f in FORMATS if f != "eli"]


@pytest.fixture(scope="module")
def graphs(corpus_store):
    return canonical_graphs(corpus_store)


@pytest.fixture(scope="module")
def union(graphs):
    g = Graph()
    for part in graphs.values():
        g += part
    return g


@pytest.mark.parametrize("fmt", WHOLE)
def test_each_export_reads_back_in_rdflib_as_the_store(corpus_store, graphs, union, fmt):
    data = export_rdf(corpus_store, fmt)
    if FORMATS[fmt][2]:
        back = Dataset()
        back.parse(data=data.decode("utf-8"), format=RDFLIB[fmt])
        named = {str(g.identifier): g for g in back.graphs() if len(g)}
        assert set(named) == set(graphs)
        for name, g in graphs.items():
            assert isomorphic(named[name], g), name
    else:
        back = Graph().parse(data=data.decode("utf-8"), format=RDFLIB[fmt])
        assert isomorphic(back, union)


@pytest.mark.parametrize("fmt", WHOLE)
def test_each_export_reads_back_in_pyoxigraph_with_the_same_count(corpus_store, graphs, union, fmt):
    quads = list(ox.parse(export_rdf(corpus_store, fmt), format=OXIGRAPH[fmt]))
    if FORMATS[fmt][2]:
        assert {q.graph_name.value for q in quads} == set(graphs)
        assert len(quads) == sum(len(g) for g in graphs.values())
    else:
        assert len(quads) == len(union)


def test_the_same_store_gives_the_same_bytes_in_another_process(corpus_store):
    code = ("import hashlib, sys; from graph.exports import export_rdf, FORMATS; "
            "print(*(hashlib.sha256(export_rdf(sys.argv[1], f)).hexdigest() for f in FORMATS))")
    runs = [subprocess.run([sys.executable, "-c", code, str(corpus_store)], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout for seed in ("1", "2")]
    assert runs[0] == runs[1] and len(runs[0].split()) == len(FORMATS)


def test_jsonld_is_compacted_with_the_shipped_context_inline(corpus_store):
    body = json.loads(export_rdf(corpus_store, "jsonld"))
    assert body["@context"] == exports.context()
    assert isinstance(body["@context"], dict)  # no remote context to fetch
    assert body["@context"]["smkg"] == "https://w3id.org/smkg/def#"
    consultation = next(n for n in body["@graph"]
                        if n.get("@id") == "https://w3id.org/smkg/id/consultation/dcc/s1sr/2021-09-14")
    assert "smkg:openedOn" in consultation and "smkg:closedOn" in consultation  # compacted with our prefixes


def test_cli_guesses_the_format_from_the_extension_and_writes_whole(corpus_store, tmp_path):
    target = tmp_path / "graph.trig"
    result = runner.invoke(app, ["export", "--store", str(corpus_store), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == export_rdf(corpus_store, "trig")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.trig"]


def test_cli_writes_to_stdout(corpus_store):
    result = runner.invoke(app, ["export", "--store", str(corpus_store), "--format", "ntriples", "-o", "-"])
    assert result.exit_code == 0
    assert len(Graph().parse(io.StringIO(result.stdout), format="nt")) > 1000


@pytest.mark.parametrize(("args", "says"), [
    (["-o", "graph.zzz"], "cannot tell the format"),
    (["--format", "n3"], "unknown format"),
    ([], "say what to export"),
], ids=["extension", "format", "nothing"])
def test_cli_usage_errors_exit_2(corpus_store, tmp_path, args, says):
    result = runner.invoke(app, ["export", "--store", str(corpus_store), *[a if not a.endswith(".zzz") else
                                                                           str(tmp_path / a) for a in args]])
    assert result.exit_code == 2 and says in result.stderr


def test_a_failed_export_keeps_the_previous_file(corpus_store, tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_text("previous", encoding="utf-8")

    def fails(*_args, **_kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr("graph.files.os.replace", fails)
    result = runner.invoke(app, ["export", "--store", str(corpus_store), "-o", str(target)])
    assert result.exit_code == 2 and "No space left" in result.stderr
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_the_eli_view_uses_no_term_of_ours(corpus_store):
    from rdflib.namespace import RDF

    from graph.exports import eli_view
    from graph.namespace import ELI, ELIDL, SMKG

    g = eli_view(corpus_store)
    terms = set(g.predicates()) | set(g.objects(None, RDF.type))
    assert terms and not any(str(t).startswith(str(SMKG._NS)) for t in terms), sorted(terms)
    version = URIRef("https://w3id.org/smkg/id/version/tmad/17.0")
    assert (version, RDF.type, ELI.LegalExpression) in g
    assert (version, ELI.realizes, URIRef("https://w3id.org/smkg/id/document/tmad")) in g
    assert str(g.value(version, ELI.first_date_entry_in_force)) == "2021-11-04"
    decision = URIRef("https://w3id.org/smkg/id/decision/designation/tmad/17.0")
    assert (decision, RDF.type, ELIDL.Decision) in g
    consultation = URIRef("https://w3id.org/smkg/id/consultation/dcc/svtad+tmad/2021-06-24")
    assert (decision, ELIDL.forms_part_of, consultation) in g
    assert set(g.subjects(RDF.type, ELI.Work)), "the texts are works"
    assert export_rdf(corpus_store, "eli") == export_rdf(corpus_store, "eli")
