"""The named SPARQL queries (``queries/NAME.rq``) and their runner.

Each query file opens with a comment header in one fixed format::

    # Question: Which texts has smkg read, and who wrote each and when?
    # Parameters:
    #   ?source  the file name of one source text, to limit the table to that text
    # Columns: source, title, date, author, kind
    # Lists: kind

``Parameters`` is ``none`` or a list of ``?name  description`` lines; each
parameter is a column of the query that the runner may fix by appending a
``VALUES`` clause.  ``Columns`` is the ``SELECT`` projection, in order.
``Lists`` (``none`` or column names) are columns that hold several values
joined with ``"; "``: the runner sorts and re-joins them, as ``GROUP_CONCAT``
order is not defined in SPARQL.

:func:`run_query` returns rows as dicts of strings in column order: an IRI is
written in full, a literal as its lexical form (``"2021-11-04"``,
``"2021-02"``, ``"17.0"``), an unbound value as ``""``.  Rows are sorted and
exact duplicates removed, so a table is the same whatever store answered.
Only :func:`_select` touches a store: an endpoint (SPARQLWrapper) can go
beside it without changing the rest.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from .resources import queries_dir

#: The separator of the values in a list column.
LIST_SEPARATOR = "; "
#: The output formats of :func:`format_rows`.
FORMATS = ("csv", "tsv", "json")

_HEADER_FIELDS = ("Question", "Parameters", "Columns", "Lists")
_VARIABLE = re.compile(r"\?([A-Za-z_][A-Za-z0-9_]*)")


class QueryError(Exception):
    """A query that cannot be loaded or run: unknown name, bad header, no store..."""


@dataclass(frozen=True)
class Parameter:
    """A variable of a query that the caller may bind: ``name`` without the ``?``."""

    name: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A query of ``queries/``: its header, parsed, and its SPARQL text."""

    name: str
    question: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]
    text: str
    lists: tuple[str, ...] = ()

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)


# --- loading ----------------------------------------------------------------------


def query_names() -> list[str]:
    """The names of the queries shipped in ``queries/``, sorted."""
    return sorted(p.stem for p in queries_dir().glob("*.rq"))


def load_query(name: str) -> NamedQuery:
    """The query ``queries/NAME.rq``; :class:`QueryError` if there is none."""
    known = query_names()
    if name not in known:
        raise QueryError(f"unknown query {name!r}; known queries: {', '.join(known) or '(none)'}")
    path = queries_dir() / f"{name}.rq"
    return parse_query(name, path.read_text(encoding="utf-8"))


def parse_query(name: str, text: str) -> NamedQuery:
    """Parse the header of a query's ``text`` (see the module docstring)."""
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    current: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        key, sep, value = body.partition(":")
        if sep and key in _HEADER_FIELDS:
            if key in fields:
                raise QueryError(f"query {name}: header field {key!r} given twice")
            fields[key] = value.strip()
            current = key
        elif current == "Parameters" and fields["Parameters"] == "" and body.startswith("?"):
            var, _, description = body.partition(" ")
            if not _VARIABLE.fullmatch(var) or not description.strip():
                raise QueryError(f"query {name}: bad parameter line {line!r} (want '#   ?name  description')")
            parameters.append(Parameter(var[1:], description.strip()))
        else:
            current = None  # the header's fields are over; free comment may follow
    if list(fields) != list(_HEADER_FIELDS):  # dicts keep the order read
        raise QueryError(f"query {name}: the header must give {', '.join(_HEADER_FIELDS)}, "
                         f"in that order, each on a '# Field: ...' line")
    if not fields["Question"]:
        raise QueryError(f"query {name}: empty Question")
    if fields["Parameters"] not in ("", "none") or (fields["Parameters"] == "" and not parameters):
        raise QueryError(f"query {name}: Parameters is 'none' or followed by '#   ?name  description' lines")
    columns = tuple(_split_names(fields["Columns"]))
    lists = () if fields["Lists"] == "none" else tuple(_split_names(fields["Lists"]))
    if not columns:
        raise QueryError(f"query {name}: no Columns")
    for column in (*lists, *(p.name for p in parameters)):
        if column not in columns:
            raise QueryError(f"query {name}: {column!r} is not one of its Columns")
    return NamedQuery(name, fields["Question"], tuple(parameters), columns, text, lists)


