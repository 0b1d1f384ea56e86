"""Triples: the only stage that knows RDF.  Facts of one text become its named graph.

Keys become IRIs here: ``text`` is the text, ``person``/``post``/``annex:A`` are
the text's own signatory, post and annexes, ``id:<path>`` is a thing minted
from content (:mod:`graph.keys`), ``smkg:Consultation`` a term by name, and a
full IRI a reference thing.  Every triple gets an evidence node saying where it
was read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import _is_valid_uri

from . import __version__, iris
from .documents import Document
from .facts import Ref, TextFacts, Typed, When
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


#: A term as the triple generator gives it: an IRI as a plain ``str``, or a literal as a
#: ``(lexical form, N-Triples form, Python value)`` tuple (the value is what :func:`_literal` takes).
_Term = str | tuple[str, str, object]
_XSD_INTEGER = str(XSD.integer)
#: Literals of dates and the like, by ``(type, value)``: few, and repeated.
_LITERALS: dict[tuple[type, object], tuple[str, str, object]] = {}
_KEPT = (When, Typed, dt.date, bool)
#: IRIs of terms by name ("smkg:Consultation"): few, and repeated.
_TERMS: dict[str, str] = {}
_ID = str(ID)


def _quote(lexical: str) -> str:
    """``lexical`` as an N-Triples string, escaped as rdflib's N-Triples serializer does it."""
    return '"%s"' % lexical.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")


def _lit(value: object) -> tuple[str, str, object]:
    """The literal of ``value`` (see :data:`_Term`), in the form rdflib gives ``_literal(value)``."""
    kind = type(value)
    if kind is str:
        return value, _quote(value), value
    if kind is int:
        return str(value), f'"{value}"^^<{_XSD_INTEGER}>', value
    key = (kind, value) if kind in _KEPT else None  # values equal only when their literals are
    found = _LITERALS.get(key) if key is not None else None
    if found is None:
        literal = _literal(value)
        found = (str(literal), _nt_literal(literal), value)
        if key is not None and len(_LITERALS) < 100_000:
            _LITERALS[key] = found
    return found


def _nt_literal(literal: Literal) -> str:
    quoted = _quote(str(literal))
    if literal.language:
        return f"{quoted}@{literal.language}"
    return f"{quoted}^^<{literal.datatype}>" if literal.datatype else quoted


def _term_iri(name: str) -> str:
    iri = _TERMS.get(name)
    if iri is None:
        iri = _TERMS[name] = str(term(name))  # an unknown term raises, every time
    return iri


def _statements(doc: Document, result: TextFacts) -> Iterator[tuple[str, str, _Term]]:
    """The triples of one text's named graph (repeats included), its terms as in :data:`_Term`."""
    node = _Nodes(doc, result)
    text = str(node.text)
    file = str(iris.file_iri(doc.file_name))
    run = str(iris.run_iri(__version__, doc.sha256))
    a, evidence = _RDF_TYPE, _EVIDENCE
    yield file, a, _SOURCE_FILE
    yield file, _FILE_NAME, _lit(doc.file_name)
    yield file, _SHA256, _lit(doc.sha256)
    yield file, _FORMAT, _lit(doc.media_type)
    yield file, _PAGE_COUNT, _lit(len(doc.page_starts))
    for number, method in enumerate(doc.page_methods, 1):
        if method == "ocr":  # its words may hold misreadings
            yield file, _OCR_PAGE, _lit(number)
    if not any(f.subject == "text" and f.prop == "rdf:type" for f in result.facts):
        yield text, a, _LETTER
    yield text, _IS_EMBODIED_BY, file
    yield run, a, _EXTRACTION_RUN
    yield run, _USED, file
    yield run, _WAS_ASSOCIATED_WITH, _SOFTWARE
    yield run, _SOFTWARE_VERSION, _lit(__version__)
    for key, iri in node.local.items():
        if key != "text":
            yield str(iri), a, _LOCAL_TYPE_IRIS[key.split(":")[0]]
    evidence_prefix = _ID + "evidence/"
    for f in result.facts:
        s = node(f.subject)
        if isinstance(f.value, Ref):
            o = node(f.value.key)
            if o is None or s is None:
                continue
            o = str(o)
            o_key = o
        else:
            if s is None:
                continue
            o = _lit(f.value)
            o_key = o[0]
        s = str(s)
        p = _term_iri(f.prop)
        yield s, p, o
        ev = f.evidence
        # the text too: two texts may say one thing at one offset
        e = evidence_prefix + iris.digest(text, s, p, o_key, ev.start, ev.end)
        quote, position = e + "/quote", e + "/position"
        yield e, a, evidence
        yield e, _RDF_SUBJECT, s
        yield e, _RDF_PREDICATE, p
        yield e, _RDF_OBJECT, o
        yield e, _HAS_SOURCE, text
        yield e, _HAS_SELECTOR, quote
        yield e, _HAS_SELECTOR, position
        yield e, _PAGE, _lit(ev.page)
        yield e, _PARAGRAPH, _lit(ev.paragraph)
        yield e, _WAS_GENERATED_BY, run
        if ev.stated_as:
            yield e, _STATED_AS, _lit(ev.stated_as)
        if isinstance(f.value, When):
            yield e, _DATE_PRECISION, _lit(f.value.precision)
            if f.value.year_inferred:
                yield e, _YEAR_INFERRED, _lit(True)
                if f.value.year_from:
                    yield e, _YEAR_INFERRED_FROM, _lit(" ".join(f.value.year_from.split()))
        for raw, corrected in ev.corrections:
            fix = f"{e}/ocr/{iris.digest(raw, corrected, length=8)}"
            yield e, _OCR_CORRECTION, fix
            yield fix, a, _OCR_CORRECTION_CLASS
            yield fix, _RAW_FORM, _lit(raw)
            yield fix, _CORRECTED_FORM, _lit(corrected)
        yield s, _EVIDENCE_OF, e
        yield quote, a, _TEXT_QUOTE_SELECTOR
        yield quote, _EXACT, _lit(ev.quote)
        # the context around a quote may run over a page break: the form feed between pages is no character
        # XML 1.0 allows, so it is written as the line break it stands for
        if ev.prefix:
            yield quote, _PREFIX_OF, _lit(ev.prefix.replace("\f", "\n"))
        if ev.suffix:
            yield quote, _SUFFIX_OF, _lit(ev.suffix.replace("\f", "\n"))
        yield position, a, _TEXT_POSITION_SELECTOR
        yield position, _START, _lit(ev.start)
        yield position, _END, _lit(ev.end)


