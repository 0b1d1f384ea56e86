"""The ``smkg`` command: a thin layer over the library."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn, Optional

import typer

from . import build as build_module
from .bundle import FORMATS as EXPORT_FORMATS
from .bundle import export as export_one
from .bundle import export_bundle, format_for
from .exports import ExportError
from .files import write_atomically
from .manifest import ManifestError
from .queries import (
    DEFAULT_TIMEOUT,
    FORMATS,
    QueryError,
    catalogue,
    format_rows,
    load_query,
    parse_params,
    query_from_file,
    run_named,
)
from .rdfio import RdfInputError
from .remote import PRESETS, TIMEOUT_S, Endpoint, RemoteError
from .remote import push as push_graphs
from .tables import export_tables
from .validate import ENGINES, SEVERITIES, ValidationError, validate_store


class Interrupted(BaseException):
    """SIGINT (Ctrl-C) or SIGTERM, raised in the main thread like KeyboardInterrupt: every ``finally`` and
    ``except BaseException`` on the way out runs (temporary files removed, the store closed, workers stopped)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


#: What ``smkg`` says when SIGINT or SIGTERM stops it; it then exits 130 or 143 (128 + the signal's number).
INTERRUPTED = "interrupted; outputs are as they were before, or complete; run again to finish"


class _Interruptible(typer.Typer):
    """The command line, stopped cleanly by SIGINT and SIGTERM (Python's default for SIGTERM is to die at once,
    leaving its temporary files; the library's own use, and CliRunner in the tests, keep Python's defaults)."""

    def __call__(self, *args, **kwargs):
        import signal
        import threading
        import time

        received: dict[str, float] = {}

        def interrupt(signum, frame):
            received.setdefault("signum", signum)
            waited = time.monotonic() - received.setdefault("at", time.monotonic())
            if _in_pool_machinery(frame) and waited < 2:
                # raised in there, it would leave the pool half made: raised again in a moment, once the main thread
                # waits for a result (for 2 s at most: a pool that Ctrl-C broke as it started may wait for ever)
                timer = threading.Timer(0.05, again, (signum,))
                timer.daemon = True
                timer.start()
                return
            raise Interrupted(signum)

        def again(signum):
            if not received.get("done"):
                os.kill(os.getpid(), signum)

        previous = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup, or a background job: leave it ignored
                    previous[signum] = signal.signal(signum, interrupt)
        try:
            return super().__call__(*args, **kwargs)
        except BaseException as stop:  # interrupted, or failed (a pool's worker died of Ctrl-C) once signalled
            signum = stop.signum if isinstance(stop, Interrupted) else received.get("signum")
            if signum is None or isinstance(stop, SystemExit) and stop.code in (0, None):
                raise
            received["done"] = True
            for s in previous:  # cleaned up: a second signal now just ends the process
                signal.signal(s, signal.SIG_DFL)
            _stop_workers()
            typer.echo(INTERRUPTED, err=True)
            sys.exit(128 + signum)
        finally:
            received["done"] = True
            for s, handler in previous.items():
                signal.signal(s, handler)


def _stop_workers() -> None:
    """Stop what is left of a pool of worker processes (one that Ctrl-C broke while it started: its shutdown, and
    Python's exit after it, would wait for them); they write nothing."""
    import multiprocessing

    for child in multiprocessing.active_children():
        child.terminate()


def _in_pool_machinery(frame) -> bool:
    """Whether the main thread is starting, feeding or stopping a pool of processes (the build's readers) rather
    than waiting for a result: an exception raised in there leaves the pool half made, and its shutdown then
    fails or waits for ever."""
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module == "concurrent.futures._base" and frame.f_code.co_name in ("result", "exception", "wait"):
            return False  # waiting: stopping there is clean (the work not started is cancelled)
        if module.startswith(("concurrent.futures", "multiprocessing")):
            return True
        frame = frame.f_back
    return False


