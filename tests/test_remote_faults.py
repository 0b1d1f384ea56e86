"""Remote stores fail safely: ``smkg push`` and ``smkg query --endpoint`` against a
real Oxigraph server behind a server of the tests' own that misbehaves on
request (:mod:`faultserver`).

For every fault: a clear error and exit 2 (or success after a bounded number of
tries of a request that is safe to repeat, counted by the fault server), each
graph on the server exactly as it was or exactly as pushed (read back from the
real server), and the credentials nowhere in what smkg says or logs."""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import sys
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from faultserver import FaultServer, refused_url
from typer.testing import CliRunner

from graph import remote
from graph.cli import app
from graph.remote import ATTEMPTS, Endpoint, PushError, RemoteError, local_graphs, push, select

runner = CliRunner()

USER = "alice"
PASSWORD = "pw-Zq9!s3cret"
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
SECRETS = (PASSWORD, TOKEN, f"{USER}:{PASSWORD}")
#: Seconds to wait for an answer: short where the server is made not to answer, else long (a busy machine).
SHORT = 0.5
TIMEOUT = 20.0
NAMES = ("a", "b", "c")
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    """Short pauses between tries (the number of tries is not changed)."""
    monkeypatch.setattr(remote, "PAUSE_S", 0.01)


@pytest.fixture
def faults(oxigraph_server):
    with FaultServer(oxigraph_server) as fs:
        yield fs


@pytest.fixture(scope="module")
def versions(tmp_path_factory, oxigraph_server):
    """Three graphs of these tests' own, in an old and a new version: two stores."""
    folder = tmp_path_factory.mktemp("versions")
    prefix = "https://example.org/smkg-faults/"
    return Versions(prefix, make_store(folder / "old", prefix, "old", 1500),
                    make_store(folder / "new", prefix, "new", 1700), oxigraph_server)


@pytest.fixture
def graphs(versions):
    """The old version on the server, as each test starts."""
    push(versions.old, Endpoint.from_options(versions.server, preset="oxigraph"))
    assert versions.on_server() == versions.version("old")
    return versions


class Versions:
    def __init__(self, prefix: str, old: Path, new: Path, server: str) -> None:
        self.prefix, self.old, self.new, self.server = prefix, old, new, server
        self.names = [prefix + n for n in NAMES]
        self.local = {"old": _triples(old), "new": _triples(new)}

    def on_server(self) -> dict[str, str]:
        """Which version of each graph the real server holds: 'old' or 'new', exactly, else fail."""
        held = {}
        for name in self.names:
            there = remote_triples(self.server, name)
            versions = [v for v, triples in self.local.items() if triples[name] == there]
            assert versions, f"{name} on the server is neither the old nor the new version: a mixture " \
                             f"({len(there)} triples)"
            held[name] = versions[0]
        return held

    def version(self, tag: str) -> dict[str, str]:
        return {name: tag for name in self.names}


def make_store(folder: Path, prefix: str, tag: str, size: int) -> Path:
    """A store as ``smkg build`` leaves it (``db``), with the graphs ``prefix``a, b, c: ``size`` triples each."""
    folder.mkdir(parents=True)
    db = ox.Store(str(folder / "db"))
    db.extend(ox.Quad(ox.NamedNode(f"https://example.org/s/{i}"), ox.NamedNode("https://example.org/p"),
                      ox.Literal(f"{tag} {name} {i}"), ox.NamedNode(prefix + name))
              for name in NAMES for i in range(size))
    db.flush()
    del db
    return folder


def _triples(store: Path) -> dict[str, frozenset[str]]:
    return {name: frozenset(data.decode().splitlines()) for name, data in local_graphs(store).items()}


