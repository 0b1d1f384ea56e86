"""DCC's web pages and documents: consultation notices (a page opening a
consultation, or a consultation document with "Consultation opens:" fields),
conclusion notices (the conclusions sent to the Department) and the notices
by which DCC publishes a new version of a document it maintains itself (the
DMVES)."""

from __future__ import annotations

import datetime as dt
import random

from . import phrases as ph
from .gold import Consultation, Decision, Gold
from .text import Doc
from .world import DOCUMENTS, department, person, plus, weekday, words

COOKIES = ("We use cookies to make this site work and to understand how you use it.\n"
           "Accept all cookies    Reject non-essential cookies    Cookie settings")
FOOTERS = ("Share this page\nCookie settings | Privacy notice | Accessibility\n© Smart DCC Ltd {year}",
           "Was this page useful?   Yes   No\nHome | Contact | Sitemap | Terms of use | Cookie settings\n"
           "© Smart DCC Ltd {year}",
           "Cookie settings | Accessibility | © Smart DCC Ltd {year}")
POSTS = ("SMETS1 Regulatory Lead", "SMETS1 Regulatory Manager", "Regulatory Change Manager", "Consultation Manager")


def _site_top(d: Doc, crumbs: str) -> None:
    rng = d.rng
    with d.quiet():
        lines = []
        if rng.random() < 0.3:
            lines += [COOKIES, ""]
        lines.append("Smart DCC")
        if rng.random() < 0.3:
            lines.append("Menu    Search")
        lines.append(f"Home > Customer engagement > {crumbs}")
    d.org("DCC")
    d.raw("\n".join(lines))


def _footer(d: Doc, year: int) -> None:
    with d.quiet():
        d.raw(d.rng.choice(FOOTERS).format(year=year))


def _contact(d: Doc) -> None:
    rng = d.rng
    name = d.person(person(rng))
    post = rng.choice(POSTS)
    if rng.random() < 0.5:
        d.raw(f"Contact\n{name}, {post}, consultations@smartdcc.co.uk")
    else:
        d.raw(f"If you have any questions, please contact {name}, {post}, at consultations@smartdcc.co.uk.")


def _topic(d: Doc, docs: list[str], on: dt.date) -> tuple[str, str]:
    """A short topic for a title ("TMAD changes for the FOC cohort") and the same for the breadcrumb."""
    rng = d.rng
    c = rng.choice(ph.cohorts_on(on))
    doc = d.doc(docs[0], docs[0] if docs[0] == "DMVES" else DOCUMENTS[docs[0]].short[0])
    what = rng.choice((f"changes for the {c} cohort", "changes for failed migrations", "changes to migration checks",
                       "changes to device-specific behaviours", "changes for retrying installations"))
    if "cohort" in what:
        d.cohort(c, c)
    return f"{doc} {what}", f"{doc} {what.split(' for ')[0]}"


def _docs(rng: random.Random, on: dt.date, dmves: bool = True) -> list[str]:
    available = [n for n, g in DOCUMENTS.items() if g.since < on - dt.timedelta(days=60)]
    if dmves:
        available.append("DMVES")
    return [rng.choice(available)]


def _name_docs(d: Doc, docs: list[str], ocr: bool = False) -> str:
    if docs == ["DMVES"]:
        return (f"the {d.doc('DMVES')}, the annex to the {ph.full_doc(d, 'S1SR', short=False)} that lists which "
                f"device-specific behaviours apply to each SMETS1 device model")
    return ph.docs_phrase(d, docs, ocr=ocr)


# --- consultation notices -------------------------------------------------------------------


