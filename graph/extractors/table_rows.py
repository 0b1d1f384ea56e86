"""Rows of a table flattened to text ("| Stage | Date(s) | Notes |"): a line
whose first cell is empty continues the row above it, cell by cell, so a
title spread over three lines reads as one cell.  A table set in columns under
a rule of dashes is cut at the rule's columns.  Each cell keeps the spans it
was read from, so that evidence points back into the text.  (A timeline of
dated lines is read as the entries of an update log: see ``segments.py``.)"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..reference import Match
from ..segments import Segment
from .common import Reading

# The rule under the header of a table set in columns: "---------  -----  ------".
_RULE = re.compile(r"^[ \t]*-{3,}(?:[ \t]+-{2,})+[ \t]*$", re.M)
_CELL = re.compile(r"\|([^|\n]*)(?=\|)")


@dataclass
class Cell:
    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)

    def add(self, text: str, start: int) -> None:
        words = text.strip()
        if words:
            lead = len(text) - len(text.lstrip())
            self.text = f"{self.text} {words}".strip()
            self.spans.append((start + lead, start + lead + len(words)))

    @property
    def start(self) -> int:
        return self.spans[0][0] if self.spans else 0

    @property
    def end(self) -> int:
        return self.spans[-1][1] if self.spans else 0


@dataclass
class Row:
    cells: list[Cell]
    header: list[str]

    @property
    def start(self) -> int:
        return min((c.start for c in self.cells if c.spans), default=0)

    @property
    def end(self) -> int:
        return max((c.end for c in self.cells if c.spans), default=0)

    @property
    def text(self) -> str:
        return " | ".join(c.text for c in self.cells)

    def column(self, *names: str) -> Cell | None:
        """The cell under a header naming one of ``names`` (case-insensitive start)."""
        for i, title in enumerate(self.header):
            if i < len(self.cells) and any(title.lower().startswith(n) for n in names):
                return self.cells[i]
        return None


def rows(r: Reading, seg: Segment) -> list[Row]:
    return r.once(f"rows {seg.start}", lambda: _rows(r, seg))


def _rows(r: Reading, seg: Segment) -> list[Row]:
    text = r.view[seg.start:seg.end]
    rule = _RULE.search(text)
    columns = [(m.start(), m.end()) for m in re.finditer(r"-+", rule.group(0))] if rule else []
    out: list[Row] = []
    header: list[str] = []
    for line in re.finditer(r"[^\n]+", text):
        base = seg.start + line.start()
        if rule and line.start() == rule.start():
            continue
        found = _fixed_cells(line.group(0), columns, base) if rule else \
            [(m.group(1), base + m.start(1)) for m in _CELL.finditer(line.group(0))]
        if not found:
            continue
        if out and not found[0][0].strip():  # continues the row above
            for cell, (words, start) in zip(out[-1].cells, found):
                cell.add(words, start)
            continue
        row = Row([Cell() for _ in found], header)
        for cell, (words, start) in zip(row.cells, found):
            cell.add(words, start)
        if not header and not r.dates(row.start, row.end):
            header = [c.text for c in row.cells]
            row.header = header
        out.append(row)
    return out


def _fixed_cells(line: str, columns: list[tuple[int, int]], base: int) -> list[tuple[str, int]]:
    """The cells of a line of a table set in columns under a rule of dashes
    ("---------  --------"): each column runs from its dashes to the next one's."""
    cells = []
    for i, (start, _) in enumerate(columns):
        stop = columns[i + 1][0] if i + 1 < len(columns) else len(line)
        cells.append((line[start:stop], base + start))
    return cells


def cell_dates(r: Reading, cell: Cell) -> list:
    """Dates written in a cell, to the day."""
    return [d for start, end in cell.spans for d in r.dates(start, end) if d.date and d.precision == "day"]


def row_dates(r: Reading, row: Row) -> list:
    return [d for cell in row.cells for d in cell_dates(r, cell)]


def tables(r: Reading) -> list[Segment]:
    return [s for s in r.segments if s.kind == "table"]


def cell_mentions(r: Reading, cell: Cell, kinds: set[str] | None = None) -> list[Match]:
    """Known things named in a cell, its pieces joined (a name may run over
    two lines of the cell); a match's offsets are those of its first piece."""
    found = r.gazetteer.find(cell.text, kinds)
    if not found and kinds and "organisation" in kinds:  # a bare "Authority" in a table is "the Authority"
        first = re.match(r"[A-Z][a-z]+", cell.text)
        entry = r.gazetteer.lookup(f"the {first.group(0)}", kinds) if first else None
        if entry:
            found = [Match(0, first.end(), first.group(0), entry, "alt")]
    return [Match(_offset(cell, m.start), _offset(cell, m.end), m.text, m.entry, m.via) for m in found]


def _offset(cell: Cell, at: int) -> int:
    """Where position ``at`` of the joined cell text lies in the document (the
    pieces are joined with one space)."""
    offset = 0
    for start, end in cell.spans:
        if at <= offset + (end - start):
            return start + (at - offset)
        offset += end - start + 1
    return cell.end
