"""How texts are cut and read, on small texts made for each case: what must
and must not become a footnote, a heading, a fact."""

from __future__ import annotations

import datetime as dt
import hashlib

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.build import read_text
from graph.documents import Document
from graph.extractors.common import Reading
from graph.extractors.table_rows import cell_mentions, rows, tables
from graph.facts import When
from graph.segments import segment
from graph.triples import _literal, to_graph


def document(text: str, name: str = "t.txt") -> Document:
    return Document(name, hashlib.sha256(text.encode()).hexdigest(), "text/plain", "utf-8", text, (0,))


def facts_of(text: str) -> dict[str, set]:
    """``{prop: {value, ...}}`` over every fact of the text."""
    out: dict[str, set] = {}
    for f in read_text(document(text)).facts:
        out.setdefault(f.prop, set()).add(f.value.key if hasattr(f.value, "key") else f.value)
    return out


LETTER = "Dear Colleague,\n\n{body}\n\nYours faithfully,\n\nJane Smith\n\nHead of Smart Metering\n"


def test_a_number_opening_a_wrapped_line_is_not_a_footnote():
    text = LETTER.format(body="1. Between 3 May 2022 and 24 May 2022, DCC consulted on changes to the TMAD. "
                              "DCC received\n1 response, which was supportive.\n\n2. Nothing more.")
    kinds = [s.kind for s in segment(document(text))]
    assert "footnote" not in kinds
    assert facts_of(text)["smkg:responseCount"] == {1}


def test_a_footnote_opens_a_block_or_follows_another():
    text = ("Dear Colleague,\n\n1. DCC consulted on the TMAD1 and the SVTAD2 between 3 May 2022 and 24 May 2022.\n\n"
            "1 https://example.org/tmad\n2 https://example.org/svtad\n\n2. Nothing more.\n")
    found = [(s.label, text[s.start:s.end]) for s in segment(document(text)) if s.kind == "footnote"]
    assert found == [("1", "1 https://example.org/tmad"), ("2", "2 https://example.org/svtad")]


def test_the_first_line_of_a_wrapped_paragraph_is_not_a_heading():
    text = ("Smart DCC\n\nTMAD consultation\n\nPublished: 1 March 2022\n\n"
            "The DCC opened its consultation on the TMAD on\n3 March 2022. It closes on 24 March 2022.\n")
    doc = document(text)
    assert not any(s.kind == "heading" and "opened" in text[s.start:s.end] for s in segment(doc))
    rows_ = facts_of(text)
    assert When(dt.date(2022, 3, 3)) in rows_["smkg:openedOn"]
    assert When(dt.date(2022, 3, 24)) in rows_["smkg:closedOn"]


def test_a_short_line_heading_a_block_is_a_heading():
    text = "Smart DCC\n\nTMAD consultation page\n\nHow to respond\nPlease send your response by 24 March 2022.\n"
    headings = [text[s.start:s.end] for s in segment(document(text)) if s.kind == "heading"]
    assert "How to respond" in headings


def test_a_name_over_two_lines_of_a_cell_quotes_the_text_it_was_read_from():
    text = ("Register\n\n| Ref | Proposer |\n| SECMP0001 | Department for Business, |\n"
            "| | Energy & Industrial Strategy |\n")
    doc = document(text)
    reading = Reading(doc, segment(doc))
    (table,) = tables(reading)
    cell = rows(reading, table)[1].cells[1]
    (match,) = cell_mentions(reading, cell, {"organisation"})
    assert match.entry.name == "BEIS"
    assert doc.text[match.start:match.end].startswith("Department for Business,")
    assert doc.text[match.start:match.end].endswith("Energy & Industrial Strategy")


def test_dates_keep_their_precision_as_literals():
    assert _literal(When(dt.date(2021, 2, 1), "month")) == Literal("2021-02", datatype=XSD.gYearMonth)
    assert _literal(When(dt.date(2022, 1, 1), "year")) == Literal("2022", datatype=XSD.gYear)
    assert _literal(When(dt.date(2022, 1, 5))) == Literal("2022-01-05", datatype=XSD.date)


def test_a_designation_and_a_publication_of_one_version_are_two_decisions():
    text = ("SEC news\n\nSEC Version 5.9 designated\n\nPosted on 22 March 2017 by SECAS\n\n"
            "Version 5.9 of the SEC was designated by the Secretary of State on 21 March 2017.\n\n"
            "SECAS has today published version 5.9 of the SEC, effective from 1 April 2017.\n")
    kinds = {f.subject: f.value.key for f in read_text(document(text)).facts if f.prop == "rdf:type"
             and f.subject.startswith("id:decision/")}
    assert sorted(kinds.values()) == ["smkg:Decision", "smkg:Designation"]


