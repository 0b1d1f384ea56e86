"""smkg:LetterAnnex: the annex list at the foot of a letter."""

from __future__ import annotations

import re

from ..documents import Document
from ..facts import Fact, Ref
from ..segments import Segment
from .common import evidence, first

_ANNEX = re.compile(r"^\s*Annex\s+([A-Z])\s*:\s*(.+?)(?=^\s*Annex\s+[A-Z]\s*:|\Z)", re.M | re.S)


def extract(doc: Document, segments: list[Segment]) -> list[Fact]:
    seg = first(segments, "annexes")
    if not seg:
        return []
    facts: list[Fact] = []
    for m in _ANNEX.finditer(doc.text, seg.start, seg.end):
        key = f"annex:{m.group(1)}"
        title = " ".join(m.group(2).split())
        end = m.start(2) + len(m.group(2).rstrip())
        ev = evidence(doc, seg, m.start(), end)
        facts.append(Fact(key, "smkg:annexLabel", m.group(1), ev))
        facts.append(Fact(key, "dcterms:title", title, ev))
        facts.append(Fact("text", "smkg:hasAnnex", Ref(key), ev))
    return facts
