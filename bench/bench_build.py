"""Time `smkg build` on the bundled corpus: prints seconds per run and per text."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from graph.build import build


def main(runs: int = 5) -> None:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            summary = build(None, Path(tmp))
            times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"texts={summary.texts} facts={summary.facts} triples={summary.triples}")
    print(f"build median {median:.2f} s over {runs} runs (min {min(times):.2f}, max {max(times):.2f});"
          f" {median / max(summary.texts, 1):.2f} s per text (store, ontology and reference load included)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
