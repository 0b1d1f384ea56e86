"""Nothing leaves its bounds: no output path is made from what a letter says, so a letter titled
``../../etc/passwd`` writes nothing outside the output folders; and the tests' own sockets stay on loopback
(the audit hook of conftest.py).

Where file names come from (every ``write_atomically``, ``open`` and ``Path`` in graph/): the bundle's fixed
names (graph.bundle.BUNDLE, catalog.ttl), the facts tables' query names (graph.tables.TABLES) and the class
tables' ontology class names (graph.visualise.KINDS), the cache and snapshot (cache.json, graph.trig), the
page and pictures (smkg.html, lineage.svg, timeline.png, or the -o the user gives), the docs (index.html).
None comes from a document's title or any other text read from a letter; this test keeps it so.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest
from conftest import BLOCKED_NETWORK, NetworkBlocked, is_loopback, letter_with
from typer.testing import CliRunner

from graph.cli import app

#: Titles that would escape an output folder if any were taken as a file name.
ESCAPES = ("../../etc/passwd", "/tmp/x", "..\\..\\x", "../../../../../../tmp/x/../../etc/passwd",
           "..\\..\\..\\..\\windows\\x.txt", "RE-DESIGNATION OF THE ../../../escaped DOCUMENT")


def _files(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root``: relative path -> (size, mtime in ns)."""
    return {str(p.relative_to(root)): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in root.rglob("*") if not p.is_dir()}


def _stat(path: str):
    try:
        s = os.lstat(path)
    except FileNotFoundError:
        return None
    return s.st_size, s.st_mtime_ns, s.st_ino


def test_letters_titled_like_paths_write_nothing_outside_the_output_folders(tmp_path, monkeypatch):
    root = tmp_path / "root"
    cwd = root / "a" / "b" / "c" / "cwd"  # deep enough that every ../ above stays inside root, where we look
    letters = root / "a" / "b" / "c" / "letters"
    cwd.mkdir(parents=True)
    letters.mkdir(parents=True)
    for i, title in enumerate(ESCAPES):
        letter_with(letters, title, f"letter{i}.txt")
    monkeypatch.chdir(cwd)
    absolute = {p: _stat(p) for p in ("/tmp/x", "/etc/passwd", "/tmp/escaped")}
    before = _files(root)

    runner = CliRunner()
    commands = [
        ["build", str(letters), "--store", "out", "--jobs", "1", "--no-validate"],
        ["export", "--bundle", "bundle", "--store", "out"],
        ["export", "--tables", "tables", "--store", "out"],
        ["export", "--format", "turtle", "-o", "graph.ttl", "--store", "out"],
        ["viz", "--store", "out"],
        ["viz", "--store", "out", "--format", "png"],
    ]
    for args in commands:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output, result.stderr)
    for title in ESCAPES:  # not a refusal: the document's title is what the letter says
        result = runner.invoke(app, ["viz", "--store", "out", "--format", "svg", "--document", title])
        assert result.exit_code in (0, 2), result.output

    # the titles reached the graph (so they reached every output made from it)
    trig = (cwd / "out" / "graph.trig").read_text(encoding="utf-8")
    for title in ("../../etc/passwd", "RE-DESIGNATION OF THE ../../../escaped DOCUMENT",
                  "../../../../../../tmp/x/../../etc/passwd"):
        assert f'dcterms:title "{title}"' in trig

    after = _files(root)
    written = {name for name in after if after[name] != before.get(name)}
    allowed = ("a/b/c/cwd/out/", "a/b/c/cwd/bundle/", "a/b/c/cwd/tables/")
    outside = sorted(n for n in written if not n.startswith(allowed) and n != "a/b/c/cwd/graph.ttl")
    assert not outside, f"written outside the output folders: {outside}"
    assert not [n for n in written if n.rsplit("/", 1)[-1] in ("passwd", "x", "x.txt")]
    assert {p: _stat(p) for p in absolute} == absolute
    assert "a/b/c/cwd/out/smkg.html" in written and "a/b/c/cwd/bundle/catalog.ttl" in written


# --- the tests' network: loopback only (conftest.py) ---------------------------------------------------------


def test_the_audit_hook_refuses_an_address_outside_loopback_at_once():
    before = len(BLOCKED_NETWORK)
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(10)  # were the connect attempted, TEST-NET would make it wait this long
            started = time.monotonic()
            with pytest.raises(NetworkBlocked, match="192.0.2.1:80"):
                s.connect(("192.0.2.1", 80))
            assert time.monotonic() - started < 1
        with pytest.raises(NetworkBlocked):
            socket.getaddrinfo("example.org", 443)
        with pytest.raises(NetworkBlocked):
            socket.create_connection(("192.0.2.1", 80), timeout=10)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s, pytest.raises(NetworkBlocked):
            s.sendto(b"x", ("192.0.2.1", 53))
        reached = BLOCKED_NETWORK[before:]
        assert len(reached) == 4 and "test_the_audit_hook_refuses" in reached[0]
    finally:
        del BLOCKED_NETWORK[before:]  # expected here: not a fault of the run


def test_the_audit_hook_lets_loopback_through():
    before = len(BLOCKED_NETWORK)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        with socket.create_connection(("localhost", port), timeout=5):
            pass
    assert BLOCKED_NETWORK[before:] == []


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True), ("::ffff:127.0.0.1", True),
    ("localhost", True), ("LOCALHOST.", True), ("api.localhost", True), (None, True), ("", True),
    ("192.0.2.1", False), ("10.0.0.1", False), ("0.0.0.0", False), ("example.org", False), ("::ffff:8.8.8.8", False),
    ("localhost.example.org", False),
])
def test_what_counts_as_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_the_hook_is_installed_in_this_process_whichever_worker_it_is():
    import sys

    assert getattr(sys, "_smkg_network_audit", False), os.environ.get("PYTEST_XDIST_WORKER", "no xdist")
