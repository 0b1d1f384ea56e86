"""A remote SPARQL 1.1 server: the named queries through its query endpoint
(SPARQLWrapper, JSON results), and ``smkg push`` through its Graph Store
Protocol endpoint (one ``PUT`` per named graph: a whole-graph replace, so a
re-push changes nothing and a changed letter replaces only its own graph).

The URL layouts of four servers are presets; any other server is used by giving
its query and graph-store URLs.

What happens when the server misbehaves:

* Only requests that are safe to repeat (a query, the ``PUT`` of a whole graph)
  are repeated, at most :data:`ATTEMPTS` times in all, on a refused or dropped
  connection, no answer within the timeout, an answer cut short, or a 5xx; a
  request that is not (a ``POST`` other than a query) is sent once.
* An answer that said ``200 OK`` but is not whole SPARQL JSON results, a 401 or
  403, and any other 4xx are errors at once (repeating would get the same).
* Credentials go in an ``Authorization`` header that is not passed on to
  another server on a redirect, and are never in a message or a log: a URL
  loses its ``user:password@`` part, and anything the server sends back is
  cleared of the password and of the header's token.
* Each graph on the server is whole, either as it was or as pushed, whatever
  fails (Oxigraph applies a ``PUT`` all or nothing); not across graphs: a push
  that fails half way says which graphs were pushed and which not.  Two pushes
  to one server from one machine take turns (a lock file); a graph that two
  machines pushed at once, which Oxigraph may merge, fails the check after the
  push and is pushed again.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import json
import logging
import random
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .progress import progress

log = logging.getLogger(__name__)

#: How many times in all a request that is safe to repeat is sent, and the first pause between tries
#: (doubled each time); the seconds to wait for an answer (``--timeout``).
ATTEMPTS = 3
PAUSE_S = 0.5
TIMEOUT_S = 30.0

#: Methods that may be sent again without harm (RFC 9110 9.2.2); a query sent by POST is one too.
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})

#: Failures of the connection, not answers of the server: worth another try when the request is safe to repeat.
_NETWORK = (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException)


class RemoteError(Exception):
    """The server could not be reached, refused, or answered with something unusable."""


class PushError(RemoteError):
    """A push that stopped: the graphs that are on the server as pushed, and those that may not be."""

    def __init__(self, message: str, pushed: list[str], not_pushed: list[str]) -> None:
        super().__init__(message)
        self.pushed = pushed
        self.not_pushed = not_pushed


@dataclass(frozen=True)
class Layout:
    """Where a server answers queries and takes graphs, from its base URL."""

    query: str
    gsp: str
    note: str

    def urls(self, base: str) -> tuple[str, str]:
        base = base.rstrip("/")
        return self.query.format(base=base), self.gsp.format(base=base)


#: The URL layouts of the servers we know, from the base URL a user gives.
PRESETS: dict[str, Layout] = {
    "oxigraph": Layout("{base}/query", "{base}/store", "base: http://host:7878"),
    "fuseki": Layout("{base}/sparql", "{base}/data", "base: http://host:3030/DATASET"),
    "virtuoso": Layout("{base}/sparql", "{base}/sparql-graph-crud-auth", "base: http://host:8890"),
    "graphdb": Layout("{base}", "{base}/rdf-graphs/service", "base: http://host:7200/repositories/REPOSITORY"),
}


@dataclass(frozen=True)
class Endpoint:
    """A server: its query URL, its Graph Store Protocol URL, who we are to it, and how long to wait for it."""

    query: str
    gsp: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = TIMEOUT_S

    @classmethod
    def from_options(cls, endpoint: str, gsp: str | None = None, preset: str | None = None, user: str | None = None,
                     password: str | None = None, timeout: float = TIMEOUT_S) -> Endpoint:
        if not timeout > 0:
            raise RemoteError(f"the timeout must be a number of seconds above 0, not {timeout}")
        # user:password@ in a URL: taken out of it, so that it is sent only in the header
        endpoint, user, password = _userinfo(endpoint, user, password)
        if gsp is not None:
            gsp, user, password = _userinfo(gsp, user, password)
        if preset is not None:
            if preset not in PRESETS:
                known = "; ".join(f"{name} ({layout.note})" for name, layout in PRESETS.items())
                raise RemoteError(f"unknown server preset {preset!r}; presets: {known}")
            query, preset_gsp = PRESETS[preset].urls(endpoint)
            return cls(query, gsp or preset_gsp, user, password, timeout)
        return cls(endpoint, gsp, user, password, timeout)

    def headers(self) -> dict[str, str]:
        token = self._token()
        return {"Authorization": f"Basic {token}"} if token else {}

    def _token(self) -> str | None:
        if self.user is None:
            return None
        return base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()

    def redact(self, text: str) -> str:
        """``text`` (from a server, or an error) without the password or the header's token in it."""
        for secret in (self._token(), self.password):
            if secret:
                text = text.replace(secret, "***")
        return text


