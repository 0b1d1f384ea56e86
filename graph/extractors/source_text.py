"""smkg:SourceText: the text's date, title, author, addressees, postal address and kinds."""

from __future__ import annotations

import re

from ..facts import Fact, Ref
from ..reference import Match
from ..segments import BLOCK
from . import notice
from .common import Reading, is_department, squash, when

# Words of a title or opening paragraph that say what kind of text it is; the
# kinds themselves are reference concepts found by their labels.
_KIND_WORDS = re.compile(r"\b(government(?:'s)?\s+(?:response|decision)|directions?"
                         r"|response\s+to\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,2}consultations?|consultation\s+response"
                         r"|responds\s+to\s+(?:\w+\s+){0,3}consultations?|concludes\s+(?:\w+\s+){0,3}consultations?)\b",
                         re.I)
# A street address: a number, a street, and the postcode if it follows (OCR
# may read the 0 of "0ET" as an O).
_ADDRESS = re.compile(r"\b\d{1,4}[ \t]+[A-Z][a-z]+[ \t]+(?:Street|Road|Square|Place|Lane|Row|Avenue|Way)\b"
                      r"(?:,?\s*\n?\s*[A-Z][a-z]+,?\s+[A-Z]{1,2}\d[A-Z\d]?\s*[\dO][A-Z]{2}\b)?")


def extract(r: Reading) -> list[Fact]:
    if not r.first("head"):
        return notice.extract(r)
    facts = r.remember(_head(r) + _title(r))
    return facts + _kinds(r)  # the kind may depend on who wrote it


def _author(r: Reading, named: list[list[Match]]) -> Match | None:
    """The government department the letterhead names, else the one the
    signatory works for ("An official of the Department for ..."), else the
    first body named at the top (a regulator's or DCC's letterhead)."""
    departments = [m for found in named for m in found if is_department(m)]
    if departments:
        return departments[0]
    sig = r.first("signature")
    signed = [m for m in r.mentions(sig.start, sig.end, {"organisation"}) if is_department(m)] if sig else []
    if signed:
        return signed[0]
    lone = [found[0] for found in named if len({m.entry.iri for m in found}) == 1]
    return lone[0] if lone and named[0][0] is lone[0] else None  # a letterhead names one body, an address list several


def _head(r: Reading) -> list[Fact]:
    head = r.first("head")
    if not head:
        return []
    facts: list[Fact] = []
    dated = [m for m in r.dates(head.start, head.end) if m.date and m.precision == "day" and not m.year_inferred]
    if dated:
        m = dated[0]
        facts.append(r.fact("text", "eli:date_document", when(m), m.start, m.end, stated_as=m.printed))
    # The addressees are the block of the head that names the most bodies
    # other than the writer and government departments.
    blocks = [(b.start(), b.end()) for b in BLOCK.finditer(r.view, head.start, head.end)]
    named = [found for start, end in blocks if (found := r.mentions(start, end, {"organisation"}))]
    author = _author(r, named)
    best: list = []
    for found in named:
        others = [m for m in found if not is_department(m) and (author is None or m.entry.iri != author.entry.iri)]
        if len(others) > len(best) and (author is None or found[0] is not author):
            best = others
    facts += [r.mention_fact("text", "smkg:addressee", m) for m in best]
    if author is not None:
        facts.append(r.mention_fact("text", "smkg:author", author))
    address = _ADDRESS.search(r.view, head.start, head.end)
    if address:
        printed = squash(address.group(0))
        # a postcode's inward code starts with a digit: OCR's "OET" is "0ET"
        fixed = re.sub(r"(\d[A-Z\d]?\s)O([A-Z]{2})$", r"\g<1>0\2", printed)
        fixes = ((printed, fixed),) if fixed != printed else ()
        evidence = r.evidence(address.start(), address.end(), corrections=fixes)
        facts.append(Fact("text", "smkg:postalAddress", fixed, evidence))
    return facts


def _title(r: Reading) -> list[Fact]:
    """The title as printed, with known OCR misreadings corrected (and recorded)."""
    title = r.first("title")
    if not title:
        return []
    raw = r.view[title.start:title.end]
    if not raw.strip():
        return []
    start = title.start + len(raw) - len(raw.lstrip())
    end = title.start + len(raw.rstrip())
    first = BLOCK.search(r.view, start, end)
    if first and any(c.islower() for c in first.group(0)):  # a title in capitals may run over blocks, not this one
        end = first.end()
    words, fixes = r.corrected(start, end)
    return [Fact("text", "dcterms:title", words, r.evidence(start, end, corrections=fixes))]


def _kinds(r: Reading) -> list[Fact]:
    """What kind of text: from the title and the opening paragraph."""
    title = r.first("title")
    para1 = r.first("paragraph")
    facts: list[Fact] = []
    seen: set[str] = set()
    found = [(m.start(1), m.end(1), "direction" if m.group(1)[0] in "dD" else "government response")
             for seg in (title, para1) if seg for m in _KIND_WORDS.finditer(r.view, seg.start, seg.end)
             if m.group(1)[0] in "gGdD" or r.memo.get("author_is_department")]  # a department's response
    direction = r.first("direction")  # a letter with a direction section is a direction
    if direction:
        found.append((direction.start, direction.start + len(r.view[direction.start:direction.end].split("\n")[0]),
                      "direction"))
    for start, end, kind in found:
        entry = r.gazetteer.lookup(kind, {"text-kind"})
        if entry and entry.iri not in seen:
            seen.add(entry.iri)
            facts.append(r.fact("text", "smkg:textKind", Ref(entry.iri), start, end))
    return facts
