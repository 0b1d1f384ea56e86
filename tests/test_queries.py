"""The named queries (queries/*.rq), their runner, `smkg query` and `smkg export --tables`."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from graph import iris
from graph.parameters import TYPES
from graph.queries import (
    NamedQuery,
    QueryError,
    load_query,
    parse_query,
    query_names,
    rows_to_csv,
    run_query,
)
from graph.reference import reference_graph
from graph.resources import queries_dir
from graph.store import Store
from graph.tables import TABLES, export_tables

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tables" / "store.trig"
ID = "https://w3id.org/smkg/id/"

COLUMNS = {
    "sources": ("source", "title", "date", "author", "kind"),
    "consultations": ("source", "consultation", "title", "run_by", "opened", "closed", "subjects", "responses",
                      "conclusions_date", "conclusions_to"),
    "decisions": ("source", "decision", "kind", "by", "date", "effective", "document", "version"),
    "mentions": ("source", "kind", "name"),
}

HEADER = re.compile(
    r"\A# Question: \S.*\n"
    r"# Parameters:(?: none\n|\n(?:#   \?[A-Za-z_]\w* <[a-z]+(?:\?| = [^>]+)?>  \S.*\n)+)"
    r"# Columns: \w+(?:, \w+)*\n"
    r"# Lists: (?:none|\w+(?:, \w+)*)\n"
)


def _rows(name: str, *lines: tuple[str, ...]) -> list[dict[str, str]]:
    return [dict(zip(COLUMNS[name], line, strict=True)) for line in lines]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The fixture TriG with the real reference data, in a store as `smkg build` leaves it."""
    directory = tmp_path_factory.mktemp("tables-store")
    st = Store(directory)
    try:
        st.replace_graph(str(iris.REFERENCE_GRAPH), reference_graph())
        st.db.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
        st.write_snapshot()
    finally:
        st.close()
    return directory


# --- the query files --------------------------------------------------------------


def test_the_four_tables_are_shipped():
    assert set(TABLES) == set(COLUMNS) <= set(query_names())
    assert not (queries_dir() / ".gitkeep").exists()


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_contract_columns(name):
    assert load_query(name).columns == COLUMNS[name]


