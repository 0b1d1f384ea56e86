"""The known things, and how extractors find them in text.

The reference data (``ontology/reference/*.ttl``) names the organisations,
documents, Acts, cohorts, device types and code-list values that governance
texts talk about.  Every name lives there as a SKOS label; this module holds no
names of its own.  It loads those files and builds a :class:`Gazetteer`:

- ``find(text)`` returns every non-overlapping mention, left to right;
- ``lookup(label)`` resolves one label given by a caller;
- ``entry(iri)`` / ``entries(kind)`` list the known things.

Which label forms are used, and how:

- ``skos:prefLabel`` (the short name used in tables), ``skos:altLabel`` (long
  forms, variants) and ``skos:hiddenLabel`` (known OCR misreadings).  A match
  says which it came through (``via``); a ``"hidden"`` match is an OCR form, and
  the caller records an OCR correction from the text read to ``entry.name``.
- Case: a label is split into words (and the parts of hyphenated words).  A word
  that looks like an acronym or code (two or more capitals, a digit, or a single
  capital letter: ``DCC``, ``S1SR``, ``iGT``, ``(MDS)``, the ``A`` of
  ``Section A``) must match exactly; any other word matches in any case, so
  ``Data Communications Company`` also finds ``DATA COMMUNICATIONS COMPANY``
  while ``foc`` never matches ``FOC``.  A label that starts with ``the ``
  (``the Authority``) matches its leading "the" in any case and the rest
  exactly, so the lower-case "the authority" is not Ofgem.
- Spacing: a space in a label matches any run of white space, line breaks
  included (letters wrap lines); a hyphen matches any dash, optionally followed
  by white space (a word hyphenated at a line end); quotes match straight or
  curly quotes.
- Boundaries: a mention neither starts nor ends inside a word, and nothing is
  found inside a URL, a bare web address or an e-mail address (a URL broken at
  a line end is followed onto the next line when the break is plainly inside
  it: see ``_NO_GO``).
- Overlaps: the longest mention wins, then the leftmost; the result is in text
  order.  Mentions are resolved against the whole gazetteer before any
  ``kinds`` filter is applied, so ``find("DCC Licence", {"organisation"})`` finds
  nothing: those words name the licence, not the company.
- Code-list values (:data:`VALUE_KINDS`: text kinds, renditions, support
  levels...) have labels that are ordinary words ("clean", "designated",
  "other"): ``find`` looks for them only when ``kinds`` names them; ``lookup``
  always knows them.
- A label shared by things of different kinds (``DCC`` the company and ``DCC``
  the respondent kind) resolves to the kind asked for, else to the first kind
  in :data:`KIND_ORDER`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from .namespace import ID, PREFIXES, SMKG
from .rdfio import parse_file
from .resources import reference_files

# --- kinds -------------------------------------------------------------------

#: The kind of a known thing, from its smkg class.
KIND_BY_CLASS: dict[URIRef, str] = {
    SMKG.Organisation: "organisation",
    SMKG.GovernmentDepartment: "organisation",
    SMKG.Regulator: "organisation",
    SMKG.DCCLicensee: "organisation",
    SMKG.CodeBody: "organisation",
    SMKG.IndustryGroup: "organisation",
    SMKG.EnergySupplier: "organisation",
    SMKG.NetworkOperator: "organisation",
    SMKG.IndependentGasTransporter: "organisation",
    SMKG.OrganisationGroup: "organisation",
    SMKG.MinisterialOffice: "organisation",
    SMKG.GovernedDocument: "document",
    SMKG.Code: "document",
    SMKG.CodeSection: "document",
    SMKG.CodeAppendix: "document",
    SMKG.CodeSchedule: "document",
    SMKG.DocumentAnnex: "document",
    SMKG.Licence: "licence",
    SMKG.LicenceCondition: "licence",
    SMKG.Act: "legislation",
    SMKG.MigrationCohort: "cohort",
    SMKG.DeviceType: "device",
    SMKG.TextKind: "text-kind",
    SMKG.VersionStatus: "version-status",
    SMKG.Rendition: "rendition",
    SMKG.SupportLevel: "support",
    SMKG.DepartmentChange: "change",
}

#: Preference between kinds when one label (or one thing) has several.  A
#: concept with no smkg class takes the last segment of its scheme's IRI as its
#: kind (``id:respondent-kind`` gives ``"respondent-kind"``); unknown kinds sort
#: last, alphabetically.
KIND_ORDER: tuple[str, ...] = (
    "organisation", "document", "licence", "legislation", "cohort", "device",
    "text-kind", "version-status", "rendition", "support", "respondent-kind", "change",
)

#: Kinds whose labels are ordinary words ("clean", "designated", "other"):
#: ``find`` looks for them only when they are asked for by name in ``kinds``;
#: ``lookup`` always knows them.
VALUE_KINDS: frozenset[str] = frozenset(
    {"text-kind", "version-status", "rendition", "support", "respondent-kind", "change"}
)


_VIA_ORDER = {"pref": 0, "alt": 1, "hidden": 2}
_LABEL_PROPERTIES = ((SKOS.prefLabel, "pref"), (SKOS.altLabel, "alt"), (SKOS.hiddenLabel, "hidden"))


def _kind_rank(kind: str) -> tuple[int, str]:
    try:
        return (KIND_ORDER.index(kind), kind)
    except ValueError:
        return (len(KIND_ORDER), kind)


@dataclass(frozen=True)
class Entry:
    """A known thing: its IRI, kind, short name (``skos:prefLabel``) and types."""

    iri: str
    kind: str
    name: str
    types: frozenset[str]


@dataclass(frozen=True)
class Match:
    """One mention of a known thing: ``text[start:end]``, read through a label."""

    start: int
    end: int
    text: str
    entry: Entry
    via: str  # "pref" | "alt" | "hidden" (an OCR form: record raw text -> entry.name)

    def shifted(self, offset: int) -> Match:
        """The same match in a text that holds this one's at ``offset``."""
        return Match(self.start + offset, self.end + offset, self.text, self.entry, self.via)


