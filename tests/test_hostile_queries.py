"""Hostile queries: ``smkg query`` only reads, binds parameters as RDF terms, keeps to the store, and stops.

Parameters with quotes, braces, ``DROP ALL``, newlines, ``#`` or IRIs with ``>`` are bound as terms (a
``VALUES`` block written by the store library) or refused with a message naming the parameter, exit 2, and
the store is the same byte for byte afterwards.  ``SERVICE`` and ``LOAD`` are refused unless allowed,
however written; any SPARQL Update is refused.  A pathological query is stopped at ``--timeout`` with a
clear message, exit 2, and no traceback; a query nested too deeply is an error, not a crash."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from graph import iris
from graph.cli import app
from graph.parameters import Parameter, ParameterError, to_term, with_values
from graph.queries import (
    QueryError,
    QueryTimeout,
    check_local,
    check_read_only,
    load_query,
    parse_query,
    query_from_file,
    query_names,
    run_named,
    run_query,
)
from graph.reference import reference_graph
from graph.remote import Endpoint
from graph.store import Store

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tables" / "store.trig"
SMKG = "https://w3id.org/smkg/def#"
runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The tables fixture with the real reference data, in a store as `smkg build` leaves it."""
    directory = tmp_path_factory.mktemp("hostile-store")
    st_ = Store(directory)
    try:
        st_.replace_graph(str(iris.REFERENCE_GRAPH), reference_graph())
        st_.db.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    finally:
        st_.close()
    return directory


def fingerprint(store_dir: Path) -> str:
    db = ox.Store.read_only(str(store_dir / "db"))
    try:
        return hashlib.sha256(db.dump(format=ox.RdfFormat.N_QUADS)).hexdigest()
    finally:
        del db


