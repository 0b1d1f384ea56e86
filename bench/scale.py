"""Scale: the synthetic corpus at 1,000 and 10,000 texts, built, validated, queried
and pushed, with every figure issue-tracked in bench/RESULTS.md.  Prints figures;
asserts nothing.  Run through ``bench/run`` (which uses the project's venv):

    bench/run                       # 1k and 10k texts
    bench/run --sizes 200 1000      # other sizes
    bench/run --budget 900          # seconds allowed to each reference run (pyshacl, rdflib) before it is cut
    bench/run --compare-at 100      # sizes at which pyshacl runs to the end, for the same-findings check

Each measured step runs in a child process of its own, so its peak memory
(its own and its workers') is its own.  The reference runs (plain pyshacl on
the same data and shapes; the catalogue on rdflib's in-memory Graph) are cut
after ``--budget`` seconds and then reported as "more than" that.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: The catalogue's queries with the parameters each needs (the named queries of queries/).
QUERIES: dict[str, dict[str, str]] = {
    "sources": {}, "consultations": {}, "decisions": {}, "mentions": {}, "versions": {"document": "TMAD"},
    "in-force": {"document": "TMAD", "on": "2021-11-05"}, "lineage": {"document": "TMAD"},
    "consultations-by": {"organisation": "DCC"}, "responses": {}, "touching": {"cohort": "FOC"},
    "open-items": {"on": "2024-01-01"},
}


# --- what each child process does -------------------------------------------------------------------------------

def child(task: str, args: list[str]) -> dict:
    started = time.perf_counter()
    result: dict = {}
    if task == "build":  # smkg build --no-snapshot, its two stages timed apart
        from graph.build import build
        from graph.validate import validate_store

        texts, store = Path(args[0]), Path(args[1])
        summary = build([texts], store, validate=False, snapshot=False)
        stored = time.perf_counter()
        report = validate_store(store)
        result = {"texts": summary.texts, "reused": summary.reused, "triples": summary.triples,
                  "errors": len(summary.errors), "findings": len(report.findings),
                  "store_seconds": stored - started, "validate_seconds": time.perf_counter() - stored}
    elif task == "validate":
        from graph.validate import validate_store

        report = validate_store(Path(args[0]), engine=args[1])
        result = {"findings": sorted(f"{f.severity} {f.rule} {f.focus}" for f in report.findings)}
    elif task == "queries-oxigraph":
        from graph.queries import run_query

        result = {"latency": _latencies(lambda name, params: run_query(name, Path(args[0]), **params))}
    elif task == "queries-rdflib":
        result = _rdflib_latencies(Path(args[0]))
    elif task == "accuracy":
        from bench.synth.accuracy import compare

        report = compare(Path(args[0]), Path(args[1]))
        result = {"f1": {t: report.f1(t) for t in report.tables}}
    result["seconds"] = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_mb"] = max(own, workers) / 1024
    return result


def _latencies(run) -> dict[str, float]:
    """The median of three runs of each query, after a warm-up; a query the engine cannot answer is left out."""
    out = {}
    for name, params in QUERIES.items():
        try:
            run(name, params)  # warm
        except Exception as err:  # rdflib fails on some aggregates over unbound values
            print(f"{name}: {type(err).__name__}: {err}", file=sys.stderr)
            continue
        times = []
        for _ in range(3):
            started = time.perf_counter()
            run(name, params)
            times.append(time.perf_counter() - started)
        out[name] = statistics.median(times)
    return out


def _rdflib_latencies(store: Path) -> dict:
    """The same queries, with the same bound parameters, on rdflib's in-memory Dataset of the same quads."""
    import pyoxigraph as ox
    from rdflib import Dataset

    from graph.parameters import with_values
    from graph.queries import bind, load_query

    db = ox.Store.read_only(str(store / "db"))
    data = db.dump(format=ox.RdfFormat.N_QUADS)
    del db
    started = time.perf_counter()
    ds = Dataset(default_union=True)  # the default graph as the union, as the queries read it on Oxigraph
    ds.parse(data=data.decode("utf-8"), format="nquads")
    load = time.perf_counter() - started

    def run(name, params):
        query = load_query(name)
        return list(ds.query(with_values(query.text, bind(query, params))))

    return {"latency": _latencies(run), "load_seconds": load}


