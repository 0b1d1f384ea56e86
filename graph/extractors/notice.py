"""smkg:SourceText for texts that are not letters (smkg:Notice,
smkg:Newsletter, smkg:UpdateLog, smkg:ModificationRecord): web pages, news
items, newsletters, update logs and modification records.  They have no
letterhead: the title is the first line that names something, the date is the
one the page says it was published or last updated, and the author is who
published it (or whose site it is)."""

from __future__ import annotations

import re

from ..facts import Fact, Ref
from .common import Reading, squash, when

# Lines that date the text, best first: last updated, then published.
_UPDATED = re.compile(r"^[ \t]*(?:Page\s+)?last\s+updated\b", re.I | re.M)
_PUBLISHED = re.compile(r"^[ \t]*(?:Published|Posted|Issued|Date|Register\s+as\s+at|[^\n]*\bas\s+at)\b", re.I | re.M)
_BY = re.compile(r"^[ \t]*(?:Published|Posted)\b[^\n]*?\bby\s+", re.I | re.M)
_COPYRIGHT = re.compile(r"©\s*")
_NOT_TITLE = re.compile(r"^\s*(?:Published|Posted|Issued|Page|Last|Update:?\s+\d|By|In this issue|Home|Menu)\b|\|",
                        re.I)
_UPDATE_ENTRY = re.compile(r"^[ \t]*Update:?[ \t]+\d", re.M)
_MODIFICATION = re.compile(r"\bModifications?\s+(?:record|register|report)\b|^\s*SECMP\d+", re.I | re.M)
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
        r.memo["date"] = dated.date
        r.memo["date_fact"] = facts[-1]
    author = _author(r)
    if author:
        facts.append(r.mention_fact("text", "smkg:author", author))
        r.memo["author"] = author.entry.iri
    kind = _kind(r, squash(r.view[title[0]:title[1]]) if title else "")
    entry = r.gazetteer.lookup(kind, {"text-kind"})
    anchor = title or (0, 0)
    if entry:
        facts.append(r.fact("text", "smkg:textKind", Ref(entry.iri), *anchor))
    facts.append(r.fact("text", "rdf:type", Ref(f"smkg:{_TEXT_CLASS.get(kind, 'Notice')}"), *anchor))
    return facts


def _lines(r: Reading, limit: int = 25):
    for m in list(re.finditer(r"[^\n]+", r.view))[:limit]:
        if m.group(0).strip():
            yield m


def _title(r: Reading) -> tuple[int, int] | None:
    """The first line of some length that is not the site's name, a date line or navigation."""
    for m in _lines(r):
        line = m.group(0)
        if len(line.strip()) < 12 or len(line.split()) < 3 or _NOT_TITLE.search(line):
            continue
        if r.dates(m.start(), m.end()) and len(line.split()) <= 4:
            continue
        found = r.mentions(m.start(), m.end())
        if found and sum(x.end - x.start for x in found) >= len(line.strip()) - 2:
            continue  # a site name: "Smart Energy Code"
        lead = len(line) - len(line.lstrip())
        return m.start() + lead, m.start() + len(line.rstrip())
    return None


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
                return _shifted(found[0], m.end())
    for m in list(re.finditer(r"[^\n]+", raw))[:6]:
        found = r.gazetteer.find(m.group(0), {"organisation"})
        if found:
            return _shifted(found[0], m.start())
    return None


def _shifted(match, offset: int):
    return type(match)(match.start + offset, match.end + offset, match.text, match.entry, match.via)


def _kind(r: Reading, title: str) -> str:
    if len(_UPDATE_ENTRY.findall(r.view)) >= 2:
        return "update log"
    if _MODIFICATION.search(r.view):
        return "modification record"
    if re.search(r"\bnewsletter\b", title, re.I):
        return "newsletter"
    if re.search(r"\bconclu", title, re.I):
        return "conclusion notice"
    if re.search(r"\bconsult", title, re.I):
        return "consultation notice"
    if re.search(r"^[ \t]*(?:Home\s*>\s*News\b|Posted\s+on\b)", r.doc.text, re.M | re.I):
        return "news item"
    return "other"
