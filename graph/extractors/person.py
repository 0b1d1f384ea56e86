"""smkg:Person and smkg:Post: the signatory, their post, and whom they act for."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref
from .common import Reading, squash

# A person's name: a given name, then one to ``more`` names, each perhaps with a prefix ("McLeish",
# "MacAulay", "O'Neill", "D'Souza"), hyphenated ("Lloyd-Hughes") or after a particle ("van der Berg",
# "de Souza"); in running text the words may be wrapped onto the next line, but not across a blank one.
_LINE_SPACE = r"[ \t]+"
_WRAPPED_SPACE = r"(?:[ \t]+|[ \t]*\n(?![ \t]*\n)[ \t]*)"
# Letters of names in Latin scripts, accented ones included ("Müller", "Zoë", "Álvarez", "Łukasz"); Latin
# Extended-A alternates capitals and small letters, so its whole block counts as either.
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ž"
_LOWER = "a-zß-öø-ÿĀ-ž"
_SURNAME = rf"(?:Mc|Mac|O['’]|D['’])?[{_UPPER}][{_LOWER}'’]+"


def person_name(more: int, space: str = _LINE_SPACE) -> str:
    particles = rf"(?:(?:de|da|di|du|del|della|van|von|der|den|ter|le|la){space}){{0,2}}"
    given = rf"[{_UPPER}][{_LOWER}]+"
    return rf"{given}(?:-{given})?(?:{space}{particles}{_SURNAME}(?:-{_SURNAME})?){{1,{more}}}"


# A name on a line of its own: "Duncan Stone", "Fiona McLeish", "Siobhan O'Neill".
_NAME = re.compile(r"^[ \t]*(?:(?:Dr|Mr|Mrs|Ms|Miss|Sir|Dame|Professor)\.?[ \t]+)?"
                   rf"({person_name(3)})[ \t]*$", re.M)
_ON_BEHALF = re.compile(r"act\s+on\s+behalf\s+of\s+(the\s+Secretary\s+of\s+State|[A-Z][\w&]*(?:\s+[A-Z][\w&]*)*)")


# A person named in running text with their post: "contact Hannah Okafor,
# SMETS1 Regulatory Manager, at ...".
# The post may be wrapped onto the next line too ("SMETS1 Regulatory\nLead").
_POST_CHAR = r"(?:[^,.\n]|\n(?![ \t]*\n))"
_CONTACT = re.compile(rf"\b(?:contact|from|by|with)\s+({person_name(2, _WRAPPED_SPACE)}),\s+"
                      rf"([A-Z]{_POST_CHAR}{{2,60}}?)(?=,|\s+at\b|\.)")


# Under a "Contact" heading, the name opens a line: "Tomasz Wielgosz, SMETS1 Regulatory Lead, ...".
_CONTACT_HEADING = re.compile(r"[ \t]*(?:\d{1,2}\.[ \t]*)?(?:Contacts?|Enquiries|Further information|Questions)\b",
                              re.I)
# A line ends the post unless the next goes on with it up to a comma and an address ("SMETS1 Regulatory\n
# Lead, consultations@...").
_LISTED = re.compile(rf"^[ \t]*({person_name(2)}),[ \t]+([A-Z]{_POST_CHAR}{{2,60}}?)"
                     r"(?=,|\s+at\b|\s+[-–—]\s|\.|$(?!\n[ \t]*[^\n,]{1,40},[ \t]*\S+@))", re.M)


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
            name, title = squash(m.group(1)), squash(m.group(2))  # wrapped over two lines, perhaps
            person, post = keys.person(name), keys.post(title, r.memo.get("author"))
            facts += [r.fact(person, "rdf:type", Ref("smkg:Person"), m.start(1), m.end(1)),
                      r.fact(person, "foaf:name", name, m.start(1), m.end(1)),
                      r.fact("text", "smkg:mentions", Ref(person), m.start(1), m.end(1)),
                      r.fact(post, "rdf:type", Ref("smkg:Post"), m.start(2), m.end(2)),
                      r.fact(post, "smkg:postTitle", title, m.start(2), m.end(2)),
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
