"""Argument types the commands share (a module starting with ``_`` is not a command)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def whole_number(name: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number in low..high, or a plain usage error (exit 2)."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip().replace(",", "").replace("_", ""))
        except ValueError:
            message = f"{name} must be a whole number from {low:,} to {high:,}, not {text!r}"
            raise argparse.ArgumentTypeError(message) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{name} must be from {low:,} to {high:,}, not {value:,}")
        return value

    return parse
