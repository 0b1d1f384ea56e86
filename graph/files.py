"""Writing output files so that a failure never leaves a half-written one.

A file is written to a temporary file beside its target (``.NAME.XXXXXXXXXXXX.tmp``), flushed to disk, then
renamed over the target: readers see the old file or the new one, never a part.  The temporary file's name is
chosen before the file is made, so an exception at any moment after (an error, Ctrl-C, or SIGTERM, which
``smkg`` turns into one: see :mod:`graph.cli`) removes it on its way out; only a hard kill (SIGKILL, a power cut)
can leave one behind, and its leading dot and ``.tmp`` keep it apart from the outputs.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

#: How the temporary file is opened: made new (never someone else's file), written as bytes.
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_ATTEMPTS = 100


def write_atomically(target: Path, text: str | bytes) -> Path:
    """Write ``text`` (UTF-8, or bytes as they are) to a temporary file beside
    ``target``, then rename it over ``target``: readers see the old file or the
    new one, never a part."""
    target = Path(target)
    data = text if isinstance(text, bytes) else text.encode("utf-8")  # a text that cannot be written fails here
    for _ in range(_ATTEMPTS):
        tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
        try:
            try:
                fd = os.open(tmp, _FLAGS, 0o600)
            except FileExistsError:  # another file has that name (1 chance in 2**48): not ours, try another
                continue
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())  # on disk before the rename: a crash after it never leaves an empty target
            os.chmod(tmp, 0o644)  # made private; an output is for sharing
            os.replace(tmp, target)
            return target
        except BaseException:  # an error, or an interrupt at any point after the name was chosen
            _remove(tmp)
            raise
    raise FileExistsError(f"{target.parent}: no free name for a temporary file after {_ATTEMPTS} tries")


def _remove(path: Path) -> None:
    """Remove a temporary file if it is there, without hiding the exception that brought us here."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
