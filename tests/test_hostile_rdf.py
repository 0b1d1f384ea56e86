"""Hostile RDF: our own RDF inputs (the ontology, vocabularies, reference data, shapes, the corpus manifest,
the JSON-LD context, ``smkg validate --shapes FILE``) never let anything in (graph.rdfio).

A syntax error is reported as FILE:LINE:COLUMN (exit 2 from the CLI); an invalid IRI is refused before
anything is written; RDF/XML with entities (XXE, "billion laughs") is refused at the declaration, at once;
JSON-LD naming a context to fetch is refused before rdflib could fetch it; nesting too deep for rdflib is a
clear error, not a RecursionError.  And the IRIs smkg mints from a text are valid whatever the text holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from graph import build as build_module
from graph import exports, iris, keys, reference
from graph.cli import app
from graph.manifest import ManifestError, manifest_graph
from graph.rdfio import RdfInputError, check_iris, iri_problem, parse_file, read_context
from graph.resources import data_dir, ontology_file, reference_files, shapes_file, vocabulary_files
from graph.validate import ValidationError, load_shapes

runner = CliRunner()
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: What cannot be written in an IRI, and a text may hold.
HOSTILE = ' <>"{}|\\^`\n\t'


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path, fmt: str | None = None) -> RdfInputError:
    with pytest.raises(RdfInputError) as caught:
        parse_file(path, fmt)
    return caught.value


def located(err: Exception, path: Path) -> tuple[int, int]:
    """(line, column) of a message that opens with ``FILE:LINE:COLUMN: ``."""
    m = re.match(rf"{re.escape(str(path))}:(\d+):(\d+): \S", str(err))
    assert m, f"not FILE:LINE:COLUMN: {err}"
    return int(m[1]), int(m[2])


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


# --- our own files read as before ---------------------------------------------------


def own_files() -> list[Path]:
    return [ontology_file(), shapes_file(), *vocabulary_files(), *reference_files(),
            data_dir("corpus") / "manifest.ttl"]


@pytest.mark.parametrize("path", own_files(), ids=lambda p: p.name)
def test_our_files_read_as_rdflib_reads_them(path):
    assert isomorphic(parse_file(path), Graph().parse(path, format="turtle"))


def test_into_adds_to_a_graph_with_the_files_prefixes(tmp_path):
    g = Graph()
    g.bind("ex", "http://example.org/other#")
    path = write(tmp_path, "a.ttl", "@prefix my: <http://example.org/my#> .\nmy:a my:b my:c .\n")
    assert parse_file(path, into=g) is g
    assert len(g) == 1 and dict(g.namespaces())["my"] == URIRef("http://example.org/my#")


def test_a_bad_file_adds_nothing_to_the_graph(tmp_path):
    g = Graph()
    path = write(tmp_path, "a.ttl", "@prefix my: <http://example.org/my#> .\nmy:a my:b my:c .\nmy:a my:b <x y> .\n")
    with pytest.raises(RdfInputError):
        parse_file(path, into=g)
    assert len(g) == 0


def test_other_formats_are_read(tmp_path):
    g = parse_file(reference_files()[0])
    for fmt, suffix in (("xml", ".rdf"), ("nt", ".nt"), ("json-ld", ".jsonld"), ("n3", ".n3")):
        path = tmp_path / f"ref{suffix}"
        g.serialize(path, format=fmt)
        assert isomorphic(parse_file(path), g), fmt


def test_a_dataset_format_is_refused_not_read_as_empty(tmp_path):
    path = write(tmp_path, "a.trig", "<http://e/g> { <http://e/a> <http://e/b> <http://e/c> }\n")
    assert "unknown RDF format 'trig'" in str(refused(path))


# --- syntax errors: FILE:LINE:COLUMN ------------------------------------------------


@pytest.mark.parametrize(("name", "text", "line"), [
    ("unclosed.ttl", '@prefix : <http://e/> .\n:a :b :c .\n:a :b "x\n', 3),
    ("no-dot.ttl", "@prefix : <http://e/> .\n:a :b :c\n:d :e :f .\n", 3),
    ("prefix.ttl", "@prefix : <http://e/> .\n\n  nope:a :b :c .\n", 3),
    ("broken.nt", "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> .\n", 2),
    ("tag.rdf", f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF_NS}">\n<rdf:Description>\n</rdf:RDF>\n', 4),
    ("comma.jsonld", '{"@id": "http://e/a",\n "http://e/b": "c",\n}\n', 3),
    ("n3.n3", "@prefix : <http://e/> .\n:a :b :c .\n:a :b .\n", 3),
])
def test_a_syntax_error_says_file_line_and_column(tmp_path, name, text, line):
    path = write(tmp_path, name, text)
    err = refused(path)
    assert located(err, path)[0] == line, err
    assert err.where.startswith(f"{path}:") and err.reason


def test_the_column_is_where_the_fault_is(tmp_path):
    path = write(tmp_path, "a.ttl", "@prefix : <http://e/> .\n:a :b <http://e/x y> .\n")
    assert located(refused(path), path) == (2, 7)


def test_nesting_too_deep_for_rdflib_is_a_clear_error(tmp_path):
    depth, head = 20_000, "@prefix : <http://e/> .\n:a :b "
    path = write(tmp_path, "deep.ttl", head + "[ :p " * depth + ":c" + " ]" * depth + " .\n")
    assert "nested too deeply" in str(refused(path))
    lists = write(tmp_path, "deep.n3", head + "( " * depth + ":c" + " )" * depth + " .\n")
    assert "nested too deeply" in str(refused(lists))


def test_json_nested_too_deeply_is_a_clear_error(tmp_path):
    path = write(tmp_path, "deep.jsonld", "[" * 100_000 + "]" * 100_000)
    assert "nested too deeply" in str(refused(path))


# --- invalid IRIs -------------------------------------------------------------------


@pytest.mark.parametrize("iri", [
    "http://e/a b", 'http://e/a"b', "http://e/{a}", "http://e/a|b", "http://e/a^b", "http://e/a`b",
    "http://e/%zz", "http://e/a#b#c",
])
def test_an_invalid_iri_in_turtle_is_refused_where_it_is(tmp_path, iri):
    path = write(tmp_path, "a.ttl", f"@prefix : <http://e/> .\n\n:a :b <{iri}> .\n")
    line, _column = located(refused(path), path)
    assert line == 3


@pytest.mark.parametrize("escape", [r"\u0020", r"\u003C", r"\u003E", r"\u0022", r"\u007B", r"\u007D"])
def test_an_escaped_space_or_bracket_in_an_iri_is_refused(tmp_path, escape):
    path = write(tmp_path, "a.ttl", f"<http://e/a{escape}b> <http://e/p> <http://e/c> .\n")
    located(refused(path), path)


def test_an_invalid_iri_in_rdfxml_is_refused_where_it_is(tmp_path):
    path = write(tmp_path, "a.rdf", f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://e/">\n'
                                    f'<rdf:Description rdf:about="http://e/a b"><ex:p>1</ex:p></rdf:Description>\n'
                                    f'</rdf:RDF>\n')
    err = refused(path)
    assert located(err, path)[0] == 3 and "http://e/a b" in str(err)


@pytest.mark.parametrize("iri", ["http://e/a b", "http://e/<a>", "http://e/{a}", 'http://e/"a"'])
def test_an_invalid_iri_in_jsonld_is_refused_not_dropped(tmp_path, iri):
    """JSON-LD readers (rdflib's and Oxigraph's) drop a node whose @id is not an IRI without a word."""
    doc = {"@context": {"ex": "http://e/"}, "@id": "http://e/a", "ex:p": {"@id": iri}}
    path = write(tmp_path, "a.jsonld", json.dumps(doc, indent=1))
    err = refused(path)
    assert located(err, path)[0] == 7 and "invalid IRI" in str(err)  # json.dumps(indent=1): the line of ex:p's @id
    in_context = {"@context": {"ex": iri}, "@id": "http://e/a", "ex:p": "x"}
    refused(write(tmp_path, "b.jsonld", json.dumps(in_context)))


def test_an_invalid_iri_in_n3_is_refused(tmp_path):
    """Oxigraph does not check N3 first: the check of the parsed graph does."""
    path = write(tmp_path, "a.n3", "@prefix : <http://e/> .\n:a :b <http://e/x y> .\n")
    err = refused(path)
    assert located(err, path)[0] == 2 and "invalid IRI" in str(err)


def test_check_iris_on_a_graph():
    g = Graph()
    g.add((URIRef("http://e/a"), URIRef("http://e/b"), URIRef("http://e/c d")))
    with pytest.raises(RdfInputError, match="invalid IRI"):
        check_iris(g)
    assert iri_problem("http://e/a") is None and iri_problem("no scheme") and iri_problem("e/a")


# --- RDF/XML entities: XXE and "billion laughs" -------------------------------------


def rdfxml(doctype: str, body: str = "&e;") -> str:
    return (f'<?xml version="1.0"?>\n{doctype}\n<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://e/">\n'
            f'<rdf:Description rdf:about="http://e/a"><ex:p>{body}</ex:p></rdf:Description></rdf:RDF>\n')


def billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return rdfxml("<!DOCTYPE rdf:RDF [\n" + "\n".join(entities) + "\n]>", "&lol9;")


@pytest.mark.parametrize("text", [
    rdfxml('<!DOCTYPE rdf:RDF [<!ENTITY e SYSTEM "file://{secret}">]>'),
    rdfxml('<!DOCTYPE rdf:RDF [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]>'),
    rdfxml('<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>', "x"),
    rdfxml('<!DOCTYPE rdf:RDF SYSTEM "file://{secret}">', "x"),
    rdfxml('<!DOCTYPE rdf:RDF PUBLIC "-//x//EN" "http://127.0.0.1:9/x.dtd">', "x"),
    billion_laughs(),
    rdfxml(f'<!DOCTYPE rdf:RDF [<!ENTITY e "{"a" * 100_000}">]>', "&e;" * 10_000),
    rdfxml('<!DOCTYPE rdf:RDF [<!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">]>', "x"),
], ids=["xxe-file", "xxe-http", "parameter-entity", "external-dtd", "public-dtd", "billion-laughs", "quadratic",
        "even-a-harmless-entity"])
def test_entities_in_rdfxml_are_refused_at_once(tmp_path, text):
    secret = write(tmp_path, "secret.txt", "the secret")
    path = write(tmp_path, "evil.rdf", text.replace("{secret}", str(secret)))
    err = refused(path)  # at the declaration: an expansion would take minutes and gigabytes, not a test's run
    assert located(err, path)[0] in (2, 3) and "refused" in str(err) and "the secret" not in str(err)


def test_rdflibs_own_reader_would_not_read_the_file_either(tmp_path):
    """What the refusal guards against: Python's SAX reader skips external entities (feature_external_ges
    is off); smkg does not rely on it."""
    secret = write(tmp_path, "secret.txt", "the secret")
    path = write(tmp_path, "evil.rdf", rdfxml(f'<!DOCTYPE rdf:RDF [<!ENTITY e SYSTEM "file://{secret}">]>'))
    assert "the secret" not in Graph().parse(path, format="xml").serialize(format="nt")


def test_a_doctype_without_entities_is_read(tmp_path):
    path = write(tmp_path, "plain.rdf", rdfxml("<!DOCTYPE rdf:RDF>", "x"))
    assert len(parse_file(path)) == 1


# --- JSON-LD contexts to fetch --------------------------------------------------------


def no_fetching(monkeypatch):
    """rdflib's JSON-LD context loader fails the test if it is ever reached."""
    def fetch(*args, **kwargs):
        raise AssertionError(f"rdflib was about to fetch a context: {args}")

    monkeypatch.setattr("rdflib.plugins.shared.jsonld.context.source_to_json", fetch)


