"""``slaplanner sample DIR``: write the bundled sample plan and sample lead export into DIR.

Prints the two written paths, one a line (the plan first), so a new user can start from them:
``slaplanner report DIR/sample-plan.json``, ``slaplanner score DIR/sample-plan.json DIR/sample-leads.csv``.
"""

from __future__ import annotations

import argparse
from typing import Any

from slaplanner.samples import write_samples


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "sample",
        help="write the sample plan and the sample lead export into DIR and print their paths",
        description="Write the bundled sample plan (sample-plan.json) and the sample lead export "
        "(sample-leads.csv) into DIR, made if missing; files of the same names there are replaced.",
    )
    parser.add_argument("folder", metavar="DIR", help="the folder to write the two files into")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    plan, leads = write_samples(args.folder)
    print(plan)
    print(leads)
    return 0