def remote_triples(server: str, name: str) -> frozenset[str]:
    """The graph as the real server holds it (Graph Store Protocol GET, N-Triples)."""
    request = urllib.request.Request(f"{server}/store?{urllib.parse.urlencode({'graph': name})}",
                                     headers={"Accept": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return frozenset(answer.read().decode().splitlines())
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return frozenset()
        raise


def invoke(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def push_cli(fs: FaultServer, store: Path, *extra, env=None, timeout=TIMEOUT):
    return invoke("push", "--endpoint", fs.base, "--preset", "oxigraph", "--store", store, "--timeout", timeout,
                  *extra, env=env)


def query_cli(base: str, *extra, env=None, timeout=TIMEOUT):
    return invoke("query", "sources", "--endpoint", base, "--preset", "oxigraph", "--format", "json",
                  "--timeout", timeout, *extra, env=env)


def endpoint(base: str, timeout: float = TIMEOUT, **kw) -> Endpoint:
    return Endpoint.from_options(base, preset="oxigraph", timeout=timeout, **kw)


def puts_of(fs: FaultServer, name: str) -> int:
    return sum(1 for s in fs.seen if s.method == "PUT" and s.graph == name)


def error_line(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output, result.stderr)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


# --- connection refused, reset, no answer --------------------------------------------------


def test_push_to_a_closed_port(graphs):
    url = refused_url()
    result = invoke("push", "--endpoint", url, "--preset", "oxigraph", "--store", graphs.new, "--timeout", TIMEOUT)
    err = error_line(result)
    assert f"no answer after {ATTEMPTS} tries (connection refused)" in err
    assert f"Pushed 0 of 3 graphs; not pushed: {graphs.names[0]}" in err and "and 2 more, as before" in err
    assert graphs.on_server() == graphs.version("old")


def test_query_to_a_closed_port():
    err = error_line(query_cli(refused_url()))
    assert f"no answer after {ATTEMPTS} tries (connection refused)" in err


def test_connections_reset_then_accepted(graphs, faults):
    faults.plan("reset", method="PUT", times=ATTEMPTS - 1)
    result = push_cli(faults, graphs.new)
    assert result.exit_code == 0, result.stderr
    assert puts_of(faults, graphs.names[0]) == ATTEMPTS and faults.attempts("PUT") == ATTEMPTS + 2
    assert graphs.on_server() == graphs.version("new")


def test_push_to_a_server_that_does_not_answer(graphs, faults):
    faults.plan("hang", method="PUT", times=ATTEMPTS, seconds=10)
    started = time.monotonic()
    err = error_line(push_cli(faults, graphs.new, timeout=SHORT))
    assert time.monotonic() - started < ATTEMPTS * SHORT + 5
    assert f"no answer after {ATTEMPTS} tries (timed out: nothing within {SHORT:g} s)" in err
    assert faults.attempts("PUT") == ATTEMPTS
    assert graphs.on_server() == graphs.version("old")


def test_query_to_a_server_that_does_not_answer(faults):
    faults.plan("hang", method="POST", times=ATTEMPTS, seconds=10)
    started = time.monotonic()
    err = error_line(query_cli(faults.base, timeout=SHORT))
    assert time.monotonic() - started < ATTEMPTS * SHORT + 5
    assert f"timed out: nothing within {SHORT:g} s" in err and faults.attempts("POST") == ATTEMPTS


def test_a_query_answered_on_the_second_try(faults):
    faults.plan("hang", method="POST", times=1, seconds=10)
    result = query_cli(faults.base, timeout=SHORT * 6)
    assert result.exit_code == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)
    assert faults.attempts("POST") == 2


def test_the_timeout_must_be_above_zero():
    with pytest.raises(RemoteError, match="above 0"):
        Endpoint.from_options("http://127.0.0.1:9", timeout=0)


# --- 5xx: bounded tries of what is safe to repeat ------------------------------------------


@pytest.mark.parametrize("code", [500, 503])
def test_push_recovers_from_a_5xx(graphs, faults, code):
    faults.plan("status", method="PUT", times=ATTEMPTS - 1, code=code)
    result = push_cli(faults, graphs.new)
    assert result.exit_code == 0, result.stderr
    assert puts_of(faults, graphs.names[0]) == ATTEMPTS
    assert graphs.on_server() == graphs.version("new")


@pytest.mark.parametrize("code", [500, 503])
def test_push_gives_up_after_the_documented_tries(graphs, faults, code):
    faults.plan("status", method="PUT", times=100, code=code, body=f"overloaded {code}")
    err = error_line(push_cli(faults, graphs.new))
    assert faults.attempts("PUT") == ATTEMPTS == puts_of(faults, graphs.names[0])
    assert faults.attempts("POST") == 0  # no check of a push that stopped
    assert f"{code} " in err and f"after {ATTEMPTS} tries: overloaded {code}" in err
    assert graphs.on_server() == graphs.version("old")


def test_a_push_failing_half_way_says_which_graphs_were_pushed(graphs, faults):
    faults.plan("delay", method="PUT", times=1).plan("status", method="PUT", times=100, code=503)
    with pytest.raises(PushError) as caught:
        push(graphs.new, endpoint(faults.base))
    a, b, c = graphs.names
    assert caught.value.pushed == [a] and caught.value.not_pushed == [b, c]
    message = str(caught.value)
    assert f"Pushed 1 of 3 graphs ({a}); not pushed: {b} (on the server as before or as pushed" in message
    assert f"and 1 more, as before ({c})" in message and "Each graph on the server is whole" in message
    assert graphs.on_server() == {a: "new", b: "old", c: "old"}
    assert faults.attempts("PUT") == 1 + ATTEMPTS


@pytest.mark.parametrize("code", [500, 503])
def test_query_recovers_from_a_5xx_then_gives_up(faults, code):
    faults.plan("status", method="POST", times=ATTEMPTS - 1, code=code)
    assert query_cli(faults.base).exit_code == 0 and faults.attempts("POST") == ATTEMPTS
    faults.clear()
    faults.plan("status", method="POST", times=100, code=code)
    err = error_line(query_cli(faults.base))
    assert f"{code}" in err and f"after {ATTEMPTS} tries" in err and faults.attempts("POST") == ATTEMPTS


@pytest.mark.parametrize("fault", [{"kind": "status", "code": 503}, {"kind": "hang", "seconds": 60},
                                   {"kind": "drop_upload"}])
def test_a_post_that_is_not_idempotent_is_sent_once(faults, fault):
    faults.plan(method="POST", times=100, **fault)
    with pytest.raises(RemoteError) as caught:
        remote._request(faults.base + "/update", "POST", endpoint(faults.base, SHORT), data=b"INSERT DATA {}" * 100,
                        headers={"Content-Type": "application/sparql-update"})
    assert faults.attempts("POST") == 1
    assert "after" not in str(caught.value) or "not sent again" in str(caught.value)


def test_a_post_said_to_be_idempotent_is_tried_again(faults):
    faults.plan("status", method="POST", times=100, code=503)
    with pytest.raises(RemoteError, match=f"after {ATTEMPTS} tries"):
        remote._request(faults.base + "/query", "POST", endpoint(faults.base), data=b"query=ASK%7B%7D",
                        headers={"Content-Type": "application/x-www-form-urlencoded"}, idempotent=True)
    assert faults.attempts("POST") == ATTEMPTS


def test_a_4xx_is_not_tried_again(graphs, faults):
    faults.plan("status", method="PUT", times=100, code=400, body="bad graph")
    err = error_line(push_cli(faults, graphs.new))
    assert "400 Bad Request: bad graph" in err and faults.attempts("PUT") == 1


# --- answers cut short ---------------------------------------------------------------------


def test_a_query_answer_shorter_than_its_length(faults):
    faults.plan("short_length", method="POST", times=100)
    err = error_line(query_cli(faults.base))
    assert "the answer stopped short" in err and faults.attempts("POST") == ATTEMPTS


@pytest.mark.parametrize("kind", ["short_json", "not_results"])
def test_a_query_answer_that_is_not_whole_json_results(faults, kind):
    faults.plan(kind, method="POST", times=100)
    err = error_line(query_cli(faults.base))
    assert "the answer is incomplete or not SPARQL JSON results" in err
    assert faults.attempts("POST") == 1  # the server said 200: asking again gets the same


def test_a_push_whose_check_gets_a_cut_answer(graphs, faults):
    faults.plan("short_json", method="POST", times=100)
    err = error_line(push_cli(faults, graphs.new))
    assert "all 3 graphs were pushed, but the check of what the server holds failed" in err
    assert "incomplete or not SPARQL JSON results" in err
    assert graphs.on_server() == graphs.version("new")


# --- the connection dropped during the upload ----------------------------------------------


@pytest.mark.parametrize("kind", ["drop_upload", "proxy_cut"])
def test_an_upload_dropped_half_way_is_sent_again(graphs, faults, kind):
    faults.plan(kind, method="PUT", times=1)
    result = push_cli(faults, graphs.new)
    assert result.exit_code == 0, result.stderr
    first = faults.seen[0]
    assert first.fault == kind and 0 < first.body_read < first.body_length
    assert puts_of(faults, graphs.names[0]) == 2
    assert graphs.on_server() == graphs.version("new")


@pytest.mark.parametrize("kind", ["drop_upload", "proxy_cut"])
def test_an_upload_always_dropped_leaves_the_old_graph_whole(graphs, faults, kind):
    """``proxy_cut``: the real server got half the graph, then the connection went: it keeps the old one."""
    faults.plan("delay", method="PUT", times=1).plan(kind, method="PUT", times=100, fraction=0.6)
    err = error_line(push_cli(faults, graphs.new))
    a, b, c = graphs.names
    assert "the server closed the connection" in err and f"Pushed 1 of 3 graphs ({a}); not pushed: {b}" in err
    assert faults.attempts("PUT") == 1 + ATTEMPTS
    time.sleep(0.3)  # anything the real server might still do with the half graph
    assert graphs.on_server() == {a: "new", b: "old", c: "old"}


# --- authentication ------------------------------------------------------------------------


@pytest.mark.parametrize("challenge", [{"WWW-Authenticate": 'Basic realm="smkg"'}, {}])
def test_push_with_credentials_refused(graphs, faults, challenge):
    faults.plan("status", times=100, code=401, headers=challenge)
    err = error_line(push_cli(faults, graphs.new, "--user", USER, env={"SMKG_PASSWORD": PASSWORD}))
    assert f"authentication failed (401 Unauthorized) for user '{USER}'" in err
    assert faults.attempts() == 1 and faults.seen[0].authorization == f"Basic {TOKEN}"
    assert not any(secret in err for secret in SECRETS)
    assert graphs.on_server() == graphs.version("old")


@pytest.mark.parametrize("challenge", [{"WWW-Authenticate": 'Basic realm="smkg"'}, {}])
def test_query_with_credentials_refused(faults, challenge):
    faults.plan("status", times=100, code=401, headers=challenge)
    err = error_line(query_cli(faults.base, "--user", USER, env={"SMKG_PASSWORD": PASSWORD}))
    assert f"authentication failed (401 Unauthorized) for user '{USER}'" in err and faults.attempts() == 1


def test_authentication_of_another_kind_or_none_or_forbidden(faults):
    faults.plan("status", times=1, code=401, headers={"WWW-Authenticate": 'Digest realm="x", nonce="1"'})
    err = error_line(query_cli(faults.base, "--user", USER, env={"SMKG_PASSWORD": PASSWORD}))
    assert "the server asks for Digest authentication, smkg sends Basic" in err
    faults.plan("status", times=1, code=401)
    err = error_line(query_cli(faults.base))
    assert "authentication failed (401 Unauthorized): the server wants a user; give --user NAME" in err
    faults.plan("status", times=1, code=401)
    err = error_line(query_cli(faults.base, "--user", USER, env={"SMKG_PASSWORD": None}))
    assert "user 'alice' (no password: SMKG_PASSWORD is not set)" in err
    faults.plan("status", method="PUT", times=1, code=403)
    with pytest.raises(RemoteError, match="authentication failed .403 Forbidden.: user 'alice' is not allowed"):
        remote._put(endpoint(faults.base, user=USER, password=PASSWORD), "https://example.org/g", b"")
    assert faults.attempts() == 4


# --- two pushes at once --------------------------------------------------------------------


def test_two_pushes_at_once_in_threads(graphs, faults):
    """Pushes to one server from one machine take turns: each graph is exactly one version, never a merge."""
    for round_ in range(3):
        outcomes: list[object] = []

        def run(store: Path) -> None:
            try:
                outcomes.append(push(store, endpoint(graphs.server)))
            except RemoteError as err:  # pragma: no cover - reported below
                outcomes.append(err)

        threads = [threading.Thread(target=run, args=(s,)) for s in (graphs.new, graphs.old)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert all(isinstance(o, dict) for o in outcomes), outcomes
        held = graphs.on_server()
        assert len(set(held.values())) == 1, held  # the pushes took turns: one is last, whole


def test_two_pushes_at_once_in_processes(graphs):
    def start(store: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "graph.cli", "push", "--endpoint", graphs.server,
                                 "--preset", "oxigraph", "--store", str(store)], cwd=REPO,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    for _ in range(2):
        pushes = [start(graphs.new), start(graphs.old)]
        for p in pushes:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err.decode()
        held = graphs.on_server()
        assert len(set(held.values())) == 1, held


def test_a_graph_merged_by_another_client_is_pushed_again(graphs, faults):
    """From another machine two PUT of one graph at once may be merged by Oxigraph (it does not isolate
    them): the check after the push finds the merge by its count, and pushes the graph again."""
    extra = b'<https://example.org/s/x> <https://example.org/p> "another client" .\n'
    faults.plan("merge", method="PUT", times=1, body=extra)
    result = push_cli(faults, graphs.new)
    assert result.exit_code == 0, result.stderr
    assert puts_of(faults, graphs.names[0]) == 2
    assert graphs.on_server() == graphs.version("new")


def test_a_graph_merged_every_time_is_an_error(graphs, faults):
    extra = b'<https://example.org/s/x> <https://example.org/p> "another client" .\n'
    faults.plan("merge", method="PUT", times=1, body=extra).plan("delay", method="PUT", times=2)
    faults.plan("merge", method="PUT", times=100, body=extra)  # every try again of the first graph
    with pytest.raises(PushError) as caught:
        push(graphs.new, endpoint(faults.base))
    a, b, c = graphs.names
    assert caught.value.not_pushed == [a] and caught.value.pushed == [b, c]
    assert f"{a}: 1701 on the server, 1700 here" in str(caught.value) and "push again" in str(caught.value)
    assert puts_of(faults, a) == ATTEMPTS


def test_a_merged_graph_that_cannot_be_pushed_again(graphs, faults):
    extra = b'<https://example.org/s/x> <https://example.org/p> "another client" .\n'
    faults.plan("merge", method="PUT", times=1, body=extra).plan("delay", method="PUT", times=2)
    faults.plan("status", method="PUT", times=100, code=503)
    with pytest.raises(PushError) as caught:
        push(graphs.new, endpoint(faults.base))
    a, b, c = graphs.names
    assert caught.value.not_pushed == [a] and caught.value.pushed == [b, c]
    assert f"but 1 differed on the server after ({a}), and pushing them again failed" in str(caught.value)
    assert puts_of(faults, a) == 1 + ATTEMPTS


# --- credentials ---------------------------------------------------------------------------


SCENARIOS = {
    "refused": None,
    "reset": {"kind": "reset", "times": 100},
    "hang": {"kind": "hang", "times": 100, "seconds": 60},
    "500": {"kind": "status", "times": 100, "code": 500},
    "echo": {"kind": "echo", "times": 100, "code": 500},
    "400 echo": {"kind": "echo", "times": 100, "code": 400},
    "401": {"kind": "status", "times": 100, "code": 401, "headers": {"WWW-Authenticate": 'Basic realm="smkg"'}},
    "drop": {"kind": "drop_upload", "times": 100},
    "short": {"kind": "short_length", "times": 100},
    "short json": {"kind": "short_json", "times": 100},
    "fine": {"kind": "delay", "times": 0},
}


@pytest.mark.parametrize("command", ["push", "query"])
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_credentials_never_appear(graphs, faults, caplog, capfd, command, scenario):
    """Whatever happens: not in stdout, stderr, the log at DEBUG, nor an exception and its causes."""
    caplog.set_level(logging.DEBUG)
    fault = SCENARIOS[scenario]
    base = refused_url() if fault is None else faults.base
    if fault is not None:
        faults.plan(**fault)
    env = {"SMKG_PASSWORD": PASSWORD}
    wait = SHORT if scenario == "hang" else TIMEOUT
    if command == "push":
        result = invoke("push", "--endpoint", base, "--preset", "oxigraph", "--store", graphs.new, "--user", USER,
                        "--timeout", wait, env=env)
    else:
        result = query_cli(base, "--user", USER, env=env, timeout=wait)
    try:  # the library too, with the whole traceback an uncaught error would print
        if command == "push":
            push(graphs.new, endpoint(base, wait, user=USER, password=PASSWORD))
        else:
            select(endpoint(base, wait, user=USER, password=PASSWORD), "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        shown = ""
    except RemoteError as err:
        shown = "".join(traceback.format_exception(err)) + repr(err)
    out, err_ = capfd.readouterr()
    everything = "\n".join([result.output, result.stderr, repr(result.exception), shown, caplog.text, out, err_])
    if result.exit_code != 0:
        assert result.exit_code == 2 and result.stderr.startswith("error: "), (result.exit_code, result.output)
    for secret in SECRETS:
        assert secret not in everything, f"{secret!r} in:\n{everything}"
    if fault is not None and faults.seen:  # the credentials were sent, in the header
        assert {s.authorization for s in faults.seen} == {f"Basic {TOKEN}"}
    if scenario == "fine":
        assert result.exit_code == 0, result.stderr
    if scenario == "echo" and command == "push":
        assert "Authorization: Basic ***" in result.stderr


def test_credentials_in_the_url_are_sent_in_the_header_only(graphs, faults):
    host = faults.base.removeprefix("http://")
    faults.plan("status", times=100, code=500)
    err = error_line(invoke("push", "--endpoint", f"http://{USER}:{PASSWORD}@{host}", "--preset", "oxigraph",
                            "--store", graphs.new, "--timeout", TIMEOUT))
    assert not any(secret in err for secret in SECRETS) and f"http://{host}/store" in err
    assert faults.seen[0].authorization == f"Basic {TOKEN}"


def test_a_redirect_does_not_take_the_credentials_to_another_server(faults):
    with FaultServer() as other:
        other.plan("status", times=100, code=400)
        faults.plan("status", method="POST", times=1, code=303, headers={"Location": other.base + "/query"})
        error_line(query_cli(faults.base, "--user", USER, env={"SMKG_PASSWORD": PASSWORD}))
        assert faults.seen[0].authorization == f"Basic {TOKEN}"
        assert other.attempts() == 1 and other.seen[0].authorization is None
