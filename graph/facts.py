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
    #: OCR repairs made in reading the quote: (raw form, corrected form).
    corrections: tuple[tuple[str, str], ...] = ()
    #: The rest of the sentence around the quote, so that a reader sees it in context.
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class When:
    """A date as the text gives it: ``precision`` is day, month or year, and
    ``year_inferred`` says the year was not printed but taken from context."""

    date: dt.date
    precision: str = "day"
    year_inferred: bool = False
    year_from: str | None = None  # the printed date the inferred year was taken from


@dataclass(frozen=True)
class Typed:
    """A literal of a given datatype, by name: ``Typed("P1M", "xsd:duration")``."""

    lexical: str
    datatype: str


@dataclass(frozen=True)
class Fact:
    """One statement about a thing: ``subject`` and ``value`` are keys the
    triples stage turns into IRIs or literals."""

    subject: str  # "text", "person", "post", "annex:A", or "id:<path>" minted from content
    prop: str  # a term of SMKG or of a public vocabulary, by name ("smkg:runBy", "rdf:type")
    value: object  # str, int, date, When, Typed, or Ref
    evidence: Evidence


@dataclass(frozen=True)
class Ref:
    """A reference-data IRI, a term by name (``smkg:Consultation``), a node
    minted from content (``id:consultation/...``), or a local key of this text
    (``person``, ``annex:A``)."""

    key: str


@dataclass(frozen=True)
class TextFacts:
    file_name: str
    facts: tuple[Fact, ...] = field(default_factory=tuple)
    unplaced: tuple[str, ...] = ()  # dates the extractors saw and could not place, as report lines

    @property
    def count(self) -> int:
        return len(self.facts)
