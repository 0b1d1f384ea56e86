"""The named SPARQL queries (``queries/NAME.rq``) and their runner.

Each query file opens with a comment header in one fixed format::

    # Question: Which version of a document was in force on a given day?
    # Parameters:
    #   ?document <document>  the document, by its name or abbreviation (TMAD, SVTAD, S1SR ...)
    #   ?on <date = today>  the day to look at
    # Columns: document, version, effective, decision, source
    # Lists: none

``Parameters`` is ``none`` or a list of ``?name <type>  description`` lines
(:mod:`graph.parameters`: ``<type?>`` optional, ``<type = default>`` with a
default).  A parameter is bound as a typed RDF term in a ``VALUES`` block
that opens the query's outermost ``WHERE`` (written by the store library from
the term, never the user's raw text), so the query sees it wherever that
group's patterns and filters do (not inside a sub-``SELECT``), on the embedded
store and on any server alike; an optional one left out stays a free variable.  ``Columns`` is the
``SELECT`` projection, in order.  ``Lists`` (``none`` or column names) are
columns that hold several values joined with ``"; "``: the runner sorts and
re-joins them, as ``GROUP_CONCAT`` order is not defined in SPARQL.

:func:`run_query` returns rows as dicts of strings in column order: an IRI is
written in full, a literal as its lexical form (``"2021-11-04"``,
``"2021-02"``, ``"17.0"``), an unbound value as ``""``.  Rows are sorted and
exact duplicates removed, so a table is the same whatever store answered.
Only :func:`_select` touches a store: read-only, and in a worker process that is
stopped at a deadline (``smkg query --timeout``), since Oxigraph cannot cancel a
query (a property path over a long chain can run for hours).  ``smkg query``
only reads: an update (``INSERT``, ``DELETE``, ``DROP``...) is refused before
anything runs, and ``SERVICE`` and ``LOAD`` unless ``--allow-remote``.
"""

from __future__ import annotations

import csv
import faulthandler
import gc
import io
import json
import multiprocessing
import re
import signal
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from . import remote
from .parameters import NOT_CODE, Parameter, ParameterError, parse_parameter, to_term, with_values
from .remote import Endpoint
from .resources import queries_dir

#: The separator of the values in a list column.
LIST_SEPARATOR = "; "
#: The output formats of :func:`format_rows`.
FORMATS = ("table", "csv", "tsv", "json")

#: How long a query may run on the embedded store, in seconds, unless told otherwise (``--timeout``).
DEFAULT_TIMEOUT = 60.0

_HEADER_FIELDS = ("Question", "Parameters", "Columns", "Lists")


def _keywords(*words: str) -> re.Pattern[str]:
    """SPARQL keywords in code: not part of a variable (``?load``) or a prefixed name (``ex:drop``, ``add:x``)."""
    return re.compile(rf"(?<![\w?$:-])(?:{'|'.join(words)})(?![\w:.-])", re.I)


_REMOTE = _keywords("SERVICE", "LOAD")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: The operations of SPARQL Update (``WITH`` opens only an update, but ``INSERT``/``DELETE`` follow it).
_UPDATE = _keywords("INSERT", "DELETE", "DROP", "CLEAR", "CREATE", "LOAD", "COPY", "MOVE", "ADD")


class QueryError(Exception):
    """A query that cannot be loaded or run: unknown name, bad header, no store..."""


class QueryTimeout(QueryError):
    """A query stopped at its deadline."""


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
            try:
                parameters.append(parse_parameter(body))
            except ParameterError as err:
                raise QueryError(f"query {name}: {err}") from err
        else:
            current = None  # the header's fields are over; free comment may follow
    if list(fields) != list(_HEADER_FIELDS):  # dicts keep the order read
        raise QueryError(f"query {name}: the header must give {', '.join(_HEADER_FIELDS)}, "
                         f"in that order, each on a '# Field: ...' line")
    if not fields["Question"]:
        raise QueryError(f"query {name}: empty Question")
    if fields["Parameters"] not in ("", "none") or (fields["Parameters"] == "" and not parameters):
        raise QueryError(f"query {name}: Parameters is 'none' or followed by '#   ?name <type>  description' lines")
    columns = tuple(_split_names(fields["Columns"]))
    lists = () if fields["Lists"] == "none" else tuple(_split_names(fields["Lists"]))
    if not columns:
        raise QueryError(f"query {name}: no Columns")
    for column in lists:
        if column not in columns:
            raise QueryError(f"query {name}: {column!r} is not one of its Columns")
    return NamedQuery(name, fields["Question"], tuple(parameters), columns, text, lists)


