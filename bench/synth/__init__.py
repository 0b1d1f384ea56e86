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

Hard cases the generator keeps on purpose, the sentences being realistic.
Each was once a miss of the extractors and is now read (with seeds 1 and 2,
300 and 1000 texts score 1.0 on every table); a lower score on them is a
regression:

- a consultation introduced with the noun first and a long document name,
  "DCC's consultation on the SMETS1 Transition and Migration Approach Document
  (TMAD) opened on 9 October 2020 and ran for four weeks, to 6 November"
  (``consultation._NOUN_FIRST`` allows up to sixteen words of the sentence
  between "consultation on" and "opened"); missed, its responses and
  conclusions go to the consultation before it;
- a contact whose surname has a prefix, "please contact Hannah McLeish,
  SMETS1 Regulatory Lead, at ..." (or O'Neill, MacAulay) (``person.person_name``,
  one name pattern for contacts and signatories);
- in an update log, a dated entry heading printed right after a page break
  ("Smart DCC | Consultation log      Page 2 of 2" then "12/09/2025") whose
  date is printed elsewhere on the page ("Last updated: 12/09/2025")
  (``segments._running_headers`` takes for a running header only a line
  printed again at another page break or at the top or foot of the text);
  missed, the entry's facts are lost.
"""

from .accuracy import AccuracyReport, compare
from .generate import GENRES, generate, one

__all__ = ["AccuracyReport", "GENRES", "compare", "generate", "one"]
