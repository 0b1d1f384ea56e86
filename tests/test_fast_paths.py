"""The fast paths of reading a text give what the plain ones give.

- ``to_ntriples`` writes the triples of ``to_graph``, each line as rdflib's
  N-Triples serializer writes it (escapes included);
- ``Gazetteer.find`` (a regex per first character, tried at the word starts
  whose word may start a label, results kept by text) finds what one regex of
  every label, searched at every word start, finds;
- in ``graph.dates``, the look-aheads put first in patterns change nothing
  they find, ``_starting`` finds what ``finditer`` finds, and ``folded`` (on
  which it relies, as does ``Reading.says``) makes every letter that matches
  a-z ignoring case that letter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
from collections import defaultdict
from pathlib import Path

import pytest

from graph import dates
from graph.build import read_text
from graph.documents import read_document
from graph.facts import Evidence, Ref, Typed, When
from graph.reference import _NO_GO, VALUE_KINDS, Match, load_gazetteer
from graph.resources import corpus_dir
from graph.triples import to_graph, to_ntriples

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "genres"
TEXTS = sorted(corpus_dir().glob("*.txt")) + sorted(FIXTURES.glob("*.txt"))
KINDS = [None, set(), {"organisation"}, {"document"}, {"licence", "document"},
         {"organisation", "document", "licence", "legislation", "cohort", "device"}, set(VALUE_KINDS),
         {"text-kind"}, {"support"}, {"respondent-kind", "organisation"}]


def rdflib_lines(doc, result) -> list[str]:
    return sorted(to_graph(doc, result).serialize(format="nt", encoding="utf-8").decode().split("\n")[:-1])


def fast_lines(doc, result) -> list[str]:
    lines = to_ntriples(doc, result).decode().split("\n")[:-1]
    assert len(lines) == len(set(lines)), "a triple written twice"
    return sorted(lines)


@pytest.mark.parametrize("path", TEXTS[:12], ids=lambda p: p.stem)
def test_ntriples_are_rdflibs(path):
    doc = read_document(path)
    result = read_text(doc)
    assert fast_lines(doc, result) == rdflib_lines(doc, result)


def test_ntriples_escape_literals_as_rdflib():
    doc = read_document(TEXTS[0])
    result = read_text(doc)
    awkward = ['say "yes"', "back\\slash", "line\nend", "carriage\rreturn", "tab\tand\x0cfeed", "\u2028 \x85 \x1c",
               "caf\u00e9 \u2019quoted\u2019 \U0001f600", "", " ", '\\"', '"""', 'ends with "']
    fact = next(f for f in result.facts if isinstance(f.value, Ref))
    extra = []
    for i, text in enumerate(awkward):
        ev = Evidence(i, i + 1, text, 1, text or "p", stated_as=text or None, corrections=((text, text + "!"),),
                      prefix=text, suffix=text)
        for value in (text, Typed(text, "xsd:string"), When(dt.date(2020, 1, 2), "month", True, text or None),
                      When(dt.date(2021, 3, 4), "year"), dt.date(2022, 5, 6), 7 + i, -i, True):
            extra.append(dataclasses.replace(fact, prop="dcterms:title", value=value, evidence=ev))
    result = dataclasses.replace(result, facts=result.facts + tuple(extra))
    assert fast_lines(doc, result) == rdflib_lines(doc, result)


def test_an_iri_rdflib_cannot_write_is_refused_alike():
    doc = read_document(TEXTS[0])
    result = read_text(doc)
    fact = next(f for f in result.facts if isinstance(f.value, Ref))
    bad = dataclasses.replace(result, facts=result.facts + (dataclasses.replace(fact, value=Ref("https://x/a b")),))
    with pytest.raises(Exception) as slow:
        to_graph(doc, bad).serialize(format="nt")
    with pytest.raises(Exception) as fast:
        to_ntriples(doc, bad)
    assert str(fast.value) == str(slow.value)


# --- the gazetteer ---------------------------------------------------------------------------------------


def one_regex_find(gaz, text: str, kinds) -> list[Match]:
    """``find`` as one regex: every bucket guarded by a look-ahead, searched at every word start."""
    wanted = frozenset(kinds & VALUE_KINDS) if kinds else frozenset()
    buckets: dict[str, list[str]] = defaultdict(list)
    for pattern, (_length, first, options) in gaz._patterns.items():
        if any(e.kind not in VALUE_KINDS or e.kind in wanted for e, _via in options):
            buckets[first].append(pattern)
    branches, alternatives = [], []
    for first in sorted(buckets):
        ordered = sorted(buckets[first], key=lambda p: (-gaz._patterns[p][0], p))
        alternatives.extend(gaz._patterns[p][2] for p in ordered)
        guard = "(?=[" + re.escape(first + first.upper()) + "])" if first else ""
        branches.append(guard + "(?:" + "|".join(f"({p})" for p in ordered) + ")")
    regex = re.compile(rf"(?<!\w)(?=(?:{'|'.join(branches) or '(?!)'}))")
    blocked = bytearray(len(text))
    for m in _NO_GO.finditer(text):  # everywhere (find looks only where _NO_GO_HINT finds a hint)
        blocked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    candidates = []
    for m in regex.finditer(text):
        if m.lastindex is not None and blocked.find(1, *m.span(m.lastindex)) == -1:
            candidates.append((*m.span(m.lastindex), m.lastindex - 1))
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    taken, found = bytearray(len(text)), []
    for start, end, index in candidates:
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            chosen = gaz._choose(alternatives[index], kinds, default_all=False)
            if chosen is not None:
                found.append(Match(start, end, text[start:end], *chosen))
    return sorted(found, key=lambda m: m.start)


