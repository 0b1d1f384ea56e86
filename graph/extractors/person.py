"""smkg:Person and smkg:Post: the signatory, their post, and whom they act for."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref
from .common import Reading, squash

# A name on a line of its own: "Duncan Stone", "Fiona McLeish", "Siobhan O'Neill".
_NAME = re.compile(r"^[ \t]*(?:(?:Dr|Mr|Mrs|Ms|Miss|Sir|Dame|Professor)\.?[ \t]+)?"
                   r"([A-Z][a-z]+(?:[ \t]+(?:Mc|Mac|O'|D')?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?){1,3})[ \t]*$", re.M)
_ON_BEHALF = re.compile(r"act\s+on\s+behalf\s+of\s+(the\s+Secretary\s+of\s+State|[A-Z][\w&]*(?:\s+[A-Z][\w&]*)*)")


# A person named in running text with their post: "contact Hannah Okafor,
# SMETS1 Regulatory Manager, at ...".
_CONTACT = re.compile(r"\b(?:contact|from|by|with)\s+([A-Z][a-z]+(?:[ \t]+[A-Z][a-z'-]+){1,2}),[ \t]+"
                      r"([A-Z][^,.\n]{2,60}?)(?=,|\s+at\b|\.)")


# Under a "Contact" heading, the name opens a line: "Tomasz Wielgosz, SMETS1 Regulatory Lead, ...".
_CONTACT_HEADING = re.compile(r"[ \t]*(?:\d{1,2}\.[ \t]*)?(?:Contacts?|Enquiries|Further information|Questions)\b",
                              re.I)
_LISTED = re.compile(r"^[ \t]*([A-Z][a-z]+(?:[ \t]+[A-Z][a-z'-]+){1,2}),[ \t]+([A-Z][^,.\n]{2,60}?)"
                     r"(?=,|\s+at\b|\s+[-–—]\s|\.|$)", re.M)


def extract(r: Reading) -> list[Fact]:
    return _signatory(r) + _contacts(r)


def _contacts(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    for seg in r.body():
        heading = r.heading_of(seg)
        under_contact = (heading is not None and _CONTACT_HEADING.match(r.view, heading.start)) \
            or _CONTACT_HEADING.match(r.view, seg.start)  # "5. Contact" opening a numbered paragraph
        patterns = (_CONTACT, _LISTED) if under_contact else (_CONTACT,)
        for m in (m for p in patterns for m in p.finditer(r.view, seg.start, seg.end)):
            if r.mentions(m.start(1), m.end(1)):
                continue  # a known body, not a person
            person, post = keys.person(m.group(1)), keys.post(m.group(2), r.memo.get("author"))
            facts += [r.fact(person, "rdf:type", Ref("smkg:Person"), m.start(1), m.end(1)),
                      r.fact(person, "foaf:name", m.group(1), m.start(1), m.end(1)),
                      r.fact("text", "smkg:mentions", Ref(person), m.start(1), m.end(1)),
                      r.fact(post, "rdf:type", Ref("smkg:Post"), m.start(2), m.end(2)),
                      r.fact(post, "smkg:postTitle", squash(m.group(2)), m.start(2), m.end(2)),
                      r.fact(person, "smkg:holdsPost", Ref(post), m.start(2), m.end(2))]
    return facts


def _signatory(r: Reading) -> list[Fact]:
    sig = r.first("signature")
    if not sig:
        return []
    text = r.doc.text
    names = [m for m in _NAME.finditer(text, sig.start, sig.end) if not m.group(1).startswith("Yours")]
    if not names:
        return []
    name = names[0]
    facts = [r.fact("person", "foaf:name", name.group(1), name.start(1), name.end(1)),
             r.fact("text", "smkg:signatory", Ref("person"), name.start(1), name.end(1)),
             r.fact("text", "smkg:mentions", Ref("person"), name.start(1), name.end(1))]
    # The post: the lines after the name, up to a blank line or a parenthesis.
    rest = text[name.end():sig.end]
    block = re.match(r"\s*((?:[^\n(]+\n?)+?)(?:\n\s*\n|\(|$)", rest)
    if block and block.group(1).strip():
        start = name.end() + block.start(1)
        end = start + len(block.group(1).rstrip())
        title = squash(text[start:end])
        facts.append(r.fact("post", "smkg:postTitle", title, start, end))
        facts.append(r.fact("person", "smkg:holdsPost", Ref("post"), start, end))
    behalf = _ON_BEHALF.search(r.view, sig.start, sig.end)
    if behalf:
        found = r.mentions(behalf.start(1), behalf.end(1), {"organisation"})
        if found:
            facts.append(r.mention_fact("person", "smkg:actsOnBehalfOf", found[0]))
    return facts
