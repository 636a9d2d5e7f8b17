"""Start SLA Planner: the window, or a command-line command (``slaplanner --help``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

#: Options that belong to the window (``ui.app``), not to the command line.
WINDOW_OPTIONS = ("--screenshot", "--page", "--size", "--zoom", "--dark", "--presentation")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] == "open" or args[0].startswith(WINDOW_OPTIONS) or _is_plan_path(args[0]):
        from ui.app import run_app

        return int(run_app(args))
    from slaplanner.cli.main import main as cli_main

    return cli_main(args)


def _is_plan_path(arg: str) -> bool:
    return arg.lower().endswith((".slaplan", ".json"))


if __name__ == "__main__":
    sys.exit(main())
