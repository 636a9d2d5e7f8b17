"""Text in spreadsheet cells, both ways: numbers as people type and paste them, and text that
must never run as a formula.

One reader of numbers for the window's editors and the lead import, and one formula guard for
the lead import and the workbook export.
"""

from __future__ import annotations

import math
import re

__all__ = ["FORMULA_PREFIXES", "inert_text", "is_formula_like", "parse_number"]

#: First characters that make a spreadsheet read a cell as a formula: ``= + - @``, tab, carriage
#: return, and the full-width forms of ``= + - @`` (which spreadsheets in East Asian locales accept).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([,.])\d{3}(\1\d{3})*$")


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

    Raises:
        ValueError: not a finite number; the message quotes the text.
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
    if not math.isfinite(value):
        raise ValueError(f"“{raw.strip()}” is not a number")
    return value / 100.0 if percent else value
