"""The shapes graph read into a model the engine runs, and checked: every
construct the shapes use must be one the engine runs as pyshacl does;
anything else is an :class:`UnsupportedShape` error naming the shape, so that
no check is ever skipped in silence.

Supported (exactly what ``ontology/shapes.ttl`` uses):

* targets: ``sh:targetClass``, ``sh:targetSubjectsOf``, ``sh:target`` with an
  ``sh:SPARQLTarget`` (``sh:select``, ``sh:prefixes``);
* paths: an IRI, ``[ sh:inversePath IRI ]``, and sequences of those;
* constraints: ``sh:class``, ``sh:datatype``, ``sh:nodeKind sh:IRI``,
  ``sh:minCount``, ``sh:maxCount``, ``sh:in``, ``sh:pattern`` (no
  ``sh:flags``), ``sh:minLength``, ``sh:minInclusive``, ``sh:hasValue`` (on a
  property shape), ``sh:uniqueLang``, ``sh:lessThan``,
  ``sh:lessThanOrEquals``, ``sh:disjoint``, ``sh:node``, ``sh:or``,
  ``sh:property``, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount``,
  and ``sh:sparql`` (``sh:SPARQLConstraint`` with ``sh:select``,
  ``sh:message``, ``sh:prefixes``) on node shapes;
* ``sh:severity``, ``sh:message``; ``sh:name``, ``sh:description`` and
  non-SHACL predicates are ignored, as pyshacl ignores them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH, XSD

from .sparql import Prepared, UnsupportedSparql, prepare


class UnsupportedShape(Exception):
    """A shape uses a construct this engine does not run (the message names the shape)."""


ALLOWED_SEVERITIES = (SH.Info, SH.Warning)  # graph.validate runs pyshacl with allow_infos and allow_warnings

#: Shape predicates the engine runs, or knows to be without effect.
_RUN = {SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH["in"], SH.pattern, SH.minLength,
        SH.minInclusive, SH.hasValue, SH.uniqueLang, SH.lessThan, SH.lessThanOrEquals, SH.disjoint, SH.node,
        SH["or"], SH.property, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.sparql,
        SH.targetClass, SH.targetSubjectsOf, SH.target, SH.path, SH.severity, SH.message}
_IGNORED = {SH.name, SH.description, SH.order, SH.group, SH.defaultValue}
_KNOWN = frozenset(_RUN | _IGNORED)
_SH_NS = str(SH)


class K:
    """The SHACL terms read here, made once (rdflib's SH makes a new one at each use)."""


for _name_ in ("severity", "message", "targetClass", "targetSubjectsOf", "target", "datatype", "nodeKind", "IRI",
               "minCount", "maxCount", "minLength", "pattern", "minInclusive", "hasValue", "uniqueLang", "lessThan",
               "lessThanOrEquals", "disjoint", "node", "property", "qualifiedValueShape", "qualifiedMinCount",
               "sparql", "Violation"):
    setattr(K, _name_, SH[_name_])
for _name_ in ("class", "in", "or"):
    setattr(K, _name_ + "_", SH[_name_])
_PYSHACL_DEFAULT_PREFIXES = {"rdf": str(RDF), "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": str(OWL)}


@dataclass
class Path:
    """A SHACL path: ``steps`` of (IRI, inverse?), followed in order."""

    node: URIRef | BNode  # as written in the shapes graph (for sh:resultPath)
    steps: tuple[tuple[str, bool], ...]

    def sparql(self) -> str:
        return "/".join(("^" if inv else "") + f"<{iri}>" for iri, inv in self.steps)


@dataclass
class SparqlConstraint:
    node: URIRef | BNode
    query: Prepared
    text: str  # with pyshacl's prefix lines, as pyshacl runs it
    messages: tuple[Literal, ...]


@dataclass
class SparqlTarget:
    node: URIRef | BNode
    query: Prepared
    text: str


@dataclass
class Shape:
    node: URIRef | BNode
    path: Path | None  # None for a node shape
    severity: URIRef
    messages: tuple[Literal, ...]
    target_classes: list[URIRef] = field(default_factory=list)
    target_subjects_of: list[URIRef] = field(default_factory=list)
    sparql_targets: list[SparqlTarget] = field(default_factory=list)
    classes: list[URIRef] = field(default_factory=list)
    datatype: URIRef | None = None
    node_kind: URIRef | None = None
    min_count: int | None = None
    max_count: int | None = None
    in_values: frozenset | None = None
    patterns: list[Literal] = field(default_factory=list)
    min_length: int | None = None
    min_inclusive: list[Literal] = field(default_factory=list)
    has_values: list = field(default_factory=list)
    unique_lang: bool | None = None
    less_than: list[URIRef] = field(default_factory=list)
    less_than_or_equals: list[URIRef] = field(default_factory=list)
    disjoint: list[URIRef] = field(default_factory=list)
    nodes: list = field(default_factory=list)  # shape nodes
    ors: list[list] = field(default_factory=list)  # lists of shape nodes
    properties: list = field(default_factory=list)
    qualified: list = field(default_factory=list)  # (shape node, min count)
    sparql: list[SparqlConstraint] = field(default_factory=list)

    @property
    def is_property(self) -> bool:
        return self.path is not None

    @property
    def allowed(self) -> bool:
        """A shape of severity Info or Warning always conforms (pyshacl's allow_infos/allow_warnings)."""
        return self.severity in ALLOWED_SEVERITIES

    @property
    def has_targets(self) -> bool:
        return bool(self.target_classes or self.target_subjects_of or self.sparql_targets)

    def reports_directly(self) -> bool:
        """Whether a Core constraint of its own can make a result (which then needs an sh:message)."""
        return any((self.classes, self.datatype, self.node_kind, self.min_count is not None,
                    self.max_count is not None, self.in_values is not None, self.patterns,
                    self.min_length is not None, self.min_inclusive, self.has_values, self.unique_lang,
                    self.less_than, self.less_than_or_equals, self.disjoint, self.nodes, self.ors, self.qualified))


class _Index:
    """A shapes graph's triples indexed for reading (rdflib's Graph is slow to ask 10,000 times)."""

    def __init__(self, triples, identifier=None) -> None:
        self.identifier = identifier
        self.namespace_manager = None
        self._sp: dict = {}
        self._po: dict = {}
        self._triples = set()
        for s, p, o in triples:
            self._triples.add((s, p, o))
            self._sp.setdefault(s, {}).setdefault(p, []).append(o)
            self._po.setdefault(p, {}).setdefault(o, []).append(s)

    def objects(self, s=None, p=None):
        if s is None:
            return [o for o, subjects in self._po.get(p, {}).items() for _ in subjects]
        return list(self._sp.get(s, {}).get(p, []))

    def subjects(self, p=None, o=None):
        if o is None:
            return [s for subjects in self._po.get(p, {}).values() for s in subjects]
        return list(self._po.get(p, {}).get(o, []))

    def predicates(self, s):
        return list(self._sp.get(s, {}))

    def predicate_objects(self, s):
        return [(p, o) for p, objects in self._sp.get(s, {}).items() for o in objects]

    def __contains__(self, triple) -> bool:
        s, p, o = triple
        if o is None:
            return bool(self._sp.get(s, {}).get(p))
        return triple in self._triples

    def items(self, node):
        out, seen = [], set()
        while node is not None and node != RDF.nil and node not in seen:
            seen.add(node)
            first = self._sp.get(node, {}).get(RDF.first)
            if first:
                out.append(first[0])
            rest = self._sp.get(node, {}).get(RDF.rest)
            node = rest[0] if rest else None
        return out


class Shapes:
    """Every shape of a shapes graph (an rdflib graph, or its triples), found as pyshacl finds them."""

    def __init__(self, graph, identifier=None) -> None:
        g = self.index = _Index(graph, getattr(graph, "identifier", identifier))
        self.by_node: dict = {}
        for node, path in _harvest(g).items():
            self.by_node[node] = _read_shape(g, node, path)
        for shape in self.by_node.values():
            for child in [*shape.nodes, *shape.properties, *(q for q, _ in shape.qualified),
                          *(m for members in shape.ors for m in members)]:
                if child not in self.by_node:
                    raise UnsupportedShape(f"{_name(shape.node)}: refers to {child}, which is not a shape")
        self._check_messages()

    def __getitem__(self, node) -> Shape:
        return self.by_node[node]

    def findings_graph(self) -> Graph:
        """What graph.validate.findings_from reads of the shapes: each shape's
        smkgsh:involves paths (and the lists and inverse paths they are made of)."""
        from ..namespace import SMKGSH

        g, todo = Graph(), []
        for s in self.index.subjects(SMKGSH.involves):
            for o in self.index.objects(s, SMKGSH.involves):
                g.add((s, SMKGSH.involves, o))
                todo.append(o)
        while todo:
            node = todo.pop()
            if isinstance(node, BNode) and (node, None, None) not in g:
                for p, o in self.index.predicate_objects(node):
                    g.add((node, p, o))
                    todo.append(o)
        return g

    def targeted(self) -> list[Shape]:
        return [s for s in self.by_node.values() if s.has_targets]

    def _check_messages(self) -> None:
        """A result's message is the shape's sh:message; pyshacl makes up its own text
        when there is none, which this engine does not copy: refuse such a shape where
        it can report (a targeted shape, and what sh:property and sh:node reach)."""
        reporting, todo = set(), [s.node for s in self.targeted()]
        while todo:
            node = todo.pop()
            if node in reporting:
                continue
            reporting.add(node)
            shape = self.by_node[node]
            todo.extend(shape.properties)
            todo.extend(shape.nodes)
        for node in reporting:
            shape = self.by_node[node]
            if shape.reports_directly() and not shape.messages:
                raise UnsupportedShape(f"{_name(node)}: reports without an sh:message (pyshacl would write "
                                       "its own message, which this engine does not)")


def _name(node) -> str:
    return node.n3() if isinstance(node, URIRef) else f"[{node}]"


def _harvest(g: Graph) -> dict:
    """pyshacl's ShapesGraph._build_node_shape_cache: node -> path node (None for a node shape)."""
    node_shapes = set(g.subjects(RDF.type, SH.NodeShape))
    prop_shapes = set(g.subjects(RDF.type, SH.PropertyShape))
    found: dict = {}
    for s in node_shapes:
        if (s, SH.path, None) in g:
            raise UnsupportedShape(f"{_name(s)}: a node shape with sh:path")
        found[s] = None
    for s in prop_shapes:
        paths = list(g.objects(s, SH.path))
        if s in node_shapes or len(paths) != 1:
            raise UnsupportedShape(f"{_name(s)}: a property shape must have exactly one sh:path")
        found[s] = paths[0]
    implied = {s for p in (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.property,
                           SH.node) for s in g.subjects(p, None)}
    values = {o for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape) for o in g.objects(None, p)}
    for p in (SH["and"], SH["or"], SH.xone):
        for lst in g.objects(None, p):
            values.update(g.items(lst))
    for s in list(implied) + list(values):
        if s in found:
            continue
        paths = list(g.objects(s, SH.path))
        if len(paths) > 1:
            raise UnsupportedShape(f"{_name(s)}: more than one sh:path")
        found[s] = paths[0] if paths else None
    return found