def consultation_notice(rng: random.Random, source: str) -> tuple[str, Gold]:
    d = Doc(rng, width=rng.randint(78, 100))
    opened = weekday(rng, dt.date(2019, 9, 1), dt.date(2026, 6, 1))
    closed = plus(opened, rng.choice((14, 21, 21, 28)))
    docs = _docs(rng, opened)
    style = rng.choice(("long", "long", "ordinal"))
    topic, crumb = _topic(d, docs, opened)
    c = Consultation("DCC", tuple(docs), opened, closed)
    _site_top(d, f"Consultations > {crumb}")
    form = rng.randrange(3)
    used: set[int] = set()
    if form == 0:
        title = rng.choice((f"DCC consultation on {topic}", f"Consultation: {topic}", f"Have your say: {topic}"))
        d.heading(title)
        d.raw(rng.choice((f"Published: {d.date(opened, 'long')} | Status: Open | Topic: SMETS1",
                          f"Date published: {d.date(opened, 'numeric')}", d.date(opened, "long"))))
        d.para(f"On {d.date(opened, style)}, {ph.dcc(d)} issued a consultation on proposed changes to "
               f"{_name_docs(d, docs)}, {ph.purpose(d, docs if docs != ['DMVES'] else ['S1SR'], opened)}.")
        d.para(ph.filler(d, rng.randint(2, 4), used))
        d.raw("How to respond\n" + "\n".join(_lines(d, (
            f"Please send your response to consultations@smartdcc.co.uk by noon on {d.date(closed, style)}, using "
            f"the response template below. Please mark clearly any part of your response that you wish to be kept "
            f"confidential."))))
    elif form == 1:
        title = rng.choice((f"Have your say: {topic}", f"Consultation on {topic}"))
        d.heading(title)
        d.raw(f"Date published: {d.date(opened, 'numeric')}")
        d.para(f"{ph.dcc(d, True)} is seeking views on changes to {_name_docs(d, docs)}.")
        d.para(f"The consultation opened on {d.date(opened, 'weekday')} and closes at 17:00 on "
               f"{d.date(closed, 'numeric')}. Responses should reach us by then at consultations@smartdcc.co.uk.")
        d.raw("Why we are consulting\n" + "\n".join(_lines(d, ph.filler(d, rng.randint(2, 4), used))))
    else:
        title = topic[0].upper() + topic[1:] + rng.choice(("", " - have your say"))
        d.heading(title)
        d.raw(f"Consultation\nOpens: {d.date(opened, 'long')}\nCloses: {d.date(closed, 'long')}, 17:00\nStatus: Open")
        d.raw(f"Published: {d.date(opened, 'long')}")
        d.raw("Summary\n" + "\n".join(_lines(d, (
            f"We are consulting on changes to {_name_docs(d, docs)}, "
            f"{ph.purpose(d, docs if docs != ['DMVES'] else ['S1SR'], opened)}."))))
    if rng.random() < 0.6:
        meeting = plus(opened, rng.randint(3, 9))
        d.raw("Briefing webinar\n" + "\n".join(_lines(d, (
            f"We will run a briefing webinar for {d.org('SEC Parties')} on {d.date(meeting, style, year=False)} "
            f"at 10:00 to walk through the proposed changes. Email us to register."))))
    if rng.random() < 0.7:
        aim = plus(closed, rng.randint(14, 30))
        d.raw("Next steps\n" + "\n".join(_lines(d, (
            f"We aim to conclude by {d.date(aim, style)}, when we intend to submit our conclusions and the "
            f"non-confidential responses to the {d.org('Secretary of State', 'Secretary of State')}."))))
    d.raw("Background\n" + "\n".join(_lines(d, ph.filler(d, rng.randint(3, 5), used))))
    d.slot()
    _contact(d)
    _footer(d, opened.year)
    d.pad(ph.target(rng), ph.pad_page)
    text = d.render()
    gold = Gold(source, "consultation_notice", title, opened, "DCC", ("consultation notice",), [c], [], d.mentions)
    return text, gold


