"""Text in spreadsheet cells, both ways: numbers as people type and paste them, and text that
must never run as a formula.

One reader of numbers for the window's editors and the lead import, and one formula guard for
the lead import and the workbook export.
"""

from __future__ import annotations

import math
import re
from datetime import date

__all__ = [
    "FORMULA_PREFIXES",
    "block_is_fractions",
    "inert_text",
    "is_formula_like",
    "is_number",
    "parse_duration",
    "parse_number",
    "read_date",
    "read_dates",
    "read_share",
    "share_text",
]

#: First characters that make a spreadsheet read a cell as a formula: ``= + - @``, tab, carriage
#: return, and the full-width forms of ``= + - @`` (which spreadsheets in East Asian locales accept).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([,.])\d{3}(\1\d{3})*$")

#: Currency signs and codes people put before or after an amount ("$2,100,000", "USD 2.1M", "2,1 Mio €").
_CURRENCY = re.compile(
    r"^(?:[$€£¥₹]|US\$|(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|INR)(?![a-z]))|"
    r"(?:[$€£¥₹]|(?<![a-z])(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|INR))$",
    re.IGNORECASE,
)
#: Words and letters for thousands, millions and billions after a number, as written in English and German.
_MAGNITUDES = (
    (re.compile(r"(?:k|K|thousands?|Tsd\.?|Tausend)$"), 1e3),
    (re.compile(r"(?:M|m|mm|MM|mn|Mn|Mio\.?|mio\.?|Mill\.?|millions?|Millionen?)$"), 1e6),
    (re.compile(r"(?:B|b|bn|Bn|Mrd\.?|mrd\.?|billions?|Milliarden?)$"), 1e9),
)
#: Units of a duration, in minutes (a day is 24 clock hours, a week 7 days).
_DURATION_UNITS = {
    "m": 1.0, "min": 1.0, "mins": 1.0, "minute": 1.0, "minutes": 1.0, "minuten": 1.0,
    "h": 60.0, "hr": 60.0, "hrs": 60.0, "hour": 60.0, "hours": 60.0, "std": 60.0, "stunden": 60.0,
    "d": 1440.0, "day": 1440.0, "days": 1440.0, "tag": 1440.0, "tage": 1440.0,
    "w": 10080.0, "wk": 10080.0, "week": 10080.0, "weeks": 10080.0,
}  # fmt: skip
_DURATION_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-zäöü]+)\.?", re.IGNORECASE)
_CLOCK = re.compile(r"^(\d{1,3}):([0-5]\d)$")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could run ``text`` as a formula.

    It starts with one of :data:`FORMULA_PREFIXES` and is not a plain number (``-5``, ``+1.5``)
    or a dash placeholder (``-``, ``--``).
    """
    if not text or not text.startswith(FORMULA_PREFIXES):
        return False
    return not (_PLAIN_NUMBER.match(text) or set(text) == {"-"})


def inert_text(text: str) -> str:
    """``text`` made safe to write into a CSV cell: formula-like text gets a leading ``'``."""
    return "'" + text if is_formula_like(text) else text


def clipboard_cell(text: str) -> str:
    """``text`` as one cell of a tab-separated block for the clipboard: tabs and line breaks
    become spaces (a cell stays one cell) and formula-like text is made inert with a leading
    ``'`` (a spreadsheet pastes it as text, never runs ``=HYPERLINK(...)``)."""
    flat = " ".join(text.replace("\t", " ").splitlines()) if text else text
    return inert_text(flat)


def pasted_cell(text: str) -> str:
    """A pasted cell as typed: the ``'`` that :func:`clipboard_cell` put before formula-like text goes."""
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text


