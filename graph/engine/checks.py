"""Value checks of SHACL Core, with pyshacl's meaning.

Each check has a SPARQL condition on a value ``?x`` and, where SPARQL cannot
say exactly what pyshacl decides, a Python function that decides as pyshacl
does (on rdflib terms, with pyshacl's own helpers).  The SPARQL condition is
then a *candidate* condition: true for every value that may fail, false only
for values that surely pass (e.g. ``"2021-11-04"^^xsd:date``), so that Python
sees few values.  tests/test_engine.py compares both on many edge cases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from pyshacl.constraints.core.string_based_constraints import StringBasedConstraintBase
from pyshacl.rdfutil.compare import compare_literal
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

X = "?x"  # the value, in the SPARQL conditions below (replaced by the caller's variable)


@dataclass(frozen=True)
class Check:
    component: URIRef
    candidate: str  # SPARQL boolean over ?x: the value may fail
    python: Callable | None  # rdflib term -> True when it fails; None when ``candidate`` is exact
    key: tuple  # identifies the check, for caching Python's answers


def _surely(datatype: URIRef) -> str:
    """A SPARQL condition under which a value surely matches ``datatype`` for pyshacl."""
    dt = f"datatype(?x) = <{datatype}>"
    if datatype == XSD.integer:
        return f"(isLiteral(?x) && {dt} && isNumeric(?x))"
    if datatype == XSD.nonNegativeInteger:
        return f"(isLiteral(?x) && {dt} && isNumeric(?x) && ?x >= 0)"
    if datatype == XSD.positiveInteger:
        return f"(isLiteral(?x) && {dt} && isNumeric(?x) && ?x >= 1)"
    if datatype == XSD.boolean:
        return f'(isLiteral(?x) && {dt} && (STR(?x) = "true" || STR(?x) = "false"))'
    if datatype == XSD.date:
        return (f'(isLiteral(?x) && {dt} && REGEX(STR(?x), "^[0-9]{{4}}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")'
                f' && !STRSTARTS(STR(?x), "0000") && COALESCE(STR(<{XSD.date}>(STR(?x))) = STR(?x), false))')
    if datatype == XSD.gYearMonth:
        return f'(isLiteral(?x) && {dt} && REGEX(STR(?x), "^[0-9]{{4}}-(0[1-9]|1[0-2])$"))'
    return "false"


def datatype_check(dtype: URIRef) -> Check:
    comp = SH.DatatypeConstraintComponent
    if dtype == XSD.string:
        return Check(comp, f"!(isLiteral(?x) && datatype(?x) = <{XSD.string}>)", None, ("datatype", dtype))
    if dtype == RDF.langString:
        return Check(comp, '!(isLiteral(?x) && LANG(?x) != "")', None, ("datatype", dtype))
    return Check(comp, f"!{_surely(dtype)}", lambda v: not datatype_matches(v, dtype), ("datatype", dtype))


def datatype_matches(v, dtype_rule: URIRef) -> bool:
    """pyshacl's DatatypeConstraintComponent.evaluate, for one value."""
    if not isinstance(v, Literal):
        return False
    datatype, lang = v.datatype, v.language
    if datatype == dtype_rule:
        return False if getattr(v, "ill_typed", None) is True else _actual(v, dtype_rule)
    if dtype_rule == RDFS.Literal:
        return True
    if dtype_rule == RDFS.Datatype and datatype:
        return True
    if datatype is None and lang is None and dtype_rule == XSD.string:
        return _actual(v, dtype_rule)
    if dtype_rule == RDF.langString and lang:
        return _actual(v, dtype_rule)
    return False


def _actual(v: Literal, rule: URIRef) -> bool:
    """pyshacl's DatatypeConstraintComponent._assert_actual_datatype."""
    value = v.value
    kinds = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
             XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}
    return isinstance(value, kinds[rule]) if rule in kinds else True


