"""SIGINT or SIGTERM during ``smkg build``, ``smkg export --bundle`` or ``smkg push``: the command stops with
130 or 143 and one line ("interrupted; ..."), leaves no temporary file, no truncated output and no worker process
behind, the store still opens, and running it again gives what an uninterrupted run gives.

Each command runs as a subprocess (in a session of its own, so that every process it starts can be found in
/proc, and so that a whole group can be signalled as Ctrl-C on a terminal does) and is signalled at one moment:
a fixed time after its start, or when something is seen happening (the build's worker processes, its snapshot's
temporary file, the bundle's first file written).  The verdict never depends on the moment: a command signalled
before its handler is installed (while Python starts) dies of the signal with nothing written; one signalled
after it finished has exited 0; either way the same assertions hold.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph
from rdflib.compare import isomorphic

from graph.build import build
from graph.bundle import export_bundle
from graph.cli import INTERRUPTED
from graph.remote import local_graphs
from graph.resources import corpus_dir

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path("/proc/self/stat").exists() or os.name != "posix",
                                                   reason="finds the processes a command started in /proc")]

#: Copies of each bundled letter in the build's folder: 16 texts, a few seconds' build with --jobs 2.
COPIES = 8
SMKG = Path(sys.executable).parent / "smkg"
#: How long a command may take to stop once signalled, and its processes to be gone after it: a hang, not a verdict.
STOP_S, GONE_S = int(os.environ.get("SMKG_STOP_S", 180)), 30


def _smkg() -> list[str]:
    return [str(SMKG)] if SMKG.exists() else [sys.executable, "-m", "graph.cli"]


# --- processes ---------------------------------------------------------------------------------------------------


def _processes() -> dict[int, tuple[str, int, int, int]]:
    """Every process on the machine: pid -> (state, parent pid, session id, start time)."""
    found = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            found[int(entry.name)] = (fields[0], int(fields[1]), int(fields[3]), int(fields[19]))
    return found


def _session(sid: int) -> dict[int, tuple[str, int, int, int]]:
    """The live (not zombie) processes of session ``sid``: the command and every process it started."""
    return {pid: p for pid, p in _processes().items() if p[2] == sid and p[0] not in "ZX"}


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:200]
    except OSError:
        return "?"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    signalled: bool  # the signal was sent while the command was still running
    workers_seen: int  # the processes the command started, seen while it ran


#: A moment to signal at: (seconds since the start, the command's processes, the command's pid) -> now?
Moment = Callable[[float, dict, int], bool]


def after(seconds: float) -> Moment:
    return lambda elapsed, procs, pid: elapsed >= seconds


def when_workers_run(elapsed: float, procs: dict, pid: int) -> bool:
    """Once a process of the build's pool is running (a child of the forkserver, not of the command)."""
    return any(p[1] != pid and p[1] in procs for p in procs.values())


def when_in(folder: Path, predicate: Callable[[str], bool]) -> Moment:
    """Once a file whose name satisfies ``predicate`` is in ``folder`` (or its subfolders)."""
    def moment(elapsed, procs, pid) -> bool:
        try:
            return any(predicate(f) for _, _, files in os.walk(folder) for f in files)
        except OSError:
            return False
    return moment


def when_changed(folder: Path) -> Moment:
    """Once any file in ``folder`` is new, gone, or changed since the command started: it is writing."""
    def listing():
        return {(d, f, os.lstat(os.path.join(d, f)).st_mtime_ns) for d, _, files in os.walk(folder) for f in files}
    start = listing()

    def moment(elapsed, procs, pid) -> bool:
        try:
            return listing() != start
        except OSError:  # a file renamed under us: it is writing
            return True
    return moment


