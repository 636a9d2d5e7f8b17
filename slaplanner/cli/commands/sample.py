"""``slaplanner sample DIR``: write the bundled sample plan, sample lead export and sample actuals into DIR.

Prints the three written paths, one a line (the plan first, then the lead export, then the
actuals), so a new user can start from them: ``slaplanner report DIR/sample-plan.json``,
``slaplanner score DIR/sample-plan.json DIR/sample-leads.csv``,
``slaplanner review DIR/sample-plan.json DIR/sample-actuals.csv``.
"""

from __future__ import annotations

import argparse
from typing import Any

from slaplanner.samples import write_samples


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "sample",
        help="write the sample plan, the sample lead export and the sample actuals into DIR and print their paths",
        description="Write the bundled sample plan (sample-plan.json), the sample lead export "
        "(sample-leads.csv, for 'score') and the sample actuals (sample-actuals.csv: last quarter's leads "
        "with the dates they moved, for 'review') into DIR, made if missing; files of the same names there "
        "are replaced.",
    )
    parser.add_argument("folder", metavar="DIR", help="the folder to write the three files into")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    plan, leads, actuals = write_samples(args.folder)
    print(plan)
    print(leads)
    print(actuals)
    return 0
