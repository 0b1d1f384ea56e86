"""The projection from the RDF store to a networkx graph, shared by the HTML page,
the pictures and the network exports (GraphML, GEXF, Cytoscape.js).

The rule, in full:

* **Nodes** are the things of governance: every IRI that a source text's named
  graph mentions (as subject or object) and whose class falls, by
  ``rdfs:subClassOf``, under one of :data:`KINDS`.  Evidence, selectors,
  extraction runs, files, annexes, proposals and the other parts of a text's
  record are not nodes: they are what the page's details panel quotes.
* **Edges** are the triples of the source graphs whose subject and object are
  both nodes (``rdf:type`` aside): one edge per (subject, predicate, object),
  keyed by the predicate's local name, with ``predicate`` (its IRI) and
  ``sources`` (the file names of the texts that state it).
* **Attributes** of a node: ``iri``, ``kind`` (a key of :data:`KINDS`),
  ``label`` (its SKOS preferred label, title or name, else made from its
  facts), ``sources``, and every literal-valued property by local name but
  ``skos:hiddenLabel`` (misspellings kept for matching).  A
  property with several values has them sorted in a tuple; dates are ISO
  strings (``2021-07-27``, or ``2021-07`` when only the month is known).
  Whole numbers are ints.  ``start`` and ``end`` say when the thing happened: a consultation runs from
  opening to close, a decision from when it was made to when it took effect,
  anything else on its one date; absent when the texts give no date.

The graph's own ``datatypes`` attribute maps each literal property to the XSD
datatypes (local names: ``date``, ``gYearMonth``, ``integer``...) its values had.

Everything is sorted, so the same store gives the same graph, in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import URIRef

from . import iris
from .namespace import DCTERMS, FOAF, GRAPH, RDF, RDFS, SKOS, SMKG, XSD

#: Node kinds, by the ontology class they stand for; the first that a thing's class falls under wins.
KINDS: dict[str, URIRef] = {
    "consultation": SMKG.Consultation,
    "conclusions": SMKG.Conclusions,
    "response": SMKG.GovernmentResponse,
    "decision": SMKG.Decision,
    "version": SMKG.DocumentVersion,
    "document": SMKG.GovernedDocument,
    "text": SMKG.SourceText,
    "meeting": SMKG.Meeting,
    "service-request": SMKG.ServiceRequest,
    "uplift": SMKG.Uplift,
    "cohort": SMKG.MigrationCohort,
    "organisation": SMKG.Organisation,
    "group": SMKG.OrganisationGroup,
    "person": SMKG.Person,
}

#: Where a thing's ``start`` and ``end`` come from, by kind: (start properties, end properties), first found wins.
_WHEN: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "consultation": (("openedOn", "closedOn"), ("closedOn",)),
    "decision": (("decisionDate", "effectiveDate"), ("effectiveDate",)),
}
_ONE_DATE = ("activity_date", "meetingDate", "date_document", "decisionDate", "effectiveDate", "deadlineDate")
_ABOUT_WORD = {"consultation": "on", "response": "to"}
_TYPE_WORDS = {"GovernmentResponse": "Government response", "ServiceRequest": "Service request"}
_WHOLE = {ox.NamedNode(str(XSD[t])) for t in ("integer", "nonNegativeInteger", "positiveInteger", "int")}
_HIDDEN = str(SKOS.hiddenLabel)  # misspellings kept for matching, not for showing
_LABELS = (SKOS.prefLabel, DCTERMS.title, FOAF.name)
_SOURCE_PREFIX = str(GRAPH["source/"])


def to_networkx(store_dir: Path) -> nx.MultiDiGraph:
    """The store's things and the links between them, as a networkx multigraph (see the module's rule)."""
    db_path = Path(store_dir) / "db"
    if not db_path.is_dir():
        raise FileNotFoundError(f"no store in {store_dir}: run 'smkg build --store {store_dir}' first")
    db = ox.Store.read_only(str(db_path))
    try:
        return _project(db)
    finally:
        del db


def _project(db: ox.Store) -> nx.MultiDiGraph:
    ancestors = _ancestors(db)
    kinds = _kinds(ancestors)
    mentioned = _rows(db, f"""
        SELECT DISTINCT ?node ?g WHERE {{
          GRAPH ?g {{ {{ ?node ?p ?o }} UNION {{ ?s ?p ?node }} }}
          FILTER(isIRI(?node) && STRSTARTS(STR(?g), "{_SOURCE_PREFIX}"))
        }}""")
    sources: dict[str, set[str]] = defaultdict(set)
    for node, g in mentioned:
        sources[node].add(_file_name(g))
    classes: dict[str, set[str]] = defaultdict(set)
    for node, cls in _rows(db, "SELECT DISTINCT ?node ?cls WHERE { GRAPH ?g { ?node a ?cls } }"):
        classes[node].add(cls)
    nodes = {node: kind for node in sources if (kind := _kind_of(classes.get(node, ()), kinds))}

    literals: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    label_predicates = {str(p) for p in _LABELS}
    datatypes: dict[str, set[str]] = defaultdict(set)
    for solution in db.query("""
            SELECT DISTINCT ?node ?p ?value WHERE { GRAPH ?g { ?node ?p ?value } FILTER(isLiteral(?value)) }"""):
        node, predicate, value = solution["node"].value, solution["p"].value, solution["value"]
        if node in nodes and predicate != _HIDDEN:
            literals[node][_local(predicate)].add(int(value.value) if value.datatype in _WHOLE else value.value)
            datatypes[_local(predicate)].add(_local(value.datatype.value))
            if predicate in label_predicates:
                labels[node][predicate] = min(labels[node].get(predicate, value.value), value.value)

    graph = nx.MultiDiGraph()
    # the XSD datatypes each literal property was seen with, for exports that type their columns
    graph.graph["datatypes"] = {p: tuple(sorted(types)) for p, types in sorted(datatypes.items())}
    for node in sorted(nodes):
        facts = {key: _one_or_tuple(values) for key, values in sorted(literals[node].items())}
        attrs = {**facts, "iri": node, "kind": nodes[node], "type": _most_specific(classes[node], ancestors),
                 "sources": tuple(sorted(sources[node]))}
        attrs.update(_when(nodes[node], literals[node]))
        attrs["label"] = next((labels[node][str(p)] for p in _LABELS if str(p) in labels[node]), None)
        graph.add_node(node, **attrs)

    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s, p, o, g in _rows(db, f"""
            SELECT ?s ?p ?o ?g WHERE {{
              GRAPH ?g {{ ?s ?p ?o }}
              FILTER(isIRI(?o) && ?p != <{RDF.type}> && STRSTARTS(STR(?g), "{_SOURCE_PREFIX}"))
            }}"""):
        if s in nodes and o in nodes:
            edges[(s, p, o)].add(_file_name(g))
    for (s, p, o), files in sorted(edges.items()):
        graph.add_edge(s, o, key=_local(p), predicate=p, label=_local(p), sources=tuple(sorted(files)))

    # things named after others: versions and consultations first, as conclusions are named after these
    for node in sorted(graph.nodes, key=lambda n: (graph.nodes[n]["kind"] not in ("version", "consultation"), n)):
        if graph.nodes[node]["label"] is None:
            graph.nodes[node]["label"] = _made_label(graph, node)
    return graph


def _ancestors(db: ox.Store) -> dict[str, set[str]]:
    """Each class of the ontology with the classes it falls under, itself included."""
    supers: dict[str, set[str]] = defaultdict(set)
    for cls, sup in _rows(db, f"""
            SELECT ?cls ?super WHERE {{ GRAPH <{iris.ONTOLOGY_GRAPH}> {{ ?cls <{RDFS.subClassOf}>* ?super }} }}"""):
        supers[cls].add(sup)
    return supers


def _kinds(ancestors: dict[str, set[str]]) -> dict[str, str]:
    """Each class mapped to the first kind it falls under."""
    return {cls: kind for cls, above in ancestors.items()
            for kind in reversed(KINDS) if str(KINDS[kind]) in above}


def _most_specific(classes, ancestors: dict[str, set[str]]) -> str | None:
    """The local name of the deepest of our classes a thing has (Redesignation rather than Decision)."""
    ours = [c for c in classes if c.startswith(str(SMKG))]
    return _local(max(ours, key=lambda c: (len(ancestors.get(c, ())), c))) if ours else None


def _kind_of(classes, kinds: dict[str, str]) -> str | None:
    found = {kinds[c] for c in classes if c in kinds}
    return next((kind for kind in KINDS if kind in found), None)


def _when(kind: str, facts: dict[str, set[str]]) -> dict[str, str]:
    starts, ends = _WHEN.get(kind, (_ONE_DATE, _ONE_DATE))
    start = next((min(facts[p]) for p in starts if facts.get(p)), None)
    end = next((max(facts[p]) for p in ends if facts.get(p)), start)
    return {"start": start, "end": max(start, end)} if start else {}


def _made_label(graph: nx.MultiDiGraph, node: str) -> str:
    """A name for a thing no text names: its kind, what it is about, and its dates."""
    attrs = graph.nodes[node]
    about = sorted(graph.nodes[o]["label"] or _local(o) for _, o, key in graph.out_edges(node, keys=True)
                   if key in {"subjectDocument", "designatesDocument", "isVersionOf", "concludes", "respondsTo"})
    words = [_TYPE_WORDS.get(attrs["type"], attrs["type"] or attrs["kind"])]
    if attrs.get("versionLabel") and about:
        return f"{about[0]} {attrs['versionLabel']}"
    if about:
        words.append(_ABOUT_WORD.get(attrs["kind"], "of") + " " + about[0])
    if attrs.get("start"):
        words.append(attrs["start"] if attrs["start"] == attrs["end"] else f"{attrs['start']} to {attrs['end']}")
    return " ".join(words) if len(words) > 1 else node.rsplit("/", 1)[-1]


def _one_or_tuple(values: set):
    return next(iter(values)) if len(values) == 1 else tuple(sorted(values))


def _rows(db: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in solution) for solution in db.query(query)]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _file_name(graph_iri: str) -> str:
    from urllib.parse import unquote

    return unquote(graph_iri[len(_SOURCE_PREFIX):])


__all__ = ["KINDS", "to_networkx"]
