"""smkg:SourceText: the letter's date, title, author, addressees and kinds."""

from __future__ import annotations

import re

from ..documents import Document
from ..facts import Fact, Ref, parse_date
from ..reference import load_gazetteer
from ..segments import Segment
from .common import FULL_DATE, evidence, first

# Words of a title or opening paragraph that say what kind of text it is; the
# kinds themselves are reference concepts found by their labels.
_KIND_WORDS = re.compile(r"\b(government(?:'s|’s)? response|direction)\b", re.I)


def extract(doc: Document, segments: list[Segment]) -> list[Fact]:
    gaz = load_gazetteer()
    facts: list[Fact] = []
    head = first(segments, "head")
    title = first(segments, "title")
    if head:
        m = FULL_DATE.search(doc.text, head.start, head.end)
        if m and (d := parse_date(*m.groups())):
            facts.append(Fact("text", "eli:date_document", d, evidence(doc, head, m.start(), m.end(), m.group(0))))
        # The addressees are the block of the head (blank-line separated) that
        # names the most bodies other than the writing department.
        blocks = [(b.start(), b.end()) for b in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", doc.text[head.start:head.end])]
        best: list = []
        for b_start, b_end in blocks:
            found = [x for x in gaz.find(doc.text[head.start + b_start:head.start + b_end], {"organisation"})
                     if "GovernmentDepartment" not in " ".join(x.entry.types)]
            if len(found) > len(best):
                best = [(b_start, x) for x in found]
        for b_start, x in best:
            s0 = head.start + b_start
            facts.append(Fact("text", "smkg:addressee", Ref(x.entry.iri), evidence(doc, head, s0 + x.start, s0 + x.end)))
        dept = [x for x in gaz.find(doc.text[head.start:head.end], {"organisation"})
                if "GovernmentDepartment" in " ".join(x.entry.types)]
        if dept:
            x = dept[0]
            facts.append(Fact("text", "smkg:author", Ref(x.entry.iri),
                              evidence(doc, head, head.start + x.start, head.start + x.end)))
    if title:
        raw = doc.text[title.start:title.end]
        lead = len(raw) - len(raw.lstrip())
        words = " ".join(raw.split())
        if words:
            facts.append(Fact("text", "dcterms:title", words,
                              evidence(doc, title, title.start + lead, title.start + len(raw.rstrip()))))
    para1 = next((s for s in segments if s.kind == "paragraph"), None)
    spans = [s for s in (title, para1) if s]
    seen: set[str] = set()
    for seg in spans:
        for m in _KIND_WORDS.finditer(doc.text, seg.start, seg.end):
            entry = gaz.lookup(m.group(1).replace("’s", "").replace("'s", ""), {"text-kind"})
            if entry and entry.iri not in seen:
                seen.add(entry.iri)
                facts.append(Fact("text", "smkg:textKind", Ref(entry.iri), evidence(doc, seg, m.start(1), m.end(1))))
    if not any(f.prop == "smkg:author" for f in facts):
        sig = first(segments, "signature")
        if sig:
            for x in gaz.find(doc.text[sig.start:sig.end], {"organisation"}):
                if "GovernmentDepartment" in " ".join(x.entry.types):
                    facts.append(Fact("text", "smkg:author", Ref(x.entry.iri),
                                      evidence(doc, sig, sig.start + x.start, sig.start + x.end)))
                    break
    return facts
