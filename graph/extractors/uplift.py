"""smkg:Uplift: a release of the DCC SMETS1 solution ("Uplift 2.2"), the
documents and cohorts it touches, what it is scheduled with, and the
consultations that concern it.

An uplift number has two parts: "Uplift 2.2.2" is Uplift 2.2 followed by a
footnote marker that OCR read as a digit."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref
from .common import Reading, is_a
from .consultation import current

UPLIFT = re.compile(r"\bUplift\s+(\d{1,2}\.\d{1,2})(?:\.\d)?(?!\d)", re.I)
# "... to coincide with Uplift 2.2": the second uplift is a date, not the subject.
_ALONGSIDE = re.compile(r"\b(?:coincide\s+with|alongside|together\s+with|scheduled\s+with|in\s+line\s+with)"
                        r"\s+(?:the\s+)?$",
                        re.I)
_NOT_TOUCHED = ("Code", "CodeSection", "LicenceCondition", "Licence", "Act", "DocumentAnnex")


def uplifts(r: Reading) -> list[re.Match]:
    return r.once("uplifts", lambda: [m for seg in r.body() if r.says(seg.start, seg.end, "uplift")
                                      for m in UPLIFT.finditer(r.view, seg.start, seg.end)])


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    for m in uplifts(r):
        key = keys.uplift(m.group(1))
        facts += [r.fact(key, "rdf:type", Ref("smkg:Uplift"), m.start(), m.end()),
                  r.fact(key, "skos:prefLabel", f"Uplift {m.group(1)}", m.start(), m.end())]
        seg = r.segment_at(m.start())
        sentence = r.sentence_at(m.start())
        if _ALONGSIDE.search(r.view[sentence[0]:m.start()]):
            earlier = [u for u in UPLIFT.finditer(r.view, sentence[0], m.start())]
            if earlier:
                other = keys.uplift(earlier[-1].group(1))
                facts.append(r.fact(other, "smkg:scheduledWith", Ref(key), earlier[-1].start(), m.end()))
            continue
        c = current(r, m.start())
        if c is not None:
            facts.append(r.fact(c.key, "smkg:concernsUplift", Ref(key), m.start(), m.end()))
        for doc in r.mentions(seg.start, seg.end, {"document"}):
            if not is_a(doc, *_NOT_TOUCHED):
                facts.append(r.mention_fact(key, "smkg:touchesDocument", doc))
        for cohort in r.mentions(seg.start, seg.end, {"cohort"}):
            facts.append(r.mention_fact(key, "smkg:touchesCohort", cohort))
    return facts
