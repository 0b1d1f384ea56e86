"""Where smkg's own files are: the ontology, the queries and the sample corpus.

From a checkout they are the top-level folders beside ``graph/``; from an
installed wheel they are package data under ``graph/_data/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder ``name`` (``ontology``, ``queries`` or ``corpus``)."""
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"smkg cannot find its {name}/ folder (looked beside and inside {_PACKAGE})")


def ontology_file() -> Path:
    return data_dir("ontology") / "smkg.ttl"


def shapes_file() -> Path:
    return data_dir("ontology") / "shapes.ttl"


def reference_files() -> list[Path]:
    return sorted((data_dir("ontology") / "reference").glob("*.ttl"))


def vocabulary_files() -> list[Path]:
    """The shipped subsets of the public vocabularies we align with."""
    return sorted((data_dir("ontology") / "vocab").glob("*.ttl"))


def corpus_dir() -> Path:
    return data_dir("corpus")


def queries_dir() -> Path:
    return data_dir("queries")
