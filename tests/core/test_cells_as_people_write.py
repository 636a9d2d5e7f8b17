"""Numbers, money and durations as people write them in cells (slaplanner.cells).

Every expected value is worked out by hand from the text, not computed by the code under test.
"""

from __future__ import annotations

from datetime import date

import pytest

from slaplanner.cells import block_is_fractions, parse_duration, parse_number, read_date, read_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$2,100,000", 2_100_000.0),
        ("2.1M", 2_100_000.0),
        ("2.1 m", 2_100_000.0),
        ("USD 2,100,000", 2_100_000.0),
        ("2,100,000 USD", 2_100_000.0),
        ("2,1 Mio", 2_100_000.0),  # German: decimal comma, "Mio" for million
        ("2,1 Mio. €", 2_100_000.0),
        ("€1.234,56", 1234.56),
        ("1.234M", 1_234_000.0),  # with a magnitude one separator is the decimal point
        ("1,250,000", 1_250_000.0),
        ("850k", 850_000.0),
        ("12 Tsd", 12_000.0),
        ("1.2 bn", 1_200_000_000.0),
        ("3 Mrd", 3_000_000_000.0),
        ("2 100 000 €", 2_100_000.0),
        ("£45,000", 45_000.0),
        ("-$300", -300.0),
        ("($300)", -300.0),
        ("US$ 5", 5.0),
    ],
)
def test_money_as_people_write_it(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["$", "USD", "M", "2 apples", "12 mangos", "Mio 2"])
def test_currency_or_magnitude_alone_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90", 90.0),  # the field's own unit
        ("90 min", 90.0),
        ("45m", 45.0),
        ("1h", 60.0),
        ("1.5 hours", 90.0),
        ("1,5 h", 90.0),
        ("1 h 30 min", 90.0),
        ("1:30", 90.0),
        ("2 days", 2 * 24 * 60.0),
        ("1 week", 7 * 24 * 60.0),
    ],
)
def test_durations_in_a_minutes_field(text: str, minutes: float) -> None:
    assert parse_duration(text, unit="minutes") == pytest.approx(minutes)


@pytest.mark.parametrize(
    ("text", "hours"),
    [("8", 8.0), ("90 min", 1.5), ("1h", 1.0), ("2 days", 48.0), ("0:45", 0.75)],
)
def test_durations_in_an_hours_field(text: str, hours: float) -> None:
    assert parse_duration(text, unit="hours") == pytest.approx(hours)


@pytest.mark.parametrize("text", ["lots", "1 fortnight", "h", "1h later", ""])
def test_not_a_duration_says_how_to_write_one(text: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("cells", "fractions"),
    [
        (["0.12", "0.3", "0.45", ""], True),  # a block of rates copied as fractions
        (["0,12", "1", "0"], True),  # decimal comma; 1 and 0 are fine beside fractions
        (["12", "0.3"], False),  # 12 cannot be a fraction: the block is in percent
        (["0", "1"], False),  # only 0 and 1: ambiguous, so percent as typed
        (["0.5 %", "0.2"], False),  # a % sign says percent
        (["0.2", "lots"], False),  # a bad cell is refused on its own
        (["", " "], False),
    ],
)
def test_a_block_of_fractions_is_recognised_as_a_whole(cells: list[str], fractions: bool) -> None:
    assert block_is_fractions(cells) is fractions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 Jan 2026", date(2026, 1, 1)),
        ("25 December 2026", date(2026, 12, 25)),
        ("December 25, 2026", date(2026, 12, 25)),
        ("Dec 24th 2026", date(2026, 12, 24)),
        ("3. Okt 2026", date(2026, 10, 3)),  # German
        ("25.12.2026", date(2026, 12, 25)),  # day first, as German writes it
        ("2026-05-25", date(2026, 5, 25)),  # as the plan file keeps it
    ],
)
def test_dates_as_people_write_them(text, expected):
    assert read_date(text) == expected


def test_a_list_of_dates_and_what_is_not_a_date():
    assert read_dates("1 Jan 2026, January 19, 2026; 25 Dec 2026") == (
        date(2026, 1, 1),
        date(2026, 1, 19),
        date(2026, 12, 25),
    )
    assert read_dates("  ") == ()
    with pytest.raises(ValueError, match="“31 Feb 2026” is not a day of the calendar"):
        read_date("31 Feb 2026")
    with pytest.raises(ValueError, match="“next Friday” is not a date"):
        read_dates("1 Jan 2026, next Friday")