@pytest.mark.parametrize("context", [
    "http://127.0.0.1:9/context.jsonld",
    "https://schema.org/",
    "file:///etc/passwd",
    "context.jsonld",
    ["http://127.0.0.1:9/context.jsonld"],
    [{"ex": "http://e/"}, "file:///etc/passwd"],
    {"@import": "http://127.0.0.1:9/context.jsonld"},
    {"ex": {"@id": "http://e/p", "@context": "http://127.0.0.1:9/scoped.jsonld"}},
], ids=["http", "https", "file", "relative", "list", "list-with-inline", "import", "scoped"])
def test_a_context_to_fetch_is_refused(tmp_path, monkeypatch, context):
    no_fetching(monkeypatch)
    write(tmp_path, "context.jsonld", '{"@context": {"ex": "http://e/"}}')  # there, and still not read
    path = write(tmp_path, "a.jsonld", json.dumps({"@context": context, "@id": "http://e/a", "http://e/p": "x"}))
    err = refused(path)
    assert "names a context to fetch" in str(err) and "give the context inline" in str(err)
    located(err, path)


def test_a_context_to_fetch_deep_inside_is_refused(tmp_path, monkeypatch):
    no_fetching(monkeypatch)
    inner = {"@context": "http://127.0.0.1:9/c", "@id": "http://e/b"}
    doc = {"@context": {"ex": "http://e/"}, "@graph": [{"@id": "http://e/a", "ex:p": [inner]}]}
    assert "names a context to fetch" in str(refused(write(tmp_path, "a.jsonld", json.dumps(doc))))


