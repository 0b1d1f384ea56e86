"""Triples: the only stage that knows RDF.  Facts of one text become its named graph."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from . import __version__, iris
from .documents import Document
from .facts import Fact, Ref, TextFacts
from .namespace import DCTERMS, ELI, FOAF, OA, PREFIXES, PROV, RDF, SMKG

_PREFIX = {"smkg": SMKG, "eli": ELI, "dcterms": DCTERMS, "foaf": FOAF}
_TYPES = {"person": SMKG.Person, "post": SMKG.Post, "annex": SMKG.LetterAnnex}


def _prop(name: str) -> URIRef:
    prefix, local = name.split(":")
    return _PREFIX[prefix][local]


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _literal(value: object) -> Literal:
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    return Literal(value)


def to_graph(doc: Document, result: TextFacts) -> Graph:
    g = new_graph()
    text = iris.text_iri(doc.sha256)
    file = iris.file_iri(doc.file_name)
    run = iris.run_iri(__version__, doc.sha256)
    g.add((file, RDF.type, SMKG.SourceFile))
    g.add((file, SMKG.fileName, Literal(doc.file_name)))
    g.add((file, SMKG.sha256, Literal(doc.sha256)))
    g.add((file, DCTERMS.format, Literal(doc.media_type)))
    g.add((file, SMKG.pageCount, Literal(len(doc.page_starts))))
    g.add((text, RDF.type, SMKG.Letter))
    g.add((text, ELI.is_embodied_by, file))
    g.add((run, RDF.type, SMKG.ExtractionRun))
    g.add((run, PROV.used, file))
    g.add((run, PROV.wasAssociatedWith, iris.SOFTWARE))
    g.add((run, SMKG.softwareVersion, Literal(__version__)))

    names = {f.subject: f.value for f in result.facts if f.prop in ("foaf:name", "smkg:postTitle")}
    nodes: dict[str, URIRef] = {"text": text}
    if "person" in names:
        nodes["person"] = iris.person_iri(str(names["person"]))
    if "post" in names:
        nodes["post"] = iris.post_iri(str(names["post"]))
    for f in result.facts:
        if f.subject.startswith("annex:"):
            nodes[f.subject] = iris.annex_iri(text, f.subject.split(":", 1)[1])

    def node(key: str) -> URIRef:
        return nodes[key] if key in nodes else URIRef(key)

    for key, iri in nodes.items():
        if key != "text":
            g.add((iri, RDF.type, _TYPES[key.split(":")[0]]))
    for f in result.facts:
        if f.subject not in nodes:
            continue
        if isinstance(f.value, Ref) and f.value.key not in nodes and not f.value.key.startswith("http"):
            continue  # a local key whose node was never named (a post without its title line)
        s, p = node(f.subject), _prop(f.prop)
        o = node(f.value.key) if isinstance(f.value, Ref) else _literal(f.value)
        g.add((s, p, o))
        _add_evidence(g, text, run, s, p, o, f)
    return g


def _add_evidence(g: Graph, text: URIRef, run: URIRef, s, p, o, f: Fact) -> None:
    ev = f.evidence
    e = iris.evidence_iri(s, p, o, ev.start, ev.end)
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
    g.add((s, SMKG.evidence, e))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(ev.quote)))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(ev.start)))
    g.add((position, OA.end, Literal(ev.end)))
