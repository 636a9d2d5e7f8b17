"""``slaplanner sign FILE[#PROPOSAL] --name NAME --side marketing|sales [--title TITLE]``.

FILE may be a team database's agreement, ``postgresql://USER@HOST/DATABASE#AGREEMENT[#PROPOSAL]``
(a read-only role is told plainly that it may not sign).

Signs the proposal's latest version: the signature records the name, the time and the
fingerprint of the content. When both sides have signed the same version it is agreed and
locked. Exit 0 when signed; 1 with one clear line when it cannot be (already agreed, already
signed by that side, the content no longer matches its fingerprint); 2 on a usage or file error.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from slaplanner.agreement.canonical import short
from slaplanner.agreement.model import SIDES, Signatory, Signature
from slaplanner.errors import PlanFileError
from slaplanner.storage import file_store, open_location
from slaplanner.storage.location import parse_location


def register(sub: Any) -> None:
    parser = sub.add_parser("sign", help="sign a proposal's latest version for one side")
    parser.add_argument(
        "file",
        metavar="FILE[#PROPOSAL]",
        help="a .slaplan file or postgresql://USER@HOST/DATABASE#AGREEMENT, optionally #PROPOSAL",
    )
    parser.add_argument("--name", required=True, help="the signatory's name")
    parser.add_argument("--side", required=True, choices=SIDES, help="the side signing: marketing or sales")
    parser.add_argument("--title", default="", help="the signatory's title, e.g. 'VP Sales'")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    where = parse_location(args.file)
    if where.is_database:
        from slaplanner.storage.database import open_store

        database = open_store(where)
        try:
            agreement = database.read()
            chosen = agreement.resolve(where.proposal, where.version)[0].name
            signature = database.sign(chosen, Signatory(args.name, args.side, args.title), version=where.version)
            return _report(signature, chosen, database.read().status(chosen))
        finally:
            database.close()
    if where.path is None or where.path.suffix.lower() != ".slaplan":
        raise PlanFileError(f"{args.file}: only a .slaplan file keeps signatures; convert the plan to .slaplan first")
    opened = open_location(args.file)
    proposal = opened.proposal.name
    for warning in opened.warnings():  # which proposal a file name alone signs, as every command says
        print(f"slaplanner: {args.file}: warning: {warning}", file=sys.stderr)
    store = file_store(where.path)
    signature = store.sign(proposal, Signatory(args.name, args.side, args.title), version=where.version)
    return _report(signature, proposal, store.read().status(proposal))


def _report(signature: Signature, proposal: str, status: str) -> int:
    print(
        f"{signature.name} signed {proposal} version {signature.version} for {signature.side} "
        f"(fingerprint {short(signature.fingerprint)}) at {signature.signed_at}"
    )
    if status == "agreed":
        print(f"{proposal} version {signature.version} is now agreed by both sides and locked.")
    else:
        other = next(s for s in SIDES if s != signature.side)
        print(f"Waiting for {other} to sign version {signature.version}.")
    return 0