app = _Interruptible(add_completion=False, no_args_is_help=True,
                     help="smkg: a knowledge graph of UK smart metering governance.")


@app.command()
def build(
    paths: Optional[list[Path]] = typer.Argument(None, help="Source texts or folders (default: the bundled corpus)."),
    store: Path = typer.Option(Path("out"), "--store", help="Store directory."),
    fresh: bool = typer.Option(False, "--fresh", help="Start from an empty store."),
    validate: bool = typer.Option(True, "--validate/--no-validate", help="Check the store against the shapes."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 when validation finds anything this "
                                          "severe or worse (violation, warning, info); default: never."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Processes reading texts at once "
                                       "(default: one per core)."),
    snapshot: bool = typer.Option(True, "--snapshot/--no-snapshot", help="Write graph.trig beside the database "
                                  "(for thousands of texts, --no-snapshot saves rewriting it on every build)."),
) -> None:
    """Read source texts into the store, then validate it (counts in the summary). A text unchanged since the
    last build into the same store is not read again."""
    for p in paths or []:
        if not p.exists():
            typer.echo(f"error: {p}: no such file or folder", err=True)
            raise typer.Exit(2)
    _check_level(fail_on)
    try:
        summary = build_module.build(list(paths) if paths else None, store, fresh=fresh,
                                     validate=validate or fail_on is not None, jobs=jobs,
                                     snapshot=snapshot)
    except (ValidationError, RdfInputError, ManifestError) as err:  # our own files: file:line:column
        _fail(err)
    for line in summary.lines():
        typer.echo(line)
    if summary.texts == 0:
        if not summary.errors:
            typer.echo(f"error: no source text (.txt, .text, .pdf) in {', '.join(map(str, paths or []))}", err=True)
        raise typer.Exit(2)
    if fail_on is not None and summary.report is not None and not summary.report.conforms(fail_on):
        raise typer.Exit(1)


