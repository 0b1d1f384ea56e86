"""How well the facts tables of a built store match the gold of a synthetic
corpus: per table, precision, recall and F1 on rows, and a sample of the rows
missed and the rows extracted that the gold does not hold.

Rows are compared on the columns of :data:`bench.synth.gold.COLUMNS` (the
identifiers the store mints are left out), cells normalised: white space
squashed, list cells sorted, titles compared without regard to case, quotes
and dashes.  A row counts as many times as it occurs (a multiset).  Only the
texts the gold names are compared: a store may hold others.

    python -m bench.synth.accuracy STORE GOLD [--sample N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .gold import COLUMNS, LIST_COLUMNS, TABLES, TITLE_COLUMNS, read_gold

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def cell(table: str, column: str, value: object) -> str:
    text = " ".join(str(value if value is not None else "").split())
    if (table, column) in LIST_COLUMNS:
        text = "; ".join(sorted({item.strip() for item in text.split(";") if item.strip()}))
    if column in TITLE_COLUMNS:
        text = text.translate(_QUOTES).casefold()
    if column == "source":
        text = text.rsplit("/", 1)[-1]
    return text


def key(table: str, row: dict) -> tuple[str, ...]:
    return tuple(cell(table, c, row.get(c, "")) for c in COLUMNS[table])


@dataclass
class TableScore:
    table: str
    gold: int = 0
    extracted: int = 0
    matched: int = 0
    missing: list[tuple] = field(default_factory=list)  # in the gold, not extracted
    extra: list[tuple] = field(default_factory=list)  # extracted, not in the gold
    by_genre: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # genre -> (gold, extracted, matched)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class AccuracyReport:
    texts: int
    tables: dict[str, TableScore]

    def f1(self, table: str) -> float:
        return self.tables[table].f1

    def lines(self, sample: int = 10) -> list[str]:
        out = [f"texts compared: {self.texts}",
               f"{'table':15} {'gold':>7} {'extracted':>9} {'matched':>7} {'precision':>9} {'recall':>7} {'F1':>7}"]
        for t in self.tables.values():
            out.append(f"{t.table:15} {t.gold:7} {t.extracted:9} {t.matched:7} {t.precision:9.4f} {t.recall:7.4f} "
                       f"{t.f1:7.4f}")
        for t in self.tables.values():
            worse = {g: v for g, v in t.by_genre.items() if not (v[0] == v[1] == v[2])}
            if worse:
                out.append(f"{t.table} by genre (gold/extracted/matched): "
                           + ", ".join(f"{g} {a}/{b}/{c}" for g, (a, b, c) in sorted(worse.items())))
        for t in self.tables.values():
            cols = COLUMNS[t.table]
            for label, rows in (("missing", t.missing), ("extra", t.extra)):
                for row in rows[:sample]:
                    out.append(f"  {t.table} {label}: " + ", ".join(f"{c}={v!r}" for c, v in zip(cols, row) if v
                                                                     or c != "title"))
                if len(rows) > sample:
                    out.append(f"  {t.table} {label}: ... {len(rows) - sample} more")
        return out


def compare(store_dir: Path, gold_path: Path, *, rows=None) -> AccuracyReport:
    """The facts tables of ``store_dir`` against the gold at ``gold_path``.
    ``rows(name)`` may be given to read a table some other way (for tests)."""
    gold = read_gold(gold_path)
    if rows is None:
        from graph.queries import run_query

        def rows(name: str) -> list[dict[str, str]]:
            return [dict(r) for r in run_query(name, Path(store_dir))]

    genre_of = {g["source"]: g.get("genre", "") for g in gold}
    scores: dict[str, TableScore] = {}
    for table in TABLES:
        want = Counter(key(table, r) for g in gold for r in g.get(table, []))
        got = Counter(k for r in rows(table) if (k := key(table, r))[0] in genre_of)
        score = TableScore(table, sum(want.values()), sum(got.values()), sum((want & got).values()))
        score.missing = sorted((want - got).elements())
        score.extra = sorted((got - want).elements())
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for k, n in want.items():
            per[genre_of[k[0]]][0] += n
        for k, n in got.items():
            per[genre_of[k[0]]][1] += n
        for k, n in (want & got).items():
            per[genre_of[k[0]]][2] += n
        score.by_genre = {g: tuple(v) for g, v in per.items()}
        scores[table] = score
    return AccuracyReport(len(gold), scores)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare the facts tables of a store with a synthetic gold.")
    parser.add_argument("store", type=Path)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--sample", type=int, default=10, help="mismatched rows shown per table and side")
    args = parser.parse_args(argv)
    report = compare(args.store, args.gold)
    print("\n".join(report.lines(args.sample)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
