"""A progress bar (rich) for long jobs on a terminal, and silence everywhere else.

It shows only when stderr is a terminal and the job has run for a second, so a
quick build prints nothing extra and a pipe or a log file never gets one.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Callable

#: How long a job runs before its bar appears, in seconds.
DELAY = 1.0


@contextmanager
def progress(description: str, total: int, stream=None) -> Iterator[Callable[[int], None]]:
    """A function to call with the number of items just done; a bar on ``stream`` (stderr) if worth showing."""
    stream = stream or sys.stderr
    if not (hasattr(stream, "isatty") and stream.isatty()) or total <= 1:
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    started = time.monotonic()
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(file=stream), transient=True)
    task = bar.add_task(description, total=total)
    shown = False

    def advance(n: int = 1) -> None:
        nonlocal shown
        bar.advance(task, n)
        if not shown and time.monotonic() - started >= DELAY:
            bar.start()
            shown = True

    try:
        yield advance
    finally:
        if shown:
            bar.stop()
