"""smkg:SourceText for texts that are not letters (smkg:Notice,
smkg:Newsletter, smkg:UpdateLog, smkg:ModificationRecord): web pages, news
items, newsletters, update logs and modification records.  They have no
letterhead: the title is the first line that names something, the date is the
one the page says it was published or last updated, and the author is who
published it (or whose site it is)."""

from __future__ import annotations

import re
from itertools import islice

from ..facts import Fact, Ref
from ..segments import DANGLING
from .common import Reading, is_a, squash, when
from .consultation import introduced

# Lines that date the text, best first: last updated, then published.
_UPDATED = re.compile(r"^[ \t]*(?:Page\s+)?last\s+updated\b", re.I | re.M)
_PUBLISHED = re.compile(r"^[ \t]*(?:Published|Posted|Issued|Sent|Date|Register\s+as\s+at|[^\n]*\bas\s+at"
                        r"|Week\s+ending)\b|\b(?:Issued|Published|Date)\s*:", re.I | re.M)
_BY = re.compile(r"^[ \t]*(?:Published|Posted|Issued|Sent|(?:Page\s+)?(?:last\s+)?updated)\b[^\n]*?\bby\s+",
                 re.I | re.M)
# A labelled field ("Proposer: DCC") names a party to the matter, not the publisher.
_FIELD = re.compile(r"^[ \t]*[A-Z][\w ]{1,30}:", re.M)
_COPYRIGHT = re.compile(r"©\s*")
_NOT_TITLE = re.compile(r"^\s*(?:Published|Posted|Issued|Page|Last|Update:?\s+\d|By|In this issue|Home|Menu)\b|\|"
                        r"|^\s*\d{1,2}\.\s"
                        r"|^\s*(?:[A-Z]{2,5}\s+)?(?:Public|Official|Internal|Confidential|Restricted|Sensitive)\s*$",
                        re.I)
_MODIFICATION = re.compile(r"\bModifications?\s+(?:proposal\s+)?(?:record|register)\b|^\s*[A-Z]{2,8}MP\d{2,4}\b",
                           re.I | re.M)
_NEWSLETTER = re.compile(r"\b(?:newsletter|bulletin|(?:monthly|weekly)\s+(?:update|round-?up)|round-?up|digest)\b"
                         r"|\bIssue\s+\d+\b", re.I)
# Conclusions already reached: "submitted our conclusions", "we have concluded".
_CONCLUDED = re.compile(r"\b(?:submitted|sent|published|provided)\s+(?:its|our|the|their)?\s*conclusions"
                        r"|\b(?:have|has)\s+concluded\b|\bconclusions\s+(?:were|was|have\s+been)\s+(?:sent|submitted)",
                        re.I)
_FIELD_GAP = re.compile(r"[ \t]{3,}(?=\S)")
# Who publishes pages: a department, the DCC, a code body, a regulator (the
# Secretary of State or a group of parties publishes no web page).
_PUBLISHERS = ("GovernmentDepartment", "DCCLicensee", "CodeBody", "Regulator", "IndustryGroup")
_TEXT_CLASS = {"update log": "UpdateLog", "modification record": "ModificationRecord", "newsletter": "Newsletter"}


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    title = _title(r)
    if title:
        start, end = title
        words, fixes = r.corrected(start, end)
        facts.append(Fact("text", "dcterms:title", words, r.evidence(start, end, corrections=fixes)))
    dated = _date(r)
    if dated:
        facts.append(r.fact("text", "eli:date_document", when(dated), dated.start, dated.end, stated_as=dated.printed))
    author = _author(r)
    if author:
        facts.append(r.mention_fact("text", "smkg:author", author))
    r.remember(facts)  # the kind asks which consultations the page opens, which needs its date and author
    kind = _kind(r, squash(r.view[title[0]:title[1]]) if title else "")
    entry = r.gazetteer.lookup(kind, {"text-kind"})
    anchor = title or (0, 0)
    if entry:
        facts.append(r.fact("text", "smkg:textKind", Ref(entry.iri), *anchor))
    facts.append(r.fact("text", "rdf:type", Ref(f"smkg:{_TEXT_CLASS.get(kind, 'Notice')}"), *anchor))
    return facts


def _lines(r: Reading, limit: int = 25):
    """The first non-blank lines of the view."""
    return islice((m for m in re.finditer(r"[^\n]+", r.view) if m.group(0).strip()), limit)


