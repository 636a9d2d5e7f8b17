"""The agreement as JSON interchange data (lossless): proposals, versions, signatories, signatures.

::

    {"format": "slaplanner-agreement", "format_version": 1, "name": "...",
     "proposals": [{"name": "...", "based_on": {"proposal": "...", "version": 2} | null,
                    "versions": [{"number": 1, "saved_at": "...", "author": "...", "comment": "...",
                                  "fingerprint": "<sha-256 hex>", "plan": {<a plan: docs/plan-format.md>}}]}],
     "signatories": [{"name": "...", "title": "...", "side": "marketing" | "sales"}],
     "signatures": [{"proposal": "...", "version": 1, "fingerprint": "...", "name": "...", "title": "...",
                     "side": "...", "signed_at": "..."}]}

Each version keeps the fingerprint recorded when it was saved: a plan edited by hand in the
JSON no longer matches it, and the app says so. A plain plan (``"format": "slaplanner-plan"``)
is read as an agreement with one proposal.
"""

from __future__ import annotations

from typing import Any

from slaplanner.agreement.canonical import canonical_data, fingerprint
from slaplanner.agreement.model import (
    FIRST_PROPOSAL,
    Agreement,
    Proposal,
    Signatory,
    Signature,
    Version,
    new_agreement,
)
from slaplanner.errors import Problem, ValidationError
from slaplanner.plan.model import FORMAT_NAME, Plan

AGREEMENT_FORMAT = "slaplanner-agreement"
AGREEMENT_FORMAT_VERSION = 1


def is_agreement_data(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == AGREEMENT_FORMAT


def agreement_to_dict(agreement: Agreement) -> dict[str, Any]:
    """The whole agreement as JSON-ready data."""
    return {
        "format": AGREEMENT_FORMAT,
        "format_version": AGREEMENT_FORMAT_VERSION,
        "name": agreement.name,
        "proposals": [
            {
                "name": p.name,
                "based_on": {"proposal": p.based_on[0], "version": p.based_on[1]} if p.based_on else None,
                "versions": [
                    {
                        "number": v.number,
                        "saved_at": v.saved_at,
                        "author": v.author,
                        "comment": v.comment,
                        "fingerprint": v.fingerprint,
                        "plan": canonical_data(v.plan),
                    }
                    for v in p.versions
                ],
            }
            for p in agreement.proposals
        ],
        "signatories": [{"name": s.name, "title": s.title, "side": s.side} for s in agreement.signatories],
        "signatures": [
            {
                "proposal": s.proposal,
                "version": s.version,
                "fingerprint": s.fingerprint,
                "name": s.name,
                "title": s.title,
                "side": s.side,
                "signed_at": s.signed_at,
            }
            for s in agreement.signatures
        ],
    }


def _text(data: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key, "" if not required else None)
    if not isinstance(value, str):
        raise ValidationError([Problem(f"{where}{key}", value, "allowed: text")])
    return value


def _int(data: dict[str, Any], key: str, where: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError([Problem(f"{where}{key}", value, "allowed: a whole number of 1 or more", "out_of_range")])
    return value


def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValidationError([Problem(f"{where}{key}", value, "allowed: a list")])
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError([Problem(where.rstrip("."), value, "allowed: an object")])
    return value


def agreement_from_dict(data: Any, *, saved_at: str | None = None) -> Agreement:
    """An agreement from interchange data; a plain plan becomes an agreement with one proposal,
    saved at ``saved_at`` (its file's time; default now)."""
    if isinstance(data, dict) and data.get("format", FORMAT_NAME) == FORMAT_NAME:
        return new_agreement(Plan.from_dict(data), proposal=FIRST_PROPOSAL, saved_at=saved_at)
    data = _object(data, "agreement")
    if data.get("format") != AGREEMENT_FORMAT:
        raise ValidationError([Problem("format", data.get("format"), f"allowed: {AGREEMENT_FORMAT!r}")])
    version = data.get("format_version", AGREEMENT_FORMAT_VERSION)
    if not isinstance(version, int) or version > AGREEMENT_FORMAT_VERSION:
        allowed = f"allowed: {AGREEMENT_FORMAT_VERSION} or lower (written by a newer SLA Planner?)"
        raise ValidationError([Problem("format_version", version, allowed)])
    proposals = []
    for i, raw in enumerate(_list(data, "proposals", "")):
        where = f"proposals[{i}]."
        p = _object(raw, where)
        versions = []
        for j, raw_v in enumerate(_list(p, "versions", where)):
            vwhere = f"{where}versions[{j}]."
            v = _object(raw_v, vwhere)
            try:
                plan = Plan.from_dict(v.get("plan"))
            except ValidationError as error:
                raise error.prefixed(f"{vwhere}plan.") from None
            recorded = v.get("fingerprint")
            versions.append(
                Version(
                    _int(v, "number", vwhere),
                    plan,
                    recorded if isinstance(recorded, str) and recorded else fingerprint(plan),
                    _text(v, "saved_at", vwhere, required=False),
                    _text(v, "author", vwhere, required=False),
                    _text(v, "comment", vwhere, required=False),
                )
            )
        based = p.get("based_on")
        based_on = None
        if based is not None:
            b = _object(based, f"{where}based_on.")
            based_on = (_text(b, "proposal", f"{where}based_on."), _int(b, "version", f"{where}based_on."))
        proposals.append(Proposal(_text(p, "name", where), tuple(versions), based_on))
    signatories = tuple(
        Signatory(
            _text(_object(s, f"signatories[{i}]."), "name", f"signatories[{i}]."),
            _text(s, "side", f"signatories[{i}]."),
            _text(s, "title", f"signatories[{i}].", required=False),
        )
        for i, s in enumerate(_list(data, "signatories", ""))
    )
    signatures = tuple(
        Signature(
            _text(_object(s, f"signatures[{i}]."), "proposal", f"signatures[{i}]."),
            _int(s, "version", f"signatures[{i}]."),
            _text(s, "fingerprint", f"signatures[{i}]."),
            _text(s, "name", f"signatures[{i}]."),
            _text(s, "side", f"signatures[{i}]."),
            _text(s, "signed_at", f"signatures[{i}].", required=False),
            _text(s, "title", f"signatures[{i}].", required=False),
        )
        for i, s in enumerate(_list(data, "signatures", ""))
    )
    return Agreement(_text(data, "name", ""), tuple(proposals), signatories, signatures)
