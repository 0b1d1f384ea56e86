"""smkg:GovernmentResponse: "This letter constitutes the Government response
to its consultation": one response to each consultation the text introduces,
made by its author on its date."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref
from .common import Reading
from .consultation import introduced

_RESPONSE = re.compile(r"\b(?:constitutes|is|sets\s+out|forms)\s+the\s+Government'?s?\s+response\s+to\b", re.I)


def extract(r: Reading) -> list[Fact]:
    said = next((m for seg in r.body() if r.says(seg.start, seg.end, "response")
                 for m in [_RESPONSE.search(r.view, seg.start, seg.end)] if m), None)
    if not said:
        return []
    facts: list[Fact] = []
    date_fact = r.memo.get("date_fact")
    for c in (c for c in introduced(r) if not c.in_passing):
        key = keys.government_response(c.key)
        facts += [r.fact(key, "rdf:type", Ref("smkg:GovernmentResponse"), said.start(), said.end()),
                  r.fact(key, "smkg:respondsTo", Ref(c.key), said.start(), said.end())]
        if r.memo.get("author"):
            facts.append(r.fact(key, "smkg:concludedBy", Ref(r.memo["author"]), said.start(), said.end()))
        if date_fact is not None:
            facts.append(Fact(key, "eli-dl:activity_date", date_fact.value, date_fact.evidence))
    return facts