def _title(r: Reading) -> tuple[int, int] | None:
    """The first line of some length that is not the site's name, a date line,
    a numbered note or navigation; a line printed on every page (a running
    header) only when nothing else will do."""
    body = min((s.start for s in r.segments if s.kind in ("paragraph", "table")), default=len(r.view))
    candidates = [m for m in _lines(r) if _could_be_title(r, m)]
    above = [m for m in candidates if m.end() <= body]  # the title stands above the body
    once = [m for m in above if r.view.count(m.group(0).strip()) == 1]
    for m in once or above or candidates:
        line = _FIELD_GAP.split(m.group(0))[0]  # "Status Report        Issued: 08/10/2021"
        lead = len(line) - len(line.lstrip())
        start, end = m.start() + lead, m.start() + len(line.rstrip())
        while DANGLING.search(r.view, start, end):  # "...the draft SMETS1 Transition and" goes on below
            following = re.match(r"\n[ \t]*([^\n]*\S)", r.view[end:])
            if not following:
                break
            end += following.end()
        return start, end
    return None


def _could_be_title(r: Reading, m: re.Match) -> bool:
    line = _FIELD_GAP.split(m.group(0))[0]  # not a field set off to the right ("...    Consultation Notice")
    if len(line.strip()) < 12 or len(line.split()) < 3 or _NOT_TITLE.search(line):
        return False
    if r.dates(m.start(), m.end()) and len(line.split()) <= 4:
        return False
    found = r.mentions(m.start(), m.end())
    return not (found and sum(x.end - x.start for x in found) >= len(line.strip()) - 2)  # a site name


def _date(r: Reading):
    """The date the page was last updated, else published, else a date alone on a line near the top."""
    text = r.view
    for pattern in (_UPDATED, _PUBLISHED):
        for m in pattern.finditer(text):
            line_end = text.find("\n", m.start())
            found = [d for d in r.dates(m.start(), line_end if line_end >= 0 else len(text))
                     if d.date and d.precision == "day"]
            if found:
                return found[0]
    for m in _lines(r, 12):
        found = [d for d in r.dates(m.start(), m.end()) if d.date and d.precision == "day"]
        if found and len(m.group(0).split()) <= 5:
            return found[0]
    return None


def _author(r: Reading):
    """Who published the text: "Published by SECAS", "Posted ... by SECAS",
    "© Smart DCC Ltd", or the site's name at the top of the page."""
    raw = r.doc.text
    for pattern in (_BY, _COPYRIGHT):
        for m in pattern.finditer(raw):
            found = [x for x in r.gazetteer.find(raw[m.end():m.end() + 80], {"organisation"})]
            if found and found[0].start == 0:
                return found[0].shifted(m.end())
    for m in list(re.finditer(r"[^\n]+", raw))[:6]:
        if _FIELD.match(m.group(0)):
            continue
        found = [x for x in r.gazetteer.find(m.group(0), {"organisation"}) if is_a(x, *_PUBLISHERS)]
        if found:
            return found[0].shifted(m.start())
    return None


def _kind(r: Reading, title: str) -> str:
    """The kind of text, from the strongest cue: dated entries make a log; the
    title, the breadcrumb or a "Posted on" line say the rest."""
    top = r.doc.text[:600]
    entries = [s for s in r.segments if s.label.startswith("update ")]
    if _MODIFICATION.search(title):  # a modification's record, even when it keeps a timeline
        return "modification record"
    if len(entries) >= 2:
        return "update log"
    if _NEWSLETTER.search(title) or _NEWSLETTER.search(r.view[:300]):
        return "newsletter"
    if re.search(r"^[ \t]*(?:Home\s*>\s*(?:[\w ]+>\s*)?News\b|Posted\s+on\b)", top, re.M | re.I):
        return "news item"
    if _MODIFICATION.search(title) or _MODIFICATION.search(top):
        return "modification record"
    if re.search(r"\bconclu", title, re.I):
        return "conclusion notice"
    if re.search(r"\bconsult|\bhave\s+your\s+say\b|\bviews\b", title, re.I) or introduced_here(r):
        return "consultation notice"
    return "other"


def introduced_here(r: Reading) -> bool:
    """Whether the text opens a consultation (and does not conclude one)."""
    return any(not c.in_passing for c in introduced(r)) and not _CONCLUDED.search(r.view)
