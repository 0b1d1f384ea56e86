"""Documents: bytes to text, with a map back to pages and offsets.

A source is read whole, checked, decoded and normalised here, before any
extractor sees it; a source that cannot be read raises ``InputError`` naming
the file (and the line or page where there is one), never a partial text.

Checks, before anything is decoded: the path must be a regular file (a folder,
FIFO, socket or device named ``x.txt`` is refused, never opened for a blocking
read; a broken symbolic link is named as one) no larger than
``MAX_TEXT_BYTES`` (plain text) or ``MAX_PDF_BYTES`` (PDF; ``pdf.py`` has the
PDF's own limits on pages and on what its compressed streams inflate to).

Decoding of plain text, first match wins: a byte order mark (UTF-8, UTF-16
LE/BE, UTF-32 LE/BE); UTF-16 without a mark, told by its zero bytes all on
one side of each pair; UTF-8; cp1252 (Windows Western).  Anything else is an
error naming the line and byte offset of the first byte that fits none.

Normalisation (:func:`normalise`), the same for plain text and for each page
of a PDF:

- line ends: CRLF and CR become LF; U+2028, U+2029 and the vertical tab
  become LF too;
- mojibake: UTF-8 that was decoded as cp1252 or Latin-1 on its way here
  ("itâ€™s", "Â£5") is repaired with ``ftfy`` (its encoding fixes only; quotes,
  HTML entities and character widths are left as they are), line by line,
  where the line reads as such mojibake and only there; C1 control
  characters, which are cp1252 bytes decoded as Latin-1, become the
  characters they stand for (0x92 "’", 0x85 "…");
- removed: the C0 and C1 control characters left, other than tab, LF and form
  feed (NUL included; they are illegal in XML 1.0, so in RDF/XML exports),
  U+FFFE and U+FFFF, and the invisible characters that break words without
  showing: soft hyphen (U+00AD), zero-width space, non-joiner and joiner
  (U+200B-U+200D), the direction marks and embeddings (U+200E, U+200F,
  U+202A-U+202E, U+2066-U+2069), word joiner and invisible operators
  (U+2060-U+2064), U+180E, and a byte order mark inside the text (U+FEFF);
- the Latin ligatures U+FB00-U+FB06 (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) are spelt out (their NFKC
  form); no other compatibility character is touched (NFKC is not applied
  wholesale: it would change ½, ™, superscripts and full-width forms);
- then NFC, so that "Müller" typed composed or decomposed is one name.

``Document.text`` is the normalised text, and every offset smkg gives (an
evidence's ``oa:start``/``oa:end``, the page starts) counts code points in it:
its quotes (``oa:exact``) are substrings of ``read_document(path).text``,
which for a clean UTF-8 file with LF line ends is the file's text unchanged.
``Document.sha256`` is the SHA-256 of the file's bytes as they are on disk, so
two files are the same source only when their bytes are the same: a copy with
CRLF line ends (or in another encoding) is another file, read on its own,
giving the same facts about another text node.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

#: The largest plain-text source read, in bytes (a long consultation is about 1 MB of text).
MAX_TEXT_BYTES = 20 * 2**20
#: The largest PDF source read, in bytes (``pdf.py`` limits its pages and streams too).
MAX_PDF_BYTES = 200 * 2**20


class InputError(Exception):
    """A source file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class Document:
    file_name: str
    sha256: str
    media_type: str
    encoding: str
    text: str  # normalised (see the module's docstring): every offset counts code points in it
    page_starts: tuple[int, ...]  # offset in ``text`` where each page begins
    page_methods: tuple[str, ...] = ()  # how each page was read: "text", "pdf-text" or "ocr"

    def page_of(self, offset: int) -> int:
        return bisect_right(self.page_starts, offset)


TEXT_SUFFIXES = {".txt", ".text", ""}
PDF_SUFFIXES = {".pdf"}


# -- reading bytes ----------------------------------------------------------------

def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size} bytes"


def size_limit(path: Path) -> int:
    """The largest source of this kind read, in bytes."""
    return MAX_PDF_BYTES if path.suffix.lower() in PDF_SUFFIXES else MAX_TEXT_BYTES


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def _open(path: Path) -> tuple[int, int]:
    """An open descriptor on the regular file at ``path`` and its size; ``InputError`` for anything else.
    Opened without blocking, so a FIFO named like a source is refused, not waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as err:
        if err.errno == errno.ENOENT and os.path.islink(path):
            raise InputError(f"{path}: a broken symbolic link (to {os.readlink(path)}), skipped") from err
        raise InputError(f"{path}: cannot be read ({err.strerror})") from err
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: {_kind(info.st_mode)}, not a file; skipped")
        limit = size_limit(path)
        if info.st_size > limit:
            raise InputError(f"{path}: too large to read ({_mb(info.st_size)}; the limit for this kind of "
                             f"source is {_mb(limit)})")
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def read_source_bytes(path: Path) -> bytes:
    """The bytes of the source at ``path``, after the checks of :func:`_open`."""
    fd, size = _open(path)
    try:
        with os.fdopen(fd, "rb") as f:
            data = f.read(size_limit(path) + 1)  # the file may have grown since it was measured
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror})") from err
    if len(data) > size_limit(path):
        raise InputError(f"{path}: too large to read (over {_mb(size_limit(path))}, the limit for this kind "
                         f"of source)")
    return data


def source_sha256(path: Path) -> str:
    """The SHA-256 of the source's bytes, read in pieces, after the checks of :func:`_open`."""
    fd, _ = _open(path)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "rb") as f:
            while piece := f.read(2**20):
                digest.update(piece)
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror})") from err
    return digest.hexdigest()


