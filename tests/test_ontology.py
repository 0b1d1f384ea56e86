"""The ontology (ontology/smkg.ttl) and the public vocabulary subsets (ontology/vocab/).

What is checked:

- every file parses; the ontology header says what it is, under which licence, in
  which version;
- the terms declared in our namespace are exactly those of ``graph.namespace.SMKG``,
  each declared once with one kind (class, object or datatype property), and no
  undeclared IRI of our namespace is used;
- the documentation contract: label, comment (one sentence) and definition in
  English, and ``rdfs:isDefinedBy`` the ontology, for every term, deprecated ones
  included; a term once released is never deleted (deprecate it instead);
- domains, ranges and alignments point at declared things of the right kind;
- every public-vocabulary IRI used by the ontology, the reference data, the
  examples, the shapes, MODEL.md and the code under graph/ is declared in the
  shipped subsets, so that a misspelt public term fails; the subsets hold only
  real terms of their vocabulary (checked against rdflib's closed namespaces
  where rdflib has one);
- the OWL RL closure of the ontology, the subsets, the reference data and the
  examples is consistent: nothing in owl:Nothing, no disjointness violated, no
  owl:sameAs between distinct things of ours, no two of our classes collapsed;
  canaries planted in the same run show that the reasoner does detect such faults.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import owlrl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as rdfns
from rdflib.namespace import OWL, RDF, RDFS, SKOS

XSD_NS = str(rdfns.XSD)  # the namespace object itself at module level makes pytest warn

from graph.namespace import BASE, ELI, ELIDL, OA, SMKG  # noqa: E402  (after XSD_NS, see above)
from graph.resources import data_dir, ontology_file, reference_files, vocabulary_files  # noqa: E402

NS = str(SMKG._NS)
ONTOLOGY = URIRef(BASE + "def")
DCTERMS = rdfns.DCTERMS
VANN = rdfns.VANN

#: The public vocabularies we ship subsets of: file stem -> namespace.
PUBLIC: dict[str, str] = {
    "eli": str(ELI),
    "eli-dl": str(ELIDL),
    "org": str(rdfns.ORG),
    "prov": str(rdfns.PROV),
    "oa": str(OA),
    "dcterms": str(rdfns.DCTERMS),
    "skos": str(rdfns.SKOS),
    "dcat": str(rdfns.DCAT),
    "time": str(rdfns.TIME),
    "foaf": str(rdfns.FOAF),
    "vann": str(rdfns.VANN),
}
#: rdflib's generated namespaces, which list every term of their vocabulary: a
#: term they lack is no term of it.  ELI, ELI-DL and Web Annotation have none.
CLOSED = {
    "org": rdfns.ORG, "prov": rdfns.PROV, "dcterms": rdfns.DCTERMS, "skos": rdfns.SKOS,
    "dcat": rdfns.DCAT, "time": rdfns.TIME, "foaf": rdfns.FOAF, "vann": rdfns.VANN,
}
#: Python names of the namespace objects in graph/namespace.py, by file stem.
PY_NAMES = {
    "ELI": "eli", "ELIDL": "eli-dl", "ORG": "org", "PROV": "prov", "OA": "oa", "DCTERMS": "dcterms",
    "SKOS": "skos", "DCAT": "dcat", "TIME": "time", "FOAF": "foaf", "VANN": "vann",
}
#: Public IRIs that the ontology may use without shipping them (none so far:
#: rdf, rdfs, owl and xsd are not "public vocabularies" here and need no subset).
EXEMPT: frozenset[str] = frozenset()

KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)

#: Every term of release 0.1.0.  Terms are deprecated, never deleted: a term may
#: gain ``owl:deprecated true`` but must stay declared in smkg.ttl and SMKG.
RELEASED_0_1_0 = frozenset("""
    Organisation GovernmentDepartment Regulator DCCLicensee CodeBody IndustryGroup EnergySupplier
    NetworkOperator IndependentGasTransporter OrganisationGroup Person Post MinisterialOffice
    DepartmentChange actsOnBehalfOf holdsPost postTitle
    GovernedDocument Code CodeSection CodeAppendix CodeSchedule DocumentAnnex Licence
    LicenceCondition Act DocumentVersion appendixLetter sectionNumber versionLabel versionNumber
    markedUpAgainst versionStatus expiryDate VersionStatus
    SourceText Letter Notice Newsletter UpdateLog ModificationRecord SourceFile TextKind textKind
    author addressee signatory signedAs postalAddress fileName sha256 pageCount LetterAnnex
    hasAnnex annexLabel presentsVersion rendition Rendition
    Consultation Proposal Conclusions GovernmentResponse Decision Designation Redesignation
    Direction Approval Rejection Meeting Deadline RespondentGroup runBy openedOn closedOn
    subjectDocument hasProposal proposalText responseCount respondentGroup respondentKind
    respondentCount respondent support SupportLevel concludes concludedBy submittedTo respondsTo
    decidedBy decidesOn decisionDate effectiveDate legalBasis designatesVersion designatesDocument
    previousVersion proposedDate proposedWindow meetingBody meetingDate outcome deadlineDate
    deadlineFor
    Uplift MigrationCohort DeviceType ServiceRequest touchesDocument touchesCohort scheduledWith
    concernsUplift concernsCohort mentions serviceRequestNumber
    Evidence ExtractionRun OcrCorrection evidence page paragraph segmentKind statedAs
    datePrecision yearInferred inferredFrom ocrCorrection rawForm correctedForm softwareVersion
