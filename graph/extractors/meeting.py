"""smkg:Meeting: "discussed with industry on 15 September at the TBDG
Enrolment and Adoption subgroup and no concerns ... were raised": the body,
the date, the outcome, and the consultation it discussed."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref
from .common import Reading, is_a, squash, when
from .consultation import current

# Words that name a sitting; "met" only as a body meeting ("the Panel met on"), not "must be met by".
_MEETING = re.compile(r"\b(?:meeting|webinar|briefing|workshop|teleconference|walk-?through|subgroup|sub-group"
                      r"|session)\b|\bmet\s+on\b", re.I)
_OUTCOME = re.compile(r"\b(?:no\s+(?:concerns|objections|issues|comments)\b[^.;]*|(?:it\s+was\s+)?(?:agreed|approved|"
                      r"endorsed|noted|rejected)\b[^.;]*)", re.I)
_GROUPS = ("IndustryGroup", "CodeBody", "Regulator")
# A group named as where something was discussed: "discussed at the TBDG on 20 June".
_DISCUSSED_AT = re.compile(r"\b(?:discussed|presented|considered|reviewed|tabled|raised)\b[^.;]{0,80}?\bat\s+"
                           r"(?:the\s+|its\s+|a\s+)?$", re.I)


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    for seg in r.body():
        for start, end in r.sentences(seg):
            bodies = [m for m in r.mentions(start, end, {"organisation"})
                      if is_a(m, *_GROUPS)]
            word = _MEETING.search(r.view, start, end) or _sitting_body(r, start, bodies)
            if not word:
                continue
            days = [d for d in r.dates(start, end) if d.date and d.precision == "day" and d.end_date is None]
            if not days:
                continue
            day = min(days, key=lambda d: abs(d.start - word.start()))
            body = max(bodies, key=lambda m: m.end - m.start) if bodies else None
            host = body.entry.iri if body else r.memo.get("author")  # "we will run a webinar": the author's
            if host is None:
                continue  # a sitting of nobody we can name is no meeting we can record
            key = keys.meeting(host, day.date, r.view[start:end])
            facts += [r.fact(key, "rdf:type", Ref("smkg:Meeting"), start, end),
                      r.fact(key, "smkg:meetingDate", when(day), day.start, day.end, stated_as=day.printed)]
            if body:
                facts.append(r.mention_fact(key, "smkg:meetingBody", body))
            else:
                facts.append(r.fact(key, "smkg:meetingBody", Ref(host), word.start(), word.end()))
            outcome = _OUTCOME.search(r.view, start, end)
            if outcome:
                facts.append(r.fact(key, "smkg:outcome", squash(outcome.group(0)), outcome.start(), outcome.end()))
            c = current(r, start)
            if c is not None:
                facts.append(r.fact(key, "smkg:discusses", Ref(c.key), start, end))
    return facts


def _sitting_body(r: Reading, start: int, bodies: list) -> re.Match | None:
    """A group the sentence says something was discussed at, as the word that makes it a meeting."""
    for m in bodies:
        if _DISCUSSED_AT.search(r.view, start, m.start):
            return re.compile(re.escape(r.view[m.start:m.end])).search(r.view, m.start, m.end)
    return None
