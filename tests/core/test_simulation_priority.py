"""Issue 13: hot leads first. A free rep takes the oldest lead of the highest tier waiting (the
plan's first tier first), without interrupting a touch: checked per tier against ciw's priority classes."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
from sim_reference import WEEKDAYS, ciw_priority_24_7, scenario

from slaplanner.engine.simulation import simulate
from slaplanner.plan.commitments import Commitments, ResponseCommitment

JANUARY = 31 * 24 * 60


def two_tiers_24_7():
    """20 SQLs/h (30 % Hot, 70 % Warm), 15-min exponential touch, 6 reps, 24/7 in UTC, January."""
    plan = scenario(
        sqls_per_month=20 * 31 * 24, months=1, hours=(0.0, 24.0), days=WEEKDAYS, holidays=(),
        profile=(1.0,) * 168, clock="clock", time_zone="UTC",
    )  # fmt: skip
    tiers = (
        ResponseCommitment("Hot", share_of_sqls=0.3, first_touch_minutes=5.0, clock="clock", touches=1),
        ResponseCommitment("Warm", share_of_sqls=0.7, first_touch_minutes=5.0, clock="clock", touches=1),
    )
    return replace(plan, commitments=Commitments(response=tiers))


def test_each_tier_agrees_with_ciw_priority_classes_within_two_points():
    ours = simulate(two_tiers_24_7(), runs=300, rng=np.random.default_rng(5), search_headcount=False)
    leads = [0, 0]
    within = [0.0, 0.0]
    for seed in range(8):
        for i, (n, p) in enumerate(ciw_priority_24_7((6.0, 14.0), 15.0, 6, JANUARY, 5.0, seed)):
            leads[i] += n
            within[i] += n * p
    hot, warm = (w / n for w, n in zip(within, leads))
    assert hot > warm + 0.2  # priority matters here: FCFS would give both about 58 %
    assert abs(ours.tier("Hot").p_within_target - hot) < 0.02
    assert abs(ours.tier("Warm").p_within_target - warm) < 0.02
    assert [t.priority for t in ours.response] == [1, 2]


def test_priority_is_in_the_json_and_follows_the_order_of_the_tiers():
    plan = two_tiers_24_7()
    swapped = replace(plan, commitments=Commitments(response=plan.commitments.response[::-1]))
    data = json.loads(json.dumps(simulate(swapped, runs=50, rng=np.random.default_rng(1),
                                          search_headcount=False).as_dict()))  # fmt: skip
    assert data["response"]["Warm"]["priority"] == 1 and data["response"]["Hot"]["priority"] == 2
    assert data["response"]["Warm"]["p_within_target"] > data["response"]["Hot"]["p_within_target"]
