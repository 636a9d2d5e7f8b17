"""The deterministic funnel: a hand-worked example and properties that must always hold."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from slaplanner.engine.funnel import compute_funnel
from slaplanner.plan.model import CommercialTerms, LeadSource, Plan, RateRange
from slaplanner.plan.months import cycle_lag_months


def flat(table):
    return [v for row in table for v in row]


def hand_plan() -> Plan:
    return Plan(
        start_month="2026-01",
        horizon_months=3,
        stages=("Lead", "SQL", "Won"),
        sources=(LeadSource("Web", volume_mode="monthly", monthly_leads=(100, 200, 300), conversion=(0.5, 0.2)),),
        terms=CommercialTerms(
            average_deal_size=1000, sales_cycle_days=61, revenue_target=(10_000, 20_000, 30_000), marketing_share=0.5
        ),
    )


def test_hand_worked_example():
    """Leads 100/200/300, Lead->SQL 50 %, SQL->Won 20 %, cycle 61 days (= 2 months), deal 1,000.

    Forward (cohort): SQL 50/100/150, wins by SQL month 10/20/30. Wins land 2 months later;
    January and February come from pipeline before the plan, taken at January's rate: 10/10/10.
    Revenue planned 10,000 each month.
    Target 10k/20k/30k x 50 % share / 1,000 = 5/10/15 wins. Blended rates: 300/600 = 0.5 and
    60/300 = 0.2. SQLs needed in month m close in m+2 (past the horizon: the last month's 15):
    15/0.2 = 75 in every month; leads 75/0.5 = 150.
    Gap = forward - required: Lead -50/50/150, SQL -25/25/75, Won 5/0/-5.
    """
    r = compute_funnel(hand_plan())
    assert r.lag_months == 2
    assert flat(r.forward) == pytest.approx([100, 200, 300, 50, 100, 150, 10, 10, 10])
    assert r.cohort[-1] == pytest.approx((10, 20, 30))
    assert flat(r.required) == pytest.approx([150, 150, 150, 75, 75, 75, 5, 10, 15])
    assert flat(r.gap) == pytest.approx([-50, 50, 150, -25, 25, 75, 5, 0, -5])
    assert r.revenue_planned == pytest.approx((10_000, 10_000, 10_000))
    assert r.revenue_required == pytest.approx((5_000, 10_000, 15_000))
    assert r.blended_rates == pytest.approx((0.5, 0.2))
    d = r.as_dict()
    assert d["months"] == ["2026-01", "2026-02", "2026-03"]
    assert list(d["forward"]) == ["Lead", "SQL", "Won"]
    assert d["totals"]["forward"]["Lead"] == 600
    assert d["totals"]["gap"]["Won"] == 0


def test_scenarios_use_low_and_high_rates():
    plan = Plan(
        horizon_months=1,
        stages=("Lead", "SQL"),
        sources=(LeadSource("Web", baseline=100, conversion=(RateRange(0.1, 0.2, 0.4),)),),
    )
    assert compute_funnel(plan, "low").forward[1] == pytest.approx((10,))
    assert compute_funnel(plan, "likely").forward[1] == pytest.approx((20,))
    assert compute_funnel(plan, "high").forward[1] == pytest.approx((40,))


def test_cycle_lag_rounds_days_to_whole_months():
    # 30.4375 days per month: 15 days -> 0, 16 -> 1 (0.53), 45 -> 1 (1.48), 46 -> 2 (1.51).
    assert [cycle_lag_months(d) for d in (0, 15, 16, 45, 46, 75, 365)] == [0, 0, 1, 1, 2, 2, 12]


def test_sample_plan_totals_are_consistent(sample_plan):
    r = compute_funnel(sample_plan)
    for k, stage in enumerate(r.stages):
        assert sum(r.forward[k]) == pytest.approx(r.forward_totals[k])
        per_source = sum(sum(sf.counts[k]) for sf in r.by_source)
        assert sum(r.cohort[k]) == pytest.approx(per_source), stage


# -- properties -----------------------------------------------------------------------------------
rates = st.floats(0.0, 1.0, allow_nan=False)
positive_rates = st.floats(0.01, 1.0, allow_nan=False)
volumes = st.floats(0.0, 1e6, allow_nan=False)


@st.composite
def plans(draw, rate=rates, min_sources=1):
    n_stages = draw(st.integers(2, 7))
    horizon = draw(st.integers(1, 36))
    n_sources = draw(st.integers(min_sources, 4))
    sources = []
    for i in range(n_sources):
        conv = tuple(draw(rate) for _ in range(n_stages - 1))
        if draw(st.booleans()):
            src = LeadSource(
                f"S{i}",
                volume_mode="monthly",
                monthly_leads=tuple(draw(volumes) for _ in range(horizon)),
                conversion=conv,
            )
        else:
            src = LeadSource(
                f"S{i}",
                baseline=draw(volumes),
                seasonality=tuple(draw(st.floats(0, 3)) for _ in range(12)),
                growth=draw(st.floats(-0.5, 0.2)),
                conversion=conv,
            )
        sources.append(src)
    return Plan(
        start_month=f"{draw(st.integers(2000, 2100))}-{draw(st.integers(1, 12)):02d}",
        horizon_months=horizon,
        stages=tuple(f"Stage {k}" for k in range(n_stages)),
        sources=tuple(sources),
        terms=CommercialTerms(
            average_deal_size=draw(st.floats(1, 1e6)),
            sales_cycle_days=draw(st.floats(0, 400)),
            revenue_target=tuple(draw(st.floats(0, 1e8)) for _ in range(horizon)),
            marketing_share=draw(st.floats(0, 1)),
        ),
    )


@given(plans())
def test_no_stage_exceeds_the_stage_above(plan):
    r = compute_funnel(plan)
    for sf in r.by_source:
        for above, below in zip(sf.counts, sf.counts[1:]):
            assert all(b <= a + 1e-9 * max(1.0, a) for a, b in zip(above, below))
    for above, below in zip(r.cohort, r.cohort[1:]):
        assert all(b <= a + 1e-9 * max(1.0, a) for a, b in zip(above, below))
    # The required funnel never needs fewer of a stage than of the stage below it, unless a
    # blended rate is zero (then the need above cannot be computed and a warning says so).
    if any("cannot be computed" in w for w in r.warnings):
        return
    n, lag = len(r.months), r.lag_months
    # Wins are needed lag months after the stage above them: compare cohort to cohort.
    wins_by_cohort = tuple(r.required[-1][min(m + lag, n - 1)] for m in range(n))
    for above, below in zip(r.required, (*r.required[1:-1], wins_by_cohort)):
        assert all(b <= a + 1e-9 * max(1.0, a) for a, b in zip(above, below))


@given(plans(rate=positive_rates, min_sources=1), st.data())
def test_forward_of_the_required_leads_reproduces_the_target(plan, data):
    """Feed the reverse funnel's leads back through the blended rates: the wins meet the target.

    From the lag on, every month's wins equal the target's; before it, wins come from
    pre-plan pipeline (taken at the first month's rate), so they equal the target of month lag.
    """
    r = compute_funnel(plan)
    assume(all(0 < v <= 1e9 for v in r.required[0]))
    replay = Plan(
        start_month=plan.start_month,
        horizon_months=plan.horizon_months,
        stages=plan.stages,
        sources=(LeadSource("All", volume_mode="monthly", monthly_leads=r.required[0], conversion=r.blended_rates),),
        terms=plan.terms,
    )
    wins = compute_funnel(replay).forward[-1]
    needed = [t * plan.terms.marketing_share / plan.terms.average_deal_size for t in plan.revenue_target]
    lag, n = r.lag_months, plan.horizon_months
    for m in range(n):
        expected = needed[m] if m >= lag else needed[min(lag, n - 1)]
        assert wins[m] == pytest.approx(expected, rel=1e-9, abs=1e-9)


@given(plans())
def test_zero_volume_and_zero_target_give_zero_everywhere(plan):
    from dataclasses import replace

    silent = replace(
        plan,
        sources=tuple(replace(s, volume_mode="baseline", baseline=0.0) for s in plan.sources),
        terms=replace(plan.terms, revenue_target=(0.0,) * plan.horizon_months),
    )
    r = compute_funnel(silent)
    for table in (r.forward, r.cohort, r.required, r.gap):
        assert all(v == 0 for row in table for v in row)
    assert all(v == 0 for v in r.revenue_planned)


@given(plans())
def test_values_are_finite(plan):
    import math

    r = compute_funnel(plan)
    for table in (r.forward, r.required, r.gap):
        assert all(math.isfinite(v) and v >= -1e300 for row in table for v in row)


def test_monthly_shortfall_names_the_short_months():
    """Hand example: SQLs planned 50/100/150, required 75/75/75 -> short in January by 25 only.
    Against a commitment of 120 a month: short in January (70) and February (20)."""
    from slaplanner.engine.funnel import monthly_shortfall

    r = compute_funnel(hand_plan())
    short = monthly_shortfall(r, "SQL")
    assert short.months == ("2026-01",) and short.amounts == pytest.approx((25,))
    committed = monthly_shortfall(r, "SQL", (120, 120, 120))
    assert committed.months == ("2026-01", "2026-02") and committed.total == pytest.approx(90)
    assert monthly_shortfall(r, "SQL", (50.4, 100, 150)).months == ()  # under half a lead is rounding
