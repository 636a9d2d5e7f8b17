"""Numbers and months as the window reads and writes them (no Qt here).

The rules live in the core: :mod:`slaplanner.cells` reads typed and pasted numbers ("1,250",
"1.250,5", "22 %"), :mod:`slaplanner.plan.format` writes numbers and months. This module adds
what only the window needs: clipboard blocks and refusals in the units a field is shown in.
"""

from __future__ import annotations

from slaplanner.cells import parse_number, pasted_cell
from slaplanner.errors import Problem
from slaplanner.plan import format as _format
from slaplanner.plan.format import (
    describe_range,
    fmt_compact,
    fmt_grouped,
    fmt_money,
    fmt_percent,
    fmt_plain,
    month_label,
    percent_unbroken,
)
from slaplanner.plan.months import MONTH_NAMES

__all__ = [
    "MONTH_NAMES",
    "explain_problem",
    "fmt_compact",
    "fmt_count",
    "fmt_grouped",
    "fmt_money",
    "fmt_percent",
    "fmt_plain",
    "month_label",
    "parse_block",
    "parse_number",
    "unbroken",
]


def fmt_count(value: float) -> str:
    """Leads, SQLs, wins in the window: expected counts, so a fraction under 10 keeps a decimal."""
    return _format.fmt_count(value, small_decimal=True)


def parse_block(text: str) -> list[list[str]]:
    """A rectangular block of cells from the clipboard (tab-separated rows, as spreadsheets copy)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    rows = [[pasted_cell(cell) for cell in line.split("\t")] for line in lines]
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def explain_problem(problem: Problem, *, percent: bool = False) -> str:
    """One refused value in the user's units: "150 % is not allowed; allowed: from 0 % to 100 %".

    The core speaks in fractions (0.7); a percent field shows them as percent (70 %). A number out
    of range has its allowed range written from the problem's bounds (big limits with separators,
    never 1e+12); any other problem keeps the core's sentence.
    """
    value = problem.value
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    allowed = problem.allowed
    if percent and is_number:
        shown = fmt_percent(float(value))
    elif is_number and float(value).is_integer() and abs(value) >= 10_000:
        shown = f"{int(value):,}"  # 1,000,000,000,000 rather than 1000000000000
    else:
        shown = fmt_plain(float(value)) if is_number else (f"“{value}”" if isinstance(value, str) else str(value))
    if problem.kind == "out_of_range" and (problem.low is not None or problem.high is not None):
        allowed = describe_range(
            problem.low,
            problem.high,
            low_open=problem.low_open,
            integer=problem.integer,
            number=fmt_percent if percent else _format.fmt_limit,
            unit_words=not percent,
            limit_name=problem.limit_name,
        )
    return f"{shown} is not allowed; {allowed}"


def unbroken(html: str) -> str:
    """Rich text in which a number and its per cent sign stay on one line ("100 %" never wraps
    into "100" and "%"): the space before "%" becomes a non-breaking one."""
    return percent_unbroken(html, "&nbsp;")
