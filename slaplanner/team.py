"""Sales team roles and calendars for capacity (issue 5 fills this in)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slaplanner.validation import record_from_dict


@dataclass(frozen=True)
class Team:
    """Sales team roles and calendars for capacity (issue 5 fills this in). Placeholder: no fields yet."""

    def to_dict(self) -> dict[str, Any]:
        return {}

    @classmethod
    def from_dict(cls, data: Any) -> Team:
        return record_from_dict(cls, data, "team", set())

    @property
    def is_empty(self) -> bool:
        return True
