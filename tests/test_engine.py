"""The SPARQL engine (graph.engine) gives pyshacl's results.

On every kind of data the shapes are tested with (the bundled letters, every
rule fixture, the broken examples of test_shapes.py, every genre fixture) both
engines run and must agree:

* on the validation results themselves (shape, focus node, path, value,
  severity, constraint component, messages), as sets: pyshacl repeats some;
* on the findings made from either report with the same data graph (so that
  rdflib's own order, which decides between two labels of one thing, is the
  same for both);
* and, on a built store, on the findings of ``validate_store`` as a user gets
  them (where the data gives no such choice).

The engine must not fall back to pyshacl on any of this data; where the shapes
use something it does not run, it must say so and name the shape.
"""

from __future__ import annotations

import hashlib
import shutil
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace
from rdflib.namespace import RDF, SH, XSD

from graph import engine, iris
from graph.build import build
from graph.engine.closure import Working, inoculated
from graph.engine.terms import to_ox, to_rdflib
from graph.resources import shapes_file
from graph.validate import (
    ValidationError,
    _sparql_path,
    findings_from,
    load_shapes,
    store_graphs,
    validate,
    validate_store,
)

TESTS = Path(__file__).resolve().parent
RULES_DIR = TESTS / "fixtures" / "rules"
GENRES_DIR = TESTS / "fixtures" / "genres"
EX = Namespace("http://example.org/")


# --- comparing the engines ------------------------------------------------------------------


def _forget_owlrl_conversions() -> None:
    """Undo owlrl's additions to rdflib's conversions (see graph.engine.terms.pristine_literals):
    the data each test makes is then read as ``smkg validate`` reads it, before owlrl runs."""
    from owlrl.DatatypeHandling import AltXSDToPYTHON
    from rdflib.term import XSDToPython, _toPythonMapping

    for k in [k for k, f in _toPythonMapping.items() if k not in XSDToPython and AltXSDToPYTHON.get(k) is f]:
        del _toPythonMapping[k]


@pytest.fixture(autouse=True)
def _rdflib_as_smkg_validate_reads():
    _forget_owlrl_conversions()


def results(report: Graph) -> set[tuple]:
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(r, SH.resultPath)
        out.add((report.value(r, SH.sourceShape), report.value(r, SH.focusNode),
                 None if path is None else _sparql_path(report, path), report.value(r, SH.value),
                 report.value(r, SH.resultSeverity), report.value(r, SH.sourceConstraintComponent),
                 frozenset(str(m) for m in report.objects(r, SH.resultMessage))))
    return out


def assert_same(data: Graph, ontology: Graph, shapes: Graph) -> set[tuple]:
    """Both engines on rdflib graphs, as graph.validate.validate runs them; the results."""
    _report, theirs = validate(data, ontology, shapes, engine="pyshacl")
    mine = engine.validate_graphs(data, ontology, shapes)  # no fallback to pyshacl here
    assert results(mine) == results(theirs)
    assert findings_from(mine, data, shapes, ontology) == findings_from(theirs, data, shapes, ontology)
    return results(theirs)


def assert_same_store(store: Path) -> None:
    """Both engines on a built store, as graph.validate.validate_store runs them."""
    mine = validate_store(store)
    theirs = validate_store(store, engine="pyshacl")
    assert mine.findings == theirs.findings
    _forget_owlrl_conversions()  # the data read again, as a fresh process reads it
    data, ontology = store_graphs(store)
    shapes = load_shapes()
    report, _data, _ontology = engine.validate_store(store, engine.shapes_from_graph(shapes))
    _r, pyshacl_report = validate(data, ontology, shapes, engine="pyshacl")
    assert results(report) == results(pyshacl_report)


@cache
def shapes() -> Graph:
    return load_shapes()


# --- the bundled letters --------------------------------------------------------------------


def test_the_bundled_letters(corpus_store):
    assert_same_store(corpus_store)
    assert validate_store(corpus_store).findings, "the 2021 letter has a known violation"


