"""Static pictures for reports, both drawn from the projection of the store
(:func:`graph.visualise.to_networkx`):

* :func:`lineage_svg`: the lineage of one governed document, left to right:
  the consultations on it, their conclusions, the government responses to them,
  the decisions that designate it (or a version of it) and the versions those
  decisions bring in, ending at the document itself.  Drawn by Graphviz ``dot``
  (the Debian package ``graphviz``) from DOT text written here
  (:func:`lineage_dot`).
* :func:`timeline_png`: every dated consultation, conclusions, government
  response and decision on a time axis, one lane per governed document, drawn
  by matplotlib (Agg, no pyplot) at a fixed size.

Both are deterministic: the same store gives the same bytes (on the same
Graphviz and matplotlib).  Dates known only to the month (``2021-02``) are
placed on the 1st of the month and drawn hollow (markers) or hatched (bars),
so that they read as approximate; dates known only to the year are left out of
the timeline (they remain in the lineage's labels).
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import networkx as nx

from .visualise import to_networkx


class PictureError(Exception):
    """A picture cannot be drawn: no store, an unknown document, Graphviz missing or failing."""


# --- shared: how each kind looks ---------------------------------------------------------------------------------

#: Kind -> (fill colour, line colour); the line colours are the Okabe-Ito palette, readable by colour-blind readers.
COLOURS: dict[str, tuple[str, str]] = {
    "consultation": ("#D6EAF8", "#0072B2"),
    "conclusions": ("#D5F2E8", "#009E73"),
    "response": ("#FCEBC7", "#E69F00"),
    "decision": ("#F9DCCB", "#D55E00"),
    "version": ("#EBDDF0", "#9B4F96"),
    "document": ("#E8E8E8", "#404040"),
}

#: The columns of a lineage, left to right, with their headings.
COLUMNS: dict[str, str] = {
    "consultation": "Consultations",
    "conclusions": "Conclusions",
    "response": "Government responses",
    "decision": "Decisions",
    "version": "Versions",
    "document": "Document",
}

#: Edge key (predicate local name) -> the relation in plain words; only these edges are drawn in a lineage.
RELATIONS: dict[str, str] = {
    "concludes": "concludes",
    "respondsTo": "responds to",
    "followsConsultation": "follows",
    "designatesVersion": "designates",
    "designatesDocument": "designates",
    "decidesOn": "decides on",
    "previousVersion": "replaces",
    "markedUpAgainst": "marked up against",
    "isVersionOf": "version of",
}

_DECIDES = ("designatesDocument", "designatesVersion", "decidesOn", "previousVersion")
_SHAPES = {"consultation": ("box", "rounded,filled"), "conclusions": ("note", "filled"),
           "response": ("box", "filled"), "decision": ("box", "rounded,filled,bold"),
           "version": ("component", "filled"), "document": ("folder", "filled,bold")}
_FONT = "Helvetica,Arial,sans-serif"
_WRAP = 30  # characters per line of a node's label


def _graph(store_dir: Path) -> nx.MultiDiGraph:
    try:
        return to_networkx(Path(store_dir))
    except FileNotFoundError as err:
        raise PictureError(str(err)) from err


def _type_words(attrs: dict) -> str:
    """``GovernmentResponse`` -> ``Government response``; the kind when the thing has no class of ours."""
    name = attrs.get("type") or attrs["kind"]
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).split()
    return " ".join([words[0]] + [w if w.isupper() else w.lower() for w in words[1:]]) if words else name


def _values(attrs: dict, key: str) -> tuple:
    value = attrs.get(key)
    return () if value is None else value if isinstance(value, tuple) else (value,)


# --- the lineage of one document ----------------------------------------------------------------------------------

def find_document(graph: nx.MultiDiGraph, document: str) -> str:
    """The node of the governed document named ``document``: its IRI, its label (any case) or, failing those,
    one of its alternative labels or notations; an unknown or ambiguous name is a :class:`PictureError`."""
    documents = {n: a for n, a in graph.nodes(data=True) if a["kind"] == "document"}
    if document in documents:
        return document
    wanted = document.strip().casefold()
    for keys in (("label",), ("altLabel", "notation")):
        found = sorted(n for n, a in documents.items()
                       if any(str(v).casefold() == wanted for k in keys for v in _values(a, k)))
        if len(found) == 1:
            return found[0]
        if found:
            raise PictureError(f"{document!r} names several documents: "
                               + ", ".join(f"{documents[n]['label']} <{n}>" for n in found))
    known = sorted({str(a["label"]) for a in documents.values()}, key=str.casefold)
    raise PictureError(f"no governed document called {document!r} in the store; known documents: "
                       + (", ".join(known) if known else "none"))


def lineage(graph: nx.MultiDiGraph, doc: str) -> tuple[set[str], list[tuple[str, str, str]]]:
    """The things in the lineage of the document node ``doc`` (itself included) and the edges between them
    that a lineage draws, as sorted (subject, object, key) triples.

    Versions are those that say they are versions of the document and those its decisions designate or replace;
    decisions are those that designate (or decide on) the document or one of its versions; consultations are
    those on the document or a version of it and those its decisions follow; then the conclusions of those
    consultations and the government responses to them."""
    kind = {n: a["kind"] for n, a in graph.nodes(data=True)}

    def sources(targets: set[str], keys, of_kind: str) -> set[str]:
        return {s for t in targets for s, _, k in graph.in_edges(t, keys=True) if k in keys and kind[s] == of_kind}

    def objects(subjects: set[str], keys, of_kind: str) -> set[str]:
        return {o for s in subjects for _, o, k in graph.out_edges(s, keys=True) if k in keys and kind[o] == of_kind}

    versions = sources({doc}, ("isVersionOf",), "version")
    decisions = sources({doc} | versions, _DECIDES, "decision")
    versions |= objects(decisions, _DECIDES, "version")
    consultations = sources({doc} | versions, ("subjectDocument",), "consultation")
    consultations |= objects(decisions, ("followsConsultation",), "consultation")
    nodes = ({doc} | versions | decisions | consultations | sources(consultations, ("concludes",), "conclusions")
             | sources(consultations, ("respondsTo",), "response"))

    designating = {s for s, o, k in graph.edges(keys=True) if s in nodes and k == "designatesVersion" and o in nodes}
    edges = set()
    for s, o, k in graph.edges(keys=True):
        if s in nodes and o in nodes and k in RELATIONS and s != o:
            if o == doc and k in _DECIDES and s in designating:
                continue  # the decision's version already leads to the document
            edges.add((s, o, k))
    return nodes, sorted(edges)


def lineage_dot(store_dir: Path, document: str) -> str:
    """The DOT text of the lineage of ``document`` (a label, alternative label or IRI): see :func:`lineage_svg`."""
    graph = _graph(store_dir)
    doc = find_document(graph, document)
    return _lineage_dot(graph, doc)


def lineage_svg(store_dir: Path, document: str) -> bytes:
    """The lineage of one governed document as SVG, drawn by Graphviz ``dot``: consultations, conclusions,
    government responses, decisions and versions, left to right, each with its dates."""
    dot = shutil.which("dot")
    if dot is None:
        raise PictureError("drawing the lineage needs Graphviz's 'dot' program, which is not on PATH; "
                           "install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz)")
    text = lineage_dot(store_dir, document)
    try:
        done = subprocess.run([dot, "-Tsvg"], input=text.encode("utf-8"), capture_output=True, timeout=120,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise PictureError(f"Graphviz's dot could not run: {err}") from err
    if done.returncode != 0 or not done.stdout:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PictureError(f"Graphviz's dot failed (exit {done.returncode}): "
                           + (lines[0] if lines else "no message"))
    return done.stdout


def dot_string(text: str) -> str:
    """``text`` as a double-quoted DOT string: backslashes and quotes escaped, line breaks as ``\\n``,
    other control characters dropped."""
    text = _printable(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def html_text(text: str) -> str:
    """``text`` for an HTML-like Graphviz label: ``& < > "`` and ``'`` as entities, control characters dropped
    (a backslash is plain text there)."""
    return html.escape(_printable(text).replace("\n", " "), quote=True)


def _printable(text: str) -> str:
    return "".join(c for c in str(text) if c == "\n" or c >= " " and c != "\x7f")


def _lineage_dot(graph: nx.MultiDiGraph, doc: str) -> str:
    nodes, edges = lineage(graph, doc)
    attrs = {n: graph.nodes[n] for n in nodes}
    version_dates = _version_dates(graph, nodes)
    order = list(COLUMNS)

    def column(n: str) -> int:
        return order.index(attrs[n]["kind"])

    def sort_key(n: str):
        a = attrs[n]
        return (column(n), a.get("start") or version_dates.get(n, ("", ""))[1] or "~",
                min(_values(a, "versionOrder"), default=0), str(a["label"]).casefold(), n)

    def about(n: str) -> list[str]:
        if attrs[n]["kind"] != "consultation":
            return []
        return sorted({str(graph.nodes[o]["label"]) for _, o, k in graph.out_edges(n, keys=True)
                       if k == "subjectDocument"}, key=str.casefold)

    title = f"Lineage of {attrs[doc]['label']}"
    if len(nodes) == 1:
        title += ": no consultations, decisions or versions in the store"
    out = ["digraph lineage {",
           f"  graph [rankdir=LR, newrank=true, nodesep=0.25, ranksep=0.7, bgcolor=white, pad=0.3, "
           f"fontname={dot_string(_FONT)}, fontsize=20, labelloc=t, label={dot_string(title)}];",
           f"  node [fontname={dot_string(_FONT)}, fontsize=11, margin=\"0.15,0.08\", penwidth=1.2];",
           f"  edge [fontname={dot_string(_FONT)}, fontsize=10, color=\"#555555\", fontcolor=\"#333333\", "
           f"arrowsize=0.8];"]
    columns: dict[int, list[str]] = defaultdict(list)
    for n in sorted(nodes, key=sort_key):
        columns[column(n)].append(n)
    for index in sorted(columns):
        kind = order[index]
        fill, line = COLOURS[kind]
        out.append(f"  subgraph column_{index} {{")
        out.append("    rank=same;")
        out.append(f"    {dot_string('heading ' + kind)} [shape=plaintext, fontsize=13, fontcolor={dot_string(line)}, "
                   f"label=<<B>{html_text(COLUMNS[kind])}</B>>];")
        shape, style = _SHAPES[kind]
        for n in columns[index]:
            out.append(f"    {dot_string(n)} [shape={shape}, style={dot_string(style)}, fillcolor={dot_string(fill)}, "
                       f"color={dot_string(line)}, label=<{_node_label(attrs[n], version_dates.get(n), about(n))}>];")
        out.append("  }")
    # the headings in order, left to right, and each above the first thing of its column
    headings = {i: dot_string("heading " + order[i]) for i in sorted(columns)}
    if len(headings) > 1:
        out.append(f"  {' -> '.join(headings.values())} [style=invis, weight=10];")
    for index, heading in headings.items():
        out.append(f"  {heading} -> {dot_string(columns[index][0])} [style=invis];")
    for s, o, key in edges:
        words = dot_string(RELATIONS[key])
        if column(s) > column(o):  # drawn from left to right, the arrow still pointing from subject to object
            out.append(f"  {dot_string(o)} -> {dot_string(s)} [dir=back, label={words}];")
        else:
            constraint = ", constraint=false" if column(s) == column(o) else ""
            out.append(f"  {dot_string(s)} -> {dot_string(o)} [label={words}{constraint}];")
    out.append("}")
    return "\n".join(out) + "\n"


def _version_dates(graph: nx.MultiDiGraph, nodes: set[str]) -> dict[str, tuple[str, str]]:
    """Each version's (word, date) from the decisions that designate it: when it took effect, else when it was
    designated; the earliest such date."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, o, key in graph.edges(keys=True):
        if key == "designatesVersion" and o in nodes and graph.nodes[o]["kind"] == "version":
            decision = graph.nodes[s]
            for word, prop in (("effective", "effectiveDate"), ("designated", "decisionDate")):
                if _values(decision, prop):
                    found[o].append((min(_values(decision, prop)), word))
                    break
    return {n: (word, day) for n, dated in found.items() for day, word in [min(dated)]}


