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


def add_simulation_arguments(parser: argparse.ArgumentParser) -> None:
    """``--runs`` and ``--seed`` with the app's defaults, as ``simulate`` and ``export`` take them."""
    from slaplanner.engine.simulation import DEFAULT_RUNS, DEFAULT_SEED, MAX_RUNS, MAX_SEED

    parser.add_argument(
        "--runs",
        type=whole_number("runs", 1, MAX_RUNS),
        default=DEFAULT_RUNS,
        help=f"simulation runs (replications), 1 to {MAX_RUNS:,} (default {DEFAULT_RUNS:,}, as in the app)",
    )
    parser.add_argument(
        "--seed",
        type=whole_number("seed", 0, MAX_SEED),
        default=DEFAULT_SEED,
        help=f"random seed, 0 to 2**63-1 (default {DEFAULT_SEED}, as in the app); the same seed gives the same output",
    )
