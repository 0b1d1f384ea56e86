"""The SHACL shapes (ontology/shapes.ttl) and the example instances (ontology/examples/).

The shapes must be valid SHACL, named and described for a reader of a
validation report, and cover every main class of the ontology.  Every example
must conform to them when loaded with the reference data, validated the way the
build validates (the ontology and vocabularies as the ontology graph, RDFS
inference).  And the shapes must bite: a copy of an example broken in one
triple must fail, on the rule we expect.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as rdfns  # XSD imported by name makes pytest warn
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SH, SKOS

from graph.namespace import ELI, ID, OA, SMKG
from graph.resources import (
    corpus_dir,
    data_dir,
    ontology_file,
    reference_files,
    shapes_file,
    vocabulary_files,
)

SMKGSH = Namespace("https://w3id.org/smkg/shapes#")
SMKG_TERMS = set(SMKG.__annotations__)
EXAMPLES_DIR = data_dir("ontology") / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.ttl"))
DATE = rdfns.XSD.date
DATETIME = rdfns.XSD.dateTime

#: The main classes: each must have a shape named for it that targets it.
MAIN_CLASSES = [
    SMKG.SourceText, SMKG.Letter, SMKG.Notice, SMKG.SourceFile,
    SMKG.Person, SMKG.Post, SMKG.Organisation,
    SMKG.GovernedDocument, SMKG.DocumentVersion, SMKG.LetterAnnex,
    SMKG.Consultation, SMKG.Proposal, SMKG.Conclusions, SMKG.GovernmentResponse,
    SMKG.Decision, SMKG.Designation,
    SMKG.Meeting, SMKG.Deadline,
    SMKG.Uplift, SMKG.MigrationCohort, SMKG.ServiceRequest,
    SMKG.Evidence, SMKG.ExtractionRun, SMKG.OcrCorrection,
]

#: Further classes with a shape of their own: parts of the main ones, and the
#: code-list classes, whose values must be concepts of their scheme.
OTHER_SHAPED_CLASSES = [
    SMKG.RespondentGroup, SMKG.OrganisationGroup,
    SMKG.TextKind, SMKG.VersionStatus, SMKG.Rendition, SMKG.SupportLevel, SMKG.DeviceType,
]

#: The example files there must be, each named for the class it shows.
EXPECTED_EXAMPLES = [
    "Letter", "Notice", "SourceFile", "Person", "Post", "Organisation",
    "DocumentVersion", "LetterAnnex", "Consultation", "Proposal", "Conclusions",
    "GovernmentResponse", "Redesignation", "Direction", "Approval", "Meeting",
    "Deadline", "Uplift", "ServiceRequest", "Evidence", "ExtractionRun", "OcrCorrection",
]


# --- loading ------------------------------------------------------------------------


@cache
def shapes() -> Graph:
    g = Graph()
    g.parse(shapes_file(), format="turtle")
    return g


@cache
def ontology() -> Graph:
    """The ontology and the shipped vocabularies: the ontology graph for pyshacl."""
    g = Graph()
    if ontology_file().exists():
        g.parse(ontology_file(), format="turtle")
    for path in vocabulary_files():
        g.parse(path, format="turtle")
    return g


@cache
def reference() -> Graph:
    g = Graph()
    for path in reference_files():
        g.parse(path, format="turtle")
    return g


@cache
def _example(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


def example(name: str) -> Graph:
    """A fresh copy of one example, safe to break."""
    g = Graph()
    for triple in _example(EXAMPLES_DIR / f"{name}.ttl"):
        g.add(triple)
    return g


def validate(data: Graph) -> tuple[bool, set[tuple]]:
    """Validate ``data`` with the reference data as the build does.

    Returns whether it conforms and its results as a set of
    ``(focus node, result path, source shape)``.
    """
    full = Graph()
    for triple in data:
        full.add(triple)
    for triple in reference():
        full.add(triple)
    conforms, report, _text = pyshacl.validate(
        full,
        shacl_graph=shapes(),
        ont_graph=ontology(),
        inference="rdfs",
        advanced=True,
        allow_infos=True,  # a note (a year worked out) is not a fault
    )
    results = {
        (report.value(r, SH.focusNode), report.value(r, SH.resultPath), report.value(r, SH.sourceShape))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }
    return bool(conforms), results


def shape_names(results: set[tuple]) -> set[URIRef]:
    return {shape for _focus, _path, shape in results}


def the(graph: Graph, cls: URIRef) -> URIRef:
    """The one instance of ``cls`` asserted in ``graph``."""
    found = sorted(graph.subjects(RDF.type, cls))
    assert len(found) == 1, (cls, found)
    return found[0]


# --- the files are there --------------------------------------------------------------


def test_the_ontology_and_reference_data_are_there():
    # Validation below relies on them: without the ontology, subclasses are not
    # reached (a Letter would not be checked as a source text).
    assert ontology_file().exists(), ontology_file()
    names = {p.name for p in reference_files()}
    assert {"organisations.ttl", "documents.ttl", "cohorts.ttl", "codelists.ttl"} <= names
    assert (SMKG.Letter, RDFS.subClassOf, SMKG.SourceText) in ontology()
    assert (SMKG.Redesignation, RDFS.subClassOf, SMKG.Designation) in ontology()
    assert (SMKG.Designation, RDFS.subClassOf, SMKG.Decision) in ontology()


def test_the_expected_examples_are_there():
    names = {p.stem for p in EXAMPLES}
    missing = sorted(set(EXPECTED_EXAMPLES) - names)
    assert not missing, missing


# --- the shapes themselves --------------------------------------------------------------


def test_shapes_parse_and_are_not_trivial():
    g = shapes()
    assert len(list(g.subjects(RDF.type, SH.NodeShape))) >= len(MAIN_CLASSES)
    assert len(list(g.subjects(RDF.type, SH.PropertyShape))) >= 3 * len(MAIN_CLASSES)


def test_shapes_are_valid_shacl():
    """Checked against SHACL-for-SHACL, both directly and through pyshacl's meta_shacl option."""
    shacl_shacl = Graph()
    shacl_shacl.parse(Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl", format="turtle")
    conforms, _report, text = pyshacl.validate(shapes(), shacl_graph=shacl_shacl)
    assert conforms, text
    # meta_shacl=True raises if the shapes graph is not valid SHACL.
    conforms, _report, text = pyshacl.validate(Graph(), shacl_graph=shapes(), meta_shacl=True)
    assert conforms, text


def all_shapes(g: Graph) -> list[URIRef]:
    return sorted(set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape)))


