"""``smkg build``: the pipeline, top to bottom.

documents (bytes to text) -> segments (parts of the letter) -> facts (frozen
dataclasses) -> triples (one named graph per text) -> store (Oxigraph + TriG)
-> validation (the shapes, over all the texts together).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from . import iris
from .documents import Document, InputError, read_document
from .extractors import extract_all
from .facts import TextFacts
from .manifest import manifest_graph
from .namespace import GRAPH
from .reference import reference_graph
from .resources import corpus_dir, ontology_file, vocabulary_files
from .segments import segment
from .store import Store
from .triples import new_graph, to_graph
from .validate import Report, validate_store

#: What a folder is searched for (a file named on its own may also have no suffix).
SOURCE_SUFFIXES = {".txt", ".text", ".pdf"}


@dataclass
class BuildSummary:
    texts: int = 0
    facts: int = 0
    triples: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    report: Report | None = None  # None when not validated

    def lines(self) -> list[str]:
        out = [f"texts read: {self.texts}", f"facts: {self.facts}", f"triples in store: {self.triples}",
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


def _ontology_graph() -> Graph:
    g = new_graph()
    for path in [ontology_file(), *vocabulary_files()]:
        g.parse(path)
    return g


def build(paths: list[Path] | None = None, store_dir: Path = Path("out"), fresh: bool = False,
          validate: bool = True) -> BuildSummary:
    started = time.perf_counter()
    summary = BuildSummary()
    store = Store(store_dir, fresh=fresh)
    try:
        store.replace_graph(str(iris.ONTOLOGY_GRAPH), _ontology_graph())
        store.replace_graph(str(iris.REFERENCE_GRAPH), reference_graph())
        store.replace_graph(str(GRAPH["corpus"]), manifest_graph())
        seen: dict[str, str] = {}
        for path in source_paths(paths or [corpus_dir()]):
            try:
                doc = read_document(path)
            except InputError as err:  # one bad text never spoils the others
                summary.errors.append(str(err))
                continue
            summary.texts += 1
            if doc.sha256 in seen:
                summary.duplicates.append(f"{doc.file_name} = {seen[doc.sha256]}")
                continue
            graph_name = str(iris.source_graph(doc.file_name))
            earlier = store.graph_with_hash(doc.sha256)
            if earlier and earlier != graph_name:  # built before under another name
                summary.duplicates.append(f"{doc.file_name} = {earlier.rsplit('/', 1)[-1]}")
                continue
            seen[doc.sha256] = doc.file_name
            try:
                result = read_text(doc)
            except Exception as err:  # a fault of ours on one text: name it, keep the others
                summary.errors.append(f"{doc.file_name}: facts could not be read ({type(err).__name__}: {err})")
                continue
            summary.facts += result.count
            summary.unplaced += result.unplaced
            store.replace_graph(graph_name, to_graph(doc, result))
        store.write_snapshot()
        summary.triples = store.triple_count()
    finally:
        store.close()
    if validate:
        summary.report = validate_store(store_dir)
    summary.seconds = time.perf_counter() - started
    return summary
