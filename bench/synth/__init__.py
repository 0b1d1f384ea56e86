"""A synthetic corpus of UK smart metering governance texts with gold facts.

``generate(n, seed, out)`` writes ``n`` plain-text texts of every genre the
extractors read (government response and direction letters, consultation and
conclusion notices, update logs, news items and newsletters, modification
records), with the noise they meet, and ``out/gold.jsonl`` with the rows of
the four facts tables (sources, consultations, decisions, mentions) each text
should give.  ``compare(store, gold)`` scores a built store against it.

Run it with ``bench/generate_corpus.py`` (``--check STORE`` builds the corpus
and prints the comparison), or ``python -m bench.synth.accuracy STORE GOLD``.

Genres (``GENRES``): ``smets1_letter`` (BEIS/DESNZ response to DCC's and the
Department's consultations, with a direction re-designating the TMAD, S1SR or
SVTAD), ``sec_letter`` (DECC/BEIS letter designating a SEC version),
``consultation_notice`` and ``consultation_document`` (DCC opening a
consultation: web page, or PDF text with "Consultation opens:" fields),
``conclusion_notice`` (DCC's conclusions sent to the Department),
``publication_notice`` (DCC concluding on the DMVES and publishing a version
itself), ``update_log`` (a dated consultation log), ``news_item`` and
``newsletter`` (SECAS), ``mod_record``, ``mod_timeline`` and ``status_report``
(SEC modification records as pipe tables, field lines with an ISO timeline,
and columns under a rule of dashes).

Known misses of the extractors that the generator keeps, the sentences being
realistic (they are why an accuracy below 1.0 is expected on large corpora):

- a consultation introduced with the noun first and a long document name,
  "DCC's consultation on the SMETS1 Transition and Migration Approach Document
  (TMAD) opened on 9 October 2020 and ran for four weeks, to 6 November", is
  not read (``consultation._NOUN_FIRST`` allows at most six words between
  "consultation on" and "opened"); its responses and conclusions then go to
  the consultation before it;
- a contact whose surname has a prefix, "please contact Hannah McLeish,
  SMETS1 Regulatory Lead, at ..." (or O'Neill, MacAulay), is not read
  (``person._CONTACT``/``_LISTED`` allow only Capital+small letters per word);
- in an update log, a dated entry heading printed right after a page break
  ("Smart DCC | Consultation log      Page 2 of 2" then "12/09/2025") is taken
  for a running header when the same date is printed elsewhere on the page
  (``segments._running_headers``), so the entry's facts are lost.
"""

from .accuracy import AccuracyReport, compare
from .generate import GENRES, generate, one

__all__ = ["AccuracyReport", "GENRES", "compare", "generate", "one"]
