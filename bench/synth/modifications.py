"""SEC modification records kept by SECAS: a modification's page with its
fields and progress as tables between pipes, the same as "Field: value"
lines with an ISO-dated timeline, and the status report of several
modifications set in columns under a rule of dashes.  Their consultations
(Refinement Consultation, Modification Report Consultation) are known by the
table rows that date them; the Authority's decision by the row or line that
says it approved or rejected the change."""

from __future__ import annotations

import datetime as dt
import random

from . import phrases as ph
from .gold import Consultation, Decision, Gold
from .text import Doc
from .world import plus, weekday

TITLES = ("Allow suppliers to request a SMETS1 re-migration", "Extend the SMETS1 migration retry window",
          "Retire dual-band reporting for SMETS1 meters", "Clarify SMETS1 Service Provider reporting obligations",
          "Align alert filtering for SMETS1 meters", "Correct the definition of a dormant installation",
          "Remove duplicate clauses for SMETS1 meters", "Allow repeat pairing checks after migration")


def _affected(d: Doc, rng: random.Random, in_table: bool) -> str:
    """The documents a modification changes, as its record names them."""
    name = rng.choice(("TMAD", "S1SR"))
    appendix = {"TMAD": "AL", "S1SR": "AM"}[name]
    long = {"TMAD": "SMETS1 Transition and Migration Approach Document", "S1SR": "SMETS1 Supporting Requirements"}
    if rng.random() < 0.5:
        # "SEC Appendix AM" names the SEC too, where names are read through (not in a table's cells)
        d.doc(name, also=(() if in_table else (("document", "SEC"),)))
        return f"SEC Appendix {appendix} ({long[name]})"
    d.doc(name)
    return f"{long[name]} (Appendix {appendix})"


def _timeline(rng: random.Random, raised: dt.date, approve: bool):
    rc_open = plus(raised, rng.randint(40, 70))
    rc_close = plus(rc_open, 21)
    mrc_open = plus(rc_close, rng.randint(30, 50))
    mrc_close = plus(mrc_open, 21)
    board = plus(mrc_close, rng.randint(14, 25))
    decision = plus(board, rng.randint(20, 40))
    implemented = plus(decision, rng.randint(30, 60)) if approve else None
    return rc_open, rc_close, mrc_open, mrc_close, board, decision, implemented


def mod_record(rng: random.Random, source: str) -> tuple[str, Gold]:
    """A modification's page: fields and progress as pipe tables."""
    d = Doc(rng, width=100)
    raised = weekday(rng, dt.date(2016, 1, 1), dt.date(2025, 1, 1))
    approve = rng.random() < 0.7
    rc_o, rc_c, mrc_o, mrc_c, board, decision, implemented = _timeline(rng, raised, approve)
    updated = plus(implemented or decision, rng.randint(1, 10))
    ref = f"SECMP{rng.randint(10, 300):04d}"
    title_words = rng.choice(TITLES)
    n1, n2 = rng.randint(2, 12), rng.randint(2, 9)
    num = lambda day: d.date(day, "numeric")  # noqa: E731
    with d.quiet():
        d.raw(f"Smart Energy Code\nHome > Modifications > {ref}")
    d.doc("SEC")
    title = f"{ref} '{title_words}'"
    d.heading(title)
    d.raw(f"Published by {d.org('SECAS', 'SECAS')} on behalf of the {d.org('SEC Panel', 'SEC Panel')}")
    proposer = rng.choice(("DCC", "SECAS"))
    d.org(proposer)
    cohort = rng.choice(("IOC", "MOC MDS", "MOC Secure", "FOC"))
    d.cohort(cohort)
    printed_cohort = {"IOC": "IOC", "MOC MDS": "MOC (MDS)", "MOC Secure": "MOC (Secure)", "FOC": "FOC"}[cohort]
    affected = _affected(d, rng, in_table=True)
    status = "Approved - implemented" if approve else "Rejected"
    fields = ["Modification record", "| Field | Detail |", f"| Reference | {ref} |", f"| Title | {title_words} |",
              f"| Proposer | {proposer} |", f"| Raised: | {num(raised)} |",
              "| Path | Path 2 - Authority Determination |", f"| Status | {status} |",
              f"| Documents affected | {affected} |", f"| Cohorts affected | {printed_cohort} |"]
    d.raw("\n".join(fields))
    d.org("Ofgem")
    verdict = "Approved by the Authority" if approve else "Rejected by the Authority"
    rows = ["Progress", "| Stage | Date(s) | Notes |",
            f"| Raised | {num(raised)} | Presented to the SEC Panel |",
            f"| Refinement Consultation | {num(rc_o)} - {num(rc_c)} | {n1} responses |",
            f"| Modification Report Consultation | {num(mrc_o)} - {num(mrc_c)} | {n2} responses; |",
            "| | | all supportive |",
            f"| Change Board | {num(board)} | Recommended {'approval' if approve else 'rejection'} |",
            f"| Authority decision | {num(decision)} | {verdict} |"]
    if implemented:
        rows.append(f"| Implementation | {num(implemented)} | SEC Release |")
    d.raw("\n".join(rows))
    d.slot()
    d.raw(f"Last updated: {num(updated)}")
    with d.quiet():
        d.raw("Cookie settings | Accessibility | Contact SECAS")
    consultations = [Consultation("SECAS", (), rc_o, rc_c, n1, title="Refinement Consultation"),
                     Consultation("SECAS", (), mrc_o, mrc_c, n2, title="Modification Report Consultation")]
    decisions = [Decision("approval" if approve else "rejection", "Ofgem", decision, implemented)]
    d.pad(ph.target(rng), ph.pad_plain)
    text = d.render()
    return text, Gold(source, "mod_record", title, updated, "SECAS", ("modification record",), consultations,
                      decisions, d.mentions)


