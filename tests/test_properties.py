"""Property tests (Hypothesis): whatever text a letter holds, the pipeline reads it without an unexpected
exception, and what it emits is RDF that parses again and round-trips.

- arbitrary Unicode (control characters included; surrogates cannot be written as UTF-8), arbitrary bytes, and
  letter-like texts (dates well and badly formed, "Dear ...", numbered paragraphs, the names of documents,
  organisations and codes from the ontology's reference data, sentences in the extractors' own words) each give
  triples, or an ``InputError`` naming the file (a text with nothing in it, bytes in no known encoding): any
  other error is a failure;
- the N-Triples of one text parse in pyoxigraph and rdflib, and survive Turtle, N-Triples and the sorted TriG
  writer (graph/trig.py) isomorphically;
- a build (``validate=False``) of such a text, exported by graph/exports.py as Turtle and N-Triples, gives two
  isomorphic graphs holding the text's triples, and its snapshot (graph.trig) parses.

Bounded: a few dozen examples each, no deadline, no example database written into the tree.
"""

from __future__ import annotations

import itertools
import traceback
from collections import Counter
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, SKOS

from graph import iris
from graph.build import build, read_source, read_text
from graph.documents import InputError, read_document
from graph.exports import export_rdf
from graph.resources import reference_files
from graph.trig import write_trig

BOUNDED = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# --- strategies ------------------------------------------------------------------------------------------------

#: Characters that trouble readers, writers and parsers: controls, line and page breaks, marks that vanish.
AWKWARD = ("\x00", "\x01", "\x07", "\x08", "\t", "\n", "\x0b", "\x0c", "\r", "\r\n", "\x1b", "\x1f", "\x7f",
           "\x85", "\x92", "\xa0", "\xad", "\u200b", "\u200d", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffe",
           "\uffff", "\ufffd", "\U0001f600", "e\u0301", "\ufb01", '"', "'", "\\", "<", ">", "{", "}", "^", "`",
           "|", "@", "#", "%", "&", "_:", '"""', "\\u0000", "\\U0010FFFF", "^^", "@en", " .", ";", ",")

any_char = st.characters(exclude_categories=("Cs",))
unicode_text = st.one_of(
    st.text(any_char, max_size=400),
    st.lists(st.one_of(st.text(any_char, min_size=1, max_size=20), st.sampled_from(AWKWARD)), max_size=60)
    .map("".join),
)


@cache
def reference_labels() -> tuple[str, ...]:
    """The labels of the reference data: documents, organisations, cohorts, devices, codes."""
    g = Graph()
    for path in reference_files():
        g.parse(path)
    return tuple(sorted({str(o) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.notation, RDFS.label)
                         for o in g.objects(None, p) if isinstance(o, Literal) and 1 < len(str(o)) < 120}))


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December", "Jan", "Sept", "Febuary", "Novem-\nber", "MAY", "Smarch")
day = st.integers(0, 40).map(str) | st.sampled_from(["1st", "2nd", "3rd", "31st", "29th"])
year = st.integers(0, 9999).map(str) | st.sampled_from(["2019", "2020", "2021", "2022", "2023"])
month = st.sampled_from(MONTHS)
date = st.one_of(
    st.builds(lambda d, m, y: f"{d} {m} {y}", day, month, year),
    st.builds(lambda d, m: f"{d} {m}", day, month),
    st.builds(lambda m, y: f"{m} {y}", month, year),
    st.builds(lambda d, m, y: f"{d}/{m}/{y}", st.integers(0, 40), st.integers(0, 15), st.integers(0, 3000)),
    st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)),
    st.sampled_from(["29 February 2021", "31 April 2022", "0 January 0000", "today", "yesterday", "Q3 2021",
                     "the end of March", "early 2022", "spring 2021"]),
)
label = st.deferred(lambda: st.sampled_from(reference_labels()))
organisation = st.sampled_from(["DCC", "BEIS", "DESNZ", "Ofgem", "the SEC Panel", "the Secretary of State", "we",
                                "The Department", "SECAS", "the Government"]) | label
number = st.integers(0, 120).map(str) | st.sampled_from(["one", "two", "three", "twenty", "no"])
version = st.builds(lambda a, b: f"version {a}.{b}", st.integers(0, 999), st.integers(0, 999))
word_salad = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.,;:'()-–/&0123456789"),
                     max_size=80)


def _sentence(template: str, **parts) -> st.SearchStrategy[str]:
    return st.fixed_dictionaries(parts).map(lambda p: template.format(**p))


