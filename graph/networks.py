"""Network exports of the store: GraphML, GEXF and Cytoscape.js JSON, for Gephi,
yEd, Cytoscape, igraph, networkx and the like.

All three carry the projection of :func:`graph.visualise.to_networkx`: its nodes
(keyed by IRI) and its edges (one per subject, predicate and object, keyed by
the predicate's local name), with their attributes.  The same store gives the
same bytes: nodes are written sorted by IRI, edges by (source, predicate IRI,
target), attributes by name, and nothing depends on the clock or the machine.

Every edge has an id made from what it says, the same in the three formats:
``e`` and the first 16 hex digits of the SHA-256 of ``source|predicate IRI|target``.

**Flattening (GraphML and GEXF).**  An attribute there holds one scalar, so:

* A property with several values (a tuple in the projection: ``sources``,
  often ``altLabel``) is one string: the values, in the projection's (sorted)
  order, joined with ``"; "``.  Such a property is a *list attribute*, and it is written that way
  on every node (or edge) that has it, even where it has one value.  In a list
  attribute, a ``\\`` in a value is written ``\\\\`` and a ``;`` is written
  ``\\;``, so a value containing ``"; "`` stays one value: split on a ``"; "``
  not preceded by a backslash, then undo the two escapes (:func:`split_values`).
  The list attributes are named in the file: GraphML's graph data
  ``list_attributes`` and GEXF's ``<meta><description>``.  Other attributes
  (``label``, ``title``, ``definition``...) are written as they are.
* Whole numbers stay integers when an attribute is a whole number on every
  node (or edge) that has it; otherwise the attribute is a string throughout.
* Absent (``None``) attributes are left out.
* Characters that XML 1.0 cannot carry (control characters other than tab,
  newline and carriage return; U+FFFE, U+FFFF) become U+FFFD.
* Edges keep their key: GraphML writes the edge id as ``id`` and the
  predicate's local name as the data ``key``; GEXF writes the edge id as
  ``id`` and the key as ``networkx_key`` (networkx's name, which its reader
  turns back into the key); both keep ``label`` (the local name) and
  ``predicate`` (the IRI).  ``nx.read_gexf`` gives back the projection's keys;
  ``nx.read_graphml`` keys edges by their id, with the projection's key in the
  ``key`` attribute.  (Edge ids are unique on purpose: networkx's default
  GraphML edge id is the key, shared by every ``mentions`` edge, and a tool
  that indexes edges by id, as Gephi's importer does, may merge or drop edges
  whose id it has seen.)  GraphML keys are named ``node.NAME``, ``edge.NAME``
  and ``graph.NAME`` rather than networkx's ``d0``, ``d1``...

**Dates in GEXF.**  A node's ``start`` and ``end`` are the GEXF ``start`` and
``end`` of the node, with the graph in ``mode="dynamic"`` and
``timeformat="date"``, so Gephi's timeline shows when each thing happened.
GEXF dates are whole days: a date known to the month starts on its first day
and ends on its last (``2021-02`` is 2021-02-01 to 2021-02-28), a year likewise.
A node without a date has no ``start``/``end`` and is there all the time.  A
property named like a part of GEXF's node element (``id``, ``pid``,
``parents``, ``spells``, ``slices``, ``viz``) gets a trailing ``_``.  GraphML
keeps ``start`` and ``end`` as the projection's ISO strings.

**Cytoscape.js JSON** (``.cyjs``, what Cytoscape desktop imports and
``cy.json()`` reads) needs no flattening: several values are a JSON list, one
value is a string or a number, as in the projection.  Each node's ``data`` has
``id`` (the IRI), ``label`` and the node's attributes; each edge's ``data`` has
``id``, ``source``, ``target``, ``interaction`` (the predicate's local name, as
Cytoscape names an edge's type), ``label``, ``predicate`` and ``sources``.  A
property named ``id`` or ``parent`` (a compound node's parent, to Cytoscape.js)
gets a trailing ``_``.  Keys sorted, UTF-8 as it is, a newline at the end.  Its
media type is ``application/json``: no media type is registered for
Cytoscape.js JSON, Cytoscape knows the file by its ``.cyjs`` extension, and
browsers and HTTP clients handle ``application/json`` as JSON.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path
from xml.etree.ElementTree import Element

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

from .exports import ExportError
from .visualise import to_networkx

#: Network formats: name -> (file extensions, media type).
NETWORK_FORMATS: dict[str, tuple[tuple[str, ...], str]] = {
    "graphml": ((".graphml",), "application/graphml+xml"),
    "gexf": ((".gexf",), "application/gexf+xml"),
    "cyjs": ((".cyjs",), "application/json"),
}

#: What several values are joined with in GraphML and GEXF.
SEPARATOR = "; "
_NAME = "smkg"
_DESCRIPTION = "UK smart metering governance: the things of governance and the links between them"
_XML_BAD = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_GEXF_RESERVED = frozenset({"id", "pid", "parents", "spells", "slices", "viz"})
_CYJS_NODE_RESERVED = frozenset({"id", "parent"})
_CYJS_EDGE_RESERVED = frozenset({"id", "source", "target", "interaction"})
_NMTOKEN = re.compile(r"[\w.:-]+")
_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def export_network(store_dir: Path, fmt: str) -> bytes:
    """The store's network in ``fmt`` (a key of :data:`NETWORK_FORMATS`), the same bytes every time."""
    if fmt not in NETWORK_FORMATS:
        raise ExportError(f"unknown network format {fmt!r}; formats: {', '.join(NETWORK_FORMATS)}")
    if not (Path(store_dir) / "db").is_dir():
        raise ExportError(f"no store in {store_dir}: run 'smkg build --store {store_dir}' first")
    graph = to_networkx(Path(store_dir))
    if fmt == "graphml":
        return graphml(graph)
    if fmt == "gexf":
        return gexf(graph)
    return cyjs(graph)


