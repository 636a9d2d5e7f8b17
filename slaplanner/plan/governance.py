"""How the SLA is governed: its term, the meetings that review it, who a miss is escalated to,
what happens to a lead when a commitment is missed, how a rejected lead is disputed, how the
agreement is amended, marketing's lead-quality commitments and how leads are routed.

Sales' acceptance window and follow-up depth are not here: they are part of each tier's
response commitment (:class:`slaplanner.plan.commitments.ResponseCommitment`).

A plan without this section has :class:`Governance`'s defaults, the practice of most written
SLAs (a weekly working review, a monthly review of both vice presidents, a quarterly
renegotiation; SDR manager, then VP Sales, then CMO and CRO together).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from slaplanner.errors import ValidationError
from slaplanner.plan.months import parse_month
from slaplanner.plan.validation import Collector, check_choice, check_number, check_text, record_from_dict

#: How often a review meeting is held (stored code -> words).
FREQUENCIES: dict[str, str] = {
    "weekly": "weekly",
    "every_two_weeks": "every two weeks",
    "monthly": "monthly",
    "quarterly": "quarterly",
    "yearly": "yearly",
}
#: How a new lead finds its owner (stored code -> words).
ROUTING_METHODS: dict[str, str] = {
    "territory": "by territory",
    "round_robin": "round-robin",
    "segment": "by segment",
}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_LEVELS = 6
MAX_MEETINGS = 8
MAX_TERM_MONTHS = 36
HOURS_A_BUSINESS_DAY = 8.0

DEFAULT_AMENDMENT = (
    "Either side may propose a change at any time. A change takes effect only as a new version of this "
    "agreement, signed by both signatories; until then the signed version stands."
)


#: Marketing's acceptance rate, as the SLA document words it (sales' acceptance window).
#: :func:`counts_as_accepted` is the same rule computed; the review judges the rate with it.
UNDECIDED_COUNTS_AS_ACCEPTED = (
    "A lead neither accepted nor rejected in time counts as accepted for marketing's acceptance rate"
)


def counts_as_accepted(
    accepted: npt.NDArray[np.bool_], rejected_in_time: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Which delivered SQLs count as accepted for marketing's acceptance rate
    (:data:`UNDECIDED_COUNTS_AS_ACCEPTED`): every SQL sales accepted, and every SQL sales did not
    reject within its acceptance window (undecided, or rejected too late). Only an SQL rejected
    in time, and not accepted, counts against marketing."""
    out: npt.NDArray[np.bool_] = np.asarray(accepted, dtype=bool) | ~np.asarray(rejected_in_time, dtype=bool)
    return out


def frequency_label(code: str) -> str:
    """A frequency code in words (``every_two_weeks`` -> ``every two weeks``)."""
    return FREQUENCIES.get(code, code)


def routing_label(code: str) -> str:
    """A routing method code in words (``round_robin`` -> ``round-robin``)."""
    return ROUTING_METHODS.get(code, code)


def business_hours_text(hours: float) -> str:
    """``4`` -> ``4 business hours``; ``8`` -> ``1 business day``; ``24`` -> ``3 business days``
    (a business day is :data:`HOURS_A_BUSINESS_DAY` hours)."""
    days = hours / HOURS_A_BUSINESS_DAY
    if hours >= HOURS_A_BUSINESS_DAY and days == int(days):
        return "1 business day" if days == 1 else f"{int(days)} business days"
    return "1 business hour" if hours == 1 else f"{hours:g} business hours"


def _check_date(field: str, value: Any) -> str:
    """An ISO day (``2026-01-01``) or empty."""
    if value == "":
        return ""
    allowed = "allowed: a date written 2026-01-01, or empty for the first day of the plan's first month"
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value.strip()):
        raise ValidationError.single(field, value, allowed)
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError.single(field, value, allowed) from None
    if not 1990 <= day.year <= 2199:
        raise ValidationError.single(field, value, "allowed: a date from 1990 to 2199")
    return day.isoformat()


@dataclass(frozen=True)
class ReviewMeeting:
    """A meeting that reviews the SLA: its name, how often it meets, who attends, what it is for."""

    name: str
    frequency: str = "monthly"
    attendees: str = ""
    purpose: str = ""

    def __post_init__(self) -> None:
        c = Collector()
        set_ = object.__setattr__
        set_(self, "name", c.check(check_text, "name", self.name, max_length=80, default=""))
        c.check(check_choice, "frequency", self.frequency, tuple(FREQUENCIES), default="")
        set_(
            self,
            "attendees",
            c.check(check_text, "attendees", self.attendees, required=False, max_length=200, default=""),
        )
        set_(self, "purpose", c.check(check_text, "purpose", self.purpose, required=False, max_length=300, default=""))
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Any) -> ReviewMeeting:
        return record_from_dict(cls, data, "a review meeting", {f.name for f in fields(cls)})


