"""smkg:ServiceRequest: a DCC service request by number ("SRV 1.6 Update
Payment Mode"), with its name where the text gives it."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref
from .common import Reading

_SRV = re.compile(r"\bSRV\s?(\d{1,2}(?:\.\d{1,2}){0,2})\b(?:[ \t]+((?:[A-Z][a-z]+[ \t]?){1,4}))?")


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    for seg in r.body():
        if r.view.find("SRV", seg.start, seg.end) == -1:  # as every match: most segments do not
            continue
        for m in _SRV.finditer(r.view, seg.start, seg.end):
            key = keys.service_request(m.group(1))
            facts += [r.fact(key, "rdf:type", Ref("smkg:ServiceRequest"), m.start(), m.end()),
                      r.fact(key, "smkg:serviceRequestNumber", m.group(1), m.start(1), m.end(1)),
                      r.fact(key, "skos:prefLabel", f"SRV {m.group(1)}", m.start(), m.end(1)),
                      r.fact("text", "smkg:mentions", Ref(key), m.start(), m.end())]
            if m.group(2):
                name = m.group(2).strip()
                facts.append(r.fact(key, "dcterms:title", name, m.start(2), m.start(2) + len(name)))
    return facts
