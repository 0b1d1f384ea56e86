"""The facts tables for spreadsheets: CSV with CSVW metadata that validates,
the CSV-for-Excel variant, and the XLSX workbook; a formula in a fact is
inert in both Excel outputs and unchanged in the RDF."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from csvw import CSVW, Table
from openpyxl import load_workbook
from typer.testing import CliRunner

from graph.build import build
from graph.cli import app
from graph.exports import export_rdf
from graph.queries import run_query
from graph.tables import TABLES, export_tables, neutralise, workbook

runner = CliRunner()
FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """A letter whose title is a spreadsheet formula."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "formula.txt").write_text(
        f"Department for Business, Energy & Industrial Strategy\n\n4 November 2021\n\nDear Colleague,\n\n"
        f"{FORMULA}\n\n1. Between 14 September 2021 and 28 September 2021, DCC consulted on changes to the "
        f"S1SR.\n\nYours faithfully,\n\nJane Doe\n", encoding="utf-8")
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
    assert book.sheetnames == ["README", *TABLES]
    readme = [[c.value for c in row] for row in book["README"].iter_rows()]
    assert [r[0] for r in readme[1:5]] == list(TABLES) and "Open Government Licence" in str(readme)
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
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{n}.csv" for n in TABLES] + [f"{n}.csv-metadata.json" for n in TABLES])
    assert (tmp_path / "sources.csv").read_bytes().startswith(b"\xef\xbb\xbf")