# --- the run ----------------------------------------------------------------------------------------------------

def run_child(task: str, *args: str, budget: float | None = None) -> dict | None:
    """A child's result, or None when it ran past ``budget`` seconds."""
    command = [sys.executable, __file__, "--child", task, *args]
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=budget, check=True, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as err:
        raise SystemExit(f"{task} failed:\n{err.stderr[-3000:]}") from err
    return json.loads(out.stdout.strip().splitlines()[-1])


def corpus(size: int, root: Path) -> Path:
    from bench.synth.generate import generate

    folder = root / f"texts-{size}"
    if not (folder / "gold.jsonl").exists():
        generate(size, 1, folder)
    return folder


def push_rate(store: Path, root: Path) -> tuple[float, int]:
    from graph.remote import Endpoint, push

    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not binary:
        raise SystemExit("oxigraph (pip package 'oxigraph', in the test extra) is needed for the push figure")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([binary, "serve", "--location", str(root / f"oxigraph-{port}"),
                               "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        started = time.perf_counter()
        counts = push(store, Endpoint.from_options(f"http://127.0.0.1:{port}", preset="oxigraph"))
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    triples = sum(counts.values())
    return triples / seconds, triples


def touch_one(texts: Path) -> None:
    """Change one text the way an editor would: a sentence added at the end."""
    first = sorted(texts.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nThis text was corrected after publication.\n",
                     encoding="utf-8")


def add_one(texts: Path, index: int) -> None:
    from bench.synth.generate import one

    name, text, _ = one(2, index)
    (texts / name).write_text(text, encoding="utf-8")


def measure(size: int, root: Path, budget: float) -> dict:
    texts = corpus(size, root)
    store = root / f"store-{size}"
    shutil.rmtree(store, ignore_errors=True)
    figures: dict = {"texts": size}
    build = run_child("build", str(texts), str(store))
    figures.update(build_seconds=build["seconds"], texts_per_s=size / build["seconds"], triples=build["triples"],
                   build_peak_mb=build["peak_mb"], errors=build["errors"])
    figures.update(read_and_store_s=build["store_seconds"], validate_in_build_s=build["validate_seconds"])
    print(f"[{size}] build: {build['seconds']:.1f} s, {size / build['seconds']:.0f} texts/s, "
          f"{build['triples']:,} triples, peak {build['peak_mb']:.0f} MB; of which reading and storing "
          f"{build['store_seconds']:.1f} s ({size / build['store_seconds']:.0f} texts/s), validating "
          f"{build['validate_seconds']:.1f} s", flush=True)
    accuracy = run_child("accuracy", str(store), str(texts / "gold.jsonl"))
    figures["f1"] = accuracy["f1"]
    print(f"[{size}] accuracy F1: " + ", ".join(f"{t} {v:.4f}" for t, v in accuracy["f1"].items()), flush=True)

    work = root / f"texts-{size}-edited"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(texts, work)
    edited_store = root / f"store-{size}-edited"
    shutil.rmtree(edited_store, ignore_errors=True)
    shutil.copytree(store, edited_store)
    touch_one(work)
    changed = run_child("build", str(work), str(edited_store))
    add_one(work, size + 1)
    added = run_child("build", str(work), str(edited_store))
    figures.update(one_changed_s=changed["seconds"], one_added_s=added["seconds"],
                   one_changed_stored_s=changed["store_seconds"], one_added_stored_s=added["store_seconds"])
    print(f"[{size}] one text changed: {changed['seconds']:.2f} s; one added: {added['seconds']:.2f} s "
          f"(rebuilt and revalidated); of which rebuilt: {changed['store_seconds']:.2f} s and "
          f"{added['store_seconds']:.2f} s (smkg build --no-validate)", flush=True)

    ours = run_child("validate", str(store), "sparql")
    reference = run_child("validate", str(store), "pyshacl", budget=budget)
    figures["validate_s"] = ours["seconds"]
    if reference is None:
        figures["pyshacl_s"] = f">{budget:.0f}"
        print(f"[{size}] validate: {ours['seconds']:.1f} s; pyshacl more than {budget:.0f} s "
              f"(ratio > {budget / ours['seconds']:.0f}x)", flush=True)
    else:
        figures.update(pyshacl_s=reference["seconds"], same_findings=reference["findings"] == ours["findings"])
        print(f"[{size}] validate: {ours['seconds']:.1f} s; pyshacl {reference['seconds']:.1f} s "
              f"({reference['seconds'] / ours['seconds']:.0f}x); same findings: "
              f"{reference['findings'] == ours['findings']}", flush=True)

    queries = run_child("queries-oxigraph", str(store))
    median = statistics.median(queries["latency"].values())
    figures["query_median_ms"] = median * 1000
    rdflib = run_child("queries-rdflib", str(store), budget=budget)
    if rdflib is None:
        figures["rdflib_query_median_ms"] = f">{budget:.0f} s in all"
        print(f"[{size}] queries: median {median * 1000:.1f} ms; rdflib more than {budget:.0f} s", flush=True)
    else:
        both = sorted(set(rdflib["latency"]) & set(queries["latency"]))  # the queries both answered
        median = statistics.median(queries["latency"][q] for q in both)
        theirs = statistics.median(rdflib["latency"][q] for q in both)
        figures["queries_compared"] = len(both)
        figures.update(rdflib_query_median_ms=theirs * 1000, rdflib_load_s=rdflib["load_seconds"])
        print(f"[{size}] queries: median {figures['query_median_ms']:.1f} ms over the catalogue; on the "
              f"{len(both)} both answer, {median * 1000:.1f} ms against rdflib's {theirs * 1000:.1f} ms "
              f"({theirs / median:.0f}x)", flush=True)

    rate, triples = push_rate(store, root)
    figures["push_triples_per_s"] = rate
    print(f"[{size}] push to Oxigraph: {triples:,} triples at {rate:,.0f} triples/s", flush=True)
    return figures


def compare_engines(size: int, root: Path) -> dict:
    """Both engines on the same store, pyshacl left to finish: its time and whether the findings are the same."""
    texts = corpus(size, root)
    store = root / f"store-{size}-compared"
    shutil.rmtree(store, ignore_errors=True)
    built = run_child("build", str(texts), str(store))
    ours = run_child("validate", str(store), "sparql")
    theirs = run_child("validate", str(store), "pyshacl")
    same = ours["findings"] == theirs["findings"]
    print(f"[{size}] both engines: {built['triples']:,} triples; smkg validate {ours['seconds']:.1f} s, pyshacl "
          f"{theirs['seconds']:.1f} s ({theirs['seconds'] / ours['seconds']:.1f}x); {len(ours['findings'])} "
          f"findings; same findings: {same}", flush=True)
    return {"texts": size, "triples": built["triples"], "validate_s": ours["seconds"],
            "pyshacl_s": theirs["seconds"], "findings": len(ours["findings"]), "same_findings": same}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--budget", type=float, default=900.0, help="seconds for each reference run")
    parser.add_argument("--work", type=Path, help="keep corpora and stores here (default: a temporary folder)")
    parser.add_argument("--compare-at", type=int, nargs="*", default=[100],
                        help="sizes at which both engines run to the end and their findings are compared")
    args = parser.parse_args(argv)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    root = args.work or Path(tempfile.mkdtemp(prefix="smkg-scale-"))
    root.mkdir(parents=True, exist_ok=True)
    compared = [compare_engines(size, root) for size in args.compare_at]
    results = [measure(size, root, args.budget) for size in args.sizes]
    if len(results) >= 2:
        small, large = results[0], results[-1]
        exponent = math.log(large["build_seconds"] / small["build_seconds"]) / math.log(large["texts"] / small["texts"])
        print(f"scaling exponent of the build, {small['texts']} to {large['texts']} texts: {exponent:.2f}")
    print(json.dumps({"sizes": results, "engines compared": compared}, indent=1))
    if args.work is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3:])))
    else:
        sys.exit(main())
