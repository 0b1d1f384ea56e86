"""The build cache: what each source text gave last time, keyed by the SHA-256 of
its bytes and the version of the extractors, so that an unchanged text is never
read again and a changed one replaces only its own named graph.

The extractors' version is a digest of everything that decides what a text
gives: the package's Python sources, the ontology and its reference data (the
labels the extractors match).  Change any of them and every text is read again.
The cache is ``cache.json`` in the store's folder, written whole or not at all.
It also keeps the last validation report, with a digest of the graphs and shapes
it was made on: a build that changed nothing gives it again without validating.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from .files import write_atomically
from .resources import data_dir

CACHE_FILE = "cache.json"
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Entry:
    sha256: str
    facts: int
    unplaced: tuple[str, ...]


@cache
def extractor_version() -> str:
    """A digest of the code and reference data that decide what a text gives."""
    ontology = data_dir("ontology")
    return files_digest(sorted(_PACKAGE.rglob("*.py")) + [ontology / "smkg.ttl",
                                                          *sorted((ontology / "reference").glob("*.ttl"))])


def files_digest(files: list[Path]) -> str:
    """A digest of these files' names and bytes."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


class BuildCache:
    def __init__(self, path: Path, entries: dict[str, Entry], fixed: dict[str, str] | None = None) -> None:
        self.path = path
        self.entries = entries
        self.fixed = fixed or {}  # the ontology, reference and manifest graphs: name -> digest of their files
        self.snapshot_stale = False  # graph.trig is older than the store (a build stopped, or --no-snapshot)
        self._by_hash: dict[str, str] | None = None  # SHA-256 -> the first graph name recorded with it
        self.validated: dict | None = None  # {"key": the store and shapes it was made on, "findings": [...]}

    @classmethod
    def load(cls, store_dir: Path, fresh: bool = False) -> BuildCache:
        """The cache of the store at ``store_dir``: empty when fresh, missing, unreadable, or of other extractors."""
        path = Path(store_dir) / CACHE_FILE
        try:
            body = {} if fresh else json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            body = {}
        if body.get("extractors") != extractor_version():
            return cls(path, {})
        entries = {name: Entry(e["sha256"], e["facts"], tuple(e["unplaced"])) for name, e in body["texts"].items()}
        cache = cls(path, entries, body.get("fixed", {}))
        cache.snapshot_stale = bool(body.get("snapshot_stale", False))
        validated = body.get("validated")
        if isinstance(validated, dict) and isinstance(validated.get("key"), str):
            cache.validated = validated
        return cache

    def unchanged(self, graph_name: str, sha256: str) -> Entry | None:
        """What the text gave last time, if its bytes are the same."""
        entry = self.entries.get(graph_name)
        return entry if entry is not None and entry.sha256 == sha256 else None

    def graph_with_hash(self, sha256: str) -> str | None:
        """The first graph (by name) recorded with these bytes; a build asks it for every text."""
        if self._by_hash is None:
            self._by_hash = {}
            for name, e in sorted(self.entries.items(), reverse=True):
                self._by_hash[e.sha256] = name
        return self._by_hash.get(sha256)

    def forget(self, graph_name: str) -> None:
        """The graph is about to be replaced: until it is recorded again, no text's bytes match it."""
        if self.entries.pop(graph_name, None) is not None:
            self._by_hash = None

    def record(self, graph_name: str, sha256: str, facts: int, unplaced: tuple[str, ...]) -> None:
        self.entries[graph_name] = Entry(sha256, facts, tuple(unplaced))
        self._by_hash = None  # made again when next asked

    def store_key(self, graph_names: list[str], shapes: Path) -> str | None:
        """A digest of what validation sees: every graph of the store (a text's by the SHA-256 of
        its bytes, the ontology's, reference data's and manifest's by their files) and the shapes;
        None when the store holds a graph this cache does not know (its report is not reused)."""
        digest = hashlib.sha256(f"shapes {files_digest([shapes])}\n".encode())
        for name in sorted(graph_names):
            known = self.entries[name].sha256 if name in self.entries else self.fixed.get(name)
            if known is None:
                return None
            digest.update(f"{name} {known}\n".encode())
        return digest.hexdigest()

    def save(self) -> None:
        body = {"extractors": extractor_version(), "fixed": dict(sorted(self.fixed.items())),
                "snapshot_stale": self.snapshot_stale,
                "texts": {name: asdict(e) for name, e in sorted(self.entries.items())}}
        if self.validated is not None:
            body["validated"] = self.validated
        write_atomically(self.path, json.dumps(body, indent=1, sort_keys=True) + "\n")
