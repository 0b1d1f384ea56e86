"""What the extractors share: a :class:`Reading` of one document (its
segments, the view with footnotes hidden, its mentions and dates), sentence
spans, and the numbers written as words."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Callable, TypeVar

from .. import dates
from ..documents import Document
from ..facts import Evidence, Fact, Ref, When
from ..reference import Entry, Gazetteer, Match, load_gazetteer
from ..segments import Segment, reading_view

#: "today": the text's own date, or its log entry's (see :meth:`Reading.today`).
TODAY = re.compile(r"\btoday\b", re.I)
#: A modification proposal's reference ("SECMP0071", "MOD 123"), which tells
#: its consultations and decisions apart.
REFERENCE = re.compile(r"\b[A-Z]{2,8}MP\d{2,4}\b|\bMOD\s?\d{2,4}\b")

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER = r"(?:\d{1,3}|" + "|".join(NUMBER_WORDS) + ")"

_UNSET = object()

#: Parts of a text whose sentences state facts (the rest is letterhead,
#: footnotes, signature...).
BODY_KINDS = ("paragraph", "direction")

T = TypeVar("T")


def number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def squash(text: str) -> str:
    """White space normalised: how a quote becomes a literal."""
    return " ".join(text.split())


@dataclass
class Reading:
    """One document as the extractors see it.  Results that several
    extractors need (the text's date, the consultations) are computed once and
    kept in ``memo``."""

    doc: Document
    segments: list[Segment]
    gazetteer: Gazetteer = field(default_factory=load_gazetteer)
    memo: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.view = reading_view(self.doc, self.segments)
        self._located = sorted((s for s in self.segments if s.kind != "heading"), key=lambda s: (s.start, s.end))
        self._starts = [s.start for s in self._located]
        self._folded: str | None | object = _UNSET  # the view in lower case (graph.dates.folded), for says()

    def once(self, key: str, compute: Callable[[], T]) -> T:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def says(self, start: int, end: int, *words: str) -> bool:
        """Whether ``view[start:end]`` may hold one of ``words`` (lower case, no spaces) in any case:
        False only when none is there, so that a pattern ignoring case that needs one of them is not
        searched for where it cannot match."""
        if self._folded is _UNSET:
            self._folded = dates.folded(self.view)  # None: then every word may be there
        if self._folded is None:
            return True
        for word in words:
            if self._folded.find(word, start, end) != -1:
                return True
        return False

    def first(self, kind: str) -> Segment | None:
        return next((s for s in self.segments if s.kind == kind), None)

    def body(self) -> list[Segment]:
        return [s for s in self.segments if s.kind in BODY_KINDS]

    def remember(self, facts: list[Fact]) -> list[Fact]:
        """Keep the text's title, date and author found in ``facts``, for the
        extractors that read them later; returns ``facts``."""
        for f in facts:
            if f.subject != "text":
                continue
            if f.prop == "dcterms:title":
                self.memo["title"], self.memo["title_span"] = f.value, (f.evidence.start, f.evidence.end)
            if f.prop == "eli:date_document":
                self.memo["date"], self.memo["date_fact"] = f.value.date, f
            if f.prop == "smkg:author":
                self.memo["author"] = f.value.key
                self.memo["author_is_department"] = is_department(self.gazetteer.entry(f.value.key))
        return facts

    def heading_of(self, seg: Segment) -> Segment | None:
        """The heading a segment stands under."""
        headings = [s for s in self.segments if s.kind == "heading" and s.start < seg.start]
        return headings[-1] if headings and seg.section else None

    def segment_at(self, offset: int) -> Segment | None:
        """The innermost segment (not a heading) holding ``offset``."""
        for seg in reversed(self._located[:bisect_right(self._starts, offset)]):
            if offset < seg.end:
                return seg
        return None

    def evidence(self, start: int, end: int, stated_as: str | None = None,
                 corrections: tuple[tuple[str, str], ...] = ()) -> Evidence:
        seg = self.segment_at(start)
        sentence_start = max(self.sentence_at(start)[0], start - CONTEXT)
        sentence_end = min(max(self.sentence_at(max(start, end - 1))[1], end), end + CONTEXT)
        text = self.doc.text
        return Evidence(start, end, text[start:end], self.doc.page_of(start), seg.label if seg else "text",
                        stated_as, corrections, text[sentence_start:start], text[end:sentence_end])

    def mentions(self, start: int, end: int, kinds: set[str] | None = None) -> list[Match]:
        """Known things named in ``view[start:end]``, offsets absolute."""
        return [Match(m.start + start, m.end + start, m.text, m.entry, m.via)
                for m in self.gazetteer.find(self.view[start:end], kinds)]

    def fact(self, subject: str, prop: str, value: object, start: int, end: int,
             match: Match | None = None, stated_as: str | None = None) -> Fact:
        corrections = ((squash(match.text), match.entry.name),) if match is not None and match.via == "hidden" else ()
        return Fact(subject, prop, value, self.evidence(start, end, stated_as, corrections))

    def corrected(self, start: int, end: int) -> tuple[str, tuple[tuple[str, str], ...]]:
        """The words of view[start:end] with known OCR misreadings (hidden
        labels) replaced by the nearest proper label of the same thing."""
        out, pos, fixes = [], start, []
        for m in self.mentions(start, end):
            if m.via != "hidden":
                continue
            proper = [label for label, via in self.gazetteer.labels(m.entry.iri) if via != "hidden"]
            best = max(proper, key=lambda label: SequenceMatcher(None, label.lower(), m.text.lower()).ratio())
            letters = [c for c in m.text if c.isalpha()]
            if sum(c.isupper() for c in letters) > len(letters) / 2:  # "SMETSl SUPPORTING REQUIREMENTS"
                best = best.upper()
            out += [self.view[pos:m.start], best]
            fixes.append((squash(m.text), best))
            pos = m.end
        out.append(self.view[pos:end])
        return squash("".join(out)), tuple(fixes)

    def mention_fact(self, subject: str, prop: str, match: Match) -> Fact:
        return self.fact(subject, prop, Ref(match.entry.iri), match.start, match.end, match)

    # --- dates ----------------------------------------------------------------

    @property
    def date(self) -> dt.date | None:
        """The text's own date (set by the source-text extractor)."""
        return self.memo.get("date")

    @property
    def date_printed(self) -> str | None:
        """The text's own date as printed."""
        fact = self.memo.get("date_fact")
        return " ".join((fact.evidence.stated_as or fact.evidence.quote).split()) if fact else None

    def dates(self, start: int, end: int) -> list[dates.DateMention]:
        """Dates in ``view[start:end]``; a year left out is taken from the last
        full date before it in the text, else the text's own date."""
        everything = self.once("dates", lambda: dates.find_dates(self.view, 0, len(self.view), context=None))
        out = []
        for m in everything:
            if m.start < start or m.end > end:
                continue
            if m.date is None and m.year_inferred and m.relative is None:
                m = self._place(m, everything)
            out.append(m)
        return out

    def _place(self, m: dates.DateMention, everything: list) -> dates.DateMention:
        giver = dates.year_giver(everything, m.start)
        context = giver.date if giver else self.date
        if context is None:
            return m
        again = dates.find_dates(self.view, m.start, m.end, context=context)
        if not again:
            return m
        source = giver.printed if giver else f"the text's date, {self.date_printed or context}"
        return replace(again[0], year_from=again[0].year_from or source)

    def order(self, offset: int) -> tuple[int, int]:
        """Where ``offset`` stands in the story the text tells: an update log
        lists its entries newest first, so an entry ranks by its own date."""
        seg = self.segment_at(offset)
        day = self.entry_date(seg) if seg else None
        return (day.toordinal() if day else 0, offset)

    def entry_date(self, seg: Segment) -> dt.date | None:
        """The date of an update-log entry, from its "Update: 14 May 2020" line."""
        if not seg.label.startswith("update "):
            return None
        found = self.once(f"entry {seg.label}", lambda: [d for d in dates.find_dates(seg.label) if d.date])
        return found[0].date if found else None

    def today(self, offset: int) -> dt.date | None:
        """What "today" means at ``offset``: the update entry's date, else the text's."""
        seg = self.segment_at(offset)
        return (self.entry_date(seg) if seg else None) or self.date

    def sentences(self, seg: Segment) -> list[tuple[int, int]]:
        return self.once(f"sentences {seg.start}", lambda: sentence_spans(self.view, seg.start, seg.end))

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The sentence holding ``offset`` (or the offset alone outside any segment)."""
        seg = self.segment_at(offset)
        spans = self.sentences(seg) if seg else []
        return next(((s, e) for s, e in spans if s <= offset < e), (offset, offset))


#: At most this many characters of the sentence are kept either side of a quote.
CONTEXT = 300


def is_a(m: Match | Entry, *classes: str) -> bool:
    """Whether the thing (or the thing matched) is of one of the smkg classes named."""
    entry = m.entry if isinstance(m, Match) else m
    return any(t.endswith("#" + c) for t in entry.types for c in classes)


def is_department(m: Match | Entry) -> bool:
    return is_a(m, "GovernmentDepartment")


def unique(found: list[Match]) -> list[Match]:
    """The first mention of each thing."""
    seen: dict[str, Match] = {}
    for m in found:
        seen.setdefault(m.entry.iri, m)
    return list(seen.values())


#: What a decision can be about: documents, not the sections, licence
#: conditions or Acts that give it its legal basis.
NOT_DECIDED = ("CodeSection", "LicenceCondition", "Act", "Licence")


def decided_documents(found: list[Match]) -> list[Match]:
    """The documents a decision is on: "into the SEC" says where a document
    goes, so the code itself counts only when nothing else is named."""
    found = [m for m in found if not is_a(m, *NOT_DECIDED)]
    if len({m.entry.iri for m in found}) > 1:
        found = [m for m in found if not is_a(m, "Code")]
    return unique(found)


def when(m: dates.DateMention) -> When | None:
    if m.date is None:
        return None
    return When(m.date, m.precision, m.year_inferred, m.year_from)


# A sentence ends at a stop (and any footnote marker glued to it) before white
# space and a capital, a digit or an opening bracket; a list item ("a) ",
# "(iv) ") starts a sentence of its own.  Dot leaders ("........ Refinement
# Consultation") end nothing.
_SENTENCE_END = re.compile(r"(?<!\.\.)[.!?][\"')\]]?[!?.*®\"'\d]{0,2}(?=\s+[A-Z(\d\"'])"
                           r"|\n(?=[ \t]*(?:\(?[a-z]\)|\(?[ivx]+\))\s)")


_PARAGRAPH_NUMBER = re.compile(r"\s*\d{1,2}\.\s+")


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    number = _PARAGRAPH_NUMBER.match(text, start, end)  # "2. In its consultation": the number is no sentence
    out, pos = [], number.end() if number else start
    for m in _SENTENCE_END.finditer(text, start, end):
        if text[pos:m.end()].strip():
            out.append((pos, m.end()))
        pos = m.end()
    if text[pos:end].strip():
        out.append((pos, end))
    # trim white space so evidence quotes start and end on words
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        trimmed.append((s, e))
    return trimmed
