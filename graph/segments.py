"""Segments: the parts of a letter (date, addressees, title, numbered paragraphs,
signature, annex list), each a span of the document's text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .documents import Document


@dataclass(frozen=True)
class Segment:
    kind: str  # head, title, paragraph, direction, signature, annexes
    label: str  # paragraph number, or the kind
    start: int
    end: int


_SALUTATION = re.compile(r"^\s*Dear\s+[^\n]*,\s*$", re.M)
_NUMBERED = re.compile(r"^\s*(\d{1,2})\.\s+(?=\S)", re.M)
_CLOSING = re.compile(r"^\s*Yours (?:faithfully|sincerely)", re.M | re.I)
_ANNEXES = re.compile(r"^\s*Annex(?:es)?\b[^\n]*(?:separate|\n\s*Annex [A-Z]\s*:)", re.M)
_DIRECTION = re.compile(r"^\s*Direction\s*$", re.M)


def segment(doc: Document) -> list[Segment]:
    text = doc.text
    n = len(text)
    salutation = _SALUTATION.search(text)
    head_end = salutation.start() if salutation else 0
    out = [Segment("head", "head", 0, head_end)] if head_end else []
    body = salutation.end() if salutation else 0
    first = _NUMBERED.search(text, body)
    if salutation and first:
        out.append(Segment("title", "title", salutation.end(), first.start()))
    closing = _CLOSING.search(text, body)
    annexes = _ANNEXES.search(text, closing.end() if closing else body)
    body_end = closing.start() if closing else n
    direction = _DIRECTION.search(text, body, body_end)
    para_end = direction.start() if direction else body_end
    numbers = [m for m in _NUMBERED.finditer(text, body, para_end)]
    expected = 1
    kept = []
    for m in numbers:  # a paragraph number runs on from the last one; anything else is a footnote
        if int(m.group(1)) == expected:
            kept.append(m)
            expected += 1
    for i, m in enumerate(kept):
        end = kept[i + 1].start() if i + 1 < len(kept) else para_end
        out.append(Segment("paragraph", m.group(1), m.start(1), end))
    if direction:
        out.append(Segment("direction", "direction", direction.start(), body_end))
    if closing:
        sig_end = annexes.start() if annexes else n
        out.append(Segment("signature", "signature", closing.start(), sig_end))
    if annexes:
        out.append(Segment("annexes", "annexes", annexes.start(), n))
    return out
