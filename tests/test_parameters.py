"""Query parameters: declared in the header with a type, read from what a user
types into a typed RDF term, and substituted (never pasted into the query)."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest

from graph.parameters import Parameter, ParameterError, parse_parameter, to_term
from graph.queries import QueryError, bind, check_local, parse_params, parse_query

ID = "https://w3id.org/smkg/id/"


def test_a_header_line_gives_type_default_and_whether_required():
    required = parse_parameter("?document <document>  the document, by name")
    assert (required.name, required.type, required.default, required.optional, required.required) == (
        "document", "document", None, False, True)
    defaulted = parse_parameter("?on <date = today>  the day")
    assert (defaulted.default, defaulted.required, defaulted.signature()) == ("today", False, "on <date = today>")
    optional = parse_parameter("?year <integer?>  only this year")
    assert optional.optional and not optional.required and optional.signature() == "year <integer?>"


@pytest.mark.parametrize("line", [
    "?document  the document",            # no type
    "?document <colour>  the document",   # unknown type
    "?on <date = yesterday>  the day",    # a default its type cannot read
    "document <document>  no question mark",
])
def test_bad_header_lines_are_refused(line):
    with pytest.raises(ParameterError):
        parse_parameter(line)


@pytest.mark.parametrize(("type_", "text", "term"), [
    ("string", 'He said "DROP ALL" }', ox.Literal('He said "DROP ALL" }')),
    ("integer", "2021", ox.Literal("2021", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    ("date", "2021-11-05", ox.Literal("2021-11-05", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))),
    ("iri", "id:document/tmad", ox.NamedNode(ID + "document/tmad")),
    ("document", "TMAD", ox.NamedNode(ID + "document/tmad")),
    ("document", "Transition and Migration Approach Document", ox.NamedNode(ID + "document/tmad")),
    ("organisation", "DCC", ox.NamedNode(ID + "organisation/dcc")),
    ("cohort", "MOC (MDS)", ox.NamedNode(ID + "cohort/moc-mds")),
    ("uplift", "Uplift 2.2", ox.NamedNode(ID + "uplift/2.2")),
], ids=lambda v: str(v)[:30])
def test_values_become_typed_terms(type_, text, term):
    assert to_term(Parameter("x", "x", type_), text) == term


def test_today_is_today():
    p = Parameter("on", "the day", "date", "today", False)
    assert to_term(p, "today", today=dt.date(2026, 1, 2)).value == "2026-01-02"
    assert to_term(p, "2021-01-01", today=dt.date(2026, 1, 2)).value == "2021-01-01"


@pytest.mark.parametrize(("type_", "text", "says"), [
    ("integer", "2021; DROP ALL", "whole number"),
    ("date", "5 November 2021", "YYYY-MM-DD"),
    ("date", "2021-02-30", "not a day of the calendar"),
    ("iri", "https://example.org/a> } ; DROP ALL {", "absolute IRI"),
    ("iri", "not an iri", "absolute IRI"),
    ("document", "Nonsense Document", "no document is called"),
    ("uplift", "two point two", "uplift by number"),
])
def test_ill_typed_values_are_refused_with_the_reason(type_, text, says):
    with pytest.raises(ParameterError, match=says):
        to_term(Parameter("x", "x", type_), text)


QUERY = parse_query("in-force-test", """# Question: Which version was in force?
# Parameters:
#   ?document <document>  the document
#   ?on <date = today>  the day
# Columns: version
# Lists: none
SELECT ?version WHERE { GRAPH ?g { ?d ?p ?version } } ORDER BY ?version
""")


def test_binding_names_the_query_and_its_parameters_when_something_is_missing_or_wrong():
    with pytest.raises(QueryError, match=r"query in-force-test: \?document is required \(parameters: "
                                         r"document <document>, on <date = today>\)"):
        bind(QUERY, {})
    with pytest.raises(QueryError, match="has no parameter colour"):
        bind(QUERY, {"document": "TMAD", "colour": "red"})
    with pytest.raises(QueryError, match="in-force-test: on must be a day"):
        bind(QUERY, {"document": "TMAD", "on": "yesterday"})
    terms = bind(QUERY, {"document": "TMAD"})
    assert terms["document"] == ox.NamedNode(ID + "document/tmad") and terms["on"].value == dt.date.today().isoformat()


def test_param_pairs():
    assert parse_params(["document=TMAD", "?on=2021-11-05", "q=a=b"]) == {
        "document": "TMAD", "on": "2021-11-05", "q": "a=b"}
    with pytest.raises(QueryError):
        parse_params(["document"])
    with pytest.raises(QueryError):
        parse_params(["a=1", "a=2"])


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * where { service <http://example.org/sparql> { ?s ?p ?o } }",
    "LOAD <http://example.org/data.ttl>",
])
def test_service_and_load_are_refused_unless_allowed(text):
    with pytest.raises(QueryError, match="refused unless --allow-remote"):
        check_local(text)
    check_local(text, allow_remote=True)


def test_the_words_in_strings_iris_and_comments_are_not_service_or_load():
    check_local('# SERVICE in a comment\nSELECT ?s WHERE { ?s <http://x/LOAD> "SERVICE" } # LOAD')
