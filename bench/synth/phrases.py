"""Sentences several genres share: how a text names documents, cohorts and
devices, states a consultation (who ran it, when, on what), its responses
and the conclusions sent on it, and ordinary filler that states nothing.

Each function writes through a :class:`~bench.synth.text.Doc` (so that the
names and dates it prints are recorded) and fills in, on the
:class:`~bench.synth.gold.Consultation` it is given, exactly what the
sentence states."""

from __future__ import annotations

import datetime as dt
import random

from .gold import Consultation
from .text import Doc
from .world import COHORT_YEARS, COHORTS, DEVICES, DOCUMENTS, ORGS, PURPOSES, add_months, words

# --- names ----------------------------------------------------------------------


def full_doc(d: Doc, name: str, short: bool = True, ocr: bool = False) -> str:
    """A document's long name, with its short name in brackets: "the SMETS1
    Transition and Migration Approach Document (TMAD)"."""
    g = DOCUMENTS[name]
    if ocr and g.ocr and d.rng.random() < 0.5:
        long = d.rng.choice([o for o in g.ocr if len(o.split()) > 2] or g.full)
    else:
        long = d.rng.choice(g.full)
    if name == "SVTAD":
        return d.doc(name, long)
    if short:
        abbr = g.short[0] if not (ocr and d.rng.random() < 0.4 and name == "S1SR") else d.rng.choice(g.ocr[:2])
        return d.doc(name, f"{long} ({abbr})")
    return d.doc(name, long)


def short_doc(d: Doc, name: str, ocr: bool = False) -> str:
    g = DOCUMENTS[name]
    if ocr and name == "S1SR" and d.rng.random() < 0.4:
        return d.doc(name, d.rng.choice(("SlSR", "SI1SR")))
    return d.doc(name, g.short[0] if d.rng.random() < 0.75 else d.rng.choice(g.short))


def docs_phrase(d: Doc, names: list[str], first: bool = True, ocr: bool = False) -> str:
    """"the TMAD and the SMETS1 SVTAD": documents consulted on together."""
    parts = [("the " + (full_doc(d, n, ocr=ocr) if first else short_doc(d, n, ocr=ocr))) for n in names]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def org(d: Doc, name: str, surface: str | None = None) -> str:
    return d.org(name, surface or d.rng.choice(ORGS[name]))


def dcc(d: Doc, start: bool = False) -> str:
    """The DCC as a sentence names it (capitalised at the start of a sentence)."""
    s = d.rng.choice(("DCC", "DCC", "DCC", "the DCC", "Smart DCC"))
    s = d.org("DCC", s)
    return s[0].upper() + s[1:] if start else s


def cohorts_on(on: dt.date) -> list[str]:
    return [c for c, (a, b) in COHORT_YEARS.items() if a <= on.year <= b] or ["FOC"]


def cohort(d: Doc, name: str, ocr: bool = False) -> str:
    printed, misread = COHORTS[name]
    if ocr and misread and d.rng.random() < 0.5:
        return d.cohort(name, misread[0])
    return d.cohort(name, d.rng.choice(printed))


def device(d: Doc, name: str) -> str:
    return d.device(name, d.rng.choice(DEVICES[name]))


def purpose(d: Doc, docs: list[str], on: dt.date, ocr: bool = False) -> str:
    """What the changes are for, naming a cohort and maybe a device: "to
    support the migration of installations in the FOC cohort"."""
    rng = d.rng
    what = rng.choice(PURPOSES[docs[0]])
    c = rng.choice(cohorts_on(on))
    dev = rng.choice(("Communications Hub", "ESME", "GSME", "IHD", "PPMID", None, None))
    form = rng.randrange(4)
    if form == 0:
        tail = f"so that installations in the {cohort(d, c, ocr)} cohort can be migrated"
    elif form == 1:
        tail = f"for installations in the {cohort(d, c, ocr)} cohort"
    elif form == 2:
        tail = f"to change {what}"
    else:
        tail = f"to change {what} for the {cohort(d, c, ocr)} cohort"
    if dev:
        tail += f", in particular where {device(d, dev)} are involved"
    return tail


# --- dates --------------------------------------------------------------------------