def test_every_shape_is_named_in_our_namespace():
    # A named shape is what a validation result points at (sh:sourceShape).
    g = shapes()
    for shape in all_shapes(g):
        assert isinstance(shape, URIRef) and str(shape).startswith(str(SMKGSH)), shape
    # every shape used by another (sh:property, sh:node, sh:or, qualified) is declared
    used = set(g.objects(None, SH.property)) | set(g.objects(None, SH.node))
    used |= set(g.objects(None, SH.qualifiedValueShape))
    for lst in g.objects(None, SH["or"]):
        used |= set(g.items(lst))
    declared = set(all_shapes(g))
    assert used <= declared, sorted(used - declared)


def test_every_shape_is_described_in_plain_words():
    g = shapes()
    for shape in all_shapes(g):
        for prop in (SH.name, SH.description, RDFS.label, RDFS.comment):
            values = list(g.objects(shape, prop))
            assert len(values) == 1, (shape, prop, values)
            assert isinstance(values[0], Literal) and str(values[0]).strip(), (shape, prop)
            assert values[0].language == "en", (shape, prop)
        if (shape, RDF.type, SH.PropertyShape) in g:
            assert g.value(shape, SH.message), shape
            assert g.value(shape, SH.path) is not None, shape


def test_every_property_shape_says_its_severity_and_why_if_not_violation():
    g = shapes()
    for shape in g.subjects(RDF.type, SH.PropertyShape):
        severity = g.value(shape, SH.severity)
        assert severity in (SH.Violation, SH.Warning, SH.Info), (shape, severity)
        if severity != SH.Violation:
            assert "Severity" in str(g.value(shape, RDFS.comment)), shape
    # the one deliberate warning
    assert g.value(SMKGSH["Letter-title"], SH.severity) == SH.Warning