def own(tmp_path: Path, text: str, name: str = "own.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- parameters: bound as terms, or refused by name -------------------------------------

HOSTILE_TEXT = [
    'b.txt" } ; DROP ALL ; #',
    "b.txt' } DROP ALL { '",
    'x"""} DROP ALL {"""',
    "a\n} DROP ALL {\n#",
    "# not a comment",
    "}} INSERT DATA { <a:b> <a:c> <a:d> } {{",
    "\\\" } DROP ALL #",
    "<http://example.org/a> ?p ?o",
    "\u2028\u0000\r\n\t",
]


@pytest.mark.parametrize("value", HOSTILE_TEXT)
def test_a_hostile_string_is_bound_as_a_literal(store, value):
    """?source is a string: the value is one literal, which matches no file name; nothing else happens."""
    before = fingerprint(store)
    assert run_query("sources", store, source=value) == []
    assert run_query("mentions", store, source=value) == []
    assert fingerprint(store) == before


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_comes_back_as_the_same_literal(text):
    """The VALUES block holds exactly the user's text, whatever it holds."""
    query = "SELECT ?v WHERE { BIND(1 AS ?one) }"
    bound = with_values(query, {"v": to_term(Parameter("v", "", "string"), text)})
    [solution] = list(ox.Store().query(bound))
    assert solution["v"] == ox.Literal(text)


@pytest.mark.parametrize(("name", "param", "value"), [
    ("evidence", "node", "http://example.org/a b"),
    ("evidence", "node", "http://example.org/a> } DROP ALL { <b"),
    ("evidence", "node", "<http://example.org/a>"),
    ("evidence", "node", "http://example.org/{a}"),
    ("evidence", "node", 'http://example.org/"a"'),
    ("evidence", "node", "http://example.org/a\nDROP ALL"),
    ("evidence", "node", "http://example.org/%zz"),
    ("evidence", "node", "http://example.org/a#b#c"),
    ("evidence", "node", "DROP ALL"),
    ("evidence", "node", "http://example.org/\udcff"),
    ("in-force", "document", 'TMAD" } DROP ALL #'),
    ("in-force", "on", "2021-11-05\" } DROP ALL #"),
    ("in-force", "on", "2021-13-45"),
    ("consultations-by", "year", "2021 } DROP ALL {"),
    ("consultations-by", "year", "9" * 40),
    ("touching", "uplift", "2.2 } DROP ALL {"),
    ("versions", "document", "x\udcff"),
])
def test_a_hostile_value_of_a_typed_parameter_is_refused_naming_it(store, name, param, value):
    params = {param: value}
    if name == "in-force" and param == "on":
        params["document"] = "TMAD"
    before = fingerprint(store)
    with pytest.raises(QueryError, match=rf"query {name}: {param}\b"):
        run_query(name, store, **params)
    assert fingerprint(store) == before


def test_a_lone_surrogate_in_a_string_is_refused_naming_it():
    with pytest.raises(ParameterError, match="^s: "):
        to_term(Parameter("s", "", "string"), "a\udcffb")


@pytest.mark.parametrize("pair", [
    "node=http://example.org/a> } DROP ALL { <b",
    "node=http://example.org/a b",
    "x} DROP ALL {=1",
    "node",
])
def test_hostile_parameters_on_the_command_line_exit_2(store, pair):
    before = fingerprint(store)
    result = invoke("query", "evidence", "--store", store, "--param", pair)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and "Traceback" not in result.output
    assert "node" in result.stderr or "NAME=VALUE" in result.stderr or "has no parameter x}" in result.stderr
    assert fingerprint(store) == before


def test_a_hostile_string_on_the_command_line_is_a_literal(store):
    before = fingerprint(store)
    result = invoke("query", "sources", "--store", store, "--param", 'source=b.txt" } ; DROP ALL ; #')
    assert result.exit_code == 0 and result.stdout == "source,title,date,author,kind\n", result.output
    assert fingerprint(store) == before


# --- SERVICE and LOAD: refused unless allowed, however written ---------------------------

REMOTE = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/sparql> } SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c { SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } } }",
    "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?a ?b ?c FILTER EXISTS { SERVICE <http://127.0.0.1:9/sparql> { ?a ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o .SERVICE<http://127.0.0.1:9/sparql>{ ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c\nSERVICE\n<http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c FILTER(?a<1||EXISTS{SERVICE<http://127.0.0.1:9/sparql>{?s ?p ?o}}||?b>0) }",
    'SELECT * WHERE { ?a ?b "x\\"" SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }',
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "LOAD SILENT <http://127.0.0.1:9/data.ttl>",
    "LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <http://example.org/g>",
    "load <file:///etc/passwd> into graph <http://example.org/g>",
    r"SELECT * WHERE { SERVIC\u0045 <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",  # some servers decode it
    r"\u004cOAD <http://127.0.0.1:9/data.ttl>",
]


@pytest.mark.parametrize("text", REMOTE)
def test_service_and_load_are_refused_however_written(text):
    with pytest.raises(QueryError, match="refused unless --allow-remote"):
        check_local(text)


@pytest.mark.parametrize("text", [
    "SELECT ?service ?load WHERE { ?service ?load ?o }",
    "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:load ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:service ?o . ?s ex:my-load ?o }",
    'SELECT * WHERE { ?s ?p "SERVICE <x> { }" } # LOAD <y>',
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "SELECT * WHERE { ?s ?p '''\nLOAD <x>\n''' }",
    r'SELECT * WHERE { ?s ?p "\u0053ERVICE \u0044ROP" }',
])
def test_the_words_as_names_strings_iris_or_comments_are_not_refused(text):
    check_local(text)
    check_read_only(text)


@pytest.mark.parametrize("text", REMOTE[:12])
def test_a_service_query_from_a_file_exits_2_without_reaching_out(store, tmp_path, text):
    result = invoke("query", "--file", own(tmp_path, text), "--store", store)
    assert result.exit_code == 2 and "refused unless --allow-remote" in result.stderr, result.output