@dataclass(frozen=True)
class EscalationLevel:
    """One step of the escalation ladder: who takes a missed commitment or a dispute, and within
    how many business hours they settle it before it goes to the next level."""

    who: str
    within_business_hours: float = 8.0

    def __post_init__(self) -> None:
        c = Collector()
        object.__setattr__(self, "who", c.check(check_text, "who", self.who, max_length=120, default=""))
        object.__setattr__(
            self,
            "within_business_hours",
            c.check(
                check_number,
                "within_business_hours",
                self.within_business_hours,
                0.0,
                24.0 * 30,
                low_open=True,
                default=1.0,
            ),
        )
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        return {"who": self.who, "within_business_hours": self.within_business_hours}

    @classmethod
    def from_dict(cls, data: Any) -> EscalationLevel:
        return record_from_dict(cls, data, "an escalation level", {"who", "within_business_hours"})


DEFAULT_REVIEWS: tuple[ReviewMeeting, ...] = (
    ReviewMeeting(
        "Working review",
        "weekly",
        "SDR manager, marketing operations",
        "Leads delivered, accepted and rejected; first-touch times; leads waiting too long",
    ),
    ReviewMeeting(
        "Monthly review",
        "monthly",
        "VP Sales, VP Marketing",
        "SQLs against the commitment; acceptance rate; pipeline and revenue against the goal",
    ),
    ReviewMeeting(
        "Quarterly renegotiation",
        "quarterly",
        "CRO, CMO",
        "Renew or change the commitments, the team and the definitions for the next quarter",
    ),
)
DEFAULT_ESCALATION: tuple[EscalationLevel, ...] = (
    EscalationLevel("SDR manager", 4.0),
    EscalationLevel("VP Sales", 8.0),
    EscalationLevel("CMO and CRO together", 24.0),
)


