"""Running the shapes on the working store: each constraint of each shape is
a SPARQL query over the focus nodes of the shape (a graph pattern, never a
list in Python), returning only what fails.

The results are those pyshacl's ``Shape.validate`` makes, as a set:

* a targeted shape reports on its focus nodes; its ``sh:property`` shapes
  report on the same focus nodes (a node shape) or on its values (a property
  shape);
* ``sh:node`` reports the value when the node shape does not conform to it or
  reports anything on it, and the node shape's own results on the value are
  reported too (pyshacl's ``sh:detail``, which carries ``sh:ValidationResult``s);
* ``sh:or`` and ``sh:qualifiedValueShape`` ask only whether a value conforms;
  a shape of severity Info or Warning always conforms (pyshacl's
  ``allow_infos`` and ``allow_warnings``, as :func:`graph.validate.validate`
  calls it), a Violation shape conforms when it reports nothing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH

from . import checks
from .closure import EngineFallback, Working
from .shapes import Shape, Shapes, UnsupportedShape
from .sparql import FN, MEMBER, SETS_GRAPH, custom_aggregates, custom_functions
from .terms import n3, to_ox, to_rdflib


@dataclass(frozen=True)
class Result:
    shape: URIRef | BNode
    focus: object  # rdflib term
    path: object | None  # the shape's path node, or the IRI a SPARQL constraint gives as ?path
    value: object | None
    component: URIRef
    severity: URIRef
    messages: tuple


class ValidationFailure(Exception):
    """What makes pyshacl fail (a blank node compared by sh:lessThan, a SPARQL error)."""


class _Source:
    """A set of nodes as a graph pattern: ``pattern(var)`` binds ``?var`` to each, once."""

    def __init__(self, body) -> None:
        self.body = body  # var -> group text

    def pattern(self, var: str) -> str:
        return self.body(var)


class Runner:
    def __init__(self, working: Working, shapes: Shapes) -> None:
        self.w = working
        self.shapes = shapes
        self.results: set[Result] = set()
        self._vars = itertools.count()
        self._python_memo: dict = {}
        self._decided: dict = {}  # (domain, check key) -> the set of the values that fail, or None
        self._links: dict = {}  # source -> (properties from its nodes, properties to them)
        self._values: dict = {}  # (source, path) -> the source of the path's values
        self._exotic: bool | None = None
        self._rdflib_graph = None
        self._functions = custom_functions()
        self._aggregates = custom_aggregates()

    # --- the entry point ------------------------------------------------------------------

    def run(self) -> set[Result]:
        targeted = self.shapes.targeted()
        classes = sorted({c for s in targeted for c in s.target_classes})
        values = " ".join(f"<{c}>" for c in classes)
        used = {row["c"].value for row in self.w.query(
            f"SELECT ?c WHERE {{ VALUES ?c {{ {values} }} FILTER EXISTS {{ ?x a ?c }} }}")} if classes else set()
        for shape in targeted:
            source = self.target_source(shape)
            only_classes = not (shape.target_subjects_of or shape.sparql_targets)
            if only_classes and not any(str(c) in used or self.w.literal_instances(str(c))
                                        for c in shape.target_classes):
                continue  # pyshacl skips a shape with no focus nodes
            if only_classes or self.w.ask(source.pattern("f")):
                self.report(shape, source)
        return self.results

    # --- focus nodes ----------------------------------------------------------------------

    def target_source(self, shape: Shape) -> _Source:
        parts = []
        for cls in shape.target_classes:
            parts.append(f"{{ ?{{v}} a <{cls}> }}")
            literals = self.w.literal_instances(str(cls))
            if literals:
                parts.append(self._set_part(self.w.new_set(members=literals)))
        for prop in shape.target_subjects_of:
            parts.append(f"{{ ?{{v}} <{prop}> ?_o }}")
        for target in shape.sparql_targets:
            rows = self._run_select(shape, target.query, target.text, None)
            found = [row["this"] for row in rows if row.get("this") is not None]
            parts.append(self._set_part(self.w.new_set(members=[to_ox(t) for t in found])))
        union = " UNION ".join(parts) if parts else "{ FILTER (false) }"

        def body(var: str) -> str:
            return f"{{ SELECT DISTINCT ?{var} WHERE {{ {union.replace('?{v}', '?' + var)} }} }}"
        return _Source(body)

    @staticmethod
    def _set_part(name: str) -> str:
        return f"{{ GRAPH <{SETS_GRAPH}> {{ <{name}> <{MEMBER}> ?{{v}} }} }}"

    def _var(self) -> str:
        return f"v{next(self._vars)}"

    def values_source(self, source: _Source, shape: Shape) -> _Source:
        """The values of ``shape``'s path from the nodes of ``source`` (the nodes themselves for a node shape)."""
        if not shape.is_property:
            return source
        path = shape.path.sparql()
        key = (source, path)
        if key not in self._values:
            self._values[key] = self._values_of(source, path)
        return self._values[key]

    def _values_of(self, source: _Source, path: str) -> _Source:

        def body(var: str) -> str:
            up = self._var()
            return f"{{ SELECT DISTINCT ?{var} WHERE {{ {source.pattern(up)} ?{up} {path} ?{var} }} }}"
        return _Source(body)

    def set_source(self, members) -> _Source:
        name = self.w.new_set(members=members)
        return _Source(lambda var: f"{{ GRAPH <{SETS_GRAPH}> {{ <{name}> <{MEMBER}> ?{var} }} }}")

    # --- reports --------------------------------------------------------------------------

    def add(self, shape: Shape, focus, value, component: URIRef, path=None) -> None:
        self.results.add(Result(shape.node, _rdf(focus), path if path is not None else (
            shape.path.node if shape.is_property else None), _rdf(value) if value is not None else None,
            component, shape.severity, shape.messages))

    def report(self, shape: Shape, source: _Source, counted: bool = False) -> None:
        """Every result pyshacl's ``shape.validate`` gives on the nodes of ``source``;
        ``counted``: its value checks and counts are done (by :meth:`_batch`)."""
        f = "f"
        values = self.values_source(source, shape)
        walk = f"?{f} {shape.path.sparql()} ?v" if shape.is_property else f"BIND (?{f} AS ?v)"
        base = f"{source.pattern(f)} {walk}"
        if not counted:
            self._checks_and_counts(shape, values, base, source, walk)
        # with no value at all, none of the rest but sh:hasValue and sh:qualifiedMinCount can fail
        if _needs_values(shape) and (not shape.is_property or self._has_values(shape, source, base)):
            self._report_values(shape, values, base)
        for hv in shape.has_values:
            q = (f"SELECT ?{f} WHERE {{ {source.pattern(f)} "
                 f"FILTER NOT EXISTS {{ ?{f} {shape.path.sparql()} {n3(to_ox(hv))} }} }}")
            for row in self.w.query(q):
                self.add(shape, row[f], None, SH.HasValueConstraintComponent)
        for qnode, minimum in shape.qualified:
            cond = self.not_conforming(self.shapes[qnode], "?v", values)
            q = (f"SELECT ?{f} WHERE {{ {source.pattern(f)} OPTIONAL {{ {walk} FILTER (!({cond})) }} }} "
                 f"GROUP BY ?{f} HAVING (COUNT(DISTINCT ?v) < {minimum})")
            for row in self.w.query(q):
                self.add(shape, row[f], None, SH.QualifiedMinCountConstraintComponent)
        for constraint in shape.sparql:
            self.sparql_constraint(shape, constraint, source)

    def _checks_and_counts(self, shape: Shape, values: _Source, base: str, source: _Source, walk: str) -> None:
        f = "f"
        found = self.value_checks(shape)
        if found:
            self._prefetch(values, [c for c in found if c.python is not None])
            conds = " || ".join(f"(?k = {i} && ({self.condition(c, '?v', values)}))" for i, c in enumerate(found))
            keys = " ".join(str(i) for i in range(len(found)))
            for row in self.w.query(f"SELECT DISTINCT ?{f} ?v ?k WHERE {{ {base} VALUES ?k {{ {keys} }} "
                                    f"FILTER ({conds}) }}"):
                self.add(shape, row[f], row["v"], found[int(row["k"].value)].component)
        if shape.min_count is not None and shape.min_count > 0:
            q = (f"SELECT ?{f} WHERE {{ {source.pattern(f)} OPTIONAL {{ {walk} }} }} GROUP BY ?{f} "
                 f"HAVING (COUNT(DISTINCT ?v) < {shape.min_count})")
            for row in self.w.query(q):
                self.add(shape, row[f], None, SH.MinCountConstraintComponent)
        if shape.max_count is not None:
            q = f"SELECT ?{f} WHERE {{ {base} }} GROUP BY ?{f} HAVING (COUNT(DISTINCT ?v) > {shape.max_count})"
            for row in self.w.query(q):
                self.add(shape, row[f], None, SH.MaxCountConstraintComponent)

    def _batch(self, children: list[Shape], source: _Source) -> None:
        """The value checks and the counts of property shapes of one-step paths, all on the
        same nodes, in a query or two each (a node shape has a dozen such properties)."""
        f = "f"
        for inverse in (False, True):
            mine = [(k, c) for k, c in enumerate(children) if c.path.steps[0][1] == inverse]
            walk = f"?v ?p ?{f}" if inverse else f"?{f} ?p ?v"
            counted = [f"({k} <{c.path.steps[0][0]}> {c.min_count or 0} "
                       f"{c.max_count if c.max_count is not None else -1})"
                       for k, c in mine if (c.min_count or 0) > 0 or c.max_count is not None]
            if counted:
                q = (f"SELECT ?{f} ?k (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {source.pattern(f)} "
                     f"VALUES (?k ?p ?lo ?hi) {{ {' '.join(counted)} }} OPTIONAL {{ {walk} }} }} "
                     f"GROUP BY ?{f} ?k ?lo ?hi "
                     f"HAVING (COUNT(DISTINCT ?v) < ?lo || (?hi >= 0 && COUNT(DISTINCT ?v) > ?hi))")
                for row in self.w.query(q):
                    child, n = children[int(row["k"].value)], int(row["n"].value)
                    if n < (child.min_count or 0):
                        self.add(child, row[f], None, SH.MinCountConstraintComponent)
                    if child.max_count is not None and n > child.max_count:
                        self.add(child, row[f], None, SH.MaxCountConstraintComponent)
            pairs = []
            for k, c in mine:
                values = self.values_source(source, c)
                found = self.value_checks(c)
                self._prefetch(values, [x for x in found if x.python is not None])
                pairs += [(k, c, x, self.condition(x, "?v", values)) for x in found]
            pairs = [p for p in pairs if p[3] != "false"]
            if pairs:
                rows = " ".join(f"({i} <{c.path.steps[0][0]}>)" for i, (_k, c, _x, _cond) in enumerate(pairs))
                conds = " || ".join(f"(?k = {i} && ({cond}))" for i, (_k, _c, _x, cond) in enumerate(pairs))
                q = (f"SELECT DISTINCT ?{f} ?v ?k WHERE {{ {source.pattern(f)} VALUES (?k ?p) {{ {rows} }} "
                     f"{walk} FILTER ({conds}) }}")
                for row in self.w.query(q):
                    _k, child, check, _cond = pairs[int(row["k"].value)]
                    self.add(child, row[f], row["v"], check.component)

    def _has_values(self, shape: Shape, source: _Source, base: str) -> bool:
        """Whether the path leads anywhere from the nodes of ``source``: the properties
        used from and to those nodes are asked once per source, a longer path then."""
        if source not in self._links:
            f = "f"
            out = {row["p"] for row in self.w.query(f"SELECT DISTINCT ?p WHERE {{ {source.pattern(f)} ?{f} ?p ?o }}")}
            into = {row["p"] for row in self.w.query(f"SELECT DISTINCT ?p WHERE {{ {source.pattern(f)} ?s ?p ?{f} }}")}
            self._links[source] = ({p.value for p in out}, {p.value for p in into})
        iri, inverse = shape.path.steps[0]
        if iri not in self._links[source][1 if inverse else 0]:
            return False
        return len(shape.path.steps) == 1 or self.w.ask(base)

    def _report_values(self, shape: Shape, values: _Source, base: str) -> None:
        """The results that need a value beyond value checks and counts: comparisons, and
        what sh:property, sh:node and sh:or find on the values."""
        f = "f"
        if shape.unique_lang:
            q = (f'SELECT ?{f} WHERE {{ {base} FILTER (isLiteral(?v) && LANG(?v) != "") }} '
                 f"GROUP BY ?{f} (LCASE(LANG(?v)) AS ?lang) HAVING (COUNT(DISTINCT ?v) > 1)")
            for row in self.w.query(q):
                self.add(shape, row[f], None, SH.UniqueLangConstraintComponent)
        for other, or_equal in [(p, False) for p in shape.less_than] + [(p, True) for p in shape.less_than_or_equals]:
            comp = SH.LessThanOrEqualsConstraintComponent if or_equal else SH.LessThanConstraintComponent
            q = (f"SELECT DISTINCT ?{f} ?v ?c WHERE {{ {base} . ?{f} <{other}> ?c "
                 f"FILTER (!{checks.pair_surely_ok(or_equal)}) }}")
            for row in self.w.query(q):
                try:
                    fails = checks.pair_fails(to_rdflib(row["v"]), to_rdflib(row["c"]), or_equal)
                except (checks.PairError, TypeError) as err:  # pyshacl stops there too
                    raise ValidationFailure(str(err)) from err
                if fails:
                    self.add(shape, row[f], row["v"], comp)
        for other in shape.disjoint:
            q = f"SELECT DISTINCT ?{f} ?v WHERE {{ {base} . ?{f} <{other}> ?v }}"
            for row in self.w.query(q):
                self.add(shape, row[f], row["v"], SH.DisjointConstraintComponent)
        children = [self.shapes[c] for c in shape.properties]
        simple = [c for c in children if len(c.path.steps) == 1]
        self._batch(simple, values)
        for child in children:
            self.report(child, values, counted=child in simple)
        for node in shape.nodes:
            target = self.shapes[node]
            cond = self.has_reports(target, "?v", values)
            bad = set()
            for row in self.w.query(f"SELECT DISTINCT ?{f} ?v WHERE {{ {base} FILTER ({cond}) }}"):
                self.add(shape, row[f], row["v"], SH.NodeConstraintComponent)
                bad.add(row["v"])
            if bad:  # pyshacl's sh:detail: the node shape's own results on the value
                self.report(target, self.set_source(bad))
        for members in shape.ors:
            cond = self.none_conforming(members, "?v", values)
            for row in self.w.query(f"SELECT DISTINCT ?{f} ?v WHERE {{ {base} FILTER ({cond}) }}"):
                self.add(shape, row[f], row["v"], SH.OrConstraintComponent)

    # --- conditions on a value ------------------------------------------------------------

    def value_checks(self, shape: Shape) -> list[checks.Check]:
        found = [checks.class_check(c) for c in shape.classes]
        if shape.datatype is not None:
            found.append(checks.datatype_check(shape.datatype))
        if shape.node_kind is not None:
            found.append(checks.iri_check())
        if shape.min_length is not None:
            found.append(checks.min_length_check(shape.min_length))
        found += [checks.pattern_check(p) for p in shape.patterns]
        if shape.in_values is not None:
            found.append(checks.in_check(shape.in_values))
        found += [checks.min_inclusive_check(m) for m in shape.min_inclusive]
        return found

    def condition(self, check: checks.Check, var: str, domain: _Source) -> str:
        """A SPARQL condition on ``var``, true when ``check`` fails; what Python
        decides is decided for the values of ``domain`` and joined in as a set."""
        if check.python is None:
            return check.candidate.replace("?x", var)
        key = (domain, check.key)
        if key not in self._decided:
            self._prefetch(domain, [check])
        name = self._decided[key]
        return f"EXISTS {{ GRAPH <{SETS_GRAPH}> {{ <{name}> <{MEMBER}> {var} }} }}" if name else "false"

    def _prefetch(self, domain: _Source, wanted: list[checks.Check]) -> None:
        """Decide ``wanted`` for the values of ``domain``, in one query for the candidates."""
        wanted = [c for c in {c.key: c for c in wanted}.values() if (domain, c.key) not in self._decided]
        if not wanted:
            return
        x = self._var()
        flags = " ".join(f"(IF({c.candidate.replace('?x', '?' + x)}, 1, 0) AS ?k{i})" for i, c in enumerate(wanted))
        any_candidate = " || ".join(f"({c.candidate.replace('?x', '?' + x)})" for c in wanted)
        failing: list[list] = [[] for _ in wanted]
        for row in self.w.query(f"SELECT DISTINCT ?{x} {flags} WHERE {{ {domain.pattern(x)} "
                                f"FILTER ({any_candidate}) }}"):
            value = None
            for i, check in enumerate(wanted):
                flag = row[f"k{i}"]
                if flag is None or flag.value != "1":
                    continue
                value = value if value is not None else to_rdflib(row[x])
                if self._decide(check, row[x], value):
                    failing[i].append(row[x])
        for i, check in enumerate(wanted):
            self._decided[(domain, check.key)] = self.w.new_set(members=failing[i]) if failing[i] else None

    def failures(self, shape: Shape, var: str, domain: _Source, conforming: bool) -> str:
        """A condition on ``var``: the shape reports on it (``conforming`` False), or does
        not conform (``conforming`` True: reports that cannot make it non-conforming are left out)."""
        if shape.sparql or shape.min_count or shape.max_count is not None or shape.unique_lang or (
                shape.less_than or shape.less_than_or_equals or shape.disjoint or shape.qualified):
            raise UnsupportedShape(f"{shape.node}: used by sh:node, sh:or or sh:qualifiedValueShape, where only "
                                   "value checks, sh:hasValue, sh:node, sh:or and sh:property are supported")
        if conforming and shape.allowed:
            return "false"
        parts = []
        if shape.is_property:
            values = self.values_source(domain, shape)
            w = f"?{self._var()}"
            inner = [self.condition(c, w, values) for c in self.value_checks(shape)]
            inner += [self.failures(self.shapes[n], w, values, conforming=False) for n in shape.nodes]
            inner += [self.none_conforming(members, w, values) for members in shape.ors]
            inner += [self.failures(self.shapes[p], w, values, conforming) for p in shape.properties]
            if inner:
                either = " || ".join(f"({i})" for i in inner)
                parts.append(f"EXISTS {{ {var} {shape.path.sparql()} {w} FILTER ({either}) }}")
            for hv in shape.has_values:
                parts.append(f"NOT EXISTS {{ {var} {shape.path.sparql()} {n3(to_ox(hv))} }}")
        else:
            parts += [self.condition(c, var, domain) for c in self.value_checks(shape)]
            parts += [self.failures(self.shapes[n], var, domain, conforming=False) for n in shape.nodes]
            parts += [self.none_conforming(members, var, domain) for members in shape.ors]
            parts += [self.failures(self.shapes[p], var, domain, conforming) for p in shape.properties]
        return " || ".join(f"({p})" for p in parts) if parts else "false"

    def none_conforming(self, members: list, var: str, domain: _Source) -> str:
        """sh:or fails on ``var``: no member conforms.  When each member is one value
        check (a datatype, a class), Python decides only where every member may fail."""
        shapes = [self.shapes[m] for m in members]
        single = [self.value_checks(m) for m in shapes]
        if not all(len(c) == 1 and not m.allowed and not (m.nodes or m.ors or m.properties or m.has_values)
                   for m, c in zip(shapes, single)):
            return " && ".join(f"({self.failures(m, var, domain, conforming=True)})" for m in shapes)
        found = [c[0] for c in single]
        every = " && ".join(f"({c.candidate})" for c in found)
        python = [c for c in found if c.python is not None]
        if not python:
            return every.replace("?x", var)
        key = (domain, tuple(c.key for c in found))
        if key not in self._decided:
            x = self._var()
            failing = []
            for row in self.w.query(f"SELECT DISTINCT ?{x} WHERE {{ {domain.pattern(x)} "
                                    f"FILTER ({every.replace('?x', '?' + x)}) }}"):
                value = to_rdflib(row[x])
                if all(self._decide(c, row[x], value) for c in python):
                    failing.append(row[x])
            self._decided[key] = self.w.new_set(members=failing) if failing else None
        name = self._decided[key]
        if name is None:
            return "false"
        return f"({every.replace('?x', var)}) && EXISTS {{ GRAPH <{SETS_GRAPH}> {{ <{name}> <{MEMBER}> {var} }} }}"

    def _decide(self, check: checks.Check, term, value) -> bool:
        """Python's answer for one value (its pyoxigraph ``term``, its rdflib ``value``), once."""
        memo = (check.key, term)
        if memo not in self._python_memo:
            self._python_memo[memo] = bool(check.python(value))
        return self._python_memo[memo]

    def has_reports(self, shape: Shape, var: str, domain: _Source) -> str:
        return self.failures(shape, var, domain, conforming=False)

    def not_conforming(self, shape: Shape, var: str, domain: _Source) -> str:
        return self.failures(shape, var, domain, conforming=True)

    # --- SPARQL constraints ---------------------------------------------------------------

    def sparql_constraint(self, shape: Shape, constraint, source: _Source) -> None:
        focus_set = self.w.new_set(where=source.pattern("f"), var="f")
        rows = self._run_select(shape, constraint.query, constraint.text, focus_set)
        extra = constraint.messages
        seen = set()
        for row in rows:
            row = dict(row)
            p, v, t = row.pop("path", None), row.pop("value", None), row.pop("this", None)
            if p is None and v is None and t is None:
                continue
            key = (t, p, v, tuple(row.items()))
            if key in seen:
                continue
            seen.add(key)
            if v is None:
                v = t  # a node shape's result is on the focus node
            bound = dict(row)
            bound.update({k: x for k, x in (("this", t), ("path", p), ("value", v)) if x is not None})
            messages = [Literal(_format(str(m.value), bound)) for m in extra if m not in shape.messages]
            messages += [Literal(_format(str(m.value), bound)) if isinstance(m, Literal) else m
                         for m in shape.messages]
            self.results.add(Result(shape.node, t, p, v, SH.SPARQLConstraintComponent, shape.severity,
                                    tuple(messages)))

    def _run_select(self, shape: Shape, query, original: str, focus_set: str | None) -> list[dict]:
        """A constraint or target query's rows as dicts of rdflib terms (bound variables only)."""
        if query.sees_types and self.exotic():
            return self._run_rdflib(original, focus_set)
        text = query.text(focus_set)
        try:
            solutions = self.w.query(text, custom_functions=self._functions,
                                     custom_aggregate_functions=self._aggregates)
        except (SyntaxError, OSError, ValueError, TypeError) as err:
            raise ValidationFailure(f"{shape.node}: {err}") from err
        names = [v.value for v in solutions.variables]
        out = []
        for sol in solutions:
            row = {}
            for name in names:
                term = sol[name]
                if term is not None:
                    row[name] = to_rdflib(term)
            out.append(row)
        return out

    # --- literals' types ------------------------------------------------------------------

    def exotic(self) -> bool:
        """Whether some literal is typed (by owlrl, through a range) with a class
        that is not a datatype: SPARQL that matches ``?x a ?c`` could then see it."""
        if self._exotic is None:
            self._exotic = any(not _literal_like(c, self.w) for c in self.w.literal_types())
        return self._exotic

    def _run_rdflib(self, text: str, focus_set: str | None) -> list[dict]:
        """The query run by rdflib on the graph pyshacl validates, literals' types
        included, as pyshacl runs it: once per focus node with ``this`` bound."""
        g = self.rdflib_graph()
        if focus_set is None:
            results = [g.query(text)]
        else:
            members = self.w.query(f"SELECT ?m WHERE {{ GRAPH <{SETS_GRAPH}> {{ <{focus_set}> <{MEMBER}> ?m }} }}")
            results = [g.query(text, initBindings={"this": to_rdflib(row["m"])}) for row in members]
        out = []
        for result in results:
            for r in result:
                out.append({str(k): x for k, x in r.asdict().items()})
        return out

    def rdflib_graph(self):
        if self._rdflib_graph is None:
            from rdflib import Graph
            from rdflib.namespace import RDF

            g = Graph()
            for q in self.w.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
                g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
            for cls in self.w.literal_types():
                for lit in self.w.literal_instances(cls):
                    g.add((to_rdflib(lit), RDF.type, URIRef(cls)))
            self._rdflib_graph = g
        return self._rdflib_graph


