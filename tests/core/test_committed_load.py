"""Issue 10: the commitment is an input. The capacity simulation can run on marketing's committed
SQLs instead of the planned ones, and the headcount answer follows the commitment."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from test_simulation import JANUARY_HOURS, around_the_clock, erlang_c_within

from slaplanner.engine.simulation import simulate
from slaplanner.errors import ValidationError
from slaplanner.plan.commitments import SqlCommitment
from slaplanner.results import ResultSettings, compute_results


def committing(plan, per_month: float):
    return replace(plan, commitments=replace(plan.commitments, marketing=(SqlCommitment("All", per_month),)))


def test_committed_load_is_a_stationary_queue_erlang_c_knows():
    """The plan delivers 10 SQLs an hour; marketing commits 20 an hour (20 x 744 in January).
    On the committed load the 24/7 queue is Erlang C's example (20/h, 15 min, 6 reps):
    P(wait <= 5 min) = 0.579, worked out in DOMAIN.md."""
    plan = committing(around_the_clock(per_hour=10.0), 20.0 * JANUARY_HOURS)
    result = simulate(plan, runs=200, rng=np.random.default_rng(4), search_headcount=False, load="committed")
    tier = result.response[0]
    assert result.load == "committed"
    assert tier.sqls_per_run == pytest.approx(20 * JANUARY_HOURS)  # exactly the commitment
    assert abs(tier.p_within_target - erlang_c_within(20, 15, 6, 5.0)) < 0.01
    assert abs(erlang_c_within(20, 15, 6, 5.0) - 0.579) < 0.001
    planned = simulate(plan, runs=200, rng=np.random.default_rng(4), search_headcount=False)
    assert planned.response[0].sqls_per_run == pytest.approx(10 * JANUARY_HOURS, rel=0.01)


def test_raising_the_commitment_raises_the_headcount_answer(sample_plan):
    """The issue's question: raising marketing's committed SQLs from 400 to 700 a month must
    change how many SDRs are needed (before, the answer ignored the commitment)."""
    needed = []
    for total in (400, 700):
        plan = replace(
            sample_plan,
            commitments=replace(
                sample_plan.commitments,
                marketing=(
                    SqlCommitment("Mid-market", total * 0.5),
                    SqlCommitment("SMB", total * 0.2),
                    SqlCommitment("Enterprise", total * 0.3),
                ),
            ),
        )
        result = simulate(plan, runs=200, rng=np.random.default_rng(2), load="committed")
        assert result.sql_expected[0] == pytest.approx(total)
        needed.append(result.headcount.headcount_needed)
    assert needed[0] is not None and needed[1] is not None and needed[1] > needed[0]


def test_committed_load_needs_a_commitment(sample_plan):
    plan = replace(sample_plan, commitments=replace(sample_plan.commitments, marketing=()))
    with pytest.raises(ValidationError) as caught:
        simulate(plan, runs=10, rng=np.random.default_rng(1), load="committed")
    assert caught.value.problems[0].field == "load"
    results = compute_results(plan, ResultSettings(runs=10, load="committed"))
    assert results.simulation is None and "commitment" in results.simulation_note
    assert "marketing's committed SQLs" in ResultSettings(load="committed").describe()