def run_signalled(args: list, signum: int, moment: Moment, cwd: Path, group: bool = False) -> Run:
    """Start ``smkg ARGS``, send ``signum`` at ``moment`` (to the whole process group if ``group``, as Ctrl-C on a
    terminal does), wait for it and for every process it started to end."""
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    with open(out, "wb") as o, open(err, "wb") as e:
        proc = subprocess.Popen([*_smkg(), *map(str, args)], stdout=o, stderr=e, cwd=cwd, start_new_session=True)
    started, seen, signalled = time.monotonic(), set(), False
    try:
        while proc.poll() is None:
            procs = _session(proc.pid)
            seen |= set(procs) - {proc.pid}
            if moment(time.monotonic() - started, procs, proc.pid):
                break
            time.sleep(0.01)
        if proc.poll() is None:
            signalled = True
            try:
                (os.killpg if group else os.kill)(proc.pid, signum)
            except ProcessLookupError:  # it ended just now
                signalled = False
        proc.wait(timeout=STOP_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        pytest.fail(f"smkg {' '.join(map(str, args))} did not stop within {STOP_S} s of the signal")
    deadline = time.monotonic() + GONE_S
    while (left := _session(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, "processes left running: " + "; ".join(f"{pid} {_cmdline(pid)}" for pid in left)
    return Run(proc.returncode, out.read_text(errors="replace"), err.read_text(errors="replace"), signalled,
               len(seen))


def check_exit(run: Run, signum: int, group: bool = False) -> None:
    """Stopped cleanly by our handler (128 + the signal, and the line saying so), or by the signal itself before
    the handler was installed (nothing written yet), or finished before the signal came.  Signalled as a group
    (Ctrl-C), the build's workers get the signal too: CPython 3.11's process pool may then print a traceback of
    its own (InvalidStateError in its management thread, fixed in 3.12), which is noise, not a fault of ours."""
    if run.returncode == 128 + signum:
        assert run.stderr.strip().splitlines()[-1] == INTERRUPTED, run.stderr
        assert group or "Traceback" not in run.stderr, run.stderr
    else:
        assert run.returncode in (0, -signum), (run.returncode, run.stderr[-3000:])


# --- files ---------------------------------------------------------------------------------------------------------


def temporary_files(folder: Path) -> list[str]:
    """Temporary files left in ``folder``: ``.NAME.XXXX.tmp`` (graph.files) or ``.graph.trig.XXXX`` (the snapshot)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*")
                  if ".tmp" in p.name or p.name.startswith(".graph.trig."))


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def check_complete(name: str, data: bytes) -> None:
    """``data``, the whole of the output ``name``, parses as what its extension says."""
    suffix = Path(name).suffix
    rdf = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
           ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD}
    if suffix in rdf:
        # catalog.ttl names its files by relative IRIs
        assert list(ox.parse(data, format=rdf[suffix], base_iri=f"file:///bundle/{name}")), name
    elif suffix == ".csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert rows and rows[0], name
    elif suffix in (".json", ".cyjs"):
        json.loads(data)
    elif suffix in (".graphml", ".gexf"):
        ET.fromstring(data)
    elif suffix == ".xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None, name
    else:
        raise AssertionError(f"no check for {name}")


def check_store_opens(store: Path) -> None:
    db = ox.Store(str(store / "db"))  # read-write: takes RocksDB's lock, which a stopped command must have released
    try:
        len(db)
    finally:
        del db


def _cache_body(data: bytes) -> dict:
    """cache.json without the extractors' digest (others' edits of the code in this tree change it between runs)."""
    body = json.loads(data)
    body.pop("extractors")
    return body


# --- build -------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> Path:
    """Copies of the bundled letters, each with a line of its own at the end (so no two are the same bytes)."""
    folder = tmp_path_factory.mktemp("letters")
    for source in sorted(corpus_dir().glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        for i in range(COPIES):
            (folder / f"copy{i:02d}_{source.name}").write_text(f"{text}\nReference {i}\n", encoding="utf-8")
    return folder


def _build_args(letters: Path, store: Path) -> list:
    return ["build", letters, "--store", store, "--jobs", "2", "--no-validate"]


@pytest.fixture(scope="module")
def built(tmp_path_factory, letters) -> Path:
    """An uninterrupted build of the letters, to compare with."""
    store = tmp_path_factory.mktemp("built")
    result = subprocess.run([*_smkg(), *map(str, _build_args(letters, store / "store"))], capture_output=True,
                            text=True, cwd=store)
    assert result.returncode == 0, result.stderr
    return store / "store"


@pytest.fixture(scope="module")
def older(tmp_path_factory, letters) -> Path:
    """A store built earlier from a few of the letters: the outputs an interrupted build must leave as they were
    or complete."""
    some = tmp_path_factory.mktemp("some-letters")
    for path in sorted(letters.iterdir())[:4]:
        shutil.copy(path, some)
    store = tmp_path_factory.mktemp("older") / "store"
    build([some], store, validate=False, jobs=1)
    return store


BUILD_CASES = {  # id: (signal, moment, start from the older store, signal the whole group)
    "term-0.3s": (signal.SIGTERM, after(0.3), False, False),
    "int-1s-older": (signal.SIGINT, after(1.0), True, False),
    "term-2s-older": (signal.SIGTERM, after(2.0), True, False),
    "term-workers": (signal.SIGTERM, when_workers_run, False, False),
    "int-workers-older": (signal.SIGINT, when_workers_run, True, False),
    "ctrl-c-workers": (signal.SIGINT, when_workers_run, False, True),
    "term-snapshot-older": (signal.SIGTERM, "snapshot", True, False),
    "int-snapshot": (signal.SIGINT, "snapshot", False, False),
}


@pytest.mark.parametrize("case", BUILD_CASES)
def test_an_interrupted_build_leaves_whole_outputs_and_a_rerun_finishes_it(case, tmp_path, letters, built, older):
    signum, moment, from_older, group = BUILD_CASES[case]
    store = tmp_path / "store"
    if from_older:
        shutil.copytree(older, store)
    before = {name: (store / name).read_bytes() for name in ("graph.trig", "cache.json") if (store / name).exists()}
    if moment == "snapshot":
        moment = when_in(store, lambda name: name.startswith(".graph.trig."))
    run = run_signalled(_build_args(letters, store), signum, moment, tmp_path, group)
    check_exit(run, signum, group)
    assert not temporary_files(tmp_path), temporary_files(tmp_path)
    reference = files(built)
    for name in ("graph.trig", "cache.json"):
        if (store / name).exists():
            data = (store / name).read_bytes()
            if name == "cache.json":  # saved on the interrupt: each text it records, recorded as a whole build would
                recorded = _cache_body(data)["texts"]
                finished = _cache_body(reference[name])["texts"]
                old = _cache_body(before[name])["texts"] if before.get(name) else {}
                assert all(entry in (finished.get(n), old.get(n)) for n, entry in recorded.items()), recorded
            else:
                assert data in (before.get(name), reference[name]), f"{name}: neither as it was nor complete"
                check_complete(name, data)
    if (store / "db").exists():
        check_store_opens(store)

    rerun = subprocess.run([*_smkg(), *map(str, _build_args(letters, store))], capture_output=True, text=True,
                           cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert (store / "graph.trig").read_bytes() == reference["graph.trig"]
    assert _cache_body((store / "cache.json").read_bytes()) == _cache_body(reference["cache.json"])
    assert not temporary_files(tmp_path)


# --- export --bundle ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> tuple[Path, Path, Path]:
    """A store of the bundled letters, its bundle exported uninterrupted, and an older bundle (of one letter)."""
    root = tmp_path_factory.mktemp("bundles")
    build(None, root / "store", validate=False, jobs=1)
    export_bundle(root / "store", root / "bundle")
    one = root / "one-letter"
    one.mkdir()
    shutil.copy(sorted(corpus_dir().glob("*.txt"))[0], one)
    build([one], root / "older-store", validate=False, jobs=1)
    export_bundle(root / "older-store", root / "older-bundle")
    return root / "store", root / "bundle", root / "older-bundle"


EXPORT_CASES = {  # id: (signal, moment, start from an older bundle)
    "term-1.5s": (signal.SIGTERM, 1.5, False),
    "int-writing-older": (signal.SIGINT, "writing", True),
    "term-writing-older": (signal.SIGTERM, "writing", True),
}


@pytest.mark.parametrize("case", EXPORT_CASES)
def test_an_interrupted_bundle_export_leaves_each_file_as_it_was_or_complete(case, tmp_path, bundles):
    signum, when, from_older = EXPORT_CASES[case]
    store, reference_dir, older_dir = bundles
    out = tmp_path / "bundle"
    if from_older:
        shutil.copytree(older_dir, out)
    else:
        out.mkdir()
    before, reference = files(out), files(reference_dir)
    moment = after(when) if isinstance(when, float) else when_changed(out)
    run = run_signalled(["export", "--bundle", out, "--store", store], signum, moment, tmp_path)
    check_exit(run, signum)
    assert not temporary_files(out), temporary_files(out)
    for name, data in files(out).items():
        assert data in (before.get(name), reference.get(name)), f"{name}: neither as it was nor complete"
        check_complete(name, data)
    check_store_opens(store)

    rerun = subprocess.run([*_smkg(), "export", "--bundle", str(out), "--store", str(store)], capture_output=True,
                           text=True, cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    now = files(out)
    assert {n: d for n, d in now.items() if n in reference} == reference
    assert set(now) - set(reference) <= set(before)  # only an older bundle's files this one has not
    assert not temporary_files(out)


# --- push ----------------------------------------------------------------------------------------------------------


def _server_graphs(base: str) -> set[str]:
    query = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    request = urllib.request.Request(f"{base}/query?{query}", headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return {b["g"]["value"] for b in json.load(answer)["results"]["bindings"]}


def _server_graph(base: str, name: str) -> Graph:
    url = f"{base}/store?{urllib.parse.urlencode({'graph': name})}"
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return Graph().parse(data=answer.read().decode("utf-8"), format="nt")


def _same(a: Graph, b: Graph) -> bool:
    ground_a = {t for t in a if not any(isinstance(x, BNode) for x in t)}
    ground_b = {t for t in b if not any(isinstance(x, BNode) for x in t)}
    if ground_a != ground_b:
        return False
    return isomorphic(a, b) if len(a) != len(ground_a) or len(b) != len(ground_b) else True


PUSH_CASES = {"term-0.3s": (signal.SIGTERM, 0.3), "int-1s": (signal.SIGINT, 1.0), "term-2.5s": (signal.SIGTERM, 2.5)}


@pytest.mark.parametrize("case", PUSH_CASES)
def test_an_interrupted_push_is_finished_by_pushing_again(case, tmp_path, built, oxigraph_server):
    signum, seconds = PUSH_CASES[case]
    there_before = _server_graphs(oxigraph_server)
    args = ["push", "--endpoint", oxigraph_server, "--preset", "oxigraph", "--store", built]
    try:
        run = run_signalled(args, signum, after(seconds), tmp_path)
        check_exit(run, signum)
        assert not temporary_files(built)
        check_store_opens(built)
        rerun = subprocess.run([*_smkg(), *map(str, args)], capture_output=True, text=True, cwd=tmp_path)
        assert rerun.returncode == 0, rerun.stderr
        local = local_graphs(built)
        assert set(local) <= _server_graphs(oxigraph_server)
        for name, data in local.items():
            assert _same(_server_graph(oxigraph_server, name), Graph().parse(data=data.decode(), format="nt")), name
    finally:  # leave the server as the other tests found it: the copies' graphs removed
        for name in _server_graphs(oxigraph_server) - there_before:
            url = f"{oxigraph_server}/store?{urllib.parse.urlencode({'graph': name})}"
            urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=30).read()
