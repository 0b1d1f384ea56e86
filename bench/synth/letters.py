"""Government letters: the Department's response to consultations (DCC's
and its own) with a direction re-designating SMETS1 documents (TMAD, S1SR,
SVTAD), and the earlier letters designating a new version of the Smart
Energy Code.  Letterhead, addressees, date, "Dear Colleague", a title in
capitals or in mixed case, numbered paragraphs under optional headings,
footnotes and page furniture, the direction, the signature and the list of
annexes."""

from __future__ import annotations

import datetime as dt
import random

from . import phrases as ph
from .gold import Consultation, Decision, Gold
from .text import Doc
from .world import DOCUMENTS, Department, between, department, person, plus, weekday, words

SMIP = "Smart Metering Implementation Programme"


# --- the parts every letter has -------------------------------------------------------------


def letterhead(d: Doc, dept: Department, on: dt.date, ocr: bool) -> None:
    rng = d.rng
    long = rng.choice(dept.long)
    if ocr and dept.ocr and rng.random() < 0.6:
        long = dept.ocr[0]
    address = rng.choice(dept.addresses)
    web = dept.web.replace("gov.uk", "qov.uk") if ocr and rng.random() < 0.5 else dept.web
    name = d.org(dept.name, long)
    form = rng.randrange(4)
    if form == 0:
        lines = [name, *address.split("\n"), web]
    elif form == 1:  # the name over two lines, the address set to the right
        head, _, tail = name.partition(", ") if ", " in name else name.rpartition(" for ")
        first = head + ("," if ", " in name else " for")
        pad = " " * rng.randint(8, 14)
        addr = address.split("\n")
        lines = [" " + first, " " + tail + pad + addr[0]] + [" " * (len(tail) + len(pad) + 1) + a for a in addr[1:]]
        lines.append(" " * (len(tail) + len(pad) + 1) + web)
    elif form == 2:
        lines = [name, "", d.org("SMIP", SMIP), *address.split("\n")]
    else:
        lines = [name, *address.split("\n"), "", "T: +44 (0)20 7215 5000", web]
    d.raw("\n".join(lines))


ADDRESSEES = (
    ("The Authority (Ofgem), the SEC Panel, SEC Parties and\nother interested parties",
     ("Ofgem", "SEC Panel", "SEC Parties", "other interested parties")),
    ("To: Smart DCC Ltd, the Authority (Ofgem), the SEC Panel, SEC Parties and other\ninterested parties",
     ("DCC", "Ofgem", "SEC Panel", "SEC Parties", "other interested parties")),
    ("Smart DCC Ltd\nThe Authority (Ofgem)\nThe SEC Panel\nSEC Parties and other interested parties",
     ("DCC", "Ofgem", "SEC Panel", "SEC Parties", "other interested parties")),
    ("The Authority (Ofgem)\nThe SEC Panel\nSEC Parties\nOther interested parties",
     ("Ofgem", "SEC Panel", "SEC Parties", "other interested parties")),
    ("To: the Authority (Ofgem), the SEC Panel, SEC Parties\nand other interested parties",
     ("Ofgem", "SEC Panel", "SEC Parties", "other interested parties")),
)


def addressees(d: Doc) -> None:
    text, names = d.rng.choice(ADDRESSEES)
    for n in names:
        d.org(n)
    d.raw(text)


def letter_date(d: Doc, on: dt.date) -> None:
    style = d.rng.choice(("long", "long", "ordinal", "weekday,", "date:"))
    if style == "date:":
        d.raw("Date: " + d.date(on, "long"))
    else:
        d.raw(d.date(on, style))


