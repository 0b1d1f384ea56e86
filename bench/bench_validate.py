"""Validation time of the two engines (graph.validate.validate_store, engine
"sparql" and "pyshacl"): on the bundled letters, and on a larger store built
from copies of them, each copy's own date moved on by one more day (so every
copy is a text of its own; the consultations and decisions they speak of are
the same ones, as in a real corpus where many texts speak of one
consultation).  Each run is a fresh process, timed around validate_store
alone (no interpreter start, no imports); the first SPARQL run also makes the
engine's on-disk cache of the inoculated ontology.  Prints figures, asserts
nothing, and says whether both engines gave the same results.

    .venv/bin/python bench/bench_validate.py --copies 20 --runs 3
    .venv/bin/python bench/bench_validate.py --copies 150 --pyshacl-runs 0   # the SPARQL engine alone
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

DATE = re.compile(r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|"
                  r"December) (\d{4})\b")


def copies(corpus: Path, out: Path, n: int) -> list[Path]:
    """``n`` copies of each text of ``corpus``, the first date of copy i moved on by i days."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for i in range(n):
            def later(m: re.Match, i: int = i) -> str:
                day = datetime.datetime.strptime(m.group(0), "%d %B %Y").date() + datetime.timedelta(days=i)
                return f"{day.day} {day:%B %Y}"
            target = out / f"{path.stem}_c{i:04d}.txt"
            target.write_text(DATE.sub(later, text, count=1), encoding="utf-8")
            made.append(target)
    return made


def worker(engine: str, store: str) -> None:
    """One timed validate_store, in this (fresh) process; prints JSON."""
    import time

    from graph.validate import validate_store

    start = time.perf_counter()
    report = validate_store(Path(store), engine=engine)
    seconds = time.perf_counter() - start
    results = sorted([f.severity, f.rule, f.focus, f.path or "", f.value_n3 or "", f.message, f.component]
                     for f in report.findings)
    print(json.dumps({"seconds": seconds, "findings": len(report.findings), "results": results}))


def timed(engine: str, store: Path, runs: int, timeout: float | None) -> tuple[list[float], dict | None]:
    times, last = [], None
    for _ in range(runs):
        try:
            done = subprocess.run([sys.executable, __file__, "--worker", engine, str(store)], capture_output=True,
                                  text=True, check=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return times + [float("inf")], last
        last = json.loads(done.stdout.strip().splitlines()[-1])
        times.append(last["seconds"])
    return times, last


def bench(label: str, store: Path, runs: int, pyshacl_runs: int, timeout: float | None) -> None:
    from graph.store import Store

    db = Store(store)
    triples = db.triple_count()
    db.close()
    sparql, mine = timed("sparql", store, runs, None)
    pyshacl, theirs = timed("pyshacl", store, pyshacl_runs, timeout) if pyshacl_runs else ([], None)
    print(f"{label}: {triples} triples in the store")
    print(f"  sparql:  {_show(sparql)}   ({mine['findings']} findings)")
    if pyshacl:
        print(f"  pyshacl: {_show(pyshacl)}" + (f"   ({theirs['findings']} findings)" if theirs else ""))
        best_s, best_p = statistics.median(sparql), statistics.median(pyshacl)
        print(f"  ratio:   {best_p / best_s:.1f}x (median pyshacl / median sparql)")
        if theirs is not None:
            print(f"  same results: {mine['results'] == theirs['results']}")


def _show(times: list[float]) -> str:
    shown = ", ".join("timeout" if t == float("inf") else f"{t:.2f}" for t in times)
    return f"median {statistics.median(times):8.2f} s  [{shown}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of each bundled letter in the larger store")
    parser.add_argument("--runs", type=int, default=3, help="runs of the SPARQL engine per store")
    parser.add_argument("--pyshacl-runs", type=int, default=1, help="runs of pyshacl per store (0: none)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds after which a pyshacl run stops")
    parser.add_argument("--store", type=Path, help="keep the larger store here (built if absent)")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    from graph.build import build
    from graph.resources import corpus_dir

    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "letters"
        build(None, small, validate=False)
        bench("the bundled letters", small, args.runs, args.pyshacl_runs and max(args.pyshacl_runs, args.runs),
              args.timeout)
        large = args.store or Path(tmp) / "copies"
        if not (large / "db").is_dir():
            texts = copies(corpus_dir(), Path(tmp) / "texts", args.copies)
            build(texts, large, validate=False)
        bench(f"{args.copies} copies of each letter", large, args.runs, args.pyshacl_runs, args.timeout)


if __name__ == "__main__":
    main()
