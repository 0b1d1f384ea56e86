"""The shapes' own SPARQL (sh:select of SPARQL constraints and targets), made
to run on Oxigraph as pyshacl runs it on rdflib.

Three things differ between the engines and are dealt with here:

* Comparisons.  rdflib orders literals of different datatypes by their
  datatype IRIs where SPARQL (and Oxigraph) raises a type error, and cannot
  compare some it should; so every ``<``, ``>``, ``<=``, ``>=``, ``=`` and
  ``!=`` becomes a call of a Python function that asks rdflib
  (:func:`rdflib.plugins.sparql.operators.RelationalExpression`) for the
  answer, except ``=`` and ``!=`` between two non-literals, where the engines
  agree.  ``SUM`` likewise becomes rdflib's own sum.
* Pre-binding.  pyshacl runs a constraint once per focus node with ``$this``
  bound; here it runs once for all of them, joined at the head of the query's
  outer group with the set of focus nodes (as ``VALUES $this`` would be).
  That is the same only where ``$this`` is bound by a triple pattern wherever
  it is used; :func:`prepare` checks so.
* What is understood.  The text is tokenised and its expressions parsed; a
  keyword, function or construct not on the lists below is refused with an
  error naming the shape, never run with a meaning of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import SimpleNamespace

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.plugins.sparql.aggregates import type_safe_numbers
from rdflib.plugins.sparql.datatypes import type_promotion
from rdflib.plugins.sparql.operators import RelationalExpression, numeric
from rdflib.plugins.sparql.sparql import SPARQLError

from .terms import to_ox, to_rdflib


class UnsupportedSparql(Exception):
    """The query uses something this engine cannot run exactly as pyshacl does."""


FN = "urn:x-smkg-engine:"
#: Sets of terms (focus nodes, values) are kept in the working store as
#: ``<set> <member> term`` in this graph, so that a query can join with them.
SETS_GRAPH = FN + "sets"
MEMBER = FN + "member"
_OPS = {"<": "lt", ">": "gt", "<=": "le", ">=": "ge", "=": "eq", "!=": "ne"}

#: Keywords the engine understands in a constraint or target query.
KEYWORDS = {"PREFIX", "SELECT", "DISTINCT", "WHERE", "FILTER", "NOT", "EXISTS", "OPTIONAL", "UNION", "BIND", "AS",
            "GROUP", "BY", "IN", "A", "TRUE", "FALSE"}
#: Functions whose meaning is the same in rdflib and in Oxigraph (on the terms Oxigraph holds).
FUNCTIONS = {"STR", "CONCAT", "COALESCE"}
AGGREGATES = {"SUM"}
_NAMES = KEYWORDS | FUNCTIONS | AGGREGATES

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>(?:\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
        (?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:<[^<>"{}|^`\\\x00-\x20]*>|[A-Za-z][\w.-]*:[\w.-]*))?)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\ufffd]+)
  | (?P<number>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w-](?:[\w.-]*[\w-])?)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\|\||&&|!=|<=|>=|\^\^|[{}()\[\],;.=<>!^/*+?|-])
""", re.VERBOSE)


@dataclass
class Tok:
    kind: str
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "name" else ""


def tokenize(text: str) -> list[Tok]:
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise UnsupportedSparql(f"cannot read the query at {text[pos:pos + 30]!r}")
        pos = m.end()
        if m.lastgroup not in ("ws", "comment"):
            out.append(Tok(m.lastgroup, m.group()))
    return out


# --- parsing ------------------------------------------------------------------------------


@dataclass
class Expr:
    """An expression node: ``op`` is the operator or function name, ``args`` its operands;
    a leaf has ``tok`` instead; ``group`` is the pattern of an EXISTS."""

    op: str = ""
    args: list = field(default_factory=list)
    tok: Tok | None = None
    group: Group | None = None
    iri_list: bool = False  # an IN / NOT IN list of IRIs only


@dataclass
class Group:
    elements: list = field(default_factory=list)  # ("triples", [Tok]) ("filter", Expr) ("bind", Expr, var)
    # ("optional", Group) ("union", [Group]) ("group", Group) ("select", Select)


@dataclass
class Select:
    distinct: bool
    projection: list  # ("var", name) | ("expr", Expr, name)
    where: Group
    group_by: list[str]


