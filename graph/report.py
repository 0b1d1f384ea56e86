"""A validation report written out: ``text`` for a person, ``csv`` and ``json``
for tools, ``ttl`` as the standard SHACL ``sh:ValidationReport``.

All four are made from the :class:`~graph.validate.Report` alone, so they say
the same whichever engine found the problems, and the same every run."""

from __future__ import annotations

import json
from dataclasses import asdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.util import from_n3

from . import iris
from .namespace import ID, SMKGSH
from .queries import rows_to_csv
from .validate import Finding, Report

FORMATS = ("text", "csv", "json", "ttl")
CSV_COLUMNS = ("severity", "rule", "thing", "thing_label", "message", "fact_thing", "property", "value",
               "source", "page", "paragraph", "words", "sentence")


def render(report: Report, fmt: str, fail_on: str = "violation") -> str:
    if fmt == "text":
        return as_text(report, fail_on)
    if fmt == "csv":
        return as_csv(report)
    if fmt == "json":
        return as_json(report, fail_on)
    if fmt == "ttl":
        return as_turtle(report, fail_on)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def as_text(report: Report, fail_on: str = "violation") -> str:
    lines: list[str] = []
    for f in report.findings:
        lines.append(f"{f.severity}: {f.rule}: {f.message}")
        lines.append(f"  thing: {f.focus_label} <{f.focus}>")
        for fact in f.facts:
            about = "" if fact.subject == f.focus else f" (of {fact.subject_label})"
            lines.append(f"  {fact.prop_label}{about}: {fact.value}")
            for q in fact.quotes:
                page = f", page {q.page}" if q.page is not None else ""
                lines.append(f"    {q.source}{page}, paragraph {q.paragraph}: \"{q.sentence}\"")
        if not f.facts and f.value is not None:
            lines.append(f"  value: {f.value}")
        lines.append("")
    verdict = "conforms" if report.conforms(fail_on) else "does not conform"
    lines.append(f"{report.summary()}: {verdict} at --fail-on {fail_on}")
    return "\n".join(lines) + "\n"


def as_csv(report: Report) -> str:
    """One row per quote of each fact involved (one row for a finding with none)."""
    rows = []
    for f in report.findings:
        head = {"severity": f.severity, "rule": f.rule, "thing": f.focus, "thing_label": f.focus_label,
                "message": f.message, "value": f.value or ""}
        if not f.facts:
            rows.append(head)
        for fact in f.facts:
            base = head | {"fact_thing": fact.subject, "property": fact.prop, "value": fact.value}
            for q in fact.quotes or [None]:
                rows.append(base if q is None else base | {
                    "source": q.source, "page": "" if q.page is None else str(q.page), "paragraph": q.paragraph,
                    "words": q.words, "sentence": q.sentence})
    return rows_to_csv(rows, CSV_COLUMNS)


def as_json(report: Report, fail_on: str = "violation") -> str:
    body = {"conforms": report.conforms(fail_on), "fail_on": fail_on, "counts": report.counts(),
            "findings": [asdict(f) for f in report.findings]}
    return json.dumps(body, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def as_turtle(report: Report, fail_on: str = "violation") -> str:
    """The standard report; results get IRIs minted from their content, so the
    file has no blank nodes and is the same every run."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("smkgsh", SMKGSH)
    g.bind("id", ID)
    root = ID[f"validation/{iris.digest(*sorted(_key(f) for f in report.findings))}"]
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(report.conforms(fail_on))))
    for f in report.findings:
        result = ID[f"validation/result/{iris.digest(*_key(f))}"]
        g.add((root, SH.result, result))
        g.add((result, RDF.type, SH.ValidationResult))
        g.add((result, SH.resultSeverity, SH[f.severity]))
        g.add((result, SH.sourceShape, SMKGSH[f.rule] if "/" not in f.rule else URIRef(f.rule)))
        g.add((result, SH.focusNode, URIRef(f.focus)))
        g.add((result, SH.resultMessage, Literal(f.message, lang="en")))
        if f.component:
            g.add((result, SH.sourceConstraintComponent, URIRef(f.component)))
        if f.path and f.path.startswith("<") and f.path.endswith(">") and f.path.count("<") == 1:
            g.add((result, SH.resultPath, URIRef(f.path[1:-1])))
        if f.value_n3 is not None:
            g.add((result, SH.value, from_n3(f.value_n3)))
    return g.serialize(format="turtle")


def _key(f: Finding) -> tuple[str, ...]:
    return (f.severity, f.rule, f.focus, f.value or "", f.message)