@pytest.mark.parametrize("name", query_names())
def test_query_file_opens_with_the_header(name):
    text = (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
    assert HEADER.match(text), f"{name}.rq does not open with the fixed header"
    query = load_query(name)
    assert isinstance(query, NamedQuery) and query.name == name and query.text == text
    assert query.question.endswith("?")


@pytest.mark.parametrize("name", query_names())
def test_columns_are_the_select_projection(name):
    query = load_query(name)
    result = ox.Store().query(query.text)
    assert isinstance(result, ox.QuerySolutions)
    assert tuple(v.value for v in result.variables) == query.columns


@pytest.mark.parametrize("name", query_names())
def test_parameters_are_variables_the_query_uses_and_does_not_compute(name):
    query = load_query(name)
    for parameter in query.parameters:
        assert parameter.description and parameter.type in TYPES
        assert not re.search(rf"\bAS\s+\?{parameter.name}\b", query.text, re.IGNORECASE), \
            f"?{parameter.name} is computed by the query, so it cannot be substituted"
        assert re.search(rf"\?{parameter.name}\b", _code(query.text))
    for list_column in query.lists:
        assert list_column in query.columns


@pytest.mark.parametrize("name", query_names())
def test_query_is_self_contained_and_ordered(name):
    code = _code(load_query(name).text)
    assert not re.search(r"\b(SERVICE|LOAD)\b", code, re.IGNORECASE)
    assert re.search(r"\bORDER\s+BY\b", code, re.IGNORECASE)
    assert re.search(r"\bGRAPH\b", code)


def _code(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def test_header_errors_are_clear():
    with pytest.raises(QueryError, match="Question, Parameters, Columns, Lists"):
        parse_query("bad", "# Question: What?\n# Columns: a\nSELECT ?a WHERE {}\n")
    with pytest.raises(QueryError, match="in that order"):
        parse_query("bad", "# Question: What?\n# Columns: a\n# Parameters: none\n# Lists: none\nSELECT ?a {}\n")
    with pytest.raises(QueryError, match="not one of its Columns"):
        parse_query("bad", "# Question: What?\n# Parameters: none\n# Columns: a\n# Lists: b\nSELECT ?a WHERE {}\n")


def test_unknown_query_names_the_known_ones():
    with pytest.raises(QueryError) as err:
        load_query("nope")
    assert "nope" in str(err.value)
    for name in COLUMNS:
        assert name in str(err.value)


# --- the tables on the fixture ------------------------------------------------------


def test_sources(store):
    assert run_query("sources", store) == _rows(
        "sources",
        ("a.txt", "Re-designation of the TMAD and the S1SR", "2021-11-04", "BEIS", "direction; government response"),
        ("b.txt", "SMETS1 notice", "2021-02", "", ""),
    )


def test_consultations(store):
    consultation = ID + "consultation/dcc/s1sr/2021-07-27"
    assert run_query("consultations", store) == _rows(
        "consultations",
        ("a.txt", consultation, "Consultation on changes to the S1SR and the TMAD", "DCC", "2021-07-27", "2021-08-20",
         "S1SR; TMAD", "3", "2021-09-14", "Secretary of State"),
        ("b.txt", ID + "consultation/beis/tmad/2020-01-10", "", "", "", "", "", "", "2020-03-13", ""),
        ("b.txt", consultation, "", "DCC", "2021-07", "", "S1SR", "", "", ""),
    )


def test_decisions(store):
    redesignation = ID + "decision/redesignation/tmad-s1sr/2021-11-04"
    assert run_query("decisions", store) == _rows(
        "decisions",
        ("a.txt", redesignation, "designation", "Secretary of State", "2021-11-04", "2021-11-05", "S1SR", "11.0"),
        ("a.txt", redesignation, "designation", "Secretary of State", "2021-11-04", "2021-11-05", "TMAD", "17.0"),
        ("b.txt", ID + "decision/approval/2021-04-01", "approval", "Ofgem", "", "", "", ""),
        ("b.txt", ID + "decision/direction/tmad/2020-03", "direction", "Secretary of State", "2020-03", "",
         "SEC Section X5", ""),
        ("b.txt", ID + "decision/other/2021-05-01", "other", "Jane Doe", "2021-05-01", "", "", ""),
        ("b.txt", ID + "decision/rejection/svtad/2021-03-01", "rejection", "Ofgem", "2021-03-01", "", "SVTAD", "2.0"),
    )


def test_mentions(store):
    assert run_query("mentions", store) == _rows(
        "mentions",
        ("a.txt", "cohort", "FOC"),
        ("a.txt", "device", "ESME"),
        ("a.txt", "document", "Electricity Act 1989"),
        ("a.txt", "document", "TMAD"),
        ("a.txt", "organisation", "Ofgem"),
        ("a.txt", "organisation", "SEC Panel"),
        ("a.txt", "person", "Duncan Stone"),
        ("a.txt", "uplift", "Uplift 2.2"),
        ("b.txt", "organisation", "Ofgem"),
        ("b.txt", "person", "Jane Doe"),
    )


def test_a_parameter_limits_a_table(store):
    rows = run_query("mentions", store, source="b.txt")
    assert rows == _rows("mentions", ("b.txt", "organisation", "Ofgem"), ("b.txt", "person", "Jane Doe"))
    assert run_query("decisions", store, source="none.txt") == []
    with pytest.raises(QueryError, match="no parameter"):
        run_query("mentions", store, author="BEIS")


def test_rows_are_strings_in_column_order(store):
    for name in TABLES:
        for row in run_query(name, store):
            assert tuple(row) == COLUMNS[name]
            assert all(isinstance(v, str) for v in row.values())


def test_missing_store_is_a_query_error(tmp_path):
    with pytest.raises(QueryError, match="no store"):
        run_query("sources", tmp_path / "nowhere")
    with pytest.raises(QueryError, match="no store"):
        run_query("sources", tmp_path)  # a folder, but never built


def test_querying_does_not_lock_the_store(store):
    run_query("sources", store)
    st = Store(store)  # a later build can still open it read-write
    st.close()
    assert len(run_query("sources", store)) == 2


def test_rows_to_csv_quotes_and_line_ends():
    text = rows_to_csv([{"a": 'x, "y"', "b": ""}, {"a": "é", "b": "1"}], ["a", "b"])
    assert text == 'a,b\n"x, ""y""",\né,1\n'


# --- export ---------------------------------------------------------------------


def test_export_tables(store, tmp_path):
    out = tmp_path / "tables"
    paths = export_tables(store, out)
    expected = [f for n in TABLES for f in (f"{n}.csv", f"{n}.csv-metadata.json")]
    assert [p.name for p in paths] == expected
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    for name in TABLES:
        raw = (out / f"{name}.csv").read_bytes()
        assert b"\r" not in raw
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
        assert tuple(rows[0]) == COLUMNS[name]
        assert [dict(zip(rows[0], r)) for r in rows[1:]] == run_query(name, store)


def test_a_failed_export_leaves_no_file(store, tmp_path, monkeypatch):
    import graph.tables

    def broken(name, store_dir, **params):
        if name == "mentions":
            raise QueryError("boom")
        return run_query(name, store_dir, **params)

    monkeypatch.setattr(graph.tables, "run_query", broken)
    with pytest.raises(QueryError):
        export_tables(store, tmp_path / "t")
    assert not (tmp_path / "t").exists() or not list((tmp_path / "t").iterdir())


# --- the command line --------------------------------------------------------------


@pytest.fixture
def cli():
    from graph.cli import app

    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_cli_query_csv(cli, store):
    result = cli("query", "sources", "--store", store, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == COLUMNS["sources"]
    assert rows == run_query("sources", store)


def test_cli_query_tsv_and_json(cli, store):
    tsv = cli("query", "mentions", "--store", store, "--format", "tsv")
    assert tsv.exit_code == 0 and tsv.stdout.splitlines()[0] == "source\tkind\tname"
    js = cli("query", "decisions", "--store", store, "--format", "json")
    assert js.exit_code == 0 and json.loads(js.stdout) == run_query("decisions", store)


def test_cli_query_errors(cli, store, tmp_path):
    unknown = cli("query", "nope", "--store", store)
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("error: ") and len(unknown.stderr.strip().splitlines()) == 1
    assert all(name in unknown.stderr for name in COLUMNS)
    missing = cli("query", "sources", "--store", tmp_path / "nowhere")
    assert missing.exit_code == 2 and missing.stderr.startswith("error: ")
    bad_format = cli("query", "sources", "--store", store, "--format", "xml")
    assert bad_format.exit_code == 2 and "xml" in bad_format.stderr


def test_cli_export_tables(cli, store, tmp_path):
    out = tmp_path / "tables"
    first = cli("export", "--tables", out, "--store", store)
    assert first.exit_code == 0, first.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f for n in TABLES for f in (f"{n}.csv", f"{n}.csv-metadata.json"))  # no temporary files
    before = {n: (out / n).read_bytes() for n in names}
    again = cli("export", "--tables", out, "--store", store)
    assert again.exit_code == 0
    assert {n: (out / n).read_bytes() for n in sorted(p.name for p in out.iterdir())} == before


def test_cli_export_errors(cli, tmp_path):
    assert cli("export", "--tables", tmp_path / "t", "--store", tmp_path / "nowhere").exit_code == 2
    assert not (tmp_path / "t").exists()
    nothing = cli("export", "--store", tmp_path)
    assert nothing.exit_code == 2 and "--tables" in nothing.stderr


# --- end to end ------------------------------------------------------------------


def test_sources_of_the_bundled_corpus(tmp_path):
    from graph.build import build

    build(None, tmp_path)
    rows = run_query("sources", tmp_path)
    assert [(r["source"], r["date"], r["author"]) for r in rows] == [
        ("000_6923a674670ce851.txt", "2021-11-04", "BEIS"),
        ("004_627c9aacc16d3416.txt", "2020-03-13", "BEIS"),
    ]
    assert all(r["title"] for r in rows)