class _Parser:
    def __init__(self, toks: list[Tok]) -> None:
        self.toks, self.i = toks, 0

    def peek(self, k: int = 0) -> Tok | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def next(self) -> Tok:
        tok = self.peek()
        if tok is None:
            raise UnsupportedSparql("the query ends too soon")
        self.i += 1
        return tok

    def expect(self, text: str) -> Tok:
        tok = self.next()
        if tok.text.upper() != text.upper():
            raise UnsupportedSparql(f"expected {text!r}, found {tok.text!r}")
        return tok

    def at(self, text: str, k: int = 0) -> bool:
        tok = self.peek(k)
        return tok is not None and tok.kind in ("op", "name") and tok.text.upper() == text.upper()

    # query := PREFIX* select
    def query(self) -> tuple[list[tuple[str, str]], Select]:
        prefixes = []
        while self.at("PREFIX"):
            self.next()
            name, iri = self.next(), self.next()
            if name.kind != "pname" or iri.kind != "iri":
                raise UnsupportedSparql("a PREFIX line the engine cannot read")
            prefixes.append((name.text, iri.text))
        select = self.select()
        if self.peek() is not None:
            raise UnsupportedSparql(f"{self.peek().text!r} after the query's end (solution modifiers are not run)")
        return prefixes, select

    def select(self) -> Select:
        self.expect("SELECT")
        distinct = False
        if self.at("DISTINCT"):
            self.next()
            distinct = True
        projection = []
        while not self.at("WHERE") and not self.at("{"):
            tok = self.next()
            if tok.kind == "var":
                projection.append(("var", tok.text[1:]))
            elif tok.text == "(":
                expr = self.expression()
                self.expect("AS")
                var = self.next()
                if var.kind != "var":
                    raise UnsupportedSparql("AS must name a variable")
                self.expect(")")
                projection.append(("expr", expr, var.text[1:]))
            else:
                raise UnsupportedSparql(f"{tok.text!r} in a SELECT clause (only variables and (expression AS ?var))")
        if self.at("WHERE"):
            self.next()
        where = self.group()
        group_by = []
        if self.at("GROUP"):
            self.next()
            self.expect("BY")
            while self.peek() is not None and self.peek().kind == "var":
                group_by.append(self.next().text[1:])
            if not group_by:
                raise UnsupportedSparql("GROUP BY of anything but variables")
        return Select(distinct, projection, where, group_by)

    def group(self) -> Group:
        self.expect("{")
        g = Group()
        triples: list[Tok] = []

        def flush():
            if triples:
                g.elements.append(("triples", list(triples)))
                triples.clear()

        while not self.at("}"):
            tok = self.peek()
            if tok is None:
                raise UnsupportedSparql("a group is not closed")
            word = tok.text.upper() if tok.kind == "name" else None
            if tok.text == "{":
                flush()
                if self.at("SELECT", 1):
                    self.next()
                    sub = self.select()
                    self.expect("}")
                    g.elements.append(("select", sub))
                    continue
                branches = [self.group()]
                while self.at("UNION"):
                    self.next()
                    branches.append(self.group())
                g.elements.append(("union", branches) if len(branches) > 1 else ("group", branches[0]))
            elif word == "OPTIONAL":
                flush()
                self.next()
                g.elements.append(("optional", self.group()))
            elif word == "FILTER":
                flush()
                self.next()
                g.elements.append(("filter", self.constraint()))
            elif word == "BIND":
                flush()
                self.next()
                self.expect("(")
                expr = self.expression()
                self.expect("AS")
                var = self.next()
                if var.kind != "var":
                    raise UnsupportedSparql("BIND must name a variable")
                self.expect(")")
                g.elements.append(("bind", expr, var.text[1:]))
            elif word is not None and word not in ("A", "TRUE", "FALSE"):
                raise UnsupportedSparql(f"{tok.text} is not run by this engine")
            else:
                triples.append(self.next())
                if tok.text in ("(", "["):  # a collection or blank node property list: take it whole
                    depth = 1
                    while depth:
                        inner = self.next()
                        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(inner.text, 0)
                        triples.append(inner)
        flush()
        self.expect("}")
        return g

    def constraint(self) -> Expr:
        """FILTER's argument: ( expression ), a function call or [NOT] EXISTS { ... }."""
        if self.at("("):
            self.next()
            expr = self.expression()
            self.expect(")")
            return expr
        return self.primary()

    # expression := or ; or := and ('||' and)* ; and := rel ('&&' rel)* ; rel := unary (op unary | [NOT] IN list)?
    def expression(self) -> Expr:
        left = self.conjunction()
        while self.at("||"):
            self.next()
            left = Expr("||", [left, self.conjunction()])
        return left

    def conjunction(self) -> Expr:
        left = self.relation()
        while self.at("&&"):
            self.next()
            left = Expr("&&", [left, self.relation()])
        return left

    def relation(self) -> Expr:
        left = self.unary()
        tok = self.peek()
        if tok is not None and tok.kind == "op" and tok.text in _OPS:
            self.next()
            return Expr(tok.text, [left, self.unary()])
        negated = self.at("NOT") and self.at("IN", 1)
        if negated or self.at("IN"):
            self.next()
            if negated:
                self.next()
            self.expect("(")
            items = []
            while not self.at(")"):
                items.append(self.unary())
                if self.at(","):
                    self.next()
            self.expect(")")
            iris = all(item.tok is not None and item.tok.kind in ("iri", "pname") for item in items)
            return Expr("NOT IN" if negated else "IN", [left, *items], iri_list=iris)
        return left

    def unary(self) -> Expr:
        if self.at("!"):
            self.next()
            return Expr("!", [self.unary()])
        tok = self.peek()
        if tok is not None and tok.kind == "op" and tok.text in "+-*/":
            raise UnsupportedSparql(f"arithmetic ({tok.text}) is not run by this engine")
        return self.primary()

    def primary(self) -> Expr:
        tok = self.next()
        if tok.text == "(":
            expr = self.expression()
            self.expect(")")
            return expr
        if tok.kind in ("var", "iri", "pname", "string", "number") or tok.upper in ("TRUE", "FALSE"):
            if tok.kind in ("iri", "pname") and self.at("("):
                raise UnsupportedSparql(f"the function {tok.text} is not run by this engine")
            return Expr(tok=tok)
        word = tok.upper
        if word == "NOT" and self.at("EXISTS"):
            self.next()
            return Expr("NOT EXISTS", group=self.group())
        if word == "EXISTS":
            return Expr("EXISTS", group=self.group())
        if word in FUNCTIONS | AGGREGATES:
            self.expect("(")
            if self.at("DISTINCT"):
                raise UnsupportedSparql(f"{word}(DISTINCT ...) is not run by this engine")
            args = []
            while not self.at(")"):
                args.append(self.expression())
                if self.at(","):
                    self.next()
            self.expect(")")
            return Expr(word, args)
        raise UnsupportedSparql(f"{tok.text!r} is not run by this engine")


