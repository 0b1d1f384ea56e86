"""Query parameters: what a header declares, and a user's text turned into a typed RDF term.

A parameter line of a query header reads ``#   ?on <date = today>  the day to look at``:
the type in angle brackets, ``?`` after it for an optional parameter (left
unbound when not given), ``= DEFAULT`` for one with a default.  Values are
bound as RDF terms by substitution, never pasted into the query's text, so
nothing a user types can change what the query does.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pyoxigraph as ox

from . import keys
from .namespace import ID, XSD

XSD_DATE = ox.NamedNode(str(XSD.date))
XSD_INTEGER = ox.NamedNode(str(XSD.integer))

#: Types a parameter may have, and what a value of each looks like.
TYPES: dict[str, str] = {
    "string": "any text",
    "integer": "a whole number, e.g. 2021",
    "date": "a day as YYYY-MM-DD, or 'today'",
    "iri": "an absolute IRI, e.g. https://w3id.org/smkg/id/document/tmad (or id:document/tmad)",
    "document": "a document by name or abbreviation, e.g. TMAD",
    "organisation": "an organisation by name or abbreviation, e.g. DCC",
    "cohort": "a migration cohort by name, e.g. FOC or MOC (MDS)",
    "uplift": "an uplift by number, e.g. 2.2 or 'Uplift 2.2'",
}
#: Types named by a label of the reference data, and the gazetteer kind to look in.
_REFERENCE_KINDS = {"document": "document", "organisation": "organisation", "cohort": "cohort"}
_LINE = re.compile(r"\?(?P<name>[A-Za-z_]\w*)\s+<(?P<type>[a-z]+)\s*(?:(?P<optional>\?)|=\s*(?P<default>[^>]+?))?\s*>"
                   r"\s+(?P<description>\S.*)$")
#: What in a query is not SPARQL code: strings (long and short), IRIs and comments, as SPARQL's grammar
#: writes them (an IRI holds no space, quote, brace, ``|``, ``^``, backquote or backslash: ``?a<?b`` is a
#: comparison, ``?a<1||EXISTS{...}>`` is code, not an IRI).
NOT_CODE = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\[\s\S]|\'(?!\'\'))*\'\'\''
                      r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\''
                      r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n\r]*')
_IRI_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`]")


class ParameterError(ValueError):
    """A parameter line or value that cannot be used."""


@dataclass(frozen=True)
class Parameter:
    """A variable of a query that the caller may bind: ``name`` without the ``?``."""

    name: str
    description: str
    type: str = "string"
    default: str | None = None
    optional: bool = True

    @property
    def required(self) -> bool:
        return not self.optional and self.default is None

    def signature(self) -> str:
        tail = "?" if self.optional else f" = {self.default}" if self.default is not None else ""
        return f"{self.name} <{self.type}{tail}>"


def parse_parameter(line: str) -> Parameter:
    """``?name <type>  description`` (also ``<type?>``, ``<type = default>``)."""
    m = _LINE.fullmatch(line.strip())
    if not m:
        raise ParameterError(f"bad parameter line {line.strip()!r} (want '?name <type>  description', "
                             f"'<type?>' if optional, '<type = default>' with a default)")
    if m["type"] not in TYPES:
        raise ParameterError(f"unknown parameter type {m['type']!r} in {line.strip()!r}; types: {', '.join(TYPES)}")
    parameter = Parameter(m["name"], m["description"].strip(), m["type"], m["default"], m["optional"] is not None)
    if parameter.default is not None:
        to_term(parameter, parameter.default)  # a default that cannot be read is a fault of the header
    return parameter


def to_term(parameter: Parameter, text: str, today: dt.date | None = None) -> ox.NamedNode | ox.Literal:
    """The RDF term for a user's ``text`` given for ``parameter``; ParameterError when it does not fit."""
    try:
        return _to_term(parameter, text, today)
    except ParameterError:
        raise
    except (ValueError, UnicodeError) as err:  # a term the store refuses (a bad IRI, a lone surrogate...)
        raise ParameterError(f"{parameter.name}: {text!r} cannot be used: {err}") from err


def _to_term(parameter: Parameter, text: str, today: dt.date | None) -> ox.NamedNode | ox.Literal:
    kind, value = parameter.type, text.strip()
    if kind == "string":
        return ox.Literal(text)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value):
            raise ParameterError(f"{parameter.name} must be {TYPES[kind]}, not {text!r}")
        return ox.Literal(str(int(value)), datatype=XSD_INTEGER)
    if kind == "date":
        day = (today or dt.date.today()) if value.lower() == "today" else _date(parameter, value)
        return ox.Literal(day.isoformat(), datatype=XSD_DATE)
    if kind == "iri":
        return _iri(parameter, value)
    if kind == "uplift":
        number = re.fullmatch(r"(?:uplift\s+)?(\d{1,3}(?:\.\d{1,3}){0,2})", value, re.I)
        if not number:
            raise ParameterError(f"{parameter.name} must be {TYPES[kind]}, not {text!r}")
        return ox.NamedNode(str(ID[keys.uplift(number[1])[3:]]))
    return _known(parameter, value)


def _date(parameter: Parameter, value: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        _bad(parameter, value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise ParameterError(f"{parameter.name}: {value!r} is not a day of the calendar") from err


def _bad(parameter: Parameter, value: str) -> None:
    raise ParameterError(f"{parameter.name} must be {TYPES[parameter.type]}, not {value!r}")


def _iri(parameter: Parameter, value: str) -> ox.NamedNode:
    if value.startswith("id:"):
        value = str(ID[value[3:]])
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) or _IRI_FORBIDDEN.search(value):
        _bad(parameter, value)
    return ox.NamedNode(value)


def _known(parameter: Parameter, value: str) -> ox.NamedNode:
    from .rdfio import RdfInputError
    from .reference import load_gazetteer

    try:
        gazetteer = load_gazetteer()
    except RdfInputError as err:
        raise ParameterError(f"{parameter.name}: the reference data cannot be read: {err}") from err
    kind = _REFERENCE_KINDS[parameter.type]
    entry = gazetteer.lookup(value, {kind})
    if entry is None:
        known = sorted({e.name for e in gazetteer.entries(kind)})
        close = [k for k in known if value.lower() in k.lower()][:8]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ParameterError(f"{parameter.name}: no {kind} is called {value!r}{hint}")
    return ox.NamedNode(entry.iri)


def with_values(text: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with its parameters bound by a ``VALUES`` block opening its outermost ``WHERE``:
    each value is a typed RDF term written by the store library, never a user's raw text."""
    if not terms:
        return text
    names = sorted(terms)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(str(terms[n]) for n in names)}) }} "
    masked = NOT_CODE.sub(lambda m: " " * len(m.group(0)), text)
    where = re.search(r"\bWHERE\s*\{", masked, re.I)
    if where is None:
        raise ParameterError("cannot bind parameters: the query has no WHERE { ... }")
    return text[:where.end()] + block + text[where.end():]
