"""``slaplanner diff OLD NEW [--json]``: what changed between two versions or proposals.

OLD and NEW are plan locations (``FILE``, ``FILE#PROPOSAL``, ``FILE#PROPOSAL@VERSION``). Exit 0
when they are the same, 1 when they differ, 2 on trouble (as ``diff`` does): a file that cannot
be read, an invalid plan (each problem names its file), no such proposal or version. JSON:
``{"changes": [{"path", "label", "old", "new"}]}`` (extra keys: each change's ``group``, ``input`` or
``result``; ``same_fingerprint``, false when only the order of records differs: the same plan,
but a signature of one is not a signature of the other).
With ``--results`` the derived results that moved are listed too (a short simulation each).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from slaplanner.agreement.canonical import fingerprint, short
from slaplanner.cli.commands._args import add_simulation_arguments
from slaplanner.cli.commands._plans import TROUBLE, naming, open_plan
from slaplanner.negotiation.diff import diff_plans, diff_results
from slaplanner.results import ResultSettings, compute_results


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "diff", help="what changed between two versions or proposals; exit 1 when they differ, 2 on trouble"
    )
    parser.add_argument("old", metavar="OLD", help="FILE[#PROPOSAL[@VERSION]]")
    parser.add_argument("new", metavar="NEW", help="FILE[#PROPOSAL[@VERSION]]")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--results", action="store_true", help="also list the derived results that moved (simulates both)"
    )
    add_simulation_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    old = open_plan(args.old, invalid_exit=TROUBLE)  # exit 1 means "different" here
    new = open_plan(args.new, invalid_exit=TROUBLE)
    changes = list(diff_plans(old.plan, new.plan))
    if args.results and changes:
        settings = ResultSettings(runs=args.runs, seed=args.seed)
        with naming(args.old, invalid_exit=TROUBLE):
            a = compute_results(old.plan, settings)
        with naming(args.new, invalid_exit=TROUBLE):
            b = compute_results(new.plan, settings)
        changes += diff_results(a, b, plans=(old.plan, new.plan))
    prints = fingerprint(old.plan), fingerprint(new.plan)
    if args.json:
        data = {
            "changes": [
                {"path": c.path, "label": c.label, "old": c.old, "new": c.new, "group": c.group} for c in changes
            ],
            "same_fingerprint": prints[0] == prints[1],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
    elif not changes:
        print(f"No changes: {old.proposal.name} version {old.version.number} and {new.proposal.name} "
              f"version {new.version.number} hold the same plan.")  # fmt: skip
        if prints[0] != prints[1]:  # a reordered list: nothing says another thing, but it is other content
            print(f"Only the order of some records differs, so their fingerprints differ ({short(prints[0])} and "
                  f"{short(prints[1])}): a signature of one is not a signature of the other.")  # fmt: skip
    else:
        print(f"{old.proposal.name} version {old.version.number} -> {new.proposal.name} version {new.version.number}:")
        for c in changes:
            print(f"  {c.label}")
    return 1 if changes else 0