def date_range(d: Doc, a: dt.date, b: dt.date, style: str = "long", lead: str = "between") -> str:
    """"27 July and 20 August 2021" (after "between"), "2 to 23 October 2015"
    (after "from"): the first end leaves out what the second gives."""
    link = " and " if lead == "between" else d.rng.choice((" to ", " until ")) if lead == "from" else " to "
    if a.year == b.year and a.month == b.month and style in ("long", "ordinal") and d.rng.random() < 0.6:
        first = str(a.day) if style == "long" else fmt_ordinal(a.day)
    elif a.year == b.year and style in ("long", "ordinal") and d.rng.random() < 0.6:
        first = _no_year(a, style)
    else:
        first = d.date(a, style)
    return first + link + d.date(b, style, year=d.rng.random() < 0.85)


def _no_year(day: dt.date, style: str) -> str:
    from .text import fmt
    return fmt(day, style, year=False)


def fmt_ordinal(n: int) -> str:
    from .world import ordinal
    return ordinal(n)


# --- a consultation stated ---------------------------------------------------------------


def dcc_intro(d: Doc, c: Consultation, style: str, ocr: bool = False) -> str:
    """The sentence that introduces a DCC consultation, with its dates."""
    rng = d.rng
    docs = list(c.subjects)
    form = rng.randrange(7)
    on = c.opened or c.closed
    if form == 0:
        s = (f"Between {date_range(d, c.opened, c.closed, style)}, {dcc(d)} sought respondents' views on changes to "
             f"{docs_phrase(d, docs, ocr=ocr)} {purpose(d, docs, on, ocr)}.")
    elif form == 1:
        s = (f"{dcc(d, True)} consulted between {date_range(d, c.opened, c.closed, style)} on changes to "
             f"{docs_phrase(d, docs, ocr=ocr)} {purpose(d, docs, on, ocr)}.")
    elif form == 2:
        s = (f"{dcc(d, True)} sought views from {date_range(d, c.opened, c.closed, style, lead='from')} on "
             f"amendments to {docs_phrase(d, docs, ocr=ocr)} {purpose(d, docs, on, ocr)}.")
    elif form == 3:
        s = (f"On {d.date(c.opened, style)}, {dcc(d)} issued a consultation on proposed changes to "
             f"{docs_phrase(d, docs, ocr=ocr)} {purpose(d, docs, on, ocr)}. The consultation closed on "
             f"{d.date(c.closed, style, year=rng.random() < 0.7)}.")
    elif form == 4 and len(docs) == 1:
        # the long name here is a known miss of the extractors (see the module notes)
        named = docs_phrase(d, docs, first=rng.random() < 0.25, ocr=ocr)
        s = (f"{dcc(d, True)}'s consultation on {named} opened on {d.date(c.opened, style)} "
             f"and ran for {words((c.closed - c.opened).days // 7)} weeks, to "
             f"{d.date(c.closed, style, year=rng.random() < 0.6)}. The changes proposed were needed "
             f"{purpose(d, docs, on, ocr)}.")
    elif form == 5:
        s = (f"On {d.date(c.opened, style)} {dcc(d)} launched a consultation on changes to "
             f"{docs_phrase(d, docs, ocr=ocr)} {purpose(d, docs, on, ocr)}. The consultation closed "
             f"{words((c.closed - c.opened).days // 7)} weeks later, on {d.date(c.closed, style)}.")
    else:
        s = (f"Over the period {date_range(d, c.opened, c.closed, style, lead='period')}, {dcc(d)} invited comments "
             f"on amendments to {docs_phrase(d, docs, ocr=ocr)} {purpose(d, docs, on, ocr)}.")
    return s


def responses(d: Doc, c: Consultation, runner: str = "DCC") -> str:
    """A sentence giving the number of responses (the total)."""
    n = c.responses
    rng = d.rng
    if n == 1:
        return "Only one response was received."
    form = rng.randrange(6)
    if form == 0:
        return f"A total of {words(n)} responses were received."
    if form == 1:
        who = dcc(d, True) if runner == "DCC" else "We"
        return f"{who} received {words(n)} responses."
    if form == 2:
        return f"There were {words(n)} responses to the consultation."
    if form == 3:
        return f"{words(n, True)} respondents replied."
    if form == 4:
        return f"Responses were received from {words(n)} organisations."
    return f"The consultation attracted {words(n)} responses."


