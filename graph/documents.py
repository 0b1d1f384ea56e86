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


def read_document(path: Path) -> Document:
    """Read a plain-text source; pages are split at form feeds."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror})") from err
    if path.suffix.lower() not in {".txt", ".text", ""}:
        raise InputError(f"{path}: unsupported format {path.suffix!r} (plain text only)")
    text, encoding = _decode(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: the file holds no text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\f"]
    return Document(path.name, hashlib.sha256(data).hexdigest(), "text/plain", encoding, text, tuple(starts))
