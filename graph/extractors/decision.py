"""smkg:Decision and its kinds (smkg:Designation, smkg:Redesignation,
smkg:Direction, smkg:Approval, smkg:Rejection): who decided, when, with what
effect, on which document and version, under what legal basis, and the date
(and window) that had been proposed for it.

Three ways a text states a decision:

- the direction formula: "Pursuant to Condition 22 of the DCC Licence and
  Section X5 of the SEC, the Secretary of State directs that, with effect from
  D, the <document> ... is hereby re-designated ... in the form set out at
  Annex B" (the annex gives the version);
- a report: "It was first designated by the Secretary of State on 21 June
  2019", "were designated by BEIS into the SEC on 24 August 2021";
- a headline: "SEC Version 5.9 designated".
"""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref, Typed
from ..reference import Match
from .common import NUMBER, Reading, number, when
from .letter_annex import annexes
from .versions import number_of, version_facts, versions_in

_DIRECTS = re.compile(r"\bdirects?\s+that\b", re.I)
_EFFECT = re.compile(r"\bwith\s+effect\s+from\s+", re.I)
_HEREBY = re.compile(r"\bhereby\s+(re-?\s*)?designated\b", re.I)
_ANNEX = re.compile(r"\bAnnex\s+([A-Z])\b")
_PURSUANT = re.compile(r"\bPursuant\s+to\b", re.I)
_REPORTED = re.compile(r"\b(?:was|were|been|is|are)\s+(?:first\s+|formally\s+|subsequently\s+)?(re-?\s*)?designated\b",
                       re.I)
_BY = re.compile(r"\s+by\s+(?:the\s+)?", re.I)
_PROPOSED = re.compile(r"\bre-?\s*designat\w*", re.I)
_PROPOSING = re.compile(r"\bpropos\w*|\bconsult\w*", re.I)
_WINDOW = re.compile(rf"\bwithin\s+({NUMBER}|a|an)\s+(day|week|month|year)s?\s+thereafter\b", re.I)
_NOT_DESIGNATED = ("CodeSection", "LicenceCondition", "Act", "Licence")


def _is(m: Match, *classes: str) -> bool:
    return any(t.endswith("#" + c) for t in m.entry.types for c in classes)


def _documents(found: list[Match]) -> list[Match]:
    """What was designated: the code itself only when nothing else is named."""
    found = [m for m in found if not _is(m, *_NOT_DESIGNATED)]
    if len({m.entry.iri for m in found}) > 1:
        found = [m for m in found if not _is(m, "Code")]
    unique: dict[str, Match] = {}
    for m in found:
        unique.setdefault(m.entry.iri, m)
    return list(unique.values())


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    directed = _directed(r, facts)
    _reported(r, facts)
    _proposed(r, directed, facts)
    return facts


def _directed(r: Reading, facts: list[Fact]) -> dict[str, str]:
    """Decisions made by the direction formula; returns their keys by document IRI."""
    out: dict[str, str] = {}
    for seg in r.body():
        for start, end in r.sentences(seg):
            directs, effect, hereby = (p.search(r.view, start, end) for p in (_DIRECTS, _EFFECT, _HEREBY))
            if not (directs and hereby):
                continue
            by = r.mentions(start, directs.start(), {"organisation"})
            effective = next((d for d in r.dates(effect.end(), end) if d.date), None) if effect else None
            after = effective.end if effective else directs.end()
            docs = _documents(r.mentions(after, hereby.start(), {"document"}))
            if not docs:
                continue
            doc = docs[0]
            annex = _ANNEX.search(r.view, hereby.end(), end)
            version, previous = _annex_versions(r, doc, annex.group(1) if annex else None)
            kind = "Redesignation" if hereby.group(1) is not None else "Designation"
            number_ = number_of(version.group(0)) if version else None
            key = keys.decision(kind.lower(), doc.entry.iri, number_, r.date)
            out[doc.entry.iri] = key
            facts += [r.fact(key, "rdf:type", Ref(f"smkg:{kind}"), start, end),
                      r.mention_fact(key, "smkg:designatesDocument", doc)]
            if by:
                facts.append(r.mention_fact(key, "smkg:decidedBy", by[-1]))
            if effective:
                facts.append(r.fact(key, "smkg:effectiveDate", when(effective), effective.start, effective.end,
                                    stated_as=effective.printed))
            date_fact = r.memo.get("date_fact")
            if date_fact is not None:  # a direction in a letter is made on the letter's date
                facts.append(Fact(key, "smkg:decisionDate", date_fact.value, date_fact.evidence))
            pursuant = _PURSUANT.search(r.view, start, directs.start())
            if pursuant:
                for m in r.mentions(pursuant.end(), directs.start(), {"document", "licence"}):
                    if _is(m, "LicenceCondition", "CodeSection"):
                        facts.append(r.mention_fact(key, "smkg:legalBasis", m))
            if version:
                v_key, v_facts = version_facts(r, doc.entry.iri, version.group(0), version.start(), version.end())
                facts += v_facts + [r.fact(key, "smkg:designatesVersion", Ref(v_key), version.start(), version.end())]
                if previous:
                    old_key, old_facts = version_facts(r, doc.entry.iri, previous.group(0), previous.start(),
                                                       previous.end())
                    facts += old_facts + [r.fact(key, "smkg:previousVersion", Ref(old_key), previous.start(),
                                                 previous.end())]
    return out


