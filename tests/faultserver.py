"""A small HTTP server of the tests' own that misbehaves on request.

It listens on a free port of 127.0.0.1 (a thread), and for each request takes
the first fault planned for that method, if any, and otherwise passes the
request on to a real server (``upstream``), so that the end state can be read
back from the real server.  Every request is recorded (method, path, graph,
what was done with it, how many body bytes were read), so a test can count the
attempts a client made.

Faults (:meth:`FaultServer.plan`):

``reset``
    accept the connection, then close it at once (a reset, as a server
    restarting does); a closed port is :func:`refused_url`.
``hang``
    read the request, then answer nothing for ``seconds`` (past the client's timeout).
``status``
    answer ``code`` (500, 503, 401 ...) with ``body``; ``headers`` are added
    (e.g. ``WWW-Authenticate``).
``echo``
    answer ``code`` (500) with the request's own headers as the body (a
    debugging server: the ``Authorization`` header comes back).
``short_length``
    ``200 OK`` whose ``Content-Length`` is larger than the body sent, then close.
``short_json``
    ``200 OK`` with a JSON results document cut short (its ``Content-Length`` right).
``not_results``
    ``200 OK`` with JSON that is not SPARQL results (a list).
``drop_upload``
    read part of the request body (``fraction``), then close the connection.
``proxy_cut``
    pass on the request line, headers and part of the body (``fraction``) to
    the real server, then close both connections: what a real server does
    with a graph that stops half way.
``delay``
    wait ``seconds``, then pass the request on.
``merge``
    pass the request on, then add ``body`` (N-Triples) to the same graph on the
    real server (a Graph Store Protocol ``POST``): what Oxigraph makes of two
    ``PUT`` of one graph sent at once by two clients, a merge of both.
"""

from __future__ import annotations

import http.client
import http.server
import json
import socket
import struct
import threading
import urllib.parse
from dataclasses import dataclass, field


