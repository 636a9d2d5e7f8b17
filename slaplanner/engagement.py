"""Rules of engagement per stage (issue 4 fills this in)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slaplanner.validation import record_from_dict


@dataclass(frozen=True)
class RulesOfEngagement:
    """Rules of engagement per stage (issue 4 fills this in). Placeholder: no fields yet."""

    def to_dict(self) -> dict[str, Any]:
        return {}

    @classmethod
    def from_dict(cls, data: Any) -> RulesOfEngagement:
        return record_from_dict(cls, data, "engagement", set())

    @property
    def is_empty(self) -> bool:
        return True
