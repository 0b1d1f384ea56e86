"""HTML documentation of the smkg ontology, made with pyLODE and readable offline.

:func:`write_docs` renders ``ontology/smkg.ttl`` (or any OWL file) with
pyLODE 3.3's ``OntPub`` profile into one self-contained ``index.html``.

What it takes to make pyLODE's page offline (checked against pyLODE 3.3.4):

* pyLODE itself loads nothing remote: with ``include_css=True`` (the default,
  used here) its stylesheet is inlined in a ``<style>`` element, its two
  favicons are ``data:`` URIs, and the schema.org description is an inline
  JSON-LD ``<script>`` that browsers do not run.  Its links to GitHub, to the
  profile and to the terms' IRIs are plain ``<a href>`` links, which a reader
  may follow but the page never fetches; they are kept.
* But ontology descriptions are rendered as Markdown, so an
  ``![logo](https://…)`` in an ``rdfs:comment`` becomes an ``<img>`` with a
  remote ``src``.  :func:`make_offline` therefore removes every attribute that
  would make the browser fetch something (``src``, ``srcset``, ``poster``,
  ``data``) when it points off the page, drops every ``<link>`` and
  ``<script src>`` element that points off the page, and removes remote
  ``@import`` and ``url(…)`` from inline CSS.  ``data:`` URIs and fragment
  links are kept.
* As a second guard, it adds a Content-Security-Policy ``<meta>`` that allows
  only inline styles and ``data:`` images, so a browser refuses any other
  request the page might still try to make.

Other things pyLODE does that we work around:

* ``pylode.utils.load_ontology`` prints the error and calls ``exit()`` when a
  file cannot be parsed; so we parse the ontology with rdflib ourselves and
  hand pyLODE the graph, raising :class:`DocsError` (naming the file) instead.
* Importing pylode calls ``logging.basicConfig(level=DEBUG)`` on the root
  logger (in ``pylode.profiles.supermodel.loader``), and its module-level
  ``logging.info`` calls add a root handler; we import it lazily and put the
  root logger back as it was after rendering.

The page is written to a temporary file in the output folder and moved into
place with ``os.replace``, so a reader never sees a half-written page.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF
from rdflib.util import guess_format

from graph import resources

#: The page :func:`write_docs` writes inside its output folder.
DOCS_FILE = "index.html"

#: Allows inline styles and ``data:`` images only; everything else is refused.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


class DocsError(RuntimeError):
    """The documentation could not be made (the message names the ontology file)."""


# A URL that makes the browser go off the page: http(s), protocol-relative, ftp, file.
_REMOTE_URL = re.compile(r"""^\s*(?:(?:https?|ftp|file):|//)""", re.IGNORECASE)
_FETCH_ATTR = re.compile(
    r"""\s(?:src|srcset|poster|data)\s*=\s*(?P<q>["'])(?P<url>.*?)(?P=q)""",
    re.IGNORECASE | re.DOTALL,
)
_LINK = re.compile(r"""<link\b[^>]*>""", re.IGNORECASE)
_HREF = re.compile(r"""\shref\s*=\s*(?P<q>["'])(?P<url>.*?)(?P=q)""", re.IGNORECASE | re.DOTALL)
_SCRIPT_SRC = re.compile(r"""<script\b(?P<attrs>[^>]*)>.*?</script\s*>""", re.IGNORECASE | re.DOTALL)
_STYLE = re.compile(r"""(<style\b[^>]*>)(.*?)(</style\s*>)""", re.IGNORECASE | re.DOTALL)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?(?P<url>[^"')\s;]+)["']?\s*\)?[^;]*;""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(?P<q>["']?)(?P<url>[^"')]*)(?P=q)\s*\)""", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def _is_remote(url: str) -> bool:
    return bool(_REMOTE_URL.match(url))


def make_offline(html: str) -> str:
    """``html`` with every reference that would make a browser fetch something
    off the page removed, and a Content-Security-Policy that forbids the rest."""

    def fetch_attr(m: re.Match[str]) -> str:
        url = m.group("url")
        if m.group(0).lstrip().lower().startswith("srcset"):
            remote = any(_is_remote(part.strip()) for part in url.split(","))
        else:
            remote = _is_remote(url)
        return "" if remote else m.group(0)

    def link(m: re.Match[str]) -> str:
        href = _HREF.search(m.group(0))
        return "" if href and _is_remote(href.group("url")) else m.group(0)

    def script(m: re.Match[str]) -> str:
        src = re.search(r"""\ssrc\s*=\s*(["'])(.*?)\1""", m.group("attrs"), re.IGNORECASE)
        return "" if src and _is_remote(src.group(2)) else m.group(0)

    def style(m: re.Match[str]) -> str:
        css = _CSS_IMPORT.sub(lambda i: "" if _is_remote(i.group("url")) else i.group(0), m.group(2))
        css = _CSS_URL.sub(lambda u: "none" if _is_remote(u.group("url")) else u.group(0), css)
        return m.group(1) + css + m.group(3)

    html = _SCRIPT_SRC.sub(script, html)
    html = _LINK.sub(link, html)
    html = _STYLE.sub(style, html)
    html = _FETCH_ATTR.sub(fetch_attr, html)
    html = re.sub(r"""(\sstyle\s*=\s*(["']))(.*?)(\2)""",
                  lambda m: m.group(1) + _CSS_URL.sub(
                      lambda u: "none" if _is_remote(u.group("url")) else u.group(0), m.group(3)) + m.group(4),
                  html, flags=re.IGNORECASE | re.DOTALL)
    csp = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    if "Content-Security-Policy" not in html:
        html, n = _HEAD.subn(lambda m: m.group(0) + "\n    " + csp, html, count=1)
        if not n:
            raise DocsError("pyLODE wrote a page without <head>; cannot add the Content-Security-Policy")
    return html


def _read_ontology(path: Path) -> Graph:
    if not path.is_file():
        raise DocsError(f"{path}: no such ontology file")
    g = Graph()
    try:
        g.parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib's parsers raise many kinds of error
        raise DocsError(f"{path}: cannot read the ontology: {exc}") from exc
    if (None, RDF.type, OWL.Ontology) not in g:
        raise DocsError(f"{path}: declares no owl:Ontology, so there is nothing to document")
    return g


@contextmanager
def _root_logger_kept():
    """Undo what pyLODE does to the root logger: importing it calls
    ``logging.basicConfig(level=DEBUG)``, and its module-level ``logging.info``
    calls add a handler to the root logger when it has none.  While pyLODE
    runs, a root logger without handlers gets a NullHandler, so its chatter
    goes nowhere unless the application has set up logging itself."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    quiet = logging.NullHandler()
    if not handlers:  # basicConfig() does nothing while the root has a handler
        root.addHandler(quiet)
    try:
        yield
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)


def render_docs(ontology: Path | None = None) -> str:
    """The offline HTML documentation of ``ontology`` (default: smkg's own)."""
    path = Path(ontology) if ontology is not None else resources.ontology_file()
    g = _read_ontology(path)
    with _root_logger_kept():
        from pylode import OntPub, PylodeError

        try:
            html = OntPub(ontology=g).make_html(include_css=True)
        except PylodeError as exc:
            raise DocsError(f"{path}: pyLODE cannot document it: {exc}") from exc
        except (SystemExit, Exception) as exc:  # pyLODE may exit() on bad input
            raise DocsError(f"{path}: pyLODE failed: {type(exc).__name__}: {exc}") from exc
    return make_offline(html)


def write_docs(out_dir: Path, ontology: Path | None = None) -> Path:
    """Write ``out_dir/index.html``, the documentation of ``ontology``
    (default ``ontology/smkg.ttl``), atomically; return its path.

    Raises :class:`DocsError`, naming the file, if the ontology is missing,
    cannot be parsed, or is not one pyLODE can document.
    """
    html = render_docs(ontology)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / DOCS_FILE
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{DOCS_FILE}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(html)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


__all__ = ["CSP", "DOCS_FILE", "DocsError", "make_offline", "render_docs", "write_docs"]