def query_from_file(path: Path) -> NamedQuery:
    """A user's own query: with a header like ours, or a bare SELECT (its projection gives the columns)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError(f"{path}: cannot read the query: {err}") from err
    check_read_only(text, path.name)
    if text.lstrip().startswith("# Question:"):
        return parse_query(path.stem, text)
    from rdflib.plugins.sparql import prepareQuery

    try:
        parsed = prepareQuery(text)
    except RecursionError:  # rdflib's reader recurses on nesting; Oxigraph's does not, but it must agree first
        raise QueryError(f"{path}: the query is nested too deeply to read") from None
    except Exception as err:  # pyparsing's errors say where; any of them means "not SPARQL we can run"
        raise QueryError(f"{path}: invalid SPARQL: {' '.join(str(err).split())}") from err
    if parsed.algebra.name != "SelectQuery":
        raise QueryError(f"{path}: only a SELECT query gives a table")
    columns = tuple(str(v) for v in parsed.algebra["PV"])
    return NamedQuery(path.stem, "", (), columns, text)


def catalogue() -> str:
    """The named queries with their questions and parameters, for ``smkg query --list``."""
    lines = []
    for name in query_names():
        q = load_query(name)
        lines.append(f"{name}: {q.question}")
        for p in q.parameters:
            lines.append(f"    --param {p.signature()}  {p.description}")
        lines.append(f"    columns: {', '.join(q.columns)}")
    return "\n".join(lines) + "\n"


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``["document=TMAD", "on=2021-11-05"]`` as a dict; a pair without ``=`` or given twice is an error."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().lstrip("?")
        if not sep or not key:
            raise QueryError(f"--param {pair!r}: give NAME=VALUE")
        if key in out:
            raise QueryError(f"--param {key} given twice")
        out[key] = value
    return out


def _split_names(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


# --- running ----------------------------------------------------------------------


def run_query(name: str, store_dir: Path, *, timeout: float | None = DEFAULT_TIMEOUT,
              **params: object) -> list[dict[str, str]]:
    """Run the query ``name`` on the built store in ``store_dir``.

    ``params`` give the query's parameters: text (as a user types it, read
    by the parameter's type: ``document="TMAD"``, ``on="2021-11-05"``) or an
    RDF term (``rdflib.URIRef``, ``pyoxigraph.NamedNode`` or ``Literal``).
    ``timeout``: seconds before the query is stopped (0 or None: no limit)."""
    query = load_query(name)
    return run_named(query, store_dir, params, timeout=timeout)


def run_named(query: NamedQuery, store_dir: Path | None, params: Mapping[str, object] | None = None,
              allow_remote: bool = False, endpoint: Endpoint | None = None,
              timeout: float | None = DEFAULT_TIMEOUT) -> list[dict[str, str]]:
    """Run ``query`` on the embedded store in ``store_dir``, or on a remote ``endpoint``.

    ``timeout``: seconds before a query on the store is stopped (:class:`QueryTimeout`; 0 or None: no
    limit, and the query runs in this process); on a server, how long to wait for its answer."""
    check_read_only(query.text, query.name)
    check_local(query.text, allow_remote)
    try:
        text = with_values(query.text, bind(query, params or {}))
    except ParameterError as err:
        raise QueryError(f"query {query.name}: {err}") from err
    if endpoint is not None:
        if timeout:
            endpoint = replace(endpoint, timeout=timeout)
        try:
            variables, solutions = remote.select(endpoint, text)
        except remote.RemoteError as err:
            raise QueryError(str(err)) from err
    else:
        variables, solutions = _select(text, Path(store_dir or "out"), timeout, query.name)
    if tuple(variables) != query.columns:
        raise QueryError(f"query {query.name} returns columns {', '.join(variables)}, "
                         f"but its header says {', '.join(query.columns)}")
    return tidy_rows(query, solutions)


def bind(query: NamedQuery, given: Mapping[str, object]) -> dict[str, ox.NamedNode | ox.Literal]:
    """The typed terms to substitute: given values read by type, then defaults."""
    declared = ", ".join(p.signature() for p in query.parameters) or "none"
    unknown = sorted(set(given) - set(query.parameter_names))
    if unknown:
        raise QueryError(f"query {query.name} has no parameter {', '.join(unknown)} (parameters: {declared})")
    terms: dict[str, ox.NamedNode | ox.Literal] = {}
    for p in query.parameters:
        try:
            if p.name in given:
                terms[p.name] = _as_term(p, given[p.name])
            elif p.default is not None:
                terms[p.name] = to_term(p, p.default)
            elif p.required:
                raise ParameterError(f"?{p.name} is required")
        except ParameterError as err:
            raise QueryError(f"query {query.name}: {err} (parameters: {declared})") from err
    return terms


def _as_term(p: Parameter, value: object) -> ox.NamedNode | ox.Literal:
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    return to_term(p, str(value))


def check_read_only(text: str, name: str = "query") -> None:
    """Refuse a SPARQL Update (``INSERT``, ``DELETE``, ``DROP``, ``CLEAR``, ``CREATE``, ``LOAD``, ``COPY``,
    ``MOVE``, ``ADD``): ``smkg query`` only reads.  (The store is opened read-only and given to Oxigraph's
    query reader, which cannot run an update either; this says so plainly, and before a server is asked.)"""
    found = _find_keyword(_UPDATE, text)
    if found:
        raise QueryError(f"{name}: the query uses {found.group(0).upper()}, a SPARQL Update; smkg query only "
                         f"reads the store, so it is refused")


def check_local(text: str, allow_remote: bool = False) -> None:
    """Refuse ``SERVICE`` and ``LOAD``, which reach outside the store, unless allowed."""
    if allow_remote:
        return
    found = _find_keyword(_REMOTE, text)
    if found:
        raise QueryError(f"the query uses {found.group(0).upper()}, which reaches outside the store; "
                         f"refused unless --allow-remote is given")


def _find_keyword(keywords: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``keywords`` in the code of ``text`` (not in its strings, IRIs or comments).  SPARQL lets ``\\u0045``
    stand for ``E`` anywhere, and some servers read ``SERVIC\\u0045`` as ``SERVICE``: the text is also
    searched with such escapes decoded."""
    found = keywords.search(NOT_CODE.sub(" ", text))
    if found is None and _ESCAPE.search(text):
        decoded = _ESCAPE.sub(lambda m: _codepoint(m.group(1) or m.group(2)), text)
        found = keywords.search(NOT_CODE.sub(" ", decoded))
    return found


