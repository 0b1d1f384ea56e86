"""Reading RDF files safely: every RDF file smkg reads goes through :func:`parse_file`.

What it refuses, before anything is added to a graph (and so to the store):

* a syntax error: reported as ``FILE:LINE:COLUMN: message`` (Oxigraph's parser
  says where for Turtle and N-Triples, expat for RDF/XML, Python's for JSON;
  rdflib's line, with a column counted from its offset, for the rest);
* an invalid IRI (a space, ``<``, ``>``, ``"``, ``{``, ``}``, a bad ``%`` escape...):
  rdflib only warns and keeps it, Oxigraph (the store) refuses it, and JSON-LD
  readers drop the node without a word; so it is refused here, where the file
  and line can still be named;
* RDF/XML with a ``<!DOCTYPE`` that declares an entity or names an
  external DTD: an external entity can read a local file (XXE), internal ones
  can expand without bound ("billion laughs").  Python's SAX reader does not
  fetch external entities, but nothing is left to chance: the document is
  refused at the declaration, before any entity is expanded or fetched;
* JSON-LD whose ``@context`` (or ``@import``) is a reference rather than an
  inline object (``http://...``, ``file:...``, a relative name): rdflib would
  fetch it from the network or the disk.  Contexts must be inline;
* nesting deeper than rdflib's reader can follow (its recursion limit): a
  clear message, not a ``RecursionError`` traceback.

Errors are :class:`RdfInputError` (a ``ValueError``), whose message starts with
the file's path.  A file that cannot be opened raises ``OSError`` as
:func:`open` would, so callers keep their own "no such file" messages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.parsers import expat

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.util import guess_format

#: The formats :func:`parse_file` reads (rdflib's names), and Oxigraph's name for each it can check first.
#: Graph formats only: what smkg reads is a graph (a dataset is the store, which Oxigraph reads itself).
FORMATS: dict[str, ox.RdfFormat | None] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "json-ld": None,
    "n3": None,
}
_ALIASES = {"ttl": "turtle", "ntriples": "nt", "nt11": "nt", "rdf/xml": "xml", "rdfxml": "xml",
            "application/rdf+xml": "xml", "jsonld": "json-ld", "text/turtle": "turtle"}
_OX_LOCATION = re.compile(r"^Parser error (?:at line \d+ between columns \d+ and \d+"
                          r"|between line \d+ column \d+ and line \d+ column \d+): ")
#: What cannot be written in an IRI (RFC 3987): spaces and controls, and ``<>"{}|\^```.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`]')


class RdfInputError(ValueError):
    """An RDF file smkg will not read: a syntax error, an invalid IRI, an entity, a remote context.
    ``where`` is ``FILE:LINE:COLUMN`` (or ``FILE`` alone), ``reason`` what is wrong; the message is both."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where, self.reason = where, reason

    def __reduce__(self):  # picklable across processes, though __init__ takes two arguments
        return type(self), (self.where, self.reason)


def parse_file(path: Path | str, format: str | None = None, into: Graph | None = None) -> Graph:
    """The triples of the RDF file at ``path``, checked as the module docstring says.

    ``format`` is one of :data:`FORMATS` (or a common alias), guessed from the
    suffix when not given (Turtle when the suffix says nothing).  With ``into``,
    the triples (and the file's prefixes) are added to that graph, and only once
    the whole file has been read and checked; it is returned."""
    path = Path(path)
    data = path.read_bytes()
    fmt = _format(path, format)
    base = path.resolve().as_uri()
    if fmt == "xml":
        _refuse_entities(path, data)
    if fmt == "json-ld":
        check_jsonld(path, _json(path, data), data)
    checker = FORMATS[fmt]
    if checker is not None:
        _oxigraph_check(path, data, checker, base)
    graph = Graph(bind_namespaces="none")
    try:
        graph.parse(data=data, format=fmt, publicID=base)
    except RecursionError:
        raise RdfInputError(str(path), "nested too deeply to read (lists or [ ] within one another)") from None
    except Exception as err:  # rdflib's parsers raise many kinds; all mean "cannot read"
        raise RdfInputError(f"{path}:{_where(err, data)}", _message(err)) from err
    check_iris(graph, path, data)
    target = Graph() if into is None else into  # a new graph as rdflib makes one: its usual prefixes
    for prefix, namespace in graph.namespaces():
        target.bind(prefix, namespace)  # as rdflib's parsers bind the file's prefixes
    target += graph
    return target


