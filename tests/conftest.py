"""Helpers shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pyshacl
from rdflib import Dataset, Graph

from graph import iris
from graph.resources import ontology_file, shapes_file, vocabulary_files


def validate_store(store: Path) -> tuple[bool, str]:
    """SHACL-validate what a build wrote, text by text (each source graph with
    the reference data), against our shapes with the ontology for RDFS
    inference.  Each text on its own: two texts may disagree (one dates a
    decision the 3rd, another the 4th), which is for the consistency rules,
    not a fault of structure."""
    dataset = Dataset()
    dataset.parse(store / "graph.trig", format="trig")
    reference = dataset.graph(iris.REFERENCE_GRAPH)
    ont = Graph().parse(ontology_file())
    for path in vocabulary_files():
        ont.parse(path)
    shapes = Graph().parse(shapes_file())
    reports = []
    for g in dataset.graphs():
        if "/graph/source/" not in str(g.identifier) or not len(g):
            continue
        data = Graph()
        for graph in (g, reference):
            for t in graph:
                data.add(t)
        conforms, _, report = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ont, inference="rdfs",
                                               advanced=True)
        if not conforms:
            reports.append(f"{g.identifier}:\n{report}")
    return not reports, "\n".join(reports)
