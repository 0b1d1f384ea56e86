"""The reference data (ontology/reference/*.ttl) and the gazetteer built on it."""

from __future__ import annotations

import datetime
import time
from collections import defaultdict

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as rdfns  # DCAT and XSD imported by name make pytest warn
from rdflib.namespace import DCTERMS, ORG, OWL, RDF, RDFS, SKOS

from graph.namespace import ELI, ID, LEGISLATION, SMKG
from graph.reference import (
    VALUE_KINDS,
    Entry,
    Gazetteer,
    load_gazetteer,
    normalise,
    reference_graph,
)
from graph.resources import ontology_file, reference_files

REFERENCE = ID["reference"]
SMKG_TERMS = {str(SMKG._NS) + name for name in SMKG.__annotations__}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return reference_graph()


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def individuals(graph: Graph) -> list[URIRef]:
    """Everything the reference data names: all typed subjects but the concept
    schemes and the description of the data set itself."""
    found = set()
    for subject in graph.subjects(RDF.type, None):
        if (subject, RDF.type, SKOS.ConceptScheme) in graph or subject == REFERENCE:
            continue
        found.add(subject)
    return sorted(found)


def by_name(gaz: Gazetteer, name: str, kind: str | None = None) -> Entry:
    hits = [e for e in gaz.entries(kind) if e.name == name]
    assert len(hits) == 1, (name, hits)
    return hits[0]


# --- the files --------------------------------------------------------------------


def test_the_expected_files_are_there():
    names = {p.name for p in reference_files()}
    assert {"organisations.ttl", "documents.ttl", "cohorts.ttl", "devices.ttl", "codelists.ttl"} <= names


@pytest.mark.parametrize("path", reference_files(), ids=lambda p: p.name)
def test_every_file_parses_and_says_what_it_holds(path):
    g = Graph()
    g.parse(path, format="turtle")
    assert len(g) > 0
    head = path.read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("# smkg reference data:"), head


def test_no_blank_nodes(graph):
    for triple in graph:
        assert not any(isinstance(term, BNode) for term in triple), triple


def test_no_same_as(graph):
    assert not list(graph.triples((None, OWL.sameAs, None)))


def test_the_data_set_is_described(graph):
    assert (REFERENCE, RDF.type, rdfns.DCAT.Dataset) in graph
    assert graph.value(REFERENCE, DCTERMS.title) is not None


def test_every_individual_is_well_formed(graph):
    for subject in individuals(graph):
        types = set(graph.objects(subject, RDF.type))
        smkg_types = {t for t in types if str(t).startswith(str(SMKG._NS))}
        if not smkg_types:
            # The ontology has no class for respondent kinds: they are concepts of their scheme.
            assert (subject, SKOS.inScheme, ID["respondent-kind"]) in graph, subject
            assert SKOS.Concept in types, subject
        assert {str(t) for t in smkg_types} <= SMKG_TERMS, subject
        prefs = list(graph.objects(subject, SKOS.prefLabel))
        assert len(prefs) == 1 and prefs[0].language == "en", (subject, prefs)
        definitions = list(graph.objects(subject, SKOS.definition))
        assert definitions and all(d.language == "en" for d in definitions), subject
        assert (subject, RDFS.isDefinedBy, REFERENCE) in graph, subject


def test_concept_schemes_are_well_formed(graph):
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert {ID["cohort"], ID["device-type"], ID["text-kind"], ID["version-status"], ID["rendition"],
            ID["support"], ID["respondent-kind"]} <= schemes
    for scheme in schemes:
        assert graph.value(scheme, SKOS.prefLabel) is not None, scheme
        assert (scheme, RDFS.isDefinedBy, REFERENCE) in graph, scheme
        members = set(graph.subjects(SKOS.inScheme, scheme))
        assert members == set(graph.objects(scheme, SKOS.hasTopConcept)), scheme
        for concept in members:
            assert (concept, RDF.type, SKOS.Concept) in graph, concept
            assert (concept, SKOS.topConceptOf, scheme) in graph, concept


def test_every_label_is_english_text(graph):
    for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.definition):
        for _s, _p, value in graph.triples((None, prop, None)):
            assert isinstance(value, Literal) and value.language == "en" and str(value).strip(), value


def test_smkg_terms_are_in_the_ontology_when_it_exists(graph):
    path = ontology_file()
    if not path.exists():
        pytest.skip("ontology/smkg.ttl is not written yet")
    ontology = Graph().parse(path, format="turtle")
    declared = {str(s) for s in ontology.subjects()}
    used = {str(t) for t in graph.objects(None, RDF.type)} | {str(p) for p in graph.predicates()}
    missing = {t for t in used if t.startswith(str(SMKG._NS))} - declared
    assert not missing