sentence = st.one_of(
    _sentence("Between {a} and {b}, {o} consulted on changes to the {d}.", a=date, b=date, o=organisation, d=label),
    _sentence("{o} sought views on the {d} from {a} to {b}.", o=organisation, d=label, a=date, b=date),
    _sentence("The consultation closed on {a} and {o} received {n} responses.", a=date, o=organisation, n=number),
    _sentence("{o} submitted its conclusions to the Secretary of State on {a}.", o=organisation, a=date),
    _sentence("The Secretary of State directs that the {d} is re-designated with effect from {a}.", d=label, a=date),
    _sentence("{o} hereby designates {v} of the {d}, which takes effect on {a}.", o=organisation, v=version,
              d=label, a=date),
    _sentence("We have decided to approve {r}; it was implemented on {a}.", r=st.sampled_from(
        ["SECMP0071", "MOD 123", "SECMP9999", "the proposal"]), a=date),
    _sentence("{n} respondents were supportive of the {d}; {m} opposed it.", n=number, d=label, m=number),
    _sentence("Responses should be sent by 5pm on {a} to {o}.", a=date, o=organisation),
    _sentence("{o} met on {a} and agreed the {d} ({x}).", o=organisation, a=date, d=label, x=word_salad),
    word_salad,
)
line = st.one_of(
    sentence,
    date,
    st.sampled_from(["Dear Colleague,", "Dear Sir or Madam", "Dear ", "Yours faithfully,", "Yours sincerely",
                     "Kind regards", "Annex A: the legal text", "Annexes", "Direction", "Direction 1 - TMAD",
                     "Page 2 of 3", "OFFICIAL", "Update: 14 May 2020", "[24/10/2022]", "| a | b | c |",
                     "-----  -----", "Changes to the S1SR", "Jane Doe", "Head of Smart Metering", "", ""]),
    st.builds(lambda n, s: f"{n}. {s}", st.integers(0, 120), sentence),
    st.builds(lambda n, s: f"{n} {s}", st.integers(0, 99), st.sampled_from(
        ["https://www.smartdcc.co.uk/x/", "See the consultation", "¹ a footnote"])),
    label.map(str.upper),
    label,
    st.sampled_from(AWKWARD),
    unicode_text.map(lambda t: t[:40]),
)
letter = st.lists(line, max_size=40).map("\n".join) | st.builds(
    lambda head, title, paras, tail: "\n\n".join([head, "Dear Colleague,", title, *paras, tail]),
    st.lists(line, max_size=5).map("\n".join),
    st.one_of(label.map(str.upper), word_salad, st.sampled_from(["../../etc/passwd", "/tmp/x", "..\\..\\x"])),
    st.lists(st.builds(lambda i, s: f"{i}. {s}", st.integers(1, 30), st.lists(sentence, min_size=1, max_size=3)
                       .map(" ".join)), max_size=8),
    st.sampled_from(["Yours faithfully,\n\nJane Doe", "", "Annex A: text\nAnnex B: more"]),
)
any_text = st.one_of(unicode_text, letter)


# --- helpers ---------------------------------------------------------------------------------------------------

_names = (f"letter{i}.txt" for i in itertools.count())


def _write(folder: Path, text: str | bytes) -> Path:
    path = folder / next(_names)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def _expected_input_error(path: Path) -> str | None:
    """The InputError reading ``path`` gives, if any (the expected failure: nothing to read, or not text)."""
    try:
        read_document(path)
    except InputError as err:
        return str(err)
    return None


def _read(path: Path, text: str | bytes):
    """read_source on the file; fails on anything but triples or an expected InputError."""
    outcome = read_source(path)
    if outcome.error is None:
        return outcome
    expected = _expected_input_error(path)
    if expected is None:  # read_source caught something of ours: show where it came from
        try:
            read_text(read_document(path))
            where = "(not raised again)"
        except Exception:
            where = traceback.format_exc()
        pytest.fail(f"unexpected error: {outcome.error}\n{where}\ntext: {text!r}")
    assert outcome.error == expected
    if isinstance(text, str):  # a text with a letter or digit in it has something to read
        assert not any(c.isascii() and c.isalnum() for c in text), f"refused {text!r}: {expected}"
    return None


def _same(a: Graph, b: Graph) -> bool:
    """Isomorphic: the triples without blank nodes equal, the others isomorphic (fast for large ground graphs)."""
    def split(g: Graph):
        ground, blank = set(), Graph()
        for t in g:
            (blank.add(t) if any(isinstance(x, BNode) for x in t) else ground.add(t))
        return ground, blank

    (ga, ba), (gb, bb) = split(a), split(b)
    return ga == gb and isomorphic(ba, bb)