def mod_timeline(rng: random.Random, source: str) -> tuple[str, Gold]:
    """A modification's record as "Field: value" lines and an ISO-dated timeline."""
    d = Doc(rng, width=rng.randint(80, 96))
    raised = weekday(rng, dt.date(2016, 1, 1), dt.date(2025, 1, 1))
    approve = rng.random() < 0.7
    rc_o, rc_c, mrc_o, mrc_c, board, decision, implemented = _timeline(rng, raised, approve)
    updated = plus(implemented or decision, rng.randint(1, 10))
    ref = f"SECMP{rng.randint(10, 300):04d}"
    n1, n2 = rng.randint(2, 12), rng.randint(2, 9)
    title = f"{ref} - {rng.choice(TITLES)}"
    with d.quiet():
        d.raw(f"Smart Energy Code > Modifications > {ref}")
    d.heading(title)
    d.raw("Modification Proposal record")
    proposer = rng.choice(("DCC", "SECAS"))
    d.org(proposer)
    affected = _affected(d, rng, in_table=False)
    d.raw(f"Reference: {ref}\nProposer: {proposer}\nRaised: {d.date(raised, 'dmy-')}\n"
          f"Current status: {'Closed - implemented' if approve else 'Closed - rejected'}\n"
          f"Decision route: Path 2 (Authority determination)\nDocuments affected: {affected}")
    iso = lambda day: d.date(day, "iso")  # noqa: E731
    lines = ["Timeline",
             f"{iso(raised)}  Raised and presented to the {d.org('SEC Panel', 'SEC Panel')}",
             f"{iso(rc_o)}  Refinement Consultation issued (closed {iso(rc_c)}; {n1} responses)",
             f"{iso(mrc_o)}  Modification Report Consultation issued (closed {iso(mrc_c)};",
             f"            {n2} responses)",
             f"{iso(board)}  Change Board vote: recommend {'approval' if approve else 'rejection'}",
             f"{iso(decision)}  {d.org('Ofgem', 'Ofgem')} decision: {'approved' if approve else 'rejected'}"]
    if implemented:
        lines.append(f"{iso(implemented)}  Implemented in the {d.month(implemented)} {d.doc('SEC', 'SEC')} Release")
    d.raw("\n".join(lines))
    d.slot()
    d.raw(f"Page last updated {d.date(updated, 'dmy-')} by {d.org('SECAS', 'SECAS')}")
    consultations = [Consultation("SECAS", (), rc_o, rc_c, n1), Consultation("SECAS", (), mrc_o, mrc_c, n2)]
    decisions = [Decision("approval" if approve else "rejection", "Ofgem", decision, implemented)]
    d.pad(ph.target(rng), ph.pad_plain)
    text = d.render()
    return text, Gold(source, "mod_timeline", title, updated, "SECAS", ("modification record",), consultations,
                      decisions, d.mentions)