def test_no_label_names_two_things_of_one_kind(gaz):
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in gaz.entries():
        for label, _via in gaz.labels(entry.iri):
            seen[(entry.kind, normalise(label))].add(entry.iri)
    clashes = {key: iris for key, iris in seen.items() if len(iris) > 1}
    assert not clashes


def test_every_individual_is_an_entry(graph, gaz):
    assert {str(s) for s in individuals(graph)} == {e.iri for e in gaz.entries()}
    for entry in gaz.entries():
        assert entry.kind and entry.name and entry.types


# --- the things the pipeline relies on --------------------------------------------


def test_the_iris_the_model_uses_exist(gaz):
    for path in ("organisation/beis", "organisation/secretary-of-state", "organisation/ofgem",
                 "organisation/dcc", "organisation/sec-panel", "organisation/sec-parties",
                 "organisation/other-interested-parties", "document/sec", "document/tmad",
                 "document/s1sr", "document/dcc-licence", "document/dcc-licence/condition-22",
                 "document/sec/section-x5", "document/sec/section-a", "cohort/foc",
                 "text-kind/government-response", "text-kind/direction", "rendition/clean",
                 "rendition/marked-up", "support/all-supportive", "version-status/designated"):
        assert str(ID[path]) in gaz, path


@pytest.mark.parametrize("name,kind", [
    ("BEIS", "organisation"), ("DESNZ", "organisation"), ("DECC", "organisation"),
    ("DCC", "organisation"), ("Ofgem", "organisation"), ("Secretary of State", "organisation"),
    ("SEC Panel", "organisation"), ("SEC Parties", "organisation"), ("SECAS", "organisation"),
    ("SECCo", "organisation"), ("TBDG", "organisation"), ("TBDG Enrolment and Adoption subgroup", "organisation"),
    ("other interested parties", "organisation"), ("energy suppliers", "organisation"),
    ("network operators", "organisation"), ("iGT", "organisation"),
    ("SEC", "document"), ("TMAD", "document"), ("S1SR", "document"), ("SVTAD", "document"),
    ("DMVES", "document"), ("DCC Licence", "licence"), ("DCC Licence Condition 22", "licence"),
    ("Electricity Act 1989", "legislation"), ("Gas Act 1986", "legislation"),
    ("IOC", "cohort"), ("MOC MDS", "cohort"), ("MOC Secure", "cohort"), ("FOC", "cohort"),
    ("GSME", "device"), ("Communications Hub", "device"), ("PPMID", "device"),
    ("government response", "text-kind"), ("clean", "rendition"), ("marked up", "rendition"),
    ("designated", "version-status"), ("all supportive", "support"), ("DCC", "respondent-kind"),
])
def test_short_names(gaz, name, kind):
    assert by_name(gaz, name, kind).kind == kind


def test_departments_are_distinct_and_linked_in_date_order(graph, gaz):
    decc, beis, desnz = (ID[f"organisation/{slug}"] for slug in ("decc", "beis", "desnz"))
    assert len({decc, beis, desnz}) == 3
    for department in (decc, beis, desnz):
        assert (department, RDF.type, SMKG.GovernmentDepartment) in graph

    def change(before, after):
        events = [c for c in graph.subjects(ORG.resultingOrganization, after)
                  if (c, ORG.originalOrganization, before) in graph]
        assert len(events) == 1, (before, after)
        event = events[0]
        assert (event, RDF.type, SMKG.DepartmentChange) in graph
        date = graph.value(event, DCTERMS.date)
        assert date.datatype == rdfns.XSD.date
        return event, date.toPython()

    first, first_date = change(decc, beis)
    second, second_date = change(beis, desnz)
    assert first == ID["change/decc-to-beis"] and second == ID["change/beis-to-desnz"]
    assert first_date == datetime.date(2016, 7, 14)
    assert second_date == datetime.date(2023, 2, 7)
    assert first_date < second_date


def test_the_cohort_scheme_has_exactly_the_four_cohorts(graph, gaz):
    members = set(graph.subjects(SKOS.inScheme, ID["cohort"]))
    assert members == {ID["cohort/ioc"], ID["cohort/moc-mds"], ID["cohort/moc-secure"], ID["cohort/foc"]}
    for cohort in members:
        assert (cohort, RDF.type, SMKG.MigrationCohort) in graph
        assert graph.value(cohort, SKOS.notation) is not None
    assert {e.name for e in gaz.entries("cohort")} == {"IOC", "MOC MDS", "MOC Secure", "FOC"}
    labels = {normalise(label) for e in gaz.entries("cohort") for label, _ in gaz.labels(e.iri)}
    assert not labels & {"mds", "morrisons data service", "morrisons data services", "moc"}


