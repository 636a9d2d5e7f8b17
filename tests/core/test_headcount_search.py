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
