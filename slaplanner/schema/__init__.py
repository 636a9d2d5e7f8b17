"""The JSON Schemas of the plan and agreement interchange formats, shipped with the package."""

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


AGREEMENT_SCHEMA_PATH = Path(__file__).with_name("agreement.schema.json")


@cache
def agreement_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) describing an agreement in JSON (it refers to the plan schema)."""
    data: dict[str, Any] = json.loads(AGREEMENT_SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


def agreement_validator() -> Any:
    """A jsonschema validator for agreements, with the plan schema it refers to registered."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    plan = plan_schema()
    registry = Registry().with_resource(plan["$id"], Resource.from_contents(plan))
    return Draft202012Validator(agreement_schema(), registry=registry)
