"""Validation: the built graph checked against ``ontology/shapes.ttl``.

The shapes run with the ontology and RDFS inference, so that a shape
targeting ``smkg:Decision`` also checks every ``smkg:Redesignation``: by
:mod:`graph.engine` (``engine="sparql"``, the default: the shapes compiled to
SPARQL on an in-memory Oxigraph store, with pyshacl's results) or by pyshacl
itself (``engine="pyshacl"``, the reference).  What they find is turned into
:class:`Finding` objects that say, in the reader's words, what is wrong, about
what, and where each fact involved was read.  The findings are made from the
standard ``sh:ValidationReport`` and the data alone, so another engine giving
the same report gives the same findings.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SH, SKOS

from . import engine, iris
from .namespace import ELI, ID, OA, SMKG, SMKGSH
from .resources import shapes_file
from .store import Store

logger = logging.getLogger(__name__)

#: Severity names, least to most severe; ``--fail-on`` takes one of them in lower case.
SEVERITIES = ("Info", "Warning", "Violation")
_LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name, SMKG.versionLabel)


class ValidationError(Exception):
    """The data or the shapes could not be read (exit 2, never 'does not conform')."""


@dataclass(frozen=True)
class Quote:
    """Where a fact was read: the file, page, paragraph, the words and their sentence."""

    source: str
    page: int | None
    paragraph: str
    words: str
    sentence: str  # the sentence around the words, with the words in [brackets]


@dataclass(frozen=True)
class Involved:
    """One fact a finding rests on: ``subject property value``, and where it was read."""

    subject: str
    subject_label: str
    prop: str
    prop_label: str
    value: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Finding:
    severity: str  # one of SEVERITIES
    rule: str  # the shape's local name, e.g. ConclusionsAfterClosing
    focus: str  # IRI of the thing concerned
    focus_label: str
    message: str
    path: str | None  # the property (path) checked, as SPARQL
    value: str | None
    value_n3: str | None  # the value as an RDF term in N-Triples form, for the standard report
    facts: tuple[Involved, ...] = ()
    component: str = ""  # the SHACL constraint component, for the standard report


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {s: sum(f.severity == s for f in self.findings) for s in reversed(SEVERITIES)}

    def conforms(self, fail_on: str = "violation") -> bool:
        """True when nothing was found at ``fail_on``'s severity or above."""
        floor = severity_rank(fail_on)
        return not any(SEVERITIES.index(f.severity) >= floor for f in self.findings)

    def summary(self) -> str:
        c = self.counts()
        return f"{c['Violation']} violation(s), {c['Warning']} warning(s), {c['Info']} note(s)"


def report_to_json(report: Report) -> list[dict]:
    """The findings as plain JSON values (kept in the build cache)."""
    return [asdict(f) for f in report.findings]


def report_from_json(findings: list[dict]) -> Report:
    """The inverse of :func:`report_to_json` (raises KeyError, TypeError or ValueError on anything else)."""
    def involved(fact: dict) -> Involved:
        return Involved(**{**fact, "quotes": tuple(Quote(**q) for q in fact["quotes"])})
    return Report([Finding(**{**f, "facts": tuple(involved(x) for x in f["facts"])}) for f in findings])


def severity_rank(name: str) -> int:
    for i, s in enumerate(SEVERITIES):
        if s.lower() == name.lower():
            return i
    raise ValueError(f"unknown severity {name!r}; use one of {', '.join(s.lower() for s in SEVERITIES)}")


# --- loading -----------------------------------------------------------------------------


def load_shapes(path: Path | None = None) -> Graph:
    from .rdfio import RdfInputError, parse_file

    path = Path(path or shapes_file())
    try:
        return parse_file(path)  # Turtle, or RDF/XML, JSON-LD... by suffix; checked (graph.rdfio)
    except FileNotFoundError as err:
        raise ValidationError(f"{path}: no such shapes file") from err
    except RdfInputError as err:  # already file:line:column: what is wrong
        raise ValidationError(f"{err.where}: the shapes cannot be read: {err.reason}") from err
    except Exception as err:  # rdflib's parsers raise several kinds; all mean "cannot read"
        raise ValidationError(f"{path}:{_line(err)}: the shapes cannot be read: {_first_line(err)}") from err


def _line(err: Exception) -> str:
    line = getattr(err, "lines", None)  # rdflib's BadSyntax counts lines from 0
    return f"{line + 1}" if isinstance(line, int) else "?"


def _first_line(err: Exception) -> str:
    return " ".join(str(err).split())[:300]


def store_graphs(store_dir: Path) -> tuple[Graph, Graph]:
    """(data, ontology) of a built store: the data is every source text's graph
    with the reference data; the ontology graph holds smkg and its vocabularies."""
    store_dir = Path(store_dir)
    if not (store_dir / "db").is_dir():
        raise ValidationError(f"{store_dir}: no store here (run smkg build first)")
    try:
        store = Store(store_dir)
        try:
            dataset = store.dataset()
        finally:
            store.close()
    except (OSError, RuntimeError, ValueError, SyntaxError) as err:  # locked, damaged or edited by hand
        raise ValidationError(f"{store_dir}: the store cannot be read: {_first_line(err)}") from err
    data, ontology = Graph(), Graph()
    for g in dataset.graphs():
        name = str(g.identifier)
        if "/graph/source/" in name or name == str(iris.REFERENCE_GRAPH):
            data += g
        elif name == str(iris.ONTOLOGY_GRAPH):
            ontology += g
    return data, ontology


