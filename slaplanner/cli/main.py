"""The ``slaplanner`` command line (everything but opening the window; see ``main.py``).

Exit codes: 0 success, 1 the plan has problems (validation errors, conflicts), 2 a usage or
file error (a location naming no such proposal or version too). A command whose exit 1 means
something else (``diff``: different, ``review``: a commitment missed) exits 2 for an invalid
plan. Every problem of a plan a command reads names that plan
(:mod:`slaplanner.cli.commands._plans`). Errors are printed as one plain line each, never a
traceback (an unexpected error too, exit 2; set ``SLAPLANNER_TRACEBACK=1`` to see its traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from slaplanner import __version__
from slaplanner.cli import commands
from slaplanner.cli.commands._plans import PlanInputError
from slaplanner.errors import MESSAGE_CUT, LocationError, PlanFileError, ValidationError, cut_text

GUI_COMMANDS = ("open",)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slaplanner",
        description="SLA Planner: plan, test and export the sales and marketing SLA. With no command it opens the app.",
        epilog="Window: 'slaplanner [open] [PLAN]' opens the app; "
        "'slaplanner --screenshot OUT.png [--page NAME] PLAN' renders a page to PNG and exits "
        "(an unknown --page lists the page names). "
        "Exit codes: 0 success, 1 the plan has problems (diff: the plans differ; review: a commitment was "
        "missed), 2 a usage or file error (for diff and review an invalid plan too).",
    )
    parser.add_argument("--version", action="version", version=f"SLA Planner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    opener = sub.add_parser("open", help="open PLAN in the app")
    opener.add_argument("plan", metavar="PLAN", nargs="?", help="a .slaplan or .json plan file")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a non-GUI command; return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except PlanFileError as error:
        print(f"slaplanner: {error}", file=sys.stderr)
        return 2
    except PlanInputError as error:
        for line in error.lines():
            print(f"slaplanner: {line}", file=sys.stderr)
        return error.exit_code
    except LocationError as error:  # a usage error, not a problem of the plan
        for problem in error.problems:
            print(f"slaplanner: {problem}", file=sys.stderr)
        return 2
    except ValidationError as error:
        for problem in error.problems:
            print(f"slaplanner: {problem}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except RecursionError:
        print("slaplanner: the input is nested too deeply to be read", file=sys.stderr)
        return 2
    except Exception as error:  # the promise is one plain line, never a traceback; this is a bug to report
        if os.environ.get("SLAPLANNER_TRACEBACK"):
            raise
        reason = cut_text(" ".join(str(error).split()), 2 * MESSAGE_CUT)
        print(f"slaplanner: unexpected error ({type(error).__name__}: {reason}); please report it", file=sys.stderr)
        return 2
