"""A deterministic TriG writer: graphs by IRI, triples sorted, fixed prefixes,
so the same dataset always gives the same bytes."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import XSD, NamespaceManager

from .namespace import PREFIXES


def write_trig(graphs: dict[str, Graph]) -> str:
    nm = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        nm.bind(prefix, ns, override=True)
    lines = [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items()]
    for name in sorted(graphs):
        lines.append("")
        lines.append(f"<{name}> {{")
        rows = sorted(" ".join(_n3(t, nm) for t in triple) + " ." for triple in graphs[name])
        lines.extend("    " + r for r in rows)
        lines.append("}")
    return "\n".join(lines) + "\n"


def _n3(term, nm: NamespaceManager) -> str:
    if isinstance(term, Literal):
        lexical = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{lexical}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{lexical}"^^{_n3(term.datatype, nm)}'
        return f'"{lexical}"'
    text = term.n3(nm)
    # a prefixed name with '/' or other characters Turtle forbids falls back to a full IRI
    if not text.startswith(("<", '"')) and ("/" in text or "#" in text.split(":", 1)[1] or "." in text[-1:]):
        return f"<{term}>"
    return text
