"""SECAS's news items and newsletters: designations of SEC versions and
re-designations of SMETS1 documents, the Authority's decisions on
modifications, consultations opened by the Department or concluded by DCC,
and diary dates (which are no facts of the tables)."""

from __future__ import annotations

import datetime as dt
import random

from . import phrases as ph
from .gold import Consultation, Decision, Gold
from .text import Doc, wrap
from .world import DOCUMENTS, MONTHS, department, plus, weekday, words

NAV = ("Tags: Modifications, Authority decisions\nPrevious: SEC Panel highlights | Next: Consultation round-up\n\n"
       "Cookie policy | Privacy | Terms and conditions")


def _mod_title(rng: random.Random) -> str:
    return rng.choice(("'Clarify SMETS1 Service Provider reporting obligations'", "'Extend the migration retry window'",
                       "'Recover SMETS1 testing costs'", "'Align alert filtering for SMETS1 meters'",
                       "'Correct the definition of a dormant installation'"))


def _approval(d: Doc, day: dt.date, decisions: list[Decision], reject: bool) -> str:
    """An Authority decision on a modification, with when it takes effect."""
    rng = d.rng
    ref = f"SECMP{rng.randint(40, 260):04d}"
    ofgem = d.org("Ofgem", rng.choice(("Ofgem", "The Authority")))
    if reject:
        decisions.append(Decision("rejection", "Ofgem", day))
        return (f"{ofgem} rejected {ref} {_mod_title(rng)} on {d.date(day, 'long')}. In its decision letter the "
                f"regulator said that the case for the change had not been made.")
    effective = plus(day, rng.randint(20, 60))
    decisions.append(Decision("approval", "Ofgem", day, effective))
    d.doc("SEC")  # "the June 2023 SEC Release"
    if rng.random() < 0.5:
        return (f"{ofgem} has approved {ref} {_mod_title(rng)}. Its decision letter is dated "
                f"{d.date(day, 'long')}. It will be implemented in the {d.month(effective)} SEC Release on "
                f"{d.date(effective, 'long')}.")
    return (f"On {d.date(day, 'ordinal')} {ofgem.replace('The', 'the')} approved {ref} {_mod_title(rng)}. "
            f"The change will go live in the {d.month(effective)} SEC Release on {d.date(effective, 'long')}.")


def _sec_version(d: Doc, day: dt.date, decisions: list[Decision], consultations: list[Consultation]) -> str:
    rng = d.rng
    v = f"{1 + (day.year - 2013) + rng.randint(0, 1)}.{rng.randint(1, 19)}"
    decisions.append(Decision("designation", "Secretary of State", day, day, "SEC", v))
    s = (f"Version {v} of the {d.doc('SEC', 'Smart Energy Code (SEC)')} was designated by the "
         f"{d.org('Secretary of State', 'Secretary of State')} on {d.date(day, 'ordinal')} and is effective from that "
         f"date.")
    if rng.random() < 0.6:
        dept = department(day - dt.timedelta(days=60))
        closed = plus(day, -rng.randint(30, 60))
        opened = plus(closed, -28)
        consultations.append(Consultation(dept.name, ("SEC",), opened, closed))
        s += (f" It follows the consultation that the {d.org(dept.name, rng.choice(dept.long))} ({d.org(dept.name)}) "
              f"ran from {d.date(opened, 'ordinal')} to {d.date(closed, 'ordinal')} on changes to the release "
              f"management and testing provisions of the {d.doc('SEC', 'SEC')}.")
    return s


def _redesignation(d: Doc, day: dt.date, decisions: list[Decision]) -> str:
    rng = d.rng
    name = rng.choice([n for n, g in DOCUMENTS.items() if g.since < day - dt.timedelta(days=90)])
    g = DOCUMENTS[name]
    v = ph.version_of(rng, name, day)[0]
    effective = plus(day, rng.randint(3, 10))
    decisions.append(Decision("designation", "Secretary of State", day, effective, name, v))
    return (f"The {d.org('Secretary of State', 'Secretary of State')} has today re-designated the "
            f"{ph.full_doc(d, name, short=False)}. The new version, {g.appendix} {v}, applies from "
            f"{d.date(effective, 'weekday')} and supports the next tranche of migrations.")


def news_item(rng: random.Random, source: str) -> tuple[str, Gold]:
    d = Doc(rng, width=rng.choice((1000, rng.randint(80, 100))))
    posted = weekday(rng, dt.date(2014, 1, 1), dt.date(2026, 6, 1))
    decisions: list[Decision] = []
    consultations: list[Consultation] = []
    story = rng.choice((0, 2)) if posted < dt.date(2019, 6, 1) else rng.choice((1, 2))
    if story == 0:
        day = plus(posted, -1)
        body = _sec_version(d, day, decisions, consultations)
        title = f"SEC Version {decisions[0].version} designated"
        d.doc("SEC")
    elif story == 1:
        body = _redesignation(d, posted, decisions)
        title = f"{decisions[0].document} re-designated today"
        d.doc(decisions[0].document)
    else:
        first = plus(posted, -rng.randint(3, 6))
        second = plus(first, -1)
        body = _approval(d, first, decisions, reject=False) + "\n\n" + _approval(d, second, decisions, reject=True)
        title = "Authority decisions on two modifications"
        d.org("Ofgem")
    d.doc("SEC")
    d.raw("Smart Energy Code\nHome > News")
    d.heading(title)
    by = d.org("SECAS", "SECAS")
    d.raw(rng.choice((f"Posted on {d.date(posted, 'ordinal')} by {by}", f"Posted {d.date(posted, 'of')} | {by}")))
    for part in body.split("\n\n"):
        d.para(part)
    d.slot()
    d.para(f"If you have any questions, please contact the {d.org('SECAS', 'SECAS')} helpdesk.")
    with d.quiet():
        d.raw(NAV)
    d.pad(ph.target(rng), ph.pad_plain)
    text = d.render()
    gold = Gold(source, "news_item", title, posted, "SECAS", ("news item",), consultations, decisions, d.mentions)
    return text, gold


