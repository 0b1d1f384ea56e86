"""smkg:Designation and smkg:Redesignation: a document (and version)
designated into a code, by whom, when, with effect from when, under what legal
basis, and the date (and window) that had been proposed for it.

Ways a text states one:

- the direction formula: "Pursuant to Condition 22 of the DCC Licence and
  Section X5 of the SEC, the Secretary of State directs that, with effect from
  D, the <document> ... is hereby re-designated ... in the form set out at
  Annex B" (the annex gives the version), or reported: "The Secretary of
  State has directed that version AL 5.0 of the TMAD be re-designated ... with
  effect from D";
- a report: "It was first designated by the Secretary of State on 21 June
  2019", "Version 5.9 of the SEC was designated by the Secretary of State on
  21st March 2017 and is effective from that date";
- the active voice: "On 21st June 2019 the Secretary of State designated the
  TMAD into the SEC".

A designation that is only proposed or recommended ("our proposal that the
revised TMAD is re-designated on 30 June") is not one; its date is recorded
as the proposed date of the designation the text does make, if any.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .. import dates, keys
from ..facts import Fact, Ref, Typed
from ..reference import Match
from .common import NUMBER, TODAY, Reading, decided_documents, is_a, number, when
from .consultation import introduced
from .letter_annex import annexes
from .versions import number_of, version_facts, version_order, versions_in

DIRECTS = re.compile(r"\bdirect(?:s|ed)\s+that\b", re.I)
EFFECT = re.compile(r"\b(?:with\s+effect\s+from|effective\s+(?:from|on|since)|take[sn]?\s+effect\s+(?:from|on)"
                    r"|(?:came|come|comes|coming)\s+into\s+(?:effect|force)\s+(?:on|from)|in\s+force\s+from"
                    r"|implemented\b[^.]{0,60}?\bon|appl(?:y|ies)\s+from|go(?:es)?\s+live\b[^.]{0,60}?\bon)\s+", re.I)
# A sentence that goes on about the decision just stated: "The re-designation came into effect on ...".
FOLLOW_UP = re.compile(r"\s*(?:It|This|Its\s+\w+|The\s+(?:[\w-]+'s\s+)?(?:re-?\s*designation|designation|decision"
                       r"|change|modification|direction|new\s+version|version))\b", re.I)
_SAME_DAY = re.compile(r"\b(?:effective\s+(?:from\s+)?(?:that\s+date|immediately|the\s+same\s+day)"
                       r"|with\s+immediate\s+effect)\b", re.I)
# "the Secretary of State hereby designates the SMETS1 Supporting Requirements ...".
_HEREBY_DESIGNATES = re.compile(r"\bhereby\s+(re-?\s*)?designates\b", re.I)
_THIS_DATE = re.compile(r"\b(?:with\s+effect\s+)?(?:on|from)\s+"
                        r"(the\s+date\s+of\s+this\s+(?:direction|letter|decision))\b", re.I)
DESIGNATED = re.compile(r"\b(?:hereby\s+|be\s+)(re-?\s*)?designated\b", re.I)
# "Annex A", "Annexes A and C": the letters name the annexes.
_ANNEX_LABEL = re.compile(r"\b(?:(?<=Annex\s)|(?<=Annexes\s)|(?<=and\s)|(?<=,\s))([A-Z]|\d{1,2})\b")
_PURSUANT = re.compile(r"\bPursuant\s+to\b", re.I)
_REPORTED = re.compile(r"(?:\b(?:was|were|been)\s+(?:first\s+|formally\s+|subsequently\s+|then\s+)?|,\s*)"
                       r"(re-?\s*)?designated\b(?=\s+by\b|\s+(?:in|into|on)\b|[^,]*\bon\b)", re.I)
# "the Secretary of State (last) re-designated the TMAD", "has decided to re-designate the SVTAD".
_ACTIVE = re.compile(r"\s+(?:has\s+|have\s+|had\s+)?(?:(?:last|first|formally|subsequently|then|also|today)\s+)?"
                     r"(?:(?:decided|agreed)\s+to\s+)?(re-?\s*)?designat(?:ed|e)\s+(?:the\s+)?", re.I)
_NOT_DONE = re.compile(r"\b(?:propos\w*|recommend\w*|suggest\w*|intend\w*|aim\w*|expect\w*)\b[^.]*\bthat\b"
                       r"|\b(?:whether|if|once|until)\b|\bwhen\b(?=[^.]{0,60}\b(?:will|would|shall|may|might|could)\b)",
                       re.I)
_BY = re.compile(r"\s+by\s+(?:the\s+)?", re.I)
_PROPOSED = re.compile(r"\bre-?\s*designat\w*", re.I)
# "its consultation on the re-designation date on 3 July, inviting responses by 24 July" dates the
# consultation and its deadline, not the proposal
# ("a re-designation date of 3 November 2021", "re-designate the TMAD ... on 12 October 2021").
_NOT_PROPOSED = re.compile(r"designation\s+date\s+on\s+$"
                           r"|\b(?:published|issued|launched|opened|closed|respon\w*|consult\w*)\b"
                           r"|\b(?:by|until)\s+$", re.I)
_PROPOSING = re.compile(r"\bpropos\w*|\bconsult\w*", re.I)
_WINDOW = re.compile(rf"\bwithin\s+({NUMBER}|a|an)\s+(day|week|month|year)s?\s+thereafter\b", re.I)


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    directed = _directed(r, facts)
    r.memo["directed"] = directed  # for follows(): the designations this text makes
    _reported(r, directed, facts)
    _proposed(r, directed, facts)
    return facts


def effective_date(r: Reading, start: int, end: int, decided=None):
    """The date a decision takes effect, as the sentence gives it."""
    effect = EFFECT.search(r.view, start, end)
    if effect:
        found = next((d for d in r.dates(effect.end(), end)
                      if d.date and d.precision == "day" and d.start - effect.end() < 25), None)
        if found:
            return found
    if decided is not None and _SAME_DAY.search(r.view, start, end):
        return decided
    this = _THIS_DATE.search(r.view, start, end)
    if this and r.date:  # "with effect from the date of this direction": the text's own date
        at, to = this.span(1)
        return dates.DateMention(at, to, r.doc.text[at:to], r.date, "day", False)
    return None


def _directed(r: Reading, facts: list[Fact]) -> dict[str, str]:
    """Designations made (or reported made) by direction; their keys by document IRI."""
    out: dict[str, str] = {}
    for seg in r.body():
        for start, end in r.sentences(seg):
            if not r.says(start, end, "direct", "designat"):  # as every DIRECTS, _HEREBY_DESIGNATES: most do not
                continue
            directs = DIRECTS.search(r.view, start, end)
            verb = DESIGNATED.search(r.view, directs.end(), end) if directs else None
            if verb:
                docs = decided_documents(r.mentions(directs.end(), verb.start(), {"document"}))
            else:  # "the Secretary of State hereby designates the S1SR ...": the document follows
                directs = verb = _HEREBY_DESIGNATES.search(r.view, start, end)
                if not verb:
                    continue
                docs = decided_documents(r.mentions(verb.end(), end, {"document"}))[:1]
            effective = effective_date(r, start, end)
            labels = _ANNEX_LABEL.findall(r.view, directs.start(), end)  # "at Annexes A and C"
            for doc in docs:  # "the TMAD and the S1SR ... are hereby re-designated": one decision each
                if labels:
                    version, previous = _annex_versions(r, doc, labels)
                else:
                    printed = versions_in(r, directs.end(), end)
                    version, previous = (printed[0] if printed and len(docs) == 1 else None), None
                facts += _designation(r, out, start, end, directs, verb, doc, effective, version, previous)
    return out


def _designation(r: Reading, out: dict[str, str], start: int, end: int, directs, verb, doc: Match, effective,
                 version, previous) -> list[Fact]:
    """The facts of one designation made by a direction in view[start:end];
    its key goes into ``out`` by document, for the proposed dates."""
    facts: list[Fact] = []
    kind = "Redesignation" if verb.group(1) is not None else "Designation"
    key = keys.decision(kind.lower(), doc.entry.iri, number_of(version.group(0)) if version else None,
                        effective.date if effective else r.date)
    out[doc.entry.iri] = key
    by = r.mentions(start, directs.start(), {"organisation"})
    facts += [r.fact(key, "rdf:type", Ref(f"smkg:{kind}"), start, end),
              r.mention_fact(key, "smkg:designatesDocument", doc)]
    if by:
        facts.append(r.mention_fact(key, "smkg:decidedBy", by[-1]))
    if effective:
        facts.append(r.fact(key, "smkg:effectiveDate", when(effective), effective.start, effective.end,
                            stated_as=effective.printed))
    if "hereby" in r.view[start:end].lower() and r.memo.get("date_fact"):
        date_fact = r.memo["date_fact"]  # a direction in a letter is made on the letter's date
        facts.append(Fact(key, "smkg:decisionDate", date_fact.value, date_fact.evidence))
    pursuant = _PURSUANT.search(r.view, start, directs.start())
    if pursuant:
        facts += [r.mention_fact(key, "smkg:legalBasis", m)
                  for m in r.mentions(pursuant.end(), directs.start(), {"document", "licence"})
                  if is_a(m, "LicenceCondition", "CodeSection")]
    facts += _versions(r, key, doc, version, previous)
    return facts


def _versions(r: Reading, key: str, doc: Match, version, previous) -> list[Fact]:
    facts: list[Fact] = []
    if version:
        v_key, v_facts = version_facts(r, doc.entry.iri, version.group(0), version.start(), version.end())
        facts += v_facts + [r.fact(key, "smkg:designatesVersion", Ref(v_key), version.start(), version.end())]
    if previous:
        old_key, old_facts = version_facts(r, doc.entry.iri, previous.group(0), previous.start(), previous.end())
        facts += old_facts + [r.fact(key, "smkg:previousVersion", Ref(old_key), previous.start(), previous.end())]
    return facts


def _annex_versions(r: Reading, doc: Match, labels: list[str]):
    """The version the annex named for this document presents, and the one it
    is marked up against (from any annex of the same document and version)."""
    listed = [a for a in annexes(r) if a["document"] and a["document"].entry.iri == doc.entry.iri and a["version"]]
    chosen = next((a for a in listed if a["label"] in labels), None)
    if chosen is None:
        return None, None
    number_ = number_of(chosen["version"].group(0))
    against = next((a["against"] for a in listed
                    if a["against"] and number_of(a["version"].group(0)) == number_), None)
    return chosen["version"], against


def _reported(r: Reading, directed: dict[str, str], facts: list[Fact]) -> None:
    """"X was designated by Y on D", "Y designated X ... on D".  A letter that
    reports the designation its own direction makes ("has today re-designated
    the TMAD") speaks of that one decision."""
    for seg in r.body():
        sentences = r.sentences(seg)
        last_docs: list[Match] = []
        for i, (start, end) in enumerate(sentences):
            hinted = r.says(start, end, "designat")  # as every _REPORTED and _ACTIVE: most sentences do not
            passive = _REPORTED.search(r.view, start, end) if hinted else None
            active = None if passive or not hinted else _active(r, start, end)
            verb = passive or active
            if verb is None or _NOT_DONE.search(r.view, start, verb.start()) or DIRECTS.search(r.view, start, end):
                last_docs = decided_documents(r.mentions(start, end, {"document"})) or last_docs
                continue
            docs = decided_documents(r.mentions(start, verb.start(), {"document"})) if passive \
                else decided_documents(r.mentions(verb.end(), end, {"document"}))[:1]
            dated = [d for d in r.dates(start, end) if d.date and d.precision == "day"]
            following = sentences[i + 1] if i + 1 < len(sentences) and FOLLOW_UP.match(
                r.view, sentences[i + 1][0]) else None
            effective_later = effective_date(r, *following) if following else None
            today = TODAY.search(r.view, start, verb.end())
            if not (dated or effective_later or today) or not (docs or last_docs):
                last_docs = docs or last_docs
                continue
            day = min(dated, key=lambda d: abs(d.start - verb.end())) if dated else None
            if day is None and today and r.today(start):  # "has today re-designated"
                day = dates.DateMention(today.start(), today.end(), r.doc.text[today.start():today.end()],
                                        r.today(start), "day", False)
            if passive:
                by_match = _BY.match(r.view, verb.end())
                by = r.mentions(verb.end() + len(by_match.group(0)), end, {"organisation"})[:1] if by_match else []
            else:
                by = [r.mentions(start, verb.start(), {"organisation"})[-1]]
            kind = "Redesignation" if verb.group(1) is not None else "Designation"
            printed = versions_in(r, start, end) or _next_version(r, sentences, i)
            effective = effective_date(r, start, end, day) or effective_later
            if day is not None and effective is not None and day.start == effective.start \
                    and not _SAME_DAY.search(r.view, start, end):
                day = None  # the only date is when it took effect
            for doc in docs or last_docs[:1]:
                version = printed[0] if printed and len(docs) <= 1 else None
                key = keys.decision(kind.lower(), doc.entry.iri, number_of(version.group(0)) if version else None,
                                    day.date if day else effective.date)
                if today and doc.entry.iri in directed:
                    key = directed[doc.entry.iri]
                facts += [r.fact(key, "rdf:type", Ref(f"smkg:{kind}"), start, end),
                          r.fact(key, "smkg:designatesDocument", Ref(doc.entry.iri), start, end, doc)]
                if day is not None:
                    facts.append(r.fact(key, "smkg:decisionDate", when(day), day.start, day.end,
                                        stated_as=day.printed))
                if by:
                    facts.append(r.mention_fact(key, "smkg:decidedBy", by[0]))
                if effective:
                    facts.append(r.fact(key, "smkg:effectiveDate", when(effective), effective.start, effective.end,
                                        stated_as=effective.printed))
                facts += _versions(r, key, doc, version, None)
            last_docs = docs or last_docs


def _active(r: Reading, start: int, end: int):
    """"the Secretary of State designated the TMAD": a body, then the verb."""
    for m in r.mentions(start, end, {"organisation"}):
        verb = _ACTIVE.match(r.view, m.end, end)
        if verb:
            return verb
    return None


def _next_version(r: Reading, sentences: list[tuple[int, int]], i: int) -> list:
    """"The version designated, AL 1.0, ...": the version the next sentence names."""
    if i + 1 < len(sentences):
        start, end = sentences[i + 1]
        if re.match(r"\s*The\s+(?:new\s+)?version\b", r.view[start:end], re.I):
            return versions_in(r, start, end)
    return []


def _proposed(r: Reading, directed: dict[str, str], facts: list[Fact]) -> None:
    """"consulted on a revised re-designation date of 3 November 2021 (or as
    soon as reasonably practicable within one month thereafter)": the proposed
    date and window of the designation of that document the text makes."""
    for seg in r.body():
        for start, end in r.sentences(seg):
            redesignation = _PROPOSED.search(r.view, start, end) if r.says(start, end, "designat") else None
            if not redesignation or not _PROPOSING.search(r.view, seg.start, end) or DIRECTS.search(r.view, start, end):
                continue
            dated = [d for d in r.dates(redesignation.start(), end) if d.date and d.precision == "day"
                     and not _NOT_PROPOSED.search(r.view[redesignation.start():d.start])]
            if not dated:
                continue
            docs = decided_documents(r.mentions(start, end, {"document"}))
            heading = r.heading_of(seg)
            if not docs and heading:
                docs = decided_documents(r.mentions(heading.start, heading.end, {"document"}))
            targets = [directed.get(doc.entry.iri) for doc in docs]
            if not docs and len(set(directed.values())) == 1:  # the one designation the text makes
                targets = list(set(directed.values()))
            for key in targets:
                if key is None:
                    continue
                day = dated[0]
                facts.append(r.fact(key, "smkg:proposedDate", when(day), day.start, day.end, stated_as=day.printed))
                window = _WINDOW.search(r.view, day.end, end)
                if window:
                    count = number(window.group(1)) or 1
                    unit = window.group(2).lower()
                    iso = f"P{count * 7}D" if unit == "week" else f"P{count}{unit[0].upper()}"
                    facts += [r.fact(key, "smkg:proposedWindow", Typed(iso, "xsd:duration"), window.start(),
                                     window.end()),
                              r.fact(key, "smkg:proposedWindowEnd", window_end(day.date, count, unit),
                                     day.start, window.end())]


def window_end(start: dt.date, count: int, unit: str) -> dt.date:
    """The last day of a window of ``count`` units from ``start``; a month from
    31 January ends on the last day of February."""
    if unit in ("day", "week"):
        return start + dt.timedelta(days=count * (7 if unit == "week" else 1))
    months = start.month - 1 + count * (12 if unit == "year" else 1)
    year, month = start.year + months // 12, months % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def follows(r: Reading, facts: list[Fact]) -> list[Fact]:
    """The designation a text makes (by direction; failing that, the newest
    version of each document it reports designated) follows the consultations
    on the same document whose conclusions or government response the same
    text reports: ``smkg:followsConsultation``, with the words that introduced
    the consultation as evidence.  A version the text only recalls ("version
    5.0, re-designated with effect from 9 February 2021, is in force") follows
    nothing here."""
    reported = {f.value.key for f in facts if f.prop in ("smkg:concludes", "smkg:respondsTo")}
    consultations = [c for c in introduced(r) if c.key in reported and not c.in_passing]
    if not consultations:
        return []
    made = {key: doc for doc, key in r.memo.get("directed", {}).items()}
    if not made:
        newest: dict[str, tuple[int, str]] = {}
        for f in facts:
            if f.prop == "smkg:designatesVersion":
                doc = next(g.value.key for g in facts if g.subject == f.subject and g.prop == "smkg:designatesDocument")
                rank = version_order(f.value.key.rsplit("/", 1)[-1])
                if doc not in newest or rank > newest[doc][0]:
                    newest[doc] = (rank, f.subject)
        made = {key: doc for doc, (_, key) in newest.items()}
    return [r.fact(key, "smkg:followsConsultation", Ref(c.key), c.start, c.end)
            for key, doc in sorted(made.items()) for c in consultations
            if any(m.entry.iri == doc for m in c.subjects)]