""".split())


# --- fixtures and helpers -----------------------------------------------------------


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


@pytest.fixture(scope="module")
def vocab() -> Graph:
    g = Graph()
    for path in vocabulary_files():
        g.parse(path, format="turtle")
    return g


def ours(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(NS)


def namespace_terms() -> set[URIRef]:
    return {URIRef(NS + name) for name in SMKG.__annotations__}


def declared_terms(g: Graph) -> set[URIRef]:
    return {s for kind in KINDS for s in g.subjects(RDF.type, kind) if ours(s)}


def public_vocabulary(iri: str) -> str | None:
    """The stem of the public vocabulary ``iri`` belongs to, if any."""
    for stem, ns in PUBLIC.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return stem
    return None


def declared_public_terms(vocab: Graph) -> set[str]:
    return {str(s) for s in vocab.subjects(RDF.type, None) if isinstance(s, URIRef) and public_vocabulary(str(s))}


def public_iris_in(g: Graph) -> set[str]:
    found = set()
    for triple in g:
        for term in triple:
            if isinstance(term, URIRef) and public_vocabulary(str(term)):
                found.add(str(term))
        if isinstance(triple[2], Literal) and triple[2].datatype is not None:
            if public_vocabulary(str(triple[2].datatype)):
                found.add(str(triple[2].datatype))
    return found


def short(iri) -> str:
    iri = str(iri)
    if iri.startswith(NS):
        return "smkg:" + iri[len(NS):]
    stem = public_vocabulary(iri)
    return f"{stem}:{iri[len(PUBLIC[stem]):]}" if stem else iri


def english(g: Graph, subject, prop) -> list[Literal]:
    return [v for v in g.objects(subject, prop) if isinstance(v, Literal) and v.language == "en"]


def kind_of(g: Graph, term) -> URIRef | None:
    kinds = [k for k in KINDS if (term, RDF.type, k) in g]
    return kinds[0] if len(kinds) == 1 else None


def extra_files(folder: str) -> list[Path]:
    path = data_dir("ontology") / folder
    return sorted(path.glob("*.ttl")) if path.is_dir() else []


# --- files and header ---------------------------------------------------------------


@pytest.mark.parametrize("path", [ontology_file(), *vocabulary_files()], ids=lambda p: p.name)
def test_every_file_parses(path):
    g = Graph().parse(path, format="turtle")
    assert len(g) > 0, path


def test_the_expected_vocabulary_subsets_are_shipped():
    stems = {p.stem for p in vocabulary_files()}
    assert stems <= set(PUBLIC), f"vocab files for unknown vocabularies: {sorted(stems - set(PUBLIC))}"
    must = {"eli", "eli-dl", "org", "prov", "oa", "dcterms", "skos", "dcat", "time", "foaf"}
    assert must <= stems, f"missing vocab subsets: {sorted(must - stems)}"


def test_the_ontology_header(onto):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in onto
    for prop in (DCTERMS.title, DCTERMS.description):
        assert english(onto, ONTOLOGY, prop), f"the ontology has no English {short(prop)}"
    assert onto.value(ONTOLOGY, DCTERMS.license) == URIRef("https://opensource.org/licenses/MIT")
    assert str(onto.value(ONTOLOGY, DCTERMS.creator)) == "smkg maintainers"
    assert str(onto.value(ONTOLOGY, DCTERMS.publisher)) == "smkg maintainers"
    for prop in (DCTERMS.created, DCTERMS.modified):
        value = onto.value(ONTOLOGY, prop)
        assert isinstance(value, Literal) and value.datatype == URIRef(XSD_NS + "date"), (short(prop), value)
    version = onto.value(ONTOLOGY, OWL.versionInfo)
    assert version is not None and re.fullmatch(r"\d+\.\d+\.\d+", str(version)), version
    assert onto.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"{BASE}def/{version}")
    assert str(onto.value(ONTOLOGY, VANN.preferredNamespacePrefix)) == "smkg"
    assert str(onto.value(ONTOLOGY, VANN.preferredNamespaceUri)) == NS
    policy = " ".join(str(c) for c in onto.objects(ONTOLOGY, RDFS.comment))
    assert "deprecated, never deleted" in policy, "the header must state the deprecation policy"


# --- our terms ----------------------------------------------------------------------


def test_the_ontology_declares_exactly_the_terms_of_smkg(onto):
    declared = declared_terms(onto)
    listed = namespace_terms()
    missing = sorted(short(t) for t in listed - declared)
    extra = sorted(short(t) for t in declared - listed)
    assert not missing, f"in graph/namespace.py SMKG but not declared in smkg.ttl: {missing}"
    assert not extra, f"declared in smkg.ttl but not in graph/namespace.py SMKG: {extra}"


def test_no_undeclared_term_of_ours_is_used(onto):
    declared = declared_terms(onto)
    used = {term for triple in onto for term in triple if ours(term)}
    assert not sorted(short(t) for t in used - declared)


def test_nothing_else_of_ours_is_declared_anywhere(onto, vocab):
    stray = {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(BASE)}
    stray -= declared_terms(onto) | {ONTOLOGY}
    assert not sorted(map(str, stray)), "IRIs under our base described in smkg.ttl but not terms of it"
    leaked = {s for s in vocab.subjects() if ours(s)}
    assert not sorted(short(t) for t in leaked), "smkg terms declared in the vocabulary subsets"


def test_each_term_has_one_kind_matching_its_name(onto):
    wrong = []
    for term in namespace_terms():
        kinds = [k for k in KINDS if (term, RDF.type, k) in onto]
        name = str(term)[len(NS):]
        expected = OWL.Class if name[0].isupper() else None
        if len(kinds) != 1:
            wrong.append(f"{short(term)}: {len(kinds)} kinds")
        elif expected is OWL.Class and kinds[0] != OWL.Class:
            wrong.append(f"{short(term)}: capitalised but not a class")
        elif expected is None and kinds[0] == OWL.Class:
            wrong.append(f"{short(term)}: lower-case but a class")
    assert not sorted(wrong)


def _sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?=\s|$)", text.strip()))


def test_the_documentation_contract(onto):
    """Every term, deprecated ones included, is documented; offenders are named."""
    problems: dict[str, list[str]] = defaultdict(list)
    for term in sorted(declared_terms(onto) | namespace_terms()):
        name = short(term)
        required = ((RDFS.label, "rdfs:label"), (RDFS.comment, "rdfs:comment"), (SKOS.definition, "skos:definition"))
        for prop, what in required:
            values = list(onto.objects(term, prop))
            english_values = english(onto, term, prop)
            if len(english_values) != 1:
                problems[name].append(f"{len(english_values)} English {what}")
            if len(values) != len(english_values):
                problems[name].append(f"{what} not all @en")
            for value in english_values:
                if not str(value).strip() or str(value) != str(value).strip():
                    problems[name].append(f"{what} empty or padded")
        for comment in english(onto, term, RDFS.comment):
            text = str(comment)
            if not text[:1].isupper() or _sentences(text) != 1 or not text.endswith("."):
                problems[name].append("rdfs:comment is not one sentence")
        for definition in english(onto, term, SKOS.definition):
            if not str(definition).endswith("."):
                problems[name].append("skos:definition does not end with a full stop")
        if set(onto.objects(term, RDFS.isDefinedBy)) != {ONTOLOGY}:
            problems[name].append("rdfs:isDefinedBy is not the ontology")
    assert not problems, "documentation contract broken:\n" + "\n".join(
        f"  {name}: {', '.join(issues)}" for name, issues in sorted(problems.items())
    )


def test_labels_are_unique_within_a_kind(onto):
    seen: dict[tuple, list[str]] = defaultdict(list)
    for term in declared_terms(onto):
        kind = OWL.Class if (term, RDF.type, OWL.Class) in onto else RDF.Property
        for label in english(onto, term, RDFS.label):
            seen[(kind, str(label).casefold())].append(short(term))
    clashes = {label: names for (_k, label), names in seen.items() if len(names) > 1}
    assert not clashes


def test_deprecated_terms_are_kept(onto):
    """Terms are deprecated, never deleted: released and deprecated terms stay declared and listed."""
    declared = declared_terms(onto)
    listed = namespace_terms()
    released = {URIRef(NS + name) for name in RELEASED_0_1_0}
    deleted = sorted(short(t) for t in released - (declared & listed))
    assert not deleted, f"released terms removed (mark them owl:deprecated true instead): {deleted}"
    deprecated = set(onto.subjects(OWL.deprecated, Literal(True)))
    for term in onto.subjects(OWL.deprecated, None):
        value = onto.value(term, OWL.deprecated)
        assert value == Literal(True), f"{short(term)}: owl:deprecated must be the boolean true"
    gone = sorted(short(t) for t in deprecated if t not in declared or t not in listed)
    assert not gone, f"deprecated terms no longer declared in smkg.ttl or SMKG: {gone}"


def test_domains_and_ranges_are_well_formed(onto, vocab):
    both = onto + vocab
    classes = set(both.subjects(RDF.type, OWL.Class)) | set(both.subjects(RDF.type, RDFS.Class))
    problems = []
    for prop in declared_terms(onto):
        kind = kind_of(onto, prop)
        if kind == OWL.Class:
            if list(onto.objects(prop, RDFS.domain)) or list(onto.objects(prop, RDFS.range)):
                problems.append(f"{short(prop)}: a class with a domain or range")
            continue
        for domain in onto.objects(prop, RDFS.domain):
            if domain not in classes:
                problems.append(f"{short(prop)}: domain {short(domain)} is no declared class")
        ranges = list(onto.objects(prop, RDFS.range))
        if len(ranges) > 1:
            problems.append(f"{short(prop)}: {len(ranges)} ranges")
        for rng in ranges:
            datatype = str(rng).startswith(XSD_NS) or rng == RDFS.Literal
            if kind == OWL.DatatypeProperty and not datatype:
                problems.append(f"{short(prop)}: datatype property with range {short(rng)}")
            if kind == OWL.ObjectProperty and (datatype or rng not in classes):
                problems.append(f"{short(prop)}: object property with range {short(rng)}")
    assert not problems


def test_alignments_point_at_terms_of_the_same_kind(onto, vocab):
    both = onto + vocab
    problems = []
    for term in declared_terms(onto):
        kind = kind_of(onto, term)
        for prop in (RDFS.subClassOf, RDFS.subPropertyOf):
            for target in onto.objects(term, prop):
                if isinstance(target, BNode) or target in (RDF.Statement,):
                    continue
                target_kinds = set(both.objects(target, RDF.type))
                if kind == OWL.Class and prop == RDFS.subClassOf:
                    ok = OWL.Class in target_kinds or RDFS.Class in target_kinds
                elif kind in (OWL.ObjectProperty, OWL.DatatypeProperty) and prop == RDFS.subPropertyOf:
                    ok = kind in target_kinds
                else:
                    ok = False
                if not ok:
                    problems.append(f"{short(term)} {short(prop)} {short(target)}")
    assert not problems, "alignment to an undeclared term or a term of another kind"


# --- the public vocabularies --------------------------------------------------------


def test_every_public_term_the_ontology_uses_is_shipped(onto, vocab):
    missing = public_iris_in(onto) - declared_public_terms(vocab) - EXEMPT
    assert not sorted(map(short, missing)), "add these to ontology/vocab/ after checking their spelling"


@pytest.mark.parametrize(
    "path",
    [*reference_files(), *extra_files("examples"), *[p for p in [data_dir("ontology") / "shapes.ttl"] if p.exists()]],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_every_public_term_the_data_uses_is_shipped(path, vocab):
    g = Graph().parse(path, format="turtle")
    missing = public_iris_in(g) - declared_public_terms(vocab) - EXEMPT
    assert not sorted(map(short, missing)), f"{path.name}: misspelt, or to be added to ontology/vocab/"


_PREFIXED = re.compile(r"(?<![\w/#:-])(eli-dl|eli|org|prov|oa|dcterms|skos|dcat|time|foaf|vann):([A-Za-z_][\w-]*[\w])")


def test_every_public_term_in_model_md_is_shipped(vocab):
    text = (data_dir("ontology") / "MODEL.md").read_text(encoding="utf-8")
    used = {PUBLIC[stem] + local for stem, local in _PREFIXED.findall(text)}
    missing = used - declared_public_terms(vocab) - EXEMPT
    assert not sorted(map(short, missing)), "MODEL.md uses public terms the subsets lack"


_PY_ATTR = re.compile(r"\b(" + "|".join(PY_NAMES) + r")\.([A-Za-z_]\w*)")
_PY_ITEM = re.compile(r"\b(" + "|".join(PY_NAMES) + r")\[\s*[\"']([^\"']+)[\"']\s*\]")


def test_every_public_term_in_the_code_is_shipped(vocab):
    """graph/ refers to public terms as ``ELI.is_part_of`` or ``ELI["is_part_of"]``."""
    shipped = declared_public_terms(vocab)
    missing, shadowed = set(), set()
    for path in sorted((data_dir("ontology").parent / "graph").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for name, local in _PY_ATTR.findall(text):
            if local.startswith("_"):
                continue
            if name in ("ELI", "ELIDL", "OA") and hasattr(str, local):
                shadowed.add(f"{path.name}: {name}.{local} is str.{local}, write {name}[{local!r}]")
                continue
            iri = PUBLIC[PY_NAMES[name]] + local
            if iri not in shipped:
                missing.add(f"{path.name}: {short(iri)}")
        for name, local in _PY_ITEM.findall(text):
            iri = PUBLIC[PY_NAMES[name]] + local
            if iri not in shipped:
                missing.add(f"{path.name}: {short(iri)}")
    assert not sorted(shadowed)
    assert not sorted(missing), "misspelt, or to be added to ontology/vocab/"


def _in_rdflib(namespace, local: str) -> bool:
    """Whether rdflib's generated namespace class lists ``local`` (some of them,
    DCAT and TIME, do not raise on unknown names, so attribute access won't do)."""
    return local in getattr(namespace, "__annotations__", {}) or local in getattr(namespace, "_extras", ())


