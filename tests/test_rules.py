"""The consistency rules of ontology/shapes.ttl, each on letters that plant its inconsistency.

Every rule has a folder in tests/fixtures/rules/, named for the rule: a
violating text (or folder of texts) that breaks exactly that rule, a
conforming copy with the one planted fault corrected (and maybe near misses,
conforming-*.txt, that the rule must not catch, and other wordings of the
fault, violating-*.txt, that it must), and expected.yaml, the
report the violating text must give: the rule, its severity, the thing
concerned and words of the text each finding must quote.  The texts go through
the whole pipeline (build, then validate), as a user's letters would.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml
from rdflib import Graph
from rdflib.namespace import RDF, SH

from graph.build import build
from graph.namespace import ID, SMKGSH
from graph.validate import Finding, load_shapes, validate_store

RULES_DIR = Path(__file__).resolve().parent / "fixtures" / "rules"
RULES = sorted(p.name for p in RULES_DIR.iterdir() if p.is_dir())

#: Rules on what no letter can say (the evidence's own structure, the
#: ontology's axioms): their fixtures are broken examples in test_shapes.py.
NOT_FROM_LETTERS = {"TextPositionInOrder", "OcrCorrectionChangesSomething", "EvidenceStatesAFact",
                    "ComparedVersionsOfOneDocument", "DisjointClasses", "EveryFactHasEvidence"}


@cache
def consistency_rules() -> list[str]:
    """The rules of the consistency section: the shapes with a target of their own."""
    g: Graph = load_shapes()
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    targeted = {s for s in shapes if any((s, p, None) in g for p in (SH.targetClass, SH.targetSubjectsOf, SH.target))}
    named = [str(s)[len(str(SMKGSH)):] for s in targeted]
    return sorted(n for n in named if not n.endswith("Shape"))


def findings_of(source: Path, store: Path) -> list[Finding]:
    summary = build([source], store, validate=False)
    assert not summary.errors, summary.errors
    return validate_store(store).findings


def thing(f: Finding) -> str:
    """The thing concerned: a finding on a piece of evidence is about the fact's subject."""
    if "/id/evidence/" in f.focus and f.facts:
        return f.facts[0].subject
    return f.focus


def source(rule: str, kind: str) -> Path:
    folder = RULES_DIR / rule
    return folder / kind if (folder / kind).is_dir() else folder / f"{kind}.txt"


def test_every_consistency_rule_has_fixtures():
    assert len(consistency_rules()) >= 20, consistency_rules()
    missing = sorted(set(consistency_rules()) - set(RULES) - NOT_FROM_LETTERS)
    assert not missing, f"rules with no fixture folder: {missing}"
    assert set(RULES) <= set(consistency_rules()), sorted(set(RULES) - set(consistency_rules()))
    from test_shapes import BROKEN  # the broken examples that plant the others

    assert NOT_FROM_LETTERS <= {case[4] for case in BROKEN}


@pytest.mark.parametrize("rule", RULES)
def test_the_violating_text_breaks_exactly_its_rule(rule, tmp_path):
    expected = yaml.safe_load((RULES_DIR / rule / "expected.yaml").read_text(encoding="utf-8"))
    assert expected["rule"] == rule
    findings = findings_of(source(rule, "violating"), tmp_path / "store")
    assert findings, f"{rule}: nothing found"
    also = set(expected.get("also", []))  # rules the same words cannot help breaking too
    assert {f.rule for f in findings} == {rule} | also, [(f.rule, f.message) for f in findings]
    assert {f.severity for f in findings if f.rule == rule} == {expected["severity"]}
    focus = str(ID[expected["focus"]])
    assert focus in {thing(f) for f in findings}, [thing(f) for f in findings]
    quoted = " ".join(q.sentence for f in findings if thing(f) == focus for fact in f.facts for q in fact.quotes)
    for words in expected["quotes"]:
        assert " ".join(words.split()) in quoted.replace("[", "").replace("]", ""), (words, quoted)


#: The texts that must give no finding: each rule's corrected copy, and any
#: other conforming-*.txt beside it (a near miss the rule must not catch).
CONFORMING = [(rule, source(rule, "conforming")) for rule in RULES] + [
    (rule, path) for rule in RULES for path in sorted((RULES_DIR / rule).glob("conforming-*.txt"))]


@pytest.mark.parametrize(("rule", "path"), CONFORMING, ids=[f"{r}/{p.name}" for r, p in CONFORMING])
def test_the_corrected_text_gives_no_finding(rule, path, tmp_path):
    findings = findings_of(path, tmp_path / "store")
    assert not findings, [(f.severity, f.rule, f.message) for f in findings]


#: Other wordings of a rule's fault (from blind probes): each must break that rule and no other.
OTHER_WORDINGS = [(rule, path) for rule in RULES for path in sorted((RULES_DIR / rule).glob("violating-*.txt"))]


@pytest.mark.parametrize(("rule", "path"), OTHER_WORDINGS, ids=[f"{r}/{p.name}" for r, p in OTHER_WORDINGS])
def test_another_wording_of_the_fault_breaks_the_rule_too(rule, path, tmp_path):
    expected = yaml.safe_load((RULES_DIR / rule / "expected.yaml").read_text(encoding="utf-8"))
    findings = findings_of(path, tmp_path / "store")
    assert {f.rule for f in findings} == {rule} | set(expected.get("also", [])), [(f.rule, f.message) for f in findings]
