"""From results to the standard report, and the data as findings read it.

:func:`report_graph` writes an ``sh:ValidationReport`` shaped as pyshacl's
(one ``sh:ValidationResult`` per distinct result: pyshacl repeats some, which
:func:`graph.validate.findings_from` folds anyway), so that
:func:`graph.validate.findings_from` turns it into the same findings.

:class:`StoreGraph` is the data of a built store (its source texts and the
reference data) with the few rdflib ``Graph`` methods ``findings_from`` uses,
answered by Oxigraph on disk: reading a large store into rdflib takes longer
than validating it.  Where rdflib's ``Graph.value`` would pick one of several
values in its (hash) order, it picks the least, in N-Triples order.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, SH

from .run import Result
from .terms import n3, to_ox, to_rdflib


def report_graph(results, shapes) -> Graph:
    """``shapes``: the shapes graph (anything with ``predicate_objects``), for the paths' nodes."""
    g = Graph()
    root = BNode()
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(not any(r.severity == SH.Violation for r in results))))
    copied: dict = {}
    for r in sorted(results, key=_order):
        node = BNode()
        g.add((root, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.sourceShape, r.shape))
        g.add((node, SH.focusNode, r.focus))
        g.add((node, SH.resultSeverity, r.severity))
        g.add((node, SH.sourceConstraintComponent, r.component))
        if r.value is not None:
            g.add((node, SH.value, r.value))
        if r.path is not None:
            g.add((node, SH.resultPath, _copy_path(shapes, r.path, g, copied)))
        for m in r.messages:
            g.add((node, SH.resultMessage, m))
    return g


def _order(r: Result) -> tuple:
    return (str(r.shape), str(r.focus), str(r.value), str(r.component), str(r.path), tuple(map(str, r.messages)))


def _copy_path(shapes: Graph, node, g: Graph, copied: dict):
    """A path node of the shapes graph, with what hangs from it (lists, inverse paths)."""
    if not isinstance(node, BNode):
        return node
    if node not in copied:
        copied[node] = node
        for p, o in shapes.predicate_objects(node):
            g.add((node, p, _copy_path(shapes, o, g, copied)))
    return copied[node]


class StoreGraph:
    """The union of some named graphs of an Oxigraph store, as a read-only rdflib-like graph."""

    def __init__(self, store: ox.Store, graphs: list[ox.NamedNode]) -> None:
        self.store, self.graphs = store, graphs
        self._names = set(graphs)
        self._found: dict = {}  # pattern -> its triples (findings ask the same things many times)
        self._terms: dict = {}
        self._sorted_found: dict = {}
        self._subjects: dict = {}  # subject -> {predicate: {object: None}}

    def _triples(self, s, p, o) -> list:
        key = (_ox(s), _ox(p), _ox(o))
        if key[0] is not None:  # all of a subject's triples are read at once (an evidence's dozen)
            about = self._about(key[0])
            found = [(key[0], pp, oo) for pp in ([key[1]] if key[1] is not None else list(about))
                     for oo in about.get(pp, ())]
            return [t for t in found if key[2] is None or t[2] == key[2]]
        if key not in self._found:
            if len(self._found) > 100_000:
                self._found.clear()
            seen: dict = {}
            for q in self.store.quads_for_pattern(*key, None):
                if q.graph_name in self._names:
                    seen.setdefault((q.subject, q.predicate, q.object), None)
            self._found[key] = list(seen)
        return self._found[key]

    def _about(self, subject) -> dict:
        about = self._subjects.get(subject)
        if about is None:
            if len(self._subjects) > 200_000:
                self._subjects.clear()
            about = {}
            for q in self.store.quads_for_pattern(subject, None, None, None):
                if q.graph_name in self._names:
                    about.setdefault(q.predicate, {}).setdefault(q.object, None)
            self._subjects[subject] = about
        return about

    def _rdf(self, term):
        found = self._terms.get(term)
        if found is None:
            found = self._terms[term] = to_rdflib(term)
        return found

    def triples(self, pattern):
        for s, p, o in self._triples(*pattern):
            yield self._rdf(s), self._rdf(p), self._rdf(o)

    def __contains__(self, triple) -> bool:
        key = (3, *triple)
        found = self._sorted_found.get(key)
        if found is None:
            found = self._sorted_found[key] = bool(self._triples(*triple))
        return found

    def objects(self, subject=None, predicate=None):
        return list(self._sorted(subject, predicate, None, 2))

    def subjects(self, predicate=None, object=None):
        return list(self._sorted(None, predicate, object, 0))

    def _sorted(self, s, p, o, position: int) -> tuple:
        key = (position, s, p, o)  # rdflib terms: hashing them is cheaper than converting them
        found = self._sorted_found.get(key)
        if found is None:
            found = self._sorted_found[key] = tuple(
                self._rdf(x) for x in sorted({t[position] for t in self._triples(s, p, o)}, key=n3))
        return found

    def value(self, subject=None, predicate=RDF.value, object=None, default=None, any=True):
        found = self._sorted(None, predicate, object, 0) if object is not None else self._sorted(
            subject, predicate, None, 2)
        return found[0] if found else default

    def query(self, text: str, initBindings=None):
        """Only the query findings_from asks: ``SELECT DISTINCT ?x WHERE { ?start <path> ?x }``."""
        m = _PATH_QUERY.fullmatch(" ".join(text.split()))
        if m is None or set(initBindings or {}) != {"start"}:
            raise NotImplementedError(f"a query StoreGraph does not answer: {text}")
        nodes = {_ox(initBindings["start"])}
        for step in re.findall(r"\^?<[^<>]+>", m.group(1)):
            inverse = step.startswith("^")
            prop = ox.NamedNode(step.lstrip("^")[1:-1])
            nodes = {t[0] if inverse else t[2] for n in nodes if inverse or not isinstance(n, ox.Literal)
                     for t in (self._triples(None, prop, n) if inverse else self._triples(n, prop, None))}
        return [(to_rdflib(n),) for n in sorted(nodes, key=n3)]


_PATH_QUERY = re.compile(r"SELECT DISTINCT \?x WHERE \{ \?start ((?:\^?<[^<>\s]+>)(?:/\^?<[^<>\s]+>)*) \?x \}")


def _ox(term):
    if term is None or isinstance(term, Variable):
        return None
    if isinstance(term, (URIRef, Literal, BNode)):
        return to_ox(term)
    return term
