"""How values are written for people: months, counts, money, percentages, durations.

One set of formatters for the window, the command line and every export. None of them follows
the process locale (QApplication changes it), so a month reads "Mar 2026" everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from slaplanner.plan.months import MONTH_NAMES, month_span_text

LONG_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

__all__ = [
    "LONG_MONTH_NAMES",
    "MONTH_NAMES",
    "describe_range",
    "fmt_axis",
    "fmt_compact",
    "fmt_count",
    "fmt_date",
    "fmt_duration_minutes",
    "fmt_grouped",
    "fmt_limit",
    "fmt_money",
    "fmt_pct",
    "fmt_percent",
    "fmt_plain",
    "fmt_short_date",
    "fmt_signed",
    "fmt_timestamp",
    "long_month",
    "month_label",
    "month_range_text",
    "month_span_text",
]


def a_pct(p: float) -> str:
    """A chance with its article, as said aloud: ``a 76 %``, ``an 89 %``, ``an 8 %``, ``an 11 %``."""
    text = fmt_pct(p)
    head = text.split(" ")[0].split(".")[0]
    an = head in ("8", "11", "18") or (len(head) == 2 and head[0] == "8")
    return f"{'an' if an else 'a'} {text}"


def count_text(n: int, singular: str, plural: str | None = None) -> str:
    """``1 row``, ``2 rows``, ``1,200 rows``: a count with its noun in the right number."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def days_text(days: float) -> str:
    """``1 day``, ``0.5 days``, ``14 days``: a number of days (whole or not) with its noun."""
    return f"{days:g} {'day' if days == 1 else 'days'}"


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


def fmt_short_date(day: date) -> str:
    """``1 Jan 2026``: a date on screen, in charts and tables (never ISO)."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def fmt_timestamp(stamp: str) -> str:
    """When something was saved or signed, in this computer's time zone: ``1 Dec 2026 09:14``.

    The core stamps ISO 8601 in UTC; a stamp that cannot be read is shown as it is.
    """
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment.day} {MONTH_NAMES[moment.month - 1]} {moment.year} {moment.hour:02d}:{moment.minute:02d}"


def month_range_text(months: list[str] | tuple[str, ...]) -> str:
    """Months as short ranges: ``Jan–Dec 2026``; gaps split the ranges (``Jan–Mar and Jun 2026``)."""
    return month_span_text(months, last_separator=" and ")


def fmt_count(value: float, *, small_decimal: bool = False) -> str:
    """Whole numbers with thousands separators: ``1,234``.

    With ``small_decimal`` a fractional value under 10 keeps one decimal (``2.5`` SQLs a month,
    ``0.4`` rather than ``0``): the window shows expected counts, where a small fraction matters.
    """
    if small_decimal and abs(value) < 10 and value != round(value):
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def fmt_money(value: float, currency: str = "") -> str:
    """``2,100,000 USD`` (no currency: ``2,100,000``)."""
    return f"{value:,.0f} {currency}".strip()


def fmt_pct(value: float, digits: int = 0) -> str:
    """A fraction as a percentage with ``digits`` decimals: 0.834 -> ``83 %``."""
    return f"{value * 100:.{digits}f} %"


_NUMBER_AND_PERCENT = re.compile(r"(\d) (%)")
_NUMBER_AND_UNIT = re.compile(r"(\d) (%|min\b|h\b|days?\b)")


def fmt_pct_beside(value: float, limit: float) -> str:
    """``value`` as a percentage with enough decimals to differ from ``limit``'s whole percentage: a
    week at 85.4 % against a maximum of 85 % reads ``85.4 %``, not ``85 % (maximum 85 %)``."""
    for digits in (0, 1, 2):
        text = fmt_pct(value, digits)
        if value == limit or text != fmt_pct(limit, digits):
            return text
    return fmt_pct(value, 2)


def percent_unbroken(text: str, space: str = "\u00a0") -> str:
    """``text`` in which a number and its per cent sign stay on one line ("90 %" never wraps into
    "90" and "%"): the space before "%" becomes ``space``, a non-breaking one ("&nbsp;" in rich text)."""
    return _NUMBER_AND_PERCENT.sub(lambda m: f"{m[1]}{space}{m[2]}", text)


def units_unbroken(text: str, space: str = "\u00a0") -> str:
    """:func:`percent_unbroken`, and a number and its time unit too ("26 min" never wraps into "26"
    and "min"; also "h", "day", "days"): for documents, whose table cells are narrow."""
    return _NUMBER_AND_UNIT.sub(lambda m: f"{m[1]}{space}{m[2]}", text)


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


def fmt_grouped(value: float) -> str:
    """A number for an editor, grouped in thousands as people read money (24,000; 1,250.5); it
    reads back as the same number (``parse_number``)."""
    return f"{value:,.10g}" if abs(value) < 1e10 else f"{value:,.0f}"


def fmt_limit(value: float) -> str:
    """A limit as people write it: 1,000,000,000 rather than 1e+09; 0.5 stays 0.5."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"