@pytest.mark.parametrize("cls", MAIN_CLASSES + OTHER_SHAPED_CLASSES, ids=lambda c: c.split("#")[-1])
def test_every_main_class_has_a_shape_named_for_it(cls):
    g = shapes()
    local = cls.split("#")[-1]
    shape = SMKGSH[f"{local}Shape"]
    assert (shape, RDF.type, SH.NodeShape) in g, shape
    assert (shape, SH.targetClass, cls) in g, shape
    assert list(g.objects(shape, SH.property)), f"{shape} checks nothing"


def test_shapes_use_only_terms_of_our_ontology():
    """A misspelt smkg: term in a shape would silently check nothing."""
    text = shapes_file().read_text(encoding="utf-8")
    used = set(re.findall(r"\bsmkg:([A-Za-z0-9_]+)", text))
    assert used, "no smkg: terms found"
    assert used <= SMKG_TERMS, sorted(used - SMKG_TERMS)
    if ontology_file().exists():
        declared = {str(s) for s in ontology().subjects(RDF.type, None)}
        missing = sorted(t for t in used if str(SMKG._NS) + t not in declared)
        assert not missing, missing


def test_code_list_shapes_point_at_existing_schemes():
    g = shapes()
    schemes = set(reference().subjects(RDF.type, SKOS.ConceptScheme))
    values = list(g.objects(None, SH.hasValue))
    assert ID.cohort in values
    for value in values:
        assert value in schemes, value


def test_corpus_manifest_conforms():
    """The build loads the corpus manifest too; its distributions carry
    smkg:fileName and smkg:sha256, so by their rdfs:domain they are checked as
    source files."""
    manifest = corpus_dir() / "manifest.ttl"
    if not manifest.exists():
        pytest.skip("no corpus manifest")
    g = Graph()
    g.parse(manifest, format="turtle")
    conforms, results = validate(g)
    assert conforms, sorted(results)


def test_reference_data_conforms():
    """The reference data on its own passes the shapes (its organisations, documents, cohorts)."""
    conforms, results = validate(Graph())
    assert conforms, sorted(results)


# --- the examples -------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_is_named_for_a_class_it_shows(path):
    g = _example(path)
    cls = path.stem
    assert cls in SMKG_TERMS, f"{path.name} is not named for an smkg class"
    # an instance of the class or of one of its subclasses (Organisation.ttl shows an EnergySupplier)
    classes = set(ontology().transitive_subjects(RDFS.subClassOf, SMKG[cls])) | {SMKG[cls]}
    assert any(list(g.subjects(RDF.type, c)) for c in classes), f"{path.name} has no smkg:{cls}"
    head = path.read_text(encoding="utf-8").splitlines()[0]
    assert head == f"# smkg example: {'an' if cls[0] in 'AEIOU' else 'a'} {cls}", head


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_has_no_blank_nodes(path):
    for triple in _example(path):
        assert not any(isinstance(term, BNode) for term in triple), triple


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_has_evidence_for_a_fact_it_states(path):
    g = _example(path)
    evidence = list(g.subjects(RDF.type, SMKG.Evidence))
    assert evidence, f"{path.name} has no evidence"
    for ev in evidence:
        fact = (g.value(ev, RDF.subject), g.value(ev, RDF.predicate), g.value(ev, RDF.object))
        assert fact in g, f"{ev} is evidence for a fact not in {path.name}: {fact}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_refers_only_to_things_it_or_the_reference_data_describes(path):
    g = _example(path)
    known = set(g.subjects()) | set(reference().subjects())
    for _s, p, o in g:
        if p in (RDF.type, RDF.predicate) or not isinstance(o, URIRef):
            continue
        if str(o).startswith(str(ID)):
            assert o in known, f"{path.name}: {o} is described nowhere"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_conforms(path):
    """An example shows the evidence of one fact, not of all it states, so the
    rule that every fact has evidence is left out here: built data is held to
    it (test_build, test_genres, test_rules).  A year worked out is a note (Info), not a fault."""
    _conforms, results = validate(_example(path))
    faults = {r for r in results if r[2] not in (SMKGSH.EveryFactHasEvidence, SMKGSH.YearInferred)}
    assert not faults, "\n".join(sorted(map(str, faults)))