def format_of(path: Path | str) -> str | None:
    """The network format a file's extension names, if any."""
    suffix = Path(path).suffix.lower()
    return next((name for name, (suffixes, _) in NETWORK_FORMATS.items() if suffix in suffixes), None)


def edge_id(source: str, predicate: str, target: str) -> str:
    """An edge's id, made from what it says: the same in every format and every run."""
    return "e" + hashlib.sha256(f"{source}|{predicate}|{target}".encode()).hexdigest()[:16]


def flatten(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a projection with scalar attributes only, by the module's rule; each edge gains its ``id``.
    Nodes sorted by IRI, edges by (source, predicate, target), attributes by name."""
    node_data = [data for _, data in graph.nodes(data=True)]
    edge_data = [data for _, _, data in graph.edges(data=True)]
    node_lists, edge_lists = _list_attributes(node_data), _list_attributes(edge_data)
    node_ints, edge_ints = _int_attributes(node_data, node_lists), _int_attributes(edge_data, edge_lists)
    flat = nx.MultiDiGraph(list_attributes=SEPARATOR.join(sorted(node_lists | edge_lists)))
    for node in sorted(graph.nodes):
        flat.add_node(node, **_flat_attrs(graph.nodes[node], node_lists, node_ints))
    for u, v, key, data in _sorted_edges(graph):
        attrs = _flat_attrs(data, edge_lists, edge_ints)
        attrs["id"] = edge_id(u, data.get("predicate", key), v)
        flat.add_edge(u, v, key=key, **dict(sorted(attrs.items())))
    return flat


def split_values(text: str) -> list[str]:
    """The values of a list attribute, from its GraphML or GEXF string (the inverse of the join)."""
    values, current, chars = [], [], iter(text)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char == ";":
            values.append("".join(current))
            current = []
            next(chars, "")  # the space after the separator's semicolon
        else:
            current.append(char)
    values.append("".join(current))
    return values


def graphml(graph: nx.MultiDiGraph) -> bytes:
    """A projection as GraphML: edges with their content id as ``id`` and the projection's key as ``key``."""
    flat = flatten(graph)
    out = nx.MultiDiGraph(name=_NAME, description=_DESCRIPTION, list_attributes=flat.graph["list_attributes"])
    out.add_nodes_from(flat.nodes(data=True))
    for u, v, key, data in flat.edges(keys=True, data=True):
        attrs = {k: value for k, value in data.items() if k != "id"}
        out.add_edges_from([(u, v, data["id"], dict(sorted({**attrs, "key": key}.items())))])
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(out)
    _name_keys(writer.xml)
    buffer = io.BytesIO()
    writer.dump(buffer)
    return buffer.getvalue()


def _name_keys(root: Element) -> None:
    """GraphML keys named for what they are (``node.label``, ``edge.key``) rather than ``d0``, ``d1``...,
    and listed graph, node, edge, by name, rather than in the reverse of their first use."""
    keys = [element for element in root if element.tag == "key"]
    names = {}
    for key in keys:
        name = f"{key.get('for')}.{key.get('attr.name')}"
        names[key.get("id")] = name if _NMTOKEN.fullmatch(name) else key.get("id")
    if len(set(names.values())) < len(names):  # two keys would share a name: keep networkx's
        return
    for key in keys:
        root.remove(key)
        key.set("id", names[key.get("id")])
    for data in root.iter("data"):
        data.set("key", names[data.get("key")])
    order = {"graph": 0, "node": 1, "edge": 2}
    for i, key in enumerate(sorted(keys, key=lambda k: (order.get(k.get("for"), 3), k.get("attr.name")))):
        root.insert(i, key)


def gexf(graph: nx.MultiDiGraph) -> bytes:
    """A projection as GEXF 1.2, dynamic, with each dated node's ``start`` and ``end`` as whole days."""
    flat = flatten(graph)
    out = nx.MultiDiGraph(name=_NAME, mode="dynamic")
    for node, data in flat.nodes(data=True):
        attrs = {(f"{k}_" if k in _GEXF_RESERVED else k): value for k, value in data.items()}
        start, end = _first_day(attrs.pop("start", None)), _last_day(attrs.pop("end", None))
        if start and end:
            attrs.update(start=start, end=max(start, end))
        out.add_node(node, **attrs)
    out.add_edges_from(flat.edges(keys=True, data=True))
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(out)
    writer.graph_element.set("mode", "dynamic")
    writer.graph_element.set("timeformat", "date")
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)  # today's date: the same store would give other bytes tomorrow
    meta.find("creator").text = _NAME
    lists = flat.graph["list_attributes"]
    description = _DESCRIPTION + (f". List attributes (values joined with '{SEPARATOR}'): {lists}" if lists else "")
    meta.append(_element("description", description))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def cyjs(graph: nx.MultiDiGraph) -> bytes:
    """A projection as Cytoscape.js JSON: several values as a list."""
    nodes = []
    for node in sorted(graph.nodes):
        data = _json_attrs(graph.nodes[node], _CYJS_NODE_RESERVED)
        data["id"] = node
        nodes.append({"data": data})
    edges = []
    for u, v, key, attrs in _sorted_edges(graph):
        data = _json_attrs(attrs, _CYJS_EDGE_RESERVED)
        data.update(id=edge_id(u, attrs.get("predicate", key), v), source=u, target=v, interaction=key)
        edges.append({"data": data})
    document = {
        "format_version": "1.0",
        "generated_by": _NAME,
        "target_cytoscapejs_version": "~3",
        "data": {"name": _NAME, "description": _DESCRIPTION},
        "elements": {"nodes": nodes, "edges": edges},
    }
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _sorted_edges(graph: nx.MultiDiGraph):
    return sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[3].get("predicate", e[2]), e[1], e[2]))


