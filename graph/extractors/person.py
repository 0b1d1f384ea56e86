"""smkg:Person and smkg:Post: the signatory, their post, and whom they act for."""

from __future__ import annotations

import re

from ..documents import Document
from ..facts import Fact, Ref
from ..reference import load_gazetteer
from ..segments import Segment
from .common import evidence, first

_NAME = re.compile(r"^[ \t]*([A-Z][a-z]+(?:[ \t]+[A-Z][a-z'’-]+){1,3})[ \t]*$", re.M)
_ON_BEHALF = re.compile(r"act\s+on\s+behalf\s+of\s+the\s+(Secretary\s+of\s+State)", re.I)


def extract(doc: Document, segments: list[Segment]) -> list[Fact]:
    sig = first(segments, "signature")
    if not sig:
        return []
    text = doc.text
    facts: list[Fact] = []
    names = [m for m in _NAME.finditer(text, sig.start, sig.end) if not m.group(1).startswith("Yours")]
    if not names:
        return []
    name = names[0]
    facts.append(Fact("person", "foaf:name", name.group(1), evidence(doc, sig, name.start(1), name.end(1))))
    facts.append(Fact("text", "smkg:signatory", Ref("person"), evidence(doc, sig, name.start(1), name.end(1))))
    # The post: the lines after the name, up to a blank line or a parenthesis.
    rest = text[name.end():sig.end]
    block = re.match(r"\s*((?:[^\n(]+\n?)+?)(?:\n\s*\n|\(|$)", rest)
    if block and block.group(1).strip():
        s = name.end() + block.start(1)
        e = name.end() + block.end(1)
        title = " ".join(text[s:e].split())
        post_evidence = evidence(doc, sig, s, len(text[:e].rstrip()))
        facts.append(Fact("post", "smkg:postTitle", title, post_evidence))
        facts.append(Fact("person", "smkg:holdsPost", Ref("post"), post_evidence))
    behalf = _ON_BEHALF.search(text, sig.start, sig.end)
    if behalf:
        entry = load_gazetteer().lookup(" ".join(behalf.group(1).split()), {"organisation"})
        if entry:
            facts.append(Fact("person", "smkg:actsOnBehalfOf", Ref(entry.iri),
                              evidence(doc, sig, behalf.start(1), behalf.end(1))))
    return facts