# --- writing it back ----------------------------------------------------------------------


class _Writer:
    def __init__(self, this_values: str | None) -> None:
        self.this_values = this_values  # VALUES text to put at the head of the outer group

    def select(self, s: Select, outer: bool) -> str:
        parts = ["SELECT"] + (["DISTINCT"] if s.distinct else [])
        for item in s.projection:
            parts.append(f"?{item[1]}" if item[0] == "var" else f"({self.expr(item[1])} AS ?{item[2]})")
        text = " ".join(parts) + " WHERE " + self.group(s.where, head=self.this_values if outer else None)
        if s.group_by:
            text += " GROUP BY " + " ".join(f"?{v}" for v in s.group_by)
        return text

    def group(self, g: Group, head: str | None = None) -> str:
        out = [head] if head else []
        bound = {t.text[1:] for el in g.elements if el[0] == "triples" for t in el[1] if t.kind == "var"}
        if head:
            bound.add("this")
        minus = []
        for el in g.elements:
            kind = el[0]
            if kind == "triples":
                out.append(" ".join(t.text for t in el[1]))
            elif kind == "filter" and _as_minus(el[1], bound):
                minus.append("MINUS " + self.group(el[1].group))
            elif kind == "filter":
                out.append(f"FILTER ({self.expr(el[1])})")
            elif kind == "bind":
                out.append(f"BIND ({self.expr(el[1])} AS ?{el[2]})")
            elif kind == "optional":
                out.append("OPTIONAL " + self.group(el[1]))
            elif kind == "union":
                out.append(" UNION ".join(self.group(b) for b in el[1]))
            elif kind == "group":
                out.append(self.group(el[1]))
            elif kind == "select":
                out.append("{ " + self.select(el[1], outer=False) + " }")
        return "{ " + " \n".join(out + minus) + " }"

    def expr(self, e: Expr) -> str:
        if e.tok is not None:
            return e.tok.text
        if e.op in ("EXISTS", "NOT EXISTS"):
            return f"{e.op} {self.group(e.group)}"
        args = [self.expr(a) for a in e.args]
        if e.op in ("<", ">", "<=", ">="):
            return f"<{FN}{_OPS[e.op]}>({args[0]}, {args[1]})"
        if e.op in ("=", "!="):
            a, b = args
            return (f"IF(!isLiteral({a}) && !isLiteral({b}), ({a} {e.op} {b}), "
                    f"<{FN}{_OPS[e.op]}>({a}, {b}))")
        if e.op in ("IN", "NOT IN"):
            return f"({args[0]} {e.op} ({', '.join(args[1:])}))"
        if e.op in ("&&", "||"):
            return f"({args[0]} {e.op} {args[1]})"
        if e.op == "!":
            return f"(!{args[0]})"
        if e.op == "SUM":
            return f"<{FN}sum>({args[0]})"
        return f"{e.op}({', '.join(args)})"