def test_two_texts_stating_one_thing_at_one_offset_have_their_own_evidence():
    body = "1. Between 3 May 2022 and 24 May 2022, DCC consulted on changes to the TMAD.\n\n2. Nothing more."
    first, second = document(LETTER.format(body=body), "a.txt"), document(LETTER.format(body=body) + " ", "b.txt")
    evidence = []
    for doc in (first, second):
        graph = to_graph(doc, read_text(doc))
        evidence.append({s for s in graph.subjects() if isinstance(s, URIRef) and "/evidence/" in str(s)})
    assert evidence[0] and evidence[1] and not evidence[0] & evidence[1]


def test_an_obligation_to_be_met_is_no_meeting():
    text = LETTER.format(body="1. The requirements must be met by 5 May 2022 by every supplier.\n\n2. Nothing more.")
    assert "smkg:Meeting" not in facts_of(text).get("rdf:type", set())


def test_a_letter_on_a_regulators_letterhead_is_the_regulators():
    text = ("Ofgem\n10 South Colonnade, London E14 4PU\n\nTo: DCC, SEC Parties\n\n18 January 2024\n\n"
            "Dear Colleague,\n\nDecision on the extension\n\n"
            "We have considered the request. Having considered the responses, we approve the extension.\n\n"
            "Yours faithfully,\n\nAnna Jones\n")
    found = facts_of(text)
    ofgem = "https://w3id.org/smkg/id/organisation/ofgem"
    assert found["smkg:author"] == {ofgem}
    assert ofgem not in found["smkg:addressee"]
    assert found["dcterms:title"] == {"Decision on the extension"}
    assert found["smkg:decidedBy"] == {ofgem}


def test_one_direction_re_designating_two_documents_makes_two_decisions():
    text = ("Department for Business, Energy & Industrial Strategy\n\n1 May 2022\n\nDear Colleague,\n\n"
            "RE-DESIGNATION OF THE TMAD AND THE S1SR\n\n1. We consulted between 1 and 15 April 2022.\n\n"
            "2. Nothing more.\n\nDirection\n\nPursuant to Condition 22 of the DCC Licence and Section X5 of the SEC, "
            "the Secretary of State directs that with effect from 1 May 2022 the SMETS1 Transition and Migration "
            "Approach Document and the SMETS1 Supporting Requirements, previously designated and incorporated into "
            "the SEC, are hereby re-designated in the form set out at Annexes A and C of this direction.\n\n"
            "Yours faithfully,\n\nJane Smith\n\nAnnexes (separate documents)\n\n"
            "Annex A: SEC Appendix AL - SMETS1 Transition and Migration Approach Document v5.0 clean\n\n"
            "Annex C: SEC Appendix AM - SMETS1 Supporting Requirements v3.0 clean\n")
    decided = {f.subject for f in read_text(document(text)).facts if f.prop == "smkg:designatesVersion"}
    assert decided == {"id:decision/designation/tmad/5.0", "id:decision/designation/s1sr/3.0"}


def test_a_consultation_on_a_long_document_name_opened_on_a_day():
    body = ("1. DCC's consultation on the SMETS1 Transition and Migration Approach Document (TMAD)\n"
            "opened on 9 October 2020 and ran for four weeks, to 6 November 2020. The changes\n"
            "proposed were needed for the FOC cohort.\n\n"
            "2. DCC received five responses.")
    found = facts_of(LETTER.format(body=body))
    assert When(dt.date(2020, 10, 9)) in found["smkg:openedOn"]
    assert When(dt.date(2020, 11, 6)) in found["smkg:closedOn"]
    assert "https://w3id.org/smkg/id/document/tmad" in found["smkg:subjectDocument"]


def test_an_opening_of_something_else_a_sentence_later_is_no_consultation_opening():
    body = ("1. DCC ran a consultation on the SMETS1 Transition and Migration Approach Document (TMAD).\n"
            "The migration window opened on 9 October 2020.\n\n2. Nothing more.")
    assert When(dt.date(2020, 10, 9)) not in facts_of(LETTER.format(body=body)).get("smkg:openedOn", set())


NOTICE = ("Smart DCC\n\nDCC consultation on TMAD changes for the FOC cohort\n\n"
          "On 3 March 2022, DCC issued a consultation on proposed changes to the TMAD. "
          "The consultation closes on 24 March 2022.\n\n{contact}\n")


