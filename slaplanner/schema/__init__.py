"""The JSON Schema of the plan interchange format, shipped with the package."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("plan.schema.json")


@cache
def plan_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) describing a plan file in JSON."""
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data