# --- running -----------------------------------------------------------------------------


def validate(data: Graph, ontology: Graph, shapes: Graph | None = None,
             engine: str = "sparql") -> tuple[Report, Graph]:
    """Check ``data`` against the shapes; the findings and the report graph.  ``engine`` is
    "sparql" (:mod:`graph.engine`, the same findings, faster) or "pyshacl" (the reference)."""
    shapes = shapes if shapes is not None else load_shapes()
    if _engine(engine) == "sparql":
        report_graph = _sparql_report(data, ontology, shapes)
        if report_graph is not None:
            return Report(findings_from(report_graph, data, shapes, ontology)), report_graph
    try:
        _conforms, report_graph, _text = pyshacl.validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", advanced=True,
            allow_warnings=True, allow_infos=True)
    except Exception as err:  # a shape pyshacl cannot run is a fault of the shapes file
        raise ValidationError(f"the shapes cannot be run: {_first_line(err)}") from err
    return Report(findings_from(report_graph, data, shapes, ontology)), report_graph


def validate_store(store_dir: Path, shapes_path: Path | None = None, engine: str = "sparql") -> Report:
    if _engine(engine) == "sparql":
        found = _sparql_store(store_dir, shapes_path)
        if found is not None:
            return found
    shapes = load_shapes(shapes_path)
    data, ontology = store_graphs(store_dir)
    return validate(data, ontology, shapes, engine="pyshacl")[0]


# --- the SPARQL engine (graph.engine) ------------------------------------------------------

ENGINES = ("sparql", "pyshacl")


def _engine(name: str) -> str:
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")
    return name


def _sparql_report(data: Graph, ontology: Graph, shapes: Graph) -> Graph | None:
    """The SPARQL engine's report, or None where it cannot match pyshacl exactly (pyshacl runs then).
    An error in a shape, or one pyshacl would stop on, is raised as pyshacl's would be."""
    try:
        return engine.validate_graphs(data, ontology, shapes)
    except engine.EngineFallback as err:
        logger.info("validating with pyshacl: %s", err)
        return None
    except (engine.UnsupportedShape, engine.ValidationFailure) as err:
        raise ValidationError(f"the shapes cannot be run: {_first_line(err)}") from err


def _sparql_store(store_dir: Path, shapes_path: Path | None) -> Report | None:
    """The findings on a built store by the SPARQL engine, or None where pyshacl must run."""
    path = Path(shapes_path or shapes_file())
    try:
        try:
            shapes = engine.shapes_from_file(path)
        except (OSError, SyntaxError, ValueError):  # rdflib's reader says what is wrong (or reads it)
            shapes = engine.shapes_from_graph(load_shapes(path))
    except engine.UnsupportedShape as err:
        raise ValidationError(f"the shapes cannot be run: {_first_line(err)}") from err
    store_dir = Path(store_dir)
    if not (store_dir / "db").is_dir():
        raise ValidationError(f"{store_dir}: no store here (run smkg build first)")
    try:
        report_graph, data, ontology = engine.validate_store(store_dir, shapes)
    except engine.EngineFallback as err:
        logger.info("validating with pyshacl: %s", err)
        return None
    except engine.ValidationFailure as err:
        raise ValidationError(f"the shapes cannot be run: {_first_line(err)}") from err
    except engine.StoreUnreadable as err:  # locked, damaged or edited by hand
        raise ValidationError(f"{store_dir}: the store cannot be read: {_first_line(err)}") from err
    return Report(findings_from(report_graph, data, shapes.findings_graph, ontology))


# --- from the standard report to findings ------------------------------------------------


def findings_from(report: Graph, data: Graph, shapes: Graph, ontology: Graph) -> list[Finding]:
    words = _Words(data, ontology)
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        focus = report.value(result, SH.focusNode)
        path_node = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        path = _sparql_path(report, path_node) if path_node is not None else None
        involved = _involved_paths(shapes, shape) or ([path] if path else [])
        starts = [focus] + ([value] if isinstance(value, URIRef) and _involves(shapes, shape) else [])
        facts = tuple(fact for node in starts for p in involved for fact in words.facts(node, p))
        if not facts and (focus, RDF.subject, None) in data:  # the finding is on a piece of evidence
            facts = words.evidence_fact(focus)
        if not facts and isinstance(focus, URIRef):
            facts = words.facts(focus, f"<{RDF.type}>")
        out.append(Finding(
            severity=severity, rule=_local(shape), focus=str(focus), focus_label=words.label(focus),
            message=_squash(messages[0]) if messages else "", path=path,
            value=None if value is None else words.show(value), value_n3=None if value is None else value.n3(),
            facts=facts,
            component=str(report.value(result, SH.sourceConstraintComponent) or "")))
    order = {s: i for i, s in enumerate(reversed(SEVERITIES))}
    return sorted(set(out), key=lambda f: (order.get(f.severity, 9), f.rule, f.focus, f.value or "", f.message))


