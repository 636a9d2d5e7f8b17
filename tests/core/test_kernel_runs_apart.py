"""The compiled queue keeps the runs of a chunk apart: what one run leaves behind never reaches the
next (found on 3 December 2026, third session, comparing kernels: a run that ended with follow-ups
still filed, as a month without reps ends it, left them in the minute bitmap, and the next run of
the chunk then read the previous run's leads; a crash or garbage. The planner staffs every month
with at least one rep, so only the kernel called directly could get there)."""

from __future__ import annotations

import numpy as np
import pytest

from slaplanner.engine.simulation import queue
from slaplanner.engine.simulation.inputs import expected_sqls, prepare


def captured_chunk(plan, runs: int) -> tuple:
    """The kernel's arguments of a chunk of two runs or more of a simulation of ``plan`` (as the queue
    gives them)."""
    calls: list[tuple] = []
    real = queue.simulate_runs

    def capture(*args):
        calls.append(args)
        real(*args)

    inp = prepare(plan)
    expected, _ = expected_sqls(inp, np.random.default_rng(2), runs)
    counts = np.random.default_rng(3).poisson(expected).sum(axis=2).astype(np.int64)
    patch = pytest.MonkeyPatch()
    patch.setattr(queue, "simulate_runs", capture)
    try:
        queue.simulate_queue(inp, counts, 7, collect=True)
    finally:
        patch.undo()
    return next(c for c in calls if c[1].shape[0] >= 2)


def fresh_outputs(args: tuple) -> list:
    """Zeroed copies of the kernel's output arrays (arguments 24 to 33)."""
    return [np.zeros_like(a) for a in args[24:34]]


def test_a_run_ended_early_leaves_nothing_for_the_next_run_of_its_chunk(sample_plan):
    args = list(captured_chunk(sample_plan, 40))
    by_tier, lead_off = args[1], args[2]
    assert by_tier.shape[0] >= 2
    servers = args[9].copy()
    # One rep in January, far too few: follow-ups due in January are still waiting when February, without
    # a rep, ends the run.
    servers[0], servers[1] = 1, 0
    args[9] = servers
    # Runs 0 and 1 in one call ...
    together = fresh_outputs(args)
    call = args.copy()
    call[1], call[2] = by_tier[:2], lead_off[:3]
    call[24:34] = together
    queue.simulate_runs(*call)
    # ... and run 1 alone (its leads are found from lead_off, which counts from the chunk's start).
    alone = fresh_outputs(args)
    call = args.copy()
    call[0] = args[0] + 1
    call[1], call[2] = by_tier[1:2], lead_off[1:3]
    call[24:34] = alone
    queue.simulate_runs(*call)
    row = args[0] + 1
    for name, a, b in zip(("count", "within", "accept", "touched", "lost", "ft_work", "fu_work"), together, alone):
        assert np.array_equal(a[row], b[row]), name
    assert together[1][row].sum() > 0  # January's first touches were made: the case under test