_DATATYPE_NS = ("http://www.w3.org/2001/XMLSchema#",)
_LITERAL_LIKE = {"http://www.w3.org/2000/01/rdf-schema#Resource", "http://www.w3.org/2000/01/rdf-schema#Literal",
                 "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
                 "http://www.w3.org/1999/02/22-rdf-syntax-ns#PlainLiteral",
                 "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral",
                 "http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML", "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"}


def _literal_like(cls: str, w: Working) -> bool:
    """A class only literals are expected in (a datatype, rdfs:Literal, rdfs:Resource), and
    which no list names (as an owl:AllDisjointClasses would): no query of ours sees it."""
    datatype = cls in _LITERAL_LIKE or cls.startswith(_DATATYPE_NS) or w.ask(f"<{cls}> a rdfs:Datatype")
    return datatype and not w.ask(f"?list rdf:first <{cls}>")


def _needs_values(shape: Shape) -> bool:
    """Whether a shape has constraints that only a value can break (other than value checks and counts)."""
    return bool(shape.unique_lang or shape.less_than or shape.less_than_or_equals or shape.disjoint or
                shape.properties or shape.nodes or shape.ors)


def _rdf(term):
    return term if not isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)) else to_rdflib(term)


def _format(msg: str, bound: dict) -> str:
    """pyshacl's ConstraintComponent._format_sparql_based_result_message."""
    for var, val in bound.items():
        msg = re.sub("{{[?$]{}}}".format(var), str(val), msg)
    return msg


__all__ = ["EngineFallback", "FN", "Result", "Runner", "ValidationFailure"]
