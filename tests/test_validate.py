"""``smkg validate`` and the validation in ``smkg build``, on the bundled letters.

The 2021 letter dates the conclusions on its paragraph 4 consultation (14 to
28 September 2021) on 14 September 2021: that is the one Violation of the two
letters, and the report must quote both sentences.  A copy with that date
corrected validates clean."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from typer.testing import CliRunner

from graph.build import build
from graph.cli import app
from graph.namespace import ID, SMKGSH
from graph.report import as_text, render
from graph.resources import corpus_dir, shapes_file
from graph.validate import validate_store

LETTER_2021 = "000_6923a674670ce851.txt"
CONCLUSIONS = str(ID["consultation/dcc/s1sr/2021-09-14/conclusions"])
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def report(corpus_store):
    return validate_store(corpus_store)


def test_the_one_violation_of_the_letters_is_the_early_conclusions(report):
    serious = [f for f in report.findings if f.severity in ("Violation", "Warning")]
    assert [(f.severity, f.rule, f.focus) for f in serious] == [("Violation", "ConclusionsAfterClosing", CONCLUSIONS)]
    finding = serious[0]
    facts = {(fact.prop_label, fact.value): fact.quotes for fact in finding.facts}
    closed, concluded = facts[("closed on", "2021-09-28")], facts[("activity date", "2021-09-14")]
    assert [(q.source, q.paragraph) for q in closed + concluded] == [(LETTER_2021, "4")] * 2
    assert closed[0].sentence.startswith("Between 14 September 2021 and [28 September 2021], DCC consulted")
    assert concluded[0].sentence.startswith("DCC submitted its conclusions to the Secretary of State on the S1SR on "
                                            "[14 September 2021]")


def test_the_other_findings_are_notes_of_years_worked_out(report):
    notes = [f for f in report.findings if f.severity == "Info"]
    assert notes and {f.rule for f in notes} == {"YearInferred"}
    meeting = next(f for f in notes if "15 September" in f.message)
    assert meeting.message == ('The year of "15 September" is not printed; it was taken from "14 September 2021", '
                               "giving 2021-09-15.")


def test_cli_validate_exits_1_and_prints_both_sentences(corpus_store):
    result = invoke("validate", "--store", str(corpus_store))
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert out.startswith("Violation: ConclusionsAfterClosing: The conclusions are dated before the consultation")
    assert f"<{CONCLUSIONS}>" in out
    assert f"{LETTER_2021}, page 1, paragraph 4: \"Between 14 September 2021 and [28 September 2021]" in out
    assert "on the S1SR on [14 September 2021], along with the three responses it received" in out
    assert out.rstrip().endswith("does not conform at --fail-on violation")


def corrected_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(corpus_dir() / "004_627c9aacc16d3416.txt", folder)
    text = (corpus_dir() / LETTER_2021).read_text(encoding="utf-8")
    wrong = "Secretary of State on the S1SR on 14 September 2021, along"
    assert text.count(wrong) == 1
    (folder / LETTER_2021).write_text(text.replace(wrong, "Secretary of State on the S1SR on 29 September 2021, along"),
                                      encoding="utf-8")
    return folder


def test_a_corrected_copy_validates_clean(tmp_path):
    build([corrected_copy(tmp_path)], tmp_path / "store", validate=False)
    assert invoke("validate", "--store", str(tmp_path / "store")).exit_code == 0
    assert invoke("validate", "--store", str(tmp_path / "store"), "--fail-on", "warning").exit_code == 0
    noted = invoke("validate", "--store", str(tmp_path / "store"), "--fail-on", "info")
    assert noted.exit_code == 1 and "Info: YearInferred" in noted.stdout


def test_build_validates_and_shows_the_counts_but_exits_0(tmp_path):
    result = invoke("build", "--store", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "validation: 1 violation(s), 0 warning(s), 7 note(s)" in result.stdout
    failing = invoke("build", "--store", str(tmp_path / "out"), "--fail-on", "violation")
    assert failing.exit_code == 1
    assert invoke("build", "--store", str(tmp_path / "out"), "--fail-on", "nonsense").exit_code == 2
    quiet = invoke("build", "--store", str(tmp_path / "out"), "--no-validate")
    assert quiet.exit_code == 0 and "validation:" not in quiet.stdout


def test_csv_has_a_row_per_quote(corpus_store):
    result = invoke("validate", "--store", str(corpus_store), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    early = [r for r in rows if r["rule"] == "ConclusionsAfterClosing"]
    assert {(r["property"].rsplit("#", 1)[-1], r["value"], r["paragraph"], r["words"]) for r in early} == {
        ("closedOn", "2021-09-28", "4", "28 September 2021"), ("activity_date", "2021-09-14", "4", "14 September 2021")}
    assert all(r["severity"] == "Violation" and r["source"] == LETTER_2021 for r in early)


def test_json_says_whether_it_conforms_and_counts(corpus_store):
    result = invoke("validate", "--store", str(corpus_store), "--format", "json", "--fail-on", "violation")
    body = json.loads(result.stdout)
    assert body["conforms"] is False and body["counts"]["Violation"] == 1
    assert body["findings"][0]["rule"] == "ConclusionsAfterClosing"


def test_ttl_is_a_standard_validation_report(corpus_store):
    result = invoke("validate", "--store", str(corpus_store), "--format", "ttl")
    g = Graph().parse(data=result.stdout, format="turtle")
    (root,) = g.subjects(RDF.type, SH.ValidationReport)
    assert g.value(root, SH.conforms) == Literal(False)
    violations = [r for r in g.objects(root, SH.result) if g.value(r, SH.resultSeverity) == SH.Violation]
    assert len(violations) == 1
    v = violations[0]
    assert g.value(v, SH.sourceShape) == SMKGSH.ConclusionsAfterClosing
    assert str(g.value(v, SH.focusNode)) == CONCLUSIONS
    assert g.value(v, SH.sourceConstraintComponent) == SH.LessThanOrEqualsConstraintComponent
    assert not any(isinstance(t, BNode) for t in g.all_nodes())  # results have IRIs minted from content


def test_the_report_is_the_same_every_run(corpus_store, report):
    again = validate_store(corpus_store)
    for fmt in ("text", "csv", "json", "ttl"):
        assert render(report, fmt) == render(again, fmt), fmt


def test_output_file_is_written_whole(corpus_store, tmp_path):
    target = tmp_path / "report.txt"
    result = invoke("validate", "--store", str(corpus_store), "-o", str(target))
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == as_text(validate_store(corpus_store))
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_a_shapes_file_with_a_syntax_error_exits_2_naming_file_and_line(corpus_store, tmp_path):
    lines = shapes_file().read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("smkgsh:ConclusionsAfterClosing"))
    lines[at + 2] = "    sh:lessThanOrEquals eli-dl:activity_date ;; ]] ("
    broken = tmp_path / "shapes.ttl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("validate", "--store", str(corpus_store), "--shapes", str(broken))
    assert result.exit_code == 2
    assert f"{broken}:{at + 3}:" in result.stderr, result.stderr


@pytest.mark.parametrize(("args", "says"), [
    (["--format", "xml"], "unknown format"),
    (["--fail-on", "error"], "unknown --fail-on level"),
    (["--shapes", "/nonexistent/shapes.ttl"], "no such shapes file"),
], ids=["format", "level", "shapes"])
def test_usage_errors_exit_2(corpus_store, args, says):
    result = invoke("validate", "--store", str(corpus_store), *args)
    assert result.exit_code == 2 and says in result.stderr


def test_a_missing_store_exits_2_and_creates_nothing(tmp_path):
    result = invoke("validate", "--store", str(tmp_path / "nowhere"))
    assert result.exit_code == 2 and "no store here" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_a_shape_whose_query_cannot_run_exits_2(corpus_store, tmp_path):
    """A SPARQL syntax error inside a shape is a fault of the shapes (2), not of the data (1)."""
    text = shapes_file().read_text(encoding="utf-8")
    marker = "FILTER (?value < ?other)"
    assert marker in text
    broken = tmp_path / "shapes.ttl"
    broken.write_text(text.replace(marker, "FILTER (?value <<< ?other", 1), encoding="utf-8")
    result = invoke("validate", "--store", str(corpus_store), "--shapes", str(broken))
    assert result.exit_code == 2, result.output
    assert "the shapes cannot be run" in result.stderr
