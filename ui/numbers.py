"""Reading numbers as people type and paste them, and writing them back (no Qt here).

Pasted spreadsheet cells come with thousands separators ("1,250", "1.250,5", "1 250"), percent
signs and stray spaces; :func:`parse_number` reads them all or says plainly why it cannot.
"""

from __future__ import annotations

import re
from typing import Any

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([,.])\d{3}(\1\d{3})*$")


def parse_number(text: str, *, percent: bool = False) -> float:
    """The number in ``text``; with ``percent`` the text is in percent ("22" or "22 %" -> 0.22).

    Thousands separators are recognised: "1,234.5" and "1.234,5" are both 1234.5; "1,234" and
    "1.234" (a group of exactly three digits) are 1234; "2,5" is 2.5.

    Raises:
        ValueError: not a number; the message quotes the text.
    """
    raw = str(text)
    s = _SPACES.sub("", raw)
    if s.endswith("%"):
        s = s[:-1]
        percent = True
    if s.startswith("(") and s.endswith(")"):  # accounting negative
        s = "-" + s[1:-1]
    if not s:
        raise ValueError("an empty cell is not a number")
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        group = "." if decimal == "," else ","
        s = s.replace(group, "").replace(decimal, ".")
    elif _GROUPED.match(s):
        s = s.replace(",", "").replace(".", "")
    elif s.count(",") == 1:
        s = s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        raise ValueError(f"“{raw.strip()}” is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"“{raw.strip()}” is not a number")
    return value / 100.0 if percent else value


def parse_block(text: str) -> list[list[str]]:
    """A rectangular block of cells from the clipboard (tab-separated rows, as spreadsheets copy)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    rows = [line.split("\t") for line in lines]
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def fmt_count(value: float) -> str:
    """Leads, SQLs, wins: whole numbers with thousands separators; small values keep a decimal."""
    if abs(value) < 10 and value != round(value):
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def fmt_percent(fraction: float) -> str:
    text = f"{fraction * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text} %"


def fmt_money(value: float, currency: str = "") -> str:
    text = f"{value:,.0f}"
    return f"{text} {currency}".strip()


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


MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(month: str) -> str:
    """``2026-03`` -> ``Mar 2026``."""
    year, mon = month.split("-")
    return f"{MONTH_NAMES[int(mon) - 1]} {year}"


_EXPONENT = re.compile(r"\b\d+(?:\.\d+)?e\+\d+\b")
_BOUND = re.compile(r"(from |to |above |at most |at least |\()(-?\d+(?:\.\d+)?)")


def explain_problem(value: Any, allowed: str, *, percent: bool = False) -> str:
    """One refused value in the user's units: "150 % is not allowed; allowed: from 0 % to 100 %".

    The core speaks in fractions (0.7); a percent field shows them as percent (70 %).
    Exponents become plain numbers (1e+12 -> 1,000,000,000,000).
    """
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if percent and is_number:
        shown = fmt_percent(float(value))
        allowed = _BOUND.sub(lambda m: m.group(1) + fmt_percent(float(m.group(2))), allowed)
        allowed = allowed.replace("a number ", "")
    else:
        if is_number and float(value).is_integer() and abs(value) >= 10_000:
            shown = f"{int(value):,}"  # 1,000,000,000,000 rather than 1000000000000
        else:
            shown = fmt_plain(float(value)) if is_number else (f"“{value}”" if isinstance(value, str) else str(value))
        allowed = _EXPONENT.sub(lambda m: f"{float(m.group(0)):,.0f}", allowed)
    return f"{shown} is not allowed; {allowed}"