def consultation_document(rng: random.Random, source: str) -> tuple[str, Gold]:
    """A consultation document (a PDF's text): fields, then numbered sections."""
    d = Doc(rng, width=rng.randint(78, 92))
    opened = weekday(rng, dt.date(2019, 9, 1), dt.date(2026, 6, 1))
    closed = plus(opened, rng.choice((14, 21, 28)))
    docs = _docs(rng, opened, dmves=False)
    name = docs[0]
    topic, _ = _topic(d, docs, opened)
    with d.quiet():
        d.raw("DCC Public" + " " * rng.randint(30, 50) + "Consultation Document")
    title = f"Consultation on {topic}"
    d.heading(title)
    d.raw(f"Date: {d.date(opened, 'long')}\nConsultation opens: {d.date(opened, 'long')}\n"
          f"Consultation closes: 5pm, {d.date(closed, 'weekday')}\nClassification: DCC Public\nVersion: 1.0")
    c = Consultation("DCC", tuple(docs), opened, closed)
    consultations = [c]
    decisions = []
    used: set[int] = set()
    d.raw("1. Introduction")
    intro = (f"1.1 This document seeks the views of {d.org('SEC Parties')} and "
             f"{d.org('other interested parties')} on proposed amendments to {ph.docs_phrase(d, docs)}, which sets "
             f"out {ph.PURPOSES[name][0]}.")
    d.para(intro)
    if rng.random() < 0.5:
        p_open = opened - dt.timedelta(days=rng.randint(90, 200))
        p_open = plus(p_open, 0)
        p_close = plus(p_open, 21)
        n = rng.randint(2, 9)
        effective = plus(p_close, rng.randint(30, 60))
        prev = Consultation("DCC", (name,), p_open, p_close, n)
        d.para(f"1.2 Our previous consultation on the {ph.short_doc(d, name)}, which ran from "
               f"{ph.date_range(d, p_open, p_close, 'long', lead='from')}, received {words(n)} responses. Its changes "
               f"were designated by the {d.org('Secretary of State', 'Secretary of State')} with effect from "
               f"{d.date(effective, 'long')}. This consultation deals with a separate issue.")
        consultations.append(prev)
        decisions.append(Decision("designation", "Secretary of State", None, effective, name, ""))
    d.raw("2. The issue")
    d.para("2.1 " + ph.filler(d, rng.randint(3, 5), used))
    d.raw("3. Proposed changes")
    d.para(f"3.1 We propose changes {ph.purpose(d, docs, opened)}.")
    d.raw("4. How to respond")
    meeting = plus(opened, rng.randint(3, 10))
    d.para("4.1 Please email your response to consultations@smartdcc.co.uk by the closing time above. We will hold a "
           f"drop-in call on {d.date(meeting, 'long')} for anyone who would like to talk the changes through.")
    dept = department(closed)
    aim = plus(closed, rng.randint(10, 20))
    d.para(f"4.2 After the consultation closes we will consider the responses and intend to send our conclusions to "
           f"the {d.org(dept.name, rng.choice(dept.long))} by {d.date(aim, 'long')}, for the "
           f"{d.org('Secretary of State', 'Secretary of State')} to decide whether to re-designate the "
           f"{ph.short_doc(d, name)}.")
    d.raw("5. Background")
    d.para("5.1 " + ph.filler(d, rng.randint(3, 5), used))
    d.slot()
    d.org("DCC")
    with d.quiet():
        d.raw("Smart DCC Ltd, 2nd Floor, Ibex House, 42-47 Minories, London EC3N 1DY")
    d.mentions.add(("organisation", "DCC"))
    d.pad(ph.target(rng), ph.pad_plain)
    text = d.render()
    gold = Gold(source, "consultation_document", title, opened, "DCC", ("consultation notice",), consultations,
                decisions, d.mentions)
    return text, gold


# --- conclusion notices ---------------------------------------------------------------------


def conclusion_notice(rng: random.Random, source: str) -> tuple[str, Gold]:
    d = Doc(rng, width=rng.randint(80, 100))
    opened = weekday(rng, dt.date(2019, 6, 1), dt.date(2026, 3, 1))
    closed = plus(opened, rng.choice((14, 21, 28)))
    concl = plus(closed, rng.randint(10, 30))
    published = plus(concl, rng.randint(0, 5))
    docs = _docs(rng, opened, dmves=False)
    if len(DOCUMENTS) and rng.random() < 0.2:
        other = [n for n in DOCUMENTS if n != docs[0] and DOCUMENTS[n].since < opened]
        if other:
            docs = sorted(docs + [rng.choice(other)], key=["TMAD", "S1SR", "SVTAD"].index)
    n = rng.randint(2, 10)
    c = Consultation("DCC", tuple(docs), opened, closed, n, concl)
    topic, crumb = _topic(d, docs, opened)
    _site_top(d, "Consultations > Conclusions")
    title = rng.choice((f"Conclusions: {topic}", f"DCC conclusions on {topic}", f"Our conclusions on {topic}"))
    d.heading(title)
    us = rng.random() < 0.3
    if us:
        d.raw(f"Published: {d.date(published, 'us')}")
        d.para(f"We ran a consultation between {d.date(opened, 'us')} and {d.date(closed, 'us')} on the changes to "
               f"{ph.docs_phrase(d, docs)} {ph.purpose(d, docs, opened)}.")
    else:
        d.raw(rng.choice(("Published ", "Published: ")) + d.date(published, rng.choice(("long", "short"))))
        d.para(f"On {d.date(opened, 'long')}, {ph.dcc(d)} issued a consultation on proposed changes to "
               f"{ph.docs_phrase(d, docs)} {ph.purpose(d, docs, opened)}. The consultation closed on "
               f"{d.date(closed, 'long', year=rng.random() < 0.6)}.")
    used: set[int] = set()
    d.raw("What respondents said\n" + "\n".join(_lines(d, (
        f"{words(n, True)} responses were received. " + ph.support(d, c)))))
    dept = department(concl)
    to = rng.randrange(3)
    if to == 0:
        c.conclusions_to = "Secretary of State"
        recipient = d.org("Secretary of State", "the Secretary of State")
    else:
        c.conclusions_to = dept.name
        recipient = d.org(dept.name, rng.choice((dept.name, "the " + rng.choice(dept.long))))
    if us:
        sent = (f"Our conclusions were sent to {recipient} on {d.date(concl, 'us')}, together with the "
                f"{words(n)} non-confidential responses.")
    elif rng.random() < 0.5:
        sent = (f"On {d.date(concl, 'long')}, {ph.dcc(d)} submitted its conclusion report to {recipient}, along "
                f"with the non-confidential responses.")
    else:
        sent = (f"We sent our conclusions, with the non-confidential responses, to {recipient} on "
                f"{d.date(concl, 'weekday')}.")
    d.raw("What happens now\n" + "\n".join(_lines(d, sent)))
    proposed = plus(concl, rng.randint(14, 40))
    sot = d.org("Secretary of State", "Secretary of State")
    d.para(f"We have recommended that the {sot} re-designate "
           f"{'both documents' if len(docs) > 1 else 'the ' + ph.short_doc(d, docs[0])} on "
           f"{d.date(proposed, 'us' if us else 'long')}, or as soon as possible after that date.")
    d.raw("Background\n" + "\n".join(_lines(d, ph.filler(d, rng.randint(3, 5), used))))
    d.slot()
    d.raw("Documents\nConclusions document (PDF)\nNon-confidential responses (ZIP)")
    _footer(d, published.year)
    d.pad(ph.target(rng), ph.pad_page)
    text = d.render()
    gold = Gold(source, "conclusion_notice", title, published, "DCC", ("conclusion notice",), [c], [], d.mentions)
    return text, gold


