"""The builder a genre writes one text with.

A :class:`Doc` is written top to bottom.  Every name of a known thing goes
through :meth:`Doc.m` (or a helper built on it), which records the mention
for the gold; every date goes through :meth:`Doc.date`, which remembers the
last date printed with its year, so that a date printed without one is
dropped only where a reader (and the extractors) would give it the right
year.  Footnotes, page furniture and site navigation are written with
:meth:`Doc.hidden` or :meth:`Doc.quiet`: a footnote still names things (the
extractors read footnotes for mentions) but its dates give no year; page
furniture and navigation name nothing that counts.

Paragraphs are wrapped at a width chosen per text, never starting a line
with what would read as structure (a number, a list marker, "Annex",
"Page"...); OCR noise (hyphenated words, character confusions) is applied
only to words on a whitelist of ordinary words, never to names or to the
words the extractors key on."""

from __future__ import annotations

import datetime as dt
import random
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from .world import MONTHS, WEEKDAYS, infer_year, ordinal

# Words a line must not start with: they would read as structure (a heading,
# a list item, a footnote, page furniture, navigation, a closing).
_NO_LINE_START = re.compile(r"^(?:\d|\(?[a-z]\)|\(?[ivx]+\)|[-•>|©]|Annex|Annexes|Dear|Yours|Signed|Page|Direction"
                            r"|Menu|Home|Search|Next:|Previous:|Tags?:|Update|Kind|Best|With|OFFICIAL|Q\d|Skip|Share"
                            r"|Was|Cookie|Accept|Back|Print|Published|Posted|Issued|Last|Opens|Closes|Contact)")

#: Plain words that OCR noise (a hyphen at a line end, a misread character)
#: may touch: no name, no word an extractor keys on.
NOISY_WORDS = frozenset("""installations arrangements information technical procedures behaviours obligations
operational communicating recognised commissioning regulatory investigations notification engagement operating
incremental improvements appropriate particular solution practicable reasonably available additional specific
previously described following industry systems planning timetable schedule remaining successfully considered
however therefore manufacturers properly different reporting meaningful important contribution understanding
practical guidance completion scheduled respective continuing likelihood transitional programme discussion""".split())

#: OCR confusions of single characters, applied to a noisy word.
_CONFUSIONS = (("rn", "m"), ("m", "rn"), ("l", "1"), ("o", "0"), ("fi", "\ufb01"), ("cl", "d"), ("e", "c"))


def wrap(text: str, width: int, indent: str = "", first_indent: str | None = None) -> list[str]:
    """Greedy wrapping that never starts a line with a structure word."""
    tokens = text.split()
    lines: list[str] = []
    current = first_indent if first_indent is not None else indent
    bare = True
    for tok in tokens:
        if bare:
            current += tok
            bare = False
            continue
        if len(current) + 1 + len(tok) > width and not _NO_LINE_START.match(tok):
            lines.append(current)
            current = indent + tok
        else:
            current += " " + tok
    if not bare:
        lines.append(current)
    return lines


@dataclass
class Block:
    """A part of the text: a paragraph (wrapped), raw lines, a heading...;
    ``number`` is given to numbered paragraphs when the text is rendered."""

    kind: str  # "para", "raw", "heading", "numbered"
    text: str
    indent: str = ""
    width: int = 0


