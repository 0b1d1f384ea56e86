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
from .queries import (
    FORMATS,
    QueryError,
    catalogue,
    format_rows,
    load_query,
    parse_params,
    query_from_file,
    run_named,
)
from .remote import PRESETS, Endpoint, RemoteError
from .remote import push as push_graphs
from .tables import export_tables
from .validate import SEVERITIES, ValidationError, validate_store

app = typer.Typer(add_completion=False, no_args_is_help=True,
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
    except ValidationError as err:
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
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the report here instead of stdout."),
) -> None:
    """Check the store against the shapes: exit 0 conforms, 1 does not, 2 cannot read data or shapes."""
    from .report import FORMATS, render

    _check_level(fail_on)
    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    try:
        report = validate_store(store, shapes)
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
        rows = run_named(named, store, parse_params(param or []), allow_remote=allow_remote, endpoint=server)
        typer.echo(format_rows(rows, named.columns, fmt), nl=False)
    except QueryError as err:
        _fail(err)


@app.command()
def push(
    endpoint: str = typer.Option(..., "--endpoint", help="The server's query URL, or its base URL with --preset."),
    gsp: Optional[str] = typer.Option(None, "--gsp", help="The server's Graph Store Protocol URL."),
    preset: Optional[str] = typer.Option(None, "--preset", help="The server's URL layout: " + ", ".join(PRESETS) + "."),
    user: Optional[str] = typer.Option(None, "--user", help="User name for the server (password: SMKG_PASSWORD)."),
    store: Path = typer.Option(Path("out"), "--store", help="Store directory (built by smkg build)."),
) -> None:
    """Load each named graph of the store into a SPARQL server (whole-graph PUT), then check the counts."""
    try:
        counts = push_graphs(store, _endpoint(endpoint, gsp, preset, user))
    except RemoteError as err:
        _fail(err)
    for name, count in counts.items():
        typer.echo(f"{name}: {count} triples")
    typer.echo(f"pushed {len(counts)} graphs, {sum(counts.values())} triples; the server holds the same")


def _endpoint(url: str, gsp: str | None, preset: str | None, user: str | None) -> Endpoint:
    try:
        return Endpoint.from_options(url, gsp, preset, user, os.environ.get("SMKG_PASSWORD") if user else None)
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
    except (QueryError, ExportError, OSError) as err:
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