def parse_number(text: str, *, percent: bool = False) -> float:
    """The number in ``text``; with ``percent`` the text is in percent ("22" or "22 %" -> 0.22).

    Spaces (also no-break and thin) and apostrophes group digits; a trailing ``%`` means percent;
    ``(300)`` is -300. Thousands separators are recognised: "1,234.5" and "1.234,5" are both
    1234.5; "1,234" and "1.234" (groups of exactly three digits) are 1234; "2,5" is 2.5.
    Money as people write it: a currency sign or code before or after ("$2,100,000",
    "USD 2,100,000", "2 100 000 €") and thousands, millions or billions as a letter or word
    ("2.1M", "2,1 Mio", "850k", "1.2 bn", "3 Mrd").

    Raises:
        ValueError: not a finite number; the message quotes the text.
    """
    raw = str(text)
    s = _SPACES.sub("", raw)
    if not s:
        raise ValueError("an empty cell is not a number")
    if s.startswith("(") and s.endswith(")"):  # accounting negative
        s = "-" + s[1:-1]
    negative_sign = s.startswith("-") and len(s) > 1 and not s[1].isdigit()
    if negative_sign:  # "-$300"
        s = s[1:]
    s = _CURRENCY.sub("", s, count=1)
    s = _CURRENCY.sub("", s, count=1)  # "US$ 5" leaves nothing after; "$5 USD" has both
    scale = 1.0
    if s and not s[-1].isdigit() and s[-1] != "%":
        for pattern, factor in _MAGNITUDES:
            stripped = pattern.sub("", s, count=1)
            if stripped != s and stripped and (stripped[-1].isdigit() or stripped[-1] == "."):
                s, scale = stripped, factor
                break
    if negative_sign:
        s = "-" + s
    if s.endswith("%"):
        s = s[:-1]
        percent = True
    if not s or s == "-":
        raise ValueError(f"“{raw.strip()}” is not a number")
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        group = "." if decimal == "," else ","
        s = s.replace(group, "").replace(decimal, ".")
    elif scale != 1.0 and s.count(",") + s.count(".") == 1:  # "1.234M", "2,1 Mio": a decimal
        s = s.replace(",", ".")
    elif _GROUPED.match(s):
        s = s.replace(",", "").replace(".", "")
    elif s.count(",") == 1:
        s = s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        raise ValueError(f"“{raw.strip()}” is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"“{raw.strip()}” is not a number")
    value *= scale
    return value / 100.0 if percent else value


def is_number(text: str) -> bool:
    """True when :func:`parse_number` reads ``text`` as a number ("1,200", "12 %", " 7 "); an empty
    cell or a word is not one."""
    try:
        parse_number(text)
    except ValueError:
        return False
    return True


def parse_duration(text: str, *, unit: str = "minutes") -> float:
    """A duration typed as people say it, in ``unit`` ("minutes" or "hours").

    "90" is 90 of ``unit``; "90 min", "1h", "1.5 hours", "1 h 30 min", "1:30" (hours:minutes)
    and "2 days" carry their own unit. A day is 24 hours and a week 7 days: the clock the
    field counts in (business or clock hours) is the field's own, not the text's.

    Raises:
        ValueError: not a duration; the message quotes the text.
    """
    if unit not in ("minutes", "hours"):
        raise ValueError(f"unit must be minutes or hours, not {unit!r}")
    per_unit = 1.0 if unit == "minutes" else 60.0
    raw = str(text).strip()
    clock = _CLOCK.match(raw)
    if clock:
        return (int(clock.group(1)) * 60 + int(clock.group(2))) / per_unit
    if raw and (raw[-1].isdigit() or raw.endswith(".")):
        return parse_number(raw)
    minutes, end = 0.0, 0
    for part in _DURATION_PART.finditer(raw):
        if raw[end : part.start()].strip() not in ("", "and", ","):
            break
        factor = _DURATION_UNITS.get(part.group(2).casefold())
        if factor is None:
            break
        minutes += float(part.group(1).replace(",", ".")) * factor
        end = part.end()
    else:
        if end and not raw[end:].strip():
            return minutes / per_unit
    raise ValueError(f"“{raw}” is not a duration; write for example 90, 90 min, 1h or 2 days")


def block_is_fractions(texts: list[str]) -> bool:
    """True when a pasted block of rates is written as fractions (0.12 for 12 %), not in percent.

    That is: every cell is a plain number from 0 to 1 without a ``%`` sign, and at least one
    lies strictly between 0 and 1 (a block of only 0 and 1 stays in percent). Empty cells are
    ignored; a cell that is not a number makes the answer False (it is refused on its own).
    """
    seen_fraction = False
    counted = 0
    for text in texts:
        if not text.strip():
            continue
        if "%" in text:
            return False
        try:
            value = parse_number(text)
        except ValueError:
            return False
        if not 0.0 <= value <= 1.0:
            return False
        counted += 1
        seen_fraction = seen_fraction or 0.0 < value < 1.0
    return counted > 0 and seen_fraction


def read_share(text: str) -> tuple[float, str]:
    """A share (of revenue, of working time, of leads) typed in percent, as a fraction, with a note
    saying how the text was read when it was not read as typed.

    "70" and "70 %" are 0.7; "0.7" (from 0 to 1 without a % sign, as spreadsheets hold rates) is
    0.7 too, with the note "0.7 was read as 70 %": no share is meant as 0.7 %; "0.7 %" is 0.007.
    The same rule as pasted blocks of rates (:func:`block_is_fractions`). Conversion rates and
    growth are not shares (0.5 % is a real value there): they are read with ``parse_number``.

    Raises:
        ValueError: not a number; the message quotes the text.
    """
    if block_is_fractions([text]):
        value = parse_number(text)
        return value, f"{text.strip()} was read as {_plain(value * 100)} %"
    return parse_number(text, percent=True), ""


def share_text(value: float) -> str:
    """A share as :func:`read_share` reads it back to the same value: 0.7 -> "70"; a share under
    1 % keeps its sign (0.005 -> "0.5 %"), as "0.5" alone would be read as 50 %."""
    shown = _plain(value * 100)
    return f"{shown} %" if 0.0 < value < 0.01 else shown


def _plain(number: float) -> str:
    """``number`` without trailing zeros or float noise: 70.00000000000001 -> "70", 12.5 -> "12.5"."""
    return f"{round(number, 10):.10f}".rstrip("0").rstrip(".")


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\.?\s*([a-z]{3})[a-z]*\.?,?\s*(\d{4})")  # 1 Jan 2026, 1. Januar 2026
_MONTH_DAY_YEAR = re.compile(r"([a-z]{3})[a-z]*\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})")  # January 1, 2026
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")  # 25.12.2026 (day first, as German writes it)
_GERMAN_MONTHS = {"mär": "mar", "mai": "may", "okt": "oct", "dez": "dec"}


def read_date(text: str) -> date:
    """A date as people write it: "1 Jan 2026", "1 January 2026", "January 1, 2026", "25.12.2026"
    or "2026-01-01".

    Raises:
        ValueError: not one of these forms, or no such day; the message quotes the text.
    """
    t = str(text).strip().casefold()
    parts: tuple[int, int, int] | None = None
    if match := _DAY_MONTH_YEAR.fullmatch(t):
        month = _GERMAN_MONTHS.get(match[2], match[2])
        if month in _MONTHS:
            parts = int(match[3]), _MONTHS.index(month) + 1, int(match[1])
    elif match := _MONTH_DAY_YEAR.fullmatch(t):
        month = _GERMAN_MONTHS.get(match[1], match[1])
        if month in _MONTHS:
            parts = int(match[3]), _MONTHS.index(month) + 1, int(match[2])
    elif match := _ISO_DATE.fullmatch(t):
        parts = int(match[1]), int(match[2]), int(match[3])
    elif match := _DOTTED_DATE.fullmatch(t):
        parts = int(match[3]), int(match[2]), int(match[1])
    if parts is not None:
        try:
            return date(*parts)
        except ValueError:
            raise ValueError(f"“{str(text).strip()}” is not a day of the calendar") from None
    raise ValueError(f"“{str(text).strip()}” is not a date; write it like “25 Dec 2026”")


def read_dates(text: str) -> tuple[date, ...]:
    """Dates separated by commas or semicolons ("1 Jan 2026, 25 Dec 2026"); a year after a comma
    belongs to the date before it ("January 1, 2026"). ValueError names the first unreadable one."""
    pieces: list[str] = []
    for piece in re.split(r"[,;\n]", str(text)):
        if re.fullmatch(r"\s*\d{4}\s*", piece) and pieces:
            pieces[-1] += ", " + piece.strip()
        elif piece.strip():
            pieces.append(piece.strip())
    return tuple(read_date(p) for p in pieces)