def test_rdflib_namespaces_can_tell_a_term_from_a_typo():
    assert _in_rdflib(rdfns.ORG, "holds") and not _in_rdflib(rdfns.ORG, "hold")
    assert _in_rdflib(rdfns.TIME, "hasBeginning") and not _in_rdflib(rdfns.TIME, "hasBegining")
    assert _in_rdflib(rdfns.DCAT, "downloadURL") and not _in_rdflib(rdfns.DCAT, "downloadUrl")


@pytest.mark.parametrize("path", vocabulary_files(), ids=lambda p: p.name)
def test_each_vocabulary_subset_is_well_formed(path):
    stem = path.stem
    ns = PUBLIC[stem]
    g = Graph().parse(path, format="turtle")
    head = path.read_text(encoding="utf-8").split("\n@prefix", 1)[0]
    assert "Source vocabulary:" in head and "Licence" in head, \
        f"{path.name}: header must name the source and its licence"
    assert "subset shipped so nothing is fetched at run time" in head, path.name
    (meta,) = list(g.subjects(RDF.type, OWL.Ontology))
    assert g.value(meta, DCTERMS.source) is not None and g.value(meta, DCTERMS.license) is not None, path.name
    problems = []
    terms = {s for s in g.subjects(RDF.type, None) if s != meta}
    assert terms, path.name
    for term in sorted(terms):
        if not str(term).startswith(ns):
            problems.append(f"{term}: not in {ns}")
            continue
        if len(english(g, term, RDFS.label)) != 1 or len(english(g, term, RDFS.comment)) != 1:
            problems.append(f"{short(term)}: needs one English rdfs:label and rdfs:comment")
        if g.value(term, RDFS.isDefinedBy) is None:
            problems.append(f"{short(term)}: no rdfs:isDefinedBy")
        types = set(g.objects(term, RDF.type))
        if not types & {OWL.Class, RDFS.Class, *PROPERTY_KINDS}:
            problems.append(f"{short(term)}: neither a class nor a property")
        if stem in CLOSED and not _in_rdflib(CLOSED[stem], str(term)[len(ns):]):
            problems.append(f"{short(term)}: not a term of {ns} (rdflib's namespace for it lacks it)")
    assert not problems


