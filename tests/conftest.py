"""Helpers shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import Dataset, Graph

from graph import iris
from graph.build import build
from graph.report import as_text
from graph.validate import load_shapes, validate

#: The facts a careful reader takes from the two bundled letters.
GOLD = Path(__file__).resolve().parent / "fixtures" / "gold" / "seeds.yaml"


def gold_letters() -> list[dict]:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))["letters"]


def letter_with(folder: Path, line: str, name: str = "letter.txt") -> Path:
    """A short letter from BEIS whose first paragraph is ``line``, with one consultation after it."""
    path = folder / name
    path.write_text(
        f"Department for Business, Energy & Industrial Strategy\n\n4 November 2021\n\nDear Colleague,\n\n"
        f"{line}\n\n1. Between 14 September 2021 and 28 September 2021, DCC consulted on changes to the "
        f"S1SR.\n\nYours faithfully,\n\nJane Doe\n", encoding="utf-8")
    return path


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


def validate_store(store: Path, level: str = "warning") -> tuple[bool, str]:
    """Validate what a build wrote, text by text (each source graph with the
    reference data), as ``smkg validate`` does; (conforms at ``level``, the
    report of what was found there).  Each text on its own: two synthetic
    texts may tell one story two ways, which is for the cross-text rules on a
    real corpus, not a fault of either text."""
    dataset = Dataset()
    dataset.parse(store / "graph.trig", format="trig")
    reference = dataset.graph(iris.REFERENCE_GRAPH)
    ontology = dataset.graph(iris.ONTOLOGY_GRAPH)
    shapes = load_shapes()
    reports = []
    for g in dataset.graphs():
        if "/graph/source/" not in str(g.identifier) or not len(g):
            continue
        data = Graph()
        data += g
        data += reference
        report, _ = validate(data, ontology, shapes)
        if not report.conforms(level):
            reports.append(f"{g.identifier}:\n{as_text(report, level)}")
    return not reports, "\n".join(reports)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real SPARQL 1.1 server: ``oxigraph serve`` (PyPI ``oxigraph``) on a free
    port of 127.0.0.1, with its data in a temporary folder; its base URL."""
    import shutil
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert binary, "the oxigraph server (pip package 'oxigraph', in the test extra) is not installed"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("oxigraph-log") / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph-data")),
                                   "--bind", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                assert server.poll() is None, f"oxigraph serve stopped: {log.read_text()}"
                assert time.monotonic() < deadline, f"oxigraph serve did not answer: {log.read_text()}"
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
