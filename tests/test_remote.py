"""A real SPARQL 1.1 server (``oxigraph serve``): ``smkg push`` loads each named
graph by Graph Store Protocol PUT, a re-push changes nothing, a changed letter
replaces only its own graph, and the named queries give the same tables there
as on the embedded store."""

from __future__ import annotations

import json
import shutil
import urllib.parse
import urllib.request

import pytest
from typer.testing import CliRunner

from graph.build import build
from graph.cli import app
from graph.parameters import with_values
from graph.queries import load_query, query_names, run_named
from graph.remote import PRESETS, Endpoint, local_graphs, remote_counts, select
from graph.resources import corpus_dir

runner = CliRunner()


def invoke(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env)


@pytest.fixture(scope="module")
def pushed(oxigraph_server, corpus_store):
    result = invoke("push", "--endpoint", oxigraph_server, "--preset", "oxigraph", "--store", corpus_store)
    assert result.exit_code == 0, result.output
    return Endpoint.from_options(oxigraph_server, preset="oxigraph")


def test_push_puts_every_graph_and_checks_the_counts(pushed, corpus_store):
    local = {name: data.count(b"\n") for name, data in local_graphs(corpus_store).items()}
    assert len(local) >= 5 and remote_counts(pushed, list(local)) == local


def test_a_second_push_changes_nothing(pushed, corpus_store, oxigraph_server):
    before = remote_counts(pushed, list(local_graphs(corpus_store)))
    again = invoke("push", "--endpoint", oxigraph_server, "--preset", "oxigraph", "--store", corpus_store)
    assert again.exit_code == 0, again.output
    assert remote_counts(pushed, list(before)) == before


@pytest.mark.parametrize("name", query_names())
def test_the_named_queries_give_the_same_table_on_the_server(pushed, corpus_store, name):
    query = load_query(name)
    params = {"document": "TMAD", "node": "https://w3id.org/smkg/id/consultation/dcc/s1sr/2021-09-14",
              "on": "2021-11-05"}
    given = {p.name: params[p.name] for p in query.parameters if p.name in params}
    here = run_named(query, corpus_store, given)
    there = run_named(query, None, given, endpoint=pushed)
    assert there == here


