"""Version numbers as printed ("v17.0", "AL 3.0", "Version 4.0") and the
smkg:DocumentVersion facts that go with them."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref
from .common import Reading

# A version as printed carries a prefix ("Version", "v", an appendix letter pair):
# a bare "2.2" may be an uplift or a section number.
_PREFIXED = re.compile(r"\b(?:[Vv]ersion\s+(?:[A-Z]{1,2}\s+)?|[Vv]\.?\s?|[A-Z]{2}\s+)\d{1,3}\.\d{1,3}(?![\d.]*\d)")


def versions_in(r: Reading, start: int, end: int) -> list[re.Match]:
    """Printed versions in view[start:end] that carry a prefix (a bare "2.2"
    is not a version: it may be an uplift or a section number)."""
    return list(_PREFIXED.finditer(r.view, start, end))


def number_of(printed: str) -> str:
    return re.search(r"\d{1,3}\.\d{1,3}", printed).group(0)


def version_order(number: str) -> int:
    """``smkg:versionOrder``: "10.1" -> 10_001_000, so that 9.0 comes before 10.0."""
    parts = [int(p) for p in number.split(".")[:3]] + [0, 0]
    return parts[0] * 1_000_000 + parts[1] * 1_000 + parts[2]


def label(printed: str) -> str:
    """The printed label, white space and the case of "Version" normalised, so
    that "version 4.0" in one text and "Version 4.0" in another are one label."""
    return re.sub(r"^version\b", "Version", " ".join(printed.split()), flags=re.I)


def version_facts(r: Reading, document: str, printed: str, start: int, end: int) -> tuple[str, list[Fact]]:
    """The key of the version of ``document`` printed at [start, end), and its facts."""
    number = number_of(printed)
    key = keys.version(document, number)
    return key, [r.fact(key, "rdf:type", Ref("smkg:DocumentVersion"), start, end),
                 r.fact(key, "dcterms:isVersionOf", Ref(document), start, end),
                 r.fact(key, "smkg:versionLabel", label(printed), start, end),
                 r.fact(key, "smkg:versionNumber", number, start, end),
                 r.fact(key, "smkg:versionOrder", version_order(number), start, end)]