def test_an_inline_context_is_read(tmp_path, monkeypatch):
    no_fetching(monkeypatch)
    doc = {"@context": {"ex": "http://e/"}, "@id": "ex:a", "ex:p": {"@id": "ex:b"}}
    g = parse_file(write(tmp_path, "a.jsonld", json.dumps(doc)))
    assert set(g) == {(URIRef("http://e/a"), URIRef("http://e/p"), URIRef("http://e/b"))}


def test_our_jsonld_context_is_inline_and_a_remote_one_is_refused(tmp_path, monkeypatch):
    assert read_context(data_dir("ontology") / "context.jsonld")["smkg"] == "https://w3id.org/smkg/def#"
    (tmp_path / "ontology").mkdir()
    write(tmp_path / "ontology", "context.jsonld", '{"@context": "http://127.0.0.1:9/context.jsonld"}')
    monkeypatch.setattr(exports, "data_dir", lambda name: tmp_path / name)
    with pytest.raises(RdfInputError, match="names a context to fetch"):
        exports.context()


def test_export_with_a_remote_context_exits_2(corpus_store, tmp_path, monkeypatch):
    (tmp_path / "ontology").mkdir()
    write(tmp_path / "ontology", "context.jsonld", '{"@context": "http://127.0.0.1:9/context.jsonld"}')
    monkeypatch.setattr(exports, "data_dir", lambda name: tmp_path / name)
    result = invoke("export", "--format", "jsonld", "--store", corpus_store)
    assert result.exit_code == 2 and "names a context to fetch" in result.stderr, result.output