def test_no_public_term_is_shipped_twice():
    counts = Counter()
    for path in vocabulary_files():
        g = Graph().parse(path, format="turtle")
        counts.update(str(s) for s in set(g.subjects(RDF.type, None)) if not str(s).startswith(BASE))
    assert not sorted(t for t, n in counts.items() if n > 1)


# --- the OWL RL closure -------------------------------------------------------------

CANARY = Namespace("http://example.org/smkg-test/")
#: Individuals planted to prove that the reasoner finds what the test looks for.
#: They are generic, not facts of any text.
CANARIES = f"""
@prefix smkg: <{NS}> .
@prefix ex: <{CANARY}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:person-and-organisation a smkg:Person , smkg:Organisation .
ex:letter a smkg:Letter ; smkg:signatory ex:signatory .
ex:signatory a smkg:Organisation .
ex:text-and-decision a smkg:Letter , smkg:Redesignation .
ex:redesignation smkg:designatesVersion ex:version ; smkg:decidedBy ex:office ;
    smkg:effectiveDate "2000-01-01"^^xsd:date .
ex:consultation smkg:runBy ex:runner ; smkg:openedOn "2000-01-01"^^xsd:date .
ex:evidence a smkg:Evidence ; smkg:inferredFrom ex:other-evidence .
"""
EXPECTED_FAULTS = {CANARY["person-and-organisation"], CANARY["signatory"], CANARY["text-and-decision"]}
ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")