def check_iris(graph: Graph, path: Path | str = "<graph>", data: bytes = b"") -> None:
    """Refuse a graph holding an IRI the store would refuse (spaces, ``<``, ``>``, ``"``, ``{``, ``}``...)."""
    seen: set[str] = set()
    for triple in graph:
        for term in triple:
            iri = term.datatype if isinstance(term, Literal) else term if isinstance(term, URIRef) else None
            if iri is None or iri in seen:
                continue
            seen.add(iri)
            problem = iri_problem(str(iri))
            if problem:
                raise RdfInputError(f"{path}:{_find(data, str(iri))}", f"invalid IRI <{iri}>: {problem}")


def iri_problem(iri: str) -> str | None:
    """Why ``iri`` is not an absolute IRI the store accepts, or None when it is one."""
    try:
        ox.NamedNode(iri)
    except (ValueError, UnicodeError) as err:
        return str(err)
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri):
        return "not absolute (no scheme)"
    return None


def read_context(path: Path | str) -> dict:
    """The inline ``@context`` object of the JSON-LD context file at ``path`` (a remote one is refused)."""
    path = Path(path)
    data = path.read_bytes()
    document = _json(path, data)
    check_jsonld(path, document, data)
    context = document.get("@context") if isinstance(document, dict) else None
    if not isinstance(context, dict):
        raise RdfInputError(str(path), 'no inline "@context": {...} object')
    return context


