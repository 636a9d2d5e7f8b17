"""The simulation against independent references.

* 24/7 stationary queue: simulated P(wait <= t) within 1 percentage point of Erlang C
  (DOMAIN.md hand example: 20 SQLs/h, 15-min touch, 6 reps: P(wait) = 0.5875, P(wait <= 5) = 0.579).
* Business hours: within 2 percentage points of ciw fed with arrivals drawn independently.
* Marketing's commitment: P(SQLs >= N) against the Poisson tail computed by hand.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_reference import WEEKDAYS, ciw_business_hours, scenario

from slaplanner.engine.simulation import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    SimulationCancelled,
    feasibility_problems,
    month_range,
    simulate,
    slower_sla_cost,
)
from slaplanner.errors import ValidationError
from slaplanner.plan.commitments import Commitments, ResponseCommitment, SqlCommitment
from slaplanner.plan.format import fmt_pct
from slaplanner.plan.team import Role, WorkCalendar

JANUARY_HOURS = 31 * 24


def around_the_clock(per_hour: float = 20.0, reps: int = 6, target: float = 5.0, clock: str = "clock"):
    """A 24/7 team in UTC with a flat arrival profile: the stationary M/M/c of Erlang C."""
    return scenario(
        sqls_per_month=per_hour * JANUARY_HOURS,
        reps=reps,
        months=1,
        hours=(0.0, 24.0),
        days=WEEKDAYS,
        holidays=(),
        profile=(1.0,) * 168,
        target_minutes=target,
        clock=clock,
        time_zone="UTC",
    )


def erlang_c_within(per_hour: float, handle: float, c: int, t: float) -> float:
    """Closed form from DOMAIN.md, written out independently of slaplanner.engine.erlang."""
    a = per_hour * handle / 60.0
    rho = a / c
    top = a**c / math.factorial(c) / (1 - rho)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return 1.0 - p_wait * math.exp(-(c / handle - per_hour / 60.0) * t)


def test_closed_form_reproduces_the_domain_example():
    assert erlang_c_within(20, 15, 6, 5) == pytest.approx(0.579, abs=5e-4)
    assert 1 - erlang_c_within(20, 15, 6, 0) == pytest.approx(0.5875, abs=5e-5)


@pytest.mark.parametrize("target", [5.0, 15.0])
def test_stationary_queue_agrees_with_erlang_c_within_one_point(target):
    plan = around_the_clock(target=target)
    result = simulate(plan, runs=200, rng=np.random.default_rng(11), search_headcount=False)
    tier = result.response[0]
    assert tier.sqls_per_run == pytest.approx(20 * JANUARY_HOURS, rel=0.01)
    assert abs(tier.p_within_target - erlang_c_within(20, 15, 6, target)) < 0.01
    # Utilisation: 20 SQLs/h x 15 min / 6 reps = 5/6 of the reps' time.
    assert result.roles[0].utilisation[0] == pytest.approx(5 / 6, abs=0.01)


def test_stationary_p_wait_agrees_with_erlang_c():
    plan = around_the_clock(target=1e-6)
    result = simulate(plan, runs=200, rng=np.random.default_rng(5), search_headcount=False)
    assert abs((1 - result.response[0].p_within_target) - 0.5875) < 0.01


def test_business_hours_agree_with_ciw_within_two_points():
    plan = scenario(months=1)
    ours = simulate(plan, runs=2000, rng=np.random.default_rng(3), search_headcount=False).response[0]
    leads = within = 0.0
    for seed in range(40):
        n, p = ciw_business_hours(plan, seed=seed)
        leads += n
        within += n * p
    theirs = within / leads
    assert 0.3 < theirs < 0.9  # a scenario where the calendar matters, not a trivial 0 or 1
    assert abs(ours.p_within_target - theirs) < 0.02


def test_clock_hours_are_harder_than_business_hours():
    """Off-hours leads wait overnight in clock time but not in business time."""
    business = simulate(scenario(months=1), runs=300, rng=np.random.default_rng(1), search_headcount=False)
    clock = simulate(scenario(months=1, clock="clock"), runs=300, rng=np.random.default_rng(1), search_headcount=False)
    assert clock.response[0].p_within_target < business.response[0].p_within_target - 0.1
    assert clock.response[0].p95_minutes > 8 * 60  # the overnight wait shows in the tail


def test_same_seed_same_result_and_other_seed_differs():
    plan = scenario(sqls_per_month=300.0, months=2)
    a = simulate(plan, runs=600, rng=np.random.default_rng(42), seed=42)
    b = simulate(plan, runs=600, rng=np.random.default_rng(42), seed=42)
    c = simulate(plan, runs=600, rng=np.random.default_rng(43), seed=43)
    assert a.as_dict() == b.as_dict()
    assert a.response[0].p_within_target != c.response[0].p_within_target


def poisson_at_least(n: int, mean: float) -> float:
    """P(X >= n) for X ~ Poisson(mean), summing the pmf in logs."""
    below = sum(math.exp(k * math.log(mean) - mean - math.lgamma(k + 1)) for k in range(n))
    return 1.0 - below


def test_marketing_commitment_probability_matches_the_poisson_tail():
    plan = scenario(sqls_per_month=400.0, months=2)
    plan = replace(
        plan,
        commitments=replace(plan.commitments, marketing=(SqlCommitment("All", 390.0),)),
    )
    result = simulate(plan, runs=4000, rng=np.random.default_rng(8), search_headcount=False)
    expected = poisson_at_least(390, 400.0)  # about 0.70
    for p in result.sql_p_met:
        assert abs(p - expected) < 0.025


def test_headcount_needed_matches_the_hand_example():
    """Share within 5 min must reach 50 %: 5 reps are unstable (a = 5), 6 reps give 57.9 %."""
    plan = around_the_clock()
    plan = replace(
        plan,
        commitments=Commitments(
            response=(ResponseCommitment("All", first_touch_minutes=5.0, clock="clock", target_share=0.5, touches=1),)
        ),
    )
    result = simulate(plan, runs=200, rng=np.random.default_rng(2), search_runs=100)
    assert result.headcount.headcount_needed == 6
    points = dict(result.headcount.points)
    assert points[5] < 0.1 and points[6] > 0.9


def test_zero_sdrs_while_sqls_arrive_is_refused():
    plan = scenario(months=2)
    sdr = plan.team.roles[0]
    plan = replace(plan, team=replace(plan.team, roles=(replace(sdr, headcount=(6, 0)),)))
    with pytest.raises(ValidationError) as info:
        simulate(plan, runs=10, rng=np.random.default_rng(1))
    problem = info.value.problems[0]
    assert problem.field == "team.roles[SDR].headcount (Feb 2026)"
    assert "at least 1 SDR" in problem.allowed


def test_calendar_without_working_hours_in_a_month_is_refused():
    # Sundays only, and every Sunday of January 2026 a holiday: no working minute that month.
    sundays = tuple(f"2026-01-{d:02d}" for d in (4, 11, 18, 25))
    cal = WorkCalendar("America/New_York", (("sun", 9.0, 17.0),), sundays)
    plan = scenario(months=1)
    plan = replace(plan, team=replace(plan.team, roles=(replace(plan.team.roles[0], calendar=cal),)))
    with pytest.raises(ValidationError) as info:
        simulate(plan, runs=10, rng=np.random.default_rng(1))
    assert info.value.problems[0].field == "team.roles[SDR].calendar.holidays (Jan 2026)"
    assert info.value.problems[0].value == "Sun 9-17 with every working day a holiday"
    assert "working hours" in info.value.problems[0].allowed


def test_plan_without_sdr_is_refused():
    plan = scenario(months=1)
    plan = replace(plan, team=replace(plan.team, roles=(Role("AE"),)))
    with pytest.raises(ValidationError, match="SDR role"):
        simulate(plan, runs=10, rng=np.random.default_rng(1))


def test_overloaded_team_is_reported_with_how_far_over_capacity():
    # 30 SQLs/h x 15 min = 7.5 reps of work for 6 reps: 125 % of capacity.
    plan = around_the_clock(per_hour=30.0)
    result = simulate(plan, runs=50, rng=np.random.default_rng(4), search_headcount=False)
    util = result.roles[0].utilisation[0]
    assert util == pytest.approx(1.25, abs=0.01)
    assert any("over capacity" in w and fmt_pct(util) in w for w in result.warnings)
    tier = result.response[0]
    for value in (tier.p_within_target, tier.median_minutes, tier.p95_minutes, tier.p_met):
        assert math.isfinite(value)
    assert result.bottleneck == "SDR"


def test_progress_reaches_one_and_cancel_stops():
    plan = scenario(sqls_per_month=500.0, months=1)
    seen: list[float] = []
    simulate(plan, runs=400, rng=np.random.default_rng(1), progress=seen.append, search_headcount=False)
    assert seen and seen[-1] == 1.0
    assert all(b >= a for a, b in itertools.pairwise(seen))
    assert len(seen) <= 110  # throttled to about 1 % steps
    with pytest.raises(SimulationCancelled):
        simulate(plan, runs=400, rng=np.random.default_rng(1), cancelled=lambda: True)


def test_sample_plan_outputs_are_probabilities(sample_plan):
    result = simulate(sample_plan, runs=300, rng=np.random.default_rng(1), search_runs=100)
    assert [t.tier for t in result.response] == ["Hot", "Warm"]
    for t in result.response:
        assert 0 <= t.p_within_target <= 1 and 0 <= t.p_met <= 1
        assert t.median_minutes <= t.p90_minutes <= t.p95_minutes
        assert sum(t.histogram_share) == pytest.approx(1.0)
    assert all(0 <= p <= 1 for p in result.sql_p_met)
    assert {r.kind for r in result.roles} == {"SDR", "AE"}
    assert len(result.sdr_utilisation_by_week) >= 52


@settings(max_examples=12, deadline=None)
@given(
    per_month=st.floats(0, 3000),
    reps=st.integers(1, 8),
    handle=st.floats(1, 60),
    start=st.integers(0, 12),
    length=st.integers(1, 12),
    target=st.floats(1, 600),
    clock=st.sampled_from(["business", "clock"]),
)
def test_outputs_are_probabilities_never_nan(per_month, reps, handle, start, length, target, clock):
    """Any team, load (including far over capacity) and calendar: finite numbers in range."""
    plan = scenario(
        sqls_per_month=per_month,
        reps=reps,
        handle_minutes=handle,
        months=1,
        hours=(float(start), float(min(24, start + length))),
        target_minutes=target,
        clock=clock,
    )
    result = simulate(plan, runs=30, rng=np.random.default_rng(0), search_runs=20)
    tier = result.response[0]
    for p in (tier.p_within_target, tier.p_met, tier.p_accept_within, tier.p_touches_met, *result.sql_p_met):
        assert 0.0 <= p <= 1.0
    for v in (tier.median_minutes, tier.p90_minutes, tier.p95_minutes, *result.roles[0].utilisation):
        assert math.isfinite(v) and v >= 0
    assert all(0.0 <= p <= 1.0 for _, p in result.headcount.points)


def test_plan_without_sqls_runs():
    result = simulate(scenario(sqls_per_month=0.0, months=2), runs=20, rng=np.random.default_rng(0))
    assert result.response[0].sqls_per_run == 0
    assert result.roles[0].utilisation == (0.0, 0.0)


def test_headcount_cannot_fix_a_clock_hour_promise_on_office_hours():
    """5 clock minutes for 90 % of leads is impossible when a third arrive at night: say so."""
    plan = scenario(months=1, clock="clock", target_minutes=5.0)
    result = simulate(plan, runs=200, rng=np.random.default_rng(1))
    assert result.headcount.headcount_needed is None
    assert all(p < 0.9 for _, p in result.headcount.points)
    assert any("not headcount" in w for w in result.warnings)


# -- the cost of a slower SLA ------------------------------------------------------------------


def test_slower_sla_cost_by_hand():
    """Relative to the current target T0, with the default decay curve (log-linear between points).

    Hot, 1,000 SQLs, T0 = 5 min, 1,000 USD revenue per SQL:
      * 5 min (the current SLA): decay(5) / decay(5) = 1, nothing given up.
      * 10 min: decay(10) / decay(5) = 0.25 / 1.0, so 1,000 x (1 - 0.25) = 750 SQLs, 750,000 USD.
      * 20 min: halfway (in minutes) between the 10-min point (0.25) and the 30-min point (0.048),
        log-linear: sqrt(0.25 x 0.048) = 0.10954, so 1,000 x 0.89046 = 890.5 SQLs.
      * 1 day: 0.00058, so 999.42 SQLs: never more than the tier's 1,000.
    Warm, 3,200 SQLs, T0 = 240 min: both 240 and 480 lie between the 120-min point (0.005) and the
    24-h point (0.00058), 1,320 minutes apart, so decay(480) / decay(240) = (0.00058 / 0.005) ^
    (240 / 1,320) = 0.116 ^ 0.18182 = 0.6759, and a 480-min SLA gives up 3,200 x 0.3241 = 1,037 SQLs.
    The 60-min option is faster than Warm's target and is not listed.
    """
    from slaplanner.plan.team import DecayCurve

    decay = DecayCurve().factor
    hot = {t: (q, v) for t, q, v in slower_sla_cost(1000.0, 5.0, decay, 1000.0, (5.0, 10.0, 20.0, 1440.0))}
    assert hot[5.0] == (0.0, 0.0)
    assert hot[10.0] == pytest.approx((750.0, 750_000.0))
    assert hot[20.0][0] == pytest.approx(1000 * (1 - math.sqrt(0.25 * 0.048)))
    assert hot[20.0][0] == pytest.approx(890.46, abs=0.01)
    assert hot[1440.0][0] == pytest.approx(999.42)
    warm = {t: q for t, q, _ in slower_sla_cost(3200.0, 240.0, decay, 1.0)}
    assert sorted(warm) == [240.0, 480.0, 960.0, 1440.0]
    assert warm[240.0] == 0.0
    assert warm[480.0] == pytest.approx(1037.0, abs=0.5)


@pytest.fixture(scope="module")
def sample_result():
    import json

    from slaplanner.plan.model import Plan
    from slaplanner.samples import sample_plan_text

    plan = Plan.from_dict(json.loads(sample_plan_text()))
    return simulate(plan, runs=300, rng=np.random.default_rng(1), search_headcount=False)


def test_slower_sla_reads_zero_at_the_current_target_and_grows(sample_result):
    """The trial's complaint: Warm at 480 min 'gave up 3,185' while 240 already 'gave up 3,179',
    and Hot at its own target showed -558."""
    for tier in sample_result.response:
        minutes = [m for m, _, _ in tier.slower_sla]
        lost = [q for _, q, _ in tier.slower_sla]
        assert minutes[0] == tier.target_minutes and lost[0] == 0.0
        assert all(m >= tier.target_minutes for m in minutes)
        assert lost == sorted(lost) and all(0.0 <= q <= tier.sqls_per_run for q in lost)
        assert all(v >= 0 for _, _, v in tier.slower_sla)
    warm = {m: q for m, q, _ in sample_result.tier("Warm").slower_sla}
    assert warm[480.0] < 0.4 * sample_result.tier("Warm").sqls_per_run


# -- defaults and feasibility -------------------------------------------------------------------


def test_one_default_seed_and_run_count():
    """simulate and export take the app's defaults, so the document shows what the app shows."""
    assert (DEFAULT_SEED, DEFAULT_RUNS) == (1, 2000)
    parser = __import__("slaplanner.cli.main", fromlist=["build_parser"]).build_parser()
    args = parser.parse_args(["simulate", "plan.json"])
    assert (args.seed, args.runs) == (DEFAULT_SEED, DEFAULT_RUNS)
    args = parser.parse_args(["export", "plan.json", "--pdf", "x.pdf"])
    assert (args.seed, args.runs) == (DEFAULT_SEED, DEFAULT_RUNS)