def test_a_contact_whose_surname_has_a_prefix_is_read():
    for name in ("Hannah McLeish", "Rohan O'Neill", "Tom MacAulay", "Ewan Lloyd-Hughes", "Ingrid van der Berg",
                 "Leila de Souza"):
        text = NOTICE.format(contact=f"If you have any questions, please contact {name}, SMETS1 Regulatory Lead, "
                                     "at consultations@smartdcc.co.uk.")
        found = facts_of(text)
        assert found.get("foaf:name") == {name}, name
        assert found["smkg:postTitle"] == {"SMETS1 Regulatory Lead"}, name


def test_a_contact_under_a_contact_heading_whose_surname_has_a_prefix_is_read():
    text = NOTICE.format(contact="Contact\nSiobhan O’Neill, Consultation Manager, consultations@smartdcc.co.uk")
    found = facts_of(text)
    assert found.get("foaf:name") == {"Siobhan O'Neill"}
    assert found["smkg:postTitle"] == {"Consultation Manager"}


def test_a_contact_wrapped_over_two_lines_is_read():
    text = NOTICE.format(contact="If you have any questions, please contact Hannah McLeish, SMETS1 Regulatory\n"
                                 "Lead, at consultations@smartdcc.co.uk.")
    found = facts_of(text)
    assert found.get("foaf:name") == {"Hannah McLeish"}
    assert found["smkg:postTitle"] == {"SMETS1 Regulatory Lead"}
    listed = NOTICE.format(contact="Contact\nHannah McLeish, SMETS1 Regulatory\nLead, consultations@smartdcc.co.uk")
    assert facts_of(listed)["smkg:postTitle"] == {"SMETS1 Regulatory Lead"}


LOG = ("Smart DCC | Consultation log                                     Page 1 of 2\n\n"
       "TMAD changes for the FOC cohort - consultation log\n\nLast updated: 12/09/2025\n\n"
       "Entries are listed oldest first.\n\n"
       "04/08/2025\nOn 4 August 2025, DCC issued a consultation on changes to the TMAD needed for the FOC cohort.\n"
       "Please respond by 5pm on 18 August 2025.\n\n"
       "25/08/2025\nConsultation closed.\n\n"
       "Smart DCC | Consultation log                    Page 2 of 2\n\n"
       "12/09/2025\nOn 12 September 2025 we submitted our conclusions to the Secretary of State, together\n"
       "with the six responses we received.\n\nwww.smartdcc.co.uk\n")


def test_a_log_entry_after_a_page_break_is_no_running_header():
    doc = document(LOG)
    segments = segment(doc)
    assert not [LOG[s.start:s.end] for s in segments if s.label == "running header"]
    assert "update 12/09/2025" in [s.label for s in segments]
    found = facts_of(LOG)
    assert "smkg:Conclusions" in found["rdf:type"]
    assert found["smkg:responseCount"] == {6}


def test_a_line_printed_at_every_page_break_is_a_running_header():
    page = ("{n}. DCC consulted on changes to the TMAD between 3 May 2022 and 24 May 2022, and it received a "
            "number of responses.\n\n")
    text = ("Dear Colleague,\n\n" + page.format(n=1) + " " * 60 + "Page 1 of 3\n"
            "TMAD re-designation - December 2019\n\n" + page.format(n=2) + " " * 60 + "Page 2 of 3\n"
            "TMAD re-designation - December 2019\n\n" + page.format(n=3) + "Yours faithfully,\n\nJane Smith\n")
    headers = [text[s.start:s.end] for s in segment(document(text)) if s.label == "running header"]
    assert headers == ["TMAD re-designation - December 2019"] * 2


def test_a_headline_listed_in_the_contents_is_no_running_header():
    text = ("SEC Newsletter | February 2022                                        Page 1 of 2\n\n"
            "SECAS Monthly Update - February 2022\n\nContents\n1. DCC S1SR consultation: outcome\n"
            "2. SVTAD version 4.1 now in force\n\n"
            "1. DCC S1SR consultation: outcome\nDCC's consultation on the S1SR, which ran from 10th to 31st "
            "January 2022, received four responses.\n\n"
            "SEC Newsletter | February 2022                                        Page 2 of 2\n\n"
            "2. SVTAD version 4.1 now in force\nVersion 4.1 of the SMETS1 SVTAD came into effect on 9 February "
            "2022.\n")
    assert not [s for s in segment(document(text)) if s.label == "running header"]


def test_a_window_opened_after_the_consultation_closed_is_no_opening():
    body = ("1. The consultation on the TMAD closed on 5 May 2020 and the new migration window opened on "
            "9 May 2020.\n\n2. Nothing more.")
    assert When(dt.date(2020, 5, 9)) not in facts_of(LETTER.format(body=body)).get("smkg:openedOn", set())
