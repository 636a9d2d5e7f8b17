"""Numbers and months in the window (ui.numbers): separators, percent, refusals, month names."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from slaplanner.errors import Problem, ValidationError
from slaplanner.plan.model import RateRange
from slaplanner.plan.validation import check_number
from ui.numbers import explain_problem, fmt_compact, month_label, parse_block, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1250", 1250.0),
        ("1,250", 1250.0),  # English thousands
        ("1.250", 1250.0),  # German thousands (a group of exactly three digits)
        ("1 250", 1250.0),
        ("1\u00a0250,5", 1250.5),  # LibreOffice in French: no-break space, decimal comma
        ("1,234,567.5", 1234567.5),
        ("1.234.567,5", 1234567.5),
        ("2,5", 2.5),
        ("0.22", 0.22),
        (" 42 ", 42.0),
        ("(300)", -300.0),
    ],
)
def test_parse_number_reads_spreadsheet_text(text, expected):
    assert parse_number(text) == pytest.approx(expected)


def test_percent_text():
    assert parse_number("22", percent=True) == pytest.approx(0.22)
    assert parse_number("22 %") == pytest.approx(0.22)
    assert parse_number("12,5%") == pytest.approx(0.125)


@pytest.mark.parametrize("text", ["", "abc", "12a", "nan", "inf"])
def test_not_a_number_is_refused_with_the_text(text):
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


def test_parse_block_from_excel_clipboard():
    # Excel puts \r\n between rows and a final newline; ragged rows are padded.
    assert parse_block("1\t2\t3\r\n4\t5\r\n") == [["1", "2", "3"], ["4", "5", ""]]


def test_compact_amounts():
    assert fmt_compact(15_850_000) == "15.85M"
    assert fmt_compact(920_000) == "920k"
    assert fmt_compact(528) == "528"


def refused(check, *args, **kwargs) -> Problem:
    """The one problem the core reports for ``check(*args, **kwargs)``."""
    with pytest.raises(ValidationError) as caught:
        check(*args, **kwargs)
    (problem,) = caught.value.problems
    return problem


def test_refusals_speak_the_users_units():
    assert (
        explain_problem(refused(check_number, "likely", 1.5, 0.0, 1.0), percent=True)
        == "150 % is not allowed; allowed: from 0 % to 100 %"
    )
    assert (
        explain_problem(refused(RateRange, 0.95, 0.7, 0.8), percent=True)
        == "95 % is not allowed; allowed: at most the likely rate (70 %)"
    )
    assert (
        explain_problem(refused(check_number, "deal", 0.0, 0.0, 1e12, low_open=True))
        == "0 is not allowed; allowed: a number above 0 and at most 1,000,000,000,000"
    )
    assert (
        explain_problem(Problem("start_month", "2026-13", "allowed: a month as YYYY-MM"))
        == "“2026-13” is not allowed; allowed: a month as YYYY-MM"
    )


def test_the_allowed_range_comes_from_the_problems_bounds_not_its_text():
    problem = Problem("share", 1.5, "allowed: something else (0.3)", "out_of_range", low=-0.5, high=1.0)
    assert explain_problem(problem, percent=True) == "150 % is not allowed; allowed: from -50 % to 100 %"
    assert explain_problem(replace(problem, kind="invalid"), percent=True).endswith("allowed: something else (0.3)")


def test_the_window_and_the_export_name_months_the_same(monkeypatch, sample_plan):
    """Under a process locale with other month names (Qt sets it from the system) the window's
    labels, the overview's month list and the workbook's headings all read "Mar 2026"."""
    from openpyxl import Workbook

    from slaplanner.exports.workbook import _assumptions, _Names
    from ui.pages.overview import _months

    real = time.strftime
    monkeypatch.setattr(time, "strftime", lambda fmt, t=None: real(fmt.replace("%b", "Mär"), t or time.localtime()))
    window = [month_label(m) for m in sample_plan.months]
    assert window[2] == "Mar 2026"
    book = Workbook()
    _assumptions(book, sample_plan, "likely", _Names())  # the sheet with month headings, built alone
    rows = book["Assumptions"].iter_rows()
    exported = [[c.value for c in row[2:] if c.value is not None] for row in rows if row[0].value == "Series"]
    assert exported == [window]
    assert _months(sample_plan.months[:3]) == ", ".join(window[:3])