@pytest.fixture(scope="module")
def closure(onto, vocab) -> Graph:
    """OWL RL closure of ontology + subsets + reference data + examples + canaries.

    Annotation triples (labels, comments, definitions...) take part in no OWL RL
    rule; they are left out to keep the closure to a few seconds.
    """
    source = onto + vocab
    for path in [*reference_files(), *extra_files("examples")]:
        source.parse(path, format="turtle")
    source.parse(data=CANARIES, format="turtle")
    annotation = set(source.subjects(RDF.type, OWL.AnnotationProperty)) | {
        RDFS.label, RDFS.comment, RDFS.isDefinedBy, RDFS.seeAlso, OWL.versionInfo,
    }
    g = Graph()
    for triple in source:
        if triple[1] not in annotation:
            g.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    return g


def _is_canary(term) -> bool:
    return str(term).startswith(str(CANARY))


def test_the_closure_is_consistent(closure):
    nothing = sorted(str(s) for s in closure.subjects(RDF.type, OWL.Nothing) if not _is_canary(s))
    assert not nothing, f"individuals in owl:Nothing: {nothing}"
    errors = [str(e) for e in closure.objects(None, ERROR)]
    real = sorted(e for e in errors if str(CANARY) not in e)
    assert not real, "OWL RL inconsistencies:\n" + "\n".join(real)


