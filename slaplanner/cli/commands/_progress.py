"""Progress on the terminal for long commands: shown after two seconds, on a terminal only
(scripts reading standard error see only the one-line errors), cleared when done."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

SHOW_AFTER = 2.0  # seconds


@contextmanager
def terminal_progress(what: str) -> Iterator[Callable[[float], None]]:
    """A progress callback (0 to 1) that writes ``what… 40 %`` to a terminal's standard error
    once the work has taken over two seconds; Ctrl+C still stops the command (exit 130)."""
    start = time.monotonic()
    shown = [-1]
    stream = sys.stderr

    def report(fraction: float) -> None:
        if not stream.isatty() or time.monotonic() - start < SHOW_AFTER:
            return
        percent = int(max(0.0, min(1.0, fraction)) * 100)
        if percent != shown[0]:
            shown[0] = percent
            stream.write(f"\r{what}… {percent:3d} % (Ctrl+C stops)")
            stream.flush()

    try:
        yield report
    finally:
        if shown[0] >= 0:
            stream.write("\r" + " " * (len(what) + 24) + "\r")
            stream.flush()
