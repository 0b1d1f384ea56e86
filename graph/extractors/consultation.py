"""smkg:Consultation: who ran it, when it opened and closed, on which
documents, and the cohorts it concerns (what it proposed and who responded are
read by ``proposal.py`` and ``respondent_group.py``, which ask this module
which consultation a sentence speaks of).

A consultation is *introduced* by a sentence that speaks of consulting and
dates it (a range "between 27 July and 20 August", "On 3 March 2022, DCC
issued a consultation", "The consultation opened on ...", or a table row
"Refinement Consultation | 04/11/2019 - 25/11/2019").  Later sentences (responses, support, conclusions,
meetings) belong to the consultation last introduced before them under the same
heading, unless they name another by its opening date ("its 24 June
consultation")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import dates, keys
from ..facts import Fact, Ref
from ..reference import Match
from ..segments import Segment
from .common import REFERENCE, TODAY, Reading, is_a, unique, when
from .table_rows import cell_dates, row_dates, rows, tables

# Words of consulting; "consul-\ntation" is the word broken at a line end.
_TRIGGER = re.compile(r"\b(?:consult(?:ed|ing|s)?\b|consul-?\s*tation\b"
                      r"|(?:sought|seek(?:s|ing)?)\s+(?:\S+\s+){0,2}views\b|invit\w+\s+(?:views|responses|comments)\b)",
                      re.I)
# "DCC issued a (further) consultation", "BEIS published a consultation ... on 18th July".
_OPENS = re.compile(r"\b(?:issued|launched|launching|published|opened|began|started)\s+(?:a|an|the|its|our|their)?\s*"
                    r"(?:\w+\s+){0,2}?consultation\b", re.I)
# "the consultation on ... that DCC opened on 6 April 2021".
_OPENED_ON = re.compile(r"\bconsultation\b[^.]{0,160}?\b(?:that|which)\s+(?:\S+\s+){0,4}?"
                        r"(?:opened|issued|launched|began|published)\s+(?:it\s+)?(?:on\s+)?$", re.I)
# "The consultation opened on Monday 5 September 2022": the noun first, perhaps with what it was on
# ("DCC's consultation on the SMETS1 Transition and Migration Approach Document (TMAD) opened on"): up
# to sixteen words of the same sentence (a stop only inside a word: "version 1.2"), none a verb or a
# relative that would make them a clause of their own ("... closed on 5 May and the window opened on").
_SUBJECT_WORD = (r"(?!(?:which|that|who|is|are|was|were|has|have|had|will|would|closed|closes|closing|ended|ends"
                 r"|ran|runs|opened|opens|began|started|launched|issued|published)\b)[^\s.]+(?:\.[^\s.]+)*")
_NOUN_FIRST = re.compile(rf"\bconsul-?\s*tation(?:\s+period|\s+(?:on|about)\s+(?:{_SUBJECT_WORD}\s+){{0,15}}?"
                         rf"{_SUBJECT_WORD})?"
                         r"\s+(?:opened|was\s+(?:issued|launched|opened|published)|launched|began|started)"
                         r"\s+(?:on\s+(?:the\s+)?)?$", re.I)
# A body said to run consultations, for later sentences that date them without
# naming it: "DCC ran two consultations ...", "consultations undertaken by the DCC".
_RAN_THEM = re.compile(r"\b(?:ran|held|issued|launched|conducted|undertook|carried\s+out)\s+(?:\w+\s+){0,3}?"
                       r"consultations?\b|\bconsultations?\s+(?:run|held|undertaken|conducted|carried\s+out)\s+by\b",
                       re.I)
_CONSULTED = re.compile(r"\b(?:[A-Z][\w&]*|we)\s+(?:then\s+|also\s+|subsequently\s+)?consulted\s+on\b", re.I)
_OWN_WORDS = re.compile(r"\b(?:we|our|its\s+own|the\s+Government|the\s+Department)\b", re.I)
# "The consultation ran for four weeks from 30 May 2023".
_RAN_FROM = re.compile(r"\b(?:ran|runs|running|was\s+open|is\s+open|opened)\s+(?:for\s+\S+\s+\S+\s+)?from\s+$", re.I)
# The close stated in the same breath: "..., closing on 27 June", "until 11 June".
_THEN_CLOSING = re.compile(r"\b(?:closing|closed|closes|concluded|ended|until|till|to)\s+(?:on\s+)?(?:the\s+)?$", re.I)
_SAID_CLOSED = re.compile(r"\bclos(?:ed|ing)\b|\bended\b", re.I)
_YESTERDAY = re.compile(r"\byesterday\b", re.I)
_CLOSED_NOW = re.compile(r"\bconsultation\s+(?:has\s+)?closed\b", re.I)
# "In its consultation, which closed on 12 February 2021, BEIS sought views": known by its close.
_CLOSED_CLAUSE = re.compile(r"\bconsultation\b[^.]{0,40}?\b(?:which|that)\s+(?:closed|ended|ran\s+until)\s+(?:on\s+)?$",
                            re.I)
# Labelled fields of a notice: "Opens: 20 November 2020", "Closes: 11 December 2020, 17:00".
_OPENS_LABEL = re.compile(r"^[ \t]*(?:Opens|Opened|Opening[ \t]+date|Consultation[ \t]+opens|Start(?:s|[ \t]+date)?)"
                          r"[ \t]*:[ \t]*", re.I | re.M)
_CLOSES_LABEL = re.compile(r"^[ \t]*(?:Closes|Closed|Closing[ \t]+date|Consultation[ \t]+closes|Deadline"
                           r"|End(?:s|[ \t]+date)?)[ \t]*:[ \t]*", re.I | re.M)
_NOT_OPENING = re.compile(r"\b(?:by|until|till|before|closes?|closed|closing|due|deadline|conclude|respond)\b"
                          r"[^.]{0,25}$", re.I)
# "Consultation opened on changes to ...", "Refinement Consultation issued": the noun, then the verb.
_ENTRY_RANGE = re.compile(r"\s*[-–—]\s*")
_NOUN_OPENED = re.compile(r"\bconsultation\s+(?:opened|issued|launched|began|started|published)\b", re.I)
_RANGE_LINK = re.compile(r"^\s*(?:and|to|until|till|–|—|-)\s*$", re.I)
_RANGE_LEAD = re.compile(r"\b(?:between|from|over\s+the\s+period|during\s+the\s+period)\s*$", re.I)
# How a text closes a consultation, strongest first: "closed on", an extended
# deadline, "closes on" (as planned), a deadline for responses.
_CLOSED = re.compile(r"\b(?:closed|ended|ran\s+until|was\s+open\s+until|remained\s+open\b[^.]{0,40}?\buntil)\b"
                     r"[^.]{0,30}$", re.I)
_EXTENDED = re.compile(r"\b(?:extended|moved|changed|put\s+back)\b[\s\S]*\bto\s+(?:\S+\s+){0,3}$", re.I)
_CLOSES = re.compile(r"\b(?:closes|closing(?:\s+date)?|ends|(?:runs|is\s+open|remains\s+open)\s+until)\b[^.]{0,30}$",
                     re.I)
_DEADLINE = re.compile(r"\b(?:respon\w*|reply|replies|views|comments)\b[\s\S]*\b(?:by|before|until|no\s+later\s+than)"
                       r"\s+(?:\S+\s+){0,4}$", re.I)
# A consultation named by its opening date.
_NAMED = re.compile(r"\b(?:its|the|our|their)\s+(\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+(?:\s+\d{4})?)\s+consultation\b")
# An earlier consultation named in passing, known only by when it ended.
_IN_PASSING = re.compile(r"\b(?:a|an|the|its)\s+(?:(government|[A-Z][\w&]*)\s+)?consultation\s+(?:that|which)\s+"
                         r"(?:concluded|closed|ended)\s+(?:in|on)\s+", re.I)
# Between two documents consulted on together: "the TMAD and the SVTAD", "TMAD, SVTAD".
# ... or each with its own detail: "the TMAD on 16 June 2022 and the SVTAD on 30 June 2022".
_JOINED = re.compile(r"^[\s,()]*(?:(?:and|&)\s+)?(?:to\s+)?(?:the\s+)?$|^[^.;]{0,40}\band\s+(?:to\s+)?(?:the\s+)?$",
                     re.I)
_PLANNED = re.compile(r"\(?\b(?:planned|proposed|provisional|tbc|to be confirmed)\b\)?", re.I)
_RUNNER_TYPES = ("GovernmentDepartment", "DCCLicensee", "Regulator", "CodeBody")
_NOT_SUBJECT = ("CodeSection", "LicenceCondition", "Act")


@dataclass(frozen=True)
class Introduced:
    """A consultation as a text introduces it."""

    key: str
    start: int  # the introducing sentence
    end: int
    segment: Segment
    runner: Match | None  # None: the text's author
    subjects: tuple[Match, ...]
    opened: object  # DateMention | None
    closed: object
    in_passing: bool = False  # "followed a government consultation that concluded in February"


def _runner(r: Reading, start: int, trigger: int, end: int) -> Match | None:
    """The body named before the consulting words ("DCC sought views"), else
    the first named after them ("the consultation that BEIS ran", "a
    consultation by Ofgem"); None means the text's own author ("its
    consultation", "we are consulting")."""
    before = [m for m in r.mentions(start, trigger, {"organisation"}) if is_a(m, *_RUNNER_TYPES)]
    if before:
        return before[-1]
    after = [m for m in r.mentions(trigger, end, {"organisation"}) if is_a(m, *_RUNNER_TYPES)]
    if after and re.search(r"\b(?:by|that|which)\s+(?:the\s+)?[^.]{0,80}$", r.view[trigger:after[0].start]) \
            and not re.search(r"\b(?:to|from|with|of)\s+(?:the\s+)?$", r.view[trigger:after[0].start]):
        return after[0]
    return None


def _subjects(r: Reading, seg: Segment, start: int, end: int) -> tuple[Match, ...]:
    """The documents consulted on: the first named after the consulting words
    with any joined to it ("the TMAD and SVTAD"), else those of the sentence
    before, else those of the heading the paragraph stands under.  A document
    named further on ("the annex that maps ... of the S1SR") is context, not
    subject; "into the SEC" says where a document goes, so the code itself
    counts only when nothing else is named."""
    def documents(found: list[Match]) -> list[Match]:
        found = [m for m in found if not is_a(m, *_NOT_SUBJECT)]
        chained = found[:1]
        for m in found[1:]:
            if not _JOINED.match(r.view[chained[-1].end:m.start]):
                break
            chained.append(m)
        if len({m.entry.iri for m in chained}) > 1:
            chained = [m for m in chained if not is_a(m, "Code")] or chained
        return chained
    kinds = {"document", "licence"}
    found = documents(r.mentions(start, end, kinds))
    before = [b for s in r.body() if s.start <= start for b in r.sentences(s) if b[1] <= start]
    if not found and before:  # "DCC is seeking views on the DMVES. The consultation opened on ..."
        found = documents(r.mentions(*before[-1], kinds))
    heading = r.heading_of(seg)
    if not found and heading:
        found = documents(r.mentions(heading.start, heading.end, kinds))
    title = r.memo.get("title_span")
    if not found and title:  # "Conclusions: TMAD changes for FOC tranche 4"
        found = documents(r.mentions(*title, kinds))
    return tuple(unique(found))


def _dates_of(r: Reading, start: int, end: int, trigger: int):
    """(opened, closed): a range ("between 27 July and 20 August 2021", "ran
    from ... to ..."), or an opening ("On 3 March 2022, DCC issued a
    consultation", "published a consultation ... on 18th July", "the
    consultation ... that DCC opened on 6 April 2021")."""
    found = [m for m in r.dates(start, end) if m.date is not None and m.precision == "day"]
    for a, b in zip(found, found[1:]):
        if _RANGE_LINK.match(r.view[a.end:b.start]) and (_RANGE_LEAD.search(r.view[max(start, a.start - 25):a.start])
                                                          or a.start - start < 4):
            return a, b
    opens = _OPENS.search(r.view, start, end)
    leading = found and re.fullmatch(r"\s*(?:on(?:\s+the)?)?\s*", r.view[start:found[0].start], re.I)
    if opens and leading and found[0].start < opens.start():
        return found[0], None
    for d in found:
        lead = r.view[start:d.start]
        if (opens and d.start > opens.end() and not _NOT_OPENING.search(lead)) or _OPENED_ON.search(lead) \
                or _NOUN_FIRST.search(lead) or _RAN_FROM.search(lead):
            return d, _closed_after(r, found, d)
    noun_opened = _NOUN_OPENED.search(r.view, start, end)
    entry = entry_date(r, start)
    until = _ENTRY_RANGE.match(r.view, start, end)  # a log line "3 April 2023 - 24 April 2023 .... Consultation"
    if entry and until and found and found[0].start == until.end():
        return entry, found[0]
    if noun_opened and entry:  # a log entry "Refinement Consultation issued (closed 2023-01-30; ...)"
        return entry, next((d for d in found if _THEN_CLOSING.search(r.view[noun_opened.end():d.start])), None)
    if opens and not found:  # "DCC launched a consultation ..." in a log entry: opened on the entry's date
        today = TODAY.search(r.view, start, end)
        if today and r.date:  # "BEIS has today launched a consultation"
            return dates.DateMention(today.start(), today.end(), r.doc.text[today.start():today.end()], r.today(start),
                                     "day", False), None
        return entry_date(r, start), None
    return None, None


def _closed_after(r: Reading, found: list, opened):
    """The close given in the same sentence as the opening: "from 30 May 2023, closing on 27 June".
    A date before the opening counts only when the text says "closed" or "closing" outright: it
    is then the text's own inconsistency, for the consistency rules to report."""
    for d in found:
        link = _THEN_CLOSING.search(r.view[opened.end:d.start]) if d.start > opened.end else None
        if link and (d.date >= opened.date or _SAID_CLOSED.search(link.group(0))):
            return d
    return None


def entry_date(r: Reading, offset: int):
    """The date heading the update-log entry at ``offset`` ("03/04/2023"), if any."""
    seg = r.segment_at(offset)
    heading = r.heading_of(seg) if seg is not None and seg.label.startswith("update ") else None
    found = [d for d in r.dates(heading.start, heading.end) if d.date] if heading else []
    return found[0] if found else None


def introduced(r: Reading) -> list[Introduced]:
    def compute() -> list[Introduced]:
        out: list[Introduced] = []
        said_to_run = None  # the body a text said ran consultations
        pending = None  # a consultation named in one sentence and dated in the next
        for seg in r.body():
            for start, end in r.sentences(seg):
                ran = _RAN_THEM.search(r.view, start, end)
                named = [m for m in r.mentions(start, end, {"organisation"}) if is_a(m, *_RUNNER_TYPES)] if ran else []
                if named:
                    said_to_run = min(named, key=lambda m: abs(m.start - ran.start()))
                trigger = _TRIGGER.search(r.view, start, end)
                if not trigger:
                    continue
                opened, closed = _dates_of(r, start, end, trigger.start())
                runner = _runner(r, start, trigger.start(), end)
                if runner is None and said_to_run is not None and not _OWN_WORDS.search(r.view, start, end):
                    runner = said_to_run
                if opened is None and closed is None and _CONSULTED.search(r.view, start, end):
                    pending = (start, end, seg, runner)  # "BEIS then consulted on ...": dated in what follows
                    continue
                if opened is None and pending and pending[2] is seg:
                    closed = _closed_only(r, start, end) or next(
                        (d for d in r.dates(start, end) if d.date and _CLOSED.search(r.view[start:d.start])), None)
                    if closed is not None:
                        p_start, p_end, _, p_runner = pending
                        subjects = _subjects(r, seg, p_start, p_end)
                        key = keys.consultation(p_runner.entry.iri if p_runner else r.memo.get("author"),
                                                [m.entry.iri for m in subjects], None, closed.date)
                        out.append(Introduced(key, p_start, end, seg, p_runner, subjects, None, closed))
                        pending = None
                        continue
                if opened is None:
                    closed = _closed_only(r, start, end)
                    earlier = [c for c in out if not c.in_passing and c.segment.section == seg.section]
                    # "the consultation, which closed on ..." speaks of the one before, unless run by another
                    if closed is None or earlier and (runner is None or earlier[-1].runner is None
                                                      or earlier[-1].runner.entry.iri == runner.entry.iri):
                        out += _in_passing(r, seg, start, end)
                        continue
                runner_iri = runner.entry.iri if runner else r.memo.get("author")
                subjects = _subjects(r, seg, trigger.start(), end)
                key = keys.consultation(runner_iri, [m.entry.iri for m in subjects], opened and opened.date,
                                        closed and closed.date)
                out.append(Introduced(key, start, end, seg, runner, subjects, opened, closed))
        return out + [c for c in _labelled(r) if c.key not in {o.key for o in out}]
    return r.once("consultations", compute)


def _closed_only(r: Reading, start: int, end: int):
    """The close of a consultation a sentence knows only by it ("In its
    consultation, which closed on 12 February 2021, BEIS sought views")."""
    return next((d for d in r.dates(start, end) if d.date and d.precision == "day"
                 and _CLOSED_CLAUSE.search(r.view[start:d.start])), None)


def _labelled(r: Reading) -> list[Introduced]:
    """A notice that gives its dates as fields ("Opens: 20 November 2020",
    "Closes: 11 December 2020, 17:00") and speaks of consulting."""
    opens = _OPENS_LABEL.search(r.view)
    trigger = next((m for seg in r.body() for m in _TRIGGER.finditer(r.view, seg.start, seg.end)), None)
    seg = r.segment_at(opens.start()) if opens else None
    opened = next((d for d in r.dates(opens.end(), opens.end() + 40) if d.date), None) if opens else None
    if not (opened and trigger and seg):
        return []
    closes = _CLOSES_LABEL.search(r.view, opens.end())
    closed = next((d for d in r.dates(closes.end(), closes.end() + 40) if d.date), None) if closes else None
    subjects = _subjects(r, seg, trigger.start(), r.sentence_at(trigger.start())[1])
    key = keys.consultation(r.memo.get("author"), [m.entry.iri for m in subjects], opened.date)
    return [Introduced(key, opens.start(), opened.end, seg, None, subjects, opened, closed)]


def _in_passing(r: Reading, seg: Segment, start: int, end: int) -> list[Introduced]:
    m = _IN_PASSING.search(r.view, start, end)
    closed = next((d for d in r.dates(m.end(), end) if d.start == m.end() and d.date), None) if m else None
    if closed is None:
        return []
    named = r.mentions(m.start(), m.end(), {"organisation"})
    runner = named[0] if named else None
    runner_iri = runner.entry.iri if runner else r.memo.get("author")
    key = keys.consultation(runner_iri, [], None, closed.date)
    return [Introduced(key, m.start(), end, seg, runner, (), None, closed, in_passing=True)]


def current(r: Reading, offset: int) -> Introduced | None:
    """The consultation the sentence at ``offset`` speaks of: one it names by
    its opening date ("its 24 June consultation"), else the last introduced
    before it under the same heading."""
    return r.once(f"current {offset}", lambda: _current(r, offset))


def _current(r: Reading, offset: int) -> Introduced | None:
    found = [c for c in introduced(r) if not c.in_passing]
    start, end = r.sentence_at(offset)
    for m in _NAMED.finditer(r.view, start, end):
        day = next((d for d in r.dates(m.start(1), m.end(1)) if d.date), None)
        named = [c for c in found if day and c.opened and c.opened.date == day.date]
        if named:
            return named[0]
    here = r.order(offset)
    earlier = sorted((c for c in found if r.order(c.start) <= here), key=lambda c: r.order(c.start))
    if not earlier:
        return None
    seg = r.segment_at(offset)
    # In a letter a new heading ("Changes to the SMETS1 TMAD") starts a new
    # matter; a web page's headings ("How to respond") go on with the same one.
    if seg is not None and seg.label.isdigit() and earlier[-1].segment.section != seg.section:
        return None
    return earlier[-1]


def extract(r: Reading) -> list[Fact]:
    facts: list[Fact] = []
    found = introduced(r)
    for c in found:
        facts += _introduction(r, c)
    return facts + _from_tables(r)


def _from_tables(r: Reading) -> list[Fact]:
    """A table row naming a consultation with its two dates ("| Refinement
    Consultation | 04/11/2019 - 25/11/2019 | 7 responses |"); a planned one is
    not yet a consultation."""
    facts: list[Fact] = []
    reference = REFERENCE.search(r.memo.get("title", ""))  # a modification record names its modification
    for seg in tables(r):
        for row in rows(r, seg):
            column = row.column("consultation")  # "| Consultation |" column: "RC 07/06/21-28/06/21"
            named = next((c for c in row.cells if re.search(r"\bconsultation\b", c.text, re.I)), None)
            if column is not None and len(cell_dates(r, column)) >= 2:
                named, dated = column, cell_dates(r, column)
            else:
                dated = row_dates(r, row)
            if named is None or len(dated) < 2 or _PLANNED.search(row.text):
                continue
            opened, closed = dated[0], dated[1]
            about = REFERENCE.search(row.text) or reference
            key = keys.consultation(r.memo.get("author"), [], opened.date, about=about.group(0) if about else "")
            facts += [r.fact(key, "rdf:type", Ref("smkg:Consultation"), row.start, row.end),
                      r.fact(key, "dcterms:title", named.text, named.start, named.end),
                      r.fact(key, "smkg:openedOn", when(opened), opened.start, opened.end, stated_as=opened.printed),
                      r.fact(key, "smkg:closedOn", when(closed), closed.start, closed.end, stated_as=closed.printed)]
            if r.memo.get("author"):
                facts.append(r.fact(key, "smkg:runBy", Ref(r.memo["author"]), row.start, row.end))
            counted = row.column("resp")
            count = re.match(r"\s*(\d{1,3})\b", counted.text) if counted else None
            count = count or re.search(r"\b(\d{1,3})\s+responses?\b", row.text)
            if count:
                facts.append(r.fact(key, "smkg:responseCount", int(count.group(1)), row.start, row.end))
            if re.search(r"\ball\s+(?:respondents\s+were\s+)?supportive\b", row.text, re.I):
                level = r.gazetteer.lookup("all supportive", {"support"})
                if level:
                    facts.append(r.fact(key, "smkg:support", Ref(level.iri), row.start, row.end))
    return facts


def _introduction(r: Reading, c: Introduced) -> list[Fact]:
    k = c.key
    facts = [r.fact(k, "rdf:type", Ref("smkg:Consultation"), c.start, c.end)]
    if c.runner is not None:
        facts.append(r.mention_fact(k, "smkg:runBy", c.runner))
    elif r.memo.get("author"):
        facts.append(r.fact(k, "smkg:runBy", Ref(r.memo["author"]), c.start, c.end))
    if c.opened is not None:
        facts.append(r.fact(k, "smkg:openedOn", when(c.opened), c.opened.start, c.opened.end,
                            stated_as=c.opened.printed))
    if c.closed is not None:
        facts.append(r.fact(k, "smkg:closedOn", when(c.closed), c.closed.start, c.closed.end,
                            stated_as=c.closed.printed))
    facts += [r.mention_fact(k, "smkg:subjectDocument", m) for m in c.subjects]
    cohorts = unique(r.mentions(c.segment.start, c.segment.end, {"cohort"}))
    facts += [r.mention_fact(k, "smkg:concernsCohort", m) for m in cohorts]
    if c.closed is None and c.opened is not None:  # a notice gives the close as a response deadline
        facts += _closing(r, c)
    return facts


def _closing(r: Reading, c: Introduced) -> list[Fact]:
    """The close of a consultation introduced by its opening alone: "closed
    on" beats an extended deadline, which beats the first deadline given."""
    best = None
    for seg in r.body():
        for start, end in r.sentences(seg):
            speaks_of = current(r, start)
            if speaks_of is None or speaks_of.key != c.key:
                continue
            entry = entry_date(r, start)
            if entry and not r.dates(start, end) and _CLOSED_NOW.search(r.view, start, end):
                yesterday = _YESTERDAY.search(r.view, start, end)  # "The consultation closed yesterday."
                day = dates.DateMention(yesterday.start(), yesterday.end(), yesterday.group(0),
                                        entry.date - dt.timedelta(days=1), "day", False) if yesterday else entry
                best = max(best or (0, None), (4, day), key=lambda b: b[0])  # "Consultation closed." that day
            for d in r.dates(start, end):
                if not d.date or d.precision != "day" or d.start == c.opened.start:
                    continue
                lead = r.view[start:d.start]
                strength = next((4 - i for i, p in enumerate((_CLOSED, _EXTENDED, _CLOSES, _DEADLINE))
                                 if p.search(lead)), 0)
                if d.date < c.opened.date and strength < 4:  # only "closed on" is taken as said, even if early
                    continue
                if strength and (best is None or strength > best[0]):
                    best = (strength, d)
    if best is None:
        return []
    d = best[1]
    return [r.fact(c.key, "smkg:closedOn", when(d), d.start, d.end, stated_as=d.printed)]


