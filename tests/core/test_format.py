"""Months and numbers as people read them (slaplanner.plan.format): never from the process locale."""

from __future__ import annotations

import locale
import time
from datetime import date

import pytest

from slaplanner.plan.format import fmt_count, fmt_date, long_month, month_label, month_range_text
from slaplanner.plan.validation import describe_range

GERMAN_SHORT = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
GERMAN_LONG = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
               "November", "Dezember")  # fmt: skip


@pytest.fixture
def german_months(monkeypatch):
    """The process speaks German month names, as after QApplication picks up a German system locale.

    A real German locale where the system has one; otherwise ``time.strftime`` (which
    ``date.strftime`` calls) is made to answer as one would.
    """
    for name in ("de_DE.UTF-8", "de_DE.utf8", "de_DE"):
        try:
            old = locale.setlocale(locale.LC_TIME, name)
        except locale.Error:
            continue
        locale.setlocale(locale.LC_TIME, old)
        locale.setlocale(locale.LC_TIME, name)
        yield
        locale.setlocale(locale.LC_TIME, "C")
        return
    real = time.strftime

    def german(fmt: str, t: time.struct_time | None = None) -> str:
        t = t or time.localtime()
        fmt = fmt.replace("%b", GERMAN_SHORT[t.tm_mon - 1]).replace("%B", GERMAN_LONG[t.tm_mon - 1])
        return real(fmt, t)

    monkeypatch.setattr(time, "strftime", german)
    yield


def test_the_fixture_really_changes_strftime(german_months):
    assert date(2026, 3, 1).strftime("%b %Y") == "Mär 2026"


def test_month_labels_do_not_follow_the_locale(german_months):
    assert month_label("2026-03") == "Mar 2026"
    assert month_label("2026-10") == "Oct 2026"
    assert long_month("2026-12") == "December 2026"
    assert fmt_date(date(2026, 5, 1)) == "1 May 2026"
    assert month_range_text(["2026-01", "2026-02", "2026-03", "2026-12"]) == "Jan–Mar and Dec 2026"


def assumptions_headings(plan) -> list[list[object]]:
    """The month headings of the workbook's Assumptions sheet (built alone: no results needed)."""
    from openpyxl import Workbook

    from slaplanner.exports.workbook import _assumptions, _Names

    book = Workbook()
    _assumptions(book, plan, "likely", _Names())
    rows = book["Assumptions"].iter_rows()
    return [[c.value for c in row[2:] if c.value is not None] for row in rows if row[0].value in ("Series", "Source")]


def test_the_workbook_names_months_as_the_core_does(german_months, sample_plan):
    headers = assumptions_headings(sample_plan)
    months = [month_label(m) for m in sample_plan.months]
    assert months[2] == "Mar 2026"
    assert headers.count(months) == 2  # revenue target and monthly leads
    assert ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] in headers


def test_counts_keep_a_small_decimal_only_when_asked():
    assert fmt_count(2.5) == "2" and fmt_count(2.5, small_decimal=True) == "2.5"
    assert fmt_count(1234.4, small_decimal=True) == "1,234"
    assert fmt_count(3.0, small_decimal=True) == "3"


def test_ranges_are_written_from_their_bounds():
    assert describe_range(0, 1) == "allowed: a number from 0 to 1"
    assert describe_range(0, 1e12, low_open=True) == "allowed: a number above 0 and at most 1,000,000,000,000"
    assert describe_range(1, 36, integer=True) == "allowed: a whole number from 1 to 36"
    assert describe_range(None, 0.7, limit_name="the likely rate") == "allowed: at most the likely rate (0.7)"
    percent = describe_range(-0.5, 1, number=lambda x: f"{x * 100:g} %", unit_words=False)
    assert percent == "allowed: from -50 % to 100 %"
