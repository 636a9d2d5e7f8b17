"""The headcount search finds the answer where one exists (issue 13's defect; issue 17's cost)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from slaplanner.engine.simulation import simulate


def doubled(plan):
    sources = tuple(
        replace(s, monthly_leads=tuple(2 * v for v in s.monthly_leads), baseline=2 * s.baseline) for s in plan.sources
    )
    return replace(plan, sources=sources)


def test_doubling_every_lead_volume_still_finds_a_headcount(sample_plan):
    """Before: 'no headcount works' (the search stopped while P(met) was still 0 at small
    headcounts). With every volume doubled, more SDRs do help, and the search must say how many;
    the answer is the smallest headcount whose own simulated P(met) reaches the target, and the
    one below it falls short (both read from the curve the search returns)."""
    result = simulate(doubled(sample_plan), runs=400, rng=np.random.default_rng(7))
    curve = result.headcount
    assert curve.headcount_needed is not None
    points = dict(curve.points)
    assert points[curve.headcount_needed] >= curve.target_probability
    assert points[curve.headcount_needed - 1] < curve.target_probability
    single = simulate(sample_plan, runs=400, rng=np.random.default_rng(7)).headcount.headcount_needed
    assert single is not None and curve.headcount_needed > single


def test_the_search_tries_few_headcounts(sample_plan):
    """Doubling then bisecting: the number of headcounts tried grows with the logarithm of the answer."""
    curve = simulate(doubled(doubled(sample_plan)), runs=200, rng=np.random.default_rng(3)).headcount
    assert curve.headcount_needed is not None
    assert len(curve.points) <= 12


def test_settled_is_the_wilson_interval_clear_of_the_target():
    """A headcount's figure on a fifth of the runs stands only when its 99.7 % Wilson interval is
    clear of the target. Worked by hand for 100 runs and a 90 % target: 100/100 gives
    [0.917, 1.0] (settled above), 80/100 gives [0.657, 0.893] (settled below), 99/100 and 85/100
    straddle 0.9 (measured again on all the runs)."""
    from slaplanner.engine.simulation.run import settled

    assert settled(1.0, 100, 0.9)
    assert settled(0.8, 100, 0.9)
    assert settled(0.0, 100, 0.9)
    assert not settled(0.99, 100, 0.9)
    assert not settled(0.85, 100, 0.9)
    assert not settled(0.9, 100, 0.9)
    assert not settled(1.0, 0, 0.9)


def test_settling_early_gives_the_answer_of_measuring_every_headcount_on_all_runs(sample_plan):
    """The search measures each headcount on a fifth of its runs first and on all of them only when
    that does not settle it. Its answer must be the one found by measuring every headcount on all
    the search runs (the same leads: common random numbers), and each point it shows must be either
    that full figure or a fifth's figure on the same side of the target."""
    from slaplanner.engine.simulation.inputs import expected_sqls, prepare
    from slaplanner.engine.simulation.queue import simulate_queue
    from slaplanner.engine.simulation.run import _p_all_met

    plan = doubled(sample_plan)
    result = simulate(plan, runs=400, rng=np.random.default_rng(11), search_runs=400)
    curve = result.headcount
    assert curve.headcount_needed is not None
    # The same search runs as simulate draws them: replay its seeds.
    rng = np.random.default_rng(11)
    seeds = rng.integers(0, 2**63 - 1, size=4)
    inp = prepare(plan)
    volume_rng = np.random.default_rng(int(seeds[0]))
    expected, _ = expected_sqls(inp, volume_rng, 400)
    counts = volume_rng.poisson(expected).sum(axis=2).astype(np.int64)
    full = {
        h: _p_all_met(inp, simulate_queue(inp, counts, int(seeds[2]), headcount=h, collect=False))
        for h in range(max(1, curve.headcount_needed - 2), curve.headcount_needed + 2)
    }
    needed = min(h for h, p in full.items() if p >= curve.target_probability)
    assert curve.headcount_needed == needed
    for h, p in curve.points:
        if h in full:
            assert (p >= curve.target_probability) == (full[h] >= curve.target_probability)