def signature(d: Doc, dept: Department, ocr: bool) -> None:
    rng = d.rng
    name = d.person(person(rng))
    post = rng.choice((  # a post, the programme named in it or not
        lambda: (f"Deputy Director, {d.org('SMIP', SMIP)}",),
        lambda: ("Deputy Director & Head of Delivery,", d.org("SMIP", SMIP)),
        lambda: ("Head of SMETS1 Policy", d.org("SMIP", SMIP)),
        lambda: ("Head of Smart Metering Regulation", d.org("SMIP", SMIP)),
        lambda: ("Head of SMETS1 Transition",),
    ))()
    long = rng.choice(dept.ocr if ocr and dept.ocr else dept.long)
    behalf = rng.randrange(3)
    lines = [rng.choice(("Yours faithfully,", "Yours faithfully,", "Yours sincerely,")), ""]
    if ocr and rng.random() < 0.5:
        lines += [rng.choice(("(NYW", "(AP", " ,l/\"L_", "  /{-\\7 O")), ""]
    lines += [name, *post]
    if behalf == 0:
        sot = d.org("Secretary of State", "Secretary of State")
        text = f"(An official of the {d.org(dept.name, long)} authorised to act on behalf of the {sot})"
        from .text import wrap
        lines += [""] + wrap(text, d.width)
    elif behalf == 1:
        sot = d.org("Secretary of State", "Secretary of State")
        lines += [d.org(dept.name, long), "Acting on behalf of the " + sot]
    else:
        lines += [d.org(dept.name, long),
                  "For and on behalf of the " + d.org("Secretary of State", "Secretary of State")]
    d.raw("\n".join(lines))


def direction_preamble(d: Doc) -> str:
    d.org("DCC")
    for n in ("DCC Licence", "Electricity Act 1989", "Gas Act 1986", "SEC"):
        d.doc(n)
    d.org("Secretary of State")
    return ('This direction is made for the purposes of the smart meter communication licences granted to Smart DCC '
            'Ltd under the Electricity Act 1989 and the Gas Act 1986 (such licences being the "DCC Licence") and the '
            'Smart Energy Code designated by the Secretary of State pursuant to the DCC Licence (such code being the '
            '"SEC").')


def interpretation(d: Doc) -> str:
    d.doc("SEC Section A")
    d.doc("SEC")
    return ("Words and expressions used in this direction shall be interpreted in accordance with Section A "
            "(Definitions and Interpretation) of the SEC.")


def pursuant(d: Doc) -> str:
    d.doc("DCC Licence Condition 22")
    d.doc("DCC Licence")
    d.doc("SEC Section X5")
    d.doc("SEC")
    long = d.rng.random() < 0.6
    x5 = "Section X5 (Incorporation of Certain Documents into this Code)" if long else "Section X5"
    return f"Pursuant to Condition 22 of the DCC Licence and {x5} of the SEC"


# --- SMETS1 re-designation letters -------------------------------------------------------------