def _dates_line(attrs: dict, version_date: tuple[str, str] | None) -> str:
    kind = attrs["kind"]
    if kind == "consultation":
        parts = [("opened", "openedOn"), ("closed", "closedOn")]
    elif kind == "decision":
        parts = [("decided", "decisionDate"), ("effective", "effectiveDate")]
    elif kind == "version":
        return f"{version_date[0]} {version_date[1]}" if version_date else ""
    elif kind == "document":
        return ""
    else:
        return f"dated {attrs['start']}" if attrs.get("start") else ""
    said = [(word, ", ".join(map(str, _values(attrs, prop)))) for word, prop in parts if _values(attrs, prop)]
    if len(said) == 2 and said[0][1] == said[1][1]:
        return f"{said[0][0]} and {said[1][0]} {said[0][1]}"
    return " · ".join(f"{word} {day}" for word, day in said)


def _node_label(attrs: dict, version_date: tuple[str, str] | None, about: list[str]) -> str:
    """An HTML-like label: the thing's class in small capitals, its label wrapped, its dates, and the documents
    it is on when there are several (the projection's label names one)."""
    lines = [f'<FONT POINT-SIZE="9" COLOR="#555555">{html_text(_type_words(attrs).upper())}</FONT>']
    label = str(attrs["label"] or attrs["iri"])
    lines += [f"<B>{html_text(line)}</B>" for line in textwrap.wrap(label, _WRAP, break_on_hyphens=False)
              or [label]]
    small = [_dates_line(attrs, version_date)]
    if len(about) > 1:
        small.append("on " + ", ".join(about))
    lines += [f'<FONT POINT-SIZE="10">{html_text(line)}</FONT>' for line in small if line]
    return "<BR/>".join(lines)


