"""Analytic capacity: Erlang C against the DOMAIN.md hand example, Erlang A against a small
independent event simulation, Little's law and follow-up workload against hand arithmetic."""

from __future__ import annotations

import heapq
import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaplanner.engine.erlang import (
    aes_needed,
    agents_for_target,
    erlang_a_estimate,
    erlang_c,
    erlang_c_estimate,
    open_opportunities,
    sdr_hours_per_sql,
)
from slaplanner.errors import ValidationError


def erlang_c_textbook(c: int, a: float) -> float:
    """The DOMAIN.md formula term by term: [a^c/c!/(1-rho)] / [sum_{k<c} a^k/k! + a^c/c!/(1-rho)]."""
    rho = a / c
    top = a**c / math.factorial(c) / (1 - rho)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


def test_domain_example_erlang_c():
    """20 SQLs/h, 15-minute first touch, 6 reps: a = 20 * 15/60 = 5, rho = 5/6.

    P(wait) = 0.5875 and P(wait <= 5 min) = 1 - 0.5875 * exp(-(6/15 - 20/60) * 5) = 0.579 (DOMAIN.md).
    """
    est = erlang_c_estimate(20, 15, 6, 5)
    assert est.stable
    assert est.offered_load == pytest.approx(5.0)
    assert est.p_wait == pytest.approx(0.5875, abs=5e-5)
    assert est.p_within == pytest.approx(0.579, abs=5e-4)
    assert est.mean_wait_minutes == pytest.approx(0.5875 / (6 / 15 - 20 / 60), rel=1e-3)


@given(st.integers(1, 60), st.floats(0.01, 0.99))
def test_erlang_c_recursion_matches_textbook_formula(c, rho):
    a = rho * c
    assert erlang_c(c, a) == pytest.approx(erlang_c_textbook(c, a), rel=1e-9)


@given(st.floats(0.1, 200), st.floats(1, 120), st.integers(1, 40), st.floats(0, 600))
def test_erlang_c_probabilities_in_range_never_nan(per_hour, handle, agents, target):
    est = erlang_c_estimate(per_hour, handle, agents, target)
    if est.stable:
        assert 0.0 <= est.p_wait <= 1.0
        assert 0.0 <= est.p_within <= 1.0
    else:
        assert est.p_within is None and est.load_ratio >= 1.0
    assert not math.isnan(est.load_ratio)


def test_unstable_queue_says_how_far_over_capacity():
    # 21.6 SQLs/h x 15 min = 5.4 reps of work for 4 reps: 135 % of capacity.
    est = erlang_c_estimate(21.6, 15, 4, 5)
    assert not est.stable
    assert est.load_ratio == pytest.approx(1.35)
    assert "135 %" in est.message and "Unstable" in est.message


def test_zero_reps_with_leads_is_refused_with_the_field():
    with pytest.raises(ValidationError) as info:
        erlang_c_estimate(10, 15, 0, 5)
    assert info.value.problems[0].field == "agents"
    assert "at least 1 rep" in str(info.value)


def test_no_leads_no_wait():
    est = erlang_c_estimate(0, 15, 3, 5)
    assert est.p_wait == 0.0 and est.p_within == 1.0


def test_erlang_a_with_endless_patience_is_erlang_c():
    a = erlang_a_estimate(20, 15, 6, 5, patience_minutes=1e7)
    assert a.p_wait == pytest.approx(0.5875, abs=1e-4)
    assert a.p_within == pytest.approx(0.579, abs=1e-3)
    assert a.p_abandon < 1e-5


def _mmc_plus_m(lam, mu, theta, c, t, n=120_000, seed=7):
    """Event simulation of M/M/c+M (FCFS, exponential patience): share served within t."""
    rnd = random.Random(seed)
    clock, free_at = 0.0, [0.0] * c
    heapq.heapify(free_at)
    # With exponential service and FCFS, each lead's fate depends only on earlier leads.
    # Track reps' next-free times; a lead abandons if its wait exceeds its patience.
    served_within = 0
    abandoned = 0
    for _ in range(n):
        clock += rnd.expovariate(lam)
        patience = rnd.expovariate(theta)
        earliest = free_at[0]
        wait = max(0.0, earliest - clock)
        if wait > patience:
            abandoned += 1
            continue
        heapq.heapreplace(free_at, clock + wait + rnd.expovariate(mu))
        served_within += wait <= t
    return served_within / n, abandoned / n


def test_erlang_a_matches_an_event_simulation():
    lam, mu, theta, c, t = 20 / 60, 1 / 15, 1 / 20, 5, 5.0  # overloaded without patience (a = 5 = c)
    sim_within, sim_abandon = _mmc_plus_m(lam, mu, theta, c, t)
    est = erlang_a_estimate(20, 15, 5, 5, patience_minutes=20)
    assert est.p_within == pytest.approx(sim_within, abs=0.01)
    assert est.p_abandon == pytest.approx(sim_abandon, abs=0.01)


def test_workload_and_littles_law_hand_examples():
    # 12-minute first touch, 5 follow-ups of 6 minutes: (12 + 30) / 60 = 0.7 hours per SQL.
    assert sdr_hours_per_sql(12, 6, 6) == pytest.approx(0.7)
    # 60 opportunities a month, 75-day cycle: 60 * 75 / 30.4375 = 147.84 open at once.
    assert open_opportunities(60, 75) == pytest.approx(147.84, abs=0.01)
    # 147.84 open, 40 per AE at 85 %: 147.84 / 34 = 4.35 -> 5 AEs.
    assert aes_needed(147.84, 40, 0.85) == 5


def test_agents_for_target_is_the_smallest():
    c = agents_for_target(20, 15, 5, 0.5)
    assert c == 6  # 6 reps reach 57.9 %
    assert erlang_c_estimate(20, 15, 5, 5).stable is False  # 5 reps: a = c, unstable