def smets1_letter(rng: random.Random, source: str) -> tuple[str, Gold]:
    ocr = rng.random() < 0.35
    d = Doc(rng, width=rng.randint(74, 92), ocr=0.08 if ocr else 0.0)
    on = weekday(rng, dt.date(2019, 9, 1), dt.date(2026, 6, 30))
    dept = department(on)
    style = rng.choice(("long", "long", "long", "ordinal"))
    available = [n for n, g in DOCUMENTS.items() if g.since < on - dt.timedelta(days=120)]
    docs = sorted(rng.sample(available, min(len(available), 2 if rng.random() < 0.3 else 1)),
                  key=["TMAD", "S1SR", "SVTAD"].index)

    # what happened, backwards from the letter's date
    effective = on if rng.random() < 0.25 else plus(on, rng.randint(3, 20))
    gov = rng.random() < 0.4
    t = on - dt.timedelta(days=rng.randint(4, 12))
    consultations: list[Consultation] = []
    gov_c = None
    if gov:
        closed = t
        opened = closed - dt.timedelta(days=rng.choice((7, 10, 14)))
        gov_c = Consultation(dept.name, tuple(docs), opened, closed, rng.randint(1, 5))
        t = opened - dt.timedelta(days=rng.randint(3, 10))
    separate = len(docs) == 2 and rng.random() < 0.5
    groups = [[n] for n in docs] if separate else [docs]
    for i, group in enumerate(groups):
        concl = t - dt.timedelta(days=rng.randint(0, 5) + 8 * i)
        closed = concl - dt.timedelta(days=rng.randint(8, 25))
        opened = closed - dt.timedelta(days=rng.choice((14, 21, 21, 28)))
        consultations.append(Consultation("DCC", tuple(group), opened, closed, rng.randint(2, 12), concl))
    consultations.reverse()  # oldest first
    headings = rng.random() < 0.6
    numbering = "hanging" if rng.random() < 0.2 else "plain"

    # --- head
    head_form = rng.randrange(3)
    letterhead(d, dept, on, ocr)
    if head_form == 0:
        addressees(d)
        letter_date(d, on)
    else:
        letter_date(d, on)
        addressees(d)
    d.raw("Dear Colleague,")

    # --- title
    kinds = {"direction"}
    upper = rng.random() < 0.6
    names = " AND ".join(("THE " + DOCUMENTS[n].full[0].upper()) for n in docs)
    names_mixed = " and ".join(("the " + DOCUMENTS[n].full[0]) for n in docs)
    for n in docs:
        d.doc(n)
    title_form = rng.randrange(4)
    if upper:
        d.org("SMIP")
        if title_form == 0:
            title = f"{SMIP.upper()}: GOVERNMENT RESPONSE AND DIRECTION TO RE-DESIGNATE {names}"
            kinds.add("government response")
        elif title_form == 1:
            title = f"{SMIP.upper()}: RE-DESIGNATION OF {names} TO SUPPORT THE DCC SMETS1 SERVICE"
            d.org("DCC")
        elif title_form == 2:
            title = f"SMART METERING IMPLEMENTATION PROGRAMME: DIRECTION TO RE-DESIGNATE {names}"
        else:
            title = (f"SMART METERING IMPLEMENTATION PROGRAMME: GOVERNMENT RESPONSE ON CHANGES TO {names} AND "
                     f"DIRECTION")
            kinds.add("government response")
        from .text import wrap
        title_text = "\n".join(wrap(title, d.width))
    else:
        if title_form in (0, 1):
            d.org("SMIP")
            title = f"{SMIP}: Government response on the re-designation of {names_mixed}, and direction"
            kinds.add("government response")
        elif title_form == 2:
            d.org("SMIP")
            title = f"{SMIP} - re-designation of {names_mixed}: Government response and direction"
            kinds.add("government response")
        else:
            title = f"Re-designation of {names_mixed}"
        from .text import wrap
        title_text = "\n".join(wrap(title, d.width))
    d.raw(title_text)
    if not upper and headings and rng.random() < 0.5:
        d.heading(rng.choice(("Summary", "Introduction", "Purpose of this letter")))

    # --- paragraph 1
    all_c = consultations + ([gov_c] if gov_c else [])
    n_c = len(all_c)
    form = rng.randrange(4)
    if form == 0:
        what = words(n_c) + " consultations" if n_c > 1 else "a consultation"
        d.para(f"This letter constitutes the Government's response to {what} "
               f"on {ph.docs_phrase(d, docs, ocr=ocr)} and a direction to re-designate "
               f"{'them' if len(docs) > 1 else 'it'}.", numbered=True)
        kinds.add("government response")
    elif form == 1:
        d.para(f"This letter sets out the Government's response to the consultations on changes to "
               f"{ph.docs_phrase(d, docs, ocr=ocr)}, and the direction that gives effect to the changes."
               if n_c > 1 else
               f"This letter sets out the Government's response to the consultation on changes to "
               f"{ph.docs_phrase(d, docs, ocr=ocr)}, and the direction that gives effect to the changes.",
               numbered=True)
        kinds.add("government response")
    elif form == 2:
        first = docs[0]
        g = DOCUMENTS[first]
        prev_version = ph.version_of(rng, first, on)[1]
        when = between(rng, g.since, consultations[0].opened - dt.timedelta(days=30))
        sentence = (f"The {ph.full_doc(d, first, ocr=ocr)} sets out {ph.PURPOSES[first][0]}. "
                    f"Version {prev_version} of the {ph.short_doc(d, first)} was re-designated by the "
                    f"{d.org('Secretary of State', 'Secretary of State')} on {d.date(when, style)}.")
        d.para(sentence, numbered=True)
        restated_list = [Decision("designation", "Secretary of State", when, None, first, prev_version)]
    else:
        d.para(f"This letter gives the Government's decision on {ph.docs_phrase(d, docs, ocr=ocr)} following "
               f"{'the consultations' if n_c > 1 else 'the consultation'} described below.", numbered=True)
        kinds.add("government response")
    if form != 2:
        restated_list = []

    # --- the consultations
    used: set[int] = set()
    page = 0
    for i, c in enumerate(consultations):
        if headings:
            d.heading(rng.choice((f"Changes to the {ph.short_doc(d, c.subjects[0])}",
                                  f"{d.org('DCC', 'DCC')}'s consultation on the {ph.short_doc(d, c.subjects[0])}",
                                  f"The {ph.short_doc(d, c.subjects[0])} consultation")))
        intro = ph.dcc_intro(d, c, style, ocr)
        if rng.random() < (0.7 if ocr else 0.3):  # a footnote marker glued to the sentence, the note below
            slug = "-".join(c.subjects).lower() + rng.choice(("-changes", "-consultation", "-migration"))
            intro = d.note(intro, f"See https://www.smartdcc.co.uk/customer-engagement/{slug}/ for the "
                                  f"consultation documents.")
            intro += " " + ph.filler_sentence(d)
        d.para(intro, numbered=True)
        if rng.random() < 0.5:
            d.para(ph.responses(d, c) + " " + ph.support(d, c) + " " + ph.conclusions(d, c, dept.name, style),
                   numbered=True)
        else:
            d.para(ph.conclusions(d, c, dept.name, style, with_count=True) + " " + ph.support(d, c), numbered=True)
        if rng.random() < 0.5:
            d.para(ph.filler(d, rng.randint(2, 3), used), numbered=True, noisy=True)
        d.flush_notes()
        if not headings and rng.random() < 0.5:  # the foot of a page: a page number (then a numbered paragraph)
            page += 1
            with d.quiet():
                d.raw(rng.choice((" " * rng.randint(40, 70) + str(page), f"- {page} -", f"Page {page}")))
        d.slot()
    if gov_c:
        if headings:
            d.heading(rng.choice(("Government consultation on the re-designation date",
                                  "Our consultation on the date", "Re-designation date")))
        d.para(_gov_consultation(d, gov_c, style, headings, ocr), numbered=True)

    # --- conclusion
    if headings:
        d.heading(rng.choice(("Conclusion", "Decision")))
    d.para(rng.choice((
        "Having considered the responses, the Government has decided to re-designate "
        + ("both documents" if len(docs) > 1 else "the " + ph.short_doc(d, docs[0])) + " as proposed.",
        "Considering the responses to the consultations, Government believes that it is appropriate to make the "
        "re-designation as proposed.",
        f"Having considered {d.org('DCC', 'DCC')}'s conclusions and the responses, the Government is content for the "
        "changes to be made.")), numbered=True)
    if rng.random() < 0.5:
        d.para(ph.filler(d, rng.randint(2, 4), used), numbered=True, noisy=True)
    d.slot()
    d.pad(ph.target(rng), ph.pad_letter)

    # --- direction
    d.heading("Direction")
    d.para(direction_preamble(d))
    if rng.random() < 0.5:
        d.para(interpretation(d))
    versions = {n: ph.version_of(rng, n, on) for n in docs}
    labels = {}
    letters = iter("ABCDEFGH")
    for n in docs:
        labels[n] = (next(letters), next(letters))
    decisions = []
    for n in docs:
        decisions.append(Decision("designation", "Secretary of State", on, effective, n, versions[n][0]))
        d.para(_formula(d, n, effective, on, labels[n][0], style))
    d.para(f"This direction is also being notified to the {d.org('SECAS', 'SEC Administrator')} and an updated version "
           f"of the {d.doc('SEC', 'SEC')} to reflect these changes will be available on the SEC website in due course.")
    signature(d, dept, ocr)
    _annexes(d, docs, versions, labels)

    text = _render(d, numbering)
    gold = Gold(source, "smets1_letter", " ".join(title_text.split()), on, dept.name, tuple(sorted(kinds)),
                all_c, restated_list + decisions, d.mentions)
    return text, gold


