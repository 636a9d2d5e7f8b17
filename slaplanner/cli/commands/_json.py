"""JSON output every command shares: strict JSON (no Infinity or NaN), or one plain refusal."""

from __future__ import annotations

import json
import math
import sys
from typing import Any


def first_non_finite(data: Any, where: str = "") -> str | None:
    """The path (``required[2][5]``) of the first infinite or NaN number in ``data``, else ``None``.

    JSON has no Infinity or NaN, and a table of ``inf`` misleads: such a result is refused.
    """
    if isinstance(data, float):
        return None if math.isfinite(data) else (where or "result")
    if isinstance(data, dict):
        items: Any = ((f"{where}.{k}" if where else str(k), v) for k, v in data.items())
    elif isinstance(data, (list, tuple)):
        items = ((f"{where}[{i}]", v) for i, v in enumerate(data))
    else:
        return None
    for path, value in items:
        found = first_non_finite(value, path)
        if found is not None:
            return found
    return None


def print_json(data: Any, *, what: str) -> int:
    """Print ``data`` as strict JSON and return 0; when a number is not finite, say which one
    (``what`` names the output, e.g. "the simulation") on standard error and return 1."""
    where = first_non_finite(data)
    if where is not None:
        print(f"slaplanner: {what}'s {where} is too large to compute; check the plan's values", file=sys.stderr)
        return 1
    print(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
    return 0
