"""Text in spreadsheet cells (slaplanner.cells): one number reader and one formula guard."""

from __future__ import annotations

import openpyxl
import pytest

from slaplanner.cells import inert_text, is_formula_like, is_number, parse_number
from slaplanner.exports.workbook import put_text


@pytest.mark.parametrize(
    "text",
    [
        "=SUM(A1)",
        "+49 30 1234",
        "-cmd|' /C calc'!A0",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "\uff1dSUM(A1)",  # full-width =
        "\uff0b1+1",  # full-width +
        "\uff0dx",  # full-width -
        "\uff20SUM(A1)",  # full-width @
    ],
)
def test_formula_like_text(text: str) -> None:
    assert is_formula_like(text)
    assert inert_text(text) == "'" + text


@pytest.mark.parametrize("text", ["", "-", "--", "-5", "+1.5", "1,200", "Analyst", " =not first", "a=b"])
def test_plain_text_and_numbers_are_not_formulas(text: str) -> None:
    assert not is_formula_like(text)
    assert inert_text(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,200", True),
        ("12 %", True),
        ("  7 ", True),
        ("-3", True),
        ("1.5", True),
        ("", False),
        ("   ", False),
        ("lots", False),
        ("-", False),
        ("Feb 2026", False),
    ],
)
def test_is_number(text: str, expected: bool) -> None:
    """One check for "is this cell a number?" (new-plan paste, grid paste labels and layout): it
    accepts what parse_number reads and refuses an empty cell or a word."""
    assert is_number(text) is expected


def test_the_workbook_and_the_import_share_the_guard(tmp_path) -> None:
    """The export quotes exactly what the lead import flags, including tab and full-width prefixes."""
    book = openpyxl.Workbook()
    ws = book.active
    texts = ["=1+1", "\t=1+1", "\uff1d1+1", "@x", "-5", "Plan"]
    for row, text in enumerate(texts, start=1):
        put_text(ws.cell(row=row, column=1), text)
    book.save(tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    for row, text in enumerate(texts, start=1):
        cell = ws.cell(row=row, column=1)
        assert cell.value == text and cell.data_type == "s", text
        assert bool(cell.quotePrefix) == is_formula_like(text), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1250", 1250.0),
        ("1,250", 1250.0),
        ("1.250", 1250.0),
        ("1 250", 1250.0),
        ("1\u00a0250,5", 1250.5),
        ("1\u202f250", 1250.0),
        ("1'250", 1250.0),
        ("1,234,567.5", 1234567.5),
        ("1.234.567,5", 1234567.5),
        ("2,5", 2.5),
        ("-3", -3.0),
        ("(300)", -300.0),
        ("22 %", 0.22),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


def test_parse_number_in_percent() -> None:
    assert parse_number("22", percent=True) == pytest.approx(0.22)
    assert parse_number("12,5%") == pytest.approx(0.125)


@pytest.mark.parametrize("text", ["", "  ", "abc", "12a", "nan", "inf", "-inf", "1,2,3"])
def test_parse_number_refuses_with_the_text(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)