def _gov_consultation(d: Doc, c: Consultation, style: str, headings: bool, ocr: bool) -> str:
    """The Department's own consultation on the re-designation date."""
    rng = d.rng
    docs = list(c.subjects)
    what = ph.docs_phrase(d, docs, first=False, ocr=ocr)
    proposed = plus(c.closed, rng.randint(7, 25))
    form = rng.randrange(3 if headings else 2)
    if form == 0:
        s = (f"The Department sought views between {ph.date_range(d, c.opened, c.closed, style)} on re-designating "
             f"{what} on {d.date(proposed, style)}, or as soon as reasonably practicable within one month after "
             f"that date.")
    elif form == 1:
        dept = d.org(c.run_by, c.run_by)
        s = (f"In its consultation, which closed on {d.date(c.closed, style)}, {dept} sought views on a "
             f"re-designation date of {d.date(proposed, style)} for the revised {what}.")
        c.opened = None
    else:
        s = (f"In parallel, we asked stakeholders, in a short consultation that closed on {d.date(c.closed, style)}, "
             f"whether the revised {what} should be re-designated on {d.date(proposed, style)}.")
        c.opened = None
    n = c.responses
    if n == 1:
        s += " One response was received, which agreed with the proposed date."
    else:
        s += f" We received {words(n)} responses, all of which agreed with the proposed date."
    return s


