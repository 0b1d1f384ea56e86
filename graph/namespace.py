"""The one place for IRIs.

``SMKG`` lists every term of the smkg ontology (``ontology/smkg.ttl``); a test
checks the two against each other, so a term used here and missing there (or
the reverse) fails the suite.  The public vocabularies we align with are bound
here too, and the bases under which data IRIs are minted (see ``iris.py``).
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
)
from rdflib.term import URIRef

BASE = "https://w3id.org/smkg/"

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ELIDL = Namespace("http://data.europa.eu/eli/eli-draft-legislation-ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
LEGISLATION = Namespace("http://www.legislation.gov.uk/id/")
#: SPDX, for the checksums of the files a bundle's catalogue describes.
SPDX = Namespace("http://spdx.org/rdf/terms#")

#: Where minted data IRIs live: ``ID["organisation/beis"]``.
ID = Namespace(BASE + "id/")
#: Named graphs: one per source text, plus the ontology and reference data.
GRAPH = Namespace(BASE + "graph/")
#: The shapes of ontology/shapes.ttl: a validation result names its rule here.
SMKGSH = Namespace(BASE + "shapes#")


class SMKG(DefinedNamespace):
    """The smkg ontology: UK smart metering governance."""

    _fail = True
    _NS = Namespace(BASE + "def#")

    # --- agents --------------------------------------------------------------
    Organisation: URIRef
    GovernmentDepartment: URIRef
    Regulator: URIRef
    DCCLicensee: URIRef
    CodeBody: URIRef
    IndustryGroup: URIRef
    EnergySupplier: URIRef
    NetworkOperator: URIRef
    IndependentGasTransporter: URIRef
    OrganisationGroup: URIRef  # a collective addressee: "SEC Parties", "other interested parties"
    Person: URIRef
    Post: URIRef
    MinisterialOffice: URIRef
    DepartmentChange: URIRef
    actsOnBehalfOf: URIRef
    holdsPost: URIRef
    postTitle: URIRef

    # --- documents -----------------------------------------------------------
    GovernedDocument: URIRef
    Code: URIRef
    CodeSection: URIRef
    CodeAppendix: URIRef
    CodeSchedule: URIRef
    DocumentAnnex: URIRef
    Licence: URIRef
    LicenceCondition: URIRef
    Act: URIRef
    DocumentVersion: URIRef
    appendixLetter: URIRef
    sectionNumber: URIRef
    versionLabel: URIRef
    versionNumber: URIRef
    versionOrder: URIRef
    markedUpAgainst: URIRef
    versionStatus: URIRef
    expiryDate: URIRef
    VersionStatus: URIRef

    # --- source texts --------------------------------------------------------
    SourceText: URIRef
    Letter: URIRef
    Notice: URIRef
    Newsletter: URIRef
    UpdateLog: URIRef
    ModificationRecord: URIRef
    SourceFile: URIRef
    TextKind: URIRef
    textKind: URIRef
    author: URIRef
    addressee: URIRef
    signatory: URIRef
    signedAs: URIRef
    postalAddress: URIRef
    fileName: URIRef
    sha256: URIRef
    ocrPage: URIRef
    pageCount: URIRef
    LetterAnnex: URIRef
    hasAnnex: URIRef
    annexLabel: URIRef
    presentsVersion: URIRef
    rendition: URIRef
    Rendition: URIRef

    # --- processes -----------------------------------------------------------
    Consultation: URIRef
    Proposal: URIRef
    Conclusions: URIRef
    GovernmentResponse: URIRef
    Decision: URIRef
    Designation: URIRef
    Redesignation: URIRef
    Direction: URIRef
    Approval: URIRef
    Rejection: URIRef
    Meeting: URIRef
    Deadline: URIRef
    RespondentGroup: URIRef
    runBy: URIRef
    openedOn: URIRef
    closedOn: URIRef
    subjectDocument: URIRef
    hasProposal: URIRef
    proposalText: URIRef
    responseCount: URIRef
    respondentGroup: URIRef
    respondentKind: URIRef
    respondentCount: URIRef
    respondent: URIRef  # a named body that responded to a consultation
    support: URIRef
    SupportLevel: URIRef
    concludes: URIRef
    concludedBy: URIRef
    submittedTo: URIRef
    respondsTo: URIRef
    decidedBy: URIRef
    decidesOn: URIRef  # what a decision settles: a proposal, a version, a document
    decisionDate: URIRef
    effectiveDate: URIRef
    legalBasis: URIRef
    designatesVersion: URIRef
    designatesDocument: URIRef
    previousVersion: URIRef
    proposedDate: URIRef
    proposedWindow: URIRef
    proposedWindowEnd: URIRef
    followsConsultation: URIRef
    meetingBody: URIRef
    meetingDate: URIRef
    outcome: URIRef
    deadlineDate: URIRef
    deadlineFor: URIRef
    deadlineTime: URIRef
    discusses: URIRef

    # --- programme -----------------------------------------------------------
    Uplift: URIRef
    MigrationCohort: URIRef
    DeviceType: URIRef
    ServiceRequest: URIRef
    touchesDocument: URIRef
    touchesCohort: URIRef
    scheduledWith: URIRef
    concernsUplift: URIRef
    concernsCohort: URIRef
    mentions: URIRef
    serviceRequestNumber: URIRef

    # --- evidence ------------------------------------------------------------
    Evidence: URIRef
    ExtractionRun: URIRef
    OcrCorrection: URIRef
    evidence: URIRef
    page: URIRef
    paragraph: URIRef
    segmentKind: URIRef
    statedAs: URIRef
    unplacedDate: URIRef
    datePrecision: URIRef
    yearInferred: URIRef
    inferredFrom: URIRef
    yearInferredFrom: URIRef
    ocrCorrection: URIRef
    rawForm: URIRef
    correctedForm: URIRef
    softwareVersion: URIRef


#: Prefixes written into every serialisation, in this order.
PREFIXES: dict[str, Namespace | str] = {
    "smkg": SMKG._NS,
    "id": ID,
    "eli": ELI,
    "eli-dl": ELIDL,
    "org": ORG,
    "prov": PROV,
    "oa": OA,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "dcat": DCAT,
    "time": TIME,
    "foaf": FOAF,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "sh": SH,
    "xsd": XSD,
    "leg": LEGISLATION,
}

__all__ = [
    "BASE", "DCAT", "DCTERMS", "ELI", "ELIDL", "FOAF", "GRAPH", "ID", "LEGISLATION",
    "OA", "ORG", "OWL", "PREFIXES", "PROV", "RDF", "RDFS", "SH", "SKOS", "SMKG", "SPDX",
    "TIME", "XSD",
]
