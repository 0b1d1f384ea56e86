"""The ``smkg`` command: a thin layer over the library."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import build as build_module

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="smkg: a knowledge graph of UK smart metering governance.")


@app.command()
def build(
    paths: Optional[list[Path]] = typer.Argument(None, help="Source texts or folders (default: the bundled corpus)."),
    store: Path = typer.Option(Path("out"), "--store", help="Store directory."),
    fresh: bool = typer.Option(False, "--fresh", help="Start from an empty store."),
) -> None:
    """Read source texts into the store."""
    for p in paths or []:
        if not p.exists():
            typer.echo(f"error: {p}: no such file or folder", err=True)
            raise typer.Exit(2)
    summary = build_module.build(list(paths) if paths else None, store, fresh=fresh)
    for line in summary.lines():
        typer.echo(line)
    if summary.texts == 0 and summary.errors:
        raise typer.Exit(2)


@app.command()
def docs(out: Path = typer.Option(Path("out/docs"), "-o", "--out", help="Output folder.")) -> None:
    """Write offline HTML documentation of the ontology."""
    from .docs import DocsError, write_docs

    try:
        typer.echo(write_docs(out))
    except DocsError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err


if __name__ == "__main__":
    app()
