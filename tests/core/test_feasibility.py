"""Why a plan cannot be simulated, as data: kinds, roles and months, and the sentence made from them.

The expected sentences are written by hand from the plans below (the sample plan runs Jan–Dec 2026
with SQLs arriving every month), not computed by the code under test.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from slaplanner.engine.simulation import feasibility_problems, feasibility_summary, simulate
from slaplanner.errors import PROBLEM_KINDS, Problem, ValidationError

DECEMBER = tuple(f"2026-12-{d:02d}" for d in range(1, 32))


def with_roles(plan, *roles):
    return replace(plan, team=replace(plan.team, roles=roles))


def test_no_reps_and_no_working_hours_carry_role_and_months(sample_plan):
    sdr, ae = sample_plan.team.roles
    closed = replace(sdr.calendar, holidays=sdr.calendar.holidays + DECEMBER)
    plan = with_roles(sample_plan, replace(sdr, headcount=(0,), calendar=closed), replace(ae, headcount=(2, 0, 0, 3)))
    problems = feasibility_problems(plan)
    assert [(p.kind, p.subject, p.months) for p in problems] == [
        ("no_working_hours", "SDR", ("2026-12",)),
        ("no_reps", "SDR", tuple(f"2026-{m:02d}" for m in range(1, 13))),
        ("no_reps", "AE", ("2026-02", "2026-03")),
    ]
    assert all(p.kind in PROBLEM_KINDS for p in problems)
    # The text for people is unchanged: the field names the months as a range.
    assert [p.field for p in problems] == [
        "team.roles[SDR].calendar.holidays (Dec 2026)",
        "team.roles[SDR].headcount (Jan–Dec 2026)",
        "team.roles[AE].headcount (Feb–Mar 2026)",
    ]
    assert feasibility_summary(problems) == (
        "The simulation could not run: the SDR calendar has no working hours in Dec 2026 (every day is off "
        "or a holiday); the SDR team has no reps in Jan–Dec 2026 while leads arrive; and the AE team has no "
        "reps in Feb–Mar 2026 while leads arrive."
    )
    with pytest.raises(ValidationError) as info:
        simulate(plan, runs=10, rng=np.random.default_rng(1))
    assert feasibility_summary(info.value.problems) == feasibility_summary(problems)


def test_months_with_gaps_are_said_as_ranges(sample_plan):
    sdr, ae = sample_plan.team.roles
    plan = with_roles(sample_plan, replace(sdr, headcount=(1, 0, 1, 0, 0, 2)), ae)
    (problem,) = feasibility_problems(plan)
    assert (problem.kind, problem.subject, problem.months) == ("no_reps", "SDR", ("2026-02", "2026-04", "2026-05"))
    assert feasibility_summary([problem]) == (
        "The simulation could not run: the SDR team has no reps in Feb and Apr–May 2026 while leads arrive."
    )


def test_a_plan_without_an_sdr_role_says_what_it_needs(sample_plan):
    _, ae = sample_plan.team.roles
    (no_sdr,) = feasibility_problems(with_roles(sample_plan, ae))
    assert (no_sdr.kind, no_sdr.months) == ("required", ())
    assert feasibility_summary([no_sdr]) == (
        "The simulation could not run: the plan needs a team with an SDR role (it makes the first touches)."
    )


def test_the_same_problem_given_twice_is_said_once():
    """Problems are grouped by role and kind from their data; their field text is never read."""
    jan = Problem("anything", 0, "allowed: whatever", "no_reps", subject="AE", months=("2027-01",))
    dec = Problem("else", 0, "allowed: whatever", "no_reps", subject="AE", months=("2026-12",))
    runs = Problem("runs", 0, "allowed: a whole number from 1 to 100,000", "out_of_range", low=1, high=100_000)
    assert feasibility_summary([jan, runs, dec, runs]) == (
        "The simulation could not run: the AE team has no reps in Dec 2026–Jan 2027 while leads arrive; "
        "and the plan needs a whole number from 1 to 100,000."
    )


def test_nothing_wrong_says_only_that_it_could_not_run(sample_plan):
    assert feasibility_problems(sample_plan) == ()
    assert feasibility_summary(()) == "The simulation could not run."