def _userinfo(url: str, user: str | None, password: str | None) -> tuple[str, str | None, str | None]:
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, user, password
    if user is None:
        user = urllib.parse.unquote(parts.username or "")
        password = password if parts.password is None else urllib.parse.unquote(parts.password)
    netloc = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc)), user, password


# --- queries -----------------------------------------------------------------------------


def select(endpoint: Endpoint, text: str) -> tuple[list[str], list[dict[str, str | None]]]:
    """Run a SELECT on the server (SPARQLWrapper, JSON results): its variables and
    solutions as strings, as the embedded store gives them."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException, Unauthorized

    class Client(SPARQLWrapper):
        """SPARQLWrapper with the credentials in a header that a redirect does not pass on."""

        def _createRequest(self) -> urllib.request.Request:
            request = super()._createRequest()
            for name, value in endpoint.headers().items():
                request.add_unredirected_header(name, value)
            return request

    url = _safe(endpoint.query)
    client = Client(endpoint.query)
    client.setQuery(text)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.timeout = endpoint.timeout  # setTimeout would round it down to whole seconds
    for attempt in range(1, ATTEMPTS + 1):
        log.debug("query %s: attempt %d of %d", url, attempt, ATTEMPTS)
        try:
            answer = client.query().convert()
            break
        except Unauthorized as err:  # SPARQLWrapper raises it while handling urllib's HTTPError, with its headers
            challenge = getattr(getattr(err.__context__, "headers", None), "get", lambda _: None)("WWW-Authenticate")
            raise _refused(url, 401, "Unauthorized", endpoint, challenge) from None
        except EndPointInternalError as err:  # a 500: the server may recover
            if attempt == ATTEMPTS:
                raise RemoteError(f"{url}: 500 after {ATTEMPTS} tries: {_detail(err, endpoint)}") from None
            reason = "500"
        except SPARQLWrapperException as err:  # the server answered, and said no: not worth repeating
            raise RemoteError(f"{url}: {_detail(err, endpoint)}") from None
        except urllib.error.HTTPError as err:
            if err.code in (401, 403):
                raise _refused(url, err.code, err.reason, endpoint, err.headers.get("WWW-Authenticate")) from None
            if err.code < 500:
                raise RemoteError(f"{url}: {err.code} {err.reason}: {_body(err, endpoint)}") from None
            if attempt == ATTEMPTS:
                raise RemoteError(f"{url}: {err.code} {err.reason} after {ATTEMPTS} tries: "
                                  f"{_body(err, endpoint)}") from None
            reason = f"{err.code}"
        except (ValueError, TypeError) as err:  # a body cut short is not JSON; a list is not results
            what = f"JSON cut short or broken: {err}" if isinstance(err, json.JSONDecodeError) else \
                "not UTF-8" if isinstance(err, UnicodeDecodeError) else "not a JSON object"
            raise RemoteError(f"{url}: the answer is incomplete or not SPARQL JSON results ({what})") from None
        except _NETWORK as err:
            if attempt == ATTEMPTS:
                raise RemoteError(f"{url}: no answer after {ATTEMPTS} tries ({_reason(err, endpoint)})") from err
            reason = _reason(err, endpoint)
        log.debug("query %s: attempt %d failed (%s); trying again", url, attempt, reason)
        time.sleep(PAUSE_S * 2 ** (attempt - 1))
    try:
        variables = answer["head"]["vars"]
        rows = [{v: (b[v]["value"] if v in b else None) for v in variables} for b in answer["results"]["bindings"]]
    except (KeyError, TypeError) as err:
        raise RemoteError(f"{url}: the answer is incomplete or not SPARQL JSON results") from err
    return variables, rows


# --- pushing graphs ----------------------------------------------------------------------


def push(store_dir: Path, endpoint: Endpoint) -> dict[str, int]:
    """PUT every named graph of the built store to the server; the triples of each, checked after.

    Each graph on the server is whole after a push, as it was or as pushed,
    whatever fails; a push that fails half way raises :class:`PushError`,
    naming the graphs pushed and those not."""
    if endpoint.gsp is None:
        raise RemoteError("say where the server takes graphs: --gsp URL, or a --preset")
    with _local_store(store_dir) as db, _turn(endpoint.gsp):
        graphs = sorted(g.value for g in db.named_graphs())
        counts: dict[str, int] = {}
        done: list[str] = []
        with progress("pushing graphs", len(graphs)) as advance:
            for name, data in _dumped_ahead(db, graphs):
                counts[name] = data.count(b"\n")
                try:
                    _put(endpoint, name, data)
                except RemoteError as err:
                    raise _stopped(err, graphs, done, name) from None
                done.append(name)
                advance(1)
        # check: a graph that another client pushed at the same time may be a merge of the two; pushed again
        for round_ in range(1, ATTEMPTS + 1):
            try:
                remote = remote_counts(endpoint, list(graphs))
            except RemoteError as err:
                raise PushError(f"all {len(graphs)} graphs were pushed, but the check of what the server holds "
                                f"failed: {err}", list(graphs), []) from None
            wrong = [n for n, c in counts.items() if remote.get(n, 0) != c]
            if not wrong:
                return counts
            if round_ == ATTEMPTS:
                break
            log.debug("push: %d graphs differ on the server; pushing them again", len(wrong))
            time.sleep(PAUSE_S * random.uniform(0.5, 1.5))  # two clients repairing at once: out of step
            for name in wrong:
                try:
                    _put(endpoint, name, _dump(db, name))
                except RemoteError as err:
                    raise PushError(f"{err}. All {len(graphs)} graphs were pushed, but {len(wrong)} differed on the "
                                    f"server after{_names(wrong)}, and pushing them again failed: push again",
                                    [n for n in graphs if n not in wrong], wrong) from None
    detail = "; ".join(f"{n}: {remote.get(n, 0)} on the server, {counts[n]} here" for n in wrong)
    raise PushError(f"the server does not hold what was pushed ({detail}); was another client pushing the same "
                    "graphs? push again", [n for n in graphs if n not in wrong], wrong)


def _put(endpoint: Endpoint, name: str, data: bytes) -> None:
    url = f"{endpoint.gsp}?{urllib.parse.urlencode({'graph': name})}"
    _request(url, "PUT", endpoint, data=data, headers={"Content-Type": "application/n-triples"})


def _stopped(err: RemoteError, graphs: list[str], done: list[str], failed: str) -> PushError:
    """The error of a push that stopped at ``failed``: which graphs are on the server as pushed, and which not."""
    pushed = set(done)
    rest = [n for n in graphs if n not in pushed and n != failed]
    message = (f"{err}. Pushed {len(done)} of {len(graphs)} graphs{_names(done)}; not pushed: {failed} (on the "
               f"server as before or as pushed: push again)")
    if rest:
        message += f", and {len(rest)} more, as before{_names(rest)}"
    return PushError(message + ". Each graph on the server is whole.", done, [failed, *rest])


def _names(names: list[str], most: int = 10) -> str:
    if not names:
        return ""
    more = f", and {len(names) - most} more" if len(names) > most else ""
    return " (" + ", ".join(names[:most]) + more + ")"


@contextlib.contextmanager
def _turn(gsp: str) -> Iterator[None]:
    """Wait for any other push to the same server from this machine (another process or thread) to end:
    Oxigraph may merge two ``PUT`` of one graph sent at once."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        fcntl = None
    lock = None
    if fcntl is not None:
        name = f"smkg-push-{hashlib.sha256(_safe(gsp).encode()).hexdigest()[:16]}.lock"
        try:
            lock = open(Path(tempfile.gettempdir()) / name, "a+b")  # noqa: SIM115 (closed below)
        except OSError as err:  # another user's lock file: no lock
            log.debug("push: no lock (%s)", err)
    if lock is None:
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def local_graphs(store_dir: Path) -> dict[str, bytes]:
    """Each named graph of the built store as N-Triples (one triple per line), by graph IRI."""
    with _local_store(store_dir) as db:
        return {g.value: _dump(db, g.value) for g in sorted(db.named_graphs(), key=lambda g: g.value)}


