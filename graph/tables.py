"""``smkg export --tables``: the facts tables (one CSV file per named query) and a
table per main class (``Consultation.csv``, ``DocumentVersion.csv``...), each
described by CSVW metadata (``NAME.csv-metadata.json``); and the same tables
as one XLSX workbook.

A class table has a row per thing of that class in the projection of
:func:`graph.visualise.to_networkx`, and its columns are: ``id`` (the IRI),
``label``, ``type`` (the most specific class), ``start`` and ``end``, then each
literal property the things have, then each link to another thing (its label),
then ``sources`` (the texts that mention it).  Several values share a cell,
sorted and joined with ``"; "``.

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
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .files import write_atomically
from .queries import load_query, rows_to_csv, run_query
from .visualise import KINDS, to_networkx

#: The facts tables, in the order they are written.
TABLES: tuple[str, ...] = ("sources", "consultations", "decisions", "mentions")
#: Columns of the facts tables holding a date: ISO, to the day, or to the month or year when only that is known.
DATE_COLUMNS = frozenset({"date", "opened", "closed", "effective", "conclusions_date"})
#: Columns of the facts tables holding a whole number.
INTEGER_COLUMNS = frozenset({"responses"})
_DATE_TYPES = frozenset({"date", "gYearMonth", "gYear"})
_WHOLE_TYPES = frozenset({"integer", "nonNegativeInteger", "positiveInteger", "int"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEPARATOR = "; "
_SOURCE_NOTE = ("Built by smkg from the source texts in its store (see the sources table); the sample "
                "letters are Crown copyright, under the Open Government Licence v3.0.")


@dataclass(frozen=True)
class Table:
    """One table: its name (the file and sheet name), what it answers, its columns and rows (text cells)."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    dates: frozenset[str] = frozenset()
    integers: frozenset[str] = frozenset()
    lists: frozenset[str] = frozenset()


