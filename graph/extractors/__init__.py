"""Extractors: one module per ontology class they emit.  Each takes the
document and its segments and returns facts with evidence."""

from __future__ import annotations

from ..documents import Document
from ..facts import Fact
from ..segments import Segment
from . import letter_annex, person, source_text

EXTRACTORS = (source_text.extract, person.extract, letter_annex.extract)


def extract_all(doc: Document, segments: list[Segment]) -> list[Fact]:
    facts: list[Fact] = []
    for extract in EXTRACTORS:
        facts.extend(extract(doc, segments))
    return facts
