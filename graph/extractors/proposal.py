"""smkg:Proposal: what a consultation proposed: the items listed after "The
consultation proposed:", the clause it was consulted on ("consulted on a
revised re-designation date of ..."), or the further proposals a later
paragraph numbers ("DCC also consulted on two further proposals ... The first
... The second ...")."""

from __future__ import annotations

import re

from .. import keys
from ..facts import Fact, Ref
from .common import NUMBER, Reading, number, squash
from .consultation import Introduced, current, introduced

_LIST_LEAD = re.compile(r"\bproposed\s*:", re.I)
_LIST_ITEM = re.compile(r"^[ \t]*\(?([a-z]|[ivx]{1,4})\)[ \t]+", re.M)
_FURTHER = re.compile(rf"\bconsulted\s+on\s+({NUMBER})\s+(?:further\s+|other\s+|additional\s+)?proposals\b", re.I)
_ORDINAL_ITEM = re.compile(r"^\s*The\s+(?:first|second|third|fourth|fifth|sixth)\b", re.I)
# The consultation's own dates after what it was on: "... on this change opened on 10 August".
_ITS_OWN_DATES = re.compile(r"\s+(?:opened|closed|ran|launched|began"
                            r"|(?:was|were)\s+(?:opened|published|launched|issued))\b", re.I)
_PROPOSAL_LEAD = re.compile(r"\b(?:proposing|consult(?:ed|ing)\s+on|consultation\s+on|views\s+on)\s+", re.I)


def extract(r: Reading) -> list[Fact]:
    return _proposals(r, introduced(r))


def _proposals(r: Reading, found: list[Introduced]) -> list[Fact]:
    facts: list[Fact] = []
    for c in (c for c in found if not c.in_passing):
        spans = _listed(r, c) or _clause(r, c)
        for start, end in spans:
            facts += _proposal(r, c.key, start, end)
    for seg in r.body():  # "DCC also consulted on two further proposals. The first ... The second ..."
        sentences = r.sentences(seg)
        for i, (start, end) in enumerate(sentences):
            m = _FURTHER.search(r.view, start, end) if r.says(start, end, "proposals") else None
            c = current(r, start)
            if not m or c is None:
                continue
            wanted = number(m.group(1)) or 0
            following = [s for s in sentences[i + 1:] if _ORDINAL_ITEM.match(r.view[s[0]:s[1]])]
            for s_start, s_end in following[:wanted]:
                facts += _proposal(r, c.key, s_start, s_end)
    return facts


def _proposal(r: Reading, consultation: str, start: int, end: int) -> list[Fact]:
    text = squash(r.view[start:end]).rstrip(".;:,")
    key = keys.proposal(consultation, text)
    return [r.fact(key, "rdf:type", Ref("smkg:Proposal"), start, end),
            r.fact(consultation, "smkg:hasProposal", Ref(key), start, end),
            r.fact(key, "smkg:proposalText", text, start, end)]


def _listed(r: Reading, c: Introduced) -> list[tuple[int, int]]:
    """Items listed after "The consultation proposed:" in the introducing paragraph."""
    seg = c.segment
    lead = _LIST_LEAD.search(r.view, c.start, seg.end)
    if not lead:
        return []
    items = list(_LIST_ITEM.finditer(r.view, lead.end(), seg.end))
    spans = []
    for i, m in enumerate(items):
        stop = items[i + 1].start() if i + 1 < len(items) else seg.end
        text = r.view[m.end():stop]
        spans.append((m.end(), m.end() + len(text.rstrip())))
    return spans


def _clause(r: Reading, c: Introduced) -> list[tuple[int, int]]:
    """What the introducing sentence says was consulted on."""
    m = _PROPOSAL_LEAD.search(r.view, c.start, c.end)
    if not m:
        return []
    end = c.end
    own = _ITS_OWN_DATES.search(r.view, m.end(), end)  # "the consultation on X opened on ...": X is all
    if own:
        end = own.start()
    text = r.view[m.end():end]
    trimmed = re.sub(r"[.!?*®\"'\d]*\s*$", "", text)
    if len(trimmed.split()) < 3:
        return []
    return [(m.end(), m.end() + len(trimmed))]
