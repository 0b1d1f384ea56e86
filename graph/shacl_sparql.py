"""SHACL shapes compiled to SPARQL and run on pyoxigraph: see :mod:`graph.engine`.

``graph.validate.validate_store(store, engine="sparql")`` (the default) uses it;
``engine="pyshacl"`` runs the reference engine.
"""

from __future__ import annotations

from .engine import EngineFallback, UnsupportedShape, ValidationFailure, validate_graphs, validate_store

__all__ = ["EngineFallback", "UnsupportedShape", "ValidationFailure", "validate_graphs", "validate_store"]