def newsletter(rng: random.Random, source: str) -> tuple[str, Gold]:
    ocr = rng.random() < 0.3
    d = Doc(rng, width=rng.randint(78, 92), ocr=0.06 if ocr else 0.0)
    issued = weekday(rng, dt.date(2019, 9, 1), dt.date(2026, 6, 1))
    issue = 20 + (issued.year - 2019) * 12 + issued.month
    decisions: list[Decision] = []
    consultations: list[Consultation] = []
    title = rng.choice((f"SEC Newsletter - Issue {issue} - {MONTHS[issued.month - 1]} {issued.year}",
                        f"SECAS Monthly Update - {MONTHS[issued.month - 1]} {issued.year}"))
    d.doc("SEC")
    d.raw(title)
    d.last_year_date = dt.date(issued.year, issued.month, 1)
    d.raw(rng.choice((f"Published by {d.org('SECAS', 'SECAS')}, {d.date(issued, 'long')}",
                      f"Issued by the {d.org('SECAS', 'SEC Administrator')} on {d.date(issued, 'ordinal')}")))
    items: list[tuple[str, str]] = []
    # a consultation the Department opened
    dept = department(issued)
    opened = plus(issued, -rng.randint(5, 20))
    closed = plus(opened, 28)
    name = rng.choice([n for n, g in DOCUMENTS.items() if g.since < opened])
    c1 = Consultation(dept.name, (name,), opened, closed)
    consultations.append(c1)
    items.append((f"New {dept.name} consultation on the {DOCUMENTS[name].short[0]}", lambda d: (
        f"{d.org(dept.name, dept.name)} published a consultation on changes to the {ph.full_doc(d, name, ocr=ocr)} on "
        f"{d.date(opened, 'ordinal', year=False)}. Responses are due by 5pm on {d.date(closed, 'weekday', year=False)}."
        f" " + ph.filler_para(d, 2))))
    # a DCC consultation concluded
    if rng.random() < 0.7:
        o2 = plus(issued, -rng.randint(50, 70))
        c2_ = plus(o2, 21)
        concl = plus(c2_, rng.randint(7, 14))
        name2 = rng.choice([n for n, g in DOCUMENTS.items() if g.since < o2])
        n = rng.randint(2, 9)
        c2 = Consultation("DCC", (name2,), o2, c2_, n, concl, "Secretary of State")
        consultations.append(c2)
        items.append((f"DCC {DOCUMENTS[name2].short[0]} consultation: outcome", lambda d: (
            f"{ph.dcc(d, True)}'s consultation on the {ph.short_doc(d, name2, ocr=ocr)}, which ran from "
            f"{ph.date_range(d, o2, c2_, 'ordinal', lead='from')}, received {words(n)} responses. The conclusions "
            f"were sent to the {d.org('Secretary of State', 'Secretary of State')} on {d.date(concl, 'ordinal')}.")))
    # a decision of the Authority
    if rng.random() < 0.6:
        day = plus(issued, -rng.randint(3, 12))
        items.append(("Authority decision on a modification", lambda d: _approval(d, day, decisions, False)))
    # diary
    panel = plus(issued, rng.randint(7, 20))
    items.append(("Dates for your diary", lambda d: (
        f"{d.org('SEC Panel', 'SEC Panel')}: {d.date(panel, 'ordinal')}")))
    d.raw("In this issue\n" + "\n".join(f"{i + 1}. {t}" for i, (t, _) in enumerate(items)))
    for t, _ in items:  # the contents and the headings name what the items name
        for n_ in DOCUMENTS:
            if n_ in t:
                d.doc(n_)
        if "DCC" in t:
            d.org("DCC")
        if dept.name in t:
            d.org(dept.name)
    d.slot()
    for i, (t, make) in enumerate(items):
        d.raw(f"{i + 1}. {t}")
        text = make(d)
        if t.startswith("Dates"):
            d.raw(text)
        else:
            d.raw("\n".join(wrap(text, d.width)))
    d.slot()
    d.org("SECAS")
    d.doc("SEC")
    d.raw("Smart Energy Code Administrator and Secretariat | secas@smartenergycodecompany.co.uk")
    d.pad(ph.target(rng), ph.pad_plain)
    text = d.render()
    gold = Gold(source, "newsletter", title, issued, "SECAS", ("newsletter",), consultations, decisions, d.mentions)
    return text, gold
