"""Helpers shared by the extractors."""

from __future__ import annotations

import re

from ..documents import Document
from ..facts import Evidence
from ..segments import Segment

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
FULL_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\s+(\d{{4}})\b")


def evidence(doc: Document, seg: Segment | None, start: int, end: int, stated_as: str | None = None) -> Evidence:
    return Evidence(start, end, doc.text[start:end], doc.page_of(start), seg.label if seg else "text", stated_as)


def first(segments: list[Segment], kind: str) -> Segment | None:
    return next((s for s in segments if s.kind == kind), None)