def _as_minus(e: Expr, bound: set[str]) -> bool:
    """Whether ``FILTER NOT EXISTS { P }`` may be run as ``MINUS { P }`` at the end of its group.

    The two are the same when P is triple patterns only and shares a variable with every
    solution of the group (one bound by the group's own triple patterns): a solution is
    removed exactly when P has a match agreeing with it.  Oxigraph runs MINUS as one
    anti-join, and NOT EXISTS once per solution, with a poor plan when P has variables of
    its own (EveryFactHasEvidence: seconds against minutes on a large store); where every
    variable of P is bound, NOT EXISTS is a lookup and stays."""
    if e.op != "NOT EXISTS" or not all(el[0] == "triples" for el in e.group.elements):
        return False
    variables = {t.text[1:] for el in e.group.elements for t in el[1] if t.kind == "var"}
    patterns = sum(t.text in (".", ";", ",") for el in e.group.elements for t in el[1]) + 1
    return bool(variables & bound) and bool(variables - bound) and patterns > 1


# --- checks -------------------------------------------------------------------------------


def _expr_vars(e: Expr) -> set[str]:
    if e.tok is not None:
        return {e.tok.text[1:]} if e.tok.kind == "var" else set()
    found = set()
    for a in e.args:
        found |= _expr_vars(a)
    return found


def _check_expr(e: Expr, guarded: bool = False) -> None:
    """&& and || only where an error and false mean the same (a FILTER's own
    conditions), IN only over IRIs, and SUM with one argument."""
    if e.op in ("&&", "||") and guarded:
        raise UnsupportedSparql(f"{e.op} under a negation or inside a function (rdflib's error handling differs)")
    if e.op in ("IN", "NOT IN") and not e.iri_list:
        raise UnsupportedSparql(f"{e.op} over anything but IRIs")
    if e.op == "SUM" and len(e.args) != 1:
        raise UnsupportedSparql("SUM of other than one expression")
    inner_guard = guarded or e.op not in ("&&", "||")
    for a in e.args:
        _check_expr(a, inner_guard)
    if e.group is not None:
        _check_group(e.group)


def _check_group(g: Group) -> None:
    for el in g.elements:
        if el[0] == "filter":
            _check_expr(el[1])
        elif el[0] == "bind":
            _check_expr(el[1], guarded=True)
        elif el[0] in ("optional", "group"):
            _check_group(el[1])
        elif el[0] == "union":
            for b in el[1]:
                _check_group(b)
        elif el[0] == "select":
            _check_select(el[1])


def _check_select(s: Select) -> None:
    aggregated = False
    for item in s.projection:
        if item[0] == "expr":
            _check_expr(item[1], guarded=True)
            aggregated = aggregated or _has_aggregate(item[1])
    if aggregated and not s.group_by:
        raise UnsupportedSparql("an aggregate without GROUP BY")
    _check_group(s.where)


