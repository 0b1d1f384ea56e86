"""Time `smkg build` on the bundled corpus (seconds per run and per text, with
and without validation, and `smkg validate` alone), and the extraction alone
(documents -> segments -> facts) per text, on the corpus and on the genre
fixtures of the tests.  Prints figures; asserts nothing."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from graph.build import build, read_text
from graph.documents import read_document
from graph.resources import corpus_dir
from graph.validate import validate_store

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "genres"


def extraction(runs: int) -> None:
    paths = sorted(corpus_dir().glob("*.txt")) + sorted(FIXTURES.glob("*.txt"))
    read_text(read_document(paths[0]))  # load the reference data once, outside the timing
    per_text = []
    for path in paths:
        doc = read_document(path)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            facts = read_text(doc).count
            times.append(time.perf_counter() - start)
        per_text.append(statistics.median(times))
        print(f"  {path.name:42} {len(doc.text):6} chars {facts:4} facts {1000 * per_text[-1]:7.1f} ms")
    print(f"extraction per text: median {1000 * statistics.median(per_text):.1f} ms, "
          f"max {1000 * max(per_text):.1f} ms over {len(paths)} texts ({runs} runs each)")


def main(runs: int = 5) -> None:
    for validate in (False, True):
        times = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                summary = build(None, Path(tmp), validate=validate)
                times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"texts={summary.texts} facts={summary.facts} triples={summary.triples}")
        print(f"build {'with' if validate else 'without'} validation: median {median:.2f} s over {runs} runs "
              f"(min {min(times):.2f}, max {max(times):.2f}); {median / max(summary.texts, 1):.2f} s per text "
              "(store, ontology and reference load included)")
    with tempfile.TemporaryDirectory() as tmp:
        build(None, Path(tmp), validate=False)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            report = validate_store(Path(tmp))
            times.append(time.perf_counter() - start)
    print(f"validate alone (pyshacl, RDFS inference, report with evidence): median "
          f"{statistics.median(times):.2f} s over {runs} runs; {report.summary()}")


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    main(runs)
    extraction(runs)
