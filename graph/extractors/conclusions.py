"""smkg:Conclusions: the conclusions on a consultation, when they were
submitted or published, by whom and to whom.  "We aim to conclude by ..." is a
plan, not conclusions, and gives nothing here."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref, When
from .common import TODAY, Reading, when
from .consultation import current, entry_date, introduced

# "DCC submitted its conclusions (report) to the Secretary of State ... on D",
# "published conclusions on its website on D", "we have concluded on this
# consultation and published ...", "Our conclusions were sent to ...".
_CONCLUDED = re.compile(
    r"\b(?:submitted|sent|published|issued|provided|forwarded|passed|handed)\s+(?:its|our|the|a|their)?\s*"
    r"(?:consultation\s+)?"
    r"conclusions?(?:\s+(?:report|document|letter))?\b"
    r"|\b(?:have|has)\s+concluded\s+on\s+(?:this|the)\s+consultation\b"
    r"|\b(?:our|its|their|the)\s+conclusions\s+(?:of|dated)(?=\s+\d)"
    # the passive: "DCC's conclusions, together with ..., were sent to the Secretary of State on D"
    r"|\bconclusions?(?:\s+(?:report|document))?\b[^.]{0,100}?\b(?:was|were|has\s+been|have\s+been)\s+"
    r"(?:sent|submitted|provided|published|given|received|forwarded|passed)\b"
    # "DCC's conclusions reached the Department on ...", "Our conclusions ... have gone to BEIS today"
    r"|\bconclusions?\b[^.]{0,100}?\b(?:reached|(?:have|has)\s+gone\s+to|went\s+to)\b"
    # the double object: "DCC has sent the Secretary of State its conclusions"
    r"|\b(?:sent|given|provided)\s+(?:the\s+)?[A-Z][\w&' ]{1,60}?\s+(?:its|our|their)\s+conclusions\b", re.I)
# The conclusions named in one sentence and sent in the next: "This document sets out
# our conclusions. We have today submitted it ... to the Secretary of State".
# A log entry without a subject: "Conclusions sent to BEIS, together with the five responses".
_LOGGED = re.compile(r"\s*Conclusions?(?:\s+report)?\s+(?:sent|submitted|provided)\b", re.I)
_NAMES_CONCLUSIONS = re.compile(r"\bconclusions?\b", re.I)
_SUBMITTED_IT = re.compile(r"\b(?:submitted|sent|provided|forwarded)\s+(?:it|them|this(?:\s+document)?|the\s+report)\b",
                           re.I)
_PLAN = re.compile(r"\b(?:aim|aims|plan|plans|intend|intends|expect|expects|will|would|to)\s+(?:to\s+)?$", re.I)
_TO = re.compile(r"\bto\s+(?:the\s+)?", re.I)
_ALL = re.compile(r"\bconclusions\s+on\s+(?:both|each|all)\b|\bon\s+both\s+consultations\b", re.I)
# "were received by the Department on ...", "reached the Department", "have gone to BEIS"
_RECEIVED_BY = re.compile(r"\b(?:received\s+by|reached|gone\s+to|went\s+to)\s+(?:the\s+)?", re.I)
# The second end of a range: "which ran from 26th June to 17th July 2023" dates the consultation.
_RANGE_END = re.compile(r"\b(?:to|until|and|[-–—])\s*$", re.I)
_GIVEN = re.compile(r"(?:sent|given|provided)\s+(?=(?:the\s+)?[A-Z])", re.I)
_US = re.compile(r"to\s+us\b", re.I)
_DEPARTMENT = re.compile(r"Department\b(?!\s+(?:for|of)\b)")
# A parenthesis points elsewhere: "(see the entry for 1 September 2021)".
_ASIDE = re.compile(r"\([^()]*\)")


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    for seg in r.body():
        sentences = r.sentences(seg)
        for i, (start, end) in enumerate(sentences):
            hinted = r.says(start, end, "conclu")  # as every _CONCLUDED and _LOGGED: most sentences do not
            logged = _LOGGED.match(r.view, start, end) if hinted else None
            said = (list(_CONCLUDED.finditer(r.view, start, end)) if hinted else []) or ([logged] if logged else [])
            if not said and i and _NAMES_CONCLUSIONS.search(r.view, *sentences[i - 1]):
                said = list(_SUBMITTED_IT.finditer(r.view, start, end))  # "... our conclusions. We have submitted it"
            for m in said:
                if _PLAN.search(r.view[max(start, m.start() - 20):m.start()]):
                    continue
                # "DCC's conclusions on both were received ...": every consultation of the text
                spoken_of = [c for c in introduced(r) if not c.in_passing] if _ALL.search(r.view, start, end) \
                    else [c for c in [current(r, start)] if c is not None]
                for c in spoken_of:
                    facts += _conclusions(r, c, start, end, m)
    return _one_date(facts)


def _conclusions(r: Reading, c, start: int, end: int, m: re.Match) -> list[Fact]:
    key = keys.conclusions(c.key)
    asides = [(a.start(), a.end()) for a in _ASIDE.finditer(r.view, start, end)]
    spans_of_consultation = {d.start for d in (c.opened, c.closed) if d is not None}
    dated = [d for d in r.dates(start, end) if d.date and d.precision == "day" and d.relative is None
             and not any(a <= d.start < b for a, b in asides) and d.start not in spans_of_consultation
             and not (d.end_date or _RANGE_END.search(r.view[max(start, d.start - 12):d.start]))]
    today = TODAY.search(r.view, start, end)
    facts = [r.fact(key, "rdf:type", Ref("smkg:Conclusions"), start, end),
             r.fact(key, "smkg:concludes", Ref(c.key), start, end)]
    if today and r.today(start):
        facts.append(r.fact(key, "eli-dl:activity_date", When(r.today(start)), today.start(), today.end(),
                            stated_as=today.group(0)))
    elif dated:
        day = min(dated, key=lambda d: abs(d.start - m.end()))
        facts.append(r.fact(key, "eli-dl:activity_date", when(day), day.start, day.end, stated_as=day.printed))
    elif (entry := entry_date(r, start)) is not None:  # an undated log entry: the entry's date
        facts.append(r.fact(key, "eli-dl:activity_date", when(entry), entry.start, entry.end, stated_as=entry.printed))
    by = r.mentions(start, m.start(), {"organisation"})
    if by:
        facts.append(r.mention_fact(key, "smkg:concludedBy", by[-1]))
    elif re.search(r"\b(?:we|our)\b", r.view[start:m.end()], re.I) and r.memo.get("author"):
        facts.append(r.fact(key, "smkg:concludedBy", Ref(r.memo["author"]), start, m.end()))
    elif c.runner is not None:
        facts.append(r.fact(key, "smkg:concludedBy", Ref(c.runner.entry.iri), start, end))
    given = _GIVEN.match(m.group(0))  # "sent the Secretary of State its conclusions": the recipient first
    recipient = r.mentions(m.start() + given.end(), m.end(), {"organisation"}) if given else []
    if recipient:
        facts.append(r.mention_fact(key, "smkg:submittedTo", recipient[0]))
        return facts
    for to in [*_TO.finditer(r.view, m.end(), end), *_RECEIVED_BY.finditer(r.view, start, end)]:
        if any(a <= to.start() < b for a, b in asides):
            continue
        found = r.mentions(to.end(), end, {"organisation"})
        if found and found[0].start == to.end():
            facts.append(r.mention_fact(key, "smkg:submittedTo", found[0]))
            break
        department = _DEPARTMENT.match(r.view, to.end()) or _US.match(r.view, to.start())
        if department and r.memo.get("author_is_department"):  # "to the Department", "to us": the writer's own
            facts.append(r.fact(key, "smkg:submittedTo", Ref(r.memo["author"]), department.start(), department.end()))
            break
    return facts


def _one_date(facts: list[Fact]) -> list[Fact]:
    """Conclusions are dated once: the first date stated stands, and a later
    statement of the same date ("published on its website on 4 August") adds
    its evidence."""
    first: dict[str, object] = {}
    out = []
    for f in facts:
        if f.prop == "eli-dl:activity_date":
            if first.setdefault(f.subject, f.value.date) != f.value.date:
                continue
        out.append(f)
    return out
