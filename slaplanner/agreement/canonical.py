"""The canonical form of a plan and its fingerprint.

A version is named by the SHA-256 of its content's canonical form: the plan's interchange
data as JSON with keys sorted, no whitespace, and numbers written one way (a whole number
as an integer, any other number in Python's shortest round-trip form). Any change to the
content, by the app or by hand, changes the fingerprint; that makes a signature checkable.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from slaplanner.plan.model import Plan

#: How many hex digits of a fingerprint people see (as Git shows a short hash).
SHORT = 12


def _numbers_one_way(data: Any) -> Any:
    if isinstance(data, bool) or data is None or isinstance(data, str):
        return data
    if isinstance(data, float):
        if not math.isfinite(data):
            raise ValueError("a plan's numbers are finite")
        return int(data) if data.is_integer() and abs(data) < 2**53 else data
    if isinstance(data, int):
        return data
    if isinstance(data, dict):
        return {str(k): _numbers_one_way(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_numbers_one_way(v) for v in data]
    raise TypeError(f"not plan data: {type(data).__name__}")


def canonical_data(plan: Plan) -> Any:
    """The plan's interchange data with every number written one way."""
    return _numbers_one_way(plan.to_dict())


def canonical_json(plan: Plan) -> str:
    """The plan as canonical JSON: keys sorted, no whitespace, numbers one way, UTF-8 text kept."""
    return json.dumps(canonical_data(plan), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def content_json(plan: Plan) -> str:
    """The plan as stored in a version: compact JSON in the plan's own key order (an example
    lead's fields keep the order they were written in), numbers written one way. Its
    fingerprint is that of :func:`canonical_json`, which sorts the keys."""
    return json.dumps(canonical_data(plan), separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def fingerprint_of_text(text: str) -> str:
    """SHA-256 (hex) of canonical JSON text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(plan: Plan) -> str:
    """The plan's fingerprint: SHA-256 (hex, 64 digits) of :func:`canonical_json`."""
    return fingerprint_of_text(canonical_json(plan))


def short(fingerprint_hex: str) -> str:
    """The first :data:`SHORT` hex digits, as people see a fingerprint."""
    return fingerprint_hex[:SHORT]