def _has_aggregate(e: Expr) -> bool:
    return e.op in AGGREGATES or any(_has_aggregate(a) for a in e.args)


def _triples_bind(g: Group, var: str) -> bool:
    return any(el[0] == "triples" and any(t.kind == "var" and t.text[1:] == var for t in el[1]) for el in g.elements)


def _mentions(obj, var: str) -> bool:
    if isinstance(obj, Tok):
        return obj.kind == "var" and obj.text[1:] == var
    if isinstance(obj, Expr):
        return (obj.tok is not None and _mentions(obj.tok, var)) or any(_mentions(a, var) for a in obj.args) or (
            obj.group is not None and _mentions(obj.group, var))
    if isinstance(obj, Group):
        return any(_mentions(el, var) for el in obj.elements)
    if isinstance(obj, Select):
        return any(_mentions(item[1] if item[0] == "expr" else Tok("var", "?" + item[1]), var)
                   for item in obj.projection) or _mentions(obj.where, var) or var in obj.group_by
    if isinstance(obj, (list, tuple)):
        return any(_mentions(x, var) for x in obj if not isinstance(x, str))
    return False


def _check_prebinding(g: Group, var: str, outer: bool) -> None:
    """``VALUES ?var`` at the head of the outer group is pyshacl's pre-binding
    when every group that uses ``?var`` in an expression also binds it by a
    triple pattern, and every sub-select that uses it projects (and groups by) it."""
    if outer and not _triples_bind(g, var):
        raise UnsupportedSparql(f"${var} is not bound by a triple pattern of the query's outer group")
    used_in_expr = any((el[0] == "filter" and _mentions(el[1], var)) or (el[0] == "bind" and (
        _mentions(el[1], var) or el[2] == var)) for el in g.elements)
    if used_in_expr and not _triples_bind(g, var):
        raise UnsupportedSparql(f"${var} is used in an expression of a group that does not bind it")
    for el in g.elements:
        if el[0] == "bind" and el[2] == var:
            raise UnsupportedSparql(f"BIND to ${var}")
        if el[0] in ("optional", "group"):
            _check_prebinding(el[1], var, outer=False)
        elif el[0] == "union":
            for b in el[1]:
                _check_prebinding(b, var, outer=False)
        elif el[0] == "select" and _mentions(el[1], var):
            sub = el[1]
            if ("var", var) not in [(i[0], i[1]) for i in sub.projection if i[0] == "var"]:
                raise UnsupportedSparql(f"a sub-select uses ${var} but does not project it")
            if sub.group_by and var not in sub.group_by:
                raise UnsupportedSparql(f"a sub-select uses ${var} but does not group by it")
            _check_prebinding(sub.where, var, outer=True)


# --- the prepared query -------------------------------------------------------------------