def test_month_range():
    assert month_range([f"2026-{m:02d}" for m in range(1, 13)]) == "Jan–Dec 2026"
    assert month_range(["2026-03"]) == "Mar 2026"
    assert month_range(["2026-01", "2026-03", "2026-04"]) == "Jan, Mar–Apr 2026"
    assert month_range(["2026-11", "2026-12", "2027-01"]) == "Nov 2026–Jan 2027"


def test_feasibility_problems_merge_months_into_one_readable_problem(sample_plan):
    assert feasibility_problems(sample_plan) == ()
    sdr, ae = sample_plan.team.roles
    december = tuple(f"2026-12-{d:02d}" for d in range(1, 32))
    closed = replace(sdr.calendar, holidays=sdr.calendar.holidays + december)
    plan = replace(
        sample_plan, team=replace(sample_plan.team, roles=(replace(sdr, headcount=(0,), calendar=closed), ae))
    )
    problems = feasibility_problems(plan)
    assert [str(p) for p in problems] == [
        "team.roles[SDR].calendar.holidays (Dec 2026): 'Mon-Fri 9-17 with every working day a holiday' is not "
        "allowed; allowed: some working hours in every plan month",
        "team.roles[SDR].headcount (Jan–Dec 2026): 0 is not allowed; allowed: at least 1 SDR while SQLs arrive "
        "(up to 443 a month)",
    ]
    with pytest.raises(ValidationError) as info:
        simulate(plan, runs=10, rng=np.random.default_rng(1))
    assert info.value.problems == problems
    no_sdr = replace(sample_plan, team=replace(sample_plan.team, roles=(ae,)))
    assert [str(p) for p in feasibility_problems(no_sdr)] == [
        "team.roles: 'only AE (Account executives)' is not allowed; allowed: a team with an SDR role "
        "(it makes the first touches)"
    ]
