"""``slaplanner agreements postgresql://USER@HOST[:PORT]/DATABASE [--json]``: a team database's agreements.

One line each: the name, its status (agreed when a proposal is signed by both sides, else
draft), how many proposals, and the last change and who made it. Exit 0; 2 with one plain line
when the database cannot be used (unreachable, wrong password, not set up).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from slaplanner.errors import PlanFileError
from slaplanner.storage.location import DATABASE_SCHEMES


def register(sub: Any) -> None:
    parser = sub.add_parser("agreements", help="list the agreements in a team database (postgresql://...)")
    parser.add_argument(
        "database", metavar="DATABASE", help="the team database: postgresql://USER@HOST[:PORT]/DATABASE"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from slaplanner.storage.database import DatabaseAddress, agreements_at

    if not args.database.startswith(DATABASE_SCHEMES):
        raise PlanFileError(f"{args.database}: not a team database; give postgresql://USER@HOST[:PORT]/DATABASE")
    address = DatabaseAddress.from_url(args.database.partition("#")[0])
    found = agreements_at(address)
    if args.json:
        rows = [
            {
                "name": a.name,
                "status": a.status,
                "proposals": a.proposals,
                "last_saved_at": a.last_saved_at,
                "last_author": a.last_author,
                "location": f"{address.url}#{a.name}",
            }
            for a in found
        ]
        print(json.dumps({"database": address.url, "agreements": rows}, indent=2, ensure_ascii=False))
        return 0
    if not found:
        print(f"{address.describe()} holds no agreements yet")
        return 0
    width = max(len(a.name) for a in found)
    for a in found:
        who = f" by {a.last_author}" if a.last_author else ""
        plural = "s" if a.proposals != 1 else ""
        print(f"{a.name:<{width}}  {a.status:<6}  {a.proposals} proposal{plural}  last change {a.last_saved_at}{who}")
    return 0