def _read_path(g: Graph, shape, node) -> Path:
    def step(n) -> tuple[str, bool]:
        if isinstance(n, URIRef):
            return (str(n), False)
        inverse = list(g.objects(n, SH.inversePath))
        if len(inverse) == 1 and isinstance(inverse[0], URIRef) and len(list(g.predicate_objects(n))) == 1:
            return (str(inverse[0]), True)
        raise UnsupportedShape(f"{_name(shape)}: a path step other than an IRI or [ sh:inversePath IRI ]")

    if isinstance(node, URIRef):
        steps = (step(node),)
    elif (node, RDF.first, None) in g:
        items = list(g.items(node))
        if len(items) < 2:
            raise UnsupportedShape(f"{_name(shape)}: a sequence path of fewer than two steps")
        steps = tuple(step(i) for i in items)
    else:
        steps = (step(node),)
    if any(iri == str(RDF.type) for iri, _ in steps):
        raise UnsupportedShape(f"{_name(shape)}: a path through rdf:type (literals' types are not followed)")
    return Path(node, steps)


def _one(g: Graph, shape, prop):
    values = list(g.objects(shape, prop))
    if len(values) != 1:
        raise UnsupportedShape(f"{_name(shape)}: {len(values)} values of {prop.n3()}, not one")
    return values[0]


