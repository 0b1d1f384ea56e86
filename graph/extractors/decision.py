"""smkg:Decision (of no more specific kind): a body publishing a new version
of a document it governs itself, "we have concluded on this consultation and
published version 4.0 of the DMVES on 12 May 2021, effective from 1 June
2021", "Version 4.0, which we published on 12 May 2021 and which has been
effective since 1 June 2021".  A draft is not a decision."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref, When
from .common import Reading, decided_documents, when
from .designation import effective_date
from .versions import number_of, version_facts

_PUBLISHED = re.compile(r"\b(?:(?:have|has)\s+)?(today\s+)?published\s+(?:a\s+new\s+)?(version\s+\d{1,3}\.\d{1,3})"
                        r"(?:\s+of\s+(?:the\s+)?)?", re.I)
_WHICH_PUBLISHED = re.compile(r"\b(Version\s+\d{1,3}\.\d{1,3}),?\s+which\s+(?:we|it|they|the\s+\w+|[A-Z][\w&]*)\s+"
                               r"published\b", re.I)
_DRAFT = re.compile(r"\bdraft\b", re.I)


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    last_doc = None
    for seg in r.body():
        for start, end in r.sentences(seg):
            docs = decided_documents(r.mentions(start, end, {"document"}))
            m = (_PUBLISHED.search(r.view, start, end) or _WHICH_PUBLISHED.search(r.view, start, end)) \
                if r.says(start, end, "published") else None  # as every match: most sentences do not
            if m and not _DRAFT.search(r.view, start, end):
                named = [d for d in docs if d.start >= m.end() - 1][:1] if m.re is _PUBLISHED else docs[:1]
                doc = (named or ([last_doc] if last_doc and m.re is _WHICH_PUBLISHED else [None]))[0]
                if doc is not None:
                    facts += _published(r, m, doc, start, end)
            last_doc = docs[-1] if docs else last_doc
    return facts


def _published(r: Reading, m: re.Match, doc, start: int, end: int) -> list[Fact]:
    printed = m.group(2) if m.re is _PUBLISHED else m.group(1)
    printed_start = m.start(2) if m.re is _PUBLISHED else m.start(1)
    if m.re is _PUBLISHED and m.group(1) and r.today(start):
        day, day_at = When(r.today(start)), (m.start(1), m.end(1))
    else:  # "On 12 May 2021 DCC published ...", else the first date after the verb that is not when it applies
        effective = effective_date(r, m.end(), end)
        before = [d for d in r.dates(start, m.start()) if d.date and d.precision == "day"]
        dated = before[:1] or [d for d in r.dates(m.end(), end) if d.date and d.precision == "day"
                               and (effective is None or d.start != effective.start)]
        if not dated:
            return []
        day, day_at = when(dated[0]), (dated[0].start, dated[0].end)
    by = r.mentions(start, m.start(), {"organisation"})
    number = number_of(printed)
    key = keys.decision("other", doc.entry.iri, number, day.date)
    v_key, v_facts = version_facts(r, doc.entry.iri, printed, printed_start, printed_start + len(printed))
    facts = [r.fact(key, "rdf:type", Ref("smkg:Decision"), start, end),
             r.fact(key, "smkg:decidesOn", Ref(doc.entry.iri), doc.start, doc.end, doc),
             r.fact(key, "smkg:decisionDate", day, *day_at),
             *v_facts,
             r.fact(key, "smkg:decidesOn", Ref(v_key), printed_start, printed_start + len(printed))]
    if by:
        facts.append(r.mention_fact(key, "smkg:decidedBy", by[-1]))
    elif r.memo.get("author"):
        facts.append(r.fact(key, "smkg:decidedBy", Ref(r.memo["author"]), start, m.end()))
    effective = effective_date(r, m.end(), end)
    if effective:
        facts.append(r.fact(key, "smkg:effectiveDate", when(effective), effective.start, effective.end,
                            stated_as=effective.printed))
    return facts
