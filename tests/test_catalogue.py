"""The query catalogue on the bundled letters: every named query runs, with
and without its parameters, and the questions users ask get the right answer.
Also ``smkg query --list``, ``--file``, ``--param`` and ``--format table``."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.queries import load_query, query_names, run_query

ID = "https://w3id.org/smkg/id/"
runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


#: Values for the parameters a query requires, to run every query on the letters.
SAMPLE = {"document": "TMAD", "node": f"{ID}consultation/dcc/s1sr/2021-09-14"}


@pytest.mark.parametrize("name", query_names())
def test_every_query_runs_on_the_letters_with_and_without_its_optional_parameters(name, corpus_store):
    query = load_query(name)
    required = {p.name: SAMPLE[p.name] for p in query.parameters if p.required}
    rows = run_query(name, corpus_store, **required)
    assert rows, f"{name} gives nothing on the sample letters"
    assert all(tuple(row) == query.columns for row in rows)


def test_list_shows_every_query_with_its_question_and_parameters(corpus_store):
    result = invoke("query", "--list")
    assert result.exit_code == 0
    for name in query_names():
        query = load_query(name)
        assert f"{name}: {query.question}" in result.stdout
        for p in query.parameters:
            assert f"--param {p.signature()}" in result.stdout


def test_a_parameter_on_the_command_line(corpus_store):
    result = invoke("query", "sources", "--store", corpus_store, "--param", "source=004_627c9aacc16d3416.txt")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["source"] for r in rows] == ["004_627c9aacc16d3416.txt"]


def test_a_hostile_parameter_is_a_value_not_code(corpus_store):
    result = invoke("query", "sources", "--store", corpus_store, "--param", 'source=x" } } ; DROP ALL ; { "')
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["source,title,date,author,kind"]
    assert len(run_query("sources", corpus_store)) == 2  # nothing dropped


def test_table_format_lines_up(corpus_store):
    result = invoke("query", "sources", "--store", corpus_store, "--format", "table")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["source", "title", "date", "author", "kind"]
    assert set(lines[1]) <= {"-", " "}
    assert len(lines) == 4


def test_one_own_query_from_a_file(corpus_store, tmp_path):
    own = tmp_path / "count.rq"
    own.write_text("SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g\n",
                   encoding="utf-8")
    result = invoke("query", "--file", own, "--store", corpus_store)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == ("g", "triples") and len(rows) >= 4


@pytest.mark.parametrize(("text", "code", "says"), [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 2, "refused unless --allow-remote"),
    ("SELECT * WHERE { ?s ?p }", 2, "invalid SPARQL"),
    ("ASK { ?s ?p ?o }", 2, "only a SELECT"),
], ids=["service", "syntax", "ask"])
def test_own_queries_that_cannot_run_exit_2(corpus_store, tmp_path, text, code, says):
    own = tmp_path / "own.rq"
    own.write_text(text, encoding="utf-8")
    result = invoke("query", "--file", own, "--store", corpus_store)
    assert result.exit_code == code and says in result.stderr, result.output


def test_usage_errors_exit_2(corpus_store):
    assert invoke("query", "--store", corpus_store).exit_code == 2  # neither a name nor a file
    missing = invoke("query", "sources", "--store", corpus_store, "--param", "source")
    assert missing.exit_code == 2 and "NAME=VALUE" in missing.stderr


# --- the questions users ask, answered on the letters -----------------------------------


@pytest.mark.parametrize(("document", "on", "version", "effective"), [
    ("TMAD", "2021-11-05", "17.0", "2021-11-04"),
    ("TMAD", "2021-01-01", "3.0", "2020-03-13"),
    ("S1SR", "2021-11-05", "11.0", "2021-11-04"),
    ("TMAD", "2020-03-12", None, None),
])
def test_the_version_in_force_on_a_day(corpus_store, document, on, version, effective):
    rows = run_query("in-force", corpus_store, document=document, on=on)
    assert [(r["version"], r["effective"]) for r in rows] == ([(version, effective)] if version else [])


def test_the_version_in_force_from_the_command_line(corpus_store):
    result = invoke("query", "in-force", "--store", corpus_store, "--param", "document=TMAD",
                    "--param", "on=2021-11-05", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [(r["version"], r["source"]) for r in json.loads(result.stdout)] == [
        ("17.0", "000_6923a674670ce851.txt")]
    wrong = invoke("query", "in-force", "--store", corpus_store, "--param", "on=5 November 2021")
    assert wrong.exit_code == 2 and "in-force" in wrong.stderr and "document <document>" in wrong.stderr


def test_the_lineage_of_a_version(corpus_store):
    rows = run_query("lineage", corpus_store, document="TMAD", version="17.0")
    assert [(r["consultation"].rsplit("/id/", 1)[1], r["opened"], r["closed"], r["conclusions_date"],
             r["response_date"], r["effective"]) for r in rows] == [
        ("consultation/dcc/svtad+tmad/2021-06-24", "2021-06-24", "2021-07-15", "2021-08-04", "2021-11-04",
         "2021-11-04")]
    assert {rows[0][c] for c in ("consultation_source", "conclusions_source", "response_source",
                                 "decision_source")} == {"000_6923a674670ce851.txt"}


def test_consultations_by_organisation_year_and_subject(corpus_store):
    def keys(**params):
        return sorted(r["consultation"].rsplit("/id/consultation/", 1)[1]
                      for r in run_query("consultations-by", corpus_store, **params))

    assert keys(organisation="BEIS") == ["beis/tmad/2020-02-17", "beis/unspecified/closed-2021-02"]
    assert keys(organisation="DCC", year="2021", subject="S1SR") == [
        "dcc/s1sr/2021-07-27", "dcc/s1sr/2021-09-14", "dcc/s1sr/2021-10-19"]
    assert keys(organisation="DCC", year="2020") == []


def test_responses_and_support(corpus_store):
    rows = run_query("responses", corpus_store, consultation="id:consultation/beis/tmad/2020-02-17")
    assert [(r["responses"], r["respondents"]) for r in rows] == [("3", "DCC: 1; energy supplier: 2")]


def test_everything_touching_a_cohort(corpus_store):
    things = {r["thing"].rsplit("/id/", 1)[1] for r in run_query("touching", corpus_store, cohort="FOC")}
    assert things == {"consultation/dcc/s1sr/2021-07-27", "uplift/2.2"}


def test_open_items(corpus_store):
    rows = run_query("open-items", corpus_store, on="2021-11-05")
    assert [(r["item"].rsplit("/id/", 1)[1], r["kind"]) for r in rows] == [
        ("consultation/beis/unspecified/closed-2021-02", "consultation without conclusions")]


def test_the_evidence_behind_a_node(corpus_store):
    rows = run_query("evidence", corpus_store, node=f"{ID}consultation/dcc/s1sr/2021-09-14")
    closed = [r for r in rows if r["property"].endswith("#closedOn")]
    assert [(r["value"], r["source"], r["paragraph"], r["quote"]) for r in closed] == [
        ("2021-09-28", "000_6923a674670ce851.txt", "4", "28 September 2021")]
