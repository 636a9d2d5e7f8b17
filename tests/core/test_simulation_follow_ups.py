"""Issue 13: follow-ups are queued work, lead patience loses leads, the headcount search ramps its hires.

The follow-up checks compare the compiled queue with an independent event simulation written here
in plain Python (heapq), on a 24/7 calendar where working minutes are clock minutes; patience is
checked against Erlang A (M/M/c+M), whose closed form is itself checked against an event
simulation in test_capacity.py.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import replace

import numpy as np
import pytest
from sim_reference import WEEKDAYS, scenario

from slaplanner.engine.erlang import erlang_a_estimate
from slaplanner.engine.simulation import simulate
from slaplanner.plan.commitments import Commitments, ResponseCommitment
from slaplanner.plan.team import HandleTime

FLAT = (1.0,) * 168


def round_the_clock(**kwargs):
    return scenario(days=WEEKDAYS, hours=(0.0, 24.0), holidays=(), profile=FLAT, **kwargs)


def with_cadence(plan, touches: int, days: float, first: float, follow: float, target: float = 60.0):
    team = replace(
        plan.team,
        handle_times=(
            HandleTime("first_touch", first, 0.0),
            HandleTime("follow_up", follow, 0.0),
            HandleTime("accept", 5.0, 0.0),
        ),
    )
    tier = ResponseCommitment("All", first_touch_minutes=target, touches=touches, touch_days=days, target_share=0.8)
    return replace(plan, team=team, commitments=Commitments(response=(tier,)))


def reference_cadence(lam, reps, first, follow, touches, days, target, horizon, seed):
    """One run of the SDR queue in plain Python: Poisson arrivals (per minute rate ``lam``) over
    ``horizon`` minutes, fixed handle times, first touches before follow-ups (oldest first); after
    a lead's first touch at s, touch k is due at s + (k - 1) * step with step = (arrival + days -
    s) / touches, and at least min(60, step) after the lead's previous touch; follow-ups are taken in
    the order they fall due. Returns (share first touched within ``target``, share with every touch
    started within ``days`` of arriving)."""
    rnd = random.Random(seed)
    arrivals = []
    t = rnd.expovariate(lam)
    while t < horizon:
        arrivals.append(t)
        t += rnd.expovariate(lam)
    window = days * 1440.0
    free = [0.0] * reps
    heapq.heapify(free)
    due: list[tuple[float, int, int]] = []  # (due, lead, touch number)
    first_at, step = {}, {}
    nxt, within, kept = 0, 0, 0
    while nxt < len(arrivals) or due:
        t_free = free[0]
        ft_key = max(arrivals[nxt], t_free) if nxt < len(arrivals) else float("inf")
        fu_key = max(due[0][0], t_free) if due else float("inf")
        if ft_key <= fu_key:
            i, s = nxt, ft_key
            nxt += 1
            within += s - arrivals[i] <= target
            heapq.heapreplace(free, s + first)
            if touches <= 1:
                kept += s - arrivals[i] <= window
                continue
            first_at[i] = s
            step[i] = (arrivals[i] + window - s) / touches if arrivals[i] + window > s else 60.0
            heapq.heappush(due, (s + step[i], i, 2))
        else:
            _, i, k = heapq.heappop(due)
            s = fu_key
            heapq.heapreplace(free, s + follow)
            if k >= touches:
                kept += s - arrivals[i] <= window
            else:
                heapq.heappush(due, (max(first_at[i] + k * step[i], s + min(60.0, step[i])), i, k + 1))
    n = max(1, len(arrivals))
    return within / n, kept / n


@pytest.mark.parametrize(
    ("per_month", "reps", "touches", "days"),
    [
        (3000, 3, 4, 3.0),  # busy (about 90 % of the reps' time with follow-ups): some cadences slip
        (3000, 4, 6, 2.0),  # six touches in two days, about 90 % busy
        (1500, 2, 3, 5.0),  # light load: every cadence kept
    ],
)
def test_follow_ups_are_queued_work_as_an_event_simulation_says(per_month, reps, touches, days):
    first, follow, target = 12.0, 8.0, 30.0
    plan = with_cadence(
        round_the_clock(sqls_per_month=float(per_month), reps=reps, months=1), touches, days, first, follow, target
    )
    result = simulate(plan, runs=120, rng=np.random.default_rng(5), search_headcount=False)
    tier = result.response[0]
    minutes = 31 * 1440.0
    refs = [
        reference_cadence(per_month / minutes, reps, first, follow, touches, days, target, minutes, seed)
        for seed in range(12)
    ]
    ref_within = float(np.mean([r[0] for r in refs]))
    ref_kept = float(np.mean([r[1] for r in refs]))
    assert tier.p_within_target == pytest.approx(ref_within, abs=0.02)
    assert tier.touches_within == pytest.approx(ref_kept, abs=0.02)


def test_the_cadence_share_differs_by_tier_and_follows_the_reps():
    """Hot (3 touches in 2 days) and Warm (8 in 14 days) get their own shares; more reps keep more.
    Hot leads arriving on a Friday evening are first touched on Monday, more than 2 days later: no
    headcount keeps every Hot cadence in business hours, while Warm's 14 days leave room."""
    base = scenario(sqls_per_month=900.0, reps=3, months=2, handle_minutes=10.0)
    tiers = (
        ResponseCommitment("Hot", share_of_sqls=0.3, first_touch_minutes=15, touches=3, touch_days=2),
        ResponseCommitment("Warm", share_of_sqls=0.7, first_touch_minutes=240, touches=8, touch_days=14),
    )
    plan = replace(base, commitments=Commitments(response=tiers))
    few = simulate(plan, runs=60, rng=np.random.default_rng(1), search_headcount=False)
    hot, warm = few.response
    assert hot.touches_within != pytest.approx(warm.touches_within, abs=0.01)
    assert hot.touches_within < 0.5 and warm.touches_within < 0.5  # 3 SDRs: about 120 % busy
    more_sdrs = replace(plan.team.roles[0], headcount=(8,))
    many = simulate(
        replace(plan, team=replace(plan.team, roles=(more_sdrs,))),
        runs=60,
        rng=np.random.default_rng(1),
        search_headcount=False,
    )
    assert many.response[0].touches_within >= hot.touches_within
    assert many.response[1].touches_within >= warm.touches_within
    assert many.response[1].touches_within > 0.99 and 0.9 < many.response[0].touches_within < 0.99
    # p_touches_met is a chance over runs, touches_within a share of leads; both in the JSON
    tier = many.as_dict()["response"]["Warm"]
    assert 0.0 <= tier["p_touches_met"] <= 1.0 and tier["touches_within"] == round(many.response[1].touches_within, 4)