def _codepoint(hex_digits: str) -> str:
    value = int(hex_digits, 16)
    return chr(value) if value <= 0x10FFFF else "\ufffd"


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


def _select(text: str, store_dir: Path, timeout: float | None = None,
            name: str = "query") -> tuple[list[str], list[dict[str, str | None]]]:
    """Run a SELECT on the embedded store in ``store_dir``: its variable names,
    and its solutions with every term as a string (``None`` when unbound).

    The store is opened read-only (no lock is taken, so a later build is not
    blocked) and released before returning.  With a ``timeout``, the query runs
    in a forked worker process, killed if it has not answered by then."""
    db_dir = store_dir / "db"
    if not db_dir.is_dir():
        raise QueryError(f"no store in {store_dir} (no db/ folder): run 'smkg build --store {store_dir}' first")
    if not timeout or timeout <= 0:
        return _select_here(text, store_dir)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")  # fork: no imports, ~ms
    for stream in (sys.stdout, sys.stderr):  # what is buffered here must not be written twice, by the worker too
        if stream is not None:
            stream.flush()
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_select_worker, args=(text, store_dir, sender), daemon=True)
    worker.start()
    sender.close()  # the worker holds the only writing end: its death is an end of file here
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(f"query {name} stopped after {timeout:g} s; narrow it (or give a longer --timeout)")
        try:
            outcome, payload = receiver.recv()
        except EOFError:
            worker.join()
            raise QueryError(f"query {name}: the query process died without an answer "
                             f"({_death(worker.exitcode)})") from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    if outcome == "error":
        raise QueryError(payload)
    return payload


