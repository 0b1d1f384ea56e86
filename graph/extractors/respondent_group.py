"""smkg:RespondentGroup, with a consultation's smkg:responseCount and
smkg:support: how many responded ("along with the three responses it
received", "a written response from five stakeholders"), who they were ("two
being from energy suppliers, the other from the DCC") and how they stood ("all
three respondents were supportive").  A statement belongs to the consultation
the sentence speaks of.  The first count stated is the total; a later one is
kept too when it speaks of the whole ("all four respondents", "received four
responses"), so that two totals that disagree are both seen and the
consistency rules can report them, while "the two respondents who objected"
is a part, not a total.  The first support level stated stands."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref
from .common import NUMBER, Reading, number
from .consultation import Introduced, current

_RESPONSES = [
    re.compile(rf"\b(?:there\s+(?:were|was)|received|with|along\s+with|the|all|of|total\s+of)\s+({NUMBER})"
               rf"\s+(?:[\w-]+\s+)?(?:responses?|respondents)\b", re.I),
    re.compile(rf"\bresponses?\s+from\s+({NUMBER})\s+(?:\w+\s+)?(?:stakeholders|respondents|organisations|parties)\b",
               re.I),
    re.compile(rf"\b({NUMBER})\s+(?:\w+\s+)?(?:stakeholders|respondents|organisations|parties)\s+responded\b", re.I),
    re.compile(rf"\b(?:attracted|drew|brought|elicited|generated)\s+({NUMBER})\s+(?:written\s+)?responses?\b", re.I),
    re.compile(rf"\b({NUMBER})\s+(?:written\s+|formal\s+)?responses?\s+(?:(?:were|was|have\s+been|had\s+been)\s+"
               rf"received|came\s+in)\b", re.I),
    re.compile(r"\b(no)\s+responses\s+were\s+received\b|\breceived\s+(no)\s+responses\b", re.I),
    # a note in a log or table: "(closed ...; 9 responses)"
    re.compile(r"(?<![\d.])\b(\d{1,3})\s+responses\b", re.I),
    # "Responses were received from five organisations", "Responses came from five organisations"
    re.compile(rf"\bresponses?\s+(?:were\s+received|came|arrived)\s+from\s+({NUMBER})\b", re.I),
    # "Seven respondents replied", "Two stakeholders replied"
    re.compile(rf"\b({NUMBER})\s+(?:respondents|stakeholders|organisations|parties)\s+(?:replied|responded|wrote\s+in)\b",
               re.I),
    # a field: "Responses received: 4"
    re.compile(r"\bresponses\s+received\s*:\s*(\d{1,3})\b", re.I),
    # the noun left out: "Responses were due by 18 November; five were received"
    re.compile(rf"\bresponses\b[^.]{{0,80}}?[;,]\s*({NUMBER})\s+(?:were|was)\s+received\b", re.I),
]
_ALL_SUPPORT = re.compile(r"\ball\s+(?:\w+\s+)?respondents\s+(?:were\s+(?:supportive|in\s+support)|supported|agreed)"
                          r"|\bsupported\s+by\s+(?:all\s+)?(?:the\s+)?respondents\b|\bunanimous(?:ly)?\s+support", re.I)
#: Every match of ``_RESPONSES`` and ``_ALL_SUPPORT`` holds one of these: most sentences do not, and are not searched.
_RESPONSE_WORDS = ("respon", "replied", "wrote", "unanimous")
_GROUP = re.compile(rf"\b({NUMBER}|the\s+other|the\s+remaining)(?:\s+(?:responses?|respondents?))?"
                    rf"\s+(?:being\s+|were\s+|was\s+|came\s+)?from\s+(?:an?\s+|the\s+)?", re.I)


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    for seg in r.body():
        for start, end in r.sentences(seg):
            c = current(r, start)
            if c is not None:
                facts += _responses(r, c, start, end)
    return _totals_and_first_support(facts)


def _responses(r: Reading, c: Introduced, start: int, end: int) -> list[Fact]:
    facts: list[Fact] = []
    total = None
    if not r.says(start, end, *_RESPONSE_WORDS):
        return _groups(r, c, start, end, total) if r.says(start, end, "from") else facts  # as every _GROUP
    for pattern in _RESPONSES:
        m = pattern.search(r.view, start, end)
        if m:
            word = next(g for g in m.groups() if g)
            total = 0 if word.lower() == "no" else number(word)
            if total is not None:
                facts.append(r.fact(c.key, "smkg:responseCount", total, m.start(), m.end()))
                break
    if _ALL_SUPPORT.search(r.view, start, end):
        level = r.gazetteer.lookup("all supportive", {"support"})
        if level:
            facts.append(r.fact(c.key, "smkg:support", Ref(level.iri), start, end))
    facts += _groups(r, c, start, end, total)
    return facts


def _groups(r: Reading, c: Introduced, start: int, end: int, total: int | None) -> list[Fact]:
    """"two being from energy suppliers, the other from the DCC"."""
    facts: list[Fact] = []
    counted = 0
    for m in _GROUP.finditer(r.view, start, end):
        kinds = r.mentions(m.end(), min(end, m.end() + 60), {"respondent-kind"})
        if not kinds or kinds[0].start != m.end():
            continue
        word = m.group(1).lower()
        if number(word) is None and total is None:
            continue  # "the other" needs the total from the same sentence
        count = number(word) if number(word) is not None else total - counted
        counted += count
        group = keys.respondent_group(c.key, kinds[0].entry.iri)
        facts += [r.fact(group, "rdf:type", Ref("smkg:RespondentGroup"), m.start(), kinds[0].end),
                  r.fact(c.key, "smkg:respondentGroup", Ref(group), m.start(), kinds[0].end),
                  r.mention_fact(group, "smkg:respondentKind", kinds[0]),
                  r.fact(group, "smkg:respondentCount", count, m.start(), kinds[0].end)]
    return facts


#: How a later count says it is the total: "all four respondents", "received four responses".
_WHOLE = re.compile(r"^(?:all|received|there\s+(?:were|was)|total\s+of)\b|\b(?:were|was|have\s+been|had\s+been)"
                    r"\s+received$", re.I)


def _totals_and_first_support(facts: list[Fact]) -> list[Fact]:
    """A consultation's first count, later counts that speak of the whole, and its first support level."""
    seen: set[tuple[str, str]] = set()
    out = []
    for f in facts:
        if f.prop in ("smkg:responseCount", "smkg:support"):
            again = (f.subject, f.prop) in seen
            if again and (f.prop == "smkg:support" or not _WHOLE.search(" ".join(f.evidence.quote.split()))):
                continue
            seen.add((f.subject, f.prop))
        out.append(f)
    return out