def fmt_axis(value: float) -> str:
    """Chart axis tick text: 1,200 / 12k / 1.2M (a small fraction keeps a decimal: 2.5)."""
    v = abs(value)
    if v >= 1e6:
        return f"{value / 1e6:.1f}M".replace(".0M", "M")
    if v >= 1e4:
        return f"{value / 1e3:.0f}k"
    if v and v < 10 and value != round(value):
        return f"{value:.1f}"
    return f"{value:,.0f}"


def describe_range(
    low: float | None,
    high: float | None,
    *,
    low_open: bool = False,
    integer: bool = False,
    number: Callable[[float], str] = fmt_limit,
    unit_words: bool = True,
    limit_name: str = "",
) -> str:
    """The allowed range of a number, for people: ``allowed: a number from 0 to 1``.

    ``number`` writes each limit (``fmt_percent`` for a field shown in percent); without
    ``unit_words`` the "a number" is left out (``allowed: from 0 % to 100 %``); ``limit_name``
    names a limit that is another field's value (``allowed: at most the likely rate (0.7)``).
    """

    def limit(x: float) -> str:
        return f"{limit_name} ({number(x)})" if limit_name else number(x)

    what = ("a whole number" if integer else "a number") if unit_words and not limit_name else ""
    lead = f"allowed: {what} " if what else "allowed: "
    if low is not None and high is not None:
        if low_open:
            return f"{lead}above {limit(low)} and at most {limit(high)}"
        return f"{lead}from {limit(low)} to {limit(high)}"
    if low is not None:
        if low_open:
            return f"{lead}above {limit(low)}"
        return f"{lead}of at least {limit(low)}" if what else f"{lead}at least {limit(low)}"
    if high is not None:
        return f"{lead}of at most {limit(high)}" if what else f"{lead}at most {limit(high)}"
    return f"allowed: {what}" if what else "allowed: a number"


def fmt_duration_minutes(minutes: float) -> str:
    """``30 min``, ``2 h``, ``1.5 h``, ``2.0 days``."""
    if minutes < 60:
        return f"{minutes:g} min"
    if minutes < 60 * 24 and (minutes / 60).is_integer():
        return f"{minutes / 60:g} h"
    if minutes < 60 * 24:
        return f"{minutes / 60:.1f} h"
    return f"{minutes / 60 / 24:.1f} days"


def weakest_month(by_month: Sequence[float], months: Sequence[str]) -> str | None:
    """The month ("Nov 2026") whose chance is the lowest (the first of equal ones); None where every
    month's shows the same (100 % each, or 0 % each): naming one would say it is weaker than the others."""
    if not by_month:
        return None
    worst = min(range(len(by_month)), key=lambda m: by_month[m])
    return None if fmt_pct(by_month[worst]) == fmt_pct(max(by_month)) else month_label(months[worst])


def fmt_waited(minutes: float, business: bool = False) -> str:
    """A simulated wait in plain words, to the minute: ``at once`` (under half a minute), ``within
    6 min``, ``within 1.5 h``. ``business``: minutes of business time, whose day is not 24 hours, so
    a day or more is said in hours (``within 613 h``), never in days."""
    if minutes < 0.5:
        return "at once"
    if business and minutes >= 60 * 24:
        return f"within {minutes / 60:,.0f} h"
    return f"within {fmt_duration_minutes(round(minutes))}"


def wait_spread_text(median: float, p90: float | None, p95: float, business: bool = False) -> str:
    """How long leads waited: ``half at once, 9 in 10 within 3 min, 19 in 20 within 6 min`` (the 9 in
    10 left out when ``p90`` is None; ``business``: the waits are business time, see :func:`fmt_waited`)."""
    nine = f", 9 in 10 {fmt_waited(p90, business)}" if p90 is not None else ""
    return f"half {fmt_waited(median, business)}{nine}, 19 in 20 {fmt_waited(p95, business)}"


#: Ticks of a first-touch axis in minutes (log scale), labelled as people say them: every chart of
#: waits (the Simulation page, the Review page, the scorecard) reads the same.
WAIT_TICKS: tuple[tuple[float, str], ...] = (
    (1, "1 min"), (5, "5"), (15, "15"), (60, "1 h"), (240, "4 h"), (1440, "1 day"), (10080, "1 wk"),
)  # fmt: skip
