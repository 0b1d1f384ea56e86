"""Segments: the parts of a text, each a span of the document's text.

A letter has a head (letterhead, date, addressees), a title, numbered
paragraphs under optional headings, footnotes (which OCR may leave in the middle
of a paragraph where a page broke), a direction, a signature and an annex list.
A text without numbered paragraphs (a notice, a news item, a log) is cut into
blank-line separated blocks: a short line heads the block below it, a dated
line ("Update: 14 May 2020", "[24/10/2022]", a timeline's "2023-01-09 ...")
opens an update-log entry, and cells between pipes or columns under a rule of
dashes make a table.  Footnotes, page furniture and site navigation are
segments of their own, so that :func:`reading_view` can hide them from the
extractors without moving any offset.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .documents import Document


@dataclass(frozen=True)
class Segment:
    kind: str  # head, title, heading, paragraph, table, footnote, furniture, direction, signature, annexes
    label: str  # paragraph or footnote number, "block N", "update <date>", "table N", or the kind
    start: int
    end: int
    section: str = ""  # the heading the segment stands under, as printed


_SALUTATION = re.compile(r"^[ \t]*Dear\s+[A-Z][^\n]{0,60}?,?[ \t]*$", re.M)
_NUMBERED = re.compile(r"^[ \t]*(\d{1,2})\.[ \t]+(?=\S)", re.M)
_CLOSING = re.compile(r"^\s*(?:Yours (?:faithfully|sincerely)|(?:Kind|Best|With best) regards|Signed\b)", re.M | re.I)
_ANNEXES = re.compile(r"^\s*(?:Annex(?:es)?\b[^\n]*(?:separate|\n\s*Annex [A-Z]\s*:)|Annexes[ \t]*$"
                      r"|Annex[ \t]+(?:[A-Z]|\d{1,2})(?:[ \t]*[:\-–—]|[ \t]{2,})"
                      r"|\|?[ \t]*Annex[ \t]*(?:\||[ \t]{2,}))", re.M)
# The direction section: "Direction", "Directions", "Direction 1 - TMAD".
_DIRECTION = re.compile(r"^[ \t]*Directions?\b(?:[ \t]+\d+)?(?:[ \t]*[-–—:][^\n.]{0,60})?[ \t]*$", re.M)
# A footnote starts a block with its bare number (no full stop, unlike a
# paragraph), and runs to a blank line, a new page (a form feed, or a line OCR
# indents by one space) or a numbered paragraph.
_FOOTNOTE = re.compile(
    r"(?:\A|\n[ \t]*\n|\n(?=[ \t]*[\d¹²³⁴⁵⁶⁷⁸⁹⁰]))[ \t]*(\d{1,2}(?=[ \t])|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})[ \t]*"
    r"(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)"
    r"(\S[^\n\f]*(?:\n(?![ \t]*\n)(?![ \t]+\S)(?![ \t]*\d{1,2}\.?[ \t])(?!\f)[^\n\f]*)*)")
# Page furniture: running headers and footers ("Page 2 of 3", "OFFICIAL"),
# alone on a line or at the end of one.
_FURNITURE = re.compile(r"(?:^[ \t]*|[ \t]{3,})(?:Page \d+(?: of \d+)?|OFFICIAL(?:-SENSITIVE)?)[ \t]*$"
                        r"|^[ \t]*(?:- ?\d+ ?-)[ \t]*$"
                        r"|^[ \t]{20,}\d{1,3}[ \t]*$",  # a page number set off to the right
                        re.M | re.I)
# Site navigation of a web page: breadcrumbs, menus, cookie banners, share
# links, "Previous: ... | Next: ..." links, copyright lines.
_NAVIGATION = re.compile(
    r"^[ \t]*(?:Skip to (?:main )?content|Menu\b.*|Search|Home\s*[>|].*|.*\S\s+>\s+\S.*>.*|Share this page\b.*"
    r"|Was this page (?:useful|helpful)\b.*|We use cookies\b.*|Accept (?:all|additional) cookies\b.*"
    r"|Cookie (?:settings|policy)\b.*"
    r"|Tags?:.*|Previous:.*|Next:.*|©.*|.*\|\s*©.*|Back to top|Print this page"
    r"|(?![|])[^|\n]{1,40}(?:[ \t]+\|[ \t]+[^|\n]{1,40}){2,}(?<!\|))[ \t]*$",
    re.M | re.I)
# A heading: a short line standing alone between blank lines, with no closing
# stop, after a finished sentence and before a capital or a numbered paragraph
# (a double-spaced paragraph puts each of its lines between blank lines too).
_HEADING = re.compile(r"(?:\A|(?<=[.:;!?)\"'])[ \t]*\n(?:[ \t]*\n)+)[ \t]*([A-Z][^\n.:;]{2,80}[^\n.:;,\s])[ \t]*"
                      r"(?=(?:\n[ \t]*){2,}(?:[A-Z]|\d{1,2}\.))")
# A date written alone: "14 May 2020", "03/05/2023", "2023-05-03".
_DATE = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})"
# An entry of an update log: "Update: 14 May 2020", or the date alone on its first line.
_UPDATE = re.compile(rf"[ \t]*(?:Update:?[ \t]+({_DATE})|\[?({_DATE})\]?[ \t]*(?:[-–—:][ \t]*)?(?=\n))")
# The short first line of a block that heads the rest: no closing stop, and
# the next line starts with a capital or a list marker.
_LEAD = re.compile(rf"[ \t]*(?:Update:?[ \t]+[^\n]{{6,30}}|\[?{_DATE}\]?(?:[ \t]*[-–—:])?"
                   rf"|[A-Z][^\n.:;,|]{{2,50}}[^\n.:;,|\s])[ \t]*\n(?=[ \t]*(?:[A-Z(\d\-•]))")
# A line of a timeline: a date, then what happened ("2023-01-09  Refinement Consultation issued").
_TIMELINE_LINE = re.compile(rf"^[ \t]*{_DATE}[ \t]+\S", re.M)
# A letter's title: a few lines in capitals, or a line or two with no closing stop.
_TITLE_LIKE = re.compile(r"[^a-z]{8,400}|[^\n]{8,160}(?:\n[^\n]{1,160})?(?<![.:;,])")
# A line that stops mid-phrase: "The DCC opened its consultation on the TMAD on".
DANGLING = re.compile(r"\b(?:on|of|the|a|an|and|or|to|for|in|by|with|at|from|that|which|its|their|our|is|are|was"
                       r"|were)\s*$", re.I)
_RULE = re.compile(r"^[ \t]*-{3,}(?:[ \t]+-{2,})+[ \t]*$", re.M)
BLOCK = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")


def segment(doc: Document) -> list[Segment]:
    text = doc.text
    n = len(text)
    salutation = _SALUTATION.search(text)
    body = salutation.end() if salutation else 0
    out: list[Segment] = []
    if salutation and salutation.start():
        out.append(Segment("head", "head", 0, salutation.start()))
    closing = _CLOSING.search(text, body)
    annexes = _ANNEXES.search(text, closing.end() if closing else body)
    body_end = closing.start() if closing else (annexes.start() if annexes else n)
    hidden = sorted(_footnotes(text, body, body_end) + _furniture(text, body, body_end), key=lambda s: (s.start, s.end))
    out += hidden
    direction = _DIRECTION.search(text, body, body_end)
    para_end = direction.start() if direction else body_end
    numbered = _numbered(text, body, para_end, letter=bool(salutation))
    if numbered and salutation:
        out.append(Segment("title", "title", body, numbered[0].start()))
    if numbered:
        if not salutation:  # a page with numbered notes at its foot: what comes before them is blocks
            out += _blocks(_blanked(text, hidden), body, numbered[0].start(), hidden)
        out += _paragraphs(text, numbered, para_end, hidden)
    else:
        title = BLOCK.search(text, body, para_end) if salutation else None
        if title and _TITLE_LIKE.fullmatch(title.group(0).strip()):  # a letter whose paragraphs are not numbered
            out.append(Segment("title", "title", title.start(), title.end()))
            body = title.end()
        out += _blocks(_blanked(text, hidden), body, para_end, hidden)
    if direction:
        out.append(Segment("direction", "direction", direction.start(), body_end))
    if closing:
        out.append(Segment("signature", "signature", closing.start(), annexes.start() if annexes else n))
    if annexes:
        out.append(Segment("annexes", "annexes", annexes.start(), n))
    return sorted(out, key=lambda s: (s.start, s.end))


def reading_view(doc: Document, segments: list[Segment]) -> str:
    """The text with footnotes and page furniture blanked and quotes made
    straight: every character keeps its offset, so a match in the view is a
    match in the text."""
    view = _blanked(doc.text.translate(_QUOTES), [s for s in segments if s.kind in ("footnote", "furniture")])
    return _MARKER.sub(lambda m: " " * len(m.group(0)), view)


# A footnote marker glued to a word or a stop ("consulted1 on", "received,2 all",
# "do so.1 The"), even where OCR lost the footnote itself; not after a capital
# or a digit, where it is part of a name ("SMETS1") or a number ("version 2.1").
_MARKER = re.compile(r"(?:(?<=[a-z]{3})|(?<=[a-z][.,;:)\"'])|(?<=[a-z][.,;:)\"'][\"'])|(?<=[a-z]\)\.))"
                     r"\d{1,2}(?=[\s.,;:)]|$)")


def _blanked(text: str, hidden: list[Segment]) -> str:
    """``text`` with the hidden spans turned to spaces (line ends kept)."""
    chars = list(text)
    for seg in hidden:
        for i in range(seg.start, seg.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "‚": "'", "„": '"', "′": "'"})


def _numbered(text: str, start: int, end: int, letter: bool) -> list[re.Match]:
    """Numbered paragraphs: a number runs on from the last one; others are not paragraphs."""
    kept, expected = [], 1
    for m in _NUMBERED.finditer(text, start, end):
        if int(m.group(1)) == expected:
            kept.append(m)
            expected += 1
    if len(kept) < 2:
        return []
    # On a page that is not a letter, a numbered list of short lines ("In this
    # issue: 1. ... 2. ...") is a list of contents, not numbered paragraphs.
    lengths = sorted(len(text[a.start():b.start()].strip()) for a, b in zip(kept, kept[1:]))
    return kept if letter or lengths[len(lengths) // 2] > 100 else []


_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _footnotes(text: str, start: int, end: int) -> list[Segment]:
    """Footnotes are numbered 1, 2, 3... in order; a number out of sequence is not one."""
    out, expected, pos = [], 1, start
    while True:
        m = _FOOTNOTE.search(text, pos, end)
        if not m:
            return out
        pos = m.end(2) if m.end(2) > pos else pos + 1
        # A number at the start of a wrapped line ("DCC received\n1 response")
        # is running text: a footnote opens a block, or follows the footnote before it.
        opens_block = m.start() == start or re.match(r"\n[ \t]*\n|\f", text[m.start():m.start(1)]) \
            or (out and not text[out[-1].end:m.start(1)].strip())
        if int(m.group(1).translate(_SUPERSCRIPT)) != expected or not opens_block:
            pos = m.start(1) + 1
            continue
        out.append(Segment("footnote", m.group(1), m.start(1), m.end(2)))
        expected += 1


def _furniture(text: str, start: int, end: int) -> list[Segment]:
    found = [Segment("furniture", "furniture", m.start(), m.end()) for m in _FURNITURE.finditer(text, start, end)]
    found += [Segment("furniture", "navigation", m.start(), m.end()) for m in _NAVIGATION.finditer(text, start, end)
              if not re.search(r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|:\s*\S", m.group(0)) or m.group(0).lstrip()[:4] in
              ("Tags", "Prev", "Next", "Home", "Shar", "Was ", "Cook", "Acce", "We u")]
    found += _running_headers(text, start, end, [s.start for s in found if s.label == "furniture"])
    return sorted(found, key=lambda x: x.start)


def _running_headers(text: str, start: int, end: int, page_marks: list[int]) -> list[Segment]:
    """A short line within two lines of a page number or a page break that is
    printed again, as a line of its own, at another page break or at the top or
    foot of the text: "Sl SR and TMAD re-designation - December 2019".  A line
    printed again elsewhere is not one: a dated log entry opening a page whose
    date is also the page's "Last updated", a headline also listed in the contents."""
    marks = page_marks + [start + m.start() for m in re.finditer(r"\f", text[start:end])]
    if not marks:
        return []
    # Where a page starts or ends: every page mark of the text (the head and foot too), and its two ends.
    edges = {m.start() for m in _FURNITURE.finditer(text)} | {m.start() for m in re.finditer(r"\f", text)}
    at_edges: dict[str, set[int]] = {}
    for mark in sorted(edges) + [0, len(text)]:
        for at, _, words in _lines_around(text, mark, 0, len(text)):
            at_edges.setdefault(words, set()).add(at)
    out: dict[int, Segment] = {}
    for mark in marks:
        for at, stop, words in _lines_around(text, mark, start, end):
            if 8 <= len(words) <= 80 and len(at_edges.get(words, ())) >= 2:
                out[at] = Segment("furniture", "running header", at, stop)
    return list(out.values())