def status_report(rng: random.Random, source: str) -> tuple[str, Gold]:
    """A status report of several modifications, set in columns under a rule of dashes."""
    d = Doc(rng, width=rng.randint(80, 96))
    issued = weekday(rng, dt.date(2016, 6, 1), dt.date(2026, 3, 1))
    panel = plus(issued, 7)
    title = "SEC Modification Proposals - Status Report"
    d.raw(f"{title}" + " " * 26 + f"Issued: {d.date(issued, 'numeric')}")
    d.raw(f"Prepared by {d.org('SECAS', 'SECAS')} for the {d.org('SEC Panel', 'SEC Panel')} meeting of "
          f"{d.date(panel, 'numeric')}")
    d.doc("SEC")
    header = (f"{'Ref':<11}{'Title':<39}{'Proposer':<10}{'Raised':<12}{'Consultation':<24}{'Resp.':<7}Decision\n"
              f"{'-' * 9}  {'-' * 37}  {'-' * 8}  {'-' * 10}  {'-' * 22}  {'-' * 5}  {'-' * 30}")
    lines = [header]
    consultations: list[Consultation] = []
    decisions: list[Decision] = []
    for k in range(rng.randint(2, 4)):
        ref = f"SECMP{rng.randint(10, 300):04d}"
        proposer = rng.choice(("DCC", "SECAS"))
        d.org(proposer)
        name = rng.choice(("TMAD", "S1SR"))
        d.doc(name)
        words_ = rng.choice(TITLES).split()
        t1, t2 = " ".join(words_[:4]), " ".join(words_[4:]) or "(SMETS1)"
        doc_line = {"TMAD": "(Transition and Migration", "S1SR": "(SMETS1 Supporting"}[name]
        doc_line2 = {"TMAD": "Approach Document)", "S1SR": "Requirements)"}[name]
        o = plus(issued, -rng.randint(60, 120))
        c = plus(o, 21)
        raised = plus(o, -rng.randint(30, 80))
        n = rng.randint(2, 9)
        kind = rng.choice(("RC", "MRC"))
        state = rng.randrange(3)
        cons = f"{kind} {d.date(o, 'numeric2')}-{d.date(c, 'numeric2')}"
        consultations.append(Consultation("SECAS", (), o, c, n, title=cons))
        if state == 0:
            day = plus(c, rng.randint(20, 40))
            eff = plus(day, rng.randint(30, 50))
            if day >= issued:
                day, eff = plus(issued, -3), plus(issued, 30)
            dec = ["Approved by the Authority", f"{d.date(day, 'numeric')}; implementation",
                   f"{d.date(eff, 'numeric')} (next SEC Release)"]
            decisions.append(Decision("approval", "Ofgem", day, eff))
            d.org("Ofgem")
        elif state == 1:
            sent = plus(c, 14)
            dec = ["Sent to the Authority", f"{d.date(sent, 'numeric')}; decision awaited", ""]
            d.org("Ofgem")
        else:
            dec = ["Report Phase", "", ""]
        cols = [(ref, t1, proposer, d.date(raised, "numeric"), cons, str(n), dec[0]),
                ("", t2, "", "", "", "", dec[1]), ("", doc_line, "", "", "", "", dec[2]),
                ("", doc_line2, "", "", "", "", "")]
        for row in cols:
            if not any(row):
                continue
            lines.append(f"{row[0]:<11}{row[1]:<39}{row[2]:<10}{row[3]:<12}{row[4]:<24}{row[5]:<7}{row[6]}".rstrip())
    d.raw("\n".join(lines))
    d.slot()
    d.raw("Key\nRC = Refinement Consultation; MRC = Modification Report Consultation\n"
          "Dates are dd/mm/yyyy (dd/mm/yy in the Consultation column).\n"
          f"The Authority is the Gas and Electricity Markets Authority ({d.org('Ofgem', 'Ofgem')}).")
    d.pad(ph.target(rng), ph.pad_plain)
    text = d.render()
    return text, Gold(source, "status_report", title, issued, "SECAS", ("modification record",), consultations,
                      decisions, d.mentions)
