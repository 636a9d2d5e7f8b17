"""``slaplanner check PLAN [--json]``: the conflicts in the rules of engagement, definitions and commitments.

Prints one line per conflict (kind, the stage or rule it concerns, why) and one per example
lead the definitions classify differently than it says. Exit 0 when there is none, 1 when
there are some.
"""

from __future__ import annotations

import argparse
from typing import Any

from slaplanner.cli.commands._json import print_json
from slaplanner.cli.commands._plans import open_plan
from slaplanner.engine.conflicts import check_conflicts
from slaplanner.engine.scoring import check_examples
from slaplanner.plan.format import count_text


def register(sub: Any) -> None:
    parser = sub.add_parser("check", help="list conflicts in the rules of engagement; exit 1 when there are some")
    parser.add_argument("plan", metavar="PLAN", help="a .slaplan or .json plan file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    plan = open_plan(args.plan).plan
    conflicts = check_conflicts(plan)
    broken = [r for r in check_examples(plan.definitions) if not r.passed]
    if args.json:
        data = {
            "conflicts": [c.to_dict() for c in conflicts],
            "broken_examples": [
                {
                    "name": r.name,
                    "expect": r.expect,
                    "level": r.level,
                    "score": r.score,
                    "reasons": list(r.reasons),
                }
                for r in broken
            ],
        }
        if print_json(data, what="the check"):
            return 2
    else:
        for conflict in conflicts:
            print(conflict)
        for result in broken:
            print(
                f"[broken_example] {result.name}: expected {result.expect.replace('_', ' ')}, "
                f"came out {result.level} ({'; '.join(result.reasons)})"
            )
        if not conflicts and not broken:
            print(f"{args.plan}: no conflicts")
        else:
            print(f"{args.plan}: {count_text(len(conflicts), 'conflict')}, {count_text(len(broken), 'broken example')}")
    return 1 if conflicts or broken else 0