def test_cli_query_on_the_endpoint(pushed, oxigraph_server):
    result = invoke("query", "sources", "--endpoint", oxigraph_server, "--preset", "oxigraph", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [row["source"] for row in json.loads(result.stdout)] == ["000_6923a674670ce851.txt",
                                                                     "004_627c9aacc16d3416.txt"]


def test_a_changed_letter_replaces_only_its_own_graph(oxigraph_server, corpus_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(corpus_store, store)
    letters = tmp_path / "letters"
    letters.mkdir()
    text = (corpus_dir() / "004_627c9aacc16d3416.txt").read_text(encoding="utf-8")
    (letters / "004_627c9aacc16d3416.txt").write_text(text.replace("There were three responses",
                                                                   "There were four responses"), encoding="utf-8")
    build([letters], store, validate=False)
    endpoint = Endpoint.from_options(oxigraph_server, preset="oxigraph")
    other = "https://w3id.org/smkg/graph/source/000_6923a674670ce851.txt"
    before = remote_counts(endpoint, [other])
    assert invoke("push", "--endpoint", oxigraph_server, "--preset", "oxigraph", "--store", store).exit_code == 0
    _, rows = select(
        endpoint, "SELECT ?n WHERE { GRAPH <https://w3id.org/smkg/graph/source/004_627c9aacc16d3416.txt> "
                  "{ ?c <https://w3id.org/smkg/def#responseCount> ?n } }")
    assert [r["n"] for r in rows] == ["4"]
    assert remote_counts(endpoint, [other]) == before
    # put the corpus back for the other tests
    assert invoke("push", "--endpoint", oxigraph_server, "--preset", "oxigraph", "--store", corpus_store).exit_code == 0


def test_a_server_that_is_not_there_is_a_clear_error(corpus_store):
    result = invoke("push", "--endpoint", "http://127.0.0.1:9", "--preset", "oxigraph", "--store", corpus_store)
    assert result.exit_code == 2 and "no answer after 3 tries" in result.stderr


def test_credentials_never_appear_in_messages(corpus_store):
    result = invoke("push", "--endpoint", "http://127.0.0.1:9", "--preset", "oxigraph", "--user", "alice",
                    "--store", corpus_store, env={"SMKG_PASSWORD": "s3cret-pw"})
    assert result.exit_code == 2 and "s3cret-pw" not in result.output + result.stderr


def test_presets_give_each_servers_layout():
    assert PRESETS["oxigraph"].urls("http://h:7878") == ("http://h:7878/query", "http://h:7878/store")
    assert PRESETS["fuseki"].urls("http://h:3030/ds/") == ("http://h:3030/ds/sparql", "http://h:3030/ds/data")
    assert PRESETS["graphdb"].urls("http://h:7200/repositories/smkg") == (
        "http://h:7200/repositories/smkg", "http://h:7200/repositories/smkg/rdf-graphs/service")
    assert PRESETS["virtuoso"].urls("http://h:8890") == ("http://h:8890/sparql",
                                                         "http://h:8890/sparql-graph-crud-auth")


def test_an_unknown_preset_lists_the_known_ones_with_their_base_urls(corpus_store):
    result = invoke("push", "--endpoint", "http://127.0.0.1:9", "--preset", "blazegraph", "--store", corpus_store)
    assert result.exit_code == 2 and "fuseki (base: http://host:3030/DATASET)" in result.stderr


def test_parameters_reach_the_server_as_terms_in_a_values_block():
    import pyoxigraph as ox

    text = 'SELECT ?v WHERE { GRAPH ?g { ?d ?p ?v } FILTER(?v != "WHERE {") } ORDER BY ?v'
    bound = with_values(text, {"d": ox.NamedNode("https://w3id.org/smkg/id/document/tmad"),
                               "q": ox.Literal('a " } DROP ALL { "')})
    assert bound.startswith('SELECT ?v WHERE { VALUES (?d ?q) { (<https://w3id.org/smkg/id/document/tmad> '
                            '"a \\" } DROP ALL { \\"") } ')


# --- the URL layouts of servers that cannot be installed here, against a stub -------------


class _Stub:
    """A small HTTP server on 127.0.0.1 that answers as a SPARQL server laid out
    under ``prefix`` would, and records every request (method, path, graph)."""

    def __init__(self, query_path: str, gsp_path: str) -> None:
        import http.server
        import threading

        stub = self
        self.requests: list[tuple[str, str, str]] = []
        self.graphs: dict[str, int] = {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _record(self) -> tuple[str, dict]:
                url = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(url.query)
                stub.requests.append((self.command, url.path, query.get("graph", [""])[0]))
                return url.path, query

            def do_PUT(self):
                path, query = self._record()
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if path != gsp_path:
                    self.send_error(404)
                    return
                stub.graphs[query["graph"][0]] = body.count(b"\n")
                self.send_response(204)
                self.end_headers()

            def do_POST(self):
                path, _ = self._record()
                form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                if path != query_path or "query" not in form:
                    self.send_error(404)
                    return
                names = [g.strip("<>") for g in form["query"][0].split("VALUES ?g {")[1].split("}")[0].split()]
                rows = [{"g": {"type": "uri", "value": n}, "n": {"type": "literal", "value": str(stub.graphs[n])}}
                        for n in names if n in stub.graphs]
                body = json.dumps({"head": {"vars": ["g", "n"]}, "results": {"bindings": rows}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize(("preset", "base_path", "query_path", "gsp_path"), [
    ("fuseki", "/smkg", "/smkg/sparql", "/smkg/data"),
    ("graphdb", "/repositories/smkg", "/repositories/smkg", "/repositories/smkg/rdf-graphs/service"),
    ("virtuoso", "", "/sparql", "/sparql-graph-crud-auth"),
])
def test_push_follows_each_servers_url_layout(corpus_store, preset, base_path, query_path, gsp_path):
    stub = _Stub(query_path, gsp_path)
    try:
        result = invoke("push", "--endpoint", stub.base + base_path, "--preset", preset, "--store", corpus_store)
        assert result.exit_code == 0, result.output
        graphs = list(local_graphs(corpus_store))
        assert [(m, p, g) for m, p, g in stub.requests if m == "PUT"] == [("PUT", gsp_path, g) for g in graphs]
        assert [(m, p) for m, p, _ in stub.requests if m == "POST"] == [("POST", query_path)]
    finally:
        stub.close()
