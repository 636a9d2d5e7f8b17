"""Calendar months as ``YYYY-MM`` strings and the arithmetic a plan needs on them."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date

from slaplanner.errors import ValidationError

_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)  # ASCII: "٢٠٢٦-٠١" is not a month the schema reads
DAYS_PER_MONTH = 365.25 / 12


def parse_month(field: str, value: object) -> tuple[int, int]:
    """Parse ``YYYY-MM`` into (year, month) or raise a ValidationError naming ``field``."""
    allowed = "allowed: a month as YYYY-MM between 1990-01 and 2199-12"
    if not isinstance(value, str):
        raise ValidationError.single(field, value, allowed)
    match = _MONTH.fullmatch(value.strip())
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


def days_in(month: str) -> int:
    """The days of a calendar month (``2026-02``: 28)."""
    year, mon = (int(part) for part in month.split("-"))
    return calendar.monthrange(year, mon)[1]


def period_start(start_month: str, start_day: int, index: int) -> date:
    """The first day of plan month ``index`` of a plan starting on day ``start_day`` of
    ``start_month``: that day of the month ``index`` months on, or the month's last day when it is
    shorter (a plan starting on 31 January has months from 31 Jan, 28 Feb, 31 Mar, ...)."""
    month = add_months(start_month, index)
    year, mon = (int(part) for part in month.split("-"))
    return date(year, mon, min(start_day, days_in(month)))


def ordinal(day: int) -> str:
    """``1st``, ``2nd``, ``15th``, ``23rd``."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def calendar_month(month: str) -> int:
    """The month of the year, 1 to 12."""
    return int(month.split("-")[1])


def cycle_lag_months(cycle_days: float) -> int:
    """Whole months between an SQL and its win, for a sales cycle of ``cycle_days`` days."""
    return round(cycle_days / DAYS_PER_MONTH)


MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_span_text(months: Iterable[str], *, last_separator: str = ", ") -> str:
    """Months (``YYYY-MM``, any order) as short readable ranges.

    ``Jan–Dec 2026``, ``Mar 2026``, ``Nov 2026–Feb 2027``; gaps split the ranges, joined by
    ", " (the last pair by ``last_separator``): ``Jan, Mar–Apr 2026``.
    """

    def name(i: int, year: bool) -> str:
        return MONTH_NAMES[i % 12] + (f" {i // 12}" if year else "")

    runs: list[tuple[int, int]] = []
    for i in sorted({int(m[:4]) * 12 + int(m[5:7]) - 1 for m in months}):
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    if not runs:
        return ""
    one_year = runs[0][0] // 12 == runs[-1][1] // 12
    parts = [name(a, not one_year) if a == b else f"{name(a, not one_year)}–{name(b, not one_year)}" for a, b in runs]
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + last_separator + parts[-1]
    return text + (f" {runs[0][0] // 12}" if one_year else "")
