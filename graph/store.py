"""The store: an embedded Oxigraph database on disk, one named graph per source
text, and a sorted TriG snapshot (``graph.trig``) beside it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph
from rdflib.compare import to_canonical_graph

from .trig import write_store_trig


class Store:
    def __init__(self, directory: Path, fresh: bool = False) -> None:
        self.directory = Path(directory)
        if fresh and (self.directory / "db").exists():
            shutil.rmtree(self.directory / "db")
        self.directory.mkdir(parents=True, exist_ok=True)
        self.db = ox.Store(str(self.directory / "db"))

    def replace_graph(self, name: str, graph: Graph) -> None:
        """Replace the named graph ``name`` whole: a changed text replaces only its own graph."""
        self.load_graph(name, graph.serialize(format="nt", encoding="utf-8"))

    def load_graph(self, name: str, ntriples: bytes) -> None:
        """Replace the named graph ``name`` with these N-Triples (a crash between the two steps leaves the
        graph missing, and the next build, finding no graph, reads its text again)."""
        self._drop(name)
        self.db.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))

    def load_graphs(self, graphs: list[tuple[str, bytes]]) -> None:
        """Replace several named graphs at once, each given as N-Triples whose every line ends
        with " .\n" (as :func:`graph.triples.to_ntriples` writes them), through Oxigraph's bulk
        loader: one batch of a hundred texts is written about three times faster than a
        transaction per text.  The bulk loader is not transactional: a crash leaves a batch's
        graphs partly written, and the next build, finding them not recorded in its cache,
        reads their texts again and replaces them whole.  Each batch adds files to the
        database that every later read looks into: call :meth:`optimize` after the last."""
        for name, _ in graphs:
            self._drop(name)
        # N-Triples escape line breaks inside literals, so " .\n" ends a line and nothing else
        quads = b"".join(nt.replace(b" .\n", b" <" + name.encode("utf-8") + b"> .\n") for name, nt in graphs)
        if quads:
            self.db.bulk_load(quads, format=ox.RdfFormat.N_QUADS)

    def _drop(self, name: str) -> None:
        g = ox.NamedNode(name)
        if self.db.contains_named_graph(g):
            self.db.remove_graph(g)

    def optimize(self) -> None:
        """Merge the files bulk loads added (3,000 texts: 4 s, after which reading a graph
        takes half the time)."""
        self.db.optimize()

    def has_graph(self, name: str) -> bool:
        return self.db.contains_named_graph(ox.NamedNode(name))

    def graph_with_hash(self, sha256: str) -> str | None:
        """The named graph already holding a source file with these bytes, if any."""
        from .namespace import SMKG

        hash_literal = ox.Literal(sha256)
        for quad in self.db.quads_for_pattern(None, ox.NamedNode(str(SMKG.sha256)), hash_literal, None):
            if isinstance(quad.graph_name, ox.NamedNode) and "/graph/source/" in quad.graph_name.value:
                return quad.graph_name.value
        return None

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.db.named_graphs())

    def dataset(self) -> Dataset:
        ds = Dataset()
        ds.parse(data=self.db.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
        return ds

    def canonical_graphs(self) -> dict[str, Graph]:
        """Each non-empty named graph by IRI, its blank nodes labelled canonically: the
        ontology's OWL lists are blank nodes (data graphs have none), and canonical
        labels make every serialisation byte-identical across runs."""
        return {str(c.identifier): _canonical(c) for c in self.dataset().graphs() if len(c)}

    def write_snapshot(self) -> Path:
        """``graph.trig`` beside the database: every named graph, sorted, written whole then renamed."""
        target = self.directory / "graph.trig"
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".graph.trig.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                write_store_trig(self.db, out)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o644)  # mkstemp makes it private; the snapshot is for sharing
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def triple_count(self) -> int:
        return len(self.db)

    def close(self) -> None:
        self.db.flush()
        del self.db


def _canonical(graph: Graph) -> Graph:
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        return to_canonical_graph(graph)
    return graph
