"""Goal-seek: leads for N SQLs a month, the SQLs the revenue goal needs, a total split by segment."""

from __future__ import annotations

import pytest

from slaplanner.engine.funnel import compute_funnel
from slaplanner.engine.goal_seek import leads_for_sqls, split_commitment, sqls_for_revenue_goal
from slaplanner.errors import ValidationError
from slaplanner.plan.model import LeadSource, Plan, RateRange


def two_sources() -> Plan:
    """Hand-worked: A gives 1,000 leads x 10 % x 50 % = 50 SQLs, B 500 x 20 % x 50 % = 50 SQLs,
    every month (stages Lead -> MQL -> SQL -> Won, SQL->Won 25 %)."""
    rates = (RateRange.exact(0.1), RateRange.exact(0.5), RateRange.exact(0.25))
    rates_b = (RateRange.exact(0.2), RateRange.exact(0.5), RateRange.exact(0.25))
    return Plan(
        name="Two sources",
        horizon_months=3,
        stages=("Lead", "MQL", "SQL", "Won"),
        sources=(
            LeadSource("A", "Enterprise", volume_mode="monthly", monthly_leads=(1000, 1000, 1000), conversion=rates),
            LeadSource("B", "SMB", volume_mode="monthly", monthly_leads=(500, 500, 500), conversion=rates_b),
        ),
    )


def test_leads_for_sqls_keeps_the_mix():
    """100 SQLs today; 150 wanted: every source's leads x 1.5 (A 1,500, B 750)."""
    result = leads_for_sqls(two_sources(), 150)
    assert result.factors == pytest.approx((1.5, 1.5, 1.5))
    assert [s.monthly_leads for s in result.plan.sources] == [(1500, 1500, 1500), (750, 750, 750)]
    assert compute_funnel(result.plan).forward[2] == pytest.approx((150, 150, 150))


def test_leads_for_sqls_month_by_month(sample_plan):
    """Seasonal sources: each month reaches N exactly (the months differ in the factor)."""
    result = leads_for_sqls(sample_plan, 400)
    k = sample_plan.sql_stage_index
    assert compute_funnel(result.plan).forward[k] == pytest.approx((400,) * 12, rel=1e-3)
    assert len(set(round(f, 3) for f in result.factors)) > 1


def test_split_adds_up_to_the_total():
    """400 a month split 50/50 by the planned mix; a quarter of 1,000 is 333 a month, 167 + 166."""
    assert [(c.segment, c.sqls_per_month) for c in split_commitment(two_sources(), 400)] == [
        ("Enterprise", 200.0),
        ("SMB", 200.0),
    ]
    quarter = split_commitment(two_sources(), 1000, per="quarter")
    assert sum(c.sqls_per_month for c in quarter) == 333
    assert sorted(c.sqls_per_month for c in quarter) == [166.0, 167.0]
    shares = split_commitment(two_sources(), 10, shares={"Enterprise": 3, "SMB": 1})
    assert [c.sqls_per_month for c in shares] == [8.0, 2.0]  # 7.5 and 2.5: the larger remainder goes first


def test_sqls_for_the_revenue_goal(sample_plan):
    """The commitment adds up to the reverse funnel's average SQLs a month (rounded)."""
    k = sample_plan.sql_stage_index
    required = compute_funnel(sample_plan).required[k]
    commitment = sqls_for_revenue_goal(sample_plan)
    assert sum(c.sqls_per_month for c in commitment) == round(sum(required) / len(required))
    assert {c.segment for c in commitment} == set(sample_plan.segments)


def test_bad_goals_are_refused():
    with pytest.raises(ValidationError) as caught:
        leads_for_sqls(two_sources(), -5)
    assert caught.value.problems[0].field == "sqls_per_month"
    with pytest.raises(ValidationError):
        split_commitment(two_sources(), 100, per="week")