def support(d: Doc, c: Consultation) -> str:
    """How respondents stood, without a number that could read as a total."""
    rng = d.rng
    n = c.responses or 0
    if n >= 3 and rng.random() < 0.5:
        k = rng.randint(1, n - 1)
        return (f"{words(n - k, True)} of them supported the proposals; the other {words(k)} asked for more time to "
                f"assess the effect on their systems.")
    return rng.choice((
        "Respondents were broadly supportive of the proposed changes.",
        "Respondents generally agreed with the proposed changes.",
        "Most respondents supported the proposals, and none opposed them outright.",
        f"One respondent asked for clearer drafting, which {dcc(d)} has provided.",
    ))


def recipient(d: Doc, c: Consultation, author: str) -> str:
    """Whom conclusions went to, as printed after "to"; sets ``conclusions_to``."""
    rng = d.rng
    choice = rng.random()
    if choice < 0.45:
        c.conclusions_to = "Secretary of State"
        return d.org("Secretary of State", "the Secretary of State")
    if choice < 0.75 or author == "DCC":
        from .world import department
        dept = department(c.conclusions_date)
        c.conclusions_to = dept.name
        return d.org(dept.name, rng.choice((dept.name, dept.name, "the " + rng.choice(dept.long))))
    from .world import department
    if department(c.conclusions_date).name != author:
        return recipient(d, c, author)
    c.conclusions_to = author
    return "the Department"


def conclusions(d: Doc, c: Consultation, author: str, style: str, with_count: bool = False) -> str:
    """A sentence saying DCC sent its conclusions, to whom and when."""
    rng = d.rng
    form = rng.randrange(5 if author != "DCC" else 4)
    if form == 0:
        to = recipient(d, c, author)
        s = f"{dcc(d, True)} submitted its conclusions to {to} on {d.date(c.conclusions_date, style)}"
    elif form == 1:
        to = recipient(d, c, author)
        s = f"{dcc(d, True)} sent its conclusions report to {to} on {d.date(c.conclusions_date, style)}"
    elif form == 2:
        who = dcc(d)
        who = who + "'s" if who.startswith("the") else who + "'s"
        to = recipient(d, c, author)
        s = (f"{who[0].upper() + who[1:]} conclusions, together with the non-confidential responses, were sent to "
             f"{to} on {d.date(c.conclusions_date, style)}")
    elif form == 3:
        to = recipient(d, c, author)
        s = f"{dcc(d, True)} provided its conclusions report to {to} on {d.date(c.conclusions_date, style)}"
    else:
        to = recipient(d, c, author)
        s = f"{dcc(d, True)} passed its conclusions to {to} on {d.date(c.conclusions_date, style)}"
    if with_count and c.responses and c.responses > 1:
        s += f", along with the {words(c.responses)} responses it received"
    return s + "."


# --- filler: sentences that state no fact ------------------------------------------------

FILLER = (
    "The changes do not affect the obligations of {SEC Parties} that have no SMETS1 installations.",
    "{DCC} will update its operational procedures to reflect the changes.",
    "No respondent raised concerns about the cost of the changes.",
    "The changes are expected to have a small impact on the systems of {energy suppliers}.",
    "Where an installation cannot be migrated, the supplier remains responsible for the consumer's metering.",
    "{DCC} has confirmed that the required testing has been completed successfully.",
    "The impact on consumers is expected to be positive, as fewer installations will lose smart services.",
    "Further information is available from the programme team on request.",
    "{DCC} will continue to report progress on migration to the industry through its usual channels.",
    "The changes are limited to the handling of the affected installations and change nothing else.",
    "Respondents' comments on drafting have been reflected where appropriate.",
    "A summary of the points raised is available alongside this document.",
    "The technical details are set out in the accompanying documents and are not repeated here.",
    "It is important that the changes take effect promptly, so that the remaining installations can be migrated.",
    "Suppliers should ensure that their systems are ready for the changes in good time.",
    "The programme will keep the arrangements under review as migration continues.",
    "{Citizens Advice} has asked to be kept informed of the effect on consumers, and will be.",
    "The changes have been developed with the help of the technical working groups.",
    "Nothing in this document changes the obligations of {network operators}.",
    "Any questions on the operational effect of the changes should be raised with {DCC} directly.",
)


