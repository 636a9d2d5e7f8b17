"""``slaplanner proposals FILE [--json]``: the agreement's proposals, versions and signatures."""

from __future__ import annotations

import argparse
from typing import Any

from slaplanner.agreement.canonical import short
from slaplanner.agreement.model import Agreement, Proposal
from slaplanner.cli.commands._json import print_json
from slaplanner.cli.commands._plans import open_plan


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "proposals", help="list the agreement's proposals with their status, versions and signatures"
    )
    parser.add_argument("file", metavar="FILE", help="a .slaplan or .json file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def as_json(agreement: Agreement) -> dict[str, Any]:
    """The issue's JSON: ``{"proposals": [{"name", "status", "version", "fingerprint",
    "signatures": [{"name", "side", "signed_at"}], "versions": [{"version", "saved_at", "author",
    "comment"}]}]}`` (extra keys: ``title`` of a signature, its ``version`` and ``matches`` (it
    carries its version's fingerprint), ``based_on``, ``intact`` of a version and its
    ``signed_for_both_sides``: who signed it for both sides, in a file signed before that was refused)."""
    out = []
    for p in agreement.proposals:
        head = p.head
        out.append(
            {
                "name": p.name,
                "status": agreement.status(p.name),
                "version": head.number,
                "fingerprint": head.fingerprint,
                "signatures": [
                    {
                        "name": s.name,
                        "side": s.side,
                        "signed_at": s.signed_at,
                        "title": s.title,
                        "version": s.version,
                        "matches": agreement.signature_matches(s),
                    }
                    for s in agreement.signatures_of(p.name)
                ],
                "versions": [
                    {
                        "version": v.number,
                        "saved_at": v.saved_at,
                        "author": v.author,
                        "comment": v.comment,
                        "fingerprint": v.fingerprint,
                        "intact": v.intact,
                        "signed_for_both_sides": list(agreement.signed_for_both_sides(p.name, v.number)),
                    }
                    for v in p.versions
                ],
                "based_on": {"proposal": p.based_on[0], "version": p.based_on[1]} if p.based_on else None,
            }
        )
    return {"name": agreement.name, "proposals": out}


def format_text(agreement: Agreement) -> str:
    lines = [f"{agreement.name}"]
    for p in agreement.proposals:
        status = agreement.status(p.name)
        head = p.head
        based = f", based on {p.based_on[0]} version {p.based_on[1]}" if p.based_on else ""
        lines.append(
            f"  {p.name}: {status.upper() if status == 'agreed' else status}, version {head.number} "
            f"({head.short_fingerprint}){based}"
        )
        for v in p.versions:
            who = f" by {v.author}" if v.author else ""
            comment = f": {v.comment}" if v.comment else ""
            broken = "  [content changed after saving: no longer matches its fingerprint]" if not v.intact else ""
            lines.append(f"    {v.number}. {v.saved_at}{who}{comment}{broken}")
        for s in agreement.signatures_of(p.name):
            title = f", {s.title}" if s.title else ""
            when = s.signed_at or "no time recorded"
            matches = agreement.signature_matches(s)
            mismatch = "" if matches else f"  [{_signed_other_content(p, s.version, s.fingerprint)}]"
            lines.append(f"    signed by {s.name}{title} ({s.side}) on version {s.version} at {when}{mismatch}")
        for v in p.versions:
            for name in agreement.signed_for_both_sides(p.name, v.number):
                lines.append(
                    f"    [{name} signed version {v.number} for both sides, which is no longer allowed; "
                    "it stays as it was signed]"
                )
    return "\n".join(lines)


def _signed_other_content(proposal: Proposal, number: int, signed: str) -> str:
    shown = short(signed) or "none"
    if all(v.number != number for v in proposal.versions):
        return f"signed a version this proposal does not have (fingerprint {shown})"
    version = proposal.version(number)
    return f"signed other content: fingerprint {shown} does not match version {number}'s {version.short_fingerprint}"


def run(args: argparse.Namespace) -> int:
    agreement = open_plan(args.file, warn=False).agreement  # it lists every proposal and marks changed versions
    if args.json:
        return print_json(as_json(agreement), what="the list of proposals")
    print(format_text(agreement))
    return 0
