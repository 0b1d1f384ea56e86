"""The graph pyshacl validates, built in an in-memory Oxigraph store.

pyshacl (``inference="rdfs"`` with an ontology graph) validates a copy of the
data into which it has *inoculated* the ontology's class and property
definitions (:func:`pyshacl.rdfutil.inoculate.inoculate`), expanded by owlrl's
RDFS closure as pyshacl configures it (``CustomRDFSSemantics``: the RDFS rules
rdf1 and rdfs2-rdfs13, no axiomatic triples, no literal "same as" rules).  This
module builds the same graph:

* the data, merged into the default graph (a set, as rdflib's graph is);
* the inoculated ontology, made by pyshacl's own function;
* the closure, as the least fixpoint of the same rules, computed semi-naively
  with SPARQL updates (each round joins only the triples the last round added).

owlrl also types literals (``"x" rdf:type rdfs:Resource``, and by the ranges of
the properties whose values they are).  A literal cannot be a subject in
Oxigraph, so those triples are not stored; :meth:`Working.literal_instances`
and :meth:`Working.literal_types` answer from the ranges instead.  That is exact
while ``rdf:type`` itself has no domain, range or super-property (checked:
:class:`EngineFallback` otherwise).
"""

from __future__ import annotations

import hashlib
import itertools

import pyoxigraph as ox
from rdflib import Graph

from .sparql import MEMBER, SETS_GRAPH
from .terms import to_ox


class EngineFallback(Exception):
    """The data is of a kind this engine cannot validate exactly as pyshacl does; run pyshacl."""


RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = RDF + "type"
_PREFIXES = f"PREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n"
_DELTA = "urn:x-smkg-engine:delta/"

_INOCULATED: dict[str, list[ox.Quad]] = {}


def inoculated(ontology: Graph, key: str | None = None) -> list[ox.Quad]:
    """What pyshacl copies from the ontology into the data graph, as quads of
    the default graph (blank node labels kept, so lists stay lists)."""
    if key is not None and key in _INOCULATED:
        return _INOCULATED[key]
    from pyshacl.rdfutil.inoculate import inoculate

    target = Graph()
    inoculate(target, ontology)
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in target]
    if key is not None:
        _INOCULATED[key] = quads
    return quads


def ontology_key(ntriples: bytes) -> str:
    return hashlib.sha256(ntriples).hexdigest()


