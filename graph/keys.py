"""Keys of the things extractors mint, made from what identifies each thing
(never from the file it was read in), so that a consultation stated in two
texts is one node.  A key is ``id:<path>``; :mod:`graph.iris` turns it into an
IRI under ``https://w3id.org/smkg/id/``.  No rdflib here: facts stay plain."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable


def slug(text: str) -> str:
    """Lower case, runs of other characters made one hyphen; a text with no
    letter or digit of the Latin alphabet gets a hash instead, never nothing."""
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-") or digest(text)


def tail(iri: str) -> str:
    """The last path segment of a reference IRI: ``.../organisation/dcc`` gives ``dcc``."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def digest(text: str, length: int = 10) -> str:
    return hashlib.sha256(" ".join(text.split()).lower().encode()).hexdigest()[:length]


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else "undated"


def consultation(runner: str | None, subjects: Iterable[str], opened: dt.date | None,
                 closed: dt.date | None = None, about: str = "") -> str:
    """Who ran it, on what (documents, or a modification's reference), and when
    it opened (or, failing that, closed)."""
    about = "+".join(sorted(tail(s) for s in subjects)) or (slug(about) if about else "unspecified")
    when = opened.isoformat() if opened else f"closed-{closed.strftime('%Y-%m') if closed else 'undated'}"
    return f"id:consultation/{tail(runner) if runner else 'unknown'}/{about}/{when}"


def conclusions(consultation_key: str) -> str:
    return f"{consultation_key}/conclusions"


def proposal(consultation_key: str, text: str) -> str:
    return f"{consultation_key}/proposal/{digest(text)}"


def respondent_group(consultation_key: str, kind: str) -> str:
    return f"{consultation_key}/respondents/{tail(kind)}"


def government_response(consultation_key: str) -> str:
    """The Government's response to one consultation (a letter may answer several)."""
    return f"{consultation_key}/government-response"


def version(document: str, number: str) -> str:
    return f"id:version/{tail(document)}/{number}"


def decision(kind: str, document: str | None, number: str | None, day: dt.date | None, what: str = "") -> str:
    """A decision on a version is known by its kind and the version (a
    designation and a re-designation of one version are one decision; a body
    publishing that version itself is another); otherwise by its kind,
    document and date (and, for an undocumented one, what it was about)."""
    kind = "designation" if kind == "redesignation" else kind
    if document and number:
        return f"id:decision/{kind}/{tail(document)}/{number}"
    about = tail(document) if document else digest(what)
    return f"id:decision/{kind}/{about}/{_day(day)}"


def meeting(body: str | None, day: dt.date | None, what: str = "") -> str:
    return f"id:meeting/{tail(body) if body else digest(what)}/{_day(day)}"


def person(name: str) -> str:
    return f"id:person/{slug(name)}"


def post(title: str, organisation: str | None = None) -> str:
    """A post is known by its title in its organisation: a Director at BEIS is
    not a Director at Ofgem."""
    return f"id:post/{tail(organisation) + '/' if organisation else ''}{slug(title)}"


def uplift(number: str) -> str:
    return f"id:uplift/{number}"


def service_request(number: str) -> str:
    return f"id:service-request/{number}"


def deadline(for_key: str, day: dt.date | None) -> str:
    return f"id:deadline/{for_key.removeprefix('id:').replace('/', '-')}/{_day(day)}"
