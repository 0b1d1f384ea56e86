"""smkg:mentions: every known thing a text names (organisations, documents,
licences, Acts, cohorts, device types) and the uplifts it names (the
signatory and service requests are named by their own extractors).  One
fact per thing, with the evidence of its first mention."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref
from .common import Reading
from .table_rows import cell_mentions, rows, tables
from .uplift import uplifts

_KINDS = {"organisation", "document", "licence", "legislation", "cohort", "device"}
_PARTS = ("head", "title", "paragraph", "direction", "signature", "annexes", "heading")


def _nested(r: Reading, m) -> list:
    """Things named at the start or the end of a longer name: "Technical and
    Business Design Group (TBDG) Enrolment and Adoption subgroup" names the
    TBDG too, "Condition 22 of the DCC Licence" the DCC Licence."""
    words = list(re.finditer(r"\S+", r.view[m.start:m.end]))
    if len(words) < 3:
        return []
    return [x for x in r.mentions(m.start, m.start + words[-2].end(), _KINDS)
            + r.mentions(m.start + words[1].start(), m.end, _KINDS) if x.entry.iri != m.entry.iri]


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    seen: set[str] = set()
    for seg in (s for s in r.segments if s.kind in _PARTS):
        for m in r.mentions(seg.start, seg.end, _KINDS):
            for x in [m, *_nested(r, m)]:
                if x.entry.iri not in seen:
                    seen.add(x.entry.iri)
                    facts.append(r.mention_fact("text", "smkg:mentions", x))
    for seg in tables(r):  # cells joined, as a name may run over two lines of a cell
        for row in rows(r, seg):
            for cell in row.cells:
                for m in cell_mentions(r, cell, _KINDS):
                    if m.entry.iri not in seen:
                        seen.add(m.entry.iri)
                        facts.append(r.mention_fact("text", "smkg:mentions", m))
    for seg in (s for s in r.segments if s.kind == "footnote"):  # hidden from the view, but named all the same
        for m in r.gazetteer.find(r.doc.text[seg.start:seg.end], _KINDS):
            if m.entry.iri not in seen:
                seen.add(m.entry.iri)
                facts.append(r.mention_fact("text", "smkg:mentions", m.shifted(seg.start)))
    for m in uplifts(r):
        key = keys.uplift(m.group(1))
        if key not in seen:
            seen.add(key)
            facts.append(r.fact("text", "smkg:mentions", Ref(key), m.start(), m.end()))
    return facts
