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

#: Bump when the engine's output for the same input changes (it names the on-disk cache).
VERSION = "1"


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
    """The shapes of a Turtle file, parsed by Oxigraph (raises SyntaxError or OSError)."""
    data = Path(path).read_bytes()
    key = hashlib.sha256(data).hexdigest()
    if key not in _BY_FILE:
        triples = [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
                   for q in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=Path(path).resolve().as_uri())]
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
    """Oxigraph keeps typed literals in canonical form ("01"^^xsd:integer is "1"), and has no
    plain-or-xsd:string distinction; rdflib keeps both.  Data whose literals Oxigraph would change
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
                             "explicit xsd:string, upper-case language tags)")


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
        dumps = [(g, disk.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g)) for g in names]
    except (OSError, ValueError) as err:
        raise StoreUnreadable(str(err)) from err
    w = Working()
    for g, dump in dumps:
        if b"_:" in dump:  # keep blank node labels (a load would rename them)
            w.add_quads(ox.Quad(q.subject, q.predicate, q.object) for q in disk.quads_for_pattern(None, None, None, g))
        else:
            w.store.load(dump, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    w.add_quads(_inoculated_from_store(ont_nt))
    w.close()
    with pristine_literals():
        results = Runner(w, compiled.model).run()
    return (report_graph(results, compiled.model.index), StoreGraph(disk, names),
            StoreGraph(disk, [ontology_graph]))


def _inoculated_from_store(ont_nt: bytes) -> list[ox.Quad]:
    """pyshacl's inoculation of the store's ontology graph, kept on disk (by the graph's
    hash, in a folder of the user's own under the temporary directory): making it means
    parsing the ontology with rdflib, a good part of the time a small store takes."""
    key = hashlib.sha256(VERSION.encode() + ont_nt).hexdigest()
    if key in _ONTOLOGY:
        return _ONTOLOGY[key]
    folder = Path(tempfile.gettempdir()) / f"smkg-engine-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    cached = folder / f"inoculated-{key}.nq"
    quads = None
    try:
        if cached.is_file() and folder.stat().st_uid == os.getuid() and not folder.stat().st_mode & 0o022:
            quads = [q for q in ox.parse(cached.read_bytes(), format=ox.RdfFormat.N_QUADS)]
            quads = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
    except (OSError, SyntaxError, AttributeError):
        quads = None
    if quads is None:
        ontology = Graph().parse(data=ont_nt.decode("utf-8"), format="nt")
        quads = inoculated(ontology)
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            tmp = folder / f".{key}.{os.getpid()}"
            tmp.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
            os.replace(tmp, cached)
        except OSError:
            pass
    _ONTOLOGY[key] = quads
    return quads