# --- the timeline -------------------------------------------------------------------------------------------------

#: The timeline's size in pixels (width, height) at :data:`DPI`, for up to :data:`LANES` lanes; each further lane
#: adds :data:`LANE_HEIGHT` pixels so that a large store stays readable.
SIZE = (1600, 900)
DPI = 100
LANES = 12
LANE_HEIGHT = 60
#: The lane of things that name no governed document.
NO_DOCUMENT = "(no document named)"
_TIMELINE_KINDS = ("consultation", "conclusions", "response", "decision")
_OFFSET = {"consultation": -0.22, "conclusions": -0.02, "response": 0.12, "decision": 0.27}
_MARKERS = {"conclusions": "o", "response": "D", "decision": "^"}
_LEGEND = {"consultation": "consultation (open to close)", "conclusions": "conclusions",
           "response": "government response", "decision": "decision (designation, direction...)"}


@dataclass(frozen=True, order=True)
class _Event:
    lane: str
    kind: str
    start: date
    end: date
    start_month_only: bool
    end_month_only: bool
    note: str
    iri: str


def timeline_size(lanes: int) -> tuple[int, int]:
    """The timeline's size in pixels for so many lanes."""
    return SIZE[0], SIZE[1] + max(0, lanes - LANES) * LANE_HEIGHT


