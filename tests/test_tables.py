"""The facts tables for spreadsheets: CSV with CSVW metadata that validates,
the CSV-for-Excel variant, and the XLSX workbook; a formula in a fact is
inert in both Excel outputs and unchanged in the RDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time

import pytest
from conftest import letter_with
from csvw import CSVW, Table
from openpyxl import load_workbook
from typer.testing import CliRunner

from graph.build import build
from graph.cli import app
from graph.exports import export_rdf
from graph.queries import run_query
from graph.tables import TABLES, all_tables, class_tables, export_tables, neutralise, workbook
from graph.visualise import to_networkx

runner = CliRunner()
FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """A letter whose title is a spreadsheet formula."""
    folder = tmp_path_factory.mktemp("hostile")
    letter_with(folder, FORMULA, "formula.txt")
    store = folder / "store"
    build([folder / "formula.txt"], store, validate=False)
    assert any(row["title"] == FORMULA for row in run_query("sources", store)), run_query("sources", store)
    return store


def test_csvw_metadata_validates_and_types_the_columns(corpus_store, tmp_path):
    export_tables(corpus_store, tmp_path)
    for name in TABLES:
        assert CSVW(str(tmp_path / f"{name}.csv-metadata.json")).is_valid, name
    rows = list(Table.from_file(tmp_path / "consultations.csv-metadata.json").iterdicts())
    s1sr = next(r for r in rows if r["consultation"].endswith("dcc/s1sr/2021-09-14"))
    assert s1sr["responses"] == 3 and s1sr["subjects"] == ["S1SR"] and s1sr["closed"] == "2021-09-28"


def test_a_table_per_main_class_lists_each_thing_with_its_facts_and_links(corpus_store, tmp_path):
    graph = to_networkx(corpus_store)
    tables = {t.name: t for t in class_tables(corpus_store)}
    for table in tables.values():  # one row per thing of the class, every thing in one table
        assert len(table.rows) == len({r["id"] for r in table.rows})
    assert sum(len(t.rows) for t in tables.values()) == graph.number_of_nodes()
    export_tables(corpus_store, tmp_path)
    for name in tables:
        assert CSVW(str(tmp_path / f"{name}.csv-metadata.json")).is_valid, name
    rows = list(Table.from_file(tmp_path / "Consultation.csv-metadata.json").iterdicts())
    s1sr = next(r for r in rows if r["id"].unsplit().endswith("dcc/s1sr/2021-07-27"))
    assert (s1sr["openedOn"], s1sr["closedOn"], s1sr["responseCount"]) == ("2021-07-27", "2021-08-20", 3)
    assert s1sr["runBy"] == ["DCC"] and s1sr["subjectDocument"] == ["S1SR"]
    versions = list(Table.from_file(tmp_path / "DocumentVersion.csv-metadata.json").iterdicts())
    assert {(r["label"], tuple(r["isVersionOf"])) for r in versions} >= {("TMAD v17.0", ("TMAD",))}


def test_the_workbook_is_the_same_bytes_at_another_time(corpus_store):
    first = workbook(corpus_store)
    time.sleep(2.1)  # zip entries carry the time to two seconds; openpyxl stamps the second of saving
    assert workbook(corpus_store) == first


def test_csvw_metadata_catches_a_table_edited_out_of_shape(corpus_store, tmp_path):
    export_tables(corpus_store, tmp_path)
    table = tmp_path / "consultations.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("2021-09-28", "28 Sept"), encoding="utf-8")
    assert not CSVW(str(tmp_path / "consultations.csv-metadata.json")).is_valid


def test_a_formula_is_inert_in_csv_for_excel_and_kept_in_plain_csv(hostile_store, tmp_path):
    export_tables(hostile_store, tmp_path / "plain")
    export_tables(hostile_store, tmp_path / "excel", excel=True)
    plain = list(csv.DictReader(io.StringIO((tmp_path / "plain" / "sources.csv").read_text(encoding="utf-8"))))
    raw = (tmp_path / "excel" / "sources.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    excel = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["title"] for r in plain] == [FORMULA]
    assert [r["title"] for r in excel] == ["'" + FORMULA]
    assert CSVW(str(tmp_path / "excel" / "sources.csv-metadata.json")).is_valid


def test_a_formula_is_text_in_the_workbook_and_unchanged_in_turtle(hostile_store, tmp_path):
    path = tmp_path / "facts.xlsx"
    path.write_bytes(workbook(hostile_store))
    sheet = load_workbook(path)["sources"]
    cell = sheet["B2"]
    assert (cell.value, cell.data_type) == (FORMULA, "s")
    assert FORMULA.replace('"', '\\"').encode() in export_rdf(hostile_store, "turtle")


@pytest.mark.parametrize(("value", "inert"), [
    ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("TMAD", "TMAD"), ("", ""),
])
def test_neutralise(value, inert):
    assert neutralise(value) == inert


def test_the_workbook_has_a_readme_frozen_headers_and_real_dates(corpus_store, tmp_path):
    result = runner.invoke(app, ["export", "--store", str(corpus_store), "-o", str(tmp_path / "facts.xlsx")])
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "facts.xlsx")
    names = [t.name for t in all_tables(corpus_store)]
    assert book.sheetnames == ["README", *names] and names[:len(TABLES)] == list(TABLES)
    readme = [[c.value for c in row] for row in book["README"].iter_rows()]
    assert [r[0] for r in readme[1:1 + len(names)]] == names and "Open Government Licence" in str(readme)
    sources = book["sources"]
    assert sources.freeze_panes == "A2"
    assert [c.value for c in sources[1]] == ["source", "title", "date", "author", "kind"]
    assert {sources.cell(row=r, column=3).value for r in (2, 3)} == {dt.datetime(2021, 11, 4), dt.datetime(2020, 3, 13)}
    consultations = book["consultations"]
    header = [c.value for c in consultations[1]]
    closed = [row[header.index("closed")] for row in consultations.iter_rows(min_row=2, values_only=True)]
    assert dt.datetime(2021, 9, 28) in closed and "2021-02" in closed  # a month stays text


def test_cli_tables_for_excel(corpus_store, tmp_path):
    result = runner.invoke(app, ["export", "--store", str(corpus_store), "--tables", str(tmp_path), "--excel"])
    assert result.exit_code == 0, result.output
    names = [t.name for t in all_tables(corpus_store)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{n}.csv" for n in names] + [f"{n}.csv-metadata.json" for n in names])
    assert (tmp_path / "sources.csv").read_bytes().startswith(b"\xef\xbb\xbf")
