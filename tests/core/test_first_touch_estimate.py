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


@pytest.mark.parametrize(
    ("sdrs", "shrinkage", "per_hour", "reps", "speed"),
    [
        (1, 0.6, 1.0, 1, 0.4),  # 0.4 reps' worth: 1 rep at 40 % (it rounded to 0 and was refused)
        (1, 0.35, 2.0, 1, 0.65),  # 0.65: 1 rep at 65 % (it was a full rep: 53 % busy instead of 81 %)
        (7, 0.2, 20.0, 6, 5.6 / 6),  # 5.6: 6 reps at 93 % (it was 6 full reps)
        (9, 0.4, 20.0, 5, 5.4 / 5),  # 5.4: 5 reps at 108 %
    ],
)
def test_a_capacity_of_part_reps_is_whole_reps_at_that_speed(sdrs, shrinkage, per_hour, reps, speed):
    """As the simulation counts them (``whole_reps``): the estimate's capacity is exactly effective
    SDRs x (1 - shrinkage), so its utilisation and waits agree with the simulation's queue; checked
    against the closed form with reps that take 15 / speed minutes a touch."""
    plan = around_the_clock(per_hour=per_hour, reps=sdrs)
    sdr = plan.team.roles[0]
    plan = replace(plan, team=replace(plan.team, roles=(replace(sdr, shrinkage=shrinkage),)))
    est = first_touch_estimate(plan)
    assert est.status == "ok" and est.reps == reps and est.speed == pytest.approx(speed)
    assert est.capacity == pytest.approx(sdrs * (1 - shrinkage))
    queue = est.queue
    assert queue is not None and queue.handle_minutes == 15.0  # said at full speed
    assert queue.load_ratio == pytest.approx(per_hour * 15.0 / 60.0 / est.capacity)
    assert queue.offered_load == pytest.approx(per_hour * 15.0 / 60.0)
    p_wait, p_within = closed_form(per_hour, 15.0 / speed, reps, 5.0)
    assert queue.p_wait == pytest.approx(p_wait, abs=1e-9) and queue.p_within == pytest.approx(p_within, abs=1e-9)
    whole = abs(est.capacity - reps) < 0.005
    assert (est.reps_text == f"{reps} rep{'s' if reps > 1 else ''} on shift") == whole
    if not whole:
        assert est.reps_text.startswith(f"{est.capacity:.2f} reps' worth on shift ({reps} rep")


def test_a_plan_without_an_sdr_role_has_nothing_to_estimate():
    plan = around_the_clock()
    other = Role("AE", "AE", headcount=(6,), calendar=plan.team.roles[0].calendar)
    plan = replace(plan, team=replace(plan.team, roles=(other,)))
    assert first_touch_estimate(plan).status == "no_sdr"