def _day(value) -> tuple[date, bool] | None:
    """An ISO date (``2021-07-27``) or month (``2021-02``, placed on the 1st) with whether only the month is
    known; None for anything else (a year alone is too vague to place)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", str(value))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3] or 1)), m[3] is None
    except ValueError:
        return None


def _documents_of(graph: nx.MultiDiGraph, node: str, keys) -> set[str]:
    """The governed documents a thing is about through ``keys``, a version standing for its document."""
    found = set()
    for _, o, k in graph.out_edges(node, keys=True):
        if k in keys:
            if graph.nodes[o]["kind"] == "document":
                found.add(o)
            elif graph.nodes[o]["kind"] == "version":
                found |= {d for _, d, k2 in graph.out_edges(o, keys=True)
                          if k2 == "isVersionOf" and graph.nodes[d]["kind"] == "document"}
    return found


def _events(graph: nx.MultiDiGraph) -> list[_Event]:
    lanes: dict[str, set[str]] = {}
    for n, a in graph.nodes(data=True):
        if a["kind"] == "consultation":
            lanes[n] = _documents_of(graph, n, ("subjectDocument",))
        elif a["kind"] == "decision":
            lanes[n] = _documents_of(graph, n, _DECIDES)
    for n, a in graph.nodes(data=True):
        if a["kind"] in ("conclusions", "response"):
            lanes[n] = {d for _, c, k in graph.out_edges(n, keys=True)
                        if k in ("concludes", "respondsTo") and c in lanes for d in lanes[c]}
    events = []
    for n, docs in lanes.items():
        a = graph.nodes[n]
        if a["kind"] == "consultation":
            opened = min(filter(None, map(_day, _values(a, "openedOn"))), default=None)
            closed = max(filter(None, map(_day, _values(a, "closedOn"))), default=None)
            start, end = opened or closed, closed or opened
        elif a["kind"] == "decision":
            start = min(filter(None, map(_day, _values(a, "decisionDate"))), default=None)
            end = max(filter(None, map(_day, _values(a, "effectiveDate"))), default=None)
            start = start or end
            end = end or start
        else:
            start = end = _day(a["start"]) if a.get("start") else None
        if start is None:
            continue
        if end[0] < start[0]:
            end = start
        versions = sorted(", ".join(map(str, _values(graph.nodes[o], "versionLabel"))) or str(graph.nodes[o]["label"])
                          for _, o, k in graph.out_edges(n, keys=True) if k == "designatesVersion")
        for lane in sorted(graph.nodes[d]["label"] for d in docs) or [NO_DOCUMENT]:
            events.append(_Event(lane, a["kind"], start[0], end[0], start[1], end[1], ", ".join(versions), n))
    return sorted(events)


def _plain(text: str) -> str:
    """Text that matplotlib shows as it is: a dollar sign would start mathtext."""
    return _printable(text).replace("\n", " ").replace("$", "\\$")


def timeline_png(store_dir: Path) -> bytes:
    """A timeline of the store as PNG: one lane per governed document, its consultations as bars from opening
    to close, conclusions, government responses and decisions as markers (a decision's line runs on to when it
    took effect, labelled with the versions it designates); month-only dates hollow or hatched, on the 1st."""
    import matplotlib
    import matplotlib.style
    from matplotlib import dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    graph = _graph(store_dir)
    events = _events(graph)
    if not events:
        raise PictureError("nothing to draw: the store has no dated consultation, conclusions, "
                           "government response or decision")
    lane_names = sorted({e.lane for e in events}, key=lambda name: (name == NO_DOCUMENT, name.casefold(), name))
    row = {name: i for i, name in enumerate(lane_names)}
    width, height = timeline_size(len(lane_names))

    # matplotlib's own defaults and its bundled font, whatever the user's matplotlibrc says
    with matplotlib.style.context("default"), matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 11}):
        fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        for i in range(len(lane_names)):
            if i % 2 == 0:
                ax.axhspan(i - 0.5, i + 0.5, color="#F4F4F4", zorder=0, linewidth=0)
        for e in events:
            fill, line = COLOURS[e.kind]
            y = row[e.lane] + _OFFSET[e.kind]
            hollow = e.start_month_only or e.end_month_only
            if e.kind == "consultation":
                if e.end > e.start:
                    ax.barh(y, mdates.date2num(e.end) - mdates.date2num(e.start), left=mdates.date2num(e.start),
                            height=0.3, color="white" if hollow else line, edgecolor=line, linewidth=1.2,
                            hatch="///" if hollow else None, alpha=0.9, zorder=3)
                else:  # one date known: a square
                    ax.plot([e.start], [y], marker="s", markersize=9, linestyle="none", zorder=4,
                            markerfacecolor="white" if hollow else line, markeredgecolor=line,
                            markeredgewidth=1.5)
            else:
                if e.kind == "decision" and e.end > e.start:
                    ax.plot([e.start, e.end], [y, y], color=line, linewidth=1.5, zorder=3)
                    ax.plot([e.end], [y], marker="|", markersize=10, color=line, zorder=3)
                ax.plot([e.start], [y], marker=_MARKERS[e.kind], markersize=9, linestyle="none",
                        markerfacecolor="white" if hollow else line, markeredgecolor=line if hollow else "black",
                        markeredgewidth=1.2 if hollow else 0.6, zorder=4)
                if e.kind == "decision" and e.note:
                    ax.annotate(_plain(e.note), (mdates.date2num(e.start), y), xytext=(0, -11),
                                textcoords="offset points", ha="center", va="top", fontsize=8, color=line, zorder=5)

        ax.set_yticks(range(len(lane_names)), ["\n".join(textwrap.wrap(_plain(name), 28)) or " "
                                               for name in lane_names])
        ax.set_ylim(len(lane_names) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        first = min(e.start for e in events)
        last = max(e.end for e in events)
        pad = max(timedelta(days=30), (last - first) / 25)
        ax.set_xlim(first - pad, last + pad)
        locator = mdates.AutoDateLocator(minticks=6, maxticks=14)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(  # every label with its year
            locator, formats=["%Y", "%b %Y", "%d %b %Y", "%H:%M", "%H:%M", "%S.%f"],
            zero_formats=["", "%Y", "%b %Y", "%d %b %Y", "%H:%M", "%H:%M"], show_offset=False))
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.8, zorder=1)
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("date")
        ax.set_title("Consultations, conclusions, government responses and decisions, by governed document",
                     fontsize=15, loc="left", pad=12)
        handles = [Patch(facecolor=COLOURS["consultation"][1], edgecolor=COLOURS["consultation"][1],
                         label=_LEGEND["consultation"])]
        handles.append(Line2D([], [], marker="s", linestyle="none", markersize=9, markerfacecolor=COLOURS[
            "consultation"][1], markeredgecolor=COLOURS["consultation"][1], label="consultation (one date known)"))
        handles += [Line2D([], [], marker=_MARKERS[k], linestyle="none", markersize=9, markerfacecolor=COLOURS[k][1],
                           markeredgecolor="black", markeredgewidth=0.6, label=_LEGEND[k]) for k in _MARKERS]
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=9, markerfacecolor="white",
                              markeredgecolor="#555555", label="hollow or hatched: month only, on the 1st"))
        fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), frameon=False, fontsize=10)

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


__all__ = ["COLOURS", "COLUMNS", "NO_DOCUMENT", "RELATIONS", "PictureError", "dot_string", "find_document",
           "html_text", "lineage", "lineage_dot", "lineage_svg", "timeline_png", "timeline_size"]