def to_graph(doc: Document, result: TextFacts) -> Graph:
    """One text's named graph as an rdflib graph (the same triples :func:`to_ntriples` writes)."""
    g = new_graph()
    for s, p, o in _statements(doc, result):
        g.add((URIRef(s), URIRef(p), _literal(o[2]) if type(o) is tuple else URIRef(o)))
    return g


def to_ntriples(doc: Document, result: TextFacts) -> bytes:
    """One text's named graph as N-Triples (UTF-8): each triple once, each line as rdflib's
    N-Triples serializer writes it, in the order the triples are made."""
    known: dict[str, str] = {}  # IRI -> <IRI>
    lines: dict[str, None] = {}
    for s, p, o in _statements(doc, result):
        s = known.get(s) or _iri(s, known)
        p = known.get(p) or _iri(p, known)
        o = o[1] if type(o) is tuple else known.get(o) or _iri(o, known)
        lines[f"{s} {p} {o} .\n"] = None
    return "".join(lines).encode("utf-8")


def _iri(iri: str, known: dict[str, str]) -> str:
    if not _is_valid_uri(iri):  # as rdflib's serializer says it
        raise Exception(f'"{iri}" does not look like a valid URI, I cannot serialize this as N3/Turtle. '
                        "Perhaps you wanted to urlencode it?")
    known[iri] = written = f"<{iri}>"
    return written


_RDF_TYPE = str(RDF.type)
_RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
_SOURCE_FILE, _LETTER, _EXTRACTION_RUN = str(SMKG.SourceFile), str(SMKG.Letter), str(SMKG.ExtractionRun)
_FILE_NAME, _SHA256, _FORMAT = str(SMKG.fileName), str(SMKG.sha256), str(DCTERMS.format)
_PAGE_COUNT, _OCR_PAGE = str(SMKG.pageCount), str(SMKG.ocrPage)
_IS_EMBODIED_BY = str(ELI.is_embodied_by)
_USED, _WAS_ASSOCIATED_WITH, _WAS_GENERATED_BY = str(PROV.used), str(PROV.wasAssociatedWith), str(PROV.wasGeneratedBy)
_SOFTWARE, _SOFTWARE_VERSION = str(iris.SOFTWARE), str(SMKG.softwareVersion)
_LOCAL_TYPE_IRIS = {key: str(iri) for key, iri in _LOCAL_TYPES.items()}
_EVIDENCE, _EVIDENCE_OF = str(SMKG.Evidence), str(SMKG.evidence)
_HAS_SOURCE, _HAS_SELECTOR = str(OA.hasSource), str(OA.hasSelector)
_PAGE, _PARAGRAPH, _STATED_AS = str(SMKG.page), str(SMKG.paragraph), str(SMKG.statedAs)
_DATE_PRECISION, _YEAR_INFERRED = str(SMKG.datePrecision), str(SMKG.yearInferred)
_YEAR_INFERRED_FROM = str(SMKG.yearInferredFrom)
_OCR_CORRECTION, _OCR_CORRECTION_CLASS = str(SMKG.ocrCorrection), str(SMKG.OcrCorrection)
_RAW_FORM, _CORRECTED_FORM = str(SMKG.rawForm), str(SMKG.correctedForm)
_TEXT_QUOTE_SELECTOR, _TEXT_POSITION_SELECTOR = str(OA.TextQuoteSelector), str(OA.TextPositionSelector)
_EXACT, _PREFIX_OF, _SUFFIX_OF = str(OA.exact), str(OA.prefix), str(OA.suffix)
_START, _END = str(OA.start), str(OA.end)
