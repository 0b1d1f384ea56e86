"""Every export by name, and ``smkg export --bundle DIR``: all of them at once,
with the DCAT description of what was written (``catalog.ttl``).

A bundle is computed whole in memory before its first file is written; each
file is then written to a temporary file and renamed over the old one, and
the catalogue last, with the size and SHA-256 of every file it lists.  So a
failure (a read-only folder, a full disk) never leaves a partial file, the
files not yet rewritten keep their previous content, and a catalogue always
matches the files it describes once it is written.
"""

from __future__ import annotations

from pathlib import Path

from .dcat import catalogue
from .exports import FORMATS as RDF_FORMATS
from .exports import ExportError, export_rdf
from .files import write_atomically
from .networks import NETWORK_FORMATS, export_network
from .tables import table_files, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Every single-file export: name -> (file extensions, media type).
FORMATS: dict[str, tuple[tuple[str, ...], str]] = {
    **{name: (suffixes, media) for name, (suffixes, media, _) in RDF_FORMATS.items()},
    **NETWORK_FORMATS,
    "xlsx": ((".xlsx",), XLSX),
}
#: What a bundle holds: file name -> format.
BUNDLE: dict[str, str] = {
    "graph.trig": "trig", "graph.nq": "nquads", "graph.ttl": "turtle", "graph.nt": "ntriples",
    "graph.jsonld": "jsonld", "graph.rdf": "rdfxml", "eli.ttl": "eli",
    "network.graphml": "graphml", "network.gexf": "gexf", "network.cyjs": "cyjs",
    "tables.xlsx": "xlsx",
}
CATALOGUE = "catalog.ttl"
_CSV, _CSVW = "text/csv", "application/csvm+json"


def format_for(path: Path | None, fmt: str | None) -> str:
    """The format named, or the one a file's extension says."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise ExportError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
        return fmt
    if path is None or str(path) == "-":
        raise ExportError("say which format: --format " + "|".join(FORMATS))
    suffix = Path(path).suffix.lower()
    for name, (suffixes, _) in FORMATS.items():
        if suffix in suffixes:
            return name
    raise ExportError(f"cannot tell the format of {path} from its extension; give --format " + "|".join(FORMATS))


def export(store_dir: Path, fmt: str) -> bytes:
    """The store exported in ``fmt`` (any of :data:`FORMATS`), the same bytes every time."""
    if not (Path(store_dir) / "db").is_dir():
        raise ExportError(f"no store in {store_dir}: run 'smkg build --store {store_dir}' first")
    if fmt in NETWORK_FORMATS:
        return export_network(store_dir, fmt)
    if fmt == "xlsx":
        return workbook(store_dir)
    return export_rdf(store_dir, fmt)


def bundle_files(store_dir: Path) -> dict[str, tuple[bytes, str]]:
    """Every file of a bundle but its catalogue: relative path -> (bytes, media type)."""
    files = {name: (export(store_dir, fmt), FORMATS[fmt][1]) for name, fmt in BUNDLE.items()}
    for folder, excel in (("tables", False), ("tables-for-excel", True)):
        for name, text in table_files(store_dir, excel).items():
            files[f"{folder}/{name}"] = (text.encode("utf-8"), _CSVW if name.endswith(".json") else _CSV)
    return files


def export_bundle(store_dir: Path, out_dir: Path, publisher: str = "smkg") -> list[Path]:
    """Write every export and ``catalog.ttl`` into ``out_dir``; return the paths written, catalogue last."""
    files = bundle_files(store_dir)
    about = catalogue(store_dir, files, publisher)
    out_dir = Path(out_dir)
    written = []
    for relative, (data, _) in sorted(files.items()):
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        written.append(write_atomically(target, data))
    written.append(write_atomically(out_dir / CATALOGUE, about))
    return written


__all__ = ["BUNDLE", "CATALOGUE", "FORMATS", "bundle_files", "export", "export_bundle", "format_for"]