def _integer(g: Graph, shape, prop) -> int:
    value = _one(g, shape, prop)
    if not (isinstance(value, Literal) and value.datatype == XSD.integer and isinstance(value.value, int)):
        raise UnsupportedShape(f"{_name(shape)}: {prop} must be an xsd:integer")
    return value.value


def _read_shape(g: Graph, node, path_node) -> Shape:
    preds = set(g.predicates(node))
    unknown = {p for p in preds if p.startswith(_SH_NS) and p not in _KNOWN}
    if unknown:
        names = ", ".join(sorted(p.n3() for p in unknown))
        raise UnsupportedShape(f"{_name(node)}: {names} not supported by the SPARQL engine")
    severities = list(g.objects(node, K.severity))
    shape = Shape(node=node, path=_read_path(g, node, path_node) if path_node is not None else None,
                  severity=severities[0] if severities else K.Violation,
                  messages=tuple(sorted(g.objects(node, K.message))))
    if len(severities) > 1:
        raise UnsupportedShape(f"{_name(node)}: more than one sh:severity")
    shape.target_classes = list(g.objects(node, K.targetClass))
    shape.target_subjects_of = list(g.objects(node, K.targetSubjectsOf))
    if any(not isinstance(t, URIRef) for t in shape.target_classes + shape.target_subjects_of):
        raise UnsupportedShape(f"{_name(node)}: a target that is not an IRI")
    for t in g.objects(node, K.target):
        shape.sparql_targets.append(_sparql_target(g, node, t))
    shape.classes = list(g.objects(node, K.class_))
    if K.datatype in preds:
        shape.datatype = _one(g, node, K.datatype)
    if K.nodeKind in preds:
        shape.node_kind = _one(g, node, K.nodeKind)
        if shape.node_kind != K.IRI:
            raise UnsupportedShape(f"{_name(node)}: sh:nodeKind other than sh:IRI")
    for prop, attr in ((K.minCount, "min_count"), (K.maxCount, "max_count"), (K.minLength, "min_length")):
        if prop in preds:
            setattr(shape, attr, _integer(g, node, prop))
    if shape.min_length is not None and shape.min_length < 0:
        raise UnsupportedShape(f"{_name(node)}: a negative sh:minLength")
    if (shape.min_count is not None or shape.max_count is not None) and not shape.is_property:
        raise UnsupportedShape(f"{_name(node)}: sh:minCount or sh:maxCount on a node shape")
    if K.in_ in preds:
        shape.in_values = frozenset(g.items(_one(g, node, K.in_)))
    shape.patterns = list(g.objects(node, K.pattern))
    if any(not isinstance(p, Literal) for p in shape.patterns):
        raise UnsupportedShape(f"{_name(node)}: an sh:pattern that is not a literal")
    shape.min_inclusive = list(g.objects(node, K.minInclusive))
    if any(not isinstance(m, Literal) for m in shape.min_inclusive):
        raise UnsupportedShape(f"{_name(node)}: an sh:minInclusive that is not a literal")
    shape.has_values = list(g.objects(node, K.hasValue))
    if shape.has_values and not shape.is_property:
        raise UnsupportedShape(f"{_name(node)}: sh:hasValue on a node shape")
    if K.uniqueLang in preds:
        value = _one(g, node, K.uniqueLang)
        if not (isinstance(value, Literal) and isinstance(value.value, bool)):
            raise UnsupportedShape(f"{_name(node)}: sh:uniqueLang must be a boolean")
        shape.unique_lang = value.value
    for prop, attr in ((K.lessThan, "less_than"), (K.lessThanOrEquals, "less_than_or_equals"),
                       (K.disjoint, "disjoint")):
        values = list(g.objects(node, prop))
        if any(not isinstance(v, URIRef) for v in values):
            raise UnsupportedShape(f"{_name(node)}: {prop} must be an IRI")
        if values and prop != K.disjoint and not shape.is_property:
            raise UnsupportedShape(f"{_name(node)}: {prop} on a node shape")
        setattr(shape, attr, values)
    shape.nodes = list(g.objects(node, K.node))
    shape.ors = [list(g.items(lst)) for lst in g.objects(node, K.or_)]
    if any(not members for members in shape.ors):
        raise UnsupportedShape(f"{_name(node)}: an empty sh:or list")
    shape.properties = list(g.objects(node, K.property))
    qvs = list(g.objects(node, K.qualifiedValueShape))
    if qvs:
        if not shape.is_property:
            raise UnsupportedShape(f"{_name(node)}: sh:qualifiedValueShape on a node shape")
        if K.qualifiedMinCount not in preds:
            raise UnsupportedShape(f"{_name(node)}: sh:qualifiedValueShape without sh:qualifiedMinCount")
        minimum = _integer(g, node, K.qualifiedMinCount)
        shape.qualified = [(q, minimum) for q in qvs]
    elif K.qualifiedMinCount in preds:
        raise UnsupportedShape(f"{_name(node)}: sh:qualifiedMinCount without sh:qualifiedValueShape")
    for c in g.objects(node, K.sparql):
        if shape.is_property:
            raise UnsupportedShape(f"{_name(node)}: sh:sparql on a property shape")
        shape.sparql.append(_sparql_constraint(g, node, c))
    return shape