def _annex_versions(r: Reading, doc: Match, label: str | None):
    """The version an annex presents, and the one it is marked up against
    (from any annex of the same document and version)."""
    listed = [a for a in annexes(r) if a["document"] and a["document"].entry.iri == doc.entry.iri and a["version"]]
    chosen = next((a for a in listed if a["label"] == label), None)
    if chosen is None:
        return None, None
    number_ = number_of(chosen["version"].group(0))
    against = next((a["against"] for a in listed
                    if a["against"] and number_of(a["version"].group(0)) == number_), None)
    return chosen["version"], against


def _reported(r: Reading, facts: list[Fact]) -> None:
    for seg in r.body():
        last_docs: list[Match] = []
        for start, end in r.sentences(seg):
            m = _REPORTED.search(r.view, start, end)
            docs = _documents(r.mentions(start, m.start() if m else end, {"document"}))
            if not m or _HEREBY.search(r.view, start, end):
                last_docs = docs or last_docs
                continue
            dated = [d for d in r.dates(m.end(), end) if d.date and d.precision == "day"]
            if not dated:
                last_docs = docs or last_docs
                continue
            day = dated[0]
            by_match = _BY.match(r.view, m.end())
            by = r.mentions(m.end() + by_match.end() - by_match.start(), end, {"organisation"})[:1] if by_match else []
            kind = "Redesignation" if m.group(1) is not None else "Designation"
            printed = versions_in(r, start, end)
            for doc in docs or last_docs[:1]:
                version = printed[0] if printed and len(docs) <= 1 else None
                key = keys.decision(kind.lower(), doc.entry.iri, number_of(version.group(0)) if version else None,
                                    day.date)
                facts += [r.fact(key, "rdf:type", Ref(f"smkg:{kind}"), start, end),
                          r.fact(key, "smkg:designatesDocument", Ref(doc.entry.iri), start, end, doc),
                          r.fact(key, "smkg:decisionDate", when(day), day.start, day.end, stated_as=day.printed)]
                if by:
                    facts.append(r.mention_fact(key, "smkg:decidedBy", by[0]))
                if version:
                    v_key, v_facts = version_facts(r, doc.entry.iri, version.group(0), version.start(), version.end())
                    facts += v_facts + [r.fact(key, "smkg:designatesVersion", Ref(v_key), version.start(),
                                               version.end())]
            last_docs = docs or last_docs


def _proposed(r: Reading, directed: dict[str, str], facts: list[Fact]) -> None:
    """"consulted on a revised re-designation date of 3 November 2021 (or as
    soon as reasonably practicable within one month thereafter)": the proposed
    date and window of the decision on that document."""
    for seg in r.body():
        for start, end in r.sentences(seg):
            redesignation = _PROPOSED.search(r.view, start, end)
            if not redesignation or not _PROPOSING.search(r.view, seg.start, end) or _DIRECTS.search(r.view, start, end):
                continue
            dated = [d for d in r.dates(redesignation.start(), end) if d.date and d.precision == "day"]
            if not dated:
                continue
            docs = _documents(r.mentions(start, end, {"document"}))
            heading = r.heading_of(seg)
            if not docs and heading:
                docs = _documents(r.mentions(heading.start, heading.end, {"document"}))
            for doc in docs:
                key = directed.get(doc.entry.iri)
                if key is None:
                    continue
                day = dated[0]
                facts.append(r.fact(key, "smkg:proposedDate", when(day), day.start, day.end, stated_as=day.printed))
                window = _WINDOW.search(r.view, day.end, end)
                if window:
                    count = number(window.group(1)) or 1
                    unit = window.group(2).lower()
                    iso = f"P{count * 7}D" if unit == "week" else f"P{count}{unit[0].upper()}"
                    facts.append(r.fact(key, "smkg:proposedWindow", Typed(iso, "xsd:duration"), window.start(), window.end()))