@contextlib.contextmanager
def _local_store(store_dir: Path) -> Iterator[ox.Store]:
    db_dir = Path(store_dir) / "db"
    if not db_dir.is_dir():
        raise RemoteError(f"no store in {store_dir}: run 'smkg build --store {store_dir}' first")
    db = ox.Store.read_only(str(db_dir))
    try:
        yield db
    finally:
        del db


def _dump(db: ox.Store, name: str) -> bytes:
    return db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))


def _dumped_ahead(db: ox.Store, names: list[str], ahead: int = 4) -> Iterator[tuple[str, bytes]]:
    """Each graph's N-Triples, in order, the next few written out in a thread while one is sent
    (Oxigraph lets other threads run while it writes; on a large store, writing graphs out
    takes about a quarter of a push).  At most ``ahead`` graphs wait in memory."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="smkg-dump") as pool:
        waiting = [(name, pool.submit(_dump, db, name)) for name in names[:ahead]]
        following = iter(names[ahead:])
        try:
            while waiting:
                name, future = waiting.pop(0)
                data = future.result()
                nxt = next(following, None)
                if nxt is not None:
                    waiting.append((nxt, pool.submit(_dump, db, nxt)))
                yield name, data
        finally:  # a push stopped half way: the dumps not started are not made
            for _, future in waiting:
                future.cancel()


def remote_counts(endpoint: Endpoint, names: list[str]) -> dict[str, int]:
    values = " ".join(f"<{n}>" for n in names)
    _, rows = select(endpoint, "SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { " + values + " } "
                               "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in rows if row["g"] and row["n"]}


# --- HTTP --------------------------------------------------------------------------------


def _request(url: str, method: str, endpoint: Endpoint, data: bytes, headers: dict[str, str],
             idempotent: bool | None = None) -> bytes:
    """One request, sent again (up to :data:`ATTEMPTS` in all) only if it is safe to repeat:
    ``idempotent``, by default the methods of :data:`IDEMPOTENT`."""
    attempts = ATTEMPTS if (method in IDEMPOTENT if idempotent is None else idempotent) else 1
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    for name, value in endpoint.headers().items():
        request.add_unredirected_header(name, value)
    where = f"{method} {_safe(url)}"
    for attempt in range(1, attempts + 1):
        log.debug("%s: attempt %d of %d, %d bytes", where, attempt, attempts, len(data))
        try:
            with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as err:
            if err.code in (401, 403):
                raise _refused(where, err.code, err.reason, endpoint, err.headers.get("WWW-Authenticate")) from None
            if err.code < 500 or attempt == attempts:
                tries = f" after {attempt} tries" if attempt > 1 else ""
                raise RemoteError(f"{where}: {err.code} {err.reason}{tries}: {_body(err, endpoint)}") from None
            reason = f"{err.code} {err.reason}"
        except _NETWORK as err:
            if attempt == attempts:
                tries = f"after {attempts} tries" if attempts > 1 else "(not sent again: not safe to repeat)"
                raise RemoteError(f"{where}: no answer {tries} ({_reason(err, endpoint)})") from err
            reason = _reason(err, endpoint)
        log.debug("%s: attempt %d failed (%s); trying again", where, attempt, reason)
        time.sleep(PAUSE_S * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def _refused(where: str, code: int, reason: str, endpoint: Endpoint, challenge: str | None) -> RemoteError:
    """The error for a 401 or 403: never repeated, and naming the user (never the password)."""
    status = f"{code} {reason}".strip()
    if endpoint.user is None:
        return RemoteError(f"{where}: authentication failed ({status}): the server wants a user; give --user NAME, "
                           "with the password in SMKG_PASSWORD")
    who = f"user {endpoint.user!r}"
    if endpoint.password is None:
        who += " (no password: SMKG_PASSWORD is not set)"
    if code == 403:
        return RemoteError(f"{where}: authentication failed ({status}): {who} is not allowed to do this")
    scheme = (challenge or "").split(" ", 1)[0]
    asks = f"; the server asks for {scheme} authentication, smkg sends Basic" if scheme.lower() not in ("", "basic") \
        else ""
    return RemoteError(f"{where}: authentication failed ({status}) for {who}: check --user and SMKG_PASSWORD{asks}")


def _body(err: urllib.error.HTTPError, endpoint: Endpoint) -> str:
    try:
        text = err.read()[:300].decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        text = ""
    return endpoint.redact(" ".join(text.split())) or "(no explanation)"


def _detail(err: Exception, endpoint: Endpoint) -> str:
    return endpoint.redact(" ".join(str(err).split())[:300])


def _reason(err: Exception, endpoint: Endpoint) -> str:
    """Why a connection failed, in words: a timeout, a refusal, an answer stopped short."""
    cause = getattr(err, "reason", err)
    if isinstance(cause, http.client.IncompleteRead):
        expected = f" of {len(cause.partial) + cause.expected}" if cause.expected is not None else ""
        return f"the answer stopped short: {len(cause.partial)}{expected} bytes"
    if isinstance(cause, TimeoutError):
        return f"timed out: nothing within {endpoint.timeout:g} s"
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError,
                          http.client.RemoteDisconnected)):
        return "the server closed the connection"
    return endpoint.redact(f"{type(cause).__name__}: {cause}" if not str(cause) else str(cause))


def _safe(url: str) -> str:
    """The URL without any user:password part, for messages."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))
