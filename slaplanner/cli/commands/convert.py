"""``slaplanner convert IN OUT``: between ``.json`` and ``.slaplan`` (by OUT's extension)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from slaplanner.errors import PlanFileError
from slaplanner.storage import JSON_SUFFIX, PLAN_SUFFIX, load_plan, save_plan


def register(sub: Any) -> None:
    parser = sub.add_parser("convert", help="convert a plan between .json and .slaplan")
    parser.add_argument("source", metavar="IN", help="the plan to read (.slaplan or .json)")
    parser.add_argument("target", metavar="OUT", help="the file to write (.slaplan or .json)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    target = Path(args.target)
    if target.suffix.lower() not in (JSON_SUFFIX, PLAN_SUFFIX):
        raise PlanFileError(f"{target}: OUT must end in {PLAN_SUFFIX} or {JSON_SUFFIX}")
    plan = load_plan(args.source)
    save_plan(plan, target)
    print(f"wrote {target}")
    return 0
