"""How values are written for people: months, counts, money, percentages, durations.

One set of formatters for the window, the command line and every export. None of them follows
the process locale (QApplication changes it), so a month reads "Mar 2026" everywhere.
"""

from __future__ import annotations

from datetime import date

from slaplanner.plan.months import MONTH_NAMES, month_span_text

LONG_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

__all__ = [
    "LONG_MONTH_NAMES",
    "MONTH_NAMES",
    "fmt_compact",
    "fmt_count",
    "fmt_date",
    "fmt_duration_minutes",
    "fmt_money",
    "fmt_pct",
    "fmt_percent",
    "fmt_plain",
    "fmt_signed",
    "long_month",
    "month_label",
    "month_range_text",
    "month_span_text",
]


def month_label(month: str) -> str:
    """``2026-03`` -> ``Mar 2026``."""
    year, mon = month.split("-")
    return f"{MONTH_NAMES[int(mon) - 1]} {year}"


def long_month(month: str) -> str:
    """``2026-03`` -> ``March 2026``."""
    year, mon = month.split("-")
    return f"{LONG_MONTH_NAMES[int(mon) - 1]} {year}"


def fmt_date(day: date) -> str:
    """``1 December 2026``: a date as a signed document writes it (never ISO)."""
    return f"{day.day} {LONG_MONTH_NAMES[day.month - 1]} {day.year}"


def month_range_text(months: list[str] | tuple[str, ...]) -> str:
    """Months as short ranges: ``Jan–Dec 2026``; gaps split the ranges (``Jan–Mar and Jun 2026``)."""
    return month_span_text(months, last_separator=" and ")


def fmt_count(value: float) -> str:
    """Whole numbers with thousands separators: ``1,234``."""
    return f"{value:,.0f}"


def fmt_money(value: float, currency: str = "") -> str:
    """``2,100,000 USD`` (no currency: ``2,100,000``)."""
    return f"{value:,.0f} {currency}".strip()


def fmt_pct(value: float, digits: int = 0) -> str:
    """A fraction as a percentage with ``digits`` decimals: 0.834 -> ``83 %``."""
    return f"{value * 100:.{digits}f} %"


def fmt_percent(fraction: float) -> str:
    """A fraction as a percentage with at most one decimal and no trailing zero: ``12.5 %``, ``12 %``."""
    text = f"{fraction * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text} %"


def fmt_signed(value: float) -> str:
    """``+1,234`` or ``-56``."""
    return f"{value:+,.0f}"


def fmt_compact(value: float) -> str:
    """Large amounts in few characters: 15,850,000 -> 15.85M, 920,000 -> 920k."""
    v = abs(value)
    if v >= 1e9:
        return f"{value / 1e9:.3g}B"
    if v >= 1e6:
        return f"{value / 1e6:.4g}M"
    if v >= 1e4:
        return f"{value / 1e3:.4g}k"
    return f"{value:,.0f}"


def fmt_plain(value: float) -> str:
    """A number for an editor: no separators, no needless decimals."""
    return f"{value:.10g}" if abs(value) < 1e10 else f"{value:.0f}"


def fmt_duration_minutes(minutes: float) -> str:
    """``30 min``, ``2 h``, ``1.5 h``, ``2.0 days``."""
    if minutes < 60:
        return f"{minutes:g} min"
    if minutes < 60 * 24 and (minutes / 60).is_integer():
        return f"{minutes / 60:g} h"
    if minutes < 60 * 24:
        return f"{minutes / 60:.1f} h"
    return f"{minutes / 60 / 24:.1f} days"