# --- the shapes bite ------------------------------------------------------------------------
#
# Each case takes a copy of an example, breaks it in one place, and names the
# result it must give: (focus node, path, source shape).  A focus of None means
# "the one instance of the class" found in the example.


# ``what`` is a class (its one instance in the example is broken) or an IRI.


def _node(g: Graph, what: URIRef) -> URIRef:
    return the(g, what) if (what, RDF.type, None) not in g else what


def add(what: URIRef, prop: URIRef, value) -> Callable[[Graph], URIRef]:
    def breaker(g: Graph) -> URIRef:
        node = _node(g, what)
        g.add((node, prop, value))
        return node
    return breaker


def replace(what: URIRef, prop: URIRef, value) -> Callable[[Graph], URIRef]:
    def breaker(g: Graph) -> URIRef:
        node = _node(g, what)
        assert g.value(node, prop) is not None, (node, prop)
        g.set((node, prop, value))
        return node
    return breaker


def drop(what: URIRef, prop: URIRef) -> Callable[[Graph], URIRef]:
    def breaker(g: Graph) -> URIRef:
        node = _node(g, what)
        assert g.value(node, prop) is not None, (node, prop)
        g.remove((node, prop, None))
        return node
    return breaker


def focus_on(node: URIRef, breaker: Callable[[Graph], URIRef]) -> Callable[[Graph], URIRef]:
    """Break as ``breaker`` does, but expect the result on ``node``."""
    def wrapped(g: Graph) -> URIRef:
        breaker(g)
        return node
    return wrapped


def drop_quote(g: Graph) -> URIRef:
    """Remove the quotation from the (first) evidence: selector link and the selector itself."""
    ev = sorted(g.subjects(RDF.type, SMKG.Evidence))[0]
    quote = next(s for s in g.objects(ev, OA.hasSelector) if (s, RDF.type, OA.TextQuoteSelector) in g)
    g.remove((ev, OA.hasSelector, quote))
    g.remove((quote, None, None))
    return ev


def drop_exact(g: Graph) -> URIRef:
    quote = sorted(g.subjects(RDF.type, OA.TextQuoteSelector))[0]
    g.remove((quote, OA.exact, None))
    return quote


def empty_exact(g: Graph) -> URIRef:
    quote = sorted(g.subjects(RDF.type, OA.TextQuoteSelector))[0]
    g.set((quote, OA.exact, Literal("")))
    return quote


def negative_start(g: Graph) -> URIRef:
    pos = sorted(g.subjects(RDF.type, OA.TextPositionSelector))[0]
    g.set((pos, OA.start, Literal(-5)))
    return pos


def detach_proposal(g: Graph) -> URIRef:
    proposal = ID["consultation/dcc/s1sr/2019-08-12/proposal/1"]
    assert (None, SMKG.hasProposal, proposal) in g
    g.remove((None, SMKG.hasProposal, proposal))
    return proposal


def page_zero(g: Graph) -> URIRef:
    ev = sorted(g.subjects(RDF.type, SMKG.Evidence))[0]
    g.set((ev, SMKG.page, Literal(0)))
    return ev


def start_at_end(g: Graph) -> URIRef:
    pos = sorted(g.subjects(RDF.type, OA.TextPositionSelector))[0]
    g.set((pos, OA.start, g.value(pos, OA.end)))
    return pos


def correction_that_changes_nothing(g: Graph) -> URIRef:
    fix = the(g, SMKG.OcrCorrection)
    g.set((fix, SMKG.correctedForm, g.value(fix, SMKG.rawForm)))
    return fix


def evidence_of_a_fact_not_stated(g: Graph) -> URIRef:
    """Drop the fact an evidence node describes, keeping the evidence."""
    ev = sorted(g.subjects(RDF.type, SMKG.Evidence))[0]
    fact = (g.value(ev, RDF.subject), g.value(ev, RDF.predicate), g.value(ev, RDF.object))
    assert fact in g
    g.remove(fact)
    return ev


def marked_up_against_another_document(g: Graph) -> URIRef:
    version = ID["version/svtad/1.2"]
    g.set((version, SMKG.markedUpAgainst, ID["version/tmad/1.1"]))
    g.add((ID["version/tmad/1.1"], RDF.type, SMKG.DocumentVersion))
    g.add((ID["version/tmad/1.1"], DCTERMS.isVersionOf, ID["document/tmad"]))
    g.add((ID["version/tmad/1.1"], SMKG.versionNumber, Literal("1.1")))
    return version


