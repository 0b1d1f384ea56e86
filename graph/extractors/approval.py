"""smkg:Approval and smkg:Rejection: "On 11th July 2019 the Authority approved
SECMP0058", "was rejected by the Authority on ...": who decided, when, on
what, and from when it takes effect."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref
from .common import REFERENCE, Reading, squash, when
from .consultation import entry_date
from .designation import FOLLOW_UP, effective_date
from .table_rows import cell_dates, cell_mentions, row_dates, rows, tables

# "the Authority approved", "Ofgem has approved"; in a log, "Ofgem decision: approved".
_ACTIVE = re.compile(r"\s+(?:has\s+|have\s+|had\s+)?(approved|rejected)\b|\s+decision\s*:\s*(approved|rejected)\b",
                     re.I)
# A later log entry, or a table row, that says the change took effect: "Implemented in the
# June 2023 SEC Release", "| Implementation | 25/06/2020 |".
_TOOK_EFFECT = re.compile(r"\s*(?:Implement(?:ed|ation)|Went\s+live|Go-live|Came\s+into\s+(?:effect|force)"
                          r"|Took\s+effect|Effective)\b", re.I)
_WE = re.compile(r"\bwe\s+(?:have\s+)?(?:now\s+)?(?:decided\s+to\s+)?(approve|approved|reject|rejected)\b", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been)\s+(approved|rejected)\s+by\s+(?:the\s+)?", re.I)
_VERB = re.compile(r"\b(approved|rejected)\b", re.I)
_IMPLEMENTATION = re.compile(r"\bimplement(?:ation|ed)\b", re.I)  # "...21/09/2021; implementation 04/11/2021"


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    for seg in r.body():
        sentences = r.sentences(seg)
        for i, (start, end) in enumerate(sentences):
            found = _decision(r, start, end)
            if found is None:
                continue
            verb, by = found
            # "Ofgem has approved SECMP0191. Its decision letter is dated 28 April 2023. ... It will be
            # implemented ... on 29 June 2023": the sentences after it that go on about it
            following = []
            for s_start, s_end in sentences[i + 1:i + 4]:
                if not FOLLOW_UP.match(r.view, s_start):
                    break
                following.append((s_start, s_end))
            dated = [d for d in r.dates(start, end) if d.date and d.precision == "day"] or \
                [d for span in following[:1] for d in r.dates(*span)  # "Its letter is dated ...", not when it applies
                 if d.date and d.precision == "day" and d.start != getattr(effective_date(r, *span), "start", None)]
            if dated:
                day = min(dated, key=lambda d: abs(d.start - verb.start()))
            elif (entry := entry_date(r, start)) is not None:  # an undated log entry: the entry's date
                day = entry
            elif isinstance(by, str) and r.memo.get("date_fact"):
                day = r.memo["date_fact"]  # "we approve": the letter decides on its date
            else:
                continue
            decided = decision_facts(r, (verb.group(1) or verb.group(2)).lower(), by, day, start, end)
            taken = getattr(day, "start", None)
            later = next((e for span in following if (e := effective_date(r, *span)) and e.start != taken), None)
            if later is None and entry_date(r, start) is not None:
                later = next((entry_date(r, s) for s in _implemented(r, start)), None)
            if later and not any(f.prop == "smkg:effectiveDate" for f in decided):
                decided.append(r.fact(decided[0].subject, "smkg:effectiveDate", when(later), later.start, later.end,
                                      stated_as=later.printed))
            facts += decided
    return facts + _from_tables(r)


def _from_tables(r: Reading) -> list[Fact]:
    """A row whose decision cell says who approved or rejected it and when
    ("Authority approved 27/03/2015"), or a stage row ("| Authority decision |
    03/04/2020 | Approved by the Authority |"); the "Implementation" row of
    the same table gives the effective date."""
    facts: list[Fact] = []
    for seg in tables(r):
        table = rows(r, seg)
        implemented = next((row_dates(r, row)[0] for row in table
                            if any(_TOOK_EFFECT.match(c.text) for c in row.cells) and row_dates(r, row)), None)
        for row in table:
            for cell in row.cells:
                verb = _VERB.search(cell.text)
                by = cell_mentions(r, cell, {"organisation"}) if verb else []
                if not by:
                    continue
                dated = cell_dates(r, cell) or (row_dates(r, row) if len(row_dates(r, row)) == 1 else [])
                if not dated:
                    continue
                found = decision_facts(r, verb.group(1).lower(), by[0], dated[0], row.start, row.end)
                effective = next((d for d in dated[1:] if _IMPLEMENTATION.search(cell.text)), implemented)
                if effective and not any(f.prop == "smkg:effectiveDate" for f in found):
                    found.append(r.fact(found[0].subject, "smkg:effectiveDate", when(effective), effective.start,
                                        effective.end, stated_as=effective.printed))
                facts += found
                break
    return facts


def _implemented(r: Reading, offset: int) -> list[int]:
    """Where later entries of a log say the change took effect (their date is the effective date)."""
    here = r.order(offset)
    return [s.start for s in r.body() if s.label.startswith("update ") and r.order(s.start) > here
            and _TOOK_EFFECT.match(r.view, s.start)][:1]


def _decision(r: Reading, start: int, end: int):
    if not r.says(start, end, "approve", "reject"):  # as every _PASSIVE, _ACTIVE and _WE: most sentences do not
        return None
    passive = _PASSIVE.search(r.view, start, end)
    if passive:
        by = r.mentions(passive.end(), end, {"organisation"})
        if by and by[0].start == passive.end():
            return passive, by[0]
    for m in r.mentions(start, end, {"organisation"}):
        verb = _ACTIVE.match(r.view, m.end, end)
        if verb:
            return verb, m
    we = _WE.search(r.view, start, end)
    if we and r.memo.get("author"):  # the writer's own decision: "we approve the extension"
        return we, r.memo["author"]
    return None


def decision_facts(r: Reading, verb: str, by, day, start: int, end: int) -> list[Fact]:
    """An approval or rejection by ``by`` (a match, or the author's IRI) on
    ``day`` (a date mention, or the text's date fact), stated in view[start:end]."""
    kind = "Approval" if verb.startswith("approv") else "Rejection"
    reference = REFERENCE.search(r.view, start, end)
    on = day.value.date if isinstance(day, Fact) else day.date
    key = keys.decision(kind.lower(), None, None, on, reference.group(0) if reference else r.view[start:end])
    facts = [r.fact(key, "rdf:type", Ref(f"smkg:{kind}"), start, end),
             r.fact(key, "smkg:decidedBy", Ref(by), start, end) if isinstance(by, str)
             else r.mention_fact(key, "smkg:decidedBy", by),
             Fact(key, "smkg:decisionDate", day.value, day.evidence) if isinstance(day, Fact)
             else r.fact(key, "smkg:decisionDate", when(day), day.start, day.end, stated_as=day.printed),
             r.fact(key, "dcterms:description", squash(r.view[start:end]), start, end)]
    effective = effective_date(r, start, end)
    if effective:
        facts.append(r.fact(key, "smkg:effectiveDate", when(effective), effective.start, effective.end,
                            stated_as=effective.printed))
    return facts
