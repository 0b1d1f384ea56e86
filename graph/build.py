"""``smkg build``: the pipeline, top to bottom.

documents (bytes to text) -> segments (parts of the letter) -> facts (frozen
dataclasses) -> triples (one named graph per text) -> store (Oxigraph + TriG)
-> validation (the shapes, over all the texts together).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from rdflib import Graph

from . import iris
from .cache import BuildCache, files_digest
from .documents import PDF_SUFFIXES, Document, InputError, read_document, source_sha256
from .extractors import extract_all
from .facts import TextFacts
from .manifest import manifest_file, manifest_graph
from .namespace import GRAPH
from .progress import progress
from .rdfio import parse_file
from .reference import reference_graph
from .resources import corpus_dir, ontology_file, reference_files, shapes_file, vocabulary_files
from .segments import segment
from .store import Store
from .triples import new_graph, to_ntriples
from .validate import Report, report_from_json, report_to_json, validate_store

#: What a folder is searched for (a file named on its own may also have no suffix).
SOURCE_SUFFIXES = {".txt", ".text", ".pdf"}


@dataclass
class BuildSummary:
    texts: int = 0
    reused: int = 0  # unchanged since the last build: not read again
    facts: int = 0
    triples: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    report: Report | None = None  # None when not validated

    def lines(self) -> list[str]:
        out = [f"texts read: {self.texts}" + (f" ({self.reused} unchanged, not read again)" if self.reused else ""),
               f"facts: {self.facts}", f"triples in store: {self.triples}",
               f"time: {self.seconds:.2f} s"]
        if self.report is not None:
            out.append(f"validation: {self.report.summary()} (smkg validate for the report)")
        out += [f"duplicate content, recorded once: {d}" for d in self.duplicates]
        out += [f"error: {e}" for e in self.errors]
        out += [f"not placed: {u}" for u in self.unplaced]
        return out


def source_paths(paths: list[Path]) -> list[Path]:
    """The source files named, folders expanded, sorted for a stable build order."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(x for x in p.iterdir() if x.suffix.lower() in SOURCE_SUFFIXES)
        else:
            found.append(p)
    return found


def read_text(doc: Document) -> TextFacts:
    segments = segment(doc)
    facts, unplaced = extract_all(doc, segments)
    return TextFacts(doc.file_name, tuple(facts), tuple(unplaced))


@dataclass(frozen=True)
class Outcome:
    """What reading one source file gave: its graph as N-Triples, or the error that stopped it."""

    path: Path
    ntriples: bytes = b""
    facts: int = 0
    unplaced: tuple[str, ...] = ()
    error: str | None = None


def read_source(path: Path) -> Outcome:
    """documents -> segments -> facts -> triples, for one file; runs in a worker process."""
    try:
        doc = read_document(path)
    except InputError as err:  # one bad text never spoils the others
        return Outcome(path, error=str(err))
    try:
        result = read_text(doc)
        triples = to_ntriples(doc, result)
    except Exception as err:  # a fault of ours on one text: name it, keep the others
        return Outcome(path, error=f"{doc.file_name}: facts could not be read ({type(err).__name__}: {err})")
    return Outcome(path, triples, result.count, result.unplaced)


def _ontology_graph() -> Graph:
    g = new_graph()
    for path in [ontology_file(), *vocabulary_files()]:
        parse_file(path, into=g)  # graph.rdfio: syntax errors with file:line:column, IRIs checked
    return g


def build(paths: list[Path] | None = None, store_dir: Path = Path("out"), fresh: bool = False,
          validate: bool = True, jobs: int | None = None, snapshot: bool = True) -> BuildSummary:
    """Read the source texts into the store at ``store_dir``; a text whose bytes and
    extractors are unchanged since the last build is not read again (see :mod:`graph.cache`).
    ``snapshot``: write ``graph.trig`` beside the database when anything changed (for a large
    corpus, ``False`` saves rewriting every text's triples; ``smkg export --format trig`` makes one)."""
    started = time.perf_counter()
    summary = BuildSummary()
    store = Store(store_dir, fresh=fresh)
    cache = BuildCache.load(store_dir, fresh)
    try:
        changed = _load_fixed_graphs(store, cache)
        to_read = _plan(source_paths(paths or [corpus_dir()]), store, cache, summary)
        failed: set[str] = set()
        batch = _Batch(store, cache, to_read, summary)
        try:
            with progress("reading texts", len(to_read)) as advance:
                for outcome in _read_all(to_read, jobs):
                    advance(1)
                    if outcome.error:
                        summary.errors.append(outcome.error)
                        summary.texts -= 1
                        failed.add(outcome.path.name)
                        continue
                    changed = True  # only a text read changes the store: when all fail, graph.trig stays as it was
                    batch.add(outcome)
        finally:  # what was read before an interruption is stored and recorded
            batch.store()
        batch.finish()
        _unrecord_copies_of(failed, summary)
        if snapshot and (changed or cache.snapshot_stale or not (Path(store_dir) / "graph.trig").exists()):
            store.write_snapshot()
            cache.snapshot_stale = False
        summary.triples = store.triple_count()
        graph_names = store.graph_names()
    finally:  # what was stored is recorded even when interrupted, so a rerun reads only what is left
        store.close()
        cache.save()
    if validate:
        summary.report = _validated(store_dir, cache, graph_names)
    summary.seconds = time.perf_counter() - started
    return summary


