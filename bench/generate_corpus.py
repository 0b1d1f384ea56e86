"""Write a synthetic corpus of governance texts with their gold facts.

    python bench/generate_corpus.py --texts 1000 --seed 1 --out DIR
    python bench/generate_corpus.py --texts 100 --seed 1 --out DIR --check STORE

Writes DIR/synNNNNN_<genre>.txt (3-10 KB each) and DIR/gold.jsonl.  With
``--check STORE`` it then builds DIR into STORE (without validation) and
prints how the facts tables compare with the gold (bench/synth/accuracy.py).
The same seed and size give byte-identical files."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth.generate import GENRES, generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=100, help="how many texts (default 100)")
    parser.add_argument("--seed", default="1", help="the seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write into")
    parser.add_argument("--genre", choices=sorted(GENRES), help="texts of this genre only")
    parser.add_argument("--check", type=Path, metavar="STORE", help="build into STORE and compare with the gold")
    parser.add_argument("--sample", type=int, default=10, help="mismatched rows shown per table (with --check)")
    args = parser.parse_args(argv)
    seed = int(args.seed) if args.seed.isdigit() else args.seed

    started = time.perf_counter()
    golds = generate(args.texts, seed, args.out, args.genre)
    took = time.perf_counter() - started
    genres = sorted({g.genre for g in golds})
    print(f"{len(golds)} texts of {len(genres)} genres written to {args.out} in {took:.2f} s")
    if args.check:
        from bench.synth.accuracy import compare
        from graph.build import build

        started = time.perf_counter()
        summary = build([args.out], args.check, fresh=True, validate=False)
        print(f"built {summary.texts} texts in {time.perf_counter() - started:.1f} s"
              + (f" ({len(summary.errors)} errors)" if summary.errors else ""))
        for e in summary.errors[:10]:
            print("  error:", e)
        print("\n".join(compare(args.check, args.out / "gold.jsonl").lines(args.sample)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
