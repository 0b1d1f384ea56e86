"""PDF sources: the text layer page by page (pdfplumber); OCR (``ocr.py``) for
the pages that have none, such as scans.

Each line of the PDF becomes one line of text, in reading order, words joined
by single spaces.  The extractors read blank lines as breaks (between the
blocks of a letterhead, after a signatory's post), so the vertical space
between two lines is kept too: a step of at least 1.3 line pitches from one
line to the next leaves a blank line, and each further whole pitch one more.
The pitch is that of the page's single-spaced lines, or 1.2 line heights.
A line set in from the page's left edge of text keeps its indent as spaces
(about a quarter of a line height each), as a text export of the page shows it.
"""

from __future__ import annotations

import io
import math
import statistics
from pathlib import Path

from .documents import InputError
from .ocr import Line, OcrUnavailable, Scans

LEADING = 1.2  # line pitch of single-spaced text, in line heights
BREAK = 0.3  # extra pitch beyond the normal one that marks a blank line
SPACE = 0.27  # width of a space, in line heights (0.25 to 0.28 em in common fonts)


def lay_out(lines: list[Line]) -> str:
    """A page's lines as text, with blank lines where the page leaves space."""
    if not lines:
        return ""
    height = statistics.median(line.bottom - line.top for line in lines)
    pitch = LEADING * height
    # Lines set one under the other tell the page's own pitch; a page without
    # any (all double-spaced) keeps the pitch its line height gives.
    single = [d for a, b in zip(lines, lines[1:]) if 0.8 * pitch <= (d := b.top - a.top) <= 1.25 * pitch]
    if single:
        pitch = statistics.median(single)
    left = min(line.x0 for line in lines)
    space = SPACE * height

    def indented(line: Line) -> str:
        return " " * round((line.x0 - left) / space) + line.text if space > 0 else line.text

    out = [indented(lines[0])]
    for a, b in zip(lines, lines[1:]):
        blanks = max(0, math.floor((b.top - a.top) / pitch - BREAK)) if pitch > 0 else 0
        out += [""] * blanks + [indented(b)]
    return "\n".join(out) + "\n"  # every line ends, the page's last too, before the form feed


def _text_layer(page) -> list[Line]:
    found = page.extract_text_lines(strip=True, return_chars=False)
    return [Line(x["top"], x["bottom"], x["text"], x["x0"]) for x in found if x["text"].strip()]


def _pdfminer_reason(err: Exception) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = err.args[0] if err.args and isinstance(err.args[0], Exception) else err
    if isinstance(inner, PDFPasswordIncorrect):
        return "the PDF is encrypted and needs a password"
    if isinstance(inner, PDFEncryptionError):
        return f"the PDF is encrypted in a way that cannot be read ({inner})"
    return f"not a readable PDF ({type(inner).__name__}: {inner})" if str(inner) else \
        f"not a readable PDF ({type(inner).__name__})"


def read_pdf(path: Path, data: bytes) -> tuple[list[str], list[str]]:
    """The text of each page of a PDF, and how each was read ("pdf-text" or "ocr")."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as err:
        raise InputError(f"{path}: {_pdfminer_reason(err)}") from err
    except Exception as err:  # pdfminer raises many kinds on damaged files
        raise InputError(f"{path}: not a readable PDF ({type(err).__name__}: {err})") from err
    texts: list[str] = []
    methods: list[str] = []
    with pdf:
        try:
            pages = pdf.pages
        except Exception as err:
            raise InputError(f"{path}: not a readable PDF ({type(err).__name__}: {err})") from err
        if not pages:
            raise InputError(f"{path}: the PDF has no pages")
        for number, page in enumerate(pages, 1):
            try:
                lines = _text_layer(page)
                pictured = bool(page.images)  # a page with no text and no image is blank, not a scan
            except Exception as err:
                raise InputError(f"{path}: page {number} cannot be read ({type(err).__name__}: {err})") from err
            finally:
                page.close()
            texts.append(lay_out(lines))
            methods.append("ocr" if not lines and pictured else "pdf-text")
    scanned = [i for i, m in enumerate(methods) if m == "ocr"]
    if scanned:
        try:
            scans = Scans(data)
        except OcrUnavailable as err:
            raise InputError(f"{path}: page {scanned[0] + 1} has no text layer and needs OCR, but {err}") from err
        except Exception as err:  # pdfium cannot open what pdfminer could
            raise InputError(f"{path}: cannot be rendered for OCR ({type(err).__name__}: {err})") from err
        with scans:
            for i in scanned:
                try:
                    texts[i] = lay_out(scans.read(i))
                except Exception as err:  # pdfium or tesseract failing on this page
                    raise InputError(f"{path}: page {i + 1}: OCR failed ({type(err).__name__}: {err})") from err
    return texts, methods
