"""Issue 13: defects in what the simulation's outputs say, each against an independent reference."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from sim_reference import WEEKDAYS, scenario

from slaplanner.engine.simulation import simulate
from slaplanner.plan.commitments import Commitments, ResponseCommitment
from slaplanner.plan.team import HandleTime


def test_weekly_utilisation_matches_the_month_when_reps_are_not_whole():
    """7 SDRs at 20 % shrinkage are 5.6 effective reps. By hand: January 2026 in New York, Mon-Fri
    9-17 without Jan 1 and Jan 19 is 20 days x 480 = 9,600 working minutes; 3,000 SQLs x 15 min =
    45,000 minutes of work over 9,600 x 5.6 = 53,760 minutes of capacity: 83.7 %. The weeks (from
    Thu Jan 1, the last three days joined to the fourth) have 4, 5, 4 and 7 working days, so their
    utilisations weighted by working days must average to the same 83.7 %."""
    plan = scenario(sqls_per_month=3000.0, reps=7, months=1)
    sdr = replace(plan.team.roles[0], shrinkage=0.2)
    plan = replace(plan, team=replace(plan.team, roles=(sdr,)))
    result = simulate(plan, runs=200, rng=np.random.default_rng(1), search_headcount=False)
    by_hand = 3000 * 15 / (9600 * 5.6)
    assert result.roles[0].utilisation[0] == pytest.approx(by_hand, abs=0.01)
    weeks = result.sdr_utilisation_by_week
    assert len(weeks) == 4
    weighted = sum(u * d for u, d in zip(weeks, (4, 5, 4, 7))) / 20
    assert weighted == pytest.approx(by_hand, abs=0.01)


def erlang_c_quantile(per_hour: float, handle: float, c: int, q: float) -> float:
    """Wait t with P(wait <= t) = q in M/M/c (DOMAIN.md: P(wait > t) = C e^{-(c mu - lambda) t})."""
    a = per_hour * handle / 60.0
    top = a**c / math.factorial(c) / (1 - a / c)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    if 1 - q >= p_wait:
        return 0.0
    return math.log(p_wait / (1 - q)) / (c / handle - per_hour / 60.0)


@pytest.mark.parametrize("runs", [100, 1200])
def test_percentiles_match_erlang_c_and_more_runs_keep_them_right(runs):
    """20 SQLs/h, 15-min touch, 6 reps, 24/7: median 2.42 min, P90 26.6 min, P95 37.0 min by the
    closed form. With more runs the figures must stay as close (they come from every lead)."""
    plan = scenario(
        sqls_per_month=20 * 31 * 24, months=1, hours=(0.0, 24.0), days=WEEKDAYS, holidays=(),
        profile=(1.0,) * 168, target_minutes=5.0, clock="clock", time_zone="UTC",
    )  # fmt: skip
    tier = simulate(plan, runs=runs, rng=np.random.default_rng(9), search_headcount=False).response[0]
    assert erlang_c_quantile(20, 15, 6, 0.5) == pytest.approx(2.42, abs=0.01)
    assert tier.median_minutes == pytest.approx(erlang_c_quantile(20, 15, 6, 0.5), rel=0.03)
    assert tier.p90_minutes == pytest.approx(erlang_c_quantile(20, 15, 6, 0.9), rel=0.02)
    assert tier.p95_minutes == pytest.approx(erlang_c_quantile(20, 15, 6, 0.95), rel=0.02)


def test_headcount_advice_counts_follow_up_work():
    """2,400 SQLs in January, 10-min first touch, 10 follow-ups of 5 min each: 60 minutes per SQL,
    144,000 minutes of work against 9,600 working minutes per rep: 15 reps at 100 % occupancy, 250 %
    of 6 reps. First touches alone need only 2.5 reps, so a search that ignores follow-ups says 3-6.
    Follow-ups are queued work: the late-January SQLs' follow-ups fall in February (the same reps,
    the queue runs on past the horizon), so a little under 15 reps can carry January's SQLs."""
    plan = scenario(sqls_per_month=2400.0, handle_minutes=10.0, months=1)
    plan = replace(
        plan,
        team=replace(
            plan.team,
            handle_times=(
                HandleTime("first_touch", 10.0, 10.0),
                HandleTime("follow_up", 5.0, 0.0),
                HandleTime("accept", 5.0, 0.0),
            ),
        ),
        commitments=Commitments(
            response=(ResponseCommitment("All", first_touch_minutes=60.0, target_share=0.8, touches=11, touch_days=14),)
        ),
    )  # fmt: skip
    result = simulate(plan, runs=200, rng=np.random.default_rng(3), search_runs=100)
    assert result.roles[0].utilisation[0] == pytest.approx(2.5, abs=0.05)
    assert result.headcount.headcount_needed is not None
    assert 13 <= result.headcount.headcount_needed <= 16
    assert dict(result.headcount.points).get(6, 0.0) == 0.0
    # With 6 reps first touches go first and keep their target; the cadence is what fails.
    tier = result.response[0]
    assert tier.p_met == pytest.approx(1.0)
    assert tier.touches_within < 0.05 and tier.p_touches_met == 0.0


def test_a_plan_without_sqls_says_so():
    result = simulate(scenario(sqls_per_month=0.0, months=2), runs=20, rng=np.random.default_rng(0))
    assert result.response[0].sqls_per_run == 0
    assert any("No SQLs arrive" in w for w in result.warnings)
    assert result.as_dict()["response"]["All"]["sqls_per_run"] == 0


def test_a_commitment_for_a_segment_no_source_is_in_is_never_met(sample_plan):
    """A new user's trial: a plan committing 10 SQLs a month for a segment no lead source is in
    showed 'committed 335' (the plan commits 345) and P(met) as if that commitment did not exist;
    a plan with no sources at all said 'no marketing commitment in the plan' beside 335 committed."""
    from slaplanner.plan.commitments import SqlCommitment

    extra = (*sample_plan.commitments.marketing, SqlCommitment("Foo", 10.0))
    plan = replace(sample_plan, commitments=replace(sample_plan.commitments, marketing=extra))
    result = simulate(plan, runs=40, rng=np.random.default_rng(1), search_headcount=False)
    assert result.sql_commitment_total == pytest.approx((345.0,) * 12)
    assert result.sql_p_met == (0.0,) * 12
    assert dict(result.sql_p_met_by_segment)["Foo"] == (0.0,) * 12
    assert any("10 SQLs a month for Foo, but no lead source is in that segment" in w for w in result.warnings)
    bare = replace(sample_plan, sources=())
    result = simulate(bare, runs=10, rng=np.random.default_rng(1), search_headcount=False)
    assert result.sql_commitment_total == pytest.approx((335.0,) * 12) and result.sql_p_met == (0.0,) * 12


def test_a_plan_without_sources_says_so_instead_of_blaming_a_rate(sample_plan):
    """A new user's trial: a plan with no lead sources said 'The plan converts no Opportunity to Won'."""
    from slaplanner.engine.funnel import compute_funnel

    warnings = compute_funnel(replace(sample_plan, sources=())).warnings
    assert any(w.startswith("The plan has no lead sources, so it has no conversion rates") for w in warnings)
    assert not any("converts no" in w for w in warnings)
