"""Calendar months as ``YYYY-MM`` strings and the arithmetic a plan needs on them."""

from __future__ import annotations

import re

from slaplanner.errors import ValidationError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
DAYS_PER_MONTH = 365.25 / 12


def parse_month(field: str, value: object) -> tuple[int, int]:
    """Parse ``YYYY-MM`` into (year, month) or raise a ValidationError naming ``field``."""
    allowed = "allowed: a month as YYYY-MM between 1990-01 and 2199-12"
    if not isinstance(value, str):
        raise ValidationError.single(field, value, allowed)
    match = _MONTH.match(value.strip())
    if not match:
        raise ValidationError.single(field, value, allowed)
    year, month = int(match.group(1)), int(match.group(2))
    if not (1990 <= year <= 2199 and 1 <= month <= 12):
        raise ValidationError.single(field, value, allowed)
    return year, month


def add_months(month: str, count: int) -> str:
    """The month ``count`` months after ``month`` (negative goes back)."""
    year, mon = (int(part) for part in month.split("-"))
    index = year * 12 + (mon - 1) + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_range(start: str, count: int) -> tuple[str, ...]:
    """``count`` consecutive months from ``start``."""
    return tuple(add_months(start, i) for i in range(count))


def calendar_month(month: str) -> int:
    """The month of the year, 1 to 12."""
    return int(month.split("-")[1])


def cycle_lag_months(cycle_days: float) -> int:
    """Whole months between an SQL and its win, for a sales cycle of ``cycle_days`` days."""
    return round(cycle_days / DAYS_PER_MONTH)
