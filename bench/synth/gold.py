"""The gold facts of a synthetic text, in the form of the facts tables
(``queries/sources.rq``, ``consultations.rq``, ``decisions.rq``,
``mentions.rq``), and the file they are kept in (``gold.jsonl``: one JSON
object per text).

A row holds the columns of its table except the identifiers the store mints
(``consultation``, ``decision``): they name nodes, they are not facts a reader
states.  Dates are ISO strings, an unstated value is ``""``, a list column
("subjects", "kind") is its items sorted and joined with ``"; "``."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

#: The columns compared, per table (the table's columns less the minted identifiers).
COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("source", "title", "date", "author", "kind"),
    "consultations": ("source", "title", "run_by", "opened", "closed", "subjects", "responses", "conclusions_date",
                      "conclusions_to"),
    "decisions": ("source", "kind", "by", "date", "effective", "document", "version"),
    "mentions": ("source", "kind", "name"),
}
TABLES = tuple(COLUMNS)
#: Columns holding a list ("a; b"), compared as sorted sets of items.
LIST_COLUMNS = {("sources", "kind"), ("consultations", "subjects")}
#: Columns compared without regard to case, quotes and dashes.
TITLE_COLUMNS = {"title"}


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


@dataclass
class Consultation:
    """A consultation as one text states it."""

    run_by: str
    subjects: tuple[str, ...]
    opened: dt.date | None
    closed: dt.date | None
    responses: int | None = None
    conclusions_date: dt.date | None = None
    conclusions_to: str = ""
    title: str = ""

    def row(self) -> dict[str, str]:
        return {"title": self.title, "run_by": self.run_by, "opened": iso(self.opened), "closed": iso(self.closed),
                "subjects": "; ".join(sorted(set(self.subjects))),
                "responses": "" if self.responses is None else str(self.responses),
                "conclusions_date": iso(self.conclusions_date), "conclusions_to": self.conclusions_to}


@dataclass
class Decision:
    kind: str  # designation, direction, approval, rejection, other
    by: str
    date: dt.date | None
    effective: dt.date | None = None
    document: str = ""
    version: str = ""

    def row(self) -> dict[str, str]:
        return {"kind": self.kind, "by": self.by, "date": iso(self.date), "effective": iso(self.effective),
                "document": self.document, "version": self.version}


@dataclass
class Gold:
    """The facts of one text."""

    source: str
    genre: str
    title: str
    date: dt.date | None
    author: str
    kinds: tuple[str, ...]
    consultations: list[Consultation] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    mentions: set = field(default_factory=set)  # (kind, name)

    def tables(self) -> dict[str, list[dict[str, str]]]:
        src = {"source": self.source}
        return {
            "sources": [{**src, "title": self.title, "date": iso(self.date), "author": self.author,
                         "kind": "; ".join(sorted(set(self.kinds)))}],
            "consultations": [{**src, **c.row()} for c in self.consultations],
            "decisions": [{**src, **d.row()} for d in self.decisions],
            "mentions": [{**src, "kind": k, "name": n} for k, n in sorted(self.mentions)],
        }

    def to_json(self) -> str:
        return json.dumps({"source": self.source, "genre": self.genre, **self.tables()}, ensure_ascii=False,
                          sort_keys=True)


def write_gold(golds: list[Gold], path: Path) -> None:
    path.write_text("".join(g.to_json() + "\n" for g in golds), encoding="utf-8")


def read_gold(path: Path) -> list[dict]:
    """The texts of a gold file: ``{"source", "genre", "sources": [...], ...}``."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
