"""smkg:LetterAnnex: the annex list at the foot of a letter, and the document
versions the annexes present (clean, or marked up against an earlier one)."""

from __future__ import annotations

import re

from ..facts import Fact, Ref
from .common import Reading, is_a, squash
from .versions import number_of, version_facts, versions_in

# "Annex A: ...", "Annex B - ...", "Annex 1   ...": a label (a letter or a number), then the title.
_ANNEX = re.compile(r"^\s*Annex\s+([A-Z]|\d{1,2})(?:\s*[:\-–—]|[ \t]{2,})\s*(.+?)"
                    r"(?=^\s*Annex\s+(?:[A-Z]|\d{1,2})(?:\s*[:\-–—]|[ \t]{2,})|\Z)", re.M | re.S)
# An annex list laid out as a table: "| A | SEC Appendix AM ... | AM 1.0 | clean |", or
# columns set apart by spaces: "A       SEC Appendix AL - TMAD     AL 8.0    clean".
_ROW = re.compile(r"^[ \t]*\|?[ \t]*([A-Z]|\d{1,2})(?:[ \t]*(?:\||[ \t]{2,})|\.[ \t]+)[ \t]*(\S[^\n]*)$", re.M)
_BARE_VERSION = re.compile(r"(?<![\w.])\d{1,3}\.\d{1,3}(?![\w.])")
_MARKED_UP = re.compile(r"marked[\s-]*up\s+against", re.I)


def annexes(r: Reading) -> list[dict]:
    """Each annex: label, the span of its title, and the version it presents
    (document IRI, version key, marked-up-against key)."""
    def compute() -> list[dict]:
        seg = r.first("annexes")
        if not seg:
            return []
        listed = list(_ANNEX.finditer(r.view, seg.start, seg.end)) or list(_ROW.finditer(r.view, seg.start, seg.end))
        out = []
        for m in listed:
            end = m.start(2) + len(m.group(2).rstrip(" |\t\n"))
            docs = [x for x in r.mentions(m.start(2), end, {"document"}) if not is_a(x, "CodeSection")]
            marked = _MARKED_UP.search(r.view, m.start(2), end)
            printed = versions_in(r, m.start(2), end)
            if not printed and m.re is _ROW:  # a "Version" column may print the bare number
                printed = list(_BARE_VERSION.finditer(r.view, m.start(2), end))
            out.append({"label": m.group(1), "start": m.start(), "title_start": m.start(2), "end": end,
                        "document": docs[-1] if docs else None,
                        "version": next((v for v in printed if not marked or v.start() < marked.start()), None),
                        "against": next((v for v in printed if marked and v.start() > marked.end()), None),
                        "marked": marked})
        return out
    return r.once("annexes", compute)


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    for a in annexes(r):
        key = f"annex:{a['label']}"
        start, end = a["start"], a["end"]
        facts += [r.fact(key, "smkg:annexLabel", a["label"], start, end),
                  r.fact(key, "dcterms:title", squash(r.doc.text[a["title_start"]:end]), start, end),
                  r.fact("text", "smkg:hasAnnex", Ref(key), start, end)]
        rendition = r.gazetteer.lookup("marked up" if a["marked"] else "clean", {"rendition"})
        if rendition:
            facts.append(r.fact(key, "smkg:rendition", Ref(rendition.iri), start, end))
        doc, version = a["document"], a["version"]
        if not (doc and version):
            continue
        v_key, v_facts = version_facts(r, doc.entry.iri, version.group(0), version.start(), version.end())
        facts += v_facts + [r.fact(key, "smkg:presentsVersion", Ref(v_key), start, end, doc)]
        against = a["against"]
        if against and number_of(against.group(0)) != number_of(version.group(0)):
            old_key, old_facts = version_facts(r, doc.entry.iri, against.group(0), against.start(), against.end())
            facts += old_facts + [r.fact(v_key, "smkg:markedUpAgainst", Ref(old_key), against.start(), against.end())]
    return facts
