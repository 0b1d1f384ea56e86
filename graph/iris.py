"""Minting data IRIs from content: the same input always gives the same IRIs."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import URIRef

from . import keys
from .keys import slug
from .namespace import GRAPH, ID


def digest(*parts: object, length: int = 16) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:length]


def text_iri(sha256: str) -> URIRef:
    return ID[f"text/{sha256[:16]}"]


def file_iri(file_name: str) -> URIRef:
    return ID[f"file/{quote(file_name, safe='')}"]


def source_graph(file_name: str) -> URIRef:
    return GRAPH[f"source/{quote(file_name, safe='')}"]


def person_iri(name: str) -> URIRef:
    return ID[keys.person(name).removeprefix("id:")]


def post_iri(title: str, organisation: str | None = None) -> URIRef:
    return ID[keys.post(title, organisation).removeprefix("id:")]


def annex_iri(text: URIRef, label: str) -> URIRef:
    return URIRef(f"{text}/annex/{slug(label)}")


def run_iri(version: str, sha256: str) -> URIRef:
    return ID[f"run/{version}/{sha256[:16]}"]


def evidence_iri(*parts: object) -> URIRef:
    return ID[f"evidence/{digest(*parts)}"]


SOFTWARE = ID["software/smkg"]
ONTOLOGY_GRAPH = GRAPH["ontology"]
REFERENCE_GRAPH = GRAPH["reference"]