def test_lead_patience_loses_leads_as_erlang_a_says():
    """24/7, 20 SQLs an hour, 15-minute touches, 5 SDRs (fully loaded without patience), leads
    waiting 20 minutes on average: Erlang A gives the share touched within 5 minutes and the share lost."""
    per_hour = 20.0
    plan = round_the_clock(sqls_per_month=per_hour * 24 * 31, reps=5, months=1, target_minutes=5.0)
    plan = replace(plan, team=replace(plan.team, lead_patience_hours=20.0 / 60.0))
    result = simulate(plan, runs=40, rng=np.random.default_rng(2), search_headcount=False)
    tier = result.response[0]
    estimate = erlang_a_estimate(per_hour, 15.0, 5, 5.0, patience_minutes=20.0)
    assert tier.lost_share == pytest.approx(estimate.p_abandon, abs=0.01)
    assert tier.p_within_target == pytest.approx(estimate.p_within, abs=0.02)
    lost_per_run = tier.lost_share * tier.sqls_per_run
    assert result.sqls_lost == pytest.approx(lost_per_run, rel=0.01)
    assert result.as_dict()["lost_to_patience"]["patience_hours"] == pytest.approx(20.0 / 60.0)


def test_without_patience_no_lead_is_lost():
    result = simulate(scenario(months=1), runs=20, rng=np.random.default_rng(0), search_headcount=False)
    assert result.sqls_lost == 0.0 and result.response[0].lost_share == 0.0


def test_the_headcount_search_ramps_its_hires():
    """Hires ramping over two months add less in the first months: more people are needed than
    when they work at full speed from day one, and the answer reaches the target."""
    plan = scenario(sqls_per_month=2400.0, reps=2, months=3, handle_minutes=15.0)
    flat = simulate(plan, runs=200, rng=np.random.default_rng(4), search_runs=100)
    sdr = replace(plan.team.roles[0], ramp_months=2)
    ramped = simulate(
        replace(plan, team=replace(plan.team, roles=(sdr,))), runs=200, rng=np.random.default_rng(4), search_runs=100
    )
    assert flat.headcount.headcount_needed is not None and ramped.headcount.headcount_needed is not None
    assert ramped.headcount.headcount_needed > flat.headcount.headcount_needed
    assert dict(ramped.headcount.points)[ramped.headcount.headcount_needed] >= 0.9
