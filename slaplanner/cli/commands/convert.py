"""``slaplanner convert IN OUT``: between ``.json``, ``.slaplan`` (by OUT's extension) and a team database.

IN or OUT may be a team database's agreement, ``postgresql://USER@HOST[:PORT]/DATABASE#NAME``:
a file is copied into the database as the agreement NAME (refused when that name is taken),
and a database's agreement is copied out into a file.

IN may name a proposal and version (``FILE#PROPOSAL@VERSION``): then only that plan is written.
A whole agreement is copied with every proposal, version and signature; to ``.json`` it is the
agreement interchange format, or a plain plan when it holds one unsigned version.

An OUT file that already holds an agreement with more than one version or any signature is
not replaced (exit 2) unless ``--force`` is given: its history would be lost.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from slaplanner.agreement.model import new_agreement
from slaplanner.errors import PlanFileError
from slaplanner.storage import JSON_SUFFIX, PLAN_SUFFIX, history_at_risk, open_location, save_agreement
from slaplanner.storage.location import DATABASE_SCHEMES, parse_location


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "convert", help="convert a plan or agreement between .json, .slaplan and a team database (postgresql://...)"
    )
    parser.add_argument(
        "source",
        metavar="IN",
        help="the plan to read: FILE[#PROPOSAL[@VERSION]] (.slaplan or .json) or postgresql://...#AGREEMENT",
    )
    parser.add_argument(
        "target", metavar="OUT", help="the file to write (.slaplan or .json), or postgresql://USER@HOST/DB#NAME"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace OUT even when it holds an agreement with several versions or signatures (they are lost)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    into_database = args.target.startswith(DATABASE_SCHEMES)
    target = Path(args.target)
    if not into_database and target.suffix.lower() not in (JSON_SUFFIX, PLAN_SUFFIX):
        raise PlanFileError(f"{target}: OUT must end in {PLAN_SUFFIX} or {JSON_SUFFIX}")
    where = parse_location(args.source)
    opened = open_location(args.source)
    if where.proposal is None and where.version is None:
        agreement = opened.agreement
    else:
        agreement = new_agreement(opened.plan, comment=f"From {opened.proposal.name} version {opened.version.number}")
    if into_database:
        from slaplanner.storage.database import copy_agreement_into

        print(f"copied into {copy_agreement_into(agreement, args.target)}")
        return 0
    held = None if args.force else history_at_risk(target)
    if held is not None:
        versions, signatures = held
        raise PlanFileError(
            f"{target}: already holds an agreement with {_count(versions, 'version')} and "
            f"{_count(signatures, 'signature')}, which converting over it would lose; "
            "pass --force to overwrite it"
        )
    save_agreement(agreement, target)
    print(f"wrote {target}")
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