def publication_notice(rng: random.Random, source: str) -> tuple[str, Gold]:
    """DCC concludes on its own consultation on the DMVES and publishes the new version itself."""
    d = Doc(rng, width=rng.randint(80, 110))
    opened = weekday(rng, dt.date(2019, 9, 1), dt.date(2026, 3, 1))
    closed = plus(opened, 21)
    published = plus(closed, rng.randint(10, 25))
    effective = plus(published, rng.randint(10, 25))
    n = rng.randint(2, 8)
    major = 1 + max(0, (opened.year - 2019) * 2 + opened.month // 6)
    new, old = f"{major + 1}.0", f"{major}.{rng.randint(0, 3)}"
    c = Consultation("DCC", ("DMVES",), opened, closed, n, published)
    dec = Decision("other", "DCC", published, effective, "DMVES", new)
    _site_top(d, "Consultations > DMVES conclusions")
    title = rng.choice(("DCC conclusions on the consultation on changes to the DMVES",
                        "Conclusions on our consultation on the DMVES"))
    d.doc("DMVES")
    d.heading(title)
    d.raw(d.date(published, rng.choice(("long", "long", "ordinal"))))
    cohort = rng.choice(ph.cohorts_on(opened))
    d.raw("Background\n" + "\n".join(_lines(d, (
        f"On {d.date(opened, 'long')}, {ph.dcc(d)} opened a consultation on changes to the {d.doc('DMVES')}, the annex "
        f"that maps the device-specific behaviour clauses of the {ph.short_doc(d, 'S1SR')} to the SMETS1 device models "
        f"they apply to. The changes add device models due to migrate with the {ph.cohort(d, cohort)} cohort."))))
    d.raw("Responses\n" + "\n".join(_lines(d, (
        f"The consultation closed on {d.date(closed, 'long')}. We received {words(n)} responses, all from "
        f"{d.org('energy suppliers')}. " + ph.filler(d, 1)))))
    d.raw("Conclusion\n" + "\n".join(_lines(d, (
        f"We have concluded on this consultation and published version {new} of the {d.doc('DMVES')} on "
        f"{d.date(published, 'long')}, effective from {d.date(effective, 'long')}. Version {old} stays in effect "
        f"until then."))))
    d.raw("About the DMVES\n" + "\n".join(_lines(d, ph.filler(d, rng.randint(4, 6)))))
    d.slot()
    _contact(d)
    with d.quiet():
        d.raw(f"Documents\nDMVES v{new} (XLSX)\nDMVES v{new} changes from v{old} (PDF)")
    d.doc("DMVES")
    _footer(d, published.year)
    d.pad(ph.target(rng), ph.pad_page)
    text = d.render()
    gold = Gold(source, "publication_notice", title, published, "DCC", ("conclusion notice",), [c], [dec],
                d.mentions)
    return text, gold


def _lines(d: Doc, text: str) -> list[str]:
    from .text import wrap
    return wrap(text, d.width)


__all__ = ["consultation_notice", "consultation_document", "conclusion_notice", "publication_notice"]