@dataclass
class Doc:
    rng: random.Random
    width: int = 80
    ocr: float = 0.0  # how noisy: chance of touching a noisy word
    blocks: list[Block] = field(default_factory=list)
    mentions: set = field(default_factory=set)
    last_year_date: dt.date | None = None
    _hidden: bool = False
    _quiet: bool = False
    footnotes: list[str] = field(default_factory=list)  # waiting to be printed
    footnote_count: int = 0
    slots: list[int] = field(default_factory=list)  # where padding may go

    # --- names ------------------------------------------------------------------

    def m(self, kind: str, name: str, surface: str | None = None, also: tuple = ()) -> str:
        """``surface`` (default: the name), recording the mention of ``name``
        (and of the things in ``also``: (kind, name) pairs a longer name holds)."""
        if not self._quiet:
            self.mentions.add((kind, name))
            for pair in also:
                self.mentions.add(pair)
        return name if surface is None else surface

    def org(self, name: str, surface: str | None = None) -> str:
        return self.m("organisation", name, surface)

    def doc(self, name: str, surface: str | None = None, also: tuple = ()) -> str:
        return self.m("document", name, surface, also)

    def cohort(self, name: str, surface: str | None = None) -> str:
        return self.m("cohort", name, surface)

    def device(self, name: str, surface: str) -> str:
        from .world import DEVICE_IMPLIES
        return self.m("device", name, surface, tuple(("device", n) for n in DEVICE_IMPLIES.get(surface, ())))

    def person(self, name: str) -> str:
        return self.m("person", name)

    def uplift(self, number: str) -> str:
        """An uplift, named in running text (the extractors read uplifts in the body only)."""
        return self.m("uplift", f"Uplift {number}", f"Uplift {number}")

    @contextmanager
    def hidden(self):
        """Writing a footnote: names count, dates give no year."""
        was, self._hidden = self._hidden, True
        try:
            yield
        finally:
            self._hidden = was

    @contextmanager
    def quiet(self):
        """Writing page furniture or navigation: nothing counts."""
        was_h, was_q = self._hidden, self._quiet
        self._hidden = self._quiet = True
        try:
            yield
        finally:
            self._hidden, self._quiet = was_h, was_q

    # --- dates ------------------------------------------------------------------

    def date(self, day: dt.date, style: str = "long", year: bool = True) -> str:
        """``day`` as printed; ``year=False`` leaves the year out where a reader
        would put it back from the date printed before it, else prints it."""
        if not year and (self.last_year_date is None or self._hidden
                         or infer_year(day.month, day.day, self.last_year_date) != day.year):
            year = True
        text = fmt(day, style, year)
        if year and not self._hidden:
            self.last_year_date = day
        return text

    def month(self, day: dt.date) -> str:
        """"June 2021": a month with its year (which later dates take their year from)."""
        if not self._hidden:
            self.last_year_date = dt.date(day.year, day.month, 1)
        return f"{MONTHS[day.month - 1]} {day.year}"

    # --- footnotes ----------------------------------------------------------------

    def note(self, sentence: str, text: str) -> str:
        """``sentence`` with a footnote marker glued to its end, the footnote
        kept for the foot of the page (only where the marker is plainly one:
        after a word of small letters and its stop)."""
        if not re.search(r"[a-z]{3}\.$", sentence):
            return sentence
        self.footnote_count += 1
        self.footnotes.append(f"{self.footnote_count} {text}")
        marker = str(self.footnote_count)
        if self.ocr and self.rng.random() < 0.3:
            marker = self.rng.choice(("?", "!", "*"))
            return sentence[:-1] + marker + "." if marker != "*" else sentence + marker
        return sentence + marker

    def flush_notes(self) -> None:
        """The footnotes waiting, as a block of their own."""
        if self.footnotes:
            lines = []
            for n in self.footnotes:
                lines += wrap(n, self.width)
            self.blocks.append(Block("raw", "\n".join(lines)))
            self.footnotes = []

    # --- blocks -----------------------------------------------------------------

    def para(self, text: str, indent: str = "", numbered: bool = False, noisy: bool = False) -> None:
        if noisy and self.ocr:
            text = self.noise(text)
        self.blocks.append(Block("numbered" if numbered else "para", text, indent))

    def raw(self, text: str) -> None:
        self.blocks.append(Block("raw", text))

    def heading(self, text: str) -> None:
        self.blocks.append(Block("heading", text))

    def noise(self, text: str) -> str:
        """Misread characters in a few ordinary words."""
        def touch(m: re.Match) -> str:
            w = m.group(0)
            if w not in NOISY_WORDS or self.rng.random() > self.ocr:
                return w
            options = [(a, b) for a, b in _CONFUSIONS if a in w[1:]]
            if not options:
                return w
            a, b = self.rng.choice(options)
            i = w.index(a, 1)
            return w[:i] + b + w[i + len(a):]
        return re.sub(r"\b[a-z]+\b", touch, text)

    def slot(self) -> None:
        """Mark the place reached as one where :meth:`pad` may add blocks."""
        self.slots.append(len(self.blocks))

    def size(self) -> int:
        return sum(len(b.text) + 2 for b in self.blocks)

    def pad(self, target: int, make) -> None:
        """Blocks from ``make(doc)`` (which appends one) at the marked places,
        in turn, until the text is about ``target`` characters long."""
        k = 0
        while self.slots and self.size() < target and k < 60:
            i = k % len(self.slots)
            make(self)
            block = self.blocks.pop()
            self.blocks.insert(self.slots[i], block)
            self.slots = [s + 1 if (j >= i) else s for j, s in enumerate(self.slots)]
            k += 1

    def render(self, numbering: str = "plain") -> str:
        """The text: blocks separated by blank lines, paragraphs wrapped,
        numbered paragraphs numbered ("1. ", "1.  " with a hanging indent...)."""
        out: list[str] = []
        n = 0
        for b in self.blocks:
            if b.kind == "raw":
                out.append(b.text)
            elif b.kind == "heading":
                out.append(b.text)
            elif b.kind == "numbered":
                n += 1
                label = f"{n}."
                if numbering == "hanging":
                    lines = wrap(b.text, self.width, indent="    ", first_indent=f"{label:<4}")
                else:
                    lines = wrap(f"{label} {b.text}", self.width)
                out.append("\n".join(self._hyphenate(lines)))
            else:
                lines = wrap(b.text, self.width, indent=b.indent, first_indent=b.indent)
                out.append("\n".join(self._hyphenate(lines)))
        return "\n\n".join(out).rstrip() + "\n"

    def _hyphenate(self, lines: list[str]) -> list[str]:
        """Now and then a noisy word carried over a line end with a hyphen."""
        if not self.ocr or len(lines) < 2:
            return lines
        out = list(lines)
        for i in range(len(out) - 1):
            nxt = out[i + 1].lstrip()
            first = nxt.split(" ", 1)[0]
            word = first.rstrip(".,;")
            if word in NOISY_WORDS and len(word) >= 8 and self.rng.random() < self.ocr * 3:
                cut = self.rng.randint(3, len(word) - 4)
                lead = out[i + 1][:len(out[i + 1]) - len(nxt)]
                out[i] = out[i] + " " + first[:cut] + "-"
                out[i + 1] = lead + first[cut:] + nxt[len(first):]
        return out


