"""Writing output files so that a failure never leaves a half-written one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(target: Path, text: str | bytes) -> Path:
    """Write ``text`` (UTF-8, or bytes as they are) to a temporary file beside
    ``target``, then rename it over ``target``: readers see the old file or the
    new one, never a part."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as out:
                out.write(text)
                _sync(out)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                out.write(text)
                _sync(out)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; an output is for sharing
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _sync(out) -> None:
    """On disk before the rename, so a crash after it never leaves an empty file under the target's name."""
    out.flush()
    os.fsync(out.fileno())
