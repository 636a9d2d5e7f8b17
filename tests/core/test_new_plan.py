"""The guided set-up's core: a complete, valid plan from a few answers."""

from __future__ import annotations

import pytest

from slaplanner.engine.funnel import compute_funnel
from slaplanner.errors import ValidationError
from slaplanner.new_plan import NewPlanAnswers, build_new_plan, parse_sources, spread_annual, typical_rates

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
    text = "Source\tLeads a month\nPaid search\t950\nWebinars; 320\nPartner referrals  110\nEvents 1,200\n\n"
    assert parse_sources(text) == (
        ("Paid search", 950),
        ("Webinars", 320),
        ("Partner referrals", 110),
        ("Events", 1200),
    )
    with pytest.raises(ValueError, match="Line 3"):
        parse_sources("Paid search\t950\n\nWebinars\n")


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