@app.command()
def validate(
    store: Path = typer.Option(Path("out"), "--store", help="Store directory (built by smkg build)."),
    fail_on: str = typer.Option("violation", "--fail-on", help="Exit 1 on findings this severe or worse: "
                                "violation, warning or info."),
    fmt: str = typer.Option("text", "--format", help="Report format: text, csv, json or ttl (sh:ValidationReport)."),
    shapes: Optional[Path] = typer.Option(None, "--shapes", help="Shapes file (default: the ontology's shapes.ttl)."),
    engine: str = typer.Option("sparql", "--engine", help="sparql (our shapes compiled to SPARQL on the store) or "
                               "pyshacl (the reference: the same findings, slower)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the report here instead of stdout."),
) -> None:
    """Check the store against the shapes: exit 0 conforms, 1 does not, 2 cannot read data or shapes."""
    from .report import FORMATS, render

    _check_level(fail_on)
    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if engine not in ENGINES:
        _fail(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    try:
        report = validate_store(store, shapes, engine=engine)
    except ValidationError as err:
        _fail(err)
    text = render(report, fmt, fail_on)
    if output is None:
        typer.echo(text, nl=False)
    else:
        try:
            write_atomically(output, text)
        except OSError as err:
            _fail(f"{output}: {err.strerror or err}")
        typer.echo(f"{output}: {report.summary()}")
    if not report.conforms(fail_on):
        raise typer.Exit(1)


def _check_level(level: str | None) -> None:
    if level is not None and level.lower() not in [s.lower() for s in SEVERITIES]:
        _fail(f"unknown --fail-on level {level!r}; use violation, warning or info")


@app.command()
def docs(out: Path = typer.Option(Path("out/docs"), "-o", "--out", help="Output folder.")) -> None:
    """Write offline HTML documentation of the ontology."""
    from .docs import DocsError, write_docs

    try:
        typer.echo(write_docs(out))
    except DocsError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err


@app.command()
def query(
    name: Optional[str] = typer.Argument(None, help="The query: a file name in queries/ without .rq (e.g. in-force)."),
    param: Optional[list[str]] = typer.Option(None, "--param", "-p", help="A parameter, NAME=VALUE (repeatable)."),
    store: Path = typer.Option(Path("out"), "--store", help="Store directory (built by smkg build)."),
    fmt: str = typer.Option("csv", "--format", help="Output format: table, csv, tsv or json."),
    list_queries: bool = typer.Option(False, "--list", help="List the named queries, their questions and parameters."),
    file: Optional[Path] = typer.Option(None, "--file", help="Run this .rq file (with a header, or a bare SELECT)."),
    allow_remote: bool = typer.Option(False, "--allow-remote", help="Allow SERVICE and LOAD, which reach outside."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Ask this SPARQL 1.1 server instead of the "
                                           "store: its query URL, or its base URL with --preset."),
    preset: Optional[str] = typer.Option(None, "--preset", help="The server's URL layout: " + ", ".join(PRESETS) + "."),
    user: Optional[str] = typer.Option(None, "--user", help="User name for the server (password: SMKG_PASSWORD)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", min=0, help="Stop the query after this many seconds "
                                            "(default: 60 on the store, 0: no limit; on a server, how long to wait)."),
) -> None:
    """Run a named query (queries/NAME.rq) on the store, or on a SPARQL server, and print its table."""
    try:
        if list_queries:
            typer.echo(catalogue(), nl=False)
            return
        if fmt not in FORMATS:
            raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        if (name is None) == (file is None):
            raise QueryError("name one query, or give --file Q.rq (smkg query --list shows the named ones)")
        named = load_query(name) if name else query_from_file(file)
        server = _endpoint(endpoint, None, preset, user) if endpoint else None
        rows = run_named(named, store, parse_params(param or []), allow_remote=allow_remote, endpoint=server,
                         timeout=DEFAULT_TIMEOUT if timeout is None and server is None else timeout)
        typer.echo(format_rows(rows, named.columns, fmt), nl=False)
    except QueryError as err:
        _fail(err)


@app.command()
def push(
    endpoint: str = typer.Option(..., "--endpoint", help="The server's query URL, or its base URL with --preset."),
    gsp: Optional[str] = typer.Option(None, "--gsp", help="The server's Graph Store Protocol URL."),
    preset: Optional[str] = typer.Option(None, "--preset", help="The server's URL layout: " + ", ".join(PRESETS) + "."),
    user: Optional[str] = typer.Option(None, "--user", help="User name for the server (password: SMKG_PASSWORD)."),
    timeout: float = typer.Option(TIMEOUT_S, "--timeout", min=0.001, help="Seconds to wait for the server's answer "
                                  "to each request."),
    store: Path = typer.Option(Path("out"), "--store", help="Store directory (built by smkg build)."),
) -> None:
    """Load each named graph of the store into a SPARQL server (whole-graph PUT), then check the counts."""
    try:
        counts = push_graphs(store, _endpoint(endpoint, gsp, preset, user, timeout))
    except RemoteError as err:
        _fail(err)
    for name, count in counts.items():
        typer.echo(f"{name}: {count} triples")
    typer.echo(f"pushed {len(counts)} graphs, {sum(counts.values())} triples; the server holds the same")


def _endpoint(url: str, gsp: str | None, preset: str | None, user: str | None,
              timeout: float = TIMEOUT_S) -> Endpoint:
    try:
        return Endpoint.from_options(url, gsp, preset, user, os.environ.get("SMKG_PASSWORD") if user else None,
                                     timeout)
    except RemoteError as err:
        _fail(err)


@app.command()
def export(
    tables: Optional[Path] = typer.Option(None, "--tables", help="Write the tables as CSV with CSVW metadata here."),
    excel: bool = typer.Option(False, "--excel", help="With --tables: CSV for Excel (a BOM, formulas made inert)."),
    bundle: Optional[Path] = typer.Option(None, "--bundle", help="Write every export, and its DCAT catalogue, here."),
    publisher: str = typer.Option("smkg", "--publisher", help="With --bundle: who publishes it, for the catalogue."),
    fmt: Optional[str] = typer.Option(None, "--format", help="One of " + ", ".join(EXPORT_FORMATS)
                                      + " (default: from the -o extension)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="The file to write ('-' or none: stdout)."),
    store: Path = typer.Option(Path("out"), "--store", help="Store directory (built by smkg build)."),
) -> None:
    """Export from the store: --format/-o one file (RDF, the ELI view, a network, or the tables as XLSX);
    --tables DIR the tables as CSV; --bundle DIR all of them with a DCAT catalogue."""
    if tables is None and bundle is None and fmt is None and output is None:
        _fail("say what to export: --bundle DIR, --tables DIR, or --format " + "|".join(EXPORT_FORMATS) + " [-o FILE]")
    try:
        if tables is not None:
            for path in export_tables(store, tables, excel=excel):
                typer.echo(str(path))
        if bundle is not None:
            for path in export_bundle(store, bundle, publisher):
                typer.echo(str(path))
        if fmt is not None or output is not None:
            data = export_one(store, format_for(output, fmt))
            if output is None or str(output) == "-":
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            else:
                write_atomically(output, data)
                typer.echo(str(output), err=True)
    except (QueryError, ExportError, RdfInputError, OSError) as err:
        _fail(err)


@app.command()
def viz(
    store: Path = typer.Option(Path("out"), "--store", help="Store directory (built by smkg build)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="The file to write ('-': stdout; default: "
                                          "smkg.html, lineage.svg or timeline.png in the store directory)."),
    fmt: Optional[str] = typer.Option(None, "--format", help="html (the offline page), svg (one document's "
                                      "lineage) or png (the timeline); default: from the -o extension, else html."),
    document: Optional[str] = typer.Option(None, "--document", help="The document whose lineage to show (its name "
                                           "or IRI; default: the one with the most versions)."),
) -> None:
    """Draw the store: one self-contained offline HTML page (network, lineage, timeline), or a picture."""
    suffix = output.suffix.lower().lstrip(".") if output is not None and str(output) != "-" else ""
    fmt = (fmt or (suffix if suffix in ("html", "svg", "png") else "html")).lower()
    if fmt not in ("html", "svg", "png"):
        _fail(f"unknown format {fmt!r}; use html, svg or png")
    data = _drawing(store, fmt, document)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(data.encode("utf-8") if isinstance(data, str) else data)
        sys.stdout.flush()
        return
    target = output or store / {"html": "smkg.html", "svg": "lineage.svg", "png": "timeline.png"}[fmt]
    try:
        write_atomically(target, data)
    except OSError as err:
        _fail(f"{target}: {err.strerror or err}")
    typer.echo(str(target))


def _drawing(store: Path, fmt: str, document: str | None) -> str | bytes:
    """The page or picture ``smkg viz`` writes."""
    if fmt == "html":
        from .page import PageError, render_page

        try:
            return render_page(store, document)
        except (PageError, OSError) as err:
            _fail(err)
    from . import pictures

    try:
        if fmt == "png":
            return pictures.timeline_png(store)
        if document is None:
            from .page import default_document
            from .visualise import to_networkx

            graph = to_networkx(store)
            chosen = default_document(graph)
            if chosen is None:
                _fail(f"no document in the store {store}; build one first, or name one with --document")
            document = graph.nodes[chosen]["label"]
        return pictures.lineage_svg(store, document)
    except (pictures.PictureError, OSError) as err:
        _fail(err)


def _fail(message: object) -> NoReturn:
    """Exit 2 with a one-line ``error: ...`` on stderr."""
    typer.echo("error: " + " ".join(str(message).split()), err=True)
    raise typer.Exit(2)


if __name__ == "__main__":
    app()
