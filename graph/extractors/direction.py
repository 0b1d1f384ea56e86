"""smkg:Direction: a direction that is not itself a designation, such as
"the Secretary of State has directed that the new obligations take effect
from 5pm Monday 3rd April 2017", even when reported second hand ("BEIS has
told us that ..."): the direction is the directing body's, with the effective
date it sets."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref
from .common import Reading, squash, when
from .designation import DESIGNATED, DIRECTS, effective_date

# "hereby designates the S1SR ... and directs that they be incorporated": one designation, not two decisions.
_DESIGNATES = re.compile(r"\b(?:re-?\s*)?designat(?:es|ed|e)\b", re.I)


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    for seg in r.body():
        for start, end in r.sentences(seg):
            directs = DIRECTS.search(r.view, start, end) if r.says(start, end, "direct") else None
            if not directs or DESIGNATED.search(r.view, directs.end(), end) or _DESIGNATES.search(r.view, start, end):
                continue  # a designation by direction is a designation
            by = r.mentions(start, directs.start(), {"organisation"})
            effective = effective_date(r, directs.end(), end)
            if not by or effective is None:
                continue
            what = squash(r.view[directs.end():effective.start])
            key = keys.decision("direction", None, None, effective.date, what)
            facts += [r.fact(key, "rdf:type", Ref("smkg:Direction"), start, end),
                      r.mention_fact(key, "smkg:decidedBy", by[-1]),
                      r.fact(key, "smkg:effectiveDate", when(effective), effective.start, effective.end,
                             stated_as=effective.printed),
                      r.fact(key, "dcterms:description", squash(r.view[start:end]), start, end)]
    return facts
