"""Issue 13: several SDR teams, each with its own calendar, time zone and shifts, SQLs routed by segment."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from sim_reference import scenario

from slaplanner.engine.simulation import simulate
from slaplanner.engine.simulation.calendar import CalendarMap, Timeline
from slaplanner.errors import ValidationError
from slaplanner.plan.model import LeadSource, RateRange
from slaplanner.plan.team import Role, WorkCalendar

ONE = RateRange.exact(1.0)
BERLIN = WorkCalendar("Europe/Berlin", tuple((d, 9.0, 17.0) for d in ("mon", "tue", "wed", "thu", "fri")))
# a split shift: mornings and afternoons with a lunch break
SPLIT = WorkCalendar(
    "America/New_York",
    tuple((d, a, b) for d in ("mon", "tue", "wed", "thu", "fri") for a, b in ((8.0, 12.0), (13.0, 17.0))),
)


def two_regions(americas: int = 4, emea: int = 3, per_month: float = 1200.0):
    base = scenario(sqls_per_month=per_month, months=2)
    sources = (
        LeadSource("US inbound", "Americas", volume_mode="monthly", monthly_leads=(per_month,) * 2,
                   conversion=(ONE, ONE)),
        LeadSource("EU inbound", "EMEA", volume_mode="monthly", monthly_leads=(per_month / 2,) * 2,
                   conversion=(ONE, ONE)),
    )  # fmt: skip
    sdr = base.team.roles[0]
    roles = (
        replace(sdr, name="Americas SDRs", headcount=(americas,), calendar=SPLIT, segments=("Americas",)),
        replace(sdr, name="EMEA SDRs", headcount=(emea,), calendar=BERLIN, segments=("EMEA",)),
    )
    return replace(base, sources=sources, team=replace(base.team, roles=roles))


def only(plan, segment: str):
    """The plan with one region: its source and its team."""
    source = next(s for s in plan.sources if s.segment == segment)
    role = next(r for r in plan.team.roles if segment in r.segments)
    return replace(plan, sources=(source,), team=replace(plan.team, roles=(replace(role, segments=()),)))


def test_each_team_works_its_segments_on_its_own_calendar():
    plan = two_regions()
    both = simulate(plan, runs=200, rng=np.random.default_rng(3), search_headcount=False)
    americas = simulate(only(plan, "Americas"), runs=200, rng=np.random.default_rng(4), search_headcount=False)
    emea = simulate(only(plan, "EMEA"), runs=200, rng=np.random.default_rng(5), search_headcount=False)
    # one utilisation per team, each as its region alone
    util = {r.role: r.utilisation for r in both.roles}
    assert util["Americas SDRs"] == pytest.approx(americas.roles[0].utilisation, abs=0.01)
    assert util["EMEA SDRs"] == pytest.approx(emea.roles[0].utilisation, abs=0.01)
    assert set(both.as_dict()["utilisation"]) == {"Americas SDRs", "EMEA SDRs"}
    # the tier's figures are the leads of both teams together
    a, e = americas.response[0], emea.response[0]
    weighted = a.p_within_target * a.sqls_per_run + e.p_within_target * e.sqls_per_run
    mixed = weighted / (a.sqls_per_run + e.sqls_per_run)
    assert both.response[0].p_within_target == pytest.approx(mixed, abs=0.015)
    assert both.response[0].sqls_per_run == pytest.approx(a.sqls_per_run + e.sqls_per_run, rel=0.02)
    # Berlin's office hours cover few of the leads' New York hours: EMEA leads wait longer
    assert e.p_within_target < a.p_within_target


def test_each_team_gets_its_own_headcount_answer():
    plan = two_regions(americas=2, emea=1)
    result = simulate(plan, runs=200, rng=np.random.default_rng(6), search_runs=100)
    by_team = dict(result.headcount_by_team)
    assert set(by_team) == {"Americas SDRs", "EMEA SDRs"}
    needs = [c.headcount_needed for c in by_team.values()]
    assert all(n is not None for n in needs)
    assert result.headcount.headcount_needed == sum(n for n in needs if n is not None)
    answer = result.as_dict()["headcount_needed"]
    assert answer["SDR"] == result.headcount.headcount_needed
    assert answer["by_team"]["EMEA SDRs"]["needed"] == by_team["EMEA SDRs"].headcount_needed
    assert result.needed_for("EMEA SDRs", "SDR") == by_team["EMEA SDRs"].headcount_needed


def test_a_segment_no_team_takes_is_refused():
    plan = two_regions()
    roles = (plan.team.roles[0],)  # only the Americas team: EMEA's SQLs have nobody
    with pytest.raises(ValidationError) as info:
        simulate(replace(plan, team=replace(plan.team, roles=roles)), runs=10, rng=np.random.default_rng(0))
    assert "EMEA" in str(info.value) and "routed" in str(info.value)


def test_a_split_shift_has_its_break():
    plan = scenario(months=1)
    timeline = Timeline.for_plan(plan, "America/New_York")
    cmap = CalendarMap.build(SPLIT, timeline)
    # Friday 2 January 2026: 8-12 and 13-17, 480 working minutes; a lead at 12:30 waits for 13:00
    friday = 1 * 1440
    assert cmap.working_between(friday, friday + 1440) == 480
    at_half_past_noon = np.array([friday + 12.5 * 60])
    assert cmap.to_clock(cmap.to_working(at_half_past_noon))[0] == friday + 13 * 60


def test_one_team_plans_are_unchanged_by_routing():
    """A plan with one SDR team (no segments) simulates as before: the same numbers for the same seed."""
    plan = scenario(months=1)
    routed = replace(plan, team=replace(plan.team, roles=(replace(plan.team.roles[0], segments=("All",)),)))
    a = simulate(plan, runs=50, rng=np.random.default_rng(9), search_headcount=False)
    b = simulate(routed, runs=50, rng=np.random.default_rng(9), search_headcount=False)
    assert a.response[0].p_within_target == b.response[0].p_within_target
    assert "by_team" in a.as_dict()["headcount_needed"] and a.as_dict()["headcount_needed"]["by_team"] == {}


def test_roles_keep_their_file_form():
    role = Role("SDR", "EMEA SDRs", calendar=BERLIN, segments=("EMEA",))
    assert Role.from_dict(role.to_dict()) == role


def test_the_estimate_and_the_simulation_say_which_team_the_estimate_is_of():
    from slaplanner.results import estimate_vs_simulation, off_hours_share

    plan = two_regions()
    result = simulate(plan, runs=100, rng=np.random.default_rng(6), search_headcount=False)
    compared = estimate_vs_simulation(plan, result)
    assert compared is not None
    assert any("busiest SDR team (Americas SDRs)" in r for r in compared.reasons)
    # leads arrive in New York's day: Berlin's hours miss more of them than New York's split shifts
    assert off_hours_share(plan, "EMEA SDRs") > off_hours_share(plan, "Americas SDRs")
