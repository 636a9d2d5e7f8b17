"""``slaplanner convert IN OUT``: between ``.json`` and ``.slaplan`` (by OUT's extension).

IN may name a proposal and version (``FILE#PROPOSAL@VERSION``): then only that plan is written.
A whole agreement is copied with every proposal, version and signature; to ``.json`` it is the
agreement interchange format, or a plain plan when it holds one unsigned version.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from slaplanner.agreement.model import new_agreement
from slaplanner.errors import PlanFileError
from slaplanner.storage import JSON_SUFFIX, PLAN_SUFFIX, open_location, save_agreement
from slaplanner.storage.location import parse_location


def register(sub: Any) -> None:
    parser = sub.add_parser("convert", help="convert a plan or agreement between .json and .slaplan")
    parser.add_argument("source", metavar="IN", help="the plan to read: FILE[#PROPOSAL[@VERSION]] (.slaplan or .json)")
    parser.add_argument("target", metavar="OUT", help="the file to write (.slaplan or .json)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    target = Path(args.target)
    if target.suffix.lower() not in (JSON_SUFFIX, PLAN_SUFFIX):
        raise PlanFileError(f"{target}: OUT must end in {PLAN_SUFFIX} or {JSON_SUFFIX}")
    where = parse_location(args.source)
    opened = open_location(args.source)
    if where.proposal is None and where.version is None:
        agreement = opened.agreement
    else:
        agreement = new_agreement(opened.plan, comment=f"From {opened.proposal.name} version {opened.version.number}")
    save_agreement(agreement, target)
    print(f"wrote {target}")
    return 0
