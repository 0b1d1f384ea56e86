"""Documents: bytes to text, with a map back to pages and offsets."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path


class InputError(Exception):
    """A source file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class Document:
    file_name: str
    sha256: str
    media_type: str
    encoding: str
    text: str
    page_starts: tuple[int, ...]  # offset in ``text`` where each page begins
    page_methods: tuple[str, ...] = ()  # how each page was read: "text", "pdf-text" or "ocr"

    def page_of(self, offset: int) -> int:
        return bisect_right(self.page_starts, offset)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not UTF-8 or cp1252 text (byte {err.start})") from err


TEXT_SUFFIXES = {".txt", ".text", ""}
PDF_SUFFIXES = {".pdf"}


def _page_starts(text: str) -> tuple[int, ...]:
    return tuple([0] + [i + 1 for i, ch in enumerate(text) if ch == "\f"])


def read_document(path: Path) -> Document:
    """Read a source: plain text (pages split at form feeds) or PDF (pages
    joined with form feeds; pages without a text layer are OCR'd)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror})") from err
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | PDF_SUFFIXES:
        raise InputError(f"{path}: unsupported format {path.suffix!r} (plain text or PDF only)")
    sha256 = hashlib.sha256(data).hexdigest()
    if suffix in PDF_SUFFIXES:
        from .pdf import read_pdf  # pdfplumber loads only when a PDF comes

        pages, methods = read_pdf(path, data)
        pages = [p.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n") for p in pages]
        text = "\f".join(pages)
        if not text.strip():
            raise InputError(f"{path}: the PDF holds no text ({len(pages)} pages, none read even by OCR)")
        return Document(path.name, sha256, "application/pdf", "pdf", text, _page_starts(text), tuple(methods))
    text, encoding = _decode(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: the file holds no text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    starts = _page_starts(text)
    return Document(path.name, sha256, "text/plain", encoding, text, starts, ("text",) * len(starts))