def neutralise(value: str) -> str:
    """The value made inert for a spreadsheet: an apostrophe before a leading formula character."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def all_tables(store_dir: Path) -> list[Table]:
    """The facts tables, then a table per main class."""
    return [facts_table(name, store_dir) for name in TABLES] + class_tables(store_dir)


def facts_table(name: str, store_dir: Path) -> Table:
    query = load_query(name)
    columns = frozenset(query.columns)
    return Table(name, query.question, query.columns, tuple(run_query(name, store_dir)),
                 DATE_COLUMNS & columns, INTEGER_COLUMNS & columns, frozenset(query.lists))


def class_tables(store_dir: Path) -> list[Table]:
    """A table per kind of thing in the projection that has any, named after its ontology class."""
    graph = to_networkx(store_dir)
    datatypes: dict[str, tuple[str, ...]] = graph.graph["datatypes"]
    tables = []
    for kind, cls in KINDS.items():
        nodes = [n for n, a in graph.nodes(data=True) if a["kind"] == kind]
        if not nodes:
            continue
        fixed = ("id", "label", "type", "start", "end")
        literal = sorted({k for n in nodes for k in graph.nodes[n]} - set(fixed) - {"iri", "kind", "sources"})
        links = sorted({key for n in nodes for _, _, key in graph.out_edges(n, keys=True)})
        columns = (*fixed, *literal, *(c for c in links if c not in literal), "sources")
        rows = []
        for node in nodes:
            attrs = graph.nodes[node]
            row = {"id": node, **{c: _cell(attrs.get(c)) for c in columns[1:]}}
            for _, target, key in graph.out_edges(node, keys=True):
                row[key] = _join([*_split(row.get(key, "")), graph.nodes[target]["label"]])
            rows.append(row)
        dates = {"start", "end"} | {c for c in literal if datatypes.get(c) and set(datatypes[c]) <= _DATE_TYPES}
        integers = {c for c in literal if datatypes.get(c) and set(datatypes[c]) <= _WHOLE_TYPES}
        plural = {c for c in literal if any(isinstance(graph.nodes[n].get(c), tuple) for n in nodes)}
        plural |= {*links, "sources"}
        title = f"Every {cls.rsplit('#', 1)[-1]} in the store, with its facts and links."
        tables.append(Table(cls.rsplit("#", 1)[-1], title, columns, tuple(rows), frozenset(dates),
                            frozenset(integers), frozenset(plural - dates - integers)))
    return tables


def table_files(store_dir: Path, excel: bool = False) -> dict[str, str]:
    """Every table as ``NAME.csv`` and ``NAME.csv-metadata.json``: file name -> content.  CSV: a
    header row of the columns, UTF-8 (with a BOM and neutralised cells when ``excel``), ``"\\n"`` line ends."""
    contents: dict[str, str] = {}
    for table in all_tables(store_dir):
        rows = table.rows
        if excel:
            rows = tuple({k: neutralise(v) for k, v in row.items()} for row in rows)
        text = rows_to_csv(rows, table.columns)
        contents[f"{table.name}.csv"] = "\ufeff" + text if excel else text
        contents[f"{table.name}.csv-metadata.json"] = csvw_metadata(table, excel)
    return contents


def export_tables(store_dir: Path, out_dir: Path, excel: bool = False) -> list[Path]:
    """Write :func:`table_files` into ``out_dir``; return the paths.

    Every table is computed before any file is written, and each file is
    written to a temporary file in ``out_dir`` then renamed over the target, so
    a failure never leaves a half-written table."""
    contents = table_files(store_dir, excel)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_atomically(out_dir / file, text) for file, text in contents.items()]


def csvw_metadata(table: Table, excel: bool = False) -> str:
    """CSVW metadata for a table: its question as title, each column named and typed."""
    columns = []
    for column in table.columns:
        spec: dict = {"name": column, "titles": column}
        if column in table.dates:
            spec["datatype"] = {"base": "string", "format": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
        elif column in table.integers:
            spec["datatype"] = "integer"
        elif column == "id":
            spec["datatype"] = "anyURI"
        else:
            spec["datatype"] = "string"
        if column in table.lists:
            spec["separator"] = _SEPARATOR
        columns.append(spec)
    body = {
        "@context": "http://www.w3.org/ns/csvw",  # the standard's identifier; processors know it, none fetch it
        "url": f"{table.name}.csv",
        "dc:title": table.title,
        "dc:source": "smkg, from the source texts in its store; see the sources table",
        "dialect": {"header": True, "encoding": "utf-8-sig" if excel else "utf-8", "lineTerminators": ["\n"]},
        "tableSchema": {"columns": columns},
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def workbook(store_dir: Path) -> bytes:
    """Every table in one XLSX workbook: a README sheet, then a sheet per table
    with a frozen header row, dates as dates and every other cell as text."""
    from openpyxl import Workbook

    tables = all_tables(store_dir)
    book = Workbook()
    about = book.active
    about.title = "README"
    about.append(["table", "question", "columns"])
    for table in tables:
        about.append([table.name, table.title, ", ".join(table.columns)])
    about.append([])
    about.append(["source", _SOURCE_NOTE])
    about.freeze_panes = "A2"
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.append(list(table.columns))
        for r, row in enumerate(table.rows, start=2):
            for c, column in enumerate(table.columns, start=1):
                _put(sheet.cell(row=r, column=c), table, column, row[column])
        sheet.freeze_panes = "A2"
    book.properties.created = book.properties.modified = dt.datetime(2000, 1, 1)  # no clock time in the output
    out = io.BytesIO()
    book.save(out)
    return _without_clock(out.getvalue())


def _without_clock(xlsx: bytes) -> bytes:
    """The workbook with no clock time in it: zip entries carry the time they were made, and openpyxl
    stamps the time of saving in the document's properties."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving here
                data = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            target.writestr(entry, data)
    return out.getvalue()


def _put(cell, table: Table, column: str, value: str) -> None:
    if column in table.dates and _DAY.fullmatch(value):
        cell.value = dt.date.fromisoformat(value)
        cell.number_format = "yyyy-mm-dd"
    elif column in table.integers and value.isdigit():
        cell.value = int(value)
    else:
        cell.value = value
        cell.data_type = "s"  # text, even when it looks like a formula


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return _join(str(v) for v in value)
    return str(value)


def _join(values: Iterable[str]) -> str:
    return _SEPARATOR.join(sorted(set(values)))


def _split(cell: str) -> list[str]:
    return cell.split(_SEPARATOR) if cell else []


__all__ = ["TABLES", "Table", "all_tables", "class_tables", "csvw_metadata", "export_tables", "facts_table",
           "neutralise", "table_files", "workbook"]
