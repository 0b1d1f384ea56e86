"""OCR of PDF pages that carry no text layer (scans), with Debian's tesseract.

A page is rendered with pypdfium2 at a fixed resolution and read by tesseract
through pytesseract.  Everything that changes what tesseract sees or how it
reads is fixed here, so the same page always gives the same text with the same
tesseract and language data: 300 dpi greyscale, English, the LSTM engine, and
page segmentation mode 4 ("a single column of text of variable sizes"): a
letter is one column read top to bottom, and mode 4 keeps its lines in that
order where the automatic mode (3) may cut a letterhead into blocks and read
them out of order.

The result is a list of lines, each with its top and bottom in PDF points, so
that ``pdf.py`` lays out OCR'd pages and text-layer pages the same way.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator, NamedTuple

DPI = 300
LANG = "eng"
CONFIG = "--oem 1 --psm 4"
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-eng"


class Line(NamedTuple):
    """One line of a page: its top and bottom in PDF points from the top of
    the page, its words joined by single spaces, and where it starts (points
    from the left edge)."""

    top: float
    bottom: float
    text: str
    x0: float = 0.0


@contextmanager
def _one_thread() -> Iterator[None]:
    """Run tesseract on one OpenMP thread unless the caller chose otherwise: the
    text is the same, and on a small machine it is several times faster (with
    more threads they mostly spin)."""
    if "OMP_THREAD_LIMIT" in os.environ:
        yield
        return
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        os.environ.pop("OMP_THREAD_LIMIT", None)


class OcrUnavailable(Exception):
    """The tesseract program or its English data is missing."""


def check_tesseract() -> str:
    """The tesseract version; raises ``OcrUnavailable`` with the install command when it cannot run."""
    import pytesseract

    try:
        version = str(pytesseract.get_tesseract_version())
        langs = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError) as err:
        raise OcrUnavailable(f"the tesseract OCR program is not installed ({INSTALL_HINT})") from err
    if LANG not in langs:
        raise OcrUnavailable(f"tesseract has no {LANG!r} language data ({INSTALL_HINT})")
    return version


def ocr_image(image, scale: float = 72 / DPI) -> list[Line]:
    """The lines tesseract reads in a page image; ``scale`` turns pixels into points."""
    import pytesseract

    with _one_thread():
        data = pytesseract.image_to_data(image, lang=LANG, config=CONFIG, output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word and word.strip():
            lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    out = []
    for key in sorted(lines):  # tesseract's reading order: block, paragraph, line
        idx = sorted(lines[key], key=lambda i: data["word_num"][i])
        top = min(data["top"][i] for i in idx)
        bottom = max(data["top"][i] + data["height"][i] for i in idx)
        left = min(data["left"][i] for i in idx)
        text = " ".join(data["text"][i].strip() for i in idx)
        out.append(Line(top * scale, bottom * scale, text, left * scale))
    return out


class Scans:
    """The pages of one PDF, rendered and read one at a time (``with Scans(data) as scans``)."""

    def __init__(self, data: bytes):
        import pypdfium2 as pdfium

        check_tesseract()
        self._pdf = pdfium.PdfDocument(data)

    def __enter__(self) -> "Scans":
        return self

    def __exit__(self, *exc) -> None:
        self._pdf.close()

    def read(self, index: int) -> list[Line]:
        """The lines of the page at ``index`` (from 0)."""
        page = self._pdf[index]
        try:
            image = page.render(scale=DPI / 72, grayscale=True).to_pil()
        finally:
            page.close()
        return ocr_image(image)
