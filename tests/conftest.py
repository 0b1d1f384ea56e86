"""Helpers shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pyshacl
from rdflib import Dataset, Graph

from graph import iris
from graph.resources import ontology_file, shapes_file, vocabulary_files


def validate_store(store: Path) -> tuple[bool, str]:
    """SHACL-validate what a build wrote (every source graph with the
    reference data), against our shapes with the ontology for RDFS inference."""
    dataset = Dataset()
    dataset.parse(store / "graph.trig", format="trig")
    data = Graph()
    for g in dataset.graphs():
        if "/graph/source/" in str(g.identifier) or g.identifier == iris.REFERENCE_GRAPH:
            for t in g:
                data.add(t)
    ont = Graph().parse(ontology_file())
    for path in vocabulary_files():
        ont.parse(path)
    conforms, _, report = pyshacl.validate(data, shacl_graph=Graph().parse(shapes_file()), ont_graph=ont,
                                           inference="rdfs", advanced=True)
    return conforms, report