@dataclass
class Prepared:
    """A constraint or target query, rewritten for Oxigraph."""

    prefixes: list[tuple[str, str]]
    select: Select
    variables: list[str]  # the projected variables, in order

    @property
    def sees_types(self) -> bool:
        """Whether a triple pattern could match ``literal rdf:type class`` (which Oxigraph
        cannot hold): its subject is not an IRI and its predicate is ``a``, rdf:type, a
        variable or a path through them.  (Collections and ``[ ... ]``: assumed so.)"""
        rdf_type = {"a", "rdf:type", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"}
        prefixes = dict(self.prefixes)
        if prefixes.get("rdf:", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#>") != (
                "<http://www.w3.org/1999/02/22-rdf-syntax-ns#>"):
            return True
        for toks in _all_triples(self.select):
            if any(t.text in ("[", "(") for t in toks):
                return True
            subject, expect_predicate, predicate = None, False, []
            for t in toks:
                if subject is None:
                    subject, expect_predicate, predicate = t, True, []
                elif t.text == ".":
                    subject = None
                elif t.text == ";":
                    expect_predicate, predicate = True, []
                elif t.text == ",":
                    continue
                elif expect_predicate:
                    predicate.append(t)
                    if t.kind in ("var", "iri", "pname") or t.text == "a":
                        # the path ends at the object: a path's tokens run on while operators join them
                        expect_predicate = _path_continues(toks, t)
                    if not expect_predicate and subject.kind not in ("iri", "pname") and any(
                            p.kind == "var" or p.text in rdf_type for p in predicate):
                        return True
        return False

    def text(self, focus_set: str | None = None) -> str:
        """The query; with ``focus_set`` (the name of a set in the working store), run for its members as ``$this``."""
        head = None
        if focus_set is not None:
            head = f"GRAPH <{SETS_GRAPH}> {{ <{focus_set}> <{MEMBER}> ?this }}"
        body = _Writer(head).select(self.select, outer=True)
        return "".join(f"PREFIX {p} {i}\n" for p, i in self.prefixes) + body


def _all_triples(obj):
    """The token lists of every triples block, in groups, sub-selects and EXISTS alike."""
    if isinstance(obj, Select):
        yield from _all_triples(obj.where)
        for item in obj.projection:
            if item[0] == "expr":
                yield from _all_triples(item[1])
    elif isinstance(obj, Group):
        for el in obj.elements:
            if el[0] == "triples":
                yield el[1]
            elif el[0] in ("optional", "group", "select"):
                yield from _all_triples(el[1])
            elif el[0] == "union":
                for branch in el[1]:
                    yield from _all_triples(branch)
            elif el[0] in ("filter", "bind"):
                yield from _all_triples(el[1])
    elif isinstance(obj, Expr):
        if obj.group is not None:
            yield from _all_triples(obj.group)
        for a in obj.args:
            yield from _all_triples(a)


def _path_continues(toks: list[Tok], t: Tok) -> bool:
    """Whether the predicate path goes on after token ``t`` (a path operator follows)."""
    i = next(i for i, x in enumerate(toks) if x is t)
    following = toks[i + 1] if i + 1 < len(toks) else None
    if following is not None and following.text in ("*", "+", "?"):
        following = toks[i + 2] if i + 2 < len(toks) else None
    return following is not None and following.text in ("/", "|")


def prepare(text: str, prebound: bool) -> Prepared:
    """Parse and check a query; ``prebound`` when pyshacl binds ``$this``."""
    tokens = tokenize(text)
    prefixes, select = _Parser(tokens).query()
    for tok in tokens:
        if tok.kind == "name" and tok.upper not in _NAMES:
            raise UnsupportedSparql(f"{tok.text} is not run by this engine")
    _check_select(select)
    variables = [item[1] if item[0] == "var" else item[2] for item in select.projection]
    if "failure" in variables:
        raise UnsupportedSparql("?failure results are not supported")
    if prebound:
        if "this" not in variables:
            raise UnsupportedSparql("the query does not project $this")
        _check_prebinding(select.where, "this", outer=True)
    elif "this" not in variables:
        raise UnsupportedSparql("a target query must project ?this")
    for name in ("shapesGraph", "currentShape", "PATH"):
        if _mentions(select, name):
            raise UnsupportedSparql(f"${name} is not supported")
    return Prepared(prefixes, select, variables)


# --- rdflib's meaning, as Oxigraph custom functions ---------------------------------------


class RdflibSum:
    """rdflib's SUM: its type promotion, and its error on a non-number (which fails the query)."""

    def __init__(self) -> None:
        self.value, self.datatype = 0, None

    def accumulate(self, term) -> None:  # as rdflib.plugins.sparql.aggregates.Sum.update
        value = to_rdflib(term)
        self.datatype = value.datatype if self.datatype is None else type_promotion(self.datatype, value.datatype)
        self.value = sum(type_safe_numbers(self.value, numeric(value)))

    def finish(self):
        return to_ox(Literal(self.value, datatype=self.datatype))


def _relation(op: str):
    def call(a, b):
        try:
            result = RelationalExpression(SimpleNamespace(expr=to_rdflib(a), other=to_rdflib(b), op=op), None)
        except SPARQLError:
            return None
        return to_ox(result)
    return call


def custom_functions() -> dict:
    return {ox.NamedNode(FN + name): _relation(op) for op, name in _OPS.items()}


def custom_aggregates() -> dict:
    return {ox.NamedNode(FN + "sum"): RdflibSum}


__all__ = ["Prepared", "UnsupportedSparql", "custom_aggregates", "custom_functions", "prepare", "URIRef"]
