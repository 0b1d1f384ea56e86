"""smkg:Deadline: "responses by noon on 24 March 2022", "by 15 March": the
date (and time) by which something is to be done, what, and for which
consultation."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref, Typed
from .common import Reading, squash, when
from .consultation import current

# "by" just before the date, allowing a time and a weekday between them.
_BY = re.compile(r"\b(?:by|no\s+later\s+than|before|deadline\s+(?:is|of))\s+"
                 r"(?:(?:noon|midday|midnight|close\s+of\s+business"
                 r"|\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|hrs?)?|\d{4}(?:\s*hrs?)?)\s+(?:on\s+)?)?(?:\w+day,?\s+)?$", re.I)

_POINTS_BACK = re.compile(r"\b(?:this|that|these|those)\s+"
                          r"(?:document|guidance|change|changes|information|report|update)\b",
                          re.I)


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    for seg in r.body():
        sentences = r.sentences(seg)
        for i, (start, end) in enumerate(sentences):
            for d in r.dates(start, end):
                if d.date is None or d.precision != "day" or not _BY.search(r.view[max(start, d.start - 40):d.start]):
                    continue
                c = current(r, start)
                for_key = c.key if c else "text"
                key = keys.deadline(c.key if c else f"text-{r.doc.sha256[:16]}", d.date)
                facts += [r.fact(key, "rdf:type", Ref("smkg:Deadline"), start, end),
                          r.fact(key, "smkg:deadlineDate", when(d), d.start, d.end, stated_as=d.printed),
                          r.fact(key, "smkg:deadlineFor", Ref(for_key), start, end),
                          r.fact(key, "dcterms:description", _what(r, sentences, i), start, end)]
                if d.time:
                    facts.append(r.fact(key, "smkg:deadlineTime", Typed(f"{d.time}:00", "xsd:time"), start, end))
    return facts


def _what(r: Reading, sentences: list[tuple[int, int]], i: int) -> str:
    """The sentence, after the one before it when it points back to it
    ("... update its guidance. The DCC plans to update this document by ...")."""
    start, end = sentences[i]
    if i and _POINTS_BACK.search(r.view, start, end):
        start = sentences[i - 1][0]
    return squash(r.view[start:end])