def test_a_store_of_texts_that_disagree(tmp_path):
    """A store of several texts, where rules compare facts across texts."""
    folder = RULES_DIR / "ResponseCountsAgreeAcrossTexts" / "violating"
    summary = build(sorted(folder.glob("*.txt")), tmp_path / "store", validate=False)
    assert summary.texts > 1 and not summary.errors
    assert_same_store(tmp_path / "store")


# --- the rule fixtures, text by text ----------------------------------------------------------


def _rule_texts() -> list[Path]:
    """Every text of tests/fixtures/rules/ once (some folder fixtures share texts)."""
    seen, out = set(), []
    for path in sorted(RULES_DIR.rglob("*.txt")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            out.append(path)
    return out


RULE_TEXTS = _rule_texts()


def _unique_name(path: Path, root: Path) -> str:
    return "__".join(path.relative_to(root).parts)


@pytest.fixture(scope="module")
def built_texts(tmp_path_factory):
    """Every rule and genre fixture built once into one store (each under a name of its
    own), read back as graphs: (source graphs by file name, reference, ontology)."""
    folder = tmp_path_factory.mktemp("fixtures")
    texts = folder / "texts"
    texts.mkdir()
    for path in RULE_TEXTS:
        shutil.copy(path, texts / _unique_name(path, RULES_DIR))
    for path in sorted(GENRES_DIR.glob("*.txt")):
        shutil.copy(path, texts / _unique_name(path, GENRES_DIR.parent))
    summary = build(sorted(texts.glob("*.txt")), folder / "store", validate=False)
    assert not summary.errors, summary.errors
    _forget_owlrl_conversions()
    dataset = Dataset()
    dataset.parse(folder / "store" / "graph.trig", format="trig")
    graphs = {str(g.identifier): g for g in dataset.graphs()}
    return graphs, graphs[str(iris.REFERENCE_GRAPH)], graphs[str(iris.ONTOLOGY_GRAPH)]


def _check_text(built_texts, name: str) -> None:
    graphs, reference, ontology = built_texts
    text = graphs[str(iris.source_graph(name))]
    data = Graph()
    data += text
    data += reference
    assert_same(data, ontology, shapes())


@pytest.mark.parametrize("path", RULE_TEXTS, ids=lambda p: "/".join(p.relative_to(RULES_DIR).parts))
def test_a_rule_fixture(built_texts, path):
    _check_text(built_texts, _unique_name(path, RULES_DIR))


GENRE_TEXTS = sorted(GENRES_DIR.glob("*.txt"))


@pytest.mark.parametrize("path", GENRE_TEXTS, ids=lambda p: p.stem)
def test_a_genre_fixture(built_texts, path):
    _check_text(built_texts, _unique_name(path, GENRES_DIR.parent))


# --- the broken examples of test_shapes.py ----------------------------------------------------

from test_shapes import BROKEN, EXAMPLES, example, ontology, reference, replace  # noqa: E402
from test_shapes import shapes as example_shapes  # noqa: E402


@pytest.mark.parametrize(("example_name", "breaker"), [case[1:3] for case in BROKEN], ids=[c[0] for c in BROKEN])
def test_a_broken_example(example_name, breaker):
    g = example(example_name)
    breaker(g)
    found = assert_same(g + reference(), ontology(), example_shapes())
    assert found, "a broken example gives results"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_example(path):
    assert_same(example(path.stem) + reference(), ontology(), example_shapes())


def test_code_values_outside_their_schemes():
    from graph.namespace import ID, SMKG

    for prop, value in ((SMKG.concernsCohort, ID["cohort/moc-all"]), (SMKG.support, ID["cohort/foc"])):
        g = example("Consultation")
        replace(SMKG.Consultation, prop, value)(g)
        assert_same(g + reference(), ontology(), example_shapes())


# --- what pyshacl decides on a value ---------------------------------------------------------

#: Literals whose datatype check rdflib decides in its own way (ill-typed, time zones, ranges).
ODD_VALUES = {
    XSD.date: ["2021-02-01", "2021-02-30", "0000-01-01", "2021-02-01Z", "2021-02-01+01:00", "12021-02-01",
               "-0001-01-01", "2021-2-1", "abc", "2020-02-29", "2019-02-29"],
    XSD.gYearMonth: ["2021-02", "2021-13", "abc", "2021-02Z"],
    XSD.integer: ["1", "-5", "abc", "1.0", "99999999999999999999999"],
    XSD.nonNegativeInteger: ["0", "-1", "abc", "7"],
    XSD.positiveInteger: ["0", "1", "-3"],
    XSD.boolean: ["true", "false", "yes", "0"],  # "0" is written "false" by Oxigraph: left out
    XSD.duration: ["P1M", "abc"],
}


def _kept(literal: Literal) -> bool:
    """Whether Oxigraph keeps the literal as written (else the engine leaves the data to pyshacl)."""
    store = ox.Store()
    node = ox.NamedNode(str(EX.x))
    store.add(ox.Quad(node, node, to_ox(literal)))
    return to_rdflib(next(iter(store)).object) == literal


def test_datatype_edge_cases():
    shapes_g, data = Graph(), Graph()
    others = [Literal("plain"), Literal("tagged", lang="en"), EX.iri, Literal("2021-02-01", datatype=XSD.date),
              Literal("5", datatype=XSD.integer), Literal("2021-02", datatype=XSD.gYearMonth)]
    for i, (dt, lexicals) in enumerate(ODD_VALUES.items()):
        shape, prop, thing = EX[f"S{i}"], EX[f"p{i}"], EX[f"x{i}"]
        ps = BNode()
        for triple in ((shape, RDF.type, SH.NodeShape), (shape, SH.targetClass, EX.Thing), (shape, SH.property, ps),
                       (ps, SH.path, prop), (ps, SH.datatype, dt), (ps, SH.message, Literal(f"not a {dt}"))):
            shapes_g.add(triple)
        data.add((thing, RDF.type, EX.Thing))
        for value in [Literal(lexical, datatype=dt) for lexical in lexicals] + others:
            if _kept(value) if isinstance(value, Literal) else True:
                data.add((thing, prop, value))
    assert assert_same(data, Graph(), shapes_g)


#: (Oxigraph writes "3"^^xsd:nonNegativeInteger as "3"^^xsd:integer: no such literal here.)
COMPARED = [Literal("2021-02-01", datatype=XSD.date), Literal("2021-02", datatype=XSD.gYearMonth),
            Literal("2021-03", datatype=XSD.gYearMonth), Literal(3), Literal(4), Literal("four"),
            Literal("2.5", datatype=XSD.decimal), Literal("abc", datatype=XSD.date), Literal("x", lang="en"),
            Literal("2021-02-01T10:00:00", datatype=XSD.dateTime), Literal("-1", datatype=XSD.integer), EX.iri]


def _pairs_data(pairs) -> Graph:
    data = Graph()
    for i, (a, b) in enumerate(pairs):
        thing = EX[f"t{i}"]
        data.add((thing, RDF.type, EX.Thing))
        data.add((thing, EX.a, a))
        data.add((thing, EX.b, b))
    return data


def _comparable(a, b) -> bool:
    from graph.engine.checks import pair_fails

    try:
        pair_fails(a, b, True)
        pair_fails(a, b, False)
    except TypeError:
        return False
    return True


PAIR_SHAPES = f"""
    @prefix sh: <{SH}> . @prefix ex: <{EX}> .
    ex:Order a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:a ; sh:lessThanOrEquals ex:b ;
        sh:message "a after b" .
    ex:Strict a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:a ; sh:lessThan ex:b ;
        sh:message "a not before b" .
    """


def test_sh_less_than_across_datatypes():
    """sh:lessThan(OrEquals) between dates, months, numbers, text and IRIs, as pyshacl compares them."""
    pairs = [(a, b) for a in COMPARED for b in COMPARED if _comparable(a, b)]
    assert len(pairs) > 50
    assert assert_same(_pairs_data(pairs), Graph(), Graph().parse(data=PAIR_SHAPES, format="turtle"))


def test_sh_less_than_stops_where_pyshacl_stops():
    """Where Python cannot compare two literals, pyshacl stops; so does the engine, in the same words."""
    pairs = [(a, b) for a in COMPARED for b in COMPARED if not _comparable(a, b)][:1]
    assert pairs
    data, shapes_g = _pairs_data(pairs), Graph().parse(data=PAIR_SHAPES, format="turtle")
    with pytest.raises(ValidationError) as theirs:
        validate(data, Graph(), shapes_g, engine="pyshacl")
    with pytest.raises(ValidationError) as mine:
        validate(data, Graph(), shapes_g)
    assert str(mine.value) == str(theirs.value)


def test_sparql_comparisons_across_datatypes():
    """SPARQL's < between every pair, as rdflib evaluates it (by datatype IRI where SPARQL errs)."""
    select = (f"SELECT $this ?value ?other WHERE {{ $this <{EX.a}> ?value ; <{EX.b}> ?other . "
              "FILTER (?value < ?other || ?other > ?value) }")
    shapes_g = Graph().parse(data=f"""
        @prefix sh: <{SH}> . @prefix ex: <{EX}> .
        ex:Sparql a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql ex:Before .
        ex:Before a sh:SPARQLConstraint ; sh:message "{{?value}} before {{?other}}" .
        """, format="turtle")
    shapes_g.add((EX.Before, SH.select, Literal(select)))
    pairs = [(a, b) for a in COMPARED for b in COMPARED]
    assert assert_same(_pairs_data(pairs), Graph(), shapes_g)


# --- the closure --------------------------------------------------------------------------------


def test_the_closure_is_owlrls(corpus_store):
    """The graph the engine validates is the one pyshacl validates: the data, the
    inoculated ontology and owlrl's RDFS closure (literals' types answered apart)."""
    import owlrl
    from pyshacl.inference import CustomRDFSSemantics

    data, ontology = store_graphs(corpus_store)
    quads = inoculated(ontology)
    w = Working()
    w.add_quads(ox.Quad(*(to_ox(t) for t in triple)) for triple in data)
    w.add_quads(quads)
    w.close()
    g = Graph()
    for q in quads:
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    g += data
    owlrl.DeductiveClosure(CustomRDFSSemantics).expand(g)
    mine = {(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
            for q in w.store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert mine == {t for t in g if not isinstance(t[0], Literal)}
    typed: dict = {}
    for s, _p, o in g:
        if isinstance(s, Literal):
            typed.setdefault(str(o), set()).add(s)
    assert w.literal_types() == set(typed)
    for cls, literals in typed.items():
        assert {to_rdflib(x) for x in w.literal_instances(cls)} == literals, cls


# --- what the engine does not run -----------------------------------------------------------------


def _shapes_with(extra: str) -> Graph:
    return Graph().parse(data=f"""
        @prefix sh: <{SH}> . @prefix ex: <{EX}> . @prefix xsd: <{XSD}> .
        ex:Plain a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property ex:Plain-name .
        ex:Plain-name a sh:PropertyShape ; sh:path ex:name ; sh:minCount 1 ; sh:message "a name" .
        {extra}
        """, format="turtle")


UNSUPPORTED = {
    "xone": "ex:Odd a sh:NodeShape ; sh:targetClass ex:Thing ; sh:xone ( ex:Plain ex:Plain ) .",
    "alternative-path": "ex:Odd a sh:PropertyShape ; sh:targetClass ex:Thing ; "
                        "sh:path [ sh:alternativePath ( ex:a ex:b ) ] ; sh:minCount 1 ; sh:message \"m\" .",
    "zero-or-more-path": "ex:Odd a sh:PropertyShape ; sh:targetClass ex:Thing ; "
                         "sh:path [ sh:zeroOrMorePath ex:a ] ; sh:maxCount 1 ; sh:message \"m\" .",
    "max-length": "ex:Odd a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:a ; sh:maxLength 3 ; "
                  "sh:message \"m\" .",
    "target-node": "ex:Odd a sh:NodeShape ; sh:targetNode ex:x ; sh:property ex:Plain-name .",
    "no-message": "ex:Odd a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:a ; sh:maxCount 1 .",
    "minus": "ex:Odd a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ a sh:SPARQLConstraint ; "
             "sh:message \"m\" ; sh:select \"SELECT $this WHERE { $this ?p ?o MINUS { $this a ?c } }\" ] .",
    "order-by": "ex:Odd a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ a sh:SPARQLConstraint ; "
                "sh:message \"m\" ; sh:select \"SELECT $this WHERE { $this ?p ?o } ORDER BY ?o\" ] .",
    "unknown-function": "ex:Odd a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ a sh:SPARQLConstraint ; "
                        "sh:message \"m\" ; "
                        "sh:select \"SELECT $this WHERE { $this ?p ?o FILTER (STRLEN(?o) > 3) }\" ] .",
    "this-unbound": "ex:Odd a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ a sh:SPARQLConstraint ; "
                    "sh:message \"m\" ; sh:select \"SELECT $this WHERE { ?s ?p ?o FILTER (?s = $this) }\" ] .",
}


@pytest.mark.parametrize("construct", sorted(UNSUPPORTED))
def test_an_unsupported_construct_is_an_error_naming_the_shape(construct):
    data = Graph()
    data.add((EX.x, RDF.type, EX.Thing))
    data.add((EX.x, EX.name, Literal("x")))
    with pytest.raises(ValidationError, match=r"example\.org/Odd"):
        validate(data, Graph(), _shapes_with(UNSUPPORTED[construct]))


def test_an_unsupported_construct_in_a_shapes_file_stops_validate_store(corpus_store, tmp_path):
    path = tmp_path / "shapes.ttl"
    path.write_text(shapes_file().read_text(encoding="utf-8")
                    + "\n<http://example.org/Odd> a <http://www.w3.org/ns/shacl#NodeShape> ; "
                      "<http://www.w3.org/ns/shacl#targetClass> <http://example.org/Thing> ; "
                      "<http://www.w3.org/ns/shacl#xone> ( <http://example.org/Odd> ) .\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"example\.org/Odd.*xone"):
        validate_store(corpus_store, path)


def test_an_unknown_engine_is_refused(corpus_store):
    with pytest.raises(ValueError, match="engine"):
        validate_store(corpus_store, engine="fast")


def test_data_oxigraph_would_rewrite_goes_to_pyshacl():
    """"01"^^xsd:integer is "1" in Oxigraph: such data is validated by pyshacl, with the same findings."""
    g = Graph().parse(data=f"""
        @prefix sh: <{SH}> . @prefix ex: <{EX}> . @prefix xsd: <{XSD}> .
        ex:S a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:n ; sh:maxCount 1 ; sh:message "one" .
        """, format="turtle")
    data = Graph()
    data.add((EX.x, RDF.type, EX.Thing))
    data.add((EX.x, EX.n, Literal("a", datatype=XSD.string)))
    data.add((EX.x, EX.n, Literal("a")))
    with pytest.raises(engine.EngineFallback):
        engine.validate_graphs(data, Graph(), g)
    assert validate(data, Graph(), g)[0] == validate(data, Graph(), g, engine="pyshacl")[0]


def test_shapes_are_read_alike_from_the_file_and_from_rdflib():
    a = engine.shapes_from_file(shapes_file()).model
    b = engine.shapes_from_graph(shapes()).model
    named = {n for n in b.by_node if not isinstance(n, BNode)}
    assert {n for n in a.by_node if not isinstance(n, BNode)} == named
    assert len(a.by_node) == len(b.by_node)
    assert len(named) > 200