class Working:
    """The in-memory store holding the data graph pyshacl would validate."""

    def __init__(self) -> None:
        self.store = ox.Store()
        self._sets = itertools.count()
        self._literal_instances: dict[str, list] = {}
        self._above_resource: set[str] | None = None

    # --- filling ---------------------------------------------------------------------------

    def load_ntriples(self, data: bytes) -> None:
        self.store.load(data, format=ox.RdfFormat.N_TRIPLES)

    def add_quads(self, quads) -> None:
        self.store.extend(quads)

    # --- the closure ----------------------------------------------------------------------

    def close(self) -> None:
        """Add owlrl's RDFS closure (as pyshacl runs it) to the default graph."""
        s = self.store
        # rdfs4a/4b, on the graph as given only (owlrl types them in its first cycle)
        # (one operation: its terms are those of the graph before it, rdfs:Resource not among them)
        s.update(_PREFIXES + "INSERT { ?x a rdfs:Resource } WHERE { SELECT DISTINCT ?x WHERE { { ?x ?p ?o } "
                             "UNION { ?s ?p ?x FILTER (!isLiteral(?x)) } } }")
        rounds = 0
        delta: str | None = None  # the first round sees everything as new
        shape: set[str] = set()
        while True:
            rounds += 1
            new = f"{_DELTA}{rounds}"
            rules = _rules(delta, shape)
            if rules:
                s.update(_PREFIXES + " ;\n".join(rule.replace("NEW", f"<{new}>") for rule in rules))
            # what the new triples are, to run next round only the rules they can start
            shape = {row[0].value for row in s.query(f"SELECT DISTINCT ?p WHERE {{ GRAPH <{new}> {{ ?s ?p ?o }} }}")}
            shape |= {row[0].value for row in s.query(_PREFIXES + (
                f"SELECT DISTINCT ?c WHERE {{ VALUES ?c {{ rdf:Property rdfs:Class rdfs:ContainerMembershipProperty "
                f"rdfs:Datatype }} GRAPH <{new}> {{ ?s a ?c }} }}"))}
            if delta is not None:
                s.update(f"DROP SILENT GRAPH <{delta}>")
            if not shape:
                s.update(f"DROP SILENT GRAPH <{new}>")
                break
            delta = new
        self.rounds = rounds
        bad = list(s.query(_PREFIXES + """
            SELECT ?p WHERE { { rdf:type rdfs:domain ?p } UNION { rdf:type rdfs:range ?p }
                              UNION { rdf:type rdfs:subPropertyOf ?p FILTER (?p != rdf:type) } } LIMIT 1"""))
        if bad:
            raise EngineFallback("rdf:type has a domain, range or super-property: literals' types would reach "
                                 "further than this engine follows them")

    # --- literals' types ------------------------------------------------------------------

    def literal_instances(self, cls: str) -> list:
        """The literals owlrl types as instances of ``cls``: all of them if
        rdfs:Resource is ``cls`` or under it, else the values of the properties
        whose range is ``cls`` or under it."""
        if cls not in self._literal_instances:
            resource = RDFS + "Resource"
            if self._above_resource is None:
                self._above_resource = {row[0].value for row in self.store.query(
                    _PREFIXES + "SELECT ?c WHERE { rdfs:Resource rdfs:subClassOf ?c }")
                    if isinstance(row[0], ox.NamedNode)}
            everything = cls == resource or cls in self._above_resource
            if everything:
                query = "SELECT DISTINCT ?l WHERE { ?s ?p ?l FILTER (isLiteral(?l)) }"
            else:
                query = f"""SELECT DISTINCT ?l WHERE {{
                    {{ SELECT DISTINCT ?q WHERE {{ ?q rdfs:range ?r .
                        FILTER (?r = <{cls}> || EXISTS {{ ?r rdfs:subClassOf <{cls}> }}) }} }}
                    ?s ?q ?l FILTER (isLiteral(?l)) }}"""
            self._literal_instances[cls] = [row[0] for row in self.store.query(_PREFIXES + query)]
        return self._literal_instances[cls]

    def literal_types(self) -> set[str]:
        """Every class some literal of the graph is an instance of (owlrl's literal-subject triples)."""
        ranges = {RDFS + "Resource"} | {row[0].value for row in self.store.query(_PREFIXES + """
            SELECT DISTINCT ?r WHERE { ?q rdfs:range ?r . FILTER EXISTS { ?s ?q ?l FILTER (isLiteral(?l)) } }""")
            if isinstance(row[0], ox.NamedNode)}
        values = " ".join(f"<{r}>" for r in sorted(ranges))
        supers = {row[0].value for row in self.store.query(
            _PREFIXES + f"SELECT DISTINCT ?c WHERE {{ VALUES ?r {{ {values} }} ?r rdfs:subClassOf ?c }}")
            if isinstance(row[0], ox.NamedNode)}
        return ranges | supers

    # --- helpers --------------------------------------------------------------------------

    def ask(self, pattern: str) -> bool:
        return bool(self.store.query(_PREFIXES + f"ASK {{ {pattern} }}"))

    def new_set(self, members=None, where: str | None = None, var: str = "f") -> str:
        """A set of terms, kept in the store for queries to join with: from
        ``members`` (pyoxigraph terms) or from a graph pattern binding ``?var``."""
        name = f"urn:x-smkg-engine:set/{next(self._sets)}"
        graph, node, member = ox.NamedNode(SETS_GRAPH), ox.NamedNode(name), ox.NamedNode(MEMBER)
        if members is not None:
            self.store.extend(ox.Quad(node, member, m, graph) for m in members)
        if where is not None:
            self.store.update(_PREFIXES + f"INSERT {{ GRAPH <{SETS_GRAPH}> {{ <{name}> <{MEMBER}> ?{var} }} }} "
                                          f"WHERE {{ {where} }}")
        return name

    def query(self, text: str, **kwargs):
        return self.store.query(_PREFIXES + text, **kwargs)


