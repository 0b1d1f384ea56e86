"""smkg:unplacedDate: the dates a text prints that no fact used, so that what
smkg saw and could not place is reported rather than dropped."""

from __future__ import annotations

from ..facts import Fact, When
from .common import Reading


def extract(r: Reading, facts: list[Fact]) -> list[Fact]:
    used = [(f.evidence.start, f.evidence.end) for f in facts if isinstance(f.value, When)]
    out: list[Fact] = []
    for seg in r.body():
        for d in r.dates(seg.start, seg.end):
            if not any(s <= d.start and d.end <= e for s, e in used):
                out.append(r.fact("text", "smkg:unplacedDate", d.printed, d.start, d.end, stated_as=d.printed))
    return out