def _formula(d: Doc, name: str, effective: dt.date, on: dt.date, label: str, style: str) -> str:
    rng = d.rng
    g = DOCUMENTS[name]
    doc = ph.full_doc(d, name)
    appendix = f" as Appendix {g.appendix}" if name != "SVTAD" else ""
    sot = d.org("Secretary of State", "the Secretary of State")
    if effective == on and rng.random() < 0.5:
        return (f"{pursuant(d)}, {sot} directs that the {doc}, previously designated and incorporated into the "
                f"SEC{appendix}, is hereby re-designated on the date of this direction and incorporated in the form "
                f"set out at Annex {label} of this direction.")
    when = d.date(effective, style)
    if rng.random() < 0.5:
        return (f"{pursuant(d)}, {sot} directs that with effect from {when} the {doc}, previously designated and "
                f"incorporated into the SEC{appendix}, is hereby re-designated and incorporated in the form set out "
                f"at Annex {label} of this direction.")
    return (f"{pursuant(d)}, {sot} directs that, with effect from {when}, the {doc} previously designated and "
            f"incorporated into the SEC{appendix} is hereby re-designated and incorporated in the form set out in "
            f"Annex {label} of this direction.")


def _annexes(d: Doc, docs: list[str], versions: dict, labels: dict) -> None:
    rng = d.rng
    form = rng.randrange(3)
    lines = [rng.choice(("Annexes (separate documents)", "Annexes"))] if form != 2 else []
    if form == 2:
        lines.append("Annex   Document                   Version   Form")
    for n in docs:
        g = DOCUMENTS[n]
        new, old = versions[n]
        clean, marked = labels[n]
        if n != "SVTAD":
            d.doc("SEC")
            what = f"SEC Appendix {g.appendix} - {DOCUMENTS[n].full[0]} ({n})"
            short = f"SEC Appendix {g.appendix} - {n}"
        else:
            what = short = "SMETS1 SVTAD"
        d.doc(n)
        prefix = rng.choice(("v", "Version ", f"{g.appendix} ")) if n != "SVTAD" else rng.choice(("v", "version "))
        if form == 0:
            lines.append(f"Annex {clean}: {what} {prefix}{new} clean")
            lines.append(f"Annex {marked}: {what} {prefix}{new} - marked up against {prefix}{old}")
        elif form == 1:
            lines.append(f"Annex {clean} - {short}, {prefix.strip()} {new} (clean)".replace("v ", "v"))
            lines.append(f"Annex {marked} - {short}, {prefix.strip()} {new} (marked up against {prefix.strip()} {old})"
                         .replace("v ", "v"))
        else:
            v = f"{g.appendix} {new}" if n != "SVTAD" else new
            o = f"{g.appendix} {old}" if n != "SVTAD" else old
            lines.append(f"{clean:<8}{short:<27}{v:<10}clean")
            lines.append(f"{marked:<8}{short:<27}{v:<10}marked up against {o}")
    d.raw("\n".join(lines))


def _render(d: Doc, numbering: str) -> str:
    return d.render(numbering)


# --- SEC designation letters (2013-2018) ---------------------------------------------------------


