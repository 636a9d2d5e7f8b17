"""The guided set-up's core: a complete, valid plan from a few answers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from slaplanner.cells import read_share
from slaplanner.engine.funnel import compute_funnel
from slaplanner.errors import ValidationError
from slaplanner.new_plan import (
    NewPlanAnswers,
    answer_problems,
    build_new_plan,
    read_sources,
    source_notes,
    spread_annual,
    typical_rates,
)
from slaplanner.plan.months import MONTH_NAMES, month_range

ANSWERS = NewPlanAnswers(
    name="Acme FY2027", currency="eur", start_month="2026-02", annual_revenue_goal=2_100_000, marketing_share=0.8,
    average_deal_size=20_000, sales_cycle_days=60, sources=(("Paid search", 950), ("Webinars", 320)), sdrs=3, aes=4,
)  # fmt: skip


def test_an_annual_goal_is_spread_by_seasonality_and_adds_up():
    """Hand-worked: seasonality 2 in January and 1 elsewhere over 13 units a year gives January 2 × 1,000."""
    season = (2.0,) + (1.0,) * 11
    months = spread_annual(13_000, "2026-01", 12, season)
    assert months[0] == 2_000 and months[1:] == (1_000,) * 11
    shifted = spread_annual(13_000, "2026-02", 12, season)  # January is the plan's twelfth month
    assert shifted[-1] == 2_000 and sum(shifted) == 13_000
    assert (
        sum(spread_annual(2_100_000, "2026-05", 12, (0.95, 1.0, 1.1, 1.05, 1.0, 0.95, 0.8, 0.75, 1.1, 1.15, 1.05, 0.7)))
        == 2_100_000
    )


def test_sources_pasted_or_typed():
    text = (
        "Source\tLeads a month\nPaid search\t950\nWebinars; 320\nPartner referrals  110\nEvents 1,200\nFairs 1 200\n\n"
    )
    assert read_sources(text).answers() == (
        ("Paid search", 950),
        ("Webinars", 320),
        ("Partner referrals", 110),
        ("Events", 1200),
        ("Fairs", 1200),
    )
    assert [str(p) for p in read_sources("Paid search\t950\n\nWebinars\n").problems] == [
        "Line 3, Webinars: no number of leads"
    ]


#: Twelve months of paid search (hand-worked: they add up to 11,280, 940 a month on average) and trade
#: shows in two months only (500 in April, 1,000 in September: 1,500 a year), as a spreadsheet copies them.
PAID_SEARCH = (900, 950, 1000, 980, 940, 900, 880, 920, 960, 1000, 970, 880)
TRADE_SHOWS = ("", "", "500", "", "", "", "", "1000", "", "", "", "")
HEADING = "Source\t" + "\t".join(f"{m} 2026" for m in MONTH_NAMES[1:]) + "\tJan 2027"
BLOCK = "\n".join(
    [HEADING, "Paid search\t" + "\t".join(map(str, PAID_SEARCH)), "Trade shows\t" + "\t".join(TRADE_SHOWS)]
)


def test_a_spreadsheet_block_of_months_is_kept_month_by_month():
    pasted = read_sources(BLOCK)
    assert pasted.problems == () and pasted.heading_months == month_range("2026-02", 12)  # the heading is no source
    assert pasted.answers() == (
        ("Paid search", PAID_SEARCH),
        ("Trade shows", (0, 0, 500, 0, 0, 0, 0, 1000, 0, 0, 0, 0)),
    )
    assert source_notes(pasted, "2026-02") == (
        "Paid search: 12 months read (Feb 2026 to Jan 2027): 11,280 leads, 940 a month on average",
        "Trade shows: 12 months read (Feb 2026 to Jan 2027): 1,500 leads, 125 a month on average; "
        "10 empty cells read as 0",
    )
    plan = build_new_plan(replace(ANSWERS, sources=pasted.answers()))
    assert plan.sources[0].leads(plan.months) == PAID_SEARCH  # the first number is the plan's first month
    assert sum(plan.sources[1].leads(plan.months)) == 1500 and plan.sources[1].leads(plan.months)[7] == 1000


def test_fewer_months_than_the_plan_keep_theirs_and_the_rest_get_their_average():
    pasted = read_sources("Paid search\t950\t1000")
    assert pasted.answers() == (("Paid search", (950, 1000)),)
    assert source_notes(pasted, "2026-02") == (
        "Paid search: 2 months read (Feb 2026 to Mar 2026): 1,950 leads, 975 a month on average; "
        "the other 10 months get the average",
    )
    plan = build_new_plan(replace(ANSWERS, sources=pasted.answers()))
    assert plan.sources[0].leads(plan.months) == (950, 1000) + (975,) * 10


def test_a_total_column_and_headings_of_other_months_are_said():
    heading = "Source\t" + "\t".join(f"{m} 2026" for m in ("Jan", "Feb", "Mar")) + "\tTotal"
    pasted = read_sources(f"{heading}\nWebinars\t300\t330\t360\t990")
    assert pasted.answers() == (("Webinars", (300, 330, 360)),) and pasted.left_out == ("Total",)
    notes = source_notes(pasted, "2026-02")
    assert notes[0] == (
        "The columns start with Jan 2026 and the plan with Feb 2026: each source's first number is taken for Feb 2026."
    )
    assert notes[1] == "Not read: the column “Total”."
    # Without a heading, a thirteenth number that is the twelve others' total is left out, and said.
    line = "Paid search\t" + "\t".join(map(str, PAID_SEARCH)) + "\t11280"
    assert read_sources(line).answers() == (("Paid search", PAID_SEARCH),)
    assert "the last number, 11,280, is their total and was left out" in source_notes(read_sources(line), "2026-02")[0]


def test_a_line_with_a_name_and_no_number_is_a_problem_never_a_heading():
    pasted = read_sources("Source\tLeads a month\nPaid search\tlots\nWebinars\t320\n\t45\nEvents\t900\tn/a")
    assert [str(p) for p in pasted.problems] == [
        "Line 2, Paid search: “lots” is not a number",
        "Line 4: numbers without the source's name",
        "Line 5, Events: “n/a” is not a number",
    ]
    assert pasted.answers() == (("Webinars", 320),)
    assert [str(p) for p in read_sources("Paid search\tlots").problems] == [
        "Line 1, Paid search: “lots” is not a number"
    ]


@pytest.mark.parametrize(
    ("text", "share", "note"),
    [
        ("0.7", 0.7, "0.7 was read as 70 %"),
        ("0,25", 0.25, "0,25 was read as 25 %"),
        ("0.7 %", 0.007, ""),
        ("70", 0.7, ""),
        ("70 %", 0.7, ""),
        ("1", 0.01, ""),
        ("0", 0.0, ""),
    ],
)
def test_a_percent_answer_from_0_to_1_without_a_sign_is_a_fraction(text, share, note):
    assert read_share(text) == (pytest.approx(share), note)


def test_each_refused_answer_is_named_by_its_place_in_the_plan():
    answers = replace(ANSWERS, marketing_share=1.5, annual_revenue_goal=-5, currency="Dollars")
    problems = {p.field: p for p in answer_problems(answers)}
    assert set(problems) == {"terms.marketing_share", "annual_revenue_goal", "currency"}
    share = problems["terms.marketing_share"]
    assert (share.value, share.low, share.high) == (1.5, 0, 1)
    assert answer_problems(ANSWERS) == ()
    twice = replace(ANSWERS, sources=(("Paid search", 950), ("Paid search", (1, 2))))
    assert [p.field for p in answer_problems(twice)] == ["sources[1].name"]


def test_typical_rates_are_ordered_ranges_from_the_sample():
    rates = typical_rates()
    assert len(rates) == 5
    assert all(0 < r.low <= r.likely <= r.high < 1 for r in rates)


def test_the_plan_is_complete_and_its_report_sensible():
    plan = build_new_plan(ANSWERS)
    assert plan.name == "Acme FY2027" and plan.currency == "EUR" and plan.start_month == "2026-02"
    assert sum(plan.terms.revenue_target) == 2_100_000 and plan.terms.marketing_share == 0.8
    assert [s.name for s in plan.sources] == ["Paid search", "Webinars"]
    assert {r.kind: r.headcount for r in plan.team.roles} == {"SDR": (3,), "AE": (4,)}
    assert [t.tier for t in plan.commitments.response] == ["Hot", "Warm"]
    # Marketing commits what the goal needs: the reverse funnel's SQLs a month, on average.
    required = compute_funnel(plan, "likely").required[plan.sql_stage_index]
    assert sum(c.sqls_per_month for c in plan.commitments.marketing) == pytest.approx(sum(required) / 12, abs=1)
    # Wins needed: 80 % of 2.1 M at 20,000 a deal = 84 a year.
    assert sum(compute_funnel(plan, "likely").required[-1]) == pytest.approx(84, abs=1)
    assert sum(compute_funnel(plan, "likely").forward[0]) > 0


def test_skipped_answers_give_a_valid_plan_and_a_refused_answer_names_its_field():
    assert build_new_plan(NewPlanAnswers(start_month="2026-01")).sources == ()
    with pytest.raises(ValidationError, match="deal"):
        build_new_plan(NewPlanAnswers(start_month="2026-01", average_deal_size=-5))


def test_months_as_people_write_them():
    from slaplanner.new_plan import read_month

    assert {read_month(t) for t in ("Feb 2026", "february 2026", "2026-02", "02/2026", "Feb. 2026")} == {"2026-02"}
    with pytest.raises(ValueError, match="like “Feb 2026”"):
        read_month("Febuary")
