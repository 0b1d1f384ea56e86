"""One self-contained, offline HTML page of the store: a network of everything,
the lineage of one document, and a timeline (``smkg viz``).

The page is built from :func:`graph.visualise.to_networkx`, the one projection
of the store, plus the evidence of each thing (the words a fact was read from,
with file, page and paragraph), fetched with one SPARQL query.  Everything is
inlined: the vendored libraries (``static/vendor``, as published on npm; see
``static/vendor/VERSIONS`` and ``static/vendor/refresh``), our script and
style, and the data as JSON in a ``<script type="application/json">`` block
with ``<``, ``>`` and ``&`` escaped.  A Content-Security-Policy allows only the
page's own scripts (by hash) and forbids any request.

The network is laid out here, once, by a seeded force-directed layout (no
physics in the browser), and the output is deterministic: the same store gives
the same bytes.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import json
import math
import re
from collections import defaultdict
from pathlib import Path

import networkx as nx
import numpy as np
import pyoxigraph as ox

from .namespace import ELI, GRAPH, OA, RDF, SMKG
from .visualise import KINDS, to_networkx

STATIC = Path(__file__).resolve().parent / "static"
VENDOR = STATIC / "vendor"

#: The scripts and styles inlined, in order (paths under static/).
SCRIPTS = ("vendor/cytoscape/cytoscape.min.js", "vendor/vis-timeline/vis-timeline-graph2d.min.js", "page.js")
STYLES = ("vendor/vis-timeline/vis-timeline-graph2d.min.css", "page.css")

#: Each kind's colour (colour-blind-aware Tableau-like palette) and its name in the legend.
COLOURS: dict[str, tuple[str, str]] = {
    "consultation": ("#1f77b4", "Consultations"),
    "conclusions": ("#17becf", "Conclusions"),
    "response": ("#2ca02c", "Government responses"),
    "decision": ("#d62728", "Decisions"),
    "version": ("#ff7f0e", "Document versions"),
    "document": ("#9467bd", "Governed documents"),
    "text": ("#7f7f7f", "Source texts"),
    "meeting": ("#bcbd22", "Meetings"),
    "service-request": ("#8c564b", "Service requests"),
    "uplift": ("#e377c2", "Uplifts"),
    "cohort": ("#6baed6", "Migration cohorts"),
    "organisation": ("#393b79", "Organisations"),
    "group": ("#74c476", "Groups of organisations"),
    "person": ("#f4a6c6", "People"),
}
_IN_FORCE = "#555555"

#: Node attributes that are bookkeeping, not facts.
_NOT_FACTS = {"iri", "kind", "type", "label", "sources", "start", "end"}
#: Node attributes that name a thing, searched besides its label.
_NAMES = ("prefLabel", "altLabel", "hiddenLabel", "notation", "name", "title", "versionLabel")

#: The lineage's columns, left to right, by kind; "in-force" is the effective date of a decision.
_STAGES = ("consultation", "conclusions", "response", "decision", "version", "in-force")
_STAGE_NAMES = {"consultation": "Consultation", "conclusions": "Conclusions", "response": "Government response",
                "decision": "Decision", "version": "Version", "in-force": "In force"}
#: Lineage edges drawn left to right: the words for an edge that follows the RDF direction, and for one against it.
_FORWARD = {"designatesVersion": "designates", "previousVersion": "replaces", "markedUpAgainst": "marked up against"}
_BACKWARD = {"concludes": "concluded in", "respondsTo": "answered by", "followsConsultation": "followed by",
             "designatesVersion": "designated by"}
#: The timeline's items, by kind.
_TIMELINE_KINDS = ("consultation", "conclusions", "response", "decision")

_SEED = 20211104
_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class PageError(Exception):
    """The page cannot be made: no store, or no such document."""


def render_page(store_dir: Path, document: str | None = None) -> str:
    """The HTML page of the store in ``store_dir``; ``document`` names the document whose lineage is shown
    first (its label, another of its names, or its IRI; default: the one with the most versions)."""
    data = page_data(store_dir, document)
    scripts = [_inline(STATIC / name, "script") for name in SCRIPTS]
    styles = [_inline(STATIC / name, "style") for name in STYLES]
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)
    csp = ("default-src 'none'; " f"script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    pieces = {
        "csp": csp,
        "title": _html_text(data["title"]),
        "styles": "\n".join(f"<style>{s}</style>" for s in styles),
        "data": embed_json(data),
        "scripts": "\n".join(f"<script>{s}</script>" for s in scripts),
    }
    template = (STATIC / "page.html").read_text(encoding="utf-8")
    return re.sub(r"<!--smkg:(\w+)-->", lambda m: pieces[m.group(1)], template)


def page_data(store_dir: Path, document: str | None = None) -> dict:
    """What the page shows, as the JSON embedded in it."""
    try:
        graph = to_networkx(Path(store_dir))
    except FileNotFoundError as err:
        raise PageError(str(err)) from err
    evidence = node_evidence(Path(store_dir), set(graph.nodes))
    positions = layout(graph)
    documents = lineages(graph)
    chosen = find_document(graph, document) if document is not None else default_document(graph, documents)
    texts = sum(1 for _, kind in graph.nodes(data="kind") if kind == "text")
    return {
        "title": f"smkg: {graph.number_of_nodes()} things from {texts} source text{'s' if texts != 1 else ''}",
        "kinds": [{"kind": kind, "name": COLOURS[kind][1], "colour": COLOURS[kind][0],
                   "count": sum(1 for _, k in graph.nodes(data="kind") if k == kind)} for kind in KINDS],
        "nodes": [_node(graph, node, evidence.get(node, {}), positions[node]) for node in graph.nodes],
        "edges": [{"s": s, "t": t, "k": key} for s, t, key in graph.edges(keys=True)],
        "documents": [{"id": doc, "label": graph.nodes[doc]["label"], "versions": _version_count(graph, doc)}
                      for doc in sorted(documents, key=lambda d: (graph.nodes[d]["label"].lower(), d))
                      if documents[doc]["nodes"] or doc == chosen],
        "document": chosen,
        "lineage": {doc: documents[doc] for doc in sorted(documents) if documents[doc]["nodes"] or doc == chosen},
        "timeline": timeline(graph),
    }


def embed_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` (so no ``</script>``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


# --- evidence ----------------------------------------------------------------

def node_evidence(store_dir: Path, nodes: set[str]) -> dict[str, dict[tuple[str, str], list[dict]]]:
    """For each node, its facts (property local name, value: an IRI or a literal's lexical form) with the
    evidence for each: the words read (``q``), the file (``f``), page (``pg``) and paragraph (``par``)."""
    query = f"""
        SELECT DISTINCT ?node ?p ?o ?file ?page ?paragraph ?quote WHERE {{
          GRAPH ?g {{
            ?ev a <{SMKG.Evidence}> ; <{RDF.subject}> ?node ; <{RDF.predicate}> ?p ; <{RDF.object}> ?o ;
                <{OA.hasSource}>/<{ELI.is_embodied_by}>/<{SMKG.fileName}> ?file .
            OPTIONAL {{ ?ev <{SMKG.page}> ?page }}
            OPTIONAL {{ ?ev <{SMKG.paragraph}> ?paragraph }}
            OPTIONAL {{ ?ev <{OA.hasSelector}> ?selector . ?selector a <{OA.TextQuoteSelector}> ; <{OA.exact}> ?quote }}
          }}
          FILTER(STRSTARTS(STR(?g), "{GRAPH["source/"]}"))
        }}"""
    db = ox.Store.read_only(str(store_dir / "db"))
    try:
        rows = [tuple(None if term is None else term.value for term in solution) for solution in db.query(query)]
    finally:
        del db
    found: dict[str, dict[tuple[str, str], list[dict]]] = defaultdict(lambda: defaultdict(list))
    for node, p, o, file, page, paragraph, quote in sorted(rows, key=lambda r: tuple(str(x or "") for x in r)):
        if node in nodes:
            found[node][(_local(p), o)].append(
                {"q": quote or "", "f": file, "pg": int(page) if page and page.isdigit() else page, "par": paragraph})
    return found


# --- nodes -------------------------------------------------------------------

def _node(graph: nx.MultiDiGraph, node: str, evidence: dict[tuple[str, str], list[dict]],
          position: tuple[float, float]) -> dict:
    attrs = graph.nodes[node]
    facts: dict[tuple[str, str], dict] = {}
    for key, values in attrs.items():
        if key not in _NOT_FACTS and values is not None:
            for value in values if isinstance(values, tuple) else (values,):
                facts[(key, str(value))] = {"p": key, "v": str(value)}
    for _, target, key in graph.out_edges(node, keys=True):
        facts[(key, target)] = {"p": key, "v": graph.nodes[target]["label"], "ref": target}
    for (key, value), quotes in evidence.items():
        fact = facts.setdefault((key, value), {"p": key, "v": _value_text(graph, value)})
        if value in graph:
            fact["ref"] = value
        fact["ev"] = quotes
    names = sorted({str(v) for key in _NAMES for v in _values(attrs.get(key))} - {attrs["label"]})
    item = {"id": node, "kind": attrs["kind"], "type": attrs["type"], "label": attrs["label"], "names": names,
            "sources": list(attrs["sources"]), "x": position[0], "y": position[1],
            "facts": sorted(facts.values(), key=lambda f: (f["p"] != "type", f["p"].lower(), f["v"].lower(), f["v"]))}
    if attrs.get("start"):
        item.update(start=attrs["start"], end=attrs["end"], **{"from": _day(attrs["start"]),
                                                                 "to": _day(attrs["end"], last=True)})
    return item


def _values(value) -> tuple:
    return () if value is None else value if isinstance(value, tuple) else (value,)


def _value_text(graph: nx.MultiDiGraph, value: str) -> str:
    if value in graph:
        return graph.nodes[value]["label"]
    return _local(value) if value.startswith(("http://", "https://")) else value


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _day(date: str, last: bool = False) -> str | None:
    """An ISO date, month or year as a day: its first, or with ``last`` its last."""
    match = _DAY.match(date or "")
    if not match:
        return None
    year, month, day = match.groups()
    if day:
        return date
    if month:
        end = calendar.monthrange(int(year), int(month))[1] if last else 1
        return f"{year}-{month}-{end:02d}"
    return f"{year}-12-31" if last else f"{year}-01-01"


# --- layout ------------------------------------------------------------------

def layout(graph: nx.MultiDiGraph, iterations: int = 60) -> dict[str, tuple[float, float]]:
    """A seeded Fruchterman-Reingold layout with a little gravity, in pixels (numpy only, chunked so that a
    few thousand nodes stay within memory); the same graph gives the same positions."""
    nodes = list(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(min(index[s], index[t]), max(index[s], index[t])) for s, t in graph.edges() if s != t})
    a = np.array([p[0] for p in pairs], dtype=np.int64)
    b = np.array([p[1] for p in pairs], dtype=np.int64)
    pos = np.random.default_rng(_SEED).random((n, 2))
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    chunk = max(1, 1_000_000 // n)
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        x, y = pos[:, 0], pos[:, 1]
        for start in range(0, n, chunk):
            stop = min(start + chunk, n)
            dx = x[start:stop, None] - x[None, :]
            dy = y[start:stop, None] - y[None, :]
            weight = k * k / np.maximum(dx * dx + dy * dy, 1e-6)  # repulsion k^2/d along the unit vector
            disp[start:stop, 0] = np.einsum("ij,ij->i", weight, dx)  # einsum, not BLAS: the same sums every run
            disp[start:stop, 1] = np.einsum("ij,ij->i", weight, dy)
        if len(pairs):
            delta = pos[a] - pos[b]
            force = delta * (np.sqrt((delta ** 2).sum(axis=1)) / k)[:, None]
            np.subtract.at(disp, a, force)
            np.add.at(disp, b, force)
        disp -= 0.5 * k * (pos - pos.mean(axis=0)) * n ** 0.5
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.min(axis=0)
    span = max(float(pos.max()), 1e-9)
    side = 100.0 * math.sqrt(n)
    return {node: (round(float(x) / span * side, 1), round(float(y) / span * side, 1))
            for node, (x, y) in zip(nodes, pos)}


# --- lineage -----------------------------------------------------------------

def _version_count(graph: nx.MultiDiGraph, document: str) -> int:
    return len(_linked(graph, document, "isVersionOf", "version"))


def _linked(graph: nx.MultiDiGraph, node: str, key: str, kind: str | None = None, incoming: bool = True) -> set[str]:
    """The nodes linked to ``node`` by ``key`` (pointing at it, or with ``incoming=False`` from it)."""
    edges = graph.in_edges(node, keys=True) if incoming else graph.out_edges(node, keys=True)
    found = {s if incoming else t for s, t, k in edges if k == key}
    return {x for x in found if kind is None or graph.nodes[x]["kind"] == kind}


def default_document(graph: nx.MultiDiGraph, documents: dict[str, dict] | None = None) -> str | None:
    """The document with the most versions (then the longest lineage, then by name); ``documents`` are the
    :func:`lineages` when already made."""
    documents = lineages(graph) if documents is None else documents
    if not documents:
        return None
    return min(documents, key=lambda d: (-_version_count(graph, d), -len(documents[d]["nodes"]),
                                         graph.nodes[d]["label"].lower(), d))


def find_document(graph: nx.MultiDiGraph, name: str) -> str:
    """The document ``name`` names: its IRI, label, or one of its other names (case aside)."""
    wanted = name.strip().lower()
    documents = sorted(n for n, kind in graph.nodes(data="kind") if kind == "document")
    for doc in documents:
        attrs = graph.nodes[doc]
        names = {doc.lower(), _local(doc).lower(), str(attrs["label"]).lower()}
        names |= {str(v).lower() for key in _NAMES for v in _values(attrs.get(key))}
        if wanted in names:
            return doc
    known = ", ".join(sorted(graph.nodes[d]["label"] for d in documents)) or "none"
    raise PageError(f"no document named {name!r} in the store (documents: {known})")


def lineages(graph: nx.MultiDiGraph) -> dict[str, dict]:
    """Each document's lineage, laid out left to right by stage."""
    return {doc: lineage(graph, doc) for doc, kind in graph.nodes(data="kind") if kind == "document"}


def lineage(graph: nx.MultiDiGraph, document: str) -> dict:
    """The lineage of ``document``: consultation -> conclusions -> government response -> decision ->
    version -> in force, as nodes with a column (``col``) and a position, and edges drawn left to right."""
    versions = _linked(graph, document, "isVersionOf", "version")
    consultations = _linked(graph, document, "subjectDocument", "consultation")
    decisions = _linked(graph, document, "designatesDocument", "decision")
    decisions |= {d for v in versions for d in _linked(graph, v, "designatesVersion", "decision")}
    consultations |= {c for d in decisions for c in _linked(graph, d, "followsConsultation", "consultation", False)}
    conclusions = {x for c in consultations for x in _linked(graph, c, "concludes", "conclusions")}
    responses = {r for c in consultations | conclusions for r in _linked(graph, c, "respondsTo", "response")}
    members = consultations | conclusions | responses | decisions | versions

    items = [{"id": m, "label": attrs["label"], "kind": attrs["kind"], "stage": attrs["kind"],
              "start": attrs.get("start"), "order": attrs.get("versionOrder", 0)}
             for m in members for attrs in (graph.nodes[m],)]
    edges = []
    for s, t, key in ((s, t, key) for m in sorted(members) for s, t, key in graph.out_edges(m, keys=True)):
        if t in members and s != t:
            forward = _STAGES.index(graph.nodes[s]["kind"]) <= _STAGES.index(graph.nodes[t]["kind"])
            label = _FORWARD.get(key, key) if forward else _BACKWARD.get(key, key)
            edges.append({"s": s if forward else t, "t": t if forward else s, "label": label})
    for decision in sorted(decisions):
        effective = graph.nodes[decision].get("effectiveDate")
        if effective:
            date = min(_values(effective))
            node = f"{decision}#in-force"
            items.append({"id": node, "label": f"in force {date}", "kind": "in-force", "stage": "in-force",
                          "start": date, "order": 0, "of": decision})
            designated = sorted(_linked(graph, decision, "designatesVersion", "version", False)) or [decision]
            edges.extend({"s": source, "t": node, "label": "in force"} for source in designated)

    columns = [stage for stage in _STAGES if any(i["stage"] == stage for i in items)]
    nodes = []
    for col, stage in enumerate(columns):
        here = sorted((i for i in items if i["stage"] == stage),
                      key=lambda i: (i["start"] or "", i["order"], str(i["label"]).lower(), i["id"]))
        for row, item in enumerate(here):
            node = {"id": item["id"], "label": item["label"], "kind": item["kind"], "col": col,
                    "x": col * 250, "y": round((row - (len(here) - 1) / 2) * 100, 1)}
            if "of" in item:
                node["of"] = item["of"]
            nodes.append(node)
    edges = sorted({(e["s"], e["t"], e["label"]) for e in edges})
    return {"columns": [_STAGE_NAMES[s] for s in columns], "nodes": nodes,
            "edges": [{"s": s, "t": t, "label": label} for s, t, label in edges]}


# --- timeline ----------------------------------------------------------------

def _documents_of(graph: nx.MultiDiGraph, node: str) -> set[str]:
    kind = graph.nodes[node]["kind"]
    if kind == "consultation":
        return _linked(graph, node, "subjectDocument", "document", False)
    if kind == "conclusions":
        return {d for c in _linked(graph, node, "concludes", None, False) for d in _documents_of(graph, c)}
    if kind == "response":
        return {d for c in _linked(graph, node, "respondsTo", None, False) if graph.nodes[c]["kind"] != "response"
                for d in _documents_of(graph, c)}
    if kind == "decision":
        versions = _linked(graph, node, "designatesVersion", "version", False)
        return (_linked(graph, node, "designatesDocument", "document", False)
                | {d for v in versions for d in _linked(graph, v, "isVersionOf", "document", False)})
    return set()


def timeline(graph: nx.MultiDiGraph) -> dict:
    """The timeline's lanes (one per document, and one for things of no known document) and items:
    consultations as ranges from opening to close, the rest as points, sorted by date."""
    items = []
    for node in graph.nodes:
        attrs = graph.nodes[node]
        start = _day(attrs.get("start", ""))
        if attrs["kind"] not in _TIMELINE_KINDS or start is None:
            continue
        last = _day(attrs["end"], last=True)
        ranged = attrs["kind"] == "consultation" and last is not None and (last != start or attrs["start"] != start)
        for doc in sorted(_documents_of(graph, node)) or [""]:
            item = {"id": f"{node} {doc}", "node": node, "group": doc or "none", "kind": attrs["kind"],
                    "label": attrs["label"], "start": start}
            if ranged:
                item["end"] = _next_day(last)
            items.append(item)
    items.sort(key=lambda i: (i["start"], i.get("end", ""), i["label"].lower(), i["id"]))
    lanes = sorted({i["group"] for i in items} - {"none"}, key=lambda d: (graph.nodes[d]["label"].lower(), d))
    groups = [{"id": d, "label": graph.nodes[d]["label"]} for d in lanes]
    if any(i["group"] == "none" for i in items):
        groups.append({"id": "none", "label": "(no document named)"})
    return {"groups": groups, "items": items}


def _next_day(day: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


# --- inlining ----------------------------------------------------------------

def _inline(path: Path, tag: str) -> str:
    """A script or style file's text, fit to inline: its source-map comment dropped (the page carries no
    map, and nothing may be fetched), and refused if it could close its element."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n?(//|/\*)# sourceMappingURL=\S+( \*/)?\s*$", "\n", text)
    if f"</{tag}" in text.lower() or "<!--" in text:
        raise PageError(f"{path.name} cannot be inlined: it contains </{tag} or <!--")
    return text


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["PageError", "default_document", "embed_json", "find_document", "layout", "lineage", "node_evidence",
           "page_data", "render_page", "timeline"]