# --- smkg query only reads ------------------------------------------------------------

UPDATES = [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "insert data { graph <http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 } }",
    "DELETE DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "DROP ALL",
    "drop silent graph <https://w3id.org/smkg/graph/reference>",
    "CLEAR DEFAULT",
    "CLEAR ALL",
    "CREATE GRAPH <http://example.org/g>",
    "LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <http://example.org/g>",
    "COPY DEFAULT TO <http://example.org/g>",
    "MOVE <https://w3id.org/smkg/graph/reference> TO DEFAULT",
    "ADD <https://w3id.org/smkg/graph/reference> TO <http://example.org/g>",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "PREFIX ex: <http://example.org/>\n# a comment\nDELETE { ?s ?p ?o } WHERE { ?s ex:p ?o }",
    r"DR\u004FP ALL",
]


@pytest.mark.parametrize("text", UPDATES)
def test_an_update_from_a_file_is_refused(store, tmp_path, text):
    before = fingerprint(store)
    for extra in ([], ["--allow-remote"]):
        result = invoke("query", "--file", own(tmp_path, text), "--store", store, *extra)
        assert result.exit_code == 2, result.output
        assert "a SPARQL Update" in result.stderr and "only reads" in result.stderr, result.stderr
    assert fingerprint(store) == before


def test_an_update_with_a_header_is_refused(store, tmp_path):
    text = "# Question: Drop?\n# Parameters: none\n# Columns: s\n# Lists: none\nDROP ALL\n"
    before = fingerprint(store)
    result = invoke("query", "--file", own(tmp_path, text), "--store", store)
    assert result.exit_code == 2 and "DROP, a SPARQL Update" in result.stderr, result.output
    with pytest.raises(QueryError, match="SPARQL Update"):
        run_named(parse_query("drop", text), store)
    assert fingerprint(store) == before


