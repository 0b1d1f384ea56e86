"""The wheel carries the ontology, the queries and the corpus, and finds them installed."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graph.manifest import NOT_LETTERS, letter_files

ROOT = Path(__file__).resolve().parents[1]
DATA = "graph/_data/"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if importlib.util.find_spec("hatchling") is None:
        pytest.fail("hatchling is not installed: pip install -e '.[test]' (it is in the test extra)")
    out = tmp_path_factory.mktemp("wheel")
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", "-w", str(out), str(ROOT)],
        cwd=out, env=env, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, f"pip wheel failed:\n{run.stdout}\n{run.stderr}"
    wheels = list(out.glob("smkg-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def names(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        return set(z.namelist())


def test_wheel_carries_the_ontology(names):
    assert DATA + "ontology/smkg.ttl" in names
    assert DATA + "ontology/shapes.ttl" in names


def test_wheel_carries_the_corpus(wheel, names):
    assert DATA + "corpus/manifest.ttl" in names
    for extra in NOT_LETTERS:
        assert DATA + "corpus/" + extra in names
    letters = letter_files(ROOT / "corpus")
    assert letters
    with zipfile.ZipFile(wheel) as z:
        for letter in letters:
            name = DATA + "corpus/" + letter.name
            assert name in names
            assert z.read(name) == letter.read_bytes(), f"{letter.name} changed on its way into the wheel"


def test_wheel_carries_the_queries(names):
    assert any(n.startswith(DATA + "queries/") for n in names)
    for q in (ROOT / "queries").rglob("*"):
        if q.is_file():
            assert DATA + "queries/" + q.relative_to(ROOT / "queries").as_posix() in names


def test_installed_wheel_finds_its_data(wheel, tmp_path):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import graph; from graph import resources; "
        "print(graph.__file__); print(resources.ontology_file()); "
        "print(resources.corpus_dir()); print(resources.queries_dir())"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere, env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    package, ontology, corpus, queries = (Path(line) for line in run.stdout.splitlines())
    site = site.resolve()
    assert package.is_relative_to(site), f"imported graph from {package}, not from the wheel"
    assert ontology.is_relative_to(site), ontology
    assert ontology == site / DATA / "ontology" / "smkg.ttl"
    assert ontology.is_file()
    assert corpus == site / DATA / "corpus" and (corpus / "manifest.ttl").is_file()
    assert queries == site / DATA / "queries" and queries.is_dir()
