"""Reading typed and pasted numbers (ui.numbers): separators, percent, refusals."""

from __future__ import annotations

import pytest

from ui.numbers import explain_problem, fmt_compact, parse_block, parse_number


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


def test_refusals_speak_the_users_units():
    assert (
        explain_problem(1.5, "allowed: a number from 0 to 1", percent=True)
        == "150 % is not allowed; allowed: from 0 % to 100 %"
    )
    assert (
        explain_problem(0.95, "allowed: at most the likely rate (0.7)", percent=True)
        == "95 % is not allowed; allowed: at most the likely rate (70 %)"
    )
    assert (
        explain_problem(0.0, "allowed: a number above 0 and at most 1e+12")
        == "0 is not allowed; allowed: a number above 0 and at most 1,000,000,000,000"
    )
    assert (
        explain_problem("2026-13", "allowed: a month as YYYY-MM")
        == "“2026-13” is not allowed; allowed: a month as YYYY-MM"
    )