def _list_attributes(items: list[dict]) -> set[str]:
    return {k for data in items for k, value in data.items() if isinstance(value, (tuple, list))}


def _int_attributes(items: list[dict], lists: set[str]) -> set[str]:
    whole: dict[str, bool] = {}
    for data in items:
        for k, value in data.items():
            if value is not None:
                whole[k] = whole.get(k, True) and type(value) is int and k not in lists
    return {k for k, ok in whole.items() if ok}


def _flat_attrs(data: dict, lists: set[str], ints: set[str]) -> dict:
    attrs = {}
    for k, value in sorted(data.items()):
        if value is None:
            continue
        if k in ints:
            attrs[k] = value
        elif k in lists:
            values = value if isinstance(value, (tuple, list)) else (value,)
            attrs[k] = SEPARATOR.join(_escape(_xml_safe(str(v))) for v in values)
        else:
            attrs[k] = _xml_safe(str(value))
    return attrs


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;")


def _xml_safe(value: str) -> str:
    return _XML_BAD.sub("\ufffd", value)


def _json_attrs(data: dict, reserved: frozenset[str]) -> dict:
    return {(f"{k}_" if k in reserved else k): list(value) if isinstance(value, tuple) else value
            for k, value in sorted(data.items()) if value is not None}


def _first_day(value: str | None) -> str | None:
    parts = _date_parts(value)
    return f"{parts[0]:04d}-{parts[1] or 1:02d}-{parts[2] or 1:02d}" if parts else None


def _last_day(value: str | None) -> str | None:
    parts = _date_parts(value)
    if not parts:
        return None
    year, month, day = parts
    month = month or 12
    return f"{year:04d}-{month:02d}-{day or calendar.monthrange(year, month)[1]:02d}"


def _date_parts(value: str | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of an ISO date known to the year, month or day; None if it is not one."""
    match = _DAY.fullmatch(value or "")
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


def _element(tag: str, text: str) -> Element:
    element = Element(tag)
    element.text = text
    return element


__all__ = ["NETWORK_FORMATS", "SEPARATOR", "cyjs", "edge_id", "export_network", "flatten", "format_of", "gexf",
           "graphml", "split_values"]