def _roundtrips(ntriples: bytes, text) -> None:
    """The N-Triples of one text: they parse in pyoxigraph and rdflib, and Turtle, N-Triples and our TriG give
    the same graph back."""
    oxi = set(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    g = Graph().parse(data=ntriples.decode("utf-8"), format="nt")
    assert len(oxi) == len(g) > 0, text
    for fmt in ("turtle", "nt"):
        data = g.serialize(format=fmt, encoding="utf-8")
        back = Graph().parse(data=data.decode("utf-8"), format=fmt)
        assert isomorphic(g, back), (fmt, text)
        assert len(list(ox.parse(data, format=ox.RdfFormat.TURTLE))) == len(g), (fmt, text)
    name = "https://w3id.org/smkg/graph/source/letter.txt"
    trig = write_trig({name: g})
    ds = Dataset().parse(data=trig, format="trig")
    assert isomorphic(ds.graph(URIRef(name)), g), text
    assert len(list(ox.parse(trig.encode("utf-8"), format=ox.RdfFormat.TRIG))) == len(g), text


# --- properties ------------------------------------------------------------------------------------------------


@BOUNDED
@given(text=any_text)
def test_any_text_gives_triples_or_an_input_error(tmp_path_factory, text):
    path = _write(tmp_path_factory.mktemp("text", numbered=True), text)
    outcome = _read(path, text)
    if outcome is not None:
        _roundtrips(outcome.ntriples, text)


@settings(BOUNDED, max_examples=40)
@given(data=st.binary(max_size=600) | unicode_text.map(lambda t: t.encode("utf-16")) | any_text.map(
    lambda t: t.encode("cp1252", "replace")))
def test_any_bytes_give_triples_or_an_input_error(tmp_path_factory, data):
    path = _write(tmp_path_factory.mktemp("bytes", numbered=True), data)
    outcome = read_source(path)
    if outcome.error is None:
        assert list(ox.parse(outcome.ntriples, format=ox.RdfFormat.N_TRIPLES))
    else:
        assert outcome.error == _expected_input_error(path), outcome.error


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """One store for the examples: each replaces the same text (letter.txt), the fixed graphs stay."""
    return tmp_path_factory.mktemp("property-store")


# a build and two exports an example: no shrinking (minutes of it), the failing text is shown as it was drawn
@settings(BOUNDED, max_examples=12, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(text=any_text)
def test_a_built_text_exports_as_turtle_and_ntriples_that_agree(store, tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("build", numbered=True)
    path = folder / "letter.txt"
    path.write_text(text, encoding="utf-8", newline="")
    summary = build([path], store, validate=False, jobs=1)
    expected = _expected_input_error(path)
    assert summary.errors == ([expected] if expected else []), (summary.errors, text)
    if expected:
        return
    own = Graph().parse(data=read_source(path).ntriples.decode("utf-8"), format="nt")
    turtle = export_rdf(store, "turtle")
    assert list(ox.parse(turtle, format=ox.RdfFormat.TURTLE)), text
    from_ttl = Graph().parse(data=turtle.decode("utf-8"), format="turtle")
    assert not [t for t in own if t not in from_ttl], text
    ntriples = export_rdf(store, "ntriples")
    assert list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)), text
    from_nt = Graph().parse(data=ntriples.decode("utf-8"), format="nt")
    assert _same(from_nt, from_ttl), text
    snapshot = Counter(q.graph_name.value for q in ox.parse((store / "graph.trig").read_bytes(),
                                                            format=ox.RdfFormat.TRIG))
    assert snapshot[str(iris.source_graph("letter.txt"))] == len(own), text


@pytest.mark.parametrize("fmt, syntax", [
    ("ntriples", ox.RdfFormat.N_TRIPLES), ("nquads", ox.RdfFormat.N_QUADS),
    ("turtle", ox.RdfFormat.TURTLE), ("trig", ox.RdfFormat.TRIG)])
def test_a_sentence_across_a_page_break_exports_whole(tmp_path, fmt, syntax):
    """Found by the property above: a quote that runs over a page break holds a form feed (PDF pages are joined
    with one), which rdflib's N-Triples writer leaves as it is, and N-Triples lines were once cut at it."""
    path = tmp_path / "letter.txt"
    path.write_text("Department for Business, Energy & Industrial Strategy\n\n4 November 2021\n\nDear Colleague,\n\n"
                    "TITLE OF THE LETTER\n\n1. Between 14 September 2021 and\f28 September 2021, DCC consulted on "
                    "changes to the S1SR.\n\nYours faithfully,\n\nJane Doe\n", encoding="utf-8")
    build([path], tmp_path / "store", validate=False, jobs=1)
    quads = list(ox.parse(export_rdf(tmp_path / "store", fmt), format=syntax))
    assert any("28 September 2021, DCC consulted" in q.object.value for q in quads if isinstance(q.object, ox.Literal))
