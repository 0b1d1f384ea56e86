"""Helpers shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
import yaml
from rdflib import Dataset, Graph

from graph import iris
from graph.build import build
from graph.resources import ontology_file, shapes_file, vocabulary_files

#: The facts a careful reader takes from the two bundled letters.
GOLD = Path(__file__).resolve().parent / "fixtures" / "gold" / "seeds.yaml"


def gold_letters() -> list[dict]:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))["letters"]


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Path:
    """The bundled letters built once, for the tests that only read the result."""
    out = tmp_path_factory.mktemp("corpus")
    summary = build(None, out)
    assert summary.texts == 2 and not summary.errors
    return out


@pytest.fixture(scope="session")
def corpus_dataset(corpus_store) -> Dataset:
    ds = Dataset()
    ds.parse(corpus_store / "graph.trig", format="trig")
    return ds


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