def test_the_reasoner_does_find_faults(closure):
    errors = " ".join(str(e) for e in closure.objects(None, ERROR))
    undetected = sorted(str(c) for c in EXPECTED_FAULTS if str(c) not in errors)
    assert not undetected, "planted inconsistencies were not detected; the consistency test would be vacuous"


def test_no_same_as_between_distinct_things_of_ours(closure):
    merged = sorted(
        (str(a), str(b))
        for a, b in closure.subject_objects(OWL.sameAs)
        if a != b and (str(a).startswith(BASE) or str(b).startswith(BASE))
    )
    assert not merged


def test_no_two_of_our_terms_collapse(closure):
    collapsed = set()
    for prop in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty):
        for a, b in closure.subject_objects(prop):
            if a != b and ours(a) and ours(b) and (b, prop, a) in closure:
                collapsed.add(tuple(sorted((short(a), short(b)))))
    assert not sorted(collapsed)


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (SMKG.Letter, ELI.Work),
        (SMKG.Letter, rdfns.PROV.Entity),
        (SMKG.SourceFile, ELI.Manifestation),
        (SMKG.CodeAppendix, ELI.LegalResource),
        (SMKG.DocumentVersion, ELI.Expression),
        (SMKG.Redesignation, ELIDL.Decision),
        (SMKG.Redesignation, ELIDL.Activity),
        (SMKG.Consultation, ELIDL.Process),
        (SMKG.Conclusions, ELIDL.Activity),
        (SMKG.Person, rdfns.FOAF.Agent),
        (SMKG.Person, rdfns.PROV.Agent),
        (SMKG.IndependentGasTransporter, rdfns.ORG.FormalOrganization),
        (SMKG.MinisterialOffice, rdfns.FOAF.Agent),
        (SMKG.OrganisationGroup, rdfns.FOAF.Agent),
        (SMKG.Post, rdfns.ORG.Post),
        (SMKG.DepartmentChange, rdfns.PROV.Activity),
        (SMKG.Evidence, OA.SpecificResource),
        (SMKG.ExtractionRun, rdfns.PROV.Activity),
        (SMKG.MigrationCohort, SKOS.Concept),
        (SMKG.DeviceType, SKOS.Concept),
    ],
    ids=lambda t: short(t),
)
def test_the_closure_places_our_classes(closure, sub, sup):
    assert (sub, RDFS.subClassOf, sup) in closure


@pytest.mark.parametrize(
    ("subject", "cls"),
    [
        ("redesignation", SMKG.Designation),
        ("redesignation", ELI.LegalResource),
        ("version", SMKG.DocumentVersion),
        ("office", rdfns.FOAF.Agent),
        ("consultation", SMKG.Consultation),
        ("consultation", rdfns.PROV.Activity),
        ("runner", rdfns.PROV.Agent),
        ("other-evidence", rdfns.PROV.Entity),
    ],
)
def test_the_closure_types_data_as_model_md_expects(closure, subject, cls):
    assert (CANARY[subject], RDF.type, cls) in closure
