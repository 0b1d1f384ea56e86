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

Before pdfplumber sees it, a PDF is checked (:func:`check_pdf`), each check an
``InputError`` naming the file:

- it starts with ``%PDF-`` (within its first 1024 bytes, as readers allow):
  a ``.pdf`` that holds HTML or plain text is named as such;
- it ends with ``%%EOF`` (within its last 1024 bytes): a PDF cut short, as by
  an interrupted download, is refused rather than read in part;
- no compressed (zlib/Flate) stream inflates beyond ``MAX_INFLATED`` bytes, nor
  a stream other than an image or a font beyond ``MAX_INFLATED_CONTENT``: a
  "decompression bomb" (a few hundred kB inflating to gigabytes) is refused
  after inflating at most that much, a piece at a time, keeping none of it.
  The check reads the file's bytes as they are, so streams of an encrypted
  PDF, or Flate inside another filter (ASCII85, ASCIIHex), are not measured;
- it has at most ``MAX_PDF_PAGES`` pages.

Then the text layer is read page by page; a page with no text but an image is
OCR'd (``ocr.py``), and when tesseract is missing the error says so: a scan
never gives an empty success.
"""

from __future__ import annotations

import io
import math
import re
import statistics
import zlib
from pathlib import Path

from .documents import InputError
from .ocr import Line, OcrUnavailable, Scans

LEADING = 1.2  # line pitch of single-spaced text, in line heights
BREAK = 0.3  # extra pitch beyond the normal one that marks a blank line
SPACE = 0.27  # width of a space, in line heights (0.25 to 0.28 em in common fonts)

#: The most pages a PDF may have (a long consultation has a few hundred).
MAX_PDF_PAGES = 2000
#: The most bytes any one compressed stream may inflate to (an A4 page scanned at 600 dpi in colour is 105 MB).
MAX_INFLATED = 256 * 2**20
#: The most bytes a stream other than an image or a font (a page's drawing operators, an object stream) may
#: inflate to: pdfminer holds it whole and makes an object of each operator (a page's text is some kB).
MAX_INFLATED_CONTENT = 32 * 2**20


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


def _what_it_is(head: bytes) -> str:
    """What a file that is not a PDF seems to hold, from its first bytes."""
    start = head.lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in start[:1024]:
        return "it holds HTML (a web page saved under a .pdf name?)"
    if start.startswith((b"<?xml", b"<")):
        return "it holds XML or HTML"
    if start.startswith(b"pk\x03\x04"):
        return "it is a ZIP archive (a Word or OpenDocument file?)"
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        return "it is an old Office document (.doc?)"
    if start.startswith((b"\x89png", b"\xff\xd8\xff", b"gif8", b"ii*\x00", b"mm\x00*")):
        return "it is an image"
    try:
        head.decode("utf-8")
        return "it holds plain text (name it .txt to read it as text)"
    except UnicodeDecodeError:
        return "it does not start with %PDF-"


_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_IMAGE_OR_FONT = re.compile(rb"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b|/Length[123]\b")


def _inflated_size(data: bytes, start: int, cap: int) -> int | None:
    """What the zlib stream at ``start`` inflates to, counting up to just past ``cap`` a piece at a time (None:
    not a zlib stream)."""
    inflater = zlib.decompressobj()
    size, at, piece = 0, start, 1 << 16
    try:
        pending = inflater.decompress(data[at:at + piece], piece)
        at += piece
        while True:
            size += len(pending)
            if size > cap or inflater.eof:
                return size
            if inflater.unconsumed_tail:
                pending = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
            elif at < len(data):
                pending = inflater.decompress(data[at:at + piece], 1 << 20)
                at += piece
            else:
                return size
    except zlib.error:
        return size or None


def check_pdf(path: Path, data: bytes) -> None:
    """Refuse, naming the file, what is not a whole PDF or would inflate beyond the caps (module docstring)."""
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{path}: not a PDF: {_what_it_is(data[:4096])}")
    if b"%%EOF" not in data[-1024:]:
        raise InputError(f"{path}: the PDF is cut short (no %%EOF at its end; an interrupted download?)")
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 4096):match.start()]
        head = head[head.rfind(b"obj") + 3:] if b"obj" in head else head  # this stream's dictionary
        cap = MAX_INFLATED if _IMAGE_OR_FONT.search(head) else MAX_INFLATED_CONTENT
        size = _inflated_size(data, match.end(), cap)
        if size is not None and size > cap:
            what = "an image or font" if cap == MAX_INFLATED else "a page's content or other object"
            raise InputError(f"{path}: a compressed stream at byte {match.end()} ({what}) inflates to more than "
                             f"{cap // 2**20} MB, the limit: a decompression bomb? Refused")


def _declared_pages(pdf) -> int:
    """The page count the PDF's page tree declares (0 when it declares none that can be read)."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"]).get("Count"))
    except Exception:  # a damaged page tree: pdfplumber's own reading names it
        return 0
    return count if isinstance(count, int) else 0


def read_pdf(path: Path, data: bytes) -> tuple[list[str], list[str]]:
    """The text of each page of a PDF, and how each was read ("pdf-text" or "ocr")."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    check_pdf(path, data)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as err:
        raise InputError(f"{path}: {_pdfminer_reason(err)}") from err
    except Exception as err:  # pdfminer raises many kinds on damaged files
        raise InputError(f"{path}: not a readable PDF ({type(err).__name__}: {err})") from err
    texts: list[str] = []
    methods: list[str] = []
    with pdf:
        declared = _declared_pages(pdf)
        if declared > MAX_PDF_PAGES:  # told before pdfplumber makes an object of each page
            raise InputError(f"{path}: too many pages to read ({declared}; the limit is {MAX_PDF_PAGES})")
        try:
            pages = pdf.pages
        except Exception as err:
            raise InputError(f"{path}: not a readable PDF ({type(err).__name__}: {err})") from err
        if not pages:
            raise InputError(f"{path}: the PDF has no pages")
        if len(pages) > MAX_PDF_PAGES:
            raise InputError(f"{path}: too many pages to read ({len(pages)}; the limit is {MAX_PDF_PAGES})")
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
