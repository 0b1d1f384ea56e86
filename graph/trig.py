"""A deterministic TriG writer: graphs by IRI, triples sorted, fixed prefixes,
so the same dataset always gives the same bytes.

Two entry points, one format: :func:`write_trig` for rdflib graphs (small
data: the tests, the exports of a few texts) and :func:`write_store_trig`, which
reads the Oxigraph store directly and streams to a file, for the snapshot of a
large corpus (rdflib's per-term prefix lookup would take minutes there).  Blank
nodes (only the ontology's OWL lists have any) are labelled canonically, by
rdflib, graph by graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

from .namespace import PREFIXES, XSD

_BY_NAMESPACE = {str(ns): prefix for prefix, ns in PREFIXES.items()}
#: A local name written after a prefix: Turtle allows more, this is what needs no escaping anywhere.
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_XSD_STRING = str(XSD.string)


def write_trig(graphs: dict[str, Graph]) -> str:
    lines = [_header()]
    for name in sorted(graphs):
        lines.append(_graph(name, sorted(_row(triple) for triple in graphs[name])))
    return "".join(lines)


def write_store_trig(db: ox.Store, out: TextIO) -> None:
    """The store's named graphs as TriG on ``out``, in the same form as :func:`write_trig`."""
    out.write(_header())
    for name in sorted(g.value for g in db.named_graphs()):
        quads = list(db.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        if not quads:
            continue
        if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
            g = Graph().parse(data=ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES),
                              format="nt")
            rows = sorted(_row(triple) for triple in to_canonical_graph(g))
        else:
            rows = sorted(" ".join((_ox(q.subject), _ox(q.predicate), _ox(q.object))) + " ." for q in quads)
        out.write(_graph(name, rows))


def _header() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())


def _graph(name: str, rows: Iterable[str]) -> str:
    return f"\n<{name}> {{\n" + "".join(f"    {r}\n" for r in rows) + "}\n"


def _row(triple) -> str:
    return " ".join(_term(t) for t in triple) + " ."


def _term(term) -> str:
    if isinstance(term, Literal):
        return _literal(str(term), term.language, str(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, URIRef):
        return _iri(str(term))
    raise TypeError(f"cannot write {term!r}")


def _ox(term) -> str:
    if isinstance(term, ox.NamedNode):
        return _iri(term.value)
    if isinstance(term, ox.Literal):
        return _literal(term.value, term.language, term.datatype.value)
    raise TypeError(f"cannot write {term!r}")


def _iri(iri: str) -> str:
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    prefix = _BY_NAMESPACE.get(iri[:cut])
    if prefix is not None and _LOCAL.fullmatch(iri[cut:]):
        return f"{prefix}:{iri[cut:]}"
    return f"<{iri}>"


def _literal(lexical: str, language: str | None, datatype: str | None) -> str:
    text = lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if language:
        return f'"{text}"@{language}'
    if datatype and datatype != _XSD_STRING and not datatype.endswith("#langString"):
        return f'"{text}"^^{_iri(datatype)}'
    return f'"{text}"'