def fmt(day: dt.date, style: str, year: bool = True) -> str:
    """A date in one of the styles texts print them in."""
    month = MONTHS[day.month - 1]
    y = f" {day.year}" if year else ""
    if style == "long":  # 4 November 2021
        return f"{day.day} {month}{y}"
    if style == "ordinal":  # 18th January 2024
        return f"{ordinal(day.day)} {month}{y}"
    if style == "of":  # 10th of January 2022
        return f"{ordinal(day.day)} of {month}{y}"
    if style == "weekday":  # Monday 5 September 2022
        return f"{WEEKDAYS[day.weekday()]} {day.day} {month}{y}"
    if style == "weekday,":  # Thursday, 10 March 2016
        return f"{WEEKDAYS[day.weekday()]}, {day.day} {month}{y}"
    if style == "short":  # 12 Mar 2021
        return f"{day.day} {month[:3]}{y}"
    if style == "dd":  # 05 Mar 2020
        return f"{day.day:02d} {month[:3]}{y}"
    if style == "us":  # November 3, 2022
        return f"{month} {day.day}, {day.year}"
    if style == "numeric":  # 05/09/2022
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if style == "numeric2":  # 05/09/22
        return f"{day.day:02d}/{day.month:02d}/{day.year % 100:02d}"
    if style == "iso":  # 2023-01-09
        return day.isoformat()
    if style == "dmy-":  # 14-Nov-2022
        return f"{day.day:02d}-{month[:3]}-{day.year}"
    raise ValueError(style)