def class_check(cls: URIRef) -> Check:
    # the closure holds every rdf:type pyshacl's rdf:type/rdfs:subClassOf* walk would find; literals fail
    return Check(SH.ClassConstraintComponent, f"(isLiteral(?x) || NOT EXISTS {{ ?x a <{cls}> }})", None,
                 ("class", cls))


def iri_check() -> Check:
    return Check(SH.NodeKindConstraintComponent, "!isIRI(?x)", None, ("nodeKind", SH.IRI))


def min_length_check(n: int) -> Check:
    # pyshacl measures str(value) (the lexical form), as SPARQL's STRLEN(STR()) does; a blank node fails
    if n == 0:
        return Check(SH.MinLengthConstraintComponent, "false", None, ("minLength", n))
    return Check(SH.MinLengthConstraintComponent, f"(isBlank(?x) || STRLEN(STR(?x)) < {n})", None, ("minLength", n))


def pattern_check(pattern: Literal) -> Check:
    text = str(pattern.value) if pattern.value is not None and len(pattern.value) > 1 else str(pattern)
    matcher = re.compile(text)

    def fails(v) -> bool:
        if isinstance(v, BNode):
            return True
        s = StringBasedConstraintBase.value_node_to_string(v)
        return not (matcher.match(s) or matcher.search(s))
    return Check(SH.PatternConstraintComponent, "true", fails, ("pattern", pattern))


def in_check(values: frozenset) -> Check:
    return Check(SH.InConstraintComponent, "true", lambda v: v not in values, ("in", values))


def min_inclusive_check(m_val: Literal) -> Check:
    """pyshacl's MinInclusiveConstraintComponent._evaluate_min_rule, for one value."""
    min_is_string = isinstance(m_val.value, str)

    def fails(v) -> bool:
        if isinstance(v, (BNode, URIRef)):
            return True
        if not isinstance(v, Literal):
            raise ValueError("Not sure how to compare anything else.")
        v_is_string = isinstance(v.value, str)
        if min_is_string != v_is_string:
            return True
        try:
            return not compare_literal(v, m_val) >= 0
        except (TypeError, NotImplementedError):
            return True
    return Check(SH.MinInclusiveConstraintComponent, "true", fails, ("minInclusive", m_val))


class PairError(Exception):
    """pyshacl stops on comparing a blank node with sh:lessThan(OrEquals)."""


def pair_fails(value, other, or_equal: bool) -> bool:
    """pyshacl's _compare_lt / _compare_ltoe, for one pair: True when a result is due."""
    if isinstance(value, BNode) or isinstance(other, BNode):
        raise PairError("Cannot use sh:lessThan to compare a BlankNode.")
    v, c = value, other
    v_str = isinstance(v, URIRef) or (isinstance(v, Literal) and isinstance(v.value, str))
    c_str = isinstance(c, URIRef) or (isinstance(c, Literal) and isinstance(c.value, str))
    if v_str:
        v = str(v) if isinstance(v, URIRef) else v.value
    if c_str:
        c = str(c) if isinstance(c, URIRef) else c.value
    if v_str != c_str:
        return True
    return not (v <= c if or_equal else v < c)


def pair_surely_ok(or_equal: bool) -> str:
    """A SPARQL condition on ?v and ?c under which pyshacl surely finds no fault:
    both whole numbers (xsd:integer) or both calendar dates, in order."""
    op = "<=" if or_equal else "<"
    ints = (f"(isLiteral(?v) && isLiteral(?c) && datatype(?v) = <{XSD.integer}> && datatype(?c) = <{XSD.integer}>"
            f" && isNumeric(?v) && isNumeric(?c) && ?v {op} ?c)")
    date_v, date_c = _surely(XSD.date).replace("?x", "?v"), _surely(XSD.date).replace("?x", "?c")
    dates = f"({date_v} && {date_c} && ?v {op} ?c)"
    return f"({ints} || {dates})"
