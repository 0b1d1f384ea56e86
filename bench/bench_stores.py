"""The embedded store, chosen by measurement: load time and the time of five
named queries on rdflib's memory Dataset and on pyoxigraph, over a synthetic
dataset of N triples made by copying the built sample letters' graphs under
new IRIs.  Prints figures; asserts nothing.

    .venv/bin/python bench/bench_stores.py 1000000
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from graph.build import build
from graph.namespace import SMKG
from graph.parameters import with_values
from graph.queries import bind, load_query

QUERIES = {"sources": {}, "consultations": {}, "decisions": {}, "in-force": {"document": "TMAD", "on": "2021-11-05"},
           "lineage": {"document": "TMAD"}}


FILE_NAME = re.compile(rb"(<" + re.escape(str(SMKG.fileName).encode()) + rb"> )\"")
#: The things a text mints (renamed in each copy); reference things (documents, organisations) are shared.
MINTED = ("text", "file", "run", "evidence", "consultation", "decision", "version", "person", "post", "meeting",
          "deadline")


def synthetic_nquads(size: int) -> bytes:
    """The sample letters' source graphs copied under renamed IRIs until ``size`` triples, with
    the reference and ontology graphs once."""
    with tempfile.TemporaryDirectory() as tmp:
        build(None, Path(tmp), validate=False)
        db = ox.Store.read_only(str(Path(tmp) / "db"))
        quads = db.dump(format=ox.RdfFormat.N_QUADS).splitlines(keepends=True)
        del db
    fixed = b"".join(q for q in quads if b"/graph/source/" not in q)
    sources = [b"".join(q for q in quads if b"/graph/source/" in q)]
    per_copy = sum(s.count(b"\n") for s in sources)
    out, copies = [fixed], max(1, (size - fixed.count(b"\n")) // per_copy)
    for i in range(copies):
        for source in sources:  # new texts, things and graphs for each copy
            copy = source.replace(b"/graph/source/", f"/graph/source/c{i}-".encode())
            copy = FILE_NAME.sub(rb'\1"c%d-' % i, copy)  # each copy is read from files of its own
            for kind in MINTED:
                copy = copy.replace(f"https://w3id.org/smkg/id/{kind}/".encode(),
                                    f"https://w3id.org/smkg/id/{kind}/c{i}-".encode())
            out.append(copy)
    return b"".join(out)


def main(size: int) -> None:
    data = synthetic_nquads(size)
    triples = data.count(b"\n")
    texts = {name: with_values(q.text, bind(q, params)) for name, params in QUERIES.items()
             for q in [load_query(name)]}
    print(f"{triples} triples")
    start = time.perf_counter()
    rdf = Dataset()
    rdf.parse(data=data.decode("utf-8"), format="nquads")
    print(f"rdflib:     load {time.perf_counter() - start:7.2f} s")
    total = 0.0
    for name, text in texts.items():
        start = time.perf_counter()
        try:
            rows = f"{len(list(rdf.query(text)))} rows"
        except Exception as err:  # rdflib fails on some aggregates over unbound values
            rows = f"failed: {type(err).__name__}: {err}"
        elapsed = time.perf_counter() - start
        total += elapsed
        print(f"            {name:14} {elapsed:7.2f} s  {rows}")
    print(f"            five queries {total:7.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        store = ox.Store(tmp)
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        print(f"pyoxigraph: load {time.perf_counter() - start:7.2f} s")
        total = 0.0
        for name, text in texts.items():
            start = time.perf_counter()
            rows = len(list(store.query(text)))
            elapsed = time.perf_counter() - start
            total += elapsed
            print(f"            {name:14} {elapsed:7.2f} s  {rows} rows")
        print(f"            five queries {total:7.2f} s")
        del store


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