# -- decoding -----------------------------------------------------------------------

_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8-sig"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _where(data: bytes, at: int) -> str:
    line = data.count(b"\n", 0, at) + 1
    return f"line {line}, byte {at} (0x{data[at]:02x})" if at < len(data) else f"line {line}, at its end (byte {at})"


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the zero bytes (the high bytes of Latin text) fall on one side of
    each pair, as they do in UTF-16 text without a byte order mark; else None."""
    sample = data[:65536]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even, odd = sample[0:2 * pairs:2].count(0), sample[1:2 * pairs:2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                return body.decode(codec.removesuffix("-sig")), codec
            except UnicodeDecodeError as err:
                raise InputError(f"{name}: starts with a {codec.upper().removesuffix('-SIG')} byte order mark but "
                                 f"is not {codec.upper().removesuffix('-SIG')} text: "
                                 f"{_where(data, err.start + len(bom))}") from err
    codec = _utf16_without_bom(data)
    if codec:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as err:
            raise InputError(f"{name}: looks like {codec.upper()} without a byte order mark but does not decode "
                             f"as such: {_where(data, err.start)}") from err
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not text in UTF-8, UTF-16 or cp1252: {_where(data, err.start)}") from err


# -- normalising -------------------------------------------------------------------

_LINE_BREAKS = "\x0b\x85\u2028\u2029"
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e" \
             "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\ufffe\uffff"
_CONTROLS = "".join(chr(c) for c in [*range(0x20), *range(0x7f, 0xa0)] if chr(c) not in "\t\n\f" + _LINE_BREAKS)
_LIGATURES = "".join(chr(c) for c in range(0xfb00, 0xfb07))
_TABLE = str.maketrans({**{c: None for c in _CONTROLS + _INVISIBLE}, **{c: "\n" for c in _LINE_BREAKS},
                        **{c: unicodedata.normalize("NFKC", c) for c in _LIGATURES}})
#: Mojibake (UTF-8 read as cp1252 or Latin-1) always holds one of these, read from the lead byte of a UTF-8
#: sequence (0xC2-0xF4: "Â", "Ã", "â"...); a text without any needs no repair.
_MOJIBAKE_PART = re.compile("[\u0080-\u00ff]")


def _repair_mojibake(text: str) -> str:
    if not _MOJIBAKE_PART.search(text):
        return text
    import ftfy  # loads only when a text has characters mojibake is made of

    config = ftfy.TextFixerConfig(unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
                                  fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                                  remove_control_chars=False, normalization=None, explain=False)
    return ftfy.fix_text(text, config)


def normalise(text: str) -> str:
    """The text as smkg reads it (see the module's docstring): its offsets are the ones facts give."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _repair_mojibake(text)
    return unicodedata.normalize("NFC", text.translate(_TABLE))


def _page_starts(text: str) -> tuple[int, ...]:
    return tuple([0] + [i + 1 for i, ch in enumerate(text) if ch == "\f"])


def _no_text(path: Path, data: bytes, decoded: str) -> InputError:
    if not data:
        why = "it is empty"
    elif not decoded.strip():
        why = "only white space"
    else:
        why = "only control or invisible characters"
    return InputError(f"{path}: the file holds no text ({why})")


def read_document(path: Path) -> Document:
    """Read a source: plain text (pages split at form feeds) or PDF (pages
    joined with form feeds; pages without a text layer are OCR'd).  Whatever
    goes wrong is an ``InputError`` naming the file: one bad source never stops a build."""
    try:
        return _read(path)
    except InputError:
        raise
    except Exception as err:  # a library failing on a damaged file (MemoryError and RecursionError too)
        raise InputError(f"{path}: could not be read ({type(err).__name__}: {err})") from err


def _read(path: Path) -> Document:
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | PDF_SUFFIXES:
        raise InputError(f"{path}: unsupported format {path.suffix!r} (plain text or PDF only)")
    data = read_source_bytes(path)
    sha256 = hashlib.sha256(data).hexdigest()
    if suffix in PDF_SUFFIXES:
        from .pdf import read_pdf  # pdfplumber loads only when a PDF comes

        if not data.strip():
            raise _no_text(path, data, "")
        pages, methods = read_pdf(path, data)
        pages = [normalise(p).replace("\f", "\n") for p in pages]
        text = "\f".join(pages)
        if not text.strip():
            raise InputError(f"{path}: the PDF holds no text ({len(pages)} pages, none read even by OCR)")
        return Document(path.name, sha256, "application/pdf", "pdf", text, _page_starts(text), tuple(methods))
    decoded, encoding = _decode(data, str(path))
    text = normalise(decoded)
    if not text.strip():
        raise _no_text(path, data, decoded)
    starts = _page_starts(text)
    return Document(path.name, sha256, "text/plain", encoding, text, starts, ("text",) * len(starts))
