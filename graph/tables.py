"""``smkg export --tables``: the facts tables, one CSV file per named query, each
described by CSVW metadata (``NAME.csv-metadata.json``); and the same tables
as one XLSX workbook.

Spreadsheet safety: a cell that would start with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return is a formula to Excel.  In the CSV-for-Excel variant
(``--excel``: UTF-8 with a BOM) such a cell is prefixed with an apostrophe; in
the workbook every cell is written as text or a date, never a formula.  The
plain CSV and the RDF keep the value as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

from .files import write_atomically
from .queries import load_query, rows_to_csv, run_query

#: The facts tables, in the order they are written.
TABLES: tuple[str, ...] = ("sources", "consultations", "decisions", "mentions")
#: Columns holding a date: ISO, to the day, or to the month or year when only that is known.
DATE_COLUMNS = frozenset({"date", "opened", "closed", "effective", "conclusions_date"})
#: Columns holding a whole number.
INTEGER_COLUMNS = frozenset({"responses"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def neutralise(value: str) -> str:
    """The value made inert for a spreadsheet: an apostrophe before a leading formula character."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def export_tables(store_dir: Path, out_dir: Path, excel: bool = False) -> list[Path]:
    """Write ``out_dir/NAME.csv`` and ``NAME.csv-metadata.json`` for each of :data:`TABLES`; return the paths.

    Every table is computed before any file is written, and each file is
    written to a temporary file in ``out_dir`` then renamed over the target, so
    a failure never leaves a half-written table.  CSV: a header row of the
    query's columns, UTF-8 (with a BOM and neutralised cells when ``excel``),
    ``"\\n"`` line ends."""
    contents: dict[str, str] = {}
    for name in TABLES:
        query = load_query(name)
        rows = run_query(name, store_dir)
        if excel:
            rows = [{k: neutralise(v) for k, v in row.items()} for row in rows]
        text = rows_to_csv(rows, query.columns)
        contents[f"{name}.csv"] = "\ufeff" + text if excel else text
        contents[f"{name}.csv-metadata.json"] = csvw_metadata(name, excel)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_atomically(out_dir / file, text) for file, text in contents.items()]


def csvw_metadata(name: str, excel: bool = False) -> str:
    """CSVW metadata for table ``name``: its question as title, each column named and typed."""
    query = load_query(name)
    columns = []
    for column in query.columns:
        spec: dict = {"name": column, "titles": column}
        if column in DATE_COLUMNS:
            spec["datatype"] = {"base": "string", "format": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
        elif column in INTEGER_COLUMNS:
            spec["datatype"] = "integer"
        else:
            spec["datatype"] = "string"
        if column in query.lists:
            spec["separator"] = "; "
        columns.append(spec)
    body = {
        "@context": "http://www.w3.org/ns/csvw",  # the standard's identifier; processors know it, none fetch it
        "url": f"{name}.csv",
        "dc:title": query.question,
        "dc:source": "smkg, from the source texts in its store; see the sources table",
        "dialect": {"header": True, "encoding": "utf-8-sig" if excel else "utf-8", "lineTerminators": ["\n"]},
        "tableSchema": {"columns": columns},
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def workbook(store_dir: Path) -> bytes:
    """The facts tables as one XLSX workbook: a README sheet, then a sheet per table
    with a frozen header row, dates as dates and every other cell as text."""
    from openpyxl import Workbook

    book = Workbook()
    about = book.active
    about.title = "README"
    about.append(["table", "question", "columns"])
    for name in TABLES:
        query = load_query(name)
        about.append([name, query.question, ", ".join(query.columns)])
    about.append([])
    about.append(["source", "Built by smkg from the source texts in its store (see the sources table); the sample "
                            "letters are Crown copyright, under the Open Government Licence v3.0."])
    about.freeze_panes = "A2"
    for name in TABLES:
        query = load_query(name)
        sheet = book.create_sheet(name)
        sheet.append(list(query.columns))
        for r, row in enumerate(run_query(name, store_dir), start=2):
            for c, column in enumerate(query.columns, start=1):
                _put(sheet.cell(row=r, column=c), column, row[column])
        sheet.freeze_panes = "A2"
    book.properties.created = book.properties.modified = dt.datetime(2000, 1, 1)  # no clock time in the output
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(cell, column: str, value: str) -> None:
    if column in DATE_COLUMNS and _DAY.fullmatch(value):
        cell.value = dt.date.fromisoformat(value)
        cell.number_format = "yyyy-mm-dd"
    elif column in INTEGER_COLUMNS and value.isdigit():
        cell.value = int(value)
    else:
        cell.value = value
        cell.data_type = "s"  # text, even when it looks like a formula


__all__ = ["TABLES", "csvw_metadata", "export_tables", "neutralise", "workbook"]
