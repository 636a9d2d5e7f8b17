"""MQL/SQL qualification definitions (issue 4 fills this in)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slaplanner.validation import record_from_dict


@dataclass(frozen=True)
class Definitions:
    """MQL/SQL qualification definitions (issue 4 fills this in). Placeholder: no fields yet."""

    def to_dict(self) -> dict[str, Any]:
        return {}

    @classmethod
    def from_dict(cls, data: Any) -> Definitions:
        return record_from_dict(cls, data, "definitions", set())

    @property
    def is_empty(self) -> bool:
        return True
