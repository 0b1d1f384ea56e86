"""RDF terms between pyoxigraph and rdflib.

An Oxigraph simple literal (datatype xsd:string, no language) becomes an
rdflib literal with no datatype, as rdflib reads ``"abc"`` from the N-Quads
Oxigraph writes: the pyshacl path sees the store through such a dump.
"""

from __future__ import annotations

from contextlib import contextmanager

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_XSD_STRING_NODE = ox.NamedNode(XSD_STRING)


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term is None:
        return None
    raise TypeError(f"not an RDF term: {term!r}")


def to_ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is None:
            return ox.Literal(str(term))
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def n3(term) -> str:
    """A pyoxigraph term in SPARQL / N-Triples syntax."""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


@contextmanager
def pristine_literals():
    """rdflib's own lexical-to-value conversions, as in a process where owlrl has not run.

    owlrl (which pyshacl runs for RDFS inference) adds conversions to rdflib's global
    table for some datatypes (xsd:gYearMonth, xsd:gYear, ...) and never takes them away:
    literals made after a first pyshacl run in a process have a value that literals made
    before do not, and pyshacl compares and checks them differently.  pyshacl as
    ``smkg validate`` runs it reads the data before owlrl runs, so this engine decides
    as rdflib does without owlrl's additions."""
    import sys

    from rdflib.term import XSDToPython, _toPythonMapping

    owlrl = sys.modules.get("owlrl.DatatypeHandling")  # not imported: nothing added
    alt = owlrl.AltXSDToPYTHON if owlrl is not None else {}
    added = {k: f for k, f in _toPythonMapping.items() if k not in XSDToPython and alt.get(k) is f}
    for k in added:
        del _toPythonMapping[k]
    try:
        yield
    finally:
        _toPythonMapping.update(added)
