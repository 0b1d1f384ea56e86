"""``smkg export --tables``: the facts tables, one CSV file per named query."""

from __future__ import annotations

from pathlib import Path

from .files import write_atomically
from .queries import load_query, rows_to_csv, run_query

#: The facts tables, in the order they are written.
TABLES: tuple[str, ...] = ("sources", "consultations", "decisions", "mentions")


def export_tables(store_dir: Path, out_dir: Path) -> list[Path]:
    """Write ``out_dir/NAME.csv`` for each of :data:`TABLES`; return the paths.

    Every table is computed before any file is written, and each file is
    written to a temporary file in ``out_dir`` then renamed over the target, so
    a failure never leaves a half-written table.  CSV: a header row of the
    query's columns, UTF-8, ``"\\n"`` line ends."""
    contents: dict[str, str] = {}
    for name in TABLES:
        query = load_query(name)
        contents[name] = rows_to_csv(run_query(name, store_dir), query.columns)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_atomically(out_dir / f"{name}.csv", text) for name, text in contents.items()]


__all__ = ["TABLES", "export_tables"]