def check_jsonld(path: Path | str, document: object, data: bytes = b"") -> None:
    """Refuse a JSON-LD document naming a context to fetch (``"@context"`` or ``"@import"`` given a string:
    ``http://...``, ``file:...`` or a name relative to the file), anywhere in it; and one writing an IRI
    with a space, ``<``, ``>``, ``"``, ``{``, ``}``... (in ``@id``, ``@type``, ``@vocab``, ``@base``, a
    context's term, or a key with a colon), which JSON-LD readers drop without a word."""
    stack: list[tuple[object, bool]] = [(document, False)]
    while stack:  # not recursive: a deeply nested document cannot exhaust the stack
        node, in_context = stack.pop()
        if isinstance(node, list):
            stack.extend((item, in_context) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if key in ("@context", "@import"):
                for ref in value if isinstance(value, list) else [value]:
                    if isinstance(ref, str):
                        raise RdfInputError(
                            f"{path}:{_find(data, ref)}", f"JSON-LD {key} {ref!r} names a context to fetch (from "
                            f"the network or the disk); refused: give the context inline, as an object")
            if ":" in key and _IRI_FORBIDDEN.search(key):
                _bad_iri(path, data, key)
            iri_valued = in_context or key in ("@id", "@type", "@vocab", "@base", "@reverse")
            for item in value if isinstance(value, list) else [value]:
                if iri_valued and key not in ("@language", "@direction") and isinstance(item, str) \
                        and _IRI_FORBIDDEN.search(item):
                    _bad_iri(path, data, item)
            stack.append((value, key == "@context" or (in_context and key not in ("@id", "@type"))))


def _bad_iri(path: Path | str, data: bytes, iri: str) -> None:
    bad = _IRI_FORBIDDEN.search(iri)[0]
    raise RdfInputError(f"{path}:{_find(data, json.dumps(iri, ensure_ascii=False)[1:-1])}",
                        f"invalid IRI {iri!r}: {bad!r} cannot be written in an IRI "
                        f"(JSON-LD readers would drop it without a word)")


# --- the checks ---------------------------------------------------------------------


def _format(path: Path, given: str | None) -> str:
    fmt = given or guess_format(str(path)) or "turtle"
    fmt = _ALIASES.get(fmt.lower(), fmt.lower())
    if fmt not in FORMATS:
        raise RdfInputError(str(path), f"unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}")
    return fmt


def _refuse_entities(path: Path, data: bytes) -> None:
    """Read the XML with expat, refusing an entity declaration or an external DTD when it is met
    (before any entity is expanded or fetched); a malformed document is reported where it breaks."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(what: str) -> None:
        raise RdfInputError(f"{path}:{parser.CurrentLineNumber}:{parser.CurrentColumnNumber + 1}",
                            f"{what}; refused: entities can read local files or expand without bound")

    def doctype(_name, system_id, public_id, _internal) -> None:
        if system_id or public_id:
            refuse(f"the DOCTYPE names an external DTD ({system_id or public_id!r})")

    def entity(name, *_rest) -> None:
        refuse(f"the DOCTYPE declares the entity {name!r}")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = lambda *_args: refuse("the document refers to an external entity")
    try:
        parser.Parse(data, True)
    except expat.ExpatError as err:
        raise RdfInputError(f"{path}:{err.lineno}:{err.offset + 1}",
                            f"not well-formed XML: {expat.ErrorString(err.code)}") from None


def _json(path: Path, data: bytes) -> object:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise RdfInputError(str(path), f"not UTF-8 (byte {err.start})") from None
    except json.JSONDecodeError as err:
        raise RdfInputError(f"{path}:{err.lineno}:{err.colno}", f"not JSON: {err.msg}") from None
    except RecursionError:
        raise RdfInputError(str(path), "JSON nested too deeply to read") from None


def _oxigraph_check(path: Path, data: bytes, fmt: ox.RdfFormat, base: str) -> None:
    """Oxigraph's strict reading: syntax and IRIs, with the line and column of a fault."""
    try:
        for _quad in ox.parse(data, format=fmt, base_iri=base):
            pass
    except SyntaxError as err:
        message = _OX_LOCATION.sub("", err.msg or str(err))
        if err.lineno:
            where = f"{err.lineno}:{err.offset or 1}"
        else:  # Oxigraph's RDF/XML reader does not say where: find the IRI it names
            named = re.search(r"IRI '([^']*)'", message)
            where = _find(data, named[1]) if named else "1:1"
        raise RdfInputError(f"{path}:{where}", message) from None


def _where(err: Exception, data: bytes) -> str:
    """``LINE:COLUMN`` of a parser error of rdflib (BadSyntax, or SAX's), as well as it says."""
    line_getter = getattr(err, "getLineNumber", None)
    if callable(line_getter):  # xml.sax.SAXParseException
        return f"{line_getter()}:{(err.getColumnNumber() or 0) + 1}"
    lines, offset, text = getattr(err, "lines", None), getattr(err, "_i", None), getattr(err, "_str", None)
    if isinstance(lines, int):  # notation3's BadSyntax: lines counted from 0, an offset into the text
        column = 1
        if isinstance(offset, int) and isinstance(text, (bytes, str)):
            start = text.rfind(b"\n" if isinstance(text, bytes) else "\n", 0, offset) + 1
            column = offset - start + 1
        return f"{lines + 1}:{column}"
    return "1:1"


def _message(err: Exception) -> str:
    why = getattr(err, "_why", None)
    return why if isinstance(why, str) else " ".join(str(err).split())[:300] or type(err).__name__


def _find(data: bytes, text: str) -> str:
    """``LINE:COLUMN`` of the first place ``text`` is written in ``data`` (``1:1`` when it is not found as is)."""
    source = data.decode("utf-8", errors="replace")
    at = source.find(text)
    if at < 0:
        return "1:1"
    line = source.count("\n", 0, at) + 1
    return f"{line}:{at - (source.rfind(chr(10), 0, at) + 1) + 1}"


__all__ = ["FORMATS", "RdfInputError", "check_iris", "check_jsonld", "iri_problem", "parse_file", "read_context"]
