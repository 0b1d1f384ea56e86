"""Triples: the only stage that knows RDF.  Facts of one text become its named graph.

Keys become IRIs here: ``text`` is the text, ``person``/``post``/``annex:A`` are
the text's own signatory, post and annexes, ``id:<path>`` is a thing minted
from content (:mod:`graph.keys`), ``smkg:Consultation`` a term by name, and a
full IRI a reference thing.  Every triple gets an evidence node saying where it
was read."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from . import __version__, iris
from .documents import Document
from .facts import Fact, Ref, TextFacts, Typed, When
from .namespace import DCTERMS, ELI, ELIDL, FOAF, ID, OA, PREFIXES, PROV, RDF, SKOS, SMKG

_PREFIX = {"smkg": SMKG, "eli": ELI, "eli-dl": ELIDL, "dcterms": DCTERMS, "foaf": FOAF, "skos": SKOS,
           "rdf": RDF, "xsd": XSD, "prov": PROV}
_LOCAL_TYPES = {"person": SMKG.Person, "post": SMKG.Post, "annex": SMKG.LetterAnnex}
_MONTH = URIRef(str(XSD) + "gYearMonth")
_YEAR = URIRef(str(XSD) + "gYear")


def term(name: str) -> URIRef:
    prefix, local = name.split(":", 1)
    return _PREFIX[prefix][local]


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _literal(value: object) -> Literal:
    if isinstance(value, When):
        if value.precision == "month":
            return Literal(value.date.strftime("%Y-%m"), datatype=_MONTH)
        if value.precision == "year":
            return Literal(str(value.date.year), datatype=_YEAR)
        return Literal(value.date.isoformat(), datatype=XSD.date)
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, Typed):
        return Literal(value.lexical, datatype=term(value.datatype))
    return Literal(value)


class _Nodes:
    """Key to IRI for one text."""

    def __init__(self, doc: Document, result: TextFacts) -> None:
        self.text = iris.text_iri(doc.sha256)
        names = {f.subject: f.value for f in result.facts if f.prop in ("foaf:name", "smkg:postTitle")}
        self.local: dict[str, URIRef] = {"text": self.text}
        if "person" in names:
            self.local["person"] = iris.person_iri(str(names["person"]))
        if "post" in names:  # the signatory's post is in the text's author
            author = next((f.value.key for f in result.facts if f.subject == "text" and f.prop == "smkg:author"), None)
            self.local["post"] = iris.post_iri(str(names["post"]), author)
        for f in result.facts:
            if f.subject.startswith("annex:"):
                self.local[f.subject] = iris.annex_iri(self.text, f.subject.split(":", 1)[1])

    def __call__(self, key: str) -> URIRef | None:
        if key in self.local:
            return self.local[key]
        if key.startswith("id:"):
            return ID[key[3:]]
        if key.startswith(("http://", "https://")):
            return URIRef(key)
        if ":" in key and key.split(":", 1)[0] in _PREFIX:
            return term(key)
        return None  # a local key whose node was never named (a post without its title line)


def to_graph(doc: Document, result: TextFacts) -> Graph:
    g = new_graph()
    node = _Nodes(doc, result)
    text = node.text
    file = iris.file_iri(doc.file_name)
    run = iris.run_iri(__version__, doc.sha256)
    g.add((file, RDF.type, SMKG.SourceFile))
    g.add((file, SMKG.fileName, Literal(doc.file_name)))
    g.add((file, SMKG.sha256, Literal(doc.sha256)))
    g.add((file, DCTERMS.format, Literal(doc.media_type)))
    g.add((file, SMKG.pageCount, Literal(len(doc.page_starts))))
    for number, method in enumerate(doc.page_methods, 1):
        if method == "ocr":  # its words may hold misreadings
            g.add((file, SMKG.ocrPage, Literal(number)))
    if not any(f.subject == "text" and f.prop == "rdf:type" for f in result.facts):
        g.add((text, RDF.type, SMKG.Letter))
    g.add((text, ELI.is_embodied_by, file))
    g.add((run, RDF.type, SMKG.ExtractionRun))
    g.add((run, PROV.used, file))
    g.add((run, PROV.wasAssociatedWith, iris.SOFTWARE))
    g.add((run, SMKG.softwareVersion, Literal(__version__)))
    for key, iri in node.local.items():
        if key != "text":
            g.add((iri, RDF.type, _LOCAL_TYPES[key.split(":")[0]]))
    for f in result.facts:
        s = node(f.subject)
        o = node(f.value.key) if isinstance(f.value, Ref) else _literal(f.value)
        if s is None or o is None:
            continue
        p = term(f.prop)
        g.add((s, p, o))
        _add_evidence(g, text, run, s, p, o, f)
    return g


def _add_evidence(g: Graph, text: URIRef, run: URIRef, s, p, o, f: Fact) -> None:
    ev = f.evidence
    e = iris.evidence_iri(text, s, p, o, ev.start, ev.end)  # the text too: two texts may say one thing at one offset
    quote, position = URIRef(f"{e}/quote"), URIRef(f"{e}/position")
    g.add((e, RDF.type, SMKG.Evidence))
    g.add((e, RDF.subject, s))
    g.add((e, RDF.predicate, p))
    g.add((e, RDF.object, o))
    g.add((e, OA.hasSource, text))
    g.add((e, OA.hasSelector, quote))
    g.add((e, OA.hasSelector, position))
    g.add((e, SMKG.page, Literal(ev.page)))
    g.add((e, SMKG.paragraph, Literal(ev.paragraph)))
    g.add((e, PROV.wasGeneratedBy, run))
    if ev.stated_as:
        g.add((e, SMKG.statedAs, Literal(ev.stated_as)))
    if isinstance(f.value, When):
        g.add((e, SMKG.datePrecision, Literal(f.value.precision)))
        if f.value.year_inferred:
            g.add((e, SMKG.yearInferred, Literal(True)))
            if f.value.year_from:
                g.add((e, SMKG.yearInferredFrom, Literal(" ".join(f.value.year_from.split()))))
    for raw, corrected in ev.corrections:
        fix = URIRef(f"{e}/ocr/{iris.digest(raw, corrected, length=8)}")
        g.add((e, SMKG.ocrCorrection, fix))
        g.add((fix, RDF.type, SMKG.OcrCorrection))
        g.add((fix, SMKG.rawForm, Literal(raw)))
        g.add((fix, SMKG.correctedForm, Literal(corrected)))
    g.add((s, SMKG.evidence, e))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(ev.quote)))
    if ev.prefix:
        g.add((quote, OA.prefix, Literal(ev.prefix)))
    if ev.suffix:
        g.add((quote, OA.suffix, Literal(ev.suffix)))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(ev.start)))
    g.add((position, OA.end, Literal(ev.end)))
