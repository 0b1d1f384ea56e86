"""The progress bar: on a terminal once a job has run for its delay, never in a pipe or a log."""

from __future__ import annotations

import io

from graph import progress as progress_module
from graph.progress import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_pipe_or_a_log_gets_no_bar():
    out = io.StringIO()
    with progress("reading texts", 50, stream=out) as advance:
        for _ in range(50):
            advance(1)
    assert out.getvalue() == ""


def test_a_terminal_gets_a_bar_once_the_job_has_run_for_its_delay(monkeypatch):
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    out = Terminal()
    with progress("reading texts", 50, stream=out) as advance:
        for _ in range(50):
            advance(1)
    assert "reading texts" in out.getvalue()


def test_a_quick_job_on_a_terminal_prints_nothing(monkeypatch):
    monkeypatch.setattr(progress_module, "DELAY", 3600.0)
    out = Terminal()
    with progress("reading texts", 50, stream=out) as advance:
        advance(50)
    assert out.getvalue() == ""