def pieces(text: str, rng: random.Random) -> list[str]:
    """The text, its lines and random spans of it."""
    out = [text, *text.split("\n")]
    for _ in range(40):
        a, b = sorted(rng.sample(range(len(text) + 1), 2))
        out.append(text[a:b])
    return out


@pytest.mark.parametrize("path", TEXTS[::3], ids=lambda p: p.stem)
def test_find_is_the_one_regex_find(path):
    gaz, rng = load_gazetteer(), random.Random(path.name)
    for text in pieces(read_document(path).text, rng):
        for kinds in rng.sample(KINDS, 3):
            assert gaz.find(text, kinds) == one_regex_find(gaz, text, kinds)
            assert gaz.find(text, kinds) == one_regex_find(gaz, text, kinds)  # and again, remembered


def test_find_is_the_one_regex_find_on_labels_bent_out_of_shape():
    gaz, rng = load_gazetteer(), random.Random(3)
    labels = sorted(label for iri in gaz._labels for label, _via in gaz.labels(iri))
    bends = [str.upper, str.lower, str.title, lambda s: s.replace("s", "\u017f"), lambda s: s.replace("i", "\u0131"),
             lambda s: s.replace("I", "\u0130"), lambda s: s.replace("k", "\u212a"), lambda s: s.replace(" ", "\n"),
             lambda s: s + "'s", lambda s: "x" + s, lambda s: s + "x", lambda s: s + "_", lambda s: s[1:],
             lambda s: "(" + s + ")", lambda s: s.replace(" ", ""), lambda s: s.replace("-", "\u2013 ")]
    for _ in range(3000):
        words = [rng.choice(bends)(rng.choice(labels)) if rng.random() < 0.7
                 else rng.choice(["the", "of", "www.x.uk", "a@b.com", ",", "."]) for _ in range(rng.randint(1, 5))]
        text = rng.choice([" ", "", "\n", "-"]).join(words)
        kinds = rng.choice(KINDS)
        assert gaz.find(text, kinds) == one_regex_find(gaz, text, kinds), (text, kinds)


# --- dates -----------------------------------------------------------------------------------------------

STARTING = [(dates._US, dates._US_AT), (dates._MONTH_YEAR, dates._MONTH_YEAR_AT),
            (dates._MONTH_ONLY, dates._MONTH_ONLY_AT), (dates._YEAR_ONLY, dates._YEAR_ONLY_AT)]
GUARDED = [dates._DMY, dates._RANGE, dates._US, dates._MONTH_YEAR]


def awkward_dates(count: int) -> list[str]:
    rng = random.Random(5)
    bits = ["jan", "JAN", "Ja-\nnuary", "ja- \n nuary", "Febru-\nary", "January", "\u017fep", "Sept.", "september",
            "Mon", "monday,", "Wednesday the", "Sat", "early ", "EARLY-", "mid ", "late\n", "May", "may", "mar",
            "xmar", "1", "12", "31st", "2021", "21", "1999", ", ", " ", "\n", ".", "-", "/", "\u0130", "\u0131",
            "\u212a", "in ", "IN\t", "By ", "during", "end of ", "End  Of\n", "from", "until", "since", "throughout",
            "June 3, 2020", "in 2019", "by early 2020", "In late-March", "from\u2003May", "\u0131n March", "10/09/19"]
    return ["".join(rng.choice(bits) for _ in range(rng.randint(1, 20))) for _ in range(count)]


def test_starting_finds_what_finditer_finds():
    texts = [read_document(p).text for p in TEXTS] + awkward_dates(20000)
    for text in texts:
        lower = dates.folded(text)
        for rx, at in STARTING:
            assert [m.span() for m in dates._starting(rx, at, text, lower)] == [m.span() for m in rx.finditer(text)]


def test_the_look_aheads_change_nothing():
    texts = [read_document(p).text for p in TEXTS] + awkward_dates(5000)
    for rx, guard in [(dates._DMY, f"(?=[0-9]|{dates._STARTS_WEEKDAY})"), (dates._RANGE, "(?=[0-9])"),
                      (dates._US, f"(?={dates._STARTS_WEEKDAY}|{dates._STARTS_MONTH})"),
                      (dates._MONTH_YEAR, f"(?=early|mid|late|{dates._STARTS_MONTH})")]:
        assert guard in rx.pattern
        plain = re.compile(rx.pattern.replace(guard, "", 1), rx.flags)
        for text in texts:
            assert [m.span() for m in rx.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_folded_makes_each_letter_matching_a_to_z_that_letter():
    everything = "".join(map(chr, range(0x110000)))
    lower = dates.folded(everything)
    assert lower is not None and len(lower) == len(everything)
    for m in re.finditer("(?i)[a-z]", everything):  # İ, ı, ſ and the Kelvin sign too
        assert lower[m.start()] in "abcdefghijklmnopqrstuvwxyz" and re.fullmatch("(?i)" + lower[m.start()], m.group())
    for cls in (r"\w", r"\s"):  # and nothing becomes, or stops being, a word character or a space
        assert [m.start() for m in re.finditer(cls, everything)] == [m.start() for m in re.finditer(cls, lower)]