def _split_names(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


# --- running ----------------------------------------------------------------------


def run_query(name: str, store_dir: Path, **params: object) -> list[dict[str, str]]:
    """Run the query ``name`` on the built store in ``store_dir``.

    ``params`` fix the query's parameters: a ``str`` is bound as a plain
    literal, an ``rdflib.URIRef`` or ``pyoxigraph.NamedNode`` as an IRI."""
    query = load_query(name)
    unknown = sorted(set(params) - set(query.parameter_names))
    if unknown:
        allowed = ", ".join(query.parameter_names) or "none"
        raise QueryError(f"query {name} has no parameter {', '.join(unknown)} (parameters: {allowed})")
    text = query.text + _values_clause(params) if params else query.text
    variables, solutions = _select(text, Path(store_dir))
    if tuple(variables) != query.columns:
        raise QueryError(f"query {name} returns columns {', '.join(variables)}, "
                         f"but its header says {', '.join(query.columns)}")
    return tidy_rows(query, solutions)


def tidy_rows(query: NamedQuery, solutions: Iterable[Mapping[str, str | None]]) -> list[dict[str, str]]:
    """Rows in column order: unbound as ``""``, list columns sorted and re-joined,
    exact duplicates removed, sorted."""
    seen: set[tuple[str, ...]] = set()
    for solution in solutions:
        values = []
        for column in query.columns:
            value = solution.get(column) or ""
            if column in query.lists:
                value = LIST_SEPARATOR.join(sorted({v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()}))
            values.append(value)
        seen.add(tuple(values))
    return [dict(zip(query.columns, row)) for row in sorted(seen)]


def _values_clause(params: Mapping[str, object]) -> str:
    names = sorted(params)
    terms = " ".join(_sparql_term(params[n]) for n in names)
    return f"\nVALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }}\n"


def _sparql_term(value: object) -> str:
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return str(value)
    if isinstance(value, URIRef):
        return str(ox.NamedNode(str(value)))
    if isinstance(value, str):
        return str(ox.Literal(value))
    raise QueryError(f"cannot bind a parameter to {value!r}: give a string or an IRI")


def _select(text: str, store_dir: Path) -> tuple[list[str], list[dict[str, str | None]]]:
    """Run a SELECT on the embedded store in ``store_dir``: its variable names,
    and its solutions with every term as a string (``None`` when unbound).

    The store is opened read-only (no lock is taken, so a later build is not
    blocked) and released before returning."""
    db_dir = store_dir / "db"
    if not db_dir.is_dir():
        raise QueryError(f"no store in {store_dir} (no db/ folder): run 'smkg build --store {store_dir}' first")
    try:
        db = ox.Store.read_only(str(db_dir))
    except OSError as err:
        raise QueryError(f"cannot open the store in {store_dir}: {err}") from err
    try:
        try:
            result = db.query(text)
        except SyntaxError as err:
            raise QueryError(f"invalid SPARQL: {err}") from err
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("a named query must be a SELECT query")
        variables = [v.value for v in result.variables]
        solutions = [{v: _term_text(solution[v]) for v in variables} for solution in result]
        del result
    finally:
        del db  # the last reference: the store is closed here
    return variables, solutions


def _term_text(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


# --- output -----------------------------------------------------------------------


def rows_to_csv(rows: Iterable[Mapping[str, str]], columns: Iterable[str], delimiter: str = ",") -> str:
    """``rows`` as CSV: a header row of ``columns``, ``"\\n"`` line ends."""
    columns = list(columns)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()


def format_rows(rows: list[dict[str, str]], columns: Iterable[str], fmt: str) -> str:
    """``rows`` as ``csv``, ``tsv`` or ``json`` (a list of objects)."""
    if fmt == "csv":
        return rows_to_csv(rows, columns)
    if fmt == "tsv":
        return rows_to_csv(rows, columns, delimiter="\t")
    if fmt == "json":
        columns = list(columns)
        return json.dumps([{c: row.get(c, "") for c in columns} for row in rows], ensure_ascii=False, indent=2) + "\n"
    raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS", "LIST_SEPARATOR", "NamedQuery", "Parameter", "QueryError", "format_rows", "load_query",
    "parse_query", "query_names", "rows_to_csv", "run_query", "tidy_rows",
]
