"""Time reading sources: a plain text, a text-layer PDF page and an OCR'd page.

Each bundled letter is rendered to a text-layer PDF and to an image-only
("scanned") PDF the way tests/test_pdf.py does it, then read with
``read_document``; fact extraction (``read_text``) is timed apart.  Prints the
median of a few runs; no assertions.

    .venv/bin/python bench/bench_pdf.py [RUNS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_pdf import LETTERS, render_scanned_pdf, render_text_pdf  # noqa: E402

from graph.build import read_text  # noqa: E402
from graph.documents import read_document  # noqa: E402
from graph.ocr import DPI, check_tesseract  # noqa: E402


def _median(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(runs: int = 3) -> None:
    print(f"tesseract {check_tesseract()}, {DPI} dpi; median of {runs} runs")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for txt in LETTERS:
            pdf, scan = Path(tmp) / f"{txt.stem}.pdf", Path(tmp) / f"{txt.stem}.scan.pdf"
            pages = render_text_pdf(txt, pdf)
            render_scanned_pdf(pdf, scan)
            t_txt, doc = _median(lambda p=txt: read_document(p), runs)
            t_facts, facts = _median(lambda d=doc: read_text(d), runs)
            t_pdf, _ = _median(lambda p=pdf: read_document(p), runs)
            t_ocr, _ = _median(lambda p=scan: read_document(p), runs)
            rows.append((txt.name, pages, facts.count, t_txt, t_facts, t_pdf / pages, t_ocr / pages))
    print(f"{'letter':28} {'pages':>5} {'facts':>5} {'read .txt':>10} {'facts':>9} "
          f"{'pdf-text/page':>14} {'ocr/page':>9}")
    for name, pages, n, t_txt, t_facts, t_pdf, t_ocr in rows:
        print(f"{name:28} {pages:5d} {n:5d} {t_txt * 1e3:8.1f}ms {t_facts * 1e3:7.1f}ms "
              f"{t_pdf * 1e3:12.1f}ms {t_ocr:8.2f}s")
    total = sum(r[1] for r in rows)
    print(f"per text document: read {statistics.median(r[3] for r in rows) * 1e3:.1f} ms, "
          f"facts {statistics.median(r[4] for r in rows) * 1e3:.1f} ms")
    print(f"per PDF page (all {total} pages): text layer {sum(r[5] * r[1] for r in rows) / total * 1e3:.1f} ms, "
          f"OCR {sum(r[6] * r[1] for r in rows) / total:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
