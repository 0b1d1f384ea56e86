"""A remote SPARQL 1.1 server: the named queries through its query endpoint
(SPARQLWrapper, JSON results), and ``smkg push`` through its Graph Store
Protocol endpoint (one ``PUT`` per named graph: a whole-graph replace, so a
re-push changes nothing and a changed letter replaces only its own graph).

The URL layouts of four servers are presets; any other server is used by giving
its query and graph-store URLs.  Requests that are safe to repeat (queries,
``PUT``) are retried a bounded number of times on a refused connection, a
timeout or a 5xx answer; credentials go in an ``Authorization`` header and are
never printed.
"""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

#: How many times a request that is safe to repeat is tried, and the first pause between tries.
ATTEMPTS = 3
PAUSE_S = 0.5
TIMEOUT_S = 30.0


class RemoteError(Exception):
    """The server could not be reached, refused, or answered with something unusable."""


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
    """A server: its query URL, its Graph Store Protocol URL, and who we are to it."""

    query: str
    gsp: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = TIMEOUT_S

    @classmethod
    def from_options(cls, endpoint: str, gsp: str | None = None, preset: str | None = None, user: str | None = None,
                     password: str | None = None, timeout: float = TIMEOUT_S) -> Endpoint:
        if preset is not None:
            if preset not in PRESETS:
                known = "; ".join(f"{name} ({layout.note})" for name, layout in PRESETS.items())
                raise RemoteError(f"unknown server preset {preset!r}; presets: {known}")
            query, preset_gsp = PRESETS[preset].urls(endpoint)
            return cls(query, gsp or preset_gsp, user, password, timeout)
        return cls(endpoint, gsp, user, password, timeout)

    def headers(self) -> dict[str, str]:
        if self.user is None:
            return {}
        token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
        return {"Authorization": f"Basic {token}"}


# --- queries -----------------------------------------------------------------------------


def select(endpoint: Endpoint, text: str) -> tuple[list[str], list[dict[str, str | None]]]:
    """Run a SELECT on the server (SPARQLWrapper, JSON results): its variables and
    solutions as strings, as the embedded store gives them."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

    client = SPARQLWrapper(endpoint.query)
    client.setQuery(text)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(max(1, round(endpoint.timeout)))
    for name, value in endpoint.headers().items():
        client.addCustomHttpHeader(name, value)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            answer = client.query().convert()
            break
        except EndPointInternalError as err:  # a 500: the server may recover
            if attempt == ATTEMPTS:
                raise RemoteError(f"{_safe(endpoint.query)}: {' '.join(str(err).split())[:300]}") from err
        except SPARQLWrapperException as err:  # the server answered, and said no: not worth repeating
            raise RemoteError(f"{_safe(endpoint.query)}: {' '.join(str(err).split())[:300]}") from err
        except urllib.error.HTTPError as err:
            if err.code in (401, 403) or err.code < 500 or attempt == ATTEMPTS:
                raise RemoteError(f"{_safe(endpoint.query)}: {err.code} {err.reason}") from err
        except ValueError as err:  # a body cut short is not JSON
            raise RemoteError(f"{_safe(endpoint.query)}: the answer is incomplete or not SPARQL JSON results") from err
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as err:
            if attempt == ATTEMPTS:
                raise RemoteError(f"{_safe(endpoint.query)}: no answer after {ATTEMPTS} tries "
                                  f"({getattr(err, 'reason', err)})") from err
        time.sleep(PAUSE_S * 2 ** (attempt - 1))
    try:
        variables = answer["head"]["vars"]
        rows = [{v: (b[v]["value"] if v in b else None) for v in variables} for b in answer["results"]["bindings"]]
    except (KeyError, TypeError) as err:
        raise RemoteError(f"{_safe(endpoint.query)}: the answer is incomplete or not SPARQL JSON results") from err
    return variables, rows


# --- pushing graphs ----------------------------------------------------------------------


def push(store_dir: Path, endpoint: Endpoint) -> dict[str, int]:
    """PUT every named graph of the built store to the server; the triples of each, checked after."""
    if endpoint.gsp is None:
        raise RemoteError("say where the server takes graphs: --gsp URL, or a --preset")
    graphs = local_graphs(store_dir)
    for name, data in graphs.items():
        url = f"{endpoint.gsp}?{urllib.parse.urlencode({'graph': name})}"
        _request(url, "PUT", endpoint, data=data, headers={"Content-Type": "application/n-triples"})
    counts = {name: data.count(b"\n") for name, data in graphs.items()}
    remote = remote_counts(endpoint, list(graphs))
    wrong = [f"{n}: {remote.get(n, 0)} on the server, {c} here" for n, c in counts.items() if remote.get(n, 0) != c]
    if wrong:
        raise RemoteError("the server does not hold what was pushed: " + "; ".join(wrong))
    return counts


def local_graphs(store_dir: Path) -> dict[str, bytes]:
    """Each named graph of the built store as N-Triples (one triple per line), by graph IRI."""
    db_dir = Path(store_dir) / "db"
    if not db_dir.is_dir():
        raise RemoteError(f"no store in {store_dir}: run 'smkg build --store {store_dir}' first")
    db = ox.Store.read_only(str(db_dir))
    try:
        return {g.value: db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g)
                for g in sorted(db.named_graphs(), key=lambda g: g.value)}
    finally:
        del db


def remote_counts(endpoint: Endpoint, names: list[str]) -> dict[str, int]:
    values = " ".join(f"<{n}>" for n in names)
    _, rows = select(endpoint, "SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { " + values + " } "
                               "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in rows if row["g"] and row["n"]}


# --- HTTP --------------------------------------------------------------------------------


def _request(url: str, method: str, endpoint: Endpoint, data: bytes, headers: dict[str, str]) -> bytes:
    """One request, retried when safe: queries and PUT may be sent again without harm."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers | endpoint.headers())
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:
                body = response.read()
                length = response.headers.get("Content-Length")
                if length is not None and len(body) != int(length):
                    raise RemoteError(f"{_safe(url)}: the answer stopped short ({len(body)} of {length} bytes)")
                return body
        except urllib.error.HTTPError as err:
            if err.code in (401, 403):
                raise RemoteError(f"{_safe(url)}: {err.code} {err.reason}: the server refused the credentials"
                                  " (--user, password in SMKG_PASSWORD)") from err
            if err.code < 500 or attempt == ATTEMPTS:
                detail = err.read()[:300].decode("utf-8", "replace").strip()
                raise RemoteError(f"{_safe(url)}: {err.code} {err.reason}: {' '.join(detail.split())}") from err
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as err:
            if attempt == ATTEMPTS:
                reason = getattr(err, "reason", err)
                raise RemoteError(f"{_safe(url)}: no answer after {ATTEMPTS} tries ({reason})") from err
        time.sleep(PAUSE_S * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def _safe(url: str) -> str:
    """The URL without any user:password part, for messages."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))