def _prefixes(g: Graph, shape, node) -> dict[str, str]:
    """pyshacl's SPARQLQueryHelper.collect_prefixes."""
    prefixes = dict(_PYSHACL_DEFAULT_PREFIXES)
    values = set(g.objects(node, SH.prefixes))
    if not values:
        return prefixes
    ng_declares = set(g.objects(g.identifier, SH.declare)) if g.identifier else set()
    onts = set(g.subjects(RDF.type, OWL.Ontology))
    ont_declares = {d for o in onts for d in g.objects(o, SH.declare)}
    for value in values:
        declares = set(g.objects(value, SH.declare))
        declares = declares | ng_declares if declares and value in onts else ng_declares | ont_declares | declares
        for dec in declares:
            prefix, namespace = _one(g, dec, SH.prefix), _one(g, dec, SH.namespace)
            if not isinstance(prefix, Literal) or not isinstance(namespace, Literal):
                raise UnsupportedShape(f"{_name(shape)}: an sh:declare the engine cannot read")
            prefixes[str(prefix.value)] = str(namespace.value)
    return prefixes


def _with_prefixes(prefixes: dict[str, str], select: str) -> str:
    """pyshacl's apply_prefixes."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + "\n" + select


def _select(g: Graph, shape, node) -> str:
    unknown = {p for p in g.predicates(node) if str(p).startswith(str(SH))} - {SH.select, SH.prefixes, SH.message}
    if unknown:
        names = ", ".join(sorted(p.n3() for p in unknown))
        raise UnsupportedShape(f"{_name(shape)}: {names} on a SPARQL constraint or target is not supported")
    select = _one(g, node, SH.select)
    if not (isinstance(select, Literal) and isinstance(select.value, str)):
        raise UnsupportedShape(f"{_name(shape)}: sh:select must be a string")
    return _with_prefixes(_prefixes(g, shape, node), select.value)


def _sparql_constraint(g: Graph, shape, node) -> SparqlConstraint:
    if set(g.objects(node, RDF.type)) - {SH.SPARQLConstraint}:
        raise UnsupportedShape(f"{_name(shape)}: an sh:sparql value that is not an sh:SPARQLConstraint")
    text = _select(g, shape, node)
    query = _prepared(shape, text, "constraint")
    messages = tuple(sorted(g.objects(node, SH.message)))
    if len(messages) > 1 or any(not isinstance(m, Literal) or not isinstance(m.value, str) for m in messages):
        raise UnsupportedShape(f"{_name(shape)}: its SPARQL constraint needs at most one string sh:message")
    return SparqlConstraint(node, query, text, messages)


def _sparql_target(g: Graph, shape, node) -> SparqlTarget:
    if set(g.objects(node, RDF.type)) != {SH.SPARQLTarget}:
        raise UnsupportedShape(f"{_name(shape)}: an sh:target that is not an sh:SPARQLTarget")
    if (node, SH.message, None) in g:
        raise UnsupportedShape(f"{_name(shape)}: sh:message on a target")
    text = _select(g, shape, node)
    return SparqlTarget(node, _prepared(shape, text, "target"), text)


def _prepared(shape, text: str, role: str):
    """A constraint's query (``$this`` bound by the engine) or a target's (it binds ``$this``)."""
    try:
        return prepare(text, prebound=role == "constraint")
    except UnsupportedSparql as err:
        raise UnsupportedShape(f"{_name(shape)}: its SPARQL {role}: {err}") from err