def test_the_acts_are_legislation_gov_uk_iris(gaz):
    assert by_name(gaz, "Electricity Act 1989").iri == str(LEGISLATION["ukpga/1989/29"])
    assert by_name(gaz, "Gas Act 1986").iri == str(LEGISLATION["ukpga/1986/44"])
    assert by_name(gaz, "Electricity Act 1989").iri == "http://www.legislation.gov.uk/id/ukpga/1989/29"
    assert by_name(gaz, "Gas Act 1986").iri == "http://www.legislation.gov.uk/id/ukpga/1986/44"


def test_parts_point_to_their_whole(graph):
    sec = ID["document/sec"]
    assert (ID["document/tmad"], ELI.is_part_of, sec) in graph
    assert (ID["document/s1sr"], ELI.is_part_of, sec) in graph
    assert graph.value(ID["document/tmad"], SMKG.appendixLetter) == Literal("AL")
    assert graph.value(ID["document/s1sr"], SMKG.appendixLetter) == Literal("AM")
    assert (ID["document/dcc-licence/condition-22"], ELI.is_part_of, ID["document/dcc-licence"]) in graph
    assert sec in set(graph.transitive_objects(ID["document/sec/section-x5"], ELI.is_part_of))
    assert (ID["organisation/tbdg-enrolment-and-adoption-subgroup"], ORG.subOrganizationOf,
            ID["organisation/tbdg"]) in graph


# --- the gazetteer: finding ----------------------------------------------------------


def names(matches) -> list[str]:
    return [m.entry.name for m in matches]


def test_matches_are_slices_of_the_text(gaz):
    text = "Comments went to the SEC Panel, and DCC\nwill share them with the TBDG."
    for m in gaz.find(text):
        assert text[m.start:m.end] == m.text
    assert names(gaz.find(text)) == ["SEC Panel", "DCC", "TBDG"]


def test_moc_mds_in_parentheses(gaz):
    [m] = gaz.find("Meters in the MOC (MDS) group moved last spring.", {"cohort"})
    assert (m.entry.name, m.via, m.text) == ("MOC MDS", "alt", "MOC (MDS)")


def test_moc_mds_long_form_is_one_mention(gaz):
    text = "Next came the Middle Operating Capability Morrisons Data Services tranche."
    [m] = gaz.find(text)
    assert m.entry.iri == str(ID["cohort/moc-mds"]) and m.via == "alt"
    assert m.text == "Middle Operating Capability Morrisons Data Services"


def test_ocr_form_is_found_as_hidden(gaz):
    [m] = gaz.find("Sites in the I0C tranche were checked twice.")
    assert (m.entry.name, m.via, m.text) == ("IOC", "hidden", "I0C")
    [m] = gaz.find("A fix to the SI1SR is planned.")
    assert (m.entry.name, m.via) == ("S1SR", "hidden")


def test_the_meter_provider_is_not_a_cohort(gaz):
    text = "A Morrisons Data Service (MDS) Elster meter pairing awaits approval."
    assert gaz.find(text, {"cohort"}) == []
    assert all(m.entry.kind != "cohort" for m in gaz.find(text))


def test_nothing_is_found_inside_a_url(gaz):
    assert gaz.find("Read https://example.org/news/FOC-and-DCC-plans/ today.") == []
    assert gaz.find("Details: www.example.co.uk/TMAD/S1SR") == []
    assert gaz.find("Mail DCC.queries@example.com now") == []
    # A URL broken at a hyphen at the end of a line continues on the next one.
    text = "See https://example.org/notes-on-\nFOC-timing/ and the FOC plan."
    matches = gaz.find(text)
    assert names(matches) == ["FOC"] and matches[0].start == text.rindex("FOC")
    # ... but a URL ending in a slash at a line end does not swallow the next line's words.
    assert names(gaz.find("Found at https://example.org/archive/\nDCC replied later.")) == ["DCC"]


def test_a_label_broken_across_lines(gaz):
    text = "as agreed by the Secretary of\nState, the Transition and Migration\n   Approach Document changes"
    assert names(gaz.find(text)) == ["Secretary of State", "TMAD"]
    [m] = gaz.find("the In-\nHome Display shows it")
    assert m.entry.name == "IHD"