def _local(node) -> str:
    text = str(node)
    return text[len(str(SMKGSH)):] if text.startswith(str(SMKGSH)) else text


def _involves(shapes: Graph, shape) -> bool:
    return shape is not None and (shape, SMKGSH.involves, None) in shapes


def _involved_paths(shapes: Graph, shape) -> list[str]:
    """The paths a rule's smkgsh:involves names, as SPARQL, in a stable order."""
    if shape is None:
        return []
    return sorted(_sparql_path(shapes, p) for p in shapes.objects(shape, SMKGSH.involves))


def _sparql_path(g: Graph, node) -> str:
    """A SHACL property path as a SPARQL one: an IRI, a sequence (list) or an inverse."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    inverse = g.value(node, SH.inversePath)
    if inverse is not None:
        return f"^{_sparql_path(g, inverse)}"
    if g.value(node, RDF.first) is not None:
        return "/".join(_sparql_path(g, step) for step in Collection(g, node))
    raise ValidationError(f"a path the report cannot follow: {node}")


class _Words:
    """Labels and evidence, looked up in the data for the report."""

    def __init__(self, data: Graph, ontology: Graph) -> None:
        self.data, self.ontology = data, ontology

    def label(self, node) -> str:
        if not isinstance(node, URIRef):
            return self.show(node)
        for prop in _LABELS:
            for graph in (self.data, self.ontology):
                value = graph.value(node, prop)
                if value is not None:
                    return str(value)
        if (node, RDF.subject, None) in self.data:  # a piece of evidence: say what it is evidence of
            s, p = self.data.value(node, RDF.subject), self.data.value(node, RDF.predicate)
            return f"{self._prop_label(p)} of {self.label(s)}"
        kinds = sorted(str(self.ontology.value(t, RDFS.label) or "") for t in self.data.objects(node, RDF.type))
        kind = next((k for k in kinds if k), "")
        return f"{kind} {str(node).removeprefix(str(ID))}".strip()

    @staticmethod
    def show(value) -> str:
        return str(value)

    def facts(self, node, path: str) -> tuple[Involved, ...]:
        """The facts at the end of ``path`` from ``node``, each with its evidence."""
        *lead, last = _split(path)
        inverse = last.startswith("^")
        prop = URIRef(last.lstrip("^")[1:-1])
        lead_path = "/".join(lead)
        if lead_path:
            query = f"SELECT DISTINCT ?x WHERE {{ ?start {lead_path} ?x }}"
            ends = [row[0] for row in self.data.query(query, initBindings={"start": node})]
        else:
            ends = [node]
        out = []
        for x in ends:
            pairs = ([(v, x) for v in self.data.subjects(prop, x)] if inverse
                     else [(x, v) for v in self.data.objects(x, prop)])
            for s, o in sorted(pairs):
                out.append(self._involved(s, prop, o))
        return tuple(out)

    def evidence_fact(self, evidence) -> tuple[Involved, ...]:
        s, p, o = (self.data.value(evidence, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None:
            return ()
        return (Involved(str(s), self.label(s), str(p), self._prop_label(p), self.show(o), (self._quote(evidence),)),)

    def _involved(self, s, p, o) -> Involved:
        evidence = set(self.data.subjects(RDF.subject, s)) & set(self.data.subjects(RDF.object, o))
        evidence = sorted(e for e in evidence if (e, RDF.predicate, p) in self.data)
        return Involved(str(s), self.label(s), str(p), self._prop_label(p), self.show(o),
                        tuple(self._quote(e) for e in evidence))

    def _prop_label(self, p) -> str:
        return str(self.ontology.value(p, RDFS.label) or str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1])

    def _quote(self, evidence) -> Quote:
        d = self.data
        text = d.value(evidence, OA.hasSource)
        file = d.value(text, ELI.is_embodied_by) if text is not None else None
        source = str(d.value(file, SMKG.fileName) or text or "") if file is not None else str(text or "")
        exact, before, after = "", "", ""
        for selector in d.objects(evidence, OA.hasSelector):
            if d.value(selector, OA.exact) is not None:
                exact = str(d.value(selector, OA.exact))
                before, after = str(d.value(selector, OA.prefix) or ""), str(d.value(selector, OA.suffix) or "")
        page = d.value(evidence, SMKG.page)
        return Quote(source=source, page=int(page) if isinstance(page, Literal) else None,
                     paragraph=str(d.value(evidence, SMKG.paragraph) or ""), words=_squash(exact),
                     sentence=_squash(f"{before}[{exact}]{after}"))


def _split(path: str) -> list[str]:
    """A sequence path's steps: ``<a>/^<b>/<c>``; IRIs hold no '/' outside angle brackets."""
    steps, depth, current = [], 0, ""
    for ch in path:
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        if ch == "/" and depth == 0:
            steps.append(current)
            current = ""
        else:
            current += ch
    return steps + [current]


def _squash(text: str) -> str:
    return " ".join(text.split())