def _rules(delta: str | None, new: set[str]) -> list[str]:
    """owlrl's RDFSClosure.rules, one SPARQL update per rule and new premise.
    Each conclusion not yet in the graph goes into the graph and into NEW.
    ``new``: the predicates, and the classes typed, among the last round's triples
    (a rule none of whose premises can be among them is left out)."""
    def d(pattern: str) -> str:  # a premise among the new triples
        return f"GRAPH <{delta}> {{ {pattern} }}" if delta else pattern

    def insert(template: str, where: str) -> str:
        return (f"INSERT {{ {template} . GRAPH NEW {{ {template} }} }} "
                f"WHERE {{ {where} FILTER NOT EXISTS {{ {template} }} }}")

    def may(term: str | None) -> bool:  # a premise with this predicate (or typing) can be new
        return delta is None or term is None or term in new

    rules = [
        # rdf1: every predicate is a property
        insert("?p a rdf:Property", f"{{ SELECT DISTINCT ?p WHERE {{ {d('?s ?p ?o')} }} }}"),
    ]
    # rdfs6, rdfs8/10, rdfs12, rdfs13: from a new typing
    for template, cls in (("?x rdfs:subPropertyOf ?x", "Property"), ("?x rdfs:subClassOf rdfs:Resource", "Class"),
                          ("?x rdfs:subClassOf ?x", "Class"),
                          ("?x rdfs:subPropertyOf rdfs:member", "ContainerMembershipProperty"),
                          ("?x rdfs:subClassOf rdfs:Literal", "Datatype")):
        iri = (RDF if cls == "Property" else RDFS) + cls
        if may(iri):
            rules.append(insert(template, d(f"?x a <{iri}>")))
    # (a reflexive sub-property or sub-class premise concludes nothing new: skipped)
    domain, rng, sub_p, sub_c = RDFS + "domain", RDFS + "range", RDFS + "subPropertyOf", RDFS + "subClassOf"
    pairs = [
        # rdfs2 domain, rdfs3 range (a literal value is typed by literal_types instead)
        ("?u a ?c", "?p rdfs:domain ?c", domain, "?u ?p ?y", None, ""),
        ("?v a ?c", "?p rdfs:range ?c", rng, "?u ?p ?v", None, "FILTER (!isLiteral(?v))"),
        # rdfs5 transitivity and rdfs7 inheritance of sub-properties
        ("?p rdfs:subPropertyOf ?r", "?p rdfs:subPropertyOf ?q", sub_p, "?q rdfs:subPropertyOf ?r", sub_p,
         "FILTER (?p != ?q)"),
        ("?z ?q ?w", "?p rdfs:subPropertyOf ?q", sub_p, "?z ?p ?w", None, "FILTER (?p != ?q)"),
        # rdfs9 instances and rdfs11 transitivity of sub-classes
        ("?v a ?d", "?c rdfs:subClassOf ?d", sub_c, "?v a ?c", TYPE, "FILTER (?c != ?d)"),
        ("?c rdfs:subClassOf ?e", "?c rdfs:subClassOf ?d", sub_c, "?d rdfs:subClassOf ?e", sub_c,
         "FILTER (?c != ?d)"),
    ]
    for template, first, first_p, second, second_p, extra in pairs:
        if delta is None:
            rules.append(insert(template, f"{first} . {second} {extra}"))
            continue
        if may(first_p):
            rules.append(insert(template, f"{d(first)} {second} {extra}"))
        if may(second_p):
            rules.append(insert(template, f"{first} . {d(second)} {extra}"))
    return rules
