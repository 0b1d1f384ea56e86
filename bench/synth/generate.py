"""The corpus: ``generate(n, seed, out)`` writes ``n`` texts of every genre
and ``out/gold.jsonl`` with the facts of each.

Each text has its own random generator, seeded from the seed and its index
(``random.Random(f"{seed}:{index}")``), so that the same seed gives the same
bytes whatever the size, and text ``i`` of a corpus of 100 is text ``i`` of a
corpus of 10,000.  The first texts take the genres in turn (every genre
appears once the corpus has as many texts as there are genres); the rest are
drawn by weight.  A text whose size falls outside 3-10 KB is drawn again
(from the same generator, so still deterministic)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from .gold import Gold, write_gold

#: Sizes a text must fall within, in bytes (UTF-8).
MIN_BYTES, MAX_BYTES = 3 * 1024, 10 * 1024

Genre = Callable[[random.Random, str], tuple[str, Gold]]


def _genres() -> dict[str, tuple[Genre, int]]:
    from . import letters, logs, modifications, news, notices
    return {
        "smets1_letter": (letters.smets1_letter, 3),
        "sec_letter": (letters.sec_letter, 1),
        "consultation_notice": (notices.consultation_notice, 2),
        "consultation_document": (notices.consultation_document, 1),
        "conclusion_notice": (notices.conclusion_notice, 2),
        "publication_notice": (notices.publication_notice, 1),
        "update_log": (logs.update_log, 2),
        "news_item": (news.news_item, 2),
        "newsletter": (news.newsletter, 2),
        "mod_record": (modifications.mod_record, 1),
        "mod_timeline": (modifications.mod_timeline, 1),
        "status_report": (modifications.status_report, 1),
    }


GENRES: dict[str, tuple[Genre, int]] = _genres()


def file_name(index: int, genre: str) -> str:
    return f"syn{index:05d}_{genre}.txt"


def one(seed: int | str, index: int, genre: str | None = None) -> tuple[str, str, Gold]:
    """Text ``index`` of the corpus of ``seed``: (file name, text, gold)."""
    rng = random.Random(f"{seed}:{index}")
    names = list(GENRES)
    if genre is None:
        if index < len(names):
            genre = names[index]
        else:
            genre = rng.choices(names, weights=[GENRES[n][1] for n in names])[0]
    make = GENRES[genre][0]
    source = file_name(index, genre)
    for _ in range(50):
        text, gold = make(rng, source)
        size = len(text.encode("utf-8"))
        if MIN_BYTES <= size <= MAX_BYTES:
            return source, text, gold
    raise RuntimeError(f"{source}: no text of 3-10 KB after 50 draws (last {size} bytes)")


def generate(texts: int, seed: int | str, out: Path, genre: str | None = None) -> list[Gold]:
    """Write ``texts`` texts and ``gold.jsonl`` into ``out``; returns the gold."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    golds = []
    for i in range(texts):
        source, text, gold = one(seed, i, genre)
        (out / source).write_bytes(text.encode("utf-8"))
        golds.append(gold)
    write_gold(golds, out / "gold.jsonl")
    return golds