# --- text folding --------------------------------------------------------------

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b\u2032\u02bc`"
_DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f\u2033'
_FOLD = str.maketrans(
    {**{c: "-" for c in _DASHES}, **{c: "'" for c in _SINGLE_QUOTES}, **{c: '"' for c in _DOUBLE_QUOTES}}
)
_WS = re.compile(r"\s+")
_EDGE_QUOTES = "'\"" + _SINGLE_QUOTES + _DOUBLE_QUOTES


def normalise(label: str) -> str:
    """The form labels are compared in: NFKC, quotes and dashes folded, white
    space collapsed, case folded, surrounding quotes and spaces stripped."""
    text = unicodedata.normalize("NFKC", label).translate(_FOLD)
    text = _WS.sub(" ", text).strip().strip(_EDGE_QUOTES).strip()
    return text.casefold()


# --- label patterns --------------------------------------------------------------

_DASH_CLASS = "[" + re.escape(_DASHES) + "]"
_SQ_CLASS = "[" + re.escape(_SINGLE_QUOTES) + "]"
_DQ_CLASS = "[" + re.escape(_DOUBLE_QUOTES) + "]"


def _exact_word(word: str) -> bool:
    """True if ``word`` is an acronym or code, to be matched case-sensitively."""
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return any(c.isdigit() for c in word) or capitals >= 2 or (len(letters) == 1 and capitals == 1)


def _char_pattern(char: str) -> str:
    if char in _DASHES:
        return _DASH_CLASS + r"\s*"
    if char in _SINGLE_QUOTES:
        return _SQ_CLASS
    if char in _DOUBLE_QUOTES:
        return _DQ_CLASS
    return re.escape(char)


def _word_pattern(word: str, exact: bool | None) -> str:
    """``word`` (which may be hyphenated); ``exact`` forces the case mode."""
    out: list[str] = []
    piece: list[str] = []

    def flush() -> None:
        if piece:
            body = "".join(_char_pattern(c) for c in piece)
            is_exact = _exact_word("".join(piece)) if exact is None else exact
            out.append(body if is_exact else f"(?i:{body})")
            piece.clear()

    for char in word:
        if char in _DASHES:
            flush()
            out.append(_char_pattern(char))
        else:
            piece.append(char)
    flush()
    return "".join(out)


def label_pattern(label: str) -> str:
    """The regular expression (no capturing groups) that finds ``label``."""
    words = unicodedata.normalize("NFKC", label).split()
    if not words:
        raise ValueError("empty label")
    the_rule = len(words) > 1 and words[0].casefold() == "the"
    parts: list[str] = []
    for i, word in enumerate(words):
        if i:
            parts.append(r"\s*" if word.startswith("(") else r"\s+")
        if the_rule:
            parts.append(_word_pattern(word, exact=(i > 0)) if i else f"(?i:{re.escape(word)})")
        else:
            parts.append(_word_pattern(word, exact=None))
    return "".join(parts) + r"(?!\w)"


#: Text in which nothing is looked for: URLs, bare web addresses and e-mail
#: addresses.  A URL broken at a line end is followed onto the next line when
#: it broke after a hyphen or underscore, or after a slash if the next line
#: starts with something path-like (lower case, with a ``-_./`` in it), so that
#: ``.../for-the-\nfoc-cohort/`` is one URL but ``.../tag/\nFailing ...`` is not.
_NO_GO = re.compile(
    r"""
      (?:https?://|www\.)\S+
      (?: (?<=[-_])[ \t]*\r?\n[ \t]*\S+
        | (?<=/)[ \t]*\r?\n[ \t]*(?-i:[a-z0-9][\w%?=&\#~]*[-_./])\S*
      )*                                                             # URL
    | \b(?:[\w-]+\.)+(?:uk|com|org|net|io|eu)\b(?:/\S*)?             # bare address
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                                   # e-mail
    """,
    re.VERBOSE | re.IGNORECASE,
)
#: What every match of ``_NO_GO`` holds ("://", "www.", "@", or a dot before one of its domains): a text
#: without it (most sentences) is not searched for URLs.
_NO_GO_HINT = re.compile(r"://|www\.|@|\.(?:uk|com|org|net|io|eu)\b", re.IGNORECASE)


class _Scanner(NamedTuple):
    """How ``find`` looks for labels: ``positions`` finds where one may start (with the word there,
    when ``words`` is given: the first words of labels, which it must be); the regex for the
    character there (``by_char``, else ``anywhere``) matches the longest label there, its groups
    (one per label pattern) standing for the things named.  ``starting`` remembers which words
    ``words`` matches."""

    positions: re.Pattern[str] | None
    by_char: dict[str, tuple[re.Pattern[str], list[list[tuple[Entry, str]]]]]
    anywhere: tuple[re.Pattern[str], list[list[tuple[Entry, str]]]] | None
    words: re.Pattern[str] | None
    starting: dict[str, bool]


_WORD = re.compile(r"\w*")


# --- the gazetteer ---------------------------------------------------------------

#: How many texts ``find`` keeps its results for (then it starts again): a process reading many
#: letters meets the same sentences (boilerplate) in many of them.
_MEMO_SIZE = 20_000


class Gazetteer:
    """Finds and resolves names of known things; see the module docstring."""

    def __init__(self, entries: Iterable[Entry], labels: Iterable[tuple[str, Entry, str]]) -> None:
        self._entries: dict[str, Entry] = {e.iri: e for e in entries}
        self._labels: dict[str, list[tuple[str, str]]] = defaultdict(list)  # iri -> [(label, via)]
        by_key: dict[str, set[tuple[Entry, str]]] = defaultdict(set)
        by_pattern: dict[str, set[tuple[Entry, str]]] = defaultdict(set)
        pattern_length: dict[str, int] = {}
        first_char: dict[str, str] = {}
        for label, entry, via in labels:
            if entry.iri not in self._entries:
                raise ValueError(f"label {label!r} for unknown entry {entry.iri}")
            self._labels[entry.iri].append((label, via))
            by_key[normalise(label)].add((entry, via))
            pattern = label_pattern(label)
            by_pattern[pattern].add((entry, via))
            length = len(normalise(label))
            if length > pattern_length.get(pattern, -1):
                pattern_length[pattern] = length
            first = unicodedata.normalize("NFKC", label).strip()[0]
            first_char[pattern] = first.casefold() if first.isalnum() else ""
        self._by_key = {k: self._ranked(v) for k, v in by_key.items()}
        self._patterns = {p: (pattern_length[p], first_char[p], self._ranked(v)) for p, v in by_pattern.items()}
        self._regexes: dict[frozenset[str], _Scanner] = {}
        #: ``find``'s work, by text: extractors look at one sentence many times, for different kinds.
        self._spans_found: dict[tuple[str, frozenset[str]], tuple[tuple[int, int, list[tuple[Entry, str]]], ...]] = {}
        self._found: dict[tuple[str, frozenset[str] | None], tuple[Match, ...]] = {}

    @staticmethod
    def _ranked(found: set[tuple[Entry, str]]) -> list[tuple[Entry, str]]:
        return sorted(found, key=lambda ev: (_kind_rank(ev[0].kind), _VIA_ORDER[ev[1]], ev[0].iri))

    @staticmethod
    def _choose(
        options: list[tuple[Entry, str]], kinds: Collection[str] | None, default_all: bool = True
    ) -> tuple[Entry, str] | None:
        """The best-ranked option of a kind in ``kinds``; with no ``kinds``, of any
        kind (``default_all``) or of any kind but the value kinds."""
        for entry, via in options:
            if kinds is not None:
                if entry.kind in kinds:
                    return entry, via
            elif default_all or entry.kind not in VALUE_KINDS:
                return entry, via
        return None

    def _compiled(self, kinds: Collection[str] | None) -> _Scanner:
        """The patterns for a ``find`` over ``kinds``: where a label may start, and for the character
        there, one regex of the labels that may start with it, with the things each of its groups names.

        Labels of every kind outside :data:`VALUE_KINDS` take part (so that a
        longer name of another kind can claim its words), plus those of the value
        kinds asked for.  Labels are bucketed by their first character (a letter
        and its capital; labels starting with neither a letter nor a digit are
        tried at every word start), and ordered longest first within a bucket, so
        that the longest label starting at a position is the one captured there.
        (One regex of every bucket, each guarded by a look-ahead, searched at
        every word start, finds the same, five times slower.)

        A label's first word (its first run of word characters, which a match
        starts with whole, since what follows it in a label is no word
        character) must be the whole word of the text where it starts: the
        words that start no label ("of", "and", most of them) are known after
        one look, and passed over."""
        wanted = frozenset(kinds & VALUE_KINDS) if kinds else frozenset()
        cached = self._regexes.get(wanted)
        if cached is not None:
            return cached
        buckets: dict[str, list[str]] = defaultdict(list)
        for pattern, (_length, first, options) in self._patterns.items():
            if any(e.kind not in VALUE_KINDS or e.kind in wanted for e, _via in options):
                buckets[first].append(pattern)
        # (the characters a bucket's labels start with, or None for anywhere; its patterns, longest first)
        ordered = [(frozenset(first + first.upper()) if first else None,
                    sorted(buckets[first], key=lambda p: (-self._patterns[p][0], p))) for first in sorted(buckets)]
        regexes: dict[tuple[int, ...], tuple[re.Pattern[str], list[list[tuple[Entry, str]]]]] = {}

        def regex(used: tuple[int, ...]) -> tuple[re.Pattern[str], list[list[tuple[Entry, str]]]]:
            """The buckets ``used``, in order, as one regex: a group for each label."""
            if used not in regexes:
                patterns = [ordered[i][1] for i in used]
                regexes[used] = (re.compile("|".join("(?:" + "|".join(f"({p})" for p in bucket) + ")"
                                                     for bucket in patterns)),
                                 [self._patterns[p][2] for bucket in patterns for p in bucket])
            return regexes[used]

        starts = sorted(set().union(*(chars for chars, _ in ordered if chars is not None)))
        by_char = {c: regex(tuple(i for i, (chars, _) in enumerate(ordered) if chars is None or c in chars))
                   for c in starts}
        anywhere = tuple(i for i, (chars, _) in enumerate(ordered) if chars is None)
        # each label's first word, and whether its case matters (see label_pattern)
        firsts = {(_WORD.match(p, 4 if p.startswith("(?i:") else 0).group(), p.startswith("(?i:"))
                  for chars, patterns in ordered if chars is not None for p in patterns}
        words = None
        if anywhere:
            positions: re.Pattern[str] | None = re.compile(r"(?<!\w)")
        elif starts and all(word for word, _ in firsts):
            positions = re.compile(r"(?<!\w)[" + re.escape("".join(starts)) + r"]\w*")  # a word, whole
            words = re.compile("|".join(f"(?i:{re.escape(word)})" if any_case else re.escape(word)
                                        for word, any_case in sorted(firsts)))
        elif starts:
            positions = re.compile(r"(?<!\w)(?=[" + re.escape("".join(starts)) + "])")
        else:
            positions = None
        compiled = _Scanner(positions, by_char, regex(anywhere) if anywhere else None, words, {})
        self._regexes[wanted] = compiled
        return compiled

    @classmethod
    def from_graph(cls, graph: Graph) -> Gazetteer:
        """A gazetteer of every labelled, typed thing in ``graph``."""
        entries: list[Entry] = []
        labels: list[tuple[str, Entry, str]] = []
        for subject in sorted(set(graph.subjects(SKOS.prefLabel, None))):
            if not isinstance(subject, URIRef) or (subject, RDF.type, SKOS.ConceptScheme) in graph:
                continue
            types = frozenset(str(t) for t in graph.objects(subject, RDF.type))
            kind = _kind_of(graph, subject)
            if kind is None:
                continue
            names = [str(n) for n in graph.objects(subject, SKOS.prefLabel) if getattr(n, "language", None) == "en"]
            names = names or [str(n) for n in graph.objects(subject, SKOS.prefLabel)]
            entry = Entry(iri=str(subject), kind=kind, name=sorted(names)[0], types=types)
            entries.append(entry)
            for prop, via in _LABEL_PROPERTIES:
                for label in sorted(str(v) for v in graph.objects(subject, prop)):
                    if label.strip():
                        labels.append((label, entry, via))
        return cls(entries, labels)

    # -- queries --------------------------------------------------------------

    def find(self, text: str, kinds: set[str] | None = None) -> list[Match]:
        """Every non-overlapping mention in ``text``, in text order.

        ``kinds`` limits the result to things of those kinds; without it, every
        kind but the :data:`VALUE_KINDS` (code-list values such as "clean" or
        "designated", found only when asked for)."""
        key = (text, None if kinds is None else frozenset(kinds))
        found = self._found.get(key)
        if found is None:
            found = tuple(Match(start, end, text[start:end], *chosen)
                          for start, end, options in self._spans(text, kinds)
                          if (chosen := self._choose(options, kinds, default_all=False)) is not None)
            if len(self._found) >= _MEMO_SIZE:
                self._found.clear()
            self._found[key] = found
        return list(found)

    def _spans(self, text: str, kinds: Collection[str] | None) -> tuple[tuple[int, int, list[tuple[Entry, str]]], ...]:
        """Where labels are found in ``text``, longest first, then leftmost, none overlapping another, in
        text order, each with the things its label may name; what ``kinds`` changes is only which of the
        :data:`VALUE_KINDS` take part (see :meth:`_compiled`)."""
        wanted = frozenset(kinds & VALUE_KINDS) if kinds else frozenset()
        spans = self._spans_found.get((text, wanted))
        if spans is not None:
            return spans
        blocked = bytearray(len(text))
        if _NO_GO_HINT.search(text):
            for m in _NO_GO.finditer(text):
                blocked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
        positions, by_char, anywhere, words, starting = self._compiled(kinds)
        candidates: list[tuple[int, int, list[tuple[Entry, str]]]] = []
        size = len(text)
        for position in positions.finditer(text) if positions is not None else ():
            at = position.start()
            if at == size:
                break
            if words is not None:  # the word here: may a label start with it?
                word = position.group()
                may = starting.get(word)
                if may is None:
                    if len(starting) >= _MEMO_SIZE:
                        starting.clear()
                    may = starting[word] = words.fullmatch(word) is not None
                if not may:
                    continue
            regex, alternatives = by_char.get(text[at]) or anywhere
            m = regex.match(text, at)
            group = m.lastindex if m is not None else None
            if group is None:
                continue
            start, end = m.span(group)
            if blocked.find(1, start, end) == -1:
                candidates.append((start, end, alternatives[group - 1]))
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = bytearray(len(text))
        kept: list[tuple[int, int, list[tuple[Entry, str]]]] = []
        for start, end, options in candidates:
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, options))
        kept.sort(key=lambda span: span[0])
        spans = tuple(kept)
        if len(self._spans_found) >= _MEMO_SIZE:
            self._spans_found.clear()
        self._spans_found[(text, wanted)] = spans
        return spans

    def lookup(self, label: str, kinds: set[str] | None = None) -> Entry | None:
        """The thing ``label`` names exactly (up to case, spacing, quotes and dashes)."""
        chosen = self._choose(self._by_key.get(normalise(label), []), kinds)
        return chosen[0] if chosen else None

    def lookup_via(self, label: str, kinds: set[str] | None = None) -> tuple[Entry, str] | None:
        """As :meth:`lookup`, with which kind of label it was ("pref", "alt", "hidden")."""
        return self._choose(self._by_key.get(normalise(label), []), kinds)

    def entry(self, iri: str) -> Entry:
        """The known thing with this IRI (``KeyError`` if there is none)."""
        return self._entries[str(iri)]

    def entries(self, kind: str | None = None) -> list[Entry]:
        """All known things, or those of one kind, sorted by IRI."""
        return sorted((e for e in self._entries.values() if kind is None or e.kind == kind), key=lambda e: e.iri)

    def labels(self, iri: str) -> list[tuple[str, str]]:
        """Every ``(label, via)`` of the thing with this IRI."""
        return list(self._labels.get(str(iri), []))

    def kinds(self) -> set[str]:
        return {e.kind for e in self._entries.values()}

    def __contains__(self, iri: object) -> bool:
        return str(iri) in self._entries

    def __len__(self) -> int:
        return len(self._entries)


def _kind_of(graph: Graph, subject: URIRef) -> str | None:
    kinds = {KIND_BY_CLASS[t] for t in graph.objects(subject, RDF.type) if t in KIND_BY_CLASS}
    if not kinds:
        prefix = str(ID)
        for scheme in graph.objects(subject, SKOS.inScheme):
            if str(scheme).startswith(prefix):
                kinds.add(str(scheme)[len(prefix):].rstrip("/").rsplit("/", 1)[-1])
    return min(kinds, key=_kind_rank) if kinds else None


# --- loading -------------------------------------------------------------------------


@cache
def reference_graph() -> Graph:
    """The union of the reference files (cached: do not modify it)."""
    graph = Graph()
    for name, namespace in PREFIXES.items():
        graph.bind(name, namespace, override=True)
    for path in reference_files():
        parse_file(path, format="turtle", into=graph)  # checked: syntax with file:line:column, IRIs
    return graph


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer of the reference data (cached)."""
    return Gazetteer.from_graph(reference_graph())


__all__ = [
    "Entry", "Gazetteer", "KIND_BY_CLASS", "KIND_ORDER", "Match", "VALUE_KINDS", "label_pattern",
    "load_gazetteer", "normalise", "reference_graph",
]
