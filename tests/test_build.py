"""smkg build on the bundled letters: the dataset parses, is deterministic,
and carries the letter-level facts of the gold file with their evidence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import gold_letters, validate_store
from rdflib import Dataset, Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from graph import iris
from graph.build import build
from graph.cli import app
from graph.namespace import DCTERMS, ELI, FOAF, OA, RDF, SMKG, XSD
from graph.reference import load_gazetteer
from graph.resources import corpus_dir

ORG_KEYS = {"SoS": "Secretary of State", "SEC_Panel": "SEC Panel", "SEC_Parties": "SEC Parties",
            "other interested parties": "other interested parties"}


@pytest.fixture
def store(corpus_store) -> Path:
    return corpus_store


@pytest.fixture
def dataset(corpus_dataset) -> Dataset:
    return corpus_dataset


def _gold_letters() -> list[dict]:
    return gold_letters()


def _text_node(ds: Dataset, file_name: str) -> URIRef:
    g = ds.graph(iris.source_graph(file_name))
    files = list(g.subjects(SMKG.fileName, Literal(file_name)))
    assert files, f"no source file node for {file_name}"
    return next(g.subjects(ELI.is_embodied_by, files[0]))


def test_snapshot_parses_in_rdflib_and_oxigraph(store, dataset):
    ox_store = ox.Store()
    ox_store.load(path=str(store / "graph.trig"), format=ox.RdfFormat.TRIG)
    assert len(ox_store) == sum(len(g) for g in dataset.graphs())
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {str(iris.source_graph(p.name)) for p in corpus_dir().glob("*.txt")} <= names
    assert str(iris.ONTOLOGY_GRAPH) in names and str(iris.REFERENCE_GRAPH) in names


def test_build_is_byte_identical(store, tmp_path):
    build(None, tmp_path)
    assert (tmp_path / "graph.trig").read_bytes() == (store / "graph.trig").read_bytes()


def test_no_blank_nodes_in_source_graphs(dataset):
    for g in dataset.graphs():
        if "/graph/source/" in str(g.identifier):
            assert not [t for t in g if any(x.__class__.__name__ == "BNode" for x in t)]


@pytest.mark.parametrize("index", [0, 1])
def test_letter_facts_match_gold(dataset, index):
    letter = _gold_letters()[index]
    g = dataset.graph(iris.source_graph(letter["file"]))
    text = _text_node(dataset, letter["file"])
    gaz = load_gazetteer()
    assert g.value(text, ELI.date_document) == Literal(str(letter["date"]), datatype=XSD.date)
    assert g.value(text, SMKG.author) == URIRef(gaz.lookup(letter["author"]).iri)
    title = " ".join(str(g.value(text, DCTERMS.title)).split())
    gold_title = letter["title"]
    assert title.lower().replace("enegy", "energy").replace("’", "'") == gold_title.lower() or \
        title.lower().replace("’", "'") == gold_title.lower()
    addressees = {URIRef(gaz.lookup(ORG_KEYS.get(k, k)).iri) for k in letter["addressees"]}
    assert set(g.objects(text, SMKG.addressee)) == addressees
    kinds = {gaz.lookup(k, {"text-kind"}).iri for k in letter["kinds"]}
    assert {str(k) for k in g.objects(text, SMKG.textKind)} == kinds
    person = g.value(text, SMKG.signatory)
    assert str(g.value(person, FOAF.name)) == letter["signatory"]["name"]
    assert str(g.value(g.value(person, SMKG.holdsPost), SMKG.postTitle)) == letter["signatory"]["role"]
    assert str(g.value(person, SMKG.actsOnBehalfOf)) == gaz.lookup("Secretary of State").iri
    labels = {str(g.value(a, SMKG.annexLabel)) for a in g.objects(text, SMKG.hasAnnex)}
    gold_annexes = set()
    for d in letter["designations"]:
        gold_annexes |= set(d.get("annexes", {}))
    assert labels == gold_annexes


def test_every_fact_has_evidence_quoting_the_text(dataset):
    for path in sorted(corpus_dir().glob("*.txt")):
        g = dataset.graph(iris.source_graph(path.name))
        raw = path.read_text(encoding="utf-8")
        evidence = list(g.subjects(RDF.type, SMKG.Evidence))
        assert evidence
        for e in evidence:
            s, p, o = g.value(e, RDF.subject), g.value(e, RDF.predicate), g.value(e, RDF.object)
            assert (s, p, o) in g, f"evidence {e} describes a triple not in the graph"
            sels = list(g.objects(e, OA.hasSelector))
            quote = next(str(g.value(x, OA.exact)) for x in sels if (x, RDF.type, OA.TextQuoteSelector) in g)
            pos = next(x for x in sels if (x, RDF.type, OA.TextPositionSelector) in g)
            start, end = int(g.value(pos, OA.start)), int(g.value(pos, OA.end))
            assert raw[start:end] == quote


def test_rebuilding_a_changed_letter_replaces_only_its_graph(store, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir(), corpus)
    out = tmp_path / "store"
    build([corpus], out)
    before = Dataset()
    before.parse(out / "graph.trig", format="trig")
    letters = sorted(corpus.glob("*.txt"))
    changed, other = letters[0], letters[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Dear Colleague", "Dear Colleagues"),
                       encoding="utf-8")
    build([changed], out)
    after = Dataset()
    after.parse(out / "graph.trig", format="trig")
    gid = iris.source_graph(other.name)
    assert isomorphic(before.graph(gid), after.graph(gid))
    cid = iris.source_graph(changed.name)
    assert not isomorphic(before.graph(cid), after.graph(cid))


def test_identical_content_under_two_names_is_recorded_once(tmp_path):
    src = sorted(corpus_dir().glob("*.txt"))[0]
    (tmp_path / "in").mkdir()
    shutil.copy(src, tmp_path / "in" / "a.txt")
    shutil.copy(src, tmp_path / "in" / "b.txt")
    summary = build([tmp_path / "in"], tmp_path / "out")
    assert summary.texts == 2 and len(summary.duplicates) == 1
    shutil.copy(src, tmp_path / "c.txt")  # a later build, same bytes under a third name
    again = build([tmp_path / "c.txt"], tmp_path / "out")
    assert len(again.duplicates) == 1 and "c.txt" in again.duplicates[0]
    ds = Dataset()
    ds.parse(tmp_path / "out" / "graph.trig", format="trig")
    assert len(ds.graph(iris.source_graph("c.txt"))) == 0


def test_cli_build_prints_summary_and_bad_input_exits_2(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["build", "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "texts read: 2" in result.output and "triples in store:" in result.output
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["build", str(bad), "--store", str(tmp_path / "s2")])
    assert result.exit_code == 2
    assert "bad.txt" in result.output
    result = runner.invoke(app, ["build", str(tmp_path / "missing.txt"), "--store", str(tmp_path / "s3")])
    assert result.exit_code == 2 and "missing.txt" in result.output


def test_one_bad_letter_does_not_spoil_the_others(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(corpus_dir(), folder)
    (folder / "zz_empty.txt").write_bytes(b"   ")
    summary = build([folder], tmp_path / "out")
    assert summary.texts == 2 and len(summary.errors) == 1 and "zz_empty.txt" in summary.errors[0]


def test_a_fault_in_reading_one_text_is_named_and_the_others_are_built(tmp_path, monkeypatch):
    import graph.build as build_module

    real = build_module.read_text

    def fails_on_2020(doc):
        if doc.file_name.startswith("004_"):
            raise ValueError("boom")
        return real(doc)

    monkeypatch.setattr(build_module, "read_text", fails_on_2020)
    summary = build(None, tmp_path / "out")
    assert summary.errors == ["004_627c9aacc16d3416.txt: facts could not be read (ValueError: boom)"]
    ds = Dataset()
    ds.parse(tmp_path / "out" / "graph.trig", format="trig")
    assert len(ds.graph(iris.source_graph("000_6923a674670ce851.txt"))) > 100
    assert len(ds.graph(iris.source_graph("004_627c9aacc16d3416.txt"))) == 0


def test_built_graph_conforms_but_for_the_letters_own_inconsistency(store):
    """Each letter checked on its own: the 2021 letter dates the conclusions on
    its paragraph 4 consultation before it closed; nothing else is wrong."""
    conforms, report = validate_store(store)
    assert not conforms
    findings = [line for line in report.splitlines() if line.startswith(("Violation:", "Warning:"))]
    assert findings == ["Violation: ConclusionsAfterClosing: The conclusions are dated before the consultation "
                        "they conclude had closed."], report


def test_a_date_no_fact_uses_is_reported_not_dropped(tmp_path):
    text = tmp_path / "note.txt"
    text.write_text("Dear Colleague,\n\n1. The weather was fine on 3 May 2022, and again on 9 May 2022.\n\n"
                    "2. Nothing else happened.\n", encoding="utf-8")
    summary = build([text], tmp_path / "store")
    assert [line for line in summary.lines() if line.startswith("not placed:")] == [
        "not placed: note.txt: 1: date '3 May 2022' not placed",
        "not placed: note.txt: 1: date '9 May 2022' not placed"]
    ds = Dataset()
    ds.parse(tmp_path / "store" / "graph.trig", format="trig")
    g = ds.graph(iris.source_graph("note.txt"))
    assert set(g.objects(None, SMKG.unplacedDate)) == {Literal("3 May 2022"), Literal("9 May 2022")}


def test_cli_build_of_a_folder_with_no_source_text_exits_2(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not a source text", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(empty), "--store", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no source text" in result.stderr and "empty" in result.stderr