def refused_url() -> str:
    """The URL of a port of 127.0.0.1 where nothing listens (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@dataclass
class Fault:
    kind: str
    method: str | None = None
    times: int = 1
    code: int = 500
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    fraction: float = 0.5


@dataclass(frozen=True)
class Seen:
    """A request as the fault server saw it, and what it did with it."""

    method: str
    path: str
    graph: str
    fault: str
    body_read: int
    body_length: int
    authorization: str | None


class FaultServer:
    """``with FaultServer(upstream) as fs: fs.plan("status", code=503, times=2); ... fs.seen``"""

    def __init__(self, upstream: str | None = None) -> None:
        self.upstream = upstream
        self.faults: list[Fault] = []
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    # --- planning -------------------------------------------------------------------

    def plan(self, kind: str, method: str | None = None, times: int = 1, **options) -> FaultServer:
        """Do ``kind`` to the next ``times`` requests of ``method`` (any method if None)."""
        body = options.pop("body", b"")
        self.faults.append(Fault(kind, method, times, body=body.encode() if isinstance(body, str) else body,
                                 **options))
        return self

    def clear(self) -> None:
        with self.lock:
            self.faults.clear()
            self.seen.clear()

    def attempts(self, method: str | None = None) -> int:
        """How many requests (of ``method``) reached the server."""
        return sum(1 for s in self.seen if method is None or s.method == method)

    def _take(self, method: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and fault.method in (None, method):
                    fault.times -= 1
                    return fault
        return None

    def _record(self, seen: Seen) -> None:
        with self.lock:
            self.seen.append(seen)

    # --- lifetime -------------------------------------------------------------------

    def close(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FaultServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _handler(fs: FaultServer):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one request per connection: each attempt is a new one

        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

        def do_PUT(self) -> None:
            self._handle()

        def do_DELETE(self) -> None:
            self._handle()

        # --- one request ------------------------------------------------------------

        def _handle(self) -> None:
            fault = fs._take(self.command)
            kind = fault.kind if fault else "proxy"
            length = int(self.headers.get("Content-Length") or 0)
            url = urllib.parse.urlsplit(self.path)
            graph = urllib.parse.parse_qs(url.query).get("graph", [""])[0]

            def record(read: int) -> None:
                fs._record(Seen(self.command, url.path, graph, kind, read, length,
                                self.headers.get("Authorization")))

            if kind == "reset":
                record(0)
                self._reset()
                return
            if kind in ("drop_upload", "proxy_cut"):
                part = self.rfile.read(int(length * fault.fraction))
                record(len(part))
                if kind == "proxy_cut":
                    self._cut_upstream(part, length)
                self._reset()
                return
            body = self.rfile.read(length) if length else b""
            record(len(body))
            if kind == "hang":
                fs.stopping.wait(fault.seconds)
                self.close_connection = True
                return
            if kind == "status":
                self._answer(fault.code, fault.body or f"fault: {fault.code}".encode(), "text/plain", fault.headers)
            elif kind == "echo":
                self._answer(fault.code, str(self.headers).encode(), "text/plain")
            elif kind == "short_length":
                text = json.dumps({"head": {"vars": ["g", "n"]}, "results": {"bindings": []}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(text) + 100))
                self.end_headers()
                self.wfile.write(text)
                self.wfile.flush()
                self.close_connection = True
            elif kind == "short_json":
                text = json.dumps({"head": {"vars": ["source"]}, "results": {"bindings": [
                    {"source": {"type": "literal", "value": "000_6923a674670ce851.txt"}}]}}).encode()
                self._answer(200, text[: len(text) // 2], "application/sparql-results+json")
            elif kind == "not_results":
                self._answer(200, b"[1, 2, 3]", "application/sparql-results+json")
            else:
                if kind == "delay":
                    fs.stopping.wait(fault.seconds)
                self._proxy(body, then=(lambda: self._merge(fault.body)) if kind == "merge" else None)

        def _answer(self, code: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(code)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _reset(self) -> None:
            """Close the connection with a reset (SO_LINGER 0), not a polite FIN."""
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

        def _upstream(self) -> http.client.HTTPConnection:
            assert fs.upstream, "no upstream server to pass the request on to"
            parts = urllib.parse.urlsplit(fs.upstream)
            return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

        def _forwarded_headers(self, length: int) -> dict[str, str]:
            keep = ("Content-Type", "Accept")
            headers = {name: self.headers[name] for name in keep if self.headers.get(name)}
            headers["Content-Length"] = str(length)
            return headers

        def _proxy(self, body: bytes, then=None) -> None:
            """Pass the request on, do ``then`` once the real server has answered, then answer the client."""
            upstream = self._upstream()
            try:
                upstream.request(self.command, self.path, body=body or None,
                                 headers=self._forwarded_headers(len(body)))
                answer = upstream.getresponse()
                data = answer.read()
                if then is not None:
                    then()
                self.send_response(answer.status, answer.reason)
                if answer.getheader("Content-Type"):
                    self.send_header("Content-Type", answer.getheader("Content-Type"))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            finally:
                upstream.close()

        def _merge(self, extra: bytes) -> None:
            upstream = self._upstream()
            try:
                upstream.request("POST", self.path, body=extra, headers={"Content-Type": "application/n-triples"})
                assert upstream.getresponse().status < 300
            finally:
                upstream.close()

        def _cut_upstream(self, part: bytes, length: int) -> None:
            """Send the real server the headers of the whole body and only ``part`` of it, then hang up."""
            upstream = self._upstream()
            try:
                upstream.putrequest(self.command, self.path, skip_accept_encoding=True)
                for name, value in self._forwarded_headers(length).items():
                    upstream.putheader(name, value)
                upstream.endheaders()
                upstream.send(part)
            finally:
                sock = upstream.sock
                if sock is not None:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                upstream.close()

    return Handler