class _Batch:
    """The graphs read, stored a batch at a time (see :meth:`graph.store.Store.load_graphs`)
    and recorded in the cache once stored."""

    TEXTS, BYTES = 100, 16 * 2**20

    def __init__(self, store: Store, cache: BuildCache, hashes: dict[Path, str], summary: BuildSummary) -> None:
        self._store, self._cache, self._hashes, self._summary = store, cache, hashes, summary
        self._waiting: list[Outcome] = []
        self._bytes = 0
        # a few texts go in one transaction each; a bulk load pays off from a batch up, then the store is optimized
        self._bulk = len(hashes) >= self.TEXTS

    def add(self, outcome: Outcome) -> None:
        self._waiting.append(outcome)
        self._bytes += len(outcome.ntriples)
        if len(self._waiting) >= self.TEXTS or self._bytes >= self.BYTES:
            self.store()

    def store(self) -> None:
        if not self._waiting:
            return
        named = [(str(iris.source_graph(o.path.name)), o) for o in self._waiting]
        self._cache.snapshot_stale = True
        for name, _ in named:  # a graph left half replaced is never taken for its old text's
            self._cache.forget(name)
        if self._bulk:
            self._store.load_graphs([(name, o.ntriples) for name, o in named])
        else:
            for name, o in named:
                self._store.load_graph(name, o.ntriples)
        for name, o in named:
            self._cache.record(name, self._hashes[o.path], o.facts, o.unplaced)
            self._summary.facts += o.facts
            self._summary.unplaced += o.unplaced
        self._waiting, self._bytes = [], 0

    def finish(self) -> None:
        if self._bulk:
            self._store.optimize()


def _validated(store_dir: Path, cache: BuildCache, graph_names: list[str]) -> Report:
    """The store's validation report; the last build's again, without validating, when the
    store's graphs and the shapes are the ones it was made on."""
    key = cache.store_key(graph_names, shapes_file())
    if key is not None and cache.validated is not None and cache.validated["key"] == key:
        try:
            return report_from_json(cache.validated["findings"])
        except (KeyError, TypeError, ValueError):  # a cache edited by hand: validate again
            pass
    report = validate_store(store_dir)
    if key is not None:
        cache.validated = {"key": key, "findings": report_to_json(report)}
        cache.save()
    return report


def _unrecord_copies_of(failed: set[str], summary: BuildSummary) -> None:
    """A copy of a file that could not be read was not recorded either: an error, not a duplicate."""
    for line in list(summary.duplicates):
        copy, _, original = line.partition(" = ")
        if original in failed:
            summary.duplicates.remove(line)
            summary.errors.append(f"{copy}: not read: the same bytes as {original}, which could not be read")
            summary.texts -= 1


def _load_fixed_graphs(store: Store, cache: BuildCache) -> bool:
    """The ontology, reference data and corpus manifest, each loaded again only when its files changed."""
    changed = False
    fixed = {
        str(iris.ONTOLOGY_GRAPH): ([ontology_file(), *vocabulary_files()], _ontology_graph),
        str(iris.REFERENCE_GRAPH): (reference_files(), reference_graph),
        str(GRAPH["corpus"]): ([manifest_file()], manifest_graph),
    }
    for name, (files, load) in fixed.items():
        digest = files_digest(files)
        if cache.fixed.get(name) != digest or not store.has_graph(name):
            cache.snapshot_stale = True
            store.replace_graph(name, load())
            cache.fixed[name] = digest
            changed = True
    return changed


def _plan(files: list[Path], store: Store, cache: BuildCache, summary: BuildSummary) -> dict[Path, str]:
    """The files to read, with the SHA-256 of their bytes; the others are counted in ``summary``: unchanged
    since the last build (their facts taken from the cache), the same bytes as another file, or unreadable."""
    to_read: dict[Path, str] = {}
    seen: dict[tuple[str, bool], str] = {}  # (SHA-256, read as PDF) -> the file read
    for path in files:
        try:  # refuses, naming the file, what is not a regular file or is over the size limit
            sha256 = source_sha256(path)
        except InputError as err:
            summary.errors.append(str(err))
            continue
        summary.texts += 1
        reading = (sha256, path.suffix.lower() in PDF_SUFFIXES)  # the same bytes read as PDF and as text differ:
        if reading in seen:  # a web page named x.pdf fails, its copy x.txt is read
            summary.duplicates.append(f"{path.name} = {seen[reading]}")
            continue
        graph_name = str(iris.source_graph(path.name))
        earlier = cache.graph_with_hash(sha256) or store.graph_with_hash(sha256)
        if earlier and earlier != graph_name:  # built before under another name
            summary.duplicates.append(f"{path.name} = {unquote(earlier.rsplit('/', 1)[-1])}")
            continue
        seen[reading] = path.name
        known = cache.unchanged(graph_name, sha256)
        if known is not None and store.has_graph(graph_name):
            summary.reused += 1
            summary.facts += known.facts
            summary.unplaced += known.unplaced
            continue
        to_read[path] = sha256
    return to_read


def _read_all(to_read: dict[Path, str], jobs: int | None) -> Iterator[Outcome]:
    """Each file read, in the order given; across ``jobs`` processes (default: one per core) when worth it."""
    jobs = jobs or os.cpu_count() or 1
    paths = list(to_read)
    if jobs == 1 or len(paths) < 2 * jobs:
        yield from map(read_source, paths)
        return
    context = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_ignore_interrupts) as pool:
        yield from pool.map(read_source, paths, chunksize=max(1, min(32, len(paths) // (8 * jobs))))


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C in a terminal reaches the whole process group; the main process alone handles it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
