"""DCC's consultation logs: a page kept as dated entries ("Update: 14 May
2020", "[02/12/2022]", "03/04/2023", or a two-column timeline "05 Mar 2020
The Secretary of State ..."), newest or oldest first, telling one
consultation from its opening (with a deadline, maybe extended), through its
close and the conclusions sent, to the re-designation that followed."""

from __future__ import annotations

import datetime as dt
import random

from . import phrases as ph
from .gold import Consultation, Decision, Gold
from .text import Doc, wrap
from .world import DOCUMENTS, department, plus, weekday, words


def update_log(rng: random.Random, source: str) -> tuple[str, Gold]:
    ocr = rng.random() < 0.3
    d = Doc(rng, width=rng.randint(76, 96), ocr=0.06 if ocr else 0.0)
    opened = weekday(rng, dt.date(2019, 9, 1), dt.date(2026, 3, 1))
    deadline = plus(opened, rng.choice((14, 21)))
    extended = plus(deadline, 7) if rng.random() < 0.4 else None
    closed = extended or deadline
    concl = plus(closed, rng.randint(7, 25))
    available = [n for n, g in DOCUMENTS.items() if g.since < opened - dt.timedelta(days=60)]
    name = rng.choice(available)
    n = rng.randint(2, 9)
    c = Consultation("DCC", (name,), opened, closed, n, concl)
    designated = rng.random() < 0.5
    effective = plus(concl, rng.randint(10, 30))
    major = ph.version_of(rng, name, effective)[0]
    entry_style = rng.choice(("update", "bracket", "numeric", "long"))
    newest_first = rng.random() < 0.6

    # the entries, oldest first: (date, text)
    entries: list[tuple[dt.date, callable]] = []
    cohort = rng.choice(ph.cohorts_on(opened))

    def e_open(d: Doc) -> str:
        s = (f"On {d.date(opened, 'long')}, {ph.dcc(d)} issued a consultation on changes to the "
             f"{ph.full_doc(d, name, ocr=ocr)} needed for the {ph.cohort(d, cohort, ocr)} cohort.")
        s = d.note(s, "The consultation document is in the SEC Parties area of our website.") if ocr else s
        if ocr:
            d.org("SEC Parties")
        return s + f" Please respond by 5pm on {d.date(deadline, 'long')}."
    entries.append((opened, e_open))
    if rng.random() < 0.5:
        meeting = plus(opened, rng.randint(2, 8))
        entries.append((plus(opened, 1), lambda d: (
            f"We will talk through the changes at the {d.org('TBDG', 'TBDG')} meeting on "
            f"{d.date(meeting, 'long', year=False)}.")))
    if extended:
        ext_day = plus(deadline, -rng.randint(2, 6))
        if ext_day <= opened:
            ext_day = plus(opened, 1)
        entries.append((ext_day, lambda d: (
            f"At the request of several {d.org('energy suppliers')}, we have extended the deadline for responses by "
            f"one week, to 5pm on {d.date(extended, 'long')}.")))
    closed_form = rng.randrange(2)
    after = plus(closed, 1)
    if closed_form == 0:
        entries.append((after, lambda d: (
            f"The consultation closed at 5pm on {d.date(closed, 'long')}. We received {words(n)} responses.")))
        count_in_close = True
    else:
        entries.append((closed, lambda d: "Consultation closed."))
        count_in_close = False
    to = rng.choice(("Secretary of State", "dept"))
    dept = department(concl)

    def e_concl(d: Doc) -> str:
        if to == "dept":
            c.conclusions_to = dept.name
            whom = d.org(dept.name, rng.choice((dept.name, "the " + rng.choice(dept.long))))
        else:
            c.conclusions_to = "Secretary of State"
            whom = d.org("Secretary of State", "the Secretary of State")
        count = "" if count_in_close else f", together with the {words(n)} responses we received"
        if rng.random() < 0.5:
            return f"Today we submitted our conclusions to {whom}{count}."
        return f"On {d.date(concl, 'long')} we submitted our conclusions to {whom}{count}."
    entries.append((concl, e_concl))
    decisions = []
    if designated:
        v = major
        day = plus(effective, -rng.randint(0, 3))
        decisions.append(Decision("designation", "Secretary of State", None, effective, name, v))
        sot = d.org("Secretary of State", "The Secretary of State")
        entries.append((day, lambda d: (
            f"{sot} has directed that version {DOCUMENTS[name].appendix} {v} of the "
            f"{ph.full_doc(d, name)} be re-designated into the {d.doc('SEC', 'SEC')} with effect from "
            f"{d.date(effective, 'long')}.")))
    entries.sort(key=lambda e: e[0])
    if len({e[0] for e in entries}) != len(entries):  # two entries the same day: merge them into one draw again
        return update_log(rng, source)
    page_date = entries[-1][0]

    # --- the page
    topic = f"{DOCUMENTS[name].short[0]} changes for the {cohort} cohort"
    d.cohort(cohort, cohort)
    d.doc(name)
    with d.quiet():
        head = rng.choice(("Smart DCC | Customer engagement", "Smart DCC | Consultation log"))
        d.raw(head + " " * rng.randint(20, 40) + "Page 1 of 2")
    d.org("DCC")
    title = rng.choice((f"{topic} - consultation log", f"{topic}: updates", f"Consultation on {topic}",
                        f"{topic} - consultation history"))
    d.heading(title)
    d.raw(rng.choice(("Last updated: ", "Page last updated: ", "Last updated ")) +
          d.date(page_date, rng.choice(("long", "numeric"))))
    d.para(rng.choice(("This log records each step of our consultation.", "The newest entries are first.",
                       "Entries are listed with the newest at the top.", "This page tells the consultation step by "
                       "step.")) if newest_first else "Entries are listed oldest first.")
    d.slot()
    order = list(reversed(entries)) if newest_first else entries
    # dates of entries are written in page order, so that a date without its year takes it from above
    for i, (day, make) in enumerate(order):
        label = {"update": f"Update: {d.date(day, 'long')}", "bracket": f"[{d.date(day, 'numeric')}]",
                 "numeric": d.date(day, "numeric"), "long": d.date(day, "long")}[entry_style]
        body = make(d)
        d.raw(label + "\n" + "\n".join(wrap(body, d.width)))
        if i == len(order) // 2 and rng.random() < 0.5:
            d.flush_notes()
            with d.quiet():
                d.raw(head + " " * rng.randint(20, 40) + "Page 2 of 2")
    d.flush_notes()
    d.slot()
    d.pad(ph.target(rng), ph.pad_page)
    with d.quiet():
        d.raw("www.smartdcc.co.uk")
    text = d.render()
    gold = Gold(source, "update_log", title, page_date, "DCC", ("update log",), [c], decisions, d.mentions)
    return text, gold