# --- where smkg reads its own files ---------------------------------------------------


@pytest.fixture
def fresh_reference():
    reference.reference_graph.cache_clear()
    reference.load_gazetteer.cache_clear()
    yield
    reference.reference_graph.cache_clear()
    reference.load_gazetteer.cache_clear()


def test_reference_data_with_a_bad_iri_is_refused(tmp_path, monkeypatch, fresh_reference):
    bad = write(tmp_path, "bad.ttl", "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                                     "<https://w3id.org/smkg/id/organisation/a b> skos:prefLabel \"A\" .\n")
    monkeypatch.setattr(reference, "reference_files", lambda: [*reference_files(), bad])
    with pytest.raises(RdfInputError) as caught:
        reference.reference_graph()
    assert located(caught.value, bad) == (2, 1)


def test_a_query_naming_a_document_says_the_reference_data_is_broken(tmp_path, monkeypatch, fresh_reference):
    from graph.queries import QueryError, bind, load_query

    bad = write(tmp_path, "bad.ttl", "<http://e/a> <http://e/b> .\n")
    monkeypatch.setattr(reference, "reference_files", lambda: [bad])
    with pytest.raises(QueryError, match=rf"document: the reference data cannot be read: {re.escape(str(bad))}:1:"):
        bind(load_query("versions"), {"document": "TMAD"})


def test_a_broken_manifest_says_where(tmp_path):
    write(tmp_path, "manifest.ttl", "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n\n<http://e/a> a dcat:Dataset\n")
    with pytest.raises(ManifestError) as caught:
        manifest_graph(tmp_path)
    located(caught.value, tmp_path / "manifest.ttl")


def test_shapes_that_cannot_be_read_say_where(tmp_path):
    path = write(tmp_path, "shapes.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<http://e/S> a sh:NodeShape ;\n"
                                         "  sh:targetClass <http://e/C D> .\n")
    with pytest.raises(ValidationError, match=rf"^{re.escape(str(path))}:3:\d+: the shapes cannot be read: "):
        load_shapes(path)


def test_shapes_with_an_entity_are_refused(tmp_path):
    path = write(tmp_path, "shapes.rdf", rdfxml('<!DOCTYPE rdf:RDF [<!ENTITY e SYSTEM "file:///etc/passwd">]>'))
    with pytest.raises(ValidationError, match="declares the entity 'e'"):
        load_shapes(path)


@pytest.mark.parametrize(("name", "text", "says"), [
    ("bad.ttl", '@prefix sh: <http://www.w3.org/ns/shacl#> .\n<http://e/S> a sh:NodeShape ;\n  sh:name "x\n',
     ":3:"),
    ("iri.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<http://e/S a> a sh:NodeShape .\n", ":2:1: "),
    ("xxe.rdf", rdfxml('<!DOCTYPE rdf:RDF [<!ENTITY e SYSTEM "file:///etc/passwd">]>'), ":2:"),
    ("laughs.rdf", billion_laughs(), ":3:"),
    ("remote.jsonld", '{"@context": "http://127.0.0.1:9/shacl.jsonld", "@id": "http://e/S"}', "context to fetch"),
], ids=["syntax", "iri", "xxe", "billion-laughs", "remote-context"])
def test_validate_shapes_file_that_cannot_be_read_exits_2(corpus_store, tmp_path, name, text, says):
    path = write(tmp_path, name, text)
    result = invoke("validate", "--shapes", path, "--store", corpus_store)
    assert result.exit_code == 2, result.output
    assert f"{path}:" in result.stderr and says in result.stderr and "Traceback" not in result.output


def test_build_with_a_broken_ontology_exits_2_and_says_where(tmp_path, monkeypatch):
    ontology = ontology_file().read_text(encoding="utf-8")
    bad = write(tmp_path, "smkg.ttl", ontology + "\n<http://e/a b> a <http://e/C> .\n")
    monkeypatch.setattr(build_module, "ontology_file", lambda: bad)
    letter = write(tmp_path, "letter.txt", "4 November 2021\n\nDear Colleague,\n\nNothing.\n")
    result = invoke("build", letter, "--store", tmp_path / "out", "--no-validate")
    assert result.exit_code == 2, result.output
    assert re.search(rf"error: {re.escape(str(bad))}:\d+:1: ", result.stderr), result.stderr


def test_build_with_a_broken_manifest_exits_2(tmp_path, monkeypatch):
    bad = write(tmp_path, "manifest.ttl", "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<http://e/a> a dcat:Dataset\n")
    monkeypatch.setattr(build_module, "manifest_file", lambda: bad)
    monkeypatch.setattr(build_module, "manifest_graph", lambda: manifest_graph(tmp_path))
    letter = write(tmp_path, "letter.txt", "4 November 2021\n\nDear Colleague,\n\nNothing.\n")
    result = invoke("build", letter, "--store", tmp_path / "out", "--no-validate")
    assert result.exit_code == 2 and f"{bad}:" in result.stderr, result.output


# --- the IRIs smkg mints from text ----------------------------------------------------

texts = st.text(alphabet=st.sampled_from(HOSTILE + "aZ09é.-_/#%:?&=\u2028\u00a0\ufeff"), min_size=0, max_size=40) \
    | st.text(max_size=40)


def valid(iri: object) -> bool:
    ox.NamedNode(str(iri))  # the store's own test: raises on anything it would refuse
    return iri_problem(str(iri)) is None


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_minted_iris_are_valid_whatever_the_text(a, b):
    document = "https://w3id.org/smkg/id/document/tmad"
    assert valid(iris.person_iri(a))
    assert valid(iris.post_iri(a, "https://w3id.org/smkg/id/organisation/dcc" if b else None))  # an author IRI
    assert valid(iris.file_iri(a))
    assert valid(iris.source_graph(a))
    assert valid(iris.annex_iri(iris.text_iri("0" * 64), a))
    assert valid(iris.evidence_iri(a, b))
    for key in (keys.consultation(None, [], None, None, about=a), keys.decision("designation", None, None, None, a),
                keys.meeting(None, None, a), keys.proposal("id:consultation/x", a), keys.person(a), keys.post(a, None),
                keys.deadline(keys.person(a), None),
                keys.decision("designation", document, None, None), keys.meeting(document, None)):
        assert valid("https://w3id.org/smkg/id/" + key.removeprefix("id:"))


def test_a_letter_with_hostile_text_and_name_builds_valid_iris(tmp_path):
    """A file name, title, post and signatory with spaces, brackets, quotes and braces: the build reads it,
    and every IRI in the store is one Oxigraph accepts (the store refuses anything else)."""
    folder = tmp_path / "in"
    folder.mkdir()
    name = 'a <b> {c} "d" | e^f.txt'
    write(folder, name,
          "Department for Business, Energy & Industrial Strategy\n\n4 November 2021\n\nDear Colleague,\n\n"
          'SMART METERING: "THE <TMAD> {DIRECTION}" | X\n\n'
          "1. Between 14 September 2021 and 28 September 2021, DCC consulted on changes to the S1SR "
          '"<Uplift 9.9>" {draft}.\n\n'
          '2. For queries contact Hannah Okafor, Head of "Smart" <Metering> {Policy} | Team, at h@example.org.\n\n'
          "Yours faithfully,\n\nJane <Doe> {x} \"y\"\n")
    out = tmp_path / "out"
    summary = build_module.build([folder / name], out, validate=False, jobs=1)
    assert summary.texts == 1 and not summary.errors, summary.errors
    db = ox.Store.read_only(str(out / "db"))
    try:
        names = {q.graph_name.value for q in db}
        terms = {t.value for q in db for t in (q.subject, q.predicate, q.object, q.graph_name)
                 if isinstance(t, ox.NamedNode)}
    finally:
        del db
    assert str(iris.source_graph(name)) in names
    assert str(iris.file_iri(name)) in terms
    assert any("/id/post/" in t and "metering" in t for t in terms)  # the hostile post title reached an IRI
    assert all(iri_problem(t) is None for t in terms)
    assert not any(c in t for t in terms for c in ' <>"{}|^`')
