"""Facts: what an extractor read, as plain frozen dataclasses (no rdflib)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    quote: str
    page: int
    paragraph: str
    stated_as: str | None = None


@dataclass(frozen=True)
class Fact:
    """One statement about a thing: ``subject`` and ``value`` are keys the
    triples stage turns into IRIs or literals."""

    subject: str  # "text", "person", "post", "annex:A"
    prop: str  # a term of SMKG or of a public vocabulary, by name
    value: object  # str, date, int, or Ref
    evidence: Evidence


@dataclass(frozen=True)
class Ref:
    """A reference-data IRI, or a local key of this text (``person``, ``annex:A``)."""

    key: str


@dataclass(frozen=True)
class TextFacts:
    file_name: str
    facts: tuple[Fact, ...] = field(default_factory=tuple)
    unread: tuple[str, ...] = ()  # what the extractor saw and could not place

    @property
    def count(self) -> int:
        return len(self.facts)


def parse_date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(f"{int(day)} {month[:3]} {year}", "%d %b %Y").date()
    except ValueError:
        return None
