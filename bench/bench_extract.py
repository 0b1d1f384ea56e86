"""Time reading one text: documents -> segments -> facts -> N-Triples (``read_source``).

Generates N synthetic texts (bench/synth) and prints the CPU time per text
(median, p95) and the texts per second of ``read_source`` in one process, then
the CPU time split by stage.  Each measure runs in a fresh process that first
reads a few other texts (another seed) to load the reference data and compile
the patterns, then reads each of the N texts once, as a build does: what a
process remembers between texts (e.g. the mentions found in a sentence) helps
only as far as the texts share sentences.  With ``--jobs J`` it also times the
build's own reading loop (``graph.build._read_all``) across J processes.
Prints figures; asserts nothing.

    .venv/bin/python bench/bench_extract.py [--texts 300] [--seed 7] [--jobs 2] [--dir DIR]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth.generate import generate  # noqa: E402
from graph import build as pipeline  # noqa: E402
from graph.documents import read_document  # noqa: E402
from graph.extractors import extract_all  # noqa: E402
from graph.segments import segment  # noqa: E402


def _to_ntriples():
    """The triples stage as ``read_source`` runs it (rdflib's serializer before ``to_ntriples`` existed)."""
    from graph import triples

    if hasattr(triples, "to_ntriples"):
        return triples.to_ntriples
    return lambda doc, result: triples.to_graph(doc, result).serialize(format="nt", encoding="utf-8")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _ms(seconds: float) -> str:
    return f"{1000 * seconds:6.2f} ms"


def per_text(paths: list[Path]) -> None:
    """``read_source`` on each text, single process: CPU time per text and texts per second."""
    cpu: list[float] = []
    wall_start = time.perf_counter()
    for path in paths:
        start = time.process_time()
        outcome = pipeline.read_source(path)
        cpu.append(time.process_time() - start)
        if outcome.error:
            print("  error:", outcome.error)
    wall = time.perf_counter() - wall_start
    print(f"read_source, one process, {len(paths)} texts:")
    print(f"  CPU per text: median {_ms(statistics.median(cpu))}, p95 {_ms(_percentile(cpu, 0.95))}, "
          f"mean {_ms(statistics.mean(cpu))}")
    print(f"  {len(paths) / wall:7.1f} texts/s ({wall:.2f} s wall; {len(paths) / sum(cpu):.1f} texts per CPU second)")


def stages(paths: list[Path]) -> None:
    """The CPU time of each stage, summed over the texts and per text."""
    from graph.facts import TextFacts

    to_nt = _to_ntriples()
    names = ("read_document", "segment", "extract_all", "to_ntriples")
    spent: dict[str, list[float]] = {n: [] for n in names}
    for path in paths:
        t0 = time.process_time()
        doc = read_document(path)
        t1 = time.process_time()
        segments = segment(doc)
        t2 = time.process_time()
        facts, unplaced = extract_all(doc, segments)
        t3 = time.process_time()
        to_nt(doc, TextFacts(doc.file_name, tuple(facts), tuple(unplaced)))
        t4 = time.process_time()
        for name, took in zip(names, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            spent[name].append(took)
    total = sum(sum(v) for v in spent.values())
    print("by stage (CPU per text):")
    for name in names:
        values = spent[name]
        print(f"  {name:14} median {_ms(statistics.median(values))}, p95 {_ms(_percentile(values, 0.95))}, "
              f"share {100 * sum(values) / total:5.1f} %")


def parallel(paths: list[Path], jobs: int) -> None:
    """The build's reading loop across ``jobs`` processes (their start-up, loading the reference data, included:
    a second or so, so give it a thousand texts or more)."""
    to_read = {p: "" for p in paths}
    start = time.perf_counter()
    errors = sum(1 for outcome in pipeline._read_all(to_read, jobs) if outcome.error)
    wall = time.perf_counter() - start
    print(f"build reading loop, {jobs} processes: {len(paths) / wall:7.1f} texts/s ({wall:.2f} s wall"
          + (f", {errors} errors" if errors else "") + ")")


def _fresh(phase, warm: list[Path], paths: list[Path]) -> None:
    """``phase(paths)`` in a new process, after reading the ``warm`` texts there."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        pool.submit(_run, phase, warm, paths).result()


def _run(phase, warm: list[Path], paths: list[Path]) -> None:
    for path in warm:
        pipeline.read_source(path)
    phase(paths)
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=300, help="how many synthetic texts (default 300)")
    parser.add_argument("--seed", default="7", help="the seed of the synthetic texts (default 7)")
    parser.add_argument("--jobs", type=int, default=0, help="also time the build's reading loop on J processes")
    parser.add_argument("--dir", type=Path, help="read the texts of this folder instead of generating them")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.dir:
            folder = args.dir
        else:
            folder = Path(tmp)
            generate(args.texts, int(args.seed) if args.seed.isdigit() else args.seed, folder)
        paths = sorted(folder.glob("*.txt"))
        warm_dir = Path(tmp) / "warm"
        generate(12, f"{args.seed}-warm", warm_dir)
        warm = sorted(warm_dir.glob("*.txt"))
        _fresh(per_text, warm, paths)
        _fresh(stages, warm, paths)
        if args.jobs:
            parallel(paths, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
