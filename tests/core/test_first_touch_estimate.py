"""first_touch_estimate: the plan's busiest month as an Erlang C queue, checked against the closed form."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from sim_reference import WEEKDAYS, scenario

from slaplanner.engine.erlang import first_touch_estimate
from slaplanner.plan.team import Role

JANUARY_HOURS = 31 * 24


def around_the_clock(per_hour: float = 20.0, reps: int = 6, target: float = 5.0):
    """24/7 in UTC: January's SQLs over its 744 working hours arrive at ``per_hour``."""
    return scenario(
        sqls_per_month=per_hour * JANUARY_HOURS,
        reps=reps,
        months=1,
        hours=(0.0, 24.0),
        days=WEEKDAYS,
        holidays=(),
        profile=(1.0,) * 168,
        target_minutes=target,
        clock="clock",
        time_zone="UTC",
    )


def closed_form(per_hour: float, handle: float, c: int, t: float) -> tuple[float, float]:
    """DOMAIN.md's Erlang C written out: P(wait) and P(wait <= t), independent of the core."""
    a = per_hour * handle / 60.0
    top = a**c / math.factorial(c) / (1 - a / c)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return p_wait, 1.0 - p_wait * math.exp(-(c / handle - per_hour / 60.0) * t)


def test_domain_example_20_sqls_an_hour_15_minutes_6_reps():
    est = first_touch_estimate(around_the_clock())
    assert est.status == "ok"
    assert est.month == "2026-01"
    assert est.per_hour == pytest.approx(20.0)
    assert est.reps == 6
    assert est.handle_minutes == 15.0
    assert est.queue is not None
    p_wait, p_within = closed_form(20.0, 15.0, 6, 5.0)
    assert est.queue.p_wait == pytest.approx(p_wait, abs=1e-9)
    assert est.queue.p_within == pytest.approx(p_within, abs=1e-9)
    # DOMAIN.md's rounded figures
    assert est.queue.p_wait == pytest.approx(0.5875, abs=5e-5)
    assert est.queue.p_within == pytest.approx(0.579, abs=5e-4)


def test_no_rep_on_shift_is_said_not_estimated():
    """1 SDR x (1 - 60 % shrinkage) = 0.4 reps on shift rounds to 0."""
    plan = around_the_clock(reps=1)
    sdr = plan.team.roles[0]
    plan = replace(plan, team=replace(plan.team, roles=(replace(sdr, shrinkage=0.6),)))
    est = first_touch_estimate(plan)
    assert est.status == "no_reps"
    assert est.effective_sdrs == 1 and est.reps == 0
    assert est.queue is None


def test_a_plan_without_an_sdr_role_has_nothing_to_estimate():
    plan = around_the_clock()
    other = Role("AE", "AE", headcount=(6,), calendar=plan.team.roles[0].calendar)
    plan = replace(plan, team=replace(plan.team, roles=(other,)))
    assert first_touch_estimate(plan).status == "no_sdr"