def _death(exitcode: int | None) -> str:
    """How the worker died, and the likely why."""
    if exitcode is None or exitcode >= 0:
        return f"exit code {exitcode}"
    hints = {signal.SIGSEGV: ": a query nested very deeply overflows the store's stack",
             signal.SIGKILL: ": killed from outside, perhaps for want of memory"}
    try:
        sig = signal.Signals(-exitcode)
    except ValueError:
        return f"signal {-exitcode}"
    return f"{sig.name}{hints.get(sig, '')}"


def _select_worker(text: str, store_dir: Path, sender) -> None:
    """In the worker process: the answer of :func:`_select_here`, or its error, sent back."""
    gc.disable()  # the parent's objects (an open store...) are never collected here; os._exit ends the worker
    faulthandler.disable()  # a crash here is told by the parent, as one line
    try:
        answer: tuple = ("ok", _select_here(text, store_dir))
    except QueryError as err:
        answer = ("error", str(err))
    except BaseException as err:  # say what stopped it, rather than die without a word
        answer = ("error", f"the query failed: {type(err).__name__}: {' '.join(str(err).split())[:300]}")
    try:
        sender.send(answer)
    finally:
        sender.close()


def _select_here(text: str, store_dir: Path) -> tuple[list[str], list[dict[str, str | None]]]:
    db_dir = store_dir / "db"
    try:
        db = ox.Store.read_only(str(db_dir))
    except (OSError, RuntimeError) as err:  # RuntimeError: RocksDB finds the files damaged or edited
        raise QueryError(f"cannot open the store in {store_dir}: {err}") from err
    try:
        try:
            result = db.query(text)
        except SyntaxError as err:
            raise QueryError(f"invalid SPARQL: {err}") from err
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("a named query must be a SELECT query")
        try:
            variables = [v.value for v in result.variables]
            solutions = [{v: _term_text(solution[v]) for v in variables} for solution in result]
        except (OSError, RuntimeError) as err:
            raise QueryError(f"cannot read the store in {store_dir}: {err}") from err
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


def rows_to_table(rows: Iterable[Mapping[str, str]], columns: Iterable[str]) -> str:
    """``rows`` as aligned columns under a header, one line each (line breaks in values shown as spaces)."""
    columns = list(columns)
    cells = [columns] + [[" ".join(row.get(c, "").split()) for c in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip() for line in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def format_rows(rows: list[dict[str, str]], columns: Iterable[str], fmt: str) -> str:
    """``rows`` as ``table`` (aligned, for reading), ``csv``, ``tsv`` or ``json`` (a list of objects)."""
    if fmt == "table":
        return rows_to_table(rows, columns)
    if fmt == "csv":
        return rows_to_csv(rows, columns)
    if fmt == "tsv":
        return rows_to_csv(rows, columns, delimiter="\t")
    if fmt == "json":
        columns = list(columns)
        return json.dumps([{c: row.get(c, "") for c in columns} for row in rows], ensure_ascii=False, indent=2) + "\n"
    raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


__all__ = [
    "DEFAULT_TIMEOUT", "FORMATS", "LIST_SEPARATOR", "NamedQuery", "Parameter", "QueryError", "QueryTimeout", "bind",
    "catalogue", "check_local", "check_read_only", "format_rows", "load_query", "parse_params", "parse_query",
    "query_from_file", "query_names", "rows_to_csv", "rows_to_table", "run_named", "run_query", "tidy_rows",
]
