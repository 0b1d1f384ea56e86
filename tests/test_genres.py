"""Genre fixtures: government letters, consultation notices, conclusion
notices, update logs, news items and newsletters, modification records
(tests/fixtures/genres/).

Each ``<name>.txt`` is an invented but realistic text of one genre; its sibling
``<name>.yaml`` lists the facts a careful reader takes from it, table by table.
All fixtures are built once into one store and every expected fact is looked
up through the facts tables (``graph.queries.run_query``):

- every expected row is present among the rows of that source (a row matches
  when every column the YAML gives matches; a column left out is not checked;
  ``""`` means the cell must be empty);
- no ``absent`` row is present;
- ``counts`` gives the exact number of rows of a table for that source;
- an empty list of mentions of a kind (``person: []``) means none of that kind;
- ``same_consultation_as`` names another fixture whose consultation node must
  be the same one.

``test_fixture_is_well_formed`` checks the fixtures themselves (names are the
reference data's prefLabels, dates are ISO, columns are in the contracts) and
does not need the pipeline.
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from graph.resources import reference_files

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "genres"
YAMLS = sorted(FIXTURES.glob("*.yaml"))
GENRES = {"a", "b", "c", "d", "e", "f"}  # (a) letters besides the two in corpus/

# The facts tables and their columns (``source`` is the text's file name).
TABLES: dict[str, list[str]] = {
    "sources": ["source", "title", "date", "author", "kind"],
    "consultations": ["source", "consultation", "title", "run_by", "opened", "closed", "subjects",
                      "responses", "conclusions_date", "conclusions_to"],
    "decisions": ["source", "decision", "kind", "by", "date", "effective", "document", "version"],
    "mentions": ["source", "kind", "name"],
}
# Cells holding a list, sorted and joined with "; " (compared as sets of items).
LIST_COLUMNS = {("sources", "kind"), ("consultations", "subjects")}
TITLE_COLUMNS = {"title"}
DATE_COLUMNS = {"date", "opened", "closed", "conclusions_date", "effective"}
MENTION_KINDS = {"organisation", "person", "cohort", "uplift", "document", "device"}
DECISION_KINDS = {"designation", "direction", "approval", "rejection", "other"}
TOP_KEYS = {"genre", "about", "sources", "consultations", "decisions", "mentions", "absent", "counts",
            "same_consultation_as"}

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


# --- reading the fixtures -------------------------------------------------------

@cache
def load(yaml_path: Path) -> dict:
    return yaml.safe_load(yaml_path.read_text(encoding="utf-8")) or {}


def text_of(yaml_path: Path) -> Path:
    return yaml_path.with_suffix(".txt")


def mention_rows(mentions: dict | None) -> list[dict]:
    """``{kind: [name, ...]}`` as rows of the mentions table."""
    return [{"kind": kind, "name": name} for kind, names in (mentions or {}).items() for name in names or []]


def expected_rows(spec: dict, table: str) -> list[dict]:
    if table == "mentions":
        return mention_rows(spec.get("mentions"))
    return list(spec.get(table) or [])


def absent_rows(spec: dict, table: str) -> list[dict]:
    absent = spec.get("absent") or {}
    if table == "mentions":
        return mention_rows(absent.get("mentions"))
    return list(absent.get(table) or [])


def tables_to_check(spec: dict) -> list[str]:
    absent = spec.get("absent") or {}
    counts = spec.get("counts") or {}
    return [t for t in TABLES if t == "sources" or t in spec or t in absent or t in counts]


def cases() -> list:
    out = []
    for path in YAMLS:
        for table in tables_to_check(load(path)):
            out.append(pytest.param(path, table, id=f"{path.stem}-{table}"))
    return out


# --- comparing cells -----------------------------------------------------------

def cell(table: str, column: str, value) -> str:
    """A value, from the YAML or from a table, in the form cells are compared in."""
    if value is None:
        text = ""
    elif isinstance(value, datetime.datetime):
        text = value.date().isoformat()
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    elif isinstance(value, (list, tuple, set)):
        text = "; ".join(str(v) for v in value)
    else:
        text = str(value)
    text = " ".join(text.split())
    if (table, column) in LIST_COLUMNS:
        text = "; ".join(sorted({item.strip() for item in text.split(";") if item.strip()}))
    if column in TITLE_COLUMNS:
        text = text.translate(_QUOTES).casefold()
    return text


def matches(table: str, want: dict, row: dict) -> bool:
    return all(cell(table, col, value) == cell(table, col, row.get(col)) for col, value in want.items())


def source_name(row: dict) -> str:
    return str(row.get("source", "")).rsplit("/", 1)[-1]


def show(rows: list[dict]) -> str:
    if not rows:
        return "    (no rows for this source)"
    return "\n".join(f"    {row}" for row in rows)


def show_want(table: str, want: dict) -> str:
    """An expected row as the YAML gives it (dates as ISO strings)."""
    return "{" + ", ".join(f"{col}: {cell('', '', v)!r}" for col, v in want.items()) + "}"


# --- the store ------------------------------------------------------------------

@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    from graph.build import build

    out = tmp_path_factory.mktemp("genres")
    paths = [text_of(p) for p in YAMLS]
    summary = build(paths, out, fresh=True)
    assert not summary.errors, summary.errors
    assert summary.texts == len(paths) and not summary.duplicates, summary.lines()
    return out


@pytest.fixture(scope="module")
def table_rows(store):
    """``table_rows(name)``: every row of a facts table, read once."""
    try:
        from graph.queries import run_query
    except ImportError as err:
        pytest.fail(f"the facts tables are not available yet: cannot import graph.queries.run_query ({err})")
    read: dict[str, list[dict[str, str]]] = {}

    def rows(name: str) -> list[dict[str, str]]:
        if name not in read:
            read[name] = [dict(r) for r in run_query(name, store)]
        return read[name]

    return rows


def test_built_fixtures_conform_to_the_shapes(store):
    from conftest import validate_store

    conforms, report = validate_store(store)
    assert conforms, report


# --- the facts ------------------------------------------------------------------

@pytest.mark.parametrize(("yaml_path", "table"), cases())
def test_genre_facts(yaml_path: Path, table: str, table_rows):
    spec = load(yaml_path)
    name = text_of(yaml_path).name
    everything = table_rows(table)
    mine = [row for row in everything if source_name(row) == name]
    problems: list[str] = []

    if mine:
        missing_columns = [c for c in TABLES[table] if c not in mine[0]]
        if missing_columns:
            problems.append(f"the {table} table has no column(s) {missing_columns}")

    for want in expected_rows(spec, table):
        if not any(matches(table, want, row) for row in mine):
            problems.append(f"missing {table} row {show_want(table, want)}")
    for unwanted in absent_rows(spec, table):
        hits = [row for row in mine if matches(table, unwanted, row)]
        if hits:
            problems.append(f"{table} row that must be absent {show_want(table, unwanted)} found: {hits}")
    count = (spec.get("counts") or {}).get(table)
    if count is not None and len(mine) != count:
        problems.append(f"expected exactly {count} {table} row(s), found {len(mine)}")

    if table == "mentions":  # an empty list says the text names nothing of that kind
        for kind, names in (spec.get("mentions") or {}).items():
            extra = [row["name"] for row in mine if row["kind"] == kind]
            if names == [] and extra:
                problems.append(f"the text names no {kind}, but the mentions table has {extra}")

    other = spec.get("same_consultation_as")
    if table == "consultations" and other:
        first = expected_rows(spec, table)[0]
        want = {c: first[c] for c in ("run_by", "opened", "subjects") if c in first}  # what identifies it
        here = {row.get("consultation") for row in mine if matches(table, want, row)}
        there_rows = [row for row in everything if source_name(row) == other]
        there = {row.get("consultation") for row in there_rows}
        if not here & there - {None, ""}:
            problems.append(f"the consultation {show_want(table, want)} should be the same node as in {other}; "
                            f"here {sorted(map(str, here))}, there:\n{show(there_rows)}")

    assert not problems, (f"{name} ({spec.get('about', '')})\n  " + "\n  ".join(problems)
                          + f"\n  actual {table} rows of {name}:\n{show(mine)}")


# --- the fixtures themselves ----------------------------------------------------

@cache
def reference_labels() -> dict[str, set[str]]:
    """prefLabels by what they name: organisation, document, cohort, device, text-kind."""
    labels: dict[str, set[str]] = {k: set() for k in ("organisation", "document", "cohort", "device", "text-kind")}
    text_kind = URIRef("https://w3id.org/smkg/id/text-kind")
    for path in reference_files():
        g = Graph().parse(path)
        key = {"organisations": "organisation", "documents": "document", "cohorts": "cohort",
               "devices": "device"}.get(path.stem)
        for subject, label in g.subject_objects(SKOS.prefLabel):
            in_scheme = (subject, SKOS.inScheme, None) in g
            if key in ("organisation", "document") or (key in ("cohort", "device") and in_scheme):
                labels[key].add(str(label))
            if (subject, SKOS.inScheme, text_kind) in g:
                labels["text-kind"].add(str(label))
    return labels


def _check_row(table: str, row: dict, where: str, problems: list[str]) -> None:
    labels = reference_labels()
    for col, value in row.items():
        if col not in TABLES[table] or col == "source":
            problems.append(f"{where}: column {col!r} is not in the {table} contract")
            continue
        text = cell(table, col, value)
        # a date is a day (2021-02-01) or, where the text gives only that, a month (2021-02)
        if col in DATE_COLUMNS and text and not re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", text):
            problems.append(f"{where}: {col} {text!r} is not an ISO date")
        if col in {"run_by", "conclusions_to", "by", "author"} and text and text not in labels["organisation"]:
            problems.append(f"{where}: {col} {text!r} is not an organisation prefLabel")
        if (table, col) in {("consultations", "subjects"), ("decisions", "document")}:
            for item in filter(None, text.split("; ")):
                if item not in labels["document"]:
                    problems.append(f"{where}: {col} {item!r} is not a document prefLabel")
        if (table, col) == ("sources", "kind"):
            for item in filter(None, text.split("; ")):
                if item not in labels["text-kind"]:
                    problems.append(f"{where}: kind {item!r} is not a text-kind prefLabel")
        if (table, col) == ("decisions", "kind") and text and text not in DECISION_KINDS:
            problems.append(f"{where}: decision kind {text!r} is not one of {sorted(DECISION_KINDS)}")
        if col == "version" and text and not re.fullmatch(r"\d+(\.\d+)*", text):
            problems.append(f"{where}: version {text!r} should be a bare number")


@pytest.mark.parametrize("yaml_path", YAMLS, ids=[p.stem for p in YAMLS])
def test_fixture_is_well_formed(yaml_path: Path):
    spec = load(yaml_path)
    labels = reference_labels()
    problems: list[str] = []
    txt = text_of(yaml_path)
    if not txt.exists():
        problems.append(f"no text {txt.name}")
    else:
        lines = txt.read_text(encoding="utf-8").splitlines()
        if not 15 <= len(lines) <= 120:
            problems.append(f"{txt.name} has {len(lines)} lines, not 15-120")
    if spec.get("genre") not in GENRES or not yaml_path.stem.startswith(f"{spec.get('genre')}_"):
        problems.append(f"genre {spec.get('genre')!r} does not match the file name")
    problems += [f"unknown key {k!r}" for k in set(spec) - TOP_KEYS]
    if len(spec.get("sources") or []) != 1:
        problems.append("sources should list the one row of this text")

    for table in TABLES:
        if table == "mentions":
            for part, where in ((spec.get("mentions"), "mentions"), ((spec.get("absent") or {}).get("mentions"),
                                                                   "absent mentions")):
                for kind, names in (part or {}).items():
                    if kind not in MENTION_KINDS:
                        problems.append(f"{where}: unknown kind {kind!r}")
                    for n in names or []:
                        if kind in labels and n not in labels[kind]:
                            problems.append(f"{where}: {n!r} is not a {kind} prefLabel")
                        if kind == "uplift" and not re.fullmatch(r"Uplift \d+(\.\d+)*", n):
                            problems.append(f"{where}: {n!r} is not an uplift name")
            continue
        for i, row in enumerate(expected_rows(spec, table)):
            _check_row(table, row, f"{table}[{i}]", problems)
        for i, row in enumerate(absent_rows(spec, table)):
            _check_row(table, row, f"absent {table}[{i}]", problems)
            # an absent row must not contradict an expected row of the same fixture
            for want in expected_rows(spec, table):
                if set(row) <= set(want) and matches(table, row, want):
                    problems.append(f"absent {table}[{i}] {row} matches expected row {want}")

    for table, count in (spec.get("counts") or {}).items():
        if table not in TABLES:
            problems.append(f"counts: unknown table {table!r}")
        elif count < (n := len(expected_rows(spec, table))):
            problems.append(f"counts: {table} {count} is fewer than the {n} rows expected")

    other = spec.get("same_consultation_as")
    if other:
        if not (FIXTURES / other).exists():
            problems.append(f"same_consultation_as: no fixture {other}")
        elif not spec.get("consultations"):
            problems.append("same_consultation_as needs an expected consultation row")
        else:
            mine, theirs = spec["consultations"][0], (load((FIXTURES / other).with_suffix(".yaml"))
                                                      .get("consultations") or [{}])[0]
            for col in ("run_by", "opened", "subjects"):
                if cell("consultations", col, mine.get(col)) != cell("consultations", col, theirs.get(col)):
                    problems.append(f"same_consultation_as: {col} differs from {other}")

    assert not problems, f"{yaml_path.name}:\n  " + "\n  ".join(problems)
