"""A SHACL engine for our shapes on pyoxigraph, giving pyshacl's results.

:func:`validate_graphs` and :func:`validate_store` return an
``sh:ValidationReport`` graph that :func:`graph.validate.findings_from` turns
into the same findings as pyshacl's report (``inference="rdfs"``, the ontology
as ontology graph, ``advanced=True``, ``allow_infos`` and ``allow_warnings``,
as :func:`graph.validate.validate` runs pyshacl).  How:

* :mod:`.closure` builds the graph pyshacl validates (data, inoculated
  ontology, RDFS closure) in an in-memory Oxigraph store;
* :mod:`.shapes` reads the shapes and refuses what the engine does not run;
* :mod:`.run` turns every constraint into SPARQL over that store, with
  :mod:`.checks` and :mod:`.sparql` giving pyshacl's (rdflib's) meaning where
  SPARQL's differs;
* :mod:`.report` writes the report, and reads the store's data for findings.

:class:`EngineFallback` means the data is outside what the engine reproduces
exactly (the caller then runs pyshacl); :class:`UnsupportedShape` means the
shapes use a construct it does not run (an error: nothing is skipped).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal

from .closure import EngineFallback, Working, inoculated
from .report import StoreGraph, report_graph
from .run import Runner, ValidationFailure
from .shapes import Shapes, UnsupportedShape
from .terms import pristine_literals, to_ox, to_rdflib

__all__ = ["CompiledShapes", "EngineFallback", "StoreGraph", "StoreUnreadable", "UnsupportedShape",
           "ValidationFailure",
           "shapes_from_file", "shapes_from_graph", "validate_graphs", "validate_store"]


@dataclass
class CompiledShapes:
    model: Shapes
    findings_graph: Graph  # what findings_from reads of the shapes


_BY_GRAPH: dict = {}
_BY_FILE: dict = {}


def shapes_from_graph(shapes: Graph) -> CompiledShapes:
    """The shapes of an rdflib graph, read and checked (once per graph object)."""
    key = id(shapes)
    if key not in _BY_GRAPH or _BY_GRAPH[key][0] is not shapes:
        model = Shapes(shapes)
        _BY_GRAPH[key] = (shapes, CompiledShapes(model, shapes))
    return _BY_GRAPH[key][1]


def shapes_from_file(path: Path) -> CompiledShapes:
    """The shapes of a Turtle file, parsed by Oxigraph (raises SyntaxError or OSError),
    read and checked once per content in a process."""
    data = Path(path).read_bytes()
    base = Path(path).resolve().as_uri()
    key = hashlib.sha256(base.encode() + b"\0" + data).hexdigest()
    if key not in _BY_FILE:
        made: dict = {}  # one rdflib term per term (dicts then find them by identity, fast)

        def term(t):
            found = made.get(t)
            if found is None:
                found = made[t] = to_rdflib(t)
            return found
        triples = [(term(q.subject), term(q.predicate), term(q.object))
                   for q in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=base)]
        model = Shapes(triples)
        _BY_FILE[key] = CompiledShapes(model, model.findings_graph())
    return _BY_FILE[key]


def validate_graphs(data: Graph, ontology: Graph, shapes: Graph) -> Graph:
    """The report for rdflib graphs (as :func:`graph.validate.validate` passes them to pyshacl)."""
    compiled = shapes_from_graph(shapes)
    w = Working()
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in data]
    _check_canonical(quads, data)
    w.add_quads(quads)
    w.add_quads(_inoculated_cached(ontology))
    w.close()
    with pristine_literals():
        return report_graph(Runner(w, compiled.model).run(), compiled.model.index)


def _inoculated_cached(ontology: Graph) -> list[ox.Quad]:
    key = ("graph", id(ontology), len(ontology))
    if key not in _ONTOLOGY or _ONTOLOGY[key][0] is not ontology:
        _ONTOLOGY[key] = (ontology, inoculated(ontology))
    return _ONTOLOGY[key][1]


_ONTOLOGY: dict = {}


def _check_canonical(quads: list[ox.Quad], data: Graph) -> None:
    """Oxigraph keeps typed literals in canonical form ("01"^^xsd:integer is "1", and
    "3"^^xsd:nonNegativeInteger is "3"^^xsd:integer), and has no plain-or-xsd:string
    distinction; rdflib keeps all of these.  Data whose literals Oxigraph would change
    is not validated here (the same terms must be compared, counted and reported)."""
    literals = {q.object for q in quads if isinstance(q.object, ox.Literal)}
    if not literals:
        return
    probe = ox.Store()
    node = ox.NamedNode("urn:x-smkg-engine:probe")
    probe.extend(ox.Quad(node, node, lit) for lit in literals)
    stored = {q.object for q in probe}
    originals = {o for _s, _p, o in data if isinstance(o, Literal)}
    if stored != literals or {to_rdflib(x) for x in stored} != originals:
        raise EngineFallback("literals Oxigraph would write in another form (canonical numbers, "
                             "xsd:nonNegativeInteger and the like as xsd:integer, explicit xsd:string, "
                             "upper-case language tags)")


def _data_graphs(names) -> list[ox.NamedNode]:
    from .. import iris

    return sorted((g for g in names if isinstance(g, ox.NamedNode) and (
        "/graph/source/" in g.value or g.value == str(iris.REFERENCE_GRAPH))), key=lambda g: g.value)


class StoreUnreadable(Exception):
    """The store cannot be opened or read."""


def validate_store(store_dir: Path, compiled: CompiledShapes) -> tuple[Graph, StoreGraph, StoreGraph]:
    """The report for a built store, with its data and its ontology graph (for findings)."""
    from .. import iris

    try:
        disk = ox.Store.read_only(str(Path(store_dir) / "db"))
        names = _data_graphs(disk.named_graphs())
        ontology_graph = ox.NamedNode(str(iris.ONTOLOGY_GRAPH))
        ont_nt = disk.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ontology_graph)
    except (OSError, ValueError) as err:
        raise StoreUnreadable(str(err)) from err
    w = Working()
    for g in names:  # one graph at a time: the store's text form is never all in memory at once
        try:
            dump = disk.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g)
        except (OSError, ValueError) as err:
            raise StoreUnreadable(str(err)) from err
        if b"_:" in dump:  # keep blank node labels (a load would rename them)
            w.add_quads(ox.Quad(q.subject, q.predicate, q.object) for q in disk.quads_for_pattern(None, None, None, g))
        else:
            w.store.load(dump, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        del dump
    w.add_quads(_inoculated_from_store(ont_nt))
    w.close()
    with pristine_literals():
        results = Runner(w, compiled.model).run()
    return (report_graph(results, compiled.model.index), StoreGraph(disk, names),
            StoreGraph(disk, [ontology_graph]))


def _inoculated_from_store(ont_nt: bytes) -> list[ox.Quad]:
    """pyshacl's inoculation of the store's ontology graph, once per process and ontology,
    and kept in the user's cache folder across processes (it takes rdflib a good part of
    the time a small store takes).  The graph's blank node labels change with every build,
    so the cache is keyed by a canonical form of the graph, where one exists."""
    quads = list(ox.parse(ont_nt, format=ox.RdfFormat.N_TRIPLES))
    key = _canonical_key(quads)
    if key is not None and key in _ONTOLOGY:
        return _ONTOLOGY[key]
    cached = _cache_dir() / f"inoculated-{key}.nq" if key else None
    found = None
    if cached is not None and _trusted(cached):
        try:
            found = [ox.Quad(q.subject, q.predicate, q.object)
                     for q in ox.parse(cached.read_bytes(), format=ox.RdfFormat.N_QUADS)]
        except (OSError, SyntaxError):
            found = None
    if found is None:
        ontology = Graph()
        for q in quads:
            ontology.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        found = inoculated(ontology)
        if cached is not None:
            _save(cached, ox.serialize(found, format=ox.RdfFormat.N_QUADS))
    if key is not None:
        _ONTOLOGY[key] = found
    return found


def _canonical_key(quads: list[ox.Quad]) -> str | None:
    """A hash of the graph that does not depend on its blank node labels: the blank nodes
    are told apart by colour refinement (their neighbourhoods, to a fixed point); if that
    leaves two with one colour, no key (the graph is then not cached)."""
    blanks = {t for q in quads for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}

    def show(term, colour):
        return colour[term] if isinstance(term, ox.BlankNode) else str(term)

    colour = {b: "_" for b in blanks}
    for _ in range(len(blanks) + 1):
        seen: dict = {b: [] for b in blanks}
        for q in quads:
            if q.subject in seen:
                seen[q.subject].append(f"> {q.predicate} {show(q.object, colour)}")
            if q.object in seen:
                seen[q.object].append(f"< {show(q.subject, colour)} {q.predicate}")
        refined = {b: hashlib.sha256("\n".join([colour[b], *sorted(seen[b])]).encode()).hexdigest() for b in blanks}
        settled = len(set(refined.values())) == len(set(colour.values()))
        colour = refined
        if settled:
            break
    if len(set(colour.values())) != len(blanks):
        return None
    lines = sorted(f"{show(q.subject, colour)} {q.predicate} {show(q.object, colour)}" for q in quads)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _cache_dir() -> Path:
    """A folder of this user's own under the temporary directory."""
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"smkg-engine-{uid}"


def _trusted(path: Path) -> bool:
    """Only this user can have written it: folder and file are the user's own, and
    nobody else may write in the folder."""
    if not hasattr(os, "getuid"):
        return False
    try:
        folder, found = path.parent.stat(), path.stat()
    except OSError:
        return False
    uid = os.getuid()
    return folder.st_uid == uid and found.st_uid == uid and not folder.st_mode & 0o022


def _save(path: Path, content: bytes) -> None:
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        folder = path.parent.stat()
        if not hasattr(os, "getuid") or folder.st_uid != os.getuid() or folder.st_mode & 0o022:
            return
        tmp = path.parent / f".{path.name}.{os.getpid()}"
        tmp.write_bytes(content)
        os.replace(tmp, path)
    except OSError:
        pass
