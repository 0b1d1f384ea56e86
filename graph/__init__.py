"""smkg: a knowledge graph of UK smart metering governance.

The pipeline, top to bottom (see :mod:`graph.build`)::

    documents -> segments -> facts -> triples -> store -> validation
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("smkg")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0"