def test_an_update_is_refused_before_a_server_is_asked():
    endpoint = Endpoint("http://127.0.0.1:9/sparql")  # nothing listens there: asking it would be another error
    query = parse_query("drop", "# Question: Drop?\n# Parameters: none\n# Columns: s\n# Lists: none\n"
                                "DELETE WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryError, match="SPARQL Update"):
        run_named(query, None, endpoint=endpoint)


def test_our_queries_read_only(store):
    for name in query_names():
        check_read_only(load_query(name).text, name)
        check_local(load_query(name).text)


# --- stopping: a deadline, and no recursion ---------------------------------------------

CHAIN = 100_000
EXPLODING = (f"PREFIX smkg: <{SMKG}>\n"
             "SELECT ?a ?b WHERE { GRAPH ?g { ?a (smkg:previousVersion|^smkg:previousVersion)* ?b } }\n")


@pytest.fixture(scope="module")
def chain(tmp_path_factory) -> Path:
    """A store holding one chain of 100,000 smkg:previousVersion links."""
    directory = tmp_path_factory.mktemp("chain")
    db = ox.Store(str(directory / "db"))
    previous, graph = ox.NamedNode(SMKG + "previousVersion"), ox.NamedNode(str(iris.source_graph("chain.txt")))
    version = "https://w3id.org/smkg/id/version/chain/{}".format
    db.bulk_extend(ox.Quad(ox.NamedNode(version(i + 1)), previous, ox.NamedNode(version(i)), graph)
                   for i in range(CHAIN))
    db.flush()
    del db
    return directory


def test_a_pathological_path_is_stopped_at_the_deadline(chain, tmp_path):
    query = query_from_file(own(tmp_path, EXPLODING, "explode.rq"))
    started = time.perf_counter()
    with pytest.raises(QueryTimeout, match=r"^query explode stopped after 1 s; narrow it"):
        run_named(query, chain, timeout=1)
    assert time.perf_counter() - started < 120  # stopped, not left to run: the path alone would take hours


def test_the_command_stops_it_with_exit_2_and_no_traceback(chain, tmp_path):
    result = invoke("query", "--file", own(tmp_path, EXPLODING, "explode.rq"), "--store", chain, "--timeout", "1.5")
    assert result.exit_code == 2, result.output
    assert result.stderr == "error: query explode stopped after 1.5 s; narrow it (or give a longer --timeout)\n"
    assert "Traceback" not in result.output


def test_a_long_chain_followed_in_time_answers(chain, tmp_path):
    text = (f"PREFIX smkg: <{SMKG}>\nSELECT (COUNT(?b) AS ?n) WHERE {{ GRAPH ?g {{ "
            f"<https://w3id.org/smkg/id/version/chain/{CHAIN}> smkg:previousVersion* ?b }} }}\n")
    result = invoke("query", "--file", own(tmp_path, text, "count.rq"), "--store", chain, "--timeout", "60")
    assert result.exit_code == 0 and result.stdout == f"n\n{CHAIN + 1}\n", result.output


def test_a_negative_timeout_is_a_usage_error(store):
    assert invoke("query", "sources", "--store", store, "--timeout", "-1").exit_code == 2


def test_the_worker_answers_as_this_process_does(store):
    for name in query_names():
        if any(p.required for p in load_query(name).parameters):
            continue
        assert run_query(name, store, timeout=60) == run_query(name, store, timeout=0), name


def test_an_error_in_the_worker_is_a_query_error(store):
    broken = parse_query("broken", "# Question: ?\n# Parameters: none\n# Columns: s\n# Lists: none\n"
                                   "SELECT ?s WHERE { ?s ?p }\n")
    with pytest.raises(QueryError, match="invalid SPARQL"):
        run_named(broken, store, timeout=30)


def test_a_query_nested_too_deeply_for_rdflib_is_an_error(store, tmp_path):
    depth = 5000
    path = own(tmp_path, "SELECT ?s WHERE { ?s ?p ?o FILTER(" + "(" * depth + "1" + ")" * depth + ") }\n")
    with pytest.raises(QueryError, match="nested too deeply"):
        query_from_file(path)
    result = invoke("query", "--file", path, "--store", store)
    assert result.exit_code == 2 and "nested too deeply" in result.stderr and "Traceback" not in result.output


def test_a_query_that_overflows_the_stores_stack_kills_the_worker_not_smkg(store):
    """Oxigraph's reader recurses in Rust: deep enough, it overflows its stack.  Only the worker dies (or,
    should Oxigraph one day count its depth, the query is refused)."""
    depth = 200_000
    deep = parse_query("deep", "# Question: ?\n# Parameters: none\n# Columns: s\n# Lists: none\n"
                               "SELECT ?s WHERE { ?s ?p ?o FILTER(" + "(" * depth + "1" + ")" * depth + ") }\n")
    with pytest.raises(QueryError, match=r"query deep: the query process died without an answer|invalid SPARQL"):
        run_named(deep, store, timeout=60)


# --- a store edited by hand -------------------------------------------------------------


@pytest.mark.parametrize("damage", ["tables", "current", "empty"])
@pytest.mark.parametrize("timeout", ["60", "0"])
def test_a_damaged_store_is_an_error_not_a_traceback(store, tmp_path, damage, timeout):
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    db = copy / "db"
    if damage == "tables":
        tables = sorted(db.glob("*.sst"))
        assert tables, "the store has no table file to damage"
        for path in tables:
            with path.open("r+b") as f:
                f.seek(64)
                f.write(b"edited by hand" * 8)
    elif damage == "current":
        (db / "CURRENT").write_text("MANIFEST-999999\n", encoding="utf-8")
    else:
        shutil.rmtree(db)
        db.mkdir()
    result = invoke("query", "sources", "--store", copy, "--timeout", timeout)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: cannot open the store in {copy}: "), result.stderr
    assert "Traceback" not in result.output
