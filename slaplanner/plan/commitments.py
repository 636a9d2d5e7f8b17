"""The SLA's commitments: sales' response commitments per lead tier and marketing's SQLs.

Owned by the capacity/simulation capability; the engagement checker and the exports read it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from slaplanner.errors import ValidationError
from slaplanner.plan.validation import Collector, check_choice, check_number, check_text, record_from_dict

CLOCKS = ("business", "clock")


@dataclass(frozen=True)
class ResponseCommitment:
    """Sales' promise for one lead tier.

    First touch within ``first_touch_minutes`` (counted in business or clock time) for
    ``target_share`` of the tier's leads; ``touches`` attempts within ``touch_days`` days;
    accept or reject within ``accept_within_hours`` hours. ``share_of_sqls`` is the fraction of
    all SQLs that fall in this tier.
    """

    tier: str
    description: str = ""
    share_of_sqls: float = 1.0
    first_touch_minutes: float = 60.0
    clock: str = "business"
    target_share: float = 0.9
    touches: int = 6
    touch_days: float = 10.0
    accept_within_hours: float = 24.0

    def __post_init__(self) -> None:
        c = Collector()
        set_ = object.__setattr__
        set_(self, "tier", c.check(check_text, "tier", self.tier, max_length=40, default=""))
        set_(
            self,
            "description",
            c.check(check_text, "description", self.description, required=False, max_length=200, default=""),
        )
        set_(self, "share_of_sqls", c.check(check_number, "share_of_sqls", self.share_of_sqls, 0.0, 1.0, default=0.0))
        set_(
            self,
            "first_touch_minutes",
            c.check(
                check_number,
                "first_touch_minutes",
                self.first_touch_minutes,
                0.0,
                60.0 * 24 * 30,
                low_open=True,
                default=1.0,
            ),
        )
        c.check(check_choice, "clock", self.clock, CLOCKS, default="")
        set_(self, "target_share", c.check(check_number, "target_share", self.target_share, 0.0, 1.0, default=0.0))
        set_(self, "touches", int(c.check(check_number, "touches", self.touches, 0, 50, integer=True, default=0)))
        set_(self, "touch_days", c.check(check_number, "touch_days", self.touch_days, 0.0, 90.0, default=0.0))
        set_(
            self,
            "accept_within_hours",
            c.check(check_number, "accept_within_hours", self.accept_within_hours, 0.0, 24.0 * 30, default=0.0),
        )
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Any) -> ResponseCommitment:
        return record_from_dict(cls, data, "a response commitment", {f.name for f in fields(cls)})


@dataclass(frozen=True)
class SqlCommitment:
    """Marketing's promise: ``sqls_per_month`` SQLs every month for one segment."""

    segment: str
    sqls_per_month: float

    def __post_init__(self) -> None:
        c = Collector()
        object.__setattr__(self, "segment", c.check(check_text, "segment", self.segment, max_length=80, default=""))
        object.__setattr__(
            self,
            "sqls_per_month",
            c.check(check_number, "sqls_per_month", self.sqls_per_month, 0.0, 1e7, default=0.0),
        )
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        return {"segment": self.segment, "sqls_per_month": self.sqls_per_month}

    @classmethod
    def from_dict(cls, data: Any) -> SqlCommitment:
        return record_from_dict(cls, data, "an SQL commitment", {"segment", "sqls_per_month"})


@dataclass(frozen=True)
class Commitments:
    """All commitments of the SLA. Tier names and segments are unique."""

    response: tuple[ResponseCommitment, ...] = ()
    marketing: tuple[SqlCommitment, ...] = ()

    def __post_init__(self) -> None:
        c = Collector()
        object.__setattr__(self, "response", tuple(self.response))
        object.__setattr__(self, "marketing", tuple(self.marketing))
        tiers = [r.tier.casefold() for r in self.response]
        for i, t in enumerate(tiers):
            if t in tiers[:i]:
                c.add(f"response[{i}].tier", self.response[i].tier, "allowed: a tier name no other tier has")
        segs = [m.segment.casefold() for m in self.marketing]
        for i, s in enumerate(segs):
            if s in segs[:i]:
                c.add(f"marketing[{i}].segment", self.marketing[i].segment, "allowed: one commitment per segment")
        total = sum(r.share_of_sqls for r in self.response)
        if self.response and abs(total - 1.0) > 1e-6:
            c.add("response.share_of_sqls", round(total, 6), "allowed: tier shares that add up to 1 (100 %)")
        c.raise_if_any()

    @property
    def is_empty(self) -> bool:
        return not self.response and not self.marketing

    def to_dict(self) -> dict[str, Any]:
        return {"response": [r.to_dict() for r in self.response], "marketing": [m.to_dict() for m in self.marketing]}

    @classmethod
    def from_dict(cls, data: Any) -> Commitments:
        if not isinstance(data, dict):
            raise ValidationError.single("", data, "allowed: an object with the commitments")
        c = Collector()
        response, marketing = [], []
        for i, r in enumerate(data.get("response", [])):
            with c.field(f"response[{i}]."):
                response.append(ResponseCommitment.from_dict(r))
        for i, m in enumerate(data.get("marketing", [])):
            with c.field(f"marketing[{i}]."):
                marketing.append(SqlCommitment.from_dict(m))
        for key in sorted(set(data) - {"response", "marketing"}):
            c.add(key, data[key], "allowed: no such field in the commitments")
        c.raise_if_any()
        return cls(tuple(response), tuple(marketing))