def replacing_a_later_version(g: Graph) -> URIRef:
    later = ID["version/svtad/2.1"]
    g.add((later, RDF.type, SMKG.DocumentVersion))
    g.add((later, DCTERMS.isVersionOf, ID["document/svtad"]))
    g.add((later, SMKG.versionNumber, Literal("2.1")))
    g.add((later, SMKG.versionOrder, Literal(2_001_000)))
    g.add((ID["version/svtad/2.0"], SMKG.versionOrder, Literal(2_000_000)))
    return replace(SMKG.Redesignation, SMKG.previousVersion, later)(g)


def two_kinds_at_once(g: Graph) -> URIRef:
    consultation = the(g, SMKG.Consultation)
    g.add((consultation, RDF.type, SMKG.Organisation))
    return consultation


def two_renditions(g: Graph) -> URIRef:
    """Give an annex a second rendition: clean and marked up at once."""
    annex = sorted(g.subjects(RDF.type, SMKG.LetterAnnex))[0]
    clean = (annex, SMKG.rendition, ID["rendition/clean"]) in g
    g.add((annex, SMKG.rendition, ID["rendition/marked-up"] if clean else ID["rendition/clean"]))
    return annex


BROKEN = [
    # (id, example, breaker, path, source shape)
    ("consultation-with-two-closing-dates", "Consultation",
     add(SMKG.Consultation, SMKG.closedOn, Literal("2019-06-21", datatype=DATE)),
     SMKG.closedOn, "Consultation-closedOn"),
    ("closing-date-as-plain-string", "Consultation",
     replace(SMKG.Consultation, SMKG.closedOn, Literal("2019-06-14")),
     SMKG.closedOn, "Consultation-closedOn"),
    ("closing-date-as-datetime", "Consultation",
     replace(SMKG.Consultation, SMKG.closedOn, Literal("2019-06-14T17:00:00", datatype=DATETIME)),
     SMKG.closedOn, "Consultation-closedOn"),
    ("letter-date-as-plain-string", "Letter",
     replace(SMKG.Letter, ELI.date_document, Literal("2 October 2019")),
     ELI.date_document, "SourceText-date"),
    ("response-count-of-minus-one", "Consultation",
     replace(SMKG.Consultation, SMKG.responseCount, Literal(-1)),
     SMKG.responseCount, "Consultation-responseCount"),
    ("response-count-as-text", "Consultation",
     replace(SMKG.Consultation, SMKG.responseCount, Literal("four")),
     SMKG.responseCount, "Consultation-responseCount"),
    ("cohort-that-does-not-exist", "Consultation",
     replace(SMKG.Consultation, SMKG.concernsCohort, ID["cohort/moc-all"]),
     SMKG.concernsCohort, "Consultation-concernsCohort"),
    ("cohort-from-another-scheme", "Consultation",
     replace(SMKG.Consultation, SMKG.concernsCohort, ID["device-type/esme"]),
     SMKG.concernsCohort, "Consultation-concernsCohort"),
    ("uplift-cohort-outside-the-scheme", "Uplift",
     replace(SMKG.Uplift, SMKG.touchesCohort, ID["support/mixed"]),
     SMKG.touchesCohort, "Uplift-touchesCohort"),
    ("support-from-another-scheme", "Consultation",
     replace(SMKG.Consultation, SMKG.support, ID["cohort/foc"]),
     SMKG.support, "Consultation-support"),
    ("consultation-run-by-nobody", "Consultation",
     drop(SMKG.Consultation, SMKG.runBy),
     SMKG.runBy, "Consultation-runBy"),
    ("evidence-with-no-quote", "Evidence", drop_quote, OA.hasSelector, "Evidence-quote"),
    ("quote-with-no-words", "Evidence", drop_exact, OA.exact, "TextQuoteSelector-exact"),
    ("quote-with-empty-words", "Evidence", empty_exact, OA.exact, "TextQuoteSelector-exact"),
    ("negative-offset", "Evidence", negative_start, OA.start, "TextPositionSelector-start"),
    ("evidence-on-page-zero", "Evidence",
     page_zero, SMKG.page, "Evidence-page"),
    ("evidence-with-two-subjects", "Person",
     add(SMKG.Evidence, RDF.subject, ID["person/someone-else"]),
     RDF.subject, "Evidence-subject"),
    ("letter-with-no-date", "Letter",
     drop(SMKG.Letter, ELI.date_document),
     ELI.date_document, "Letter-date"),
    ("text-kind-outside-the-scheme", "Letter",
     replace(SMKG.Letter, SMKG.textKind, ID["rendition/clean"]),
     SMKG.textKind, "SourceText-textKind"),
    ("bad-fingerprint", "SourceFile",
     replace(SMKG.SourceFile, SMKG.sha256, Literal("not-a-hash")),
     SMKG.sha256, "SourceFile-sha256"),
    ("redesignation-of-no-document", "Redesignation",
     drop(SMKG.Redesignation, SMKG.designatesDocument),
     SMKG.designatesDocument, "Designation-designatesDocument"),
    ("redesignation-decided-by-nobody", "Redesignation",
     drop(SMKG.Redesignation, SMKG.decidedBy),
     SMKG.decidedBy, "Decision-decidedBy"),
    ("direction-effective-twice", "Direction",
     add(SMKG.Direction, SMKG.effectiveDate, Literal("2019-01-01", datatype=DATE)),
     SMKG.effectiveDate, "Decision-effectiveDate"),
    ("proposal-of-no-consultation", "Proposal", detach_proposal, None, "Proposal-consultation"),
    ("run-with-a-clock-time", "ExtractionRun",
     add(SMKG.ExtractionRun, PROV.startedAtTime, Literal("2024-01-01T00:00:00", datatype=DATETIME)),
     PROV.startedAtTime, "ExtractionRun-startedAt"),
    ("person-with-two-names", "Person",
     add(SMKG.Person, FOAF.name, Literal("H. Marsh")),
     FOAF.name, "Person-name"),
    ("annex-both-clean-and-marked-up", "LetterAnnex",
     two_renditions, SMKG.rendition, "LetterAnnex-rendition"),
    ("version-of-nothing", "DocumentVersion",
     drop(ID["version/svtad/1.2"], DCTERMS.isVersionOf),
     DCTERMS.isVersionOf, "DocumentVersion-isVersionOf"),
    ("meeting-with-no-date", "Meeting",
     drop(SMKG.Meeting, SMKG.meetingDate),
     SMKG.meetingDate, "Meeting-meetingDate"),
    ("deadline-for-free-text", "Deadline",
     replace(SMKG.Deadline, SMKG.deadlineFor, Literal("responses")),
     SMKG.deadlineFor, "Deadline-deadlineFor"),
    ("conclusions-of-nothing", "Conclusions",
     drop(SMKG.Conclusions, SMKG.concludes),
     SMKG.concludes, "Conclusions-concludes"),
    ("response-to-free-text", "GovernmentResponse",
     replace(SMKG.GovernmentResponse, SMKG.respondsTo, Literal("our consultation of 30 August")),
     SMKG.respondsTo, "GovernmentResponse-respondsTo"),
    # RDFS inference types a value by the property's range (smkg:respondsTo ranges
    # over consultations), so sh:class on the property cannot object to the DCC
    # there; the value's own class shape does: it is not a proper consultation.
    ("response-to-an-organisation", "GovernmentResponse",
     focus_on(ID["organisation/dcc"],
              replace(SMKG.GovernmentResponse, SMKG.respondsTo, ID["organisation/dcc"])),
     SMKG.runBy, "Consultation-runBy"),
    ("annex-presenting-a-document-not-a-version", "LetterAnnex",
     focus_on(ID["document/svtad"],
              replace(ID["text/3a41bde2504c3645/annex/b"], SMKG.presentsVersion, ID["document/svtad"])),
     DCTERMS.isVersionOf, "DocumentVersion-isVersionOf"),
    ("service-request-with-no-number", "ServiceRequest",
     drop(SMKG.ServiceRequest, SMKG.serviceRequestNumber),
     SMKG.serviceRequestNumber, "ServiceRequest-number"),
    ("ocr-correction-with-nothing-read", "OcrCorrection",
     drop(SMKG.OcrCorrection, SMKG.rawForm),
     SMKG.rawForm, "OcrCorrection-rawForm"),
    ("post-with-no-title", "Post",
     drop(SMKG.Post, SMKG.postTitle),
     SMKG.postTitle, "Post-postTitle"),
    ("organisation-with-no-name", "Organisation",
     drop(SMKG.EnergySupplier, SKOS.prefLabel),
     SKOS.prefLabel, "Organisation-prefLabel"),
    # consistency rules on the evidence and the ontology's axioms (the letters
    # cannot plant these: see tests/fixtures/rules/ for the others)
    ("quote-ending-where-it-starts", "Evidence", start_at_end, OA.start, "TextPositionInOrder"),
    ("ocr-correction-that-changes-nothing", "OcrCorrection", correction_that_changes_nothing, SMKG.rawForm,
     "OcrCorrectionChangesSomething"),
    ("evidence-of-a-fact-not-stated", "Evidence", evidence_of_a_fact_not_stated, None, "EvidenceStatesAFact"),
    ("version-marked-up-against-another-document", "DocumentVersion", marked_up_against_another_document, None,
     "ComparedVersionsOfOneDocument"),
    ("consultation-that-is-an-organisation", "Consultation", two_kinds_at_once, None, "DisjointClasses"),
    ("fact-with-no-evidence", "Consultation",
     add(SMKG.Consultation, DCTERMS.title, Literal("A title nothing says where it was read")),
     DCTERMS.title, "EveryFactHasEvidence"),
    ("redesignation-replacing-a-later-version", "Redesignation",
     focus_on(ID["version/svtad/2.0"], replacing_a_later_version), None, "PreviousVersionIsEarlier"),
]