def test_the_longest_label_wins(gaz):
    assert names(gaz.find("raised at the TBDG Enrolment and Adoption subgroup")) == [
        "TBDG Enrolment and Adoption subgroup"]
    assert names(gaz.find("the Technical and Business Design Group (TBDG) Enrolment and Adoption subgroup met")) == [
        "TBDG Enrolment and Adoption subgroup"]
    assert names(gaz.find("obligations in the DCC Licence apply")) == ["DCC Licence"]
    assert names(gaz.find("papers for the SEC Panel")) == ["SEC Panel"]
    assert names(gaz.find("Condition 22 of the DCC Licence applies")) == ["DCC Licence Condition 22"]
    assert names(gaz.find("MOC (Secure) then FOC")) == ["MOC Secure", "FOC"]
    assert names(gaz.find("the SMETS1 TMAD was updated")) == ["TMAD"]


def test_a_name_of_another_kind_keeps_its_words(gaz):
    assert gaz.find("obligations in the DCC Licence apply", {"organisation"}) == []
    assert names(gaz.find("obligations in the DCC Licence apply", {"licence"})) == ["DCC Licence"]


def test_case_rules(gaz):
    assert gaz.find("the foc slug and a Dcc typo and tmad") == []
    assert names(gaz.find("THE DATA COMMUNICATIONS COMPANY REPLIED")) == ["DCC"]
    assert names(gaz.find("The Authority agreed.")) == ["Ofgem"]
    assert gaz.find("the authority to act was delegated") == []
    assert gaz.find("in this section a supplier may act") == []
    assert names(gaz.find("under Section A of the SEC")) == ["SEC Section A"]


def test_word_boundaries(gaz):
    assert gaz.find("ADCC and DCCX and S1SRs") == []
    assert names(gaz.find("SECAS replied, and so did DCC's team.")) == ["SECAS", "DCC"]
    assert names(gaz.find("Section X5 and Section X differ")) == ["SEC Section X5", "SEC Section X"]


def test_value_kinds_are_found_only_when_asked_for(gaz):
    text = "A clean copy of the designated version, with no other changes."
    assert gaz.find(text) == []
    assert names(gaz.find(text, {"rendition", "version-status"})) == ["clean", "designated"]
    assert {"text-kind", "rendition", "support", "version-status", "respondent-kind"} <= VALUE_KINDS


def test_find_is_fast_enough(gaz):
    text = ("The Secretary of State asked DCC to revise the TMAD and the S1SR for the FOC cohort; "
            "see https://example.org/a-b-c/ for the SEC Panel papers.\n") * 2000
    start = time.process_time()
    assert len(gaz.find(text)) == 6 * 2000
    assert time.process_time() - start < 5


# --- the gazetteer: lookup and listing ------------------------------------------------


def test_lookup_folds_case_space_quotes_and_dashes(gaz):
    assert gaz.lookup("smart   energy\ncode").name == "SEC"
    assert gaz.lookup("\u201cDCC Licence\u201d").name == "DCC Licence"
    assert gaz.lookup("the authority").name == "Ofgem"
    assert gaz.lookup("In\u2013Home Display").name == "IHD"
    assert gaz.lookup("TBDG Enrolment and Adoption sub\u2010group").name == "TBDG Enrolment and Adoption subgroup"
    assert gaz.lookup("Smart Energy Code Administrator and Secretariat").name == "SECAS"
    assert gaz.lookup("nothing of the sort") is None


def test_lookup_by_kind(gaz):
    assert gaz.lookup("DCC").kind == "organisation"
    assert gaz.lookup("dcc", kinds={"respondent-kind"}).iri == str(ID["respondent-kind/dcc"])
    assert gaz.lookup("other", kinds={"text-kind"}).iri == str(ID["text-kind/other"])
    assert gaz.lookup("TMAD", kinds={"organisation"}) is None
    assert gaz.lookup_via("SI1SR") == (gaz.entry(str(ID["document/s1sr"])), "hidden")


def test_entry_and_entries(gaz):
    beis = gaz.entry(str(ID["organisation/beis"]))
    assert beis.name == "BEIS" and beis.kind == "organisation"
    assert str(SMKG.GovernmentDepartment) in beis.types
    with pytest.raises(KeyError):
        gaz.entry(str(ID["organisation/nobody"]))
    assert len(gaz.entries("cohort")) == 4
    assert all(e.kind == "device" for e in gaz.entries("device"))
    assert load_gazetteer() is gaz and reference_graph() is reference_graph()


def test_a_gazetteer_from_any_graph():
    g = Graph()
    thing = ID["organisation/example-board"]
    g.add((thing, RDF.type, SMKG.IndustryGroup))
    g.add((thing, SKOS.prefLabel, Literal("XB", lang="en")))
    g.add((thing, SKOS.altLabel, Literal("Example Board", lang="en")))
    small = Gazetteer.from_graph(g)
    assert names(small.find("the example board and XB")) == ["XB", "XB"]
    assert [m.via for m in small.find("the example board and XB")] == ["alt", "pref"]