_SUBJECTS = (("The programme", None), ("{DCC}", "DCC"), ("{energy suppliers}", "energy suppliers"),
             ("{network operators}", "network operators"), ("{SEC Parties}", "SEC Parties"),
             ("The technical working groups", None), ("Industry participants", None), ("{Citizens Advice}",
             "Citizens Advice"), ("{Smart Energy GB}", "Smart Energy GB"), ("Installers", None),
             ("Meter operators", None), ("The migration team", None))
_PREDICATES = (
    "will keep the arrangements under review as migration continues",
    "should make sure that their systems are ready for the changes in good time",
    "have been kept informed of progress through the usual industry channels",
    "will continue to watch the effect of the changes on consumers",
    "are encouraged to raise any operational questions early",
    "helped to develop the detailed technical solution",
    "will see no change to their existing obligations as a result",
    "can find the technical details in the accompanying documents",
    "have asked for clear guidance on the operational effect of the changes",
    "expect the number of failed installations to fall once the changes are in place",
    "will need to update their internal procedures before the changes take place",
    "have shared test results that support the approach taken",
    "raised no objection to the proposed timetable",
    "agreed that the changes are proportionate to the problem they address",
    "noted that some installations may still need a site visit",
    "pointed out that consumers should notice no difference in their smart services",
    "asked that the effect on prepayment customers be kept under close review",
    "will publish further guidance for installers in due course",
)


def filler_sentence(d: Doc) -> str:
    """A composed sentence that states no fact the tables hold."""
    subject, name = d.rng.choice(_SUBJECTS)
    if name:
        subject = d.org(name, "DCC" if name == "DCC" else name)
        subject = subject[0].upper() + subject[1:]
    return f"{subject} {d.rng.choice(_PREDICATES)}."


def filler_para(d: Doc, sentences: int = 3) -> str:
    return " ".join(filler_sentence(d) if d.rng.random() < 0.5 else filler(d, 1) for _ in range(sentences))


def filler(d: Doc, count: int, used: set[int] | None = None) -> str:
    """``count`` filler sentences (names recorded), none used twice in a text."""
    used = used if used is not None else set()
    out = []
    choices = [i for i in range(len(FILLER)) if i not in used]
    d.rng.shuffle(choices)
    for i in choices[:count]:
        used.add(i)
        s = FILLER[i]
        s = s.replace("{DCC}", dcc(d, s.startswith("{DCC}")))
        for name in ("energy suppliers", "network operators", "Citizens Advice", "SEC Parties"):
            if "{" + name + "}" in s:
                s = s.replace("{" + name + "}", d.org(name, name))
        out.append(s)
    return " ".join(out)


def version_of(rng: random.Random, name: str, on: dt.date) -> tuple[str, str]:
    """(new, previous) version numbers of a document designated on ``on``."""
    since = DOCUMENTS[name].since if name in DOCUMENTS else dt.date(2013, 1, 1)
    months = max(0, (on.year - since.year) * 12 + on.month - since.month)
    major = 1 + months // (3 if name == "TMAD" else 5)
    if rng.random() < 0.15 and major > 1:
        return f"{major}.1", f"{major}.0"
    return f"{major + 1}.0", f"{major}.0"


def months_later(day: dt.date, n: int) -> dt.date:
    return add_months(day, n)


PAGE_HEADINGS = ("About this change", "Why this matters", "What this means for you", "Background to the changes",
                 "Impact on consumers", "Who is affected", "The wider programme", "Our approach", "Keeping in touch",
                 "Related work", "Testing", "Implementation")


def pad_letter(d: Doc) -> None:
    """One numbered paragraph of filler (for :meth:`Doc.pad`)."""
    d.para(filler_para(d, d.rng.randint(2, 4)), numbered=True, noisy=True)


def pad_plain(d: Doc) -> None:
    d.para(filler_para(d, d.rng.randint(2, 4)), noisy=True)


def pad_page(d: Doc) -> None:
    """A web page section of filler under a short heading."""
    from .text import wrap
    text = filler_para(d, d.rng.randint(2, 4))
    if d.ocr:
        text = d.noise(text)
    d.raw(d.rng.choice(PAGE_HEADINGS) + "\n" + "\n".join(wrap(text, d.width)))


def target(rng: random.Random) -> int:
    """How long a text should be, in characters (the sizes of real letters and pages)."""
    return rng.randint(3400, 7500)