@pytest.mark.parametrize(("example_name", "breaker", "path", "shape"),
                         [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_a_broken_example_fails_on_the_expected_rule(example_name, breaker, path, shape):
    g = example(example_name)
    focus = breaker(g)
    conforms, results = validate(g)
    assert not conforms
    source = SMKGSH[shape]
    assert set(shapes().objects(source, RDF.type)) & {SH.PropertyShape, SH.NodeShape}, source
    hits = [r for r in results if r[0] == focus and r[2] == source]
    assert hits, f"expected ({focus}, {path}, {source}) among:\n" + "\n".join(sorted(map(str, results)))
    if path is not None:
        assert any(r[1] == path for r in hits), hits


@pytest.mark.parametrize(("prop", "value", "shape"), [
    (SMKG.concernsCohort, ID["cohort/moc-all"], "MigrationCohort-inScheme"),
    (SMKG.support, ID["cohort/foc"], "SupportLevel-inScheme"),
], ids=["cohort", "support"])
def test_a_code_value_outside_its_scheme_is_caught_on_the_value_too(prop, value, shape):
    """RDFS inference types any value of smkg:concernsCohort as an
    smkg:MigrationCohort (the property's range), so the class's own shape checks
    it wherever it is used, not only where a property shape says so."""
    g = example("Consultation")
    replace(SMKG.Consultation, prop, value)(g)
    assert (value, RDF.type, SMKG.MigrationCohort if prop == SMKG.concernsCohort else SMKG.SupportLevel) not in g
    conforms, results = validate(g)
    assert not conforms
    assert (value, SKOS.inScheme, SMKGSH[shape]) in results


def test_a_letter_without_a_title_is_only_a_warning():
    g = example("Letter")
    letter = drop(SMKG.Letter, DCTERMS.title)(g)
    full = g + reference()
    _conforms, report, _ = pyshacl.validate(full, shacl_graph=shapes(), ont_graph=ontology(),
                                            inference="rdfs", advanced=True, allow_warnings=True)
    on_letter = [r for r in report.subjects(RDF.type, SH.ValidationResult)
                 if report.value(r, SH.focusNode) == letter
                 and report.value(r, SH.sourceShape) != SMKGSH.EveryFactHasEvidence]  # see test_example_conforms
    assert [report.value(r, SH.resultSeverity) for r in on_letter] == [SH.Warning]
    assert report.value(on_letter[0], SH.sourceShape) == SMKGSH["Letter-title"]


def test_the_broken_cases_cover_several_shapes():
    assert len({case[4].split("-")[0] for case in BROKEN}) >= 15