def sec_letter(rng: random.Random, source: str) -> tuple[str, Gold]:
    """A letter designating a new version of the Smart Energy Code after the Government's consultation."""
    d = Doc(rng, width=rng.randint(78, 90))
    on = weekday(rng, dt.date(2013, 9, 1), dt.date(2018, 6, 30))
    dept = department(on)
    style = rng.choice(("long", "long", "ordinal"))
    major, minor = 1 + (on.year - 2013) + rng.randint(0, 1), rng.randint(2, 19)
    new, prev = f"{major}.{minor}", f"{major}.{minor - 1}"
    closed = plus(on, -rng.randint(25, 60))
    opened = plus(closed, -rng.choice((21, 28, 35)))
    n = rng.randint(3, 15)
    c = Consultation(dept.name, ("SEC",), opened, closed, n)
    effective = on if rng.random() < 0.5 else plus(on, rng.randint(3, 14))
    section = rng.choice((("X", "Transition"), ("A", "Definitions and Interpretation"), ("D", "Modification Process")))
    letterhead(d, dept, on, False)
    addressees(d)
    letter_date(d, on)
    d.raw("Dear Colleague,")
    kinds = {"direction"}
    d.org("SMIP")
    d.doc("SEC")
    d.doc(f"SEC Section {section[0]}")
    if rng.random() < 0.5:
        title = (f"SMART METERING IMPLEMENTATION PROGRAMME: GOVERNMENT RESPONSE ON CHANGES TO SECTION {section[0]} "
                 f"({section[1].upper()}) OF THE SMART ENERGY CODE AND DIRECTION TO DESIGNATE SEC VERSION {new}")
        kinds.add("government response")
    else:
        title = (f"SMART METERING IMPLEMENTATION PROGRAMME: DESIGNATION OF SMART ENERGY CODE VERSION {new} "
                 f"({section[1].upper()})")
    from .text import wrap
    title_text = "\n".join(wrap(title, d.width))
    d.raw(title_text)
    sec = d.doc("SEC", "Smart Energy Code (SEC)")
    d.para(f"This letter gives the Government's conclusions on proposed changes to Section {section[0]} "
           f"({section[1]}) of the {sec} and sets out a direction designating a new version of the SEC that contains "
           f"them.", numbered=True)
    if rng.random() < 0.5:
        d.para(f"The Government consulted on the proposed changes to the {d.doc('SEC', 'Smart Energy Code')} from "
               f"{ph.date_range(d, opened, closed, style, lead='from')}. " + ph.filler_para(d, 1), numbered=True)
    else:
        d.para(f"On {d.date(opened, style)} we published a consultation on further changes to the "
               f"{d.doc('SEC', 'Smart Energy Code')}. The consultation closed on {d.date(closed, style)}.",
               numbered=True)
    d.para(ph.responses(d, c, runner=dept.name) + " " + ph.support(d, c), numbered=True)
    restated = []
    if rng.random() < 0.5:
        last = plus(opened, -rng.randint(20, 60))
        restated.append(Decision("designation", "Secretary of State", last, None, "SEC", prev))
        d.para(f"The SEC was last changed on {d.date(last, style)}, when the "
               f"{d.org('Secretary of State', 'Secretary of State')} designated SEC version {prev}. The changes "
               f"described in this letter are made to that version.", numbered=True)
    d.slot()
    d.para("Having considered the responses, the Government has decided to proceed with the changes as consulted on.",
           numbered=True)
    d.pad(ph.target(rng), ph.pad_letter)
    d.heading("Direction")
    d.para(direction_preamble(d))
    if effective == on:
        d.para(f"{pursuant(d)}, the {d.org('Secretary of State', 'Secretary of State')} hereby designates the text set "
               f"out at Annex A as version {new} of the Smart Energy Code, with effect from the date of this "
               f"direction.")
    else:
        d.para(f"{pursuant(d)}, the {d.org('Secretary of State', 'Secretary of State')} hereby designates the version "
               f"of the Smart Energy Code set out at Annex A (SEC version {new}), to take effect on "
               f"{d.date(effective, style)}.")
    signature(d, dept, False)
    d.raw(f"Annex A: Smart Energy Code version {new} (clean)\n"
          f"Annex B: Changes to Section {section[0]}, marked up against SEC version {prev}")
    text = d.render()
    decisions = restated + [Decision("designation", "Secretary of State", on, effective, "SEC", new)]
    gold = Gold(source, "sec_letter", " ".join(title_text.split()), on, dept.name, tuple(sorted(kinds)), [c],
                decisions, d.mentions)
    return text, gold
