"""smkg:Approval and smkg:Rejection: "On 11th July 2019 the Authority approved
SECMP0058", "was rejected by the Authority on ...": who decided, when, on
what, and from when it takes effect."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref
from .common import Reading, squash, when
from .designation import effective_date

_ACTIVE = re.compile(r"\s+(?:has\s+|have\s+|had\s+)?(approved|rejected)\b", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been)\s+(approved|rejected)\s+by\s+(?:the\s+)?", re.I)
#: What was decided on: a modification proposal's reference.
_REFERENCE = re.compile(r"\b[A-Z]{2,8}MP\d{2,4}\b|\bMOD\s?\d{2,4}\b")


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    for seg in r.body():
        for start, end in r.sentences(seg):
            found = _decision(r, start, end)
            if found is None:
                continue
            verb, by = found
            dated = [d for d in r.dates(start, end) if d.date and d.precision == "day"]
            if not dated:
                continue
            day = min(dated, key=lambda d: abs(d.start - verb.start()))
            facts += decision_facts(r, verb.group(1).lower(), by, day, start, end)
    return facts


def _decision(r: Reading, start: int, end: int):
    passive = _PASSIVE.search(r.view, start, end)
    if passive:
        by = r.mentions(passive.end(), end, {"organisation"})
        if by and by[0].start == passive.end():
            return passive, by[0]
    for m in r.mentions(start, end, {"organisation"}):
        verb = _ACTIVE.match(r.view, m.end, end)
        if verb:
            return verb, m
    return None


def decision_facts(r: Reading, verb: str, by, day, start: int, end: int) -> list[Fact]:
    """An approval or rejection by ``by`` on ``day``, stated in view[start:end]."""
    kind = "Approval" if verb.startswith("approv") else "Rejection"
    reference = _REFERENCE.search(r.view, start, end)
    key = keys.decision(kind.lower(), None, None, day.date, reference.group(0) if reference else r.view[start:end])
    facts = [r.fact(key, "rdf:type", Ref(f"smkg:{kind}"), start, end),
             r.mention_fact(key, "smkg:decidedBy", by),
             r.fact(key, "smkg:decisionDate", when(day), day.start, day.end, stated_as=day.printed),
             r.fact(key, "dcterms:description", squash(r.view[start:end]), start, end)]
    effective = effective_date(r, start, end)
    if effective:
        facts.append(r.fact(key, "smkg:effectiveDate", when(effective), effective.start, effective.end,
                            stated_as=effective.printed))
    return facts
