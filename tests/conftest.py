"""Helpers shared by the test modules."""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from pathlib import Path

import pytest
import yaml
from rdflib import Dataset, Graph

from graph import iris
from graph.build import build
from graph.report import as_text
from graph.validate import load_shapes, validate

# --- no network but loopback -------------------------------------------------------------------------------
#
# Every test process runs under an audit hook (installed when this file is imported: by pytest, and by each
# pytest-xdist worker, which imports it too) that refuses a socket to any address but loopback: a connect, a
# sendto, or a name lookup of anything but the local host raises NetworkBlocked at once, and is recorded.  The
# test that did it then fails in its teardown, and the run fails at the end of the session whatever caught the
# exception.  The limit: the hook sees only this Python process.  The programs the tests start (smkg in a
# subprocess, `oxigraph serve`, Chromium for the viz tests) are outside it: the viz tests abort every request
# of Chromium's but the page's own file themselves, and the other subprocesses are given 127.0.0.1 only.


class NetworkBlocked(ConnectionRefusedError):
    """A socket to an address other than loopback, refused by the tests' audit hook."""


#: What the hook refused in this process: "event host:port (test)", one a line of the final report.
BLOCKED_NETWORK: list[str] = []
_NETWORK_EVENTS = frozenset({"socket.connect", "socket.sendto", "socket.getaddrinfo", "socket.gethostbyname",
                             "socket.gethostbyaddr", "socket.getnameinfo"})
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def is_loopback(host: object) -> bool:
    """Whether ``host`` (a name, an IPv4 or IPv6 address, or none) is this machine's loopback."""
    if host is None or host in ("", b""):  # no host: the local one (getaddrinfo(None, ...), connect(("", port)))
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).strip("[]").rstrip(".").lower()
    if name in _LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return False  # another name: looking it up is already the network
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def _network_audit(event: str, args: tuple) -> None:
    if event not in _NETWORK_EVENTS:
        return
    if event in ("socket.connect", "socket.sendto"):
        sock, address = args
        if sock.family not in (socket.AF_INET, socket.AF_INET6) or not isinstance(address, tuple):
            return  # a Unix socket, a socketpair: no network
        host, port = address[0], address[1]
    elif event == "socket.getaddrinfo":
        host, port = args[0], args[1]
    elif event == "socket.getnameinfo":
        host, port = args[0][0], args[0][1]
    else:
        host, port = args[0], None
    if is_loopback(host):
        return
    where = f"{host}:{port}" if port is not None else str(host)
    BLOCKED_NETWORK.append(f"{event} {where} ({os.environ.get('PYTEST_CURRENT_TEST', 'outside a test')})")
    raise NetworkBlocked(f"the tests may not reach {where}: only loopback ({event})")


if not getattr(sys, "_smkg_network_audit", False):  # once a process, however often this file is imported
    sys.addaudithook(_network_audit)
    sys._smkg_network_audit = True


@pytest.fixture(autouse=True)
def _only_loopback():
    """Fails the test that reached for an address other than loopback, even if it caught the error."""
    before = len(BLOCKED_NETWORK)
    yield
    reached = BLOCKED_NETWORK[before:]
    if reached:
        pytest.fail("network outside loopback: " + "; ".join(reached), pytrace=False)


_WORKERS_BLOCKED: list[str] = []  # what the xdist workers recorded, gathered by the controller


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    _WORKERS_BLOCKED.extend(getattr(node, "workeroutput", {}).get("network_blocked", []))


def pytest_sessionfinish(session, exitstatus) -> None:
    """Fails the run if anything reached for the network outside loopback (in a worker: hands it to the controller)."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["network_blocked"] = list(BLOCKED_NETWORK)
    elif BLOCKED_NETWORK or _WORKERS_BLOCKED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:
    reached = BLOCKED_NETWORK + _WORKERS_BLOCKED
    if reached and not hasattr(terminalreporter.config, "workeroutput"):
        terminalreporter.section("network outside loopback (the run fails)", red=True)
        for line in reached:
            terminalreporter.write_line(line)

#: The facts a careful reader takes from the two bundled letters.
GOLD = Path(__file__).resolve().parent / "fixtures" / "gold" / "seeds.yaml"


def gold_letters() -> list[dict]:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))["letters"]


def letter_with(folder: Path, line: str, name: str = "letter.txt") -> Path:
    """A short letter from BEIS whose first paragraph is ``line``, with one consultation after it."""
    path = folder / name
    path.write_text(
        f"Department for Business, Energy & Industrial Strategy\n\n4 November 2021\n\nDear Colleague,\n\n"
        f"{line}\n\n1. Between 14 September 2021 and 28 September 2021, DCC consulted on changes to the "
        f"S1SR.\n\nYours faithfully,\n\nJane Doe\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Path:
    """The bundled letters built once, for the tests that only read the result."""
    out = tmp_path_factory.mktemp("corpus")
    summary = build(None, out)
    assert summary.texts == 2 and not summary.errors
    return out


@pytest.fixture(scope="session")
def corpus_dataset(corpus_store) -> Dataset:
    ds = Dataset()
    ds.parse(corpus_store / "graph.trig", format="trig")
    return ds


def validate_store(store: Path, level: str = "warning") -> tuple[bool, str]:
    """Validate what a build wrote, text by text (each source graph with the
    reference data), as ``smkg validate`` does; (conforms at ``level``, the
    report of what was found there).  Each text on its own: two synthetic
    texts may tell one story two ways, which is for the cross-text rules on a
    real corpus, not a fault of either text."""
    dataset = Dataset()
    dataset.parse(store / "graph.trig", format="trig")
    reference = dataset.graph(iris.REFERENCE_GRAPH)
    ontology = dataset.graph(iris.ONTOLOGY_GRAPH)
    shapes = load_shapes()
    reports = []
    for g in dataset.graphs():
        if "/graph/source/" not in str(g.identifier) or not len(g):
            continue
        data = Graph()
        data += g
        data += reference
        report, _ = validate(data, ontology, shapes)
        if not report.conforms(level):
            reports.append(f"{g.identifier}:\n{as_text(report, level)}")
    return not reports, "\n".join(reports)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real SPARQL 1.1 server: ``oxigraph serve`` (PyPI ``oxigraph``) on a free
    port of 127.0.0.1, with its data in a temporary folder; its base URL."""
    import shutil
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert binary, "the oxigraph server (pip package 'oxigraph', in the test extra) is not installed"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("oxigraph-log") / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph-data")),
                                   "--bind", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                assert server.poll() is None, f"oxigraph serve stopped: {log.read_text()}"
                assert time.monotonic() < deadline, f"oxigraph serve did not answer: {log.read_text()}"
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
