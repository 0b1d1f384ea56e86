"""Incremental and parallel builds: an unchanged text is not read again, a changed
one replaces only its own graph, and the store is the same whichever way it was
built (one process or several, all at once or text by text)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph import cache as cache_module
from graph.build import build
from graph.cache import CACHE_FILE
from graph.resources import corpus_dir
from graph.store import Store

LETTERS = sorted(p for p in corpus_dir().iterdir() if p.suffix == ".txt")


@pytest.fixture()
def texts(tmp_path) -> Path:
    """Six distinct texts: the sample letters, and copies with another salutation."""
    folder = tmp_path / "texts"
    folder.mkdir()
    for letter in LETTERS:
        body = letter.read_text(encoding="utf-8")
        for n in range(3):
            (folder / f"{letter.stem}-{n}.txt").write_text(body.replace("Dear", f"Dear ({n})", 1), encoding="utf-8")
    return folder


def _graphs(store: Path) -> dict[str, int]:
    s = Store(store)
    try:
        return {name: sum(1 for _ in s.db.quads_for_pattern(None, None, None, _node(name)))
                for name in s.graph_names()}
    finally:
        s.close()


def _node(name: str):
    import pyoxigraph as ox

    return ox.NamedNode(name)


def test_a_second_build_reads_nothing_again_and_gives_the_same_store(texts, tmp_path):
    first = build([texts], tmp_path / "out", validate=False, jobs=1)
    snapshot = (tmp_path / "out" / "graph.trig").read_bytes()
    again = build([texts], tmp_path / "out", validate=False, jobs=1)
    assert (again.texts, again.reused, again.facts, again.unplaced) == (6, 6, first.facts, first.unplaced)
    assert (tmp_path / "out" / "graph.trig").read_bytes() == snapshot


def test_a_changed_text_is_read_again_and_replaces_only_its_graph(texts, tmp_path):
    build([texts], tmp_path / "out", validate=False, jobs=1)
    before = _graphs(tmp_path / "out")
    changed = texts / f"{LETTERS[0].stem}-1.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Yours", "With thanks,\n\nYours", 1),
                       encoding="utf-8")
    summary = build([texts], tmp_path / "out", validate=False, jobs=1)
    assert summary.reused == 5
    after = _graphs(tmp_path / "out")
    assert {n for n in after if after[n] != before[n]} <= {n for n in after if n.endswith("-1.txt")}
    fresh = build([texts], tmp_path / "fresh", validate=False, jobs=1)
    assert (tmp_path / "out" / "graph.trig").read_bytes() == (tmp_path / "fresh" / "graph.trig").read_bytes()
    assert summary.facts == fresh.facts


def test_an_added_text_is_read_alone(texts, tmp_path):
    build([texts], tmp_path / "out", validate=False, jobs=1)
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(LETTERS[0], extra / "another.txt")
    (texts / "another.txt").write_text(LETTERS[1].read_text(encoding="utf-8").replace("Dear", "Dear (x)", 1),
                                       encoding="utf-8")
    summary = build([texts], tmp_path / "out", validate=False, jobs=1)
    assert (summary.texts, summary.reused) == (7, 6)
    assert any(name.endswith("/another.txt") for name in _graphs(tmp_path / "out"))


def test_new_extractors_read_every_text_again(texts, tmp_path, monkeypatch):
    build([texts], tmp_path / "out", validate=False, jobs=1)
    monkeypatch.setattr(cache_module, "extractor_version", lambda: "another-version")
    assert build([texts], tmp_path / "out", validate=False, jobs=1).reused == 0


def test_a_damaged_cache_or_a_lost_graph_means_reading_again(texts, tmp_path):
    build([texts], tmp_path / "out", validate=False, jobs=1)
    (tmp_path / "out" / CACHE_FILE).write_text("{ not json", encoding="utf-8")
    assert build([texts], tmp_path / "out", validate=False, jobs=1).reused == 0
    body = json.loads((tmp_path / "out" / CACHE_FILE).read_text(encoding="utf-8"))
    assert len(body["texts"]) == 6
    shutil.rmtree(tmp_path / "out" / "db")  # the cache outlives the database it described
    summary = build([texts], tmp_path / "out", validate=False, jobs=1)
    assert summary.reused == 0 and len(_graphs(tmp_path / "out")) == 6 + 3


def test_several_processes_build_the_same_store_as_one(texts, tmp_path):
    (texts / "broken.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 10)  # neither UTF-8 nor cp1252
    one = build([texts], tmp_path / "one", validate=False, jobs=1)
    two = build([texts], tmp_path / "two", validate=False, jobs=2)
    assert (tmp_path / "one" / "graph.trig").read_bytes() == (tmp_path / "two" / "graph.trig").read_bytes()
    assert (one.texts, one.facts, one.errors) == (two.texts, two.facts, two.errors) == (6, one.facts, one.errors)
    assert len(two.errors) == 1 and "broken.txt" in two.errors[0]


def test_without_a_snapshot_the_store_is_the_same(texts, tmp_path):
    build([texts], tmp_path / "a", validate=False, jobs=1)
    build([texts], tmp_path / "b", validate=False, jobs=1, snapshot=False)
    assert not (tmp_path / "b" / "graph.trig").exists()
    assert _graphs(tmp_path / "a") == _graphs(tmp_path / "b")


def test_a_batch_stored_in_part_is_read_again_whole(texts, tmp_path, monkeypatch):
    """Texts are stored a batch at a time by a loader that is not transactional: a build
    stopped inside a batch leaves graphs in part and unrecorded, and the next build
    replaces them whole."""
    from graph.build import _Batch

    build([texts], tmp_path / "whole", validate=False, jobs=1)
    monkeypatch.setattr(_Batch, "TEXTS", 2)
    loads = 0
    real = Store.load_graphs

    def crash_in_the_second_batch(self, graphs):
        nonlocal loads
        loads += 1
        if loads >= 2:  # half of each graph written, then the process dies
            real(self, [(name, b"".join(nt.splitlines(keepends=True)[: nt.count(b"\n") // 2])) for name, nt in graphs])
            raise KeyboardInterrupt
        real(self, graphs)

    monkeypatch.setattr(Store, "load_graphs", crash_in_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        build([texts], tmp_path / "out", validate=False, jobs=1)
    monkeypatch.setattr(Store, "load_graphs", real)
    summary = build([texts], tmp_path / "out", validate=False, jobs=1)
    assert summary.reused == 2  # the first batch, recorded; the part-written second one is read again
    assert (tmp_path / "out" / "graph.trig").read_bytes() == (tmp_path / "whole" / "graph.trig").read_bytes()


def test_a_build_that_changed_nothing_gives_the_last_report_without_validating(texts, tmp_path, monkeypatch):
    import graph.build as build_module

    first = build([texts], tmp_path / "out", jobs=1)
    assert first.report.findings  # the copies disagree with each other: something to compare

    def no_validation(*_args, **_kwargs):
        raise AssertionError("validated again")

    real = build_module.validate_store
    monkeypatch.setattr(build_module, "validate_store", no_validation)
    again = build([texts], tmp_path / "out", jobs=1)
    assert again.report == first.report

    shapes = tmp_path / "shapes.ttl"  # other shapes: validated again
    shapes.write_bytes(build_module.shapes_file().read_bytes() + b"\n# another version\n")
    monkeypatch.setattr(build_module, "shapes_file", lambda: shapes)
    with pytest.raises(AssertionError, match="validated again"):
        build([texts], tmp_path / "out", jobs=1)
    monkeypatch.undo()

    changed = texts / f"{LETTERS[0].stem}-1.txt"  # a changed text: validated again
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8")
    calls = []
    monkeypatch.setattr(build_module, "validate_store", lambda *a, **k: calls.append(a) or real(*a, **k))
    build([texts], tmp_path / "out", jobs=1)
    assert len(calls) == 1


def test_a_damaged_report_in_the_cache_means_validating_again(texts, tmp_path, monkeypatch):
    import graph.build as build_module

    first = build([texts], tmp_path / "out", jobs=1)
    body = json.loads((tmp_path / "out" / CACHE_FILE).read_text(encoding="utf-8"))
    body["validated"]["findings"] = [{"not": "a finding"}]
    (tmp_path / "out" / CACHE_FILE).write_text(json.dumps(body), encoding="utf-8")
    calls = []
    real = build_module.validate_store
    monkeypatch.setattr(build_module, "validate_store", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert build([texts], tmp_path / "out", jobs=1).report == first.report and len(calls) == 1


def test_a_graph_left_half_replaced_is_not_taken_for_its_old_text(texts, tmp_path, monkeypatch):
    """Two texts changed, the build stopped inside their batch, the texts put back as they
    were: their graphs are read again, not taken as the old texts' whole graphs."""
    from graph.build import _Batch

    build([texts], tmp_path / "out", validate=False, jobs=1)
    whole = (tmp_path / "out" / "graph.trig").read_bytes()
    changed = [texts / f"{letter.stem}-1.txt" for letter in LETTERS]
    before = {path: path.read_bytes() for path in changed}
    for path in changed:
        path.write_bytes(before[path] + b"\nA line added.\n")
    monkeypatch.setattr(_Batch, "TEXTS", 2)
    real = Store.load_graphs

    def half_then_die(self, graphs):
        real(self, [(name, b"".join(nt.splitlines(keepends=True)[: nt.count(b"\n") // 2])) for name, nt in graphs])
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "load_graphs", half_then_die)
    with pytest.raises(KeyboardInterrupt):
        build([texts], tmp_path / "out", validate=False, jobs=1)
    monkeypatch.undo()
    for path in changed:
        path.write_bytes(before[path])
    summary = build([texts], tmp_path / "out", validate=False, jobs=1)
    assert summary.reused == 6 - len(changed)
    assert (tmp_path / "out" / "graph.trig").read_bytes() == whole