def _lines_around(text: str, mark: int, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, stripped text) of the lines from two lines above ``mark`` to two below."""
    lo = mark
    for _ in range(3):  # back to the start of the line two lines above
        lo = text.rfind("\n", start, lo - 1) + 1 if lo > start else start
    hi = mark
    for _ in range(3):
        nxt = text.find("\n", hi + 1, end)
        hi = nxt if nxt != -1 else end
    return [(lo + m.start(), lo + m.end(), m.group(0).strip()) for m in re.finditer(r"[^\n\f]+", text[lo:hi])]


def _headings(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(1), m.end(1), m.group(1).strip()) for m in _HEADING.finditer(text, start, end)]


def _inside(pos: int, hidden: list[Segment]) -> bool:
    """Whether ``pos`` falls in one of the hidden spans (sorted by start): the
    spans starting at or before it reach past it."""
    starts, reach = _index(tuple(hidden))
    i = bisect_right(starts, pos) - 1
    return i >= 0 and reach[i] > pos


@lru_cache(maxsize=8)
def _index(hidden: tuple[Segment, ...]) -> tuple[list[int], list[int]]:
    """Starts, and the furthest end reached by any span up to each."""
    starts, reach, furthest = [], [], 0
    for h in hidden:
        furthest = max(furthest, h.end)
        starts.append(h.start)
        reach.append(furthest)
    return starts, reach


def _paragraphs(text: str, numbered: list[re.Match], end: int, hidden: list[Segment]) -> list[Segment]:
    headings = [h for h in _headings(text, numbered[0].start(), end) if not _inside(h[0], hidden)]
    out: list[Segment] = []
    for i, m in enumerate(numbered):
        stop = numbered[i + 1].start() if i + 1 < len(numbered) else end
        before = [h for h in headings if h[0] < m.start()]
        inner = [h for h in headings if m.start() < h[0] < stop]
        if inner:  # a heading ends the paragraph; what follows it, up to the next number, stands under it
            after = numbered[i + 1].start() if i + 1 < len(numbered) else end
            for (h_start, h_end, h_text), nxt in zip(inner, [h[0] for h in inner[1:]] + [after]):
                if text[h_end:nxt].strip():
                    out.append(Segment("paragraph", f"{m.group(1)} ({h_text})", h_end, nxt, h_text))
            stop = inner[0][0]
        out.append(Segment("paragraph", m.group(1), m.start(1), stop, before[-1][2] if before else ""))
    out += [Segment("heading", "heading", h_start, h_end) for h_start, h_end, _ in headings]
    return out


def _is_lead(block: str) -> bool:
    """A first line that heads its block, not the first line of a wrapped
    paragraph: it does not end mid-phrase and is shorter than the line after."""
    first, _, rest = block.partition("\n")
    second = rest.split("\n", 1)[0]
    if _UPDATE.match(first + "\n"):
        return True
    return not DANGLING.search(first) and len(first.strip()) < len(second.strip())


def _is_table(block: str) -> bool:
    """A table flattened to text: most lines are cells between pipes, or
    columns stand under a rule of dashes."""
    lines = [line for line in block.splitlines() if line.strip()]
    piped = sum(line.lstrip().startswith("|") for line in lines) >= len(lines) - 1
    return len(lines) >= 2 and (piped or bool(_RULE.search(block)))


def _timeline(text: str, start: int, end: int, section: str) -> list[Segment]:
    """A timeline ("2023-01-09  Refinement Consultation issued (closed ...)",
    continued on indented lines, under an optional header line) read as the
    entries of an update log: each dated line heads an entry of its own."""
    lines = [m for m in re.finditer(r"[^\n]*\S[^\n]*", text[start:end])]
    dated = [m for m in lines if _TIMELINE_LINE.match(m.group(0))]
    others = [m for m in lines if m not in dated and m is not lines[0]]
    if len(dated) < 2 or any(not m.group(0)[:1].isspace() for m in others):
        return []
    out: list[Segment] = []
    for i, m in enumerate(dated):
        date = re.match(rf"[ \t]*({_DATE})", m.group(0))
        date_start, date_end = start + m.start() + date.start(1), start + m.start() + date.end(1)
        stop = start + dated[i + 1].start() if i + 1 < len(dated) else end
        out.append(Segment("heading", "heading", date_start, date_end))
        out.append(Segment("paragraph", f"update {' '.join(date.group(1).split())}", date_end, stop, date.group(1)))
    return out


def _blocks(text: str, start: int, end: int, hidden: list[Segment]) -> list[Segment]:
    """Blank-line separated blocks.  A block of one short line is a heading; a
    short first line over more text ("How to respond", "Update: 14 May 2020")
    heads the lines below it."""
    out: list[Segment] = []
    section = ""
    count = 0
    for m in BLOCK.finditer(text, start, end):
        if _inside(m.start(), hidden):
            continue
        block = m.group(0)
        first = block.split("\n", 1)[0]
        lead = _LEAD.match(block)
        if lead and not _is_lead(block):
            lead = None
        if "\n" not in block.strip() and len(block.rstrip()) <= 80 and not re.search(r"[.:;,]\s*$", block):
            section = block.strip()
            out.append(Segment("heading", "heading", m.start(), m.end()))
            continue
        body_start = m.start()
        if lead:
            section = first.strip()
            out.append(Segment("heading", "heading", m.start(), m.start() + len(first)))
            body_start = m.start() + lead.end()
        count += 1
        entries = _timeline(text, body_start, m.end(), section)
        if entries:
            out += entries
            continue
        if _is_table(block):
            out.append(Segment("table", f"table {count}", m.start(), m.end(), section))
            continue
        update = _UPDATE.match(block)
        label = f"update {' '.join((update.group(1) or update.group(2)).split())}" if update else f"block {count}"
        out.append(Segment("paragraph", label, body_start, m.end(), section))
    return out