@dataclass(frozen=True)
class Governance:
    """The terms that govern the SLA.

    Attributes:
        effective_date: the first day the SLA applies (``YYYY-MM-DD``); empty: the first day of the
            plan's first month.
        term_months: how long it runs from then.
        reviews: the review cadence.
        escalation: the escalation ladder, first level first.
        reassign_after_hours: a lead nobody touched is re-assigned after so many business hours.
            (When an untouched lead is recycled to nurture is the rules of engagement's
            ``recycle_after_days``, per stage: one rule, one home.)
        escalate_after_misses: a commitment missed so many review periods in a row goes up the
            escalation ladder.
        dispute_reviewer: who reviews a lead marketing disputes after sales rejected it.
        dispute_within_days: within how many business days they decide.
        amendment: how the agreement is changed.
        acceptance_rate_floor: marketing's quality commitment: at least this share of the SQLs it
            delivers is accepted by sales.
        mql_to_sql_floor: at least this share of MQLs becomes SQL.
        data_completeness: at least this share of delivered leads has every required field.
        required_fields: the fields a delivered lead must have.
        routing_method: how a new SQL finds its owner (:data:`ROUTING_METHODS`).
        backup_owner: who takes a lead when its owner is away.
    """

    effective_date: str = ""
    term_months: int = 12
    reviews: tuple[ReviewMeeting, ...] = DEFAULT_REVIEWS
    escalation: tuple[EscalationLevel, ...] = DEFAULT_ESCALATION
    reassign_after_hours: float = 4.0
    escalate_after_misses: int = 2
    dispute_reviewer: str = "Marketing operations and the SDR manager"
    dispute_within_days: float = 5.0
    amendment: str = DEFAULT_AMENDMENT
    acceptance_rate_floor: float = 0.8
    mql_to_sql_floor: float = 0.3
    data_completeness: float = 0.95
    required_fields: str = "name, company, job title, country, e-mail or phone"
    routing_method: str = "round_robin"
    backup_owner: str = "SDR manager"

    def __post_init__(self) -> None:
        c = Collector()
        set_ = object.__setattr__
        set_(self, "effective_date", c.check(_check_date, "effective_date", self.effective_date, default=""))
        set_(
            self,
            "term_months",
            int(c.check(check_number, "term_months", self.term_months, 1, MAX_TERM_MONTHS, integer=True, default=1)),
        )
        reviews = tuple(self.reviews) if isinstance(self.reviews, (list, tuple)) else ()
        if not isinstance(self.reviews, (list, tuple)):
            c.add("reviews", self.reviews, "allowed: a list of review meetings")
        if len(reviews) > MAX_MEETINGS:
            c.add("reviews", len(reviews), f"allowed: at most {MAX_MEETINGS} review meetings")
        names: list[str] = []
        for i, meeting in enumerate(reviews):
            if not isinstance(meeting, ReviewMeeting):
                c.add(f"reviews[{i}]", meeting, "allowed: a review meeting")
                continue
            if meeting.name.casefold() in names:
                c.add(f"reviews[{i}].name", meeting.name, "allowed: a name no other meeting has")
            names.append(meeting.name.casefold())
        set_(self, "reviews", reviews)
        levels = tuple(self.escalation) if isinstance(self.escalation, (list, tuple)) else ()
        if not isinstance(self.escalation, (list, tuple)):
            c.add("escalation", self.escalation, "allowed: a list of escalation levels")
        if len(levels) > MAX_LEVELS:
            c.add("escalation", len(levels), f"allowed: at most {MAX_LEVELS} escalation levels")
        for i, level in enumerate(levels):
            if not isinstance(level, EscalationLevel):
                c.add(f"escalation[{i}]", level, "allowed: an escalation level")
        set_(self, "escalation", levels)
        set_(
            self,
            "reassign_after_hours",
            c.check(check_number, "reassign_after_hours", self.reassign_after_hours, 0.0, 24.0 * 30, default=0.0),
        )
        set_(
            self,
            "escalate_after_misses",
            int(
                c.check(
                    check_number, "escalate_after_misses", self.escalate_after_misses, 1, 12, integer=True, default=1
                )
            ),
        )
        set_(
            self,
            "dispute_reviewer",
            c.check(check_text, "dispute_reviewer", self.dispute_reviewer, max_length=120, default=""),
        )
        set_(
            self,
            "dispute_within_days",
            c.check(
                check_number, "dispute_within_days", self.dispute_within_days, 0.0, 90.0, low_open=True, default=1.0
            ),
        )
        set_(self, "amendment", c.check(check_text, "amendment", self.amendment, max_length=1000, default=""))
        for name in ("acceptance_rate_floor", "mql_to_sql_floor", "data_completeness"):
            set_(self, name, c.check(check_number, name, getattr(self, name), 0.0, 1.0, default=0.0))
        set_(
            self,
            "required_fields",
            c.check(check_text, "required_fields", self.required_fields, required=False, max_length=300, default=""),
        )
        c.check(check_choice, "routing_method", self.routing_method, tuple(ROUTING_METHODS), default="")
        set_(self, "backup_owner", c.check(check_text, "backup_owner", self.backup_owner, max_length=120, default=""))
        c.raise_if_any()

    @property
    def is_default(self) -> bool:
        """True when every term is the default (a plan that never set its governance)."""
        return self == Governance()

    def effective_from(self, start_month: str, start_day: int = 1) -> date:
        """The day the SLA takes effect: :attr:`effective_date`, or the plan's first day (day
        ``start_day`` of ``start_month``)."""
        if self.effective_date:
            return date.fromisoformat(self.effective_date)
        year, month = parse_month("start_month", start_month)
        return date(year, month, start_day)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        data["reviews"] = [m.to_dict() for m in self.reviews]
        data["escalation"] = [level.to_dict() for level in self.escalation]
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Governance:
        if not isinstance(data, dict):
            raise ValidationError.single("", data, "allowed: an object with the agreement's terms")
        c = Collector()
        known = {f.name for f in fields(cls)}
        for key in sorted(set(data) - known):
            c.add(key, data[key], "allowed: no such field in the agreement's terms")
        kwargs = {k: v for k, v in data.items() if k in known and k not in ("reviews", "escalation")}
        for key, record in (("reviews", ReviewMeeting), ("escalation", EscalationLevel)):
            if key not in data:
                continue
            raw = data[key]
            if not isinstance(raw, list):
                c.add(key, raw, f"allowed: a list of {'review meetings' if key == 'reviews' else 'escalation levels'}")
                continue
            items = []
            for i, item in enumerate(raw):
                with c.field(f"{key}[{i}]."):
                    items.append(record.from_dict(item))
            kwargs[key] = tuple(items)
        if c.problems:
            with c.field():
                cls(**{k: v for k, v in kwargs.items() if k not in ("reviews", "escalation")})
        c.raise_if_any()
        return cls(**kwargs)
