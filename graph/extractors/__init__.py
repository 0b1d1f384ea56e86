"""Extractors: one module per ontology class they emit.  Each takes a
:class:`~graph.extractors.common.Reading` of one document and returns facts
with evidence.  The order matters only where one reads what another found
(the text's date and author first; consultations before what refers to them)."""

from __future__ import annotations

from ..documents import Document
from ..facts import Fact
from ..segments import Segment
from . import (
    approval,
    conclusions,
    consultation,
    deadline,
    decision,
    designation,
    direction,
    government_response,
    letter_annex,
    meeting,
    mention,
    person,
    proposal,
    respondent_group,
    service_request,
    source_text,
    unplaced_date,
    uplift,
)
from .common import Reading

EXTRACTORS = (
    source_text.extract, person.extract, letter_annex.extract, consultation.extract, respondent_group.extract,
    proposal.extract, conclusions.extract,
    government_response.extract, designation.extract, direction.extract, approval.extract, decision.extract,
    meeting.extract, uplift.extract, deadline.extract,
    service_request.extract, mention.extract,
)


def extract_all(doc: Document, segments: list[Segment]) -> tuple[list[Fact], list[str]]:
    """The facts of one document, and what it saw but could not place."""
    reading = Reading(doc, segments)
    facts: list[Fact] = []
    for extract in EXTRACTORS:
        facts.extend(extract(reading))
    facts += designation.follows(reading, facts)  # reads what the others found
    unplaced = unplaced_date.extract(reading, facts)  # before _once: a repeated date is placed too
    return _once(facts) + unplaced, [f"{doc.file_name}: {f.evidence.paragraph}: date {f.value!r} not placed"
                              for f in unplaced]


#: Properties with one value per thing: the first statement stands ("Version
#: 4.0" and later "version 4.0" are one label).
SINGLE_VALUED = {"smkg:versionLabel"}


def _once(facts: list[Fact]) -> list[Fact]:
    """Each statement once, with the evidence of where it was first read."""
    seen: set[tuple] = set()
    out = []
    for f in facts:
        key = (f.subject, f.prop) if f.prop in SINGLE_VALUED else (f.subject, f.prop, f.value)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
