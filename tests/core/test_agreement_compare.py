"""Proposals side by side: headline figures per proposal, differences against a base, the JSON.

Expected numbers are worked out by hand from the sample plan (``slaplanner/resources/sample-plan.json``).
"""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest

from slaplanner.engine.simulation import SimulationCancelled
from slaplanner.negotiation.compare import JSON_KEYS, as_json, compare_proposals, differences
from slaplanner.plan.model import Plan
from slaplanner.plan.team import Team
from slaplanner.results import ResultSettings

FEW_RUNS = ResultSettings(runs=60, seed=1)


def raised(plan: Plan, segment: str, sqls: float) -> Plan:
    marketing = tuple(
        replace(m, sqls_per_month=sqls) if m.segment == segment else m for m in plan.commitments.marketing
    )
    return replace(plan, commitments=replace(plan.commitments, marketing=marketing))


@pytest.fixture
def two(sample_plan):
    """The sample and a copy with marketing's Enterprise commitment raised from 100 to 150."""
    named = [("Marketing proposal", sample_plan), ("Sales counter", raised(sample_plan, "Enterprise", 150.0))]
    return compare_proposals(named, FEW_RUNS)


def test_committed_and_planned_figures(sample_plan, two):
    """Marketing commits 165 (Mid-Market) + 70 (SMB) + 100 (Enterprise) = 335 SQLs a month;
    raised Enterprise gives 385. The revenue target adds up to 15,850,000 over the year, of
    which marketing carries 80 %: 12,680,000. SDRs staffed 4 people for 4 months and 5 for 8:
    56 / 12; AEs 16 x 3 + 17 x 5 + 18 x 4 = 205 / 12."""
    base, counter = two
    assert (base.name, counter.name) == ("Marketing proposal", "Sales counter")
    assert base.sqls_committed == 335 and counter.sqls_committed == 385
    assert base.revenue_required == pytest.approx(12_680_000) == counter.revenue_required
    assert base.headcount_staffed == pytest.approx({"SDR": 56 / 12, "AE": 205 / 12})
    assert base.response == {"Hot": (5.0, 0.8, "business"), "Warm": (240.0, 0.9, "business")}
    assert base.currency == "USD" and len(base.sqls_by_month) == 12 and base.months[0] == "2026-01"


def test_sqls_planned_is_the_funnel_average_at_the_rate_level(sample_plan, two):
    """An independent reference: each source's leads times its likely rates up to the SQL stage
    (Lead->MQL, MQL->SAL, SAL->SQL), added up over the year and divided by 12 months."""
    months = sample_plan.months
    total = sum(sum(s.leads(months)) * math.prod(r.likely for r in s.conversion[:3]) for s in sample_plan.sources)
    assert two[0].sqls_planned == pytest.approx(total / 12)
    assert two[1].sqls_planned == pytest.approx(total / 12)  # a commitment is not a forecast
    assert sum(two[0].sqls_by_month) == pytest.approx(total)


def test_raising_a_commitment_lowers_its_probability_only(two):
    base, counter = two
    assert set(base.p_met) == {"Hot", "Warm", "Marketing SQLs"}
    assert all(0.0 <= p <= 1.0 for p in base.p_met.values())
    # the same seed draws the same SQLs, so a higher bar is met as often at most
    assert counter.p_met["Marketing SQLs"] < base.p_met["Marketing SQLs"]
    assert counter.p_met["Hot"] == base.p_met["Hot"] and counter.p_met["Warm"] == base.p_met["Warm"]
    assert set(base.headcount_needed) == {"SDR", "AE"} and base.bottleneck


def test_the_same_seed_gives_the_same_probabilities(sample_plan, two):
    again = compare_proposals([("again", sample_plan)], FEW_RUNS)[0]
    assert again.p_met == two[0].p_met and again.headcount_needed == two[0].headcount_needed


def test_differences_against_the_base(two):
    marks = differences(two)
    assert marks["sqls_committed"] == [False, True]
    assert marks["p_met[Marketing SQLs]"] == [False, True]
    for same in ("sqls_planned", "revenue_planned", "revenue_required", "response[Hot]", "headcount_staffed[SDR]"):
        assert marks[same] == [False, False], same
    assert differences(two, base_index=1)["sqls_committed"] == [True, False]
    with pytest.raises(IndexError):
        differences(two, base_index=2)


def test_the_json_has_the_contracts_keys(two):
    data = json.loads(json.dumps(as_json(two)))
    assert list(data) == ["proposals"]
    first = data["proposals"][0]
    assert list(first)[: len(JSON_KEYS)] == list(JSON_KEYS)
    extra = {"currency", "revenue_gap", "response", "headcount_staffed", "bottleneck", "months", "sqls_by_month"}
    assert set(first) == set(JSON_KEYS) | extra
    assert first["name"] == "Marketing proposal" and first["sqls_committed"] == 335
    assert data["proposals"][1]["sqls_committed"] == 385
    assert first["revenue_required"] == 12_680_000
    assert set(first["p_met"]) == {"Hot", "Warm", "Marketing SQLs"}
    assert set(first["headcount_needed"]) == {"SDR", "AE"}


def test_a_proposal_without_a_team_or_commitment(sample_plan):
    bare = replace(sample_plan, team=Team(), commitments=replace(sample_plan.commitments, marketing=()))
    (figures,) = compare_proposals([("Bare", bare)], FEW_RUNS)
    assert figures.sqls_committed == 0
    assert figures.p_met == {} and figures.headcount_needed == {} and figures.bottleneck == ""
    assert figures.simulation_note.startswith("The plan does not have a sales team")
    assert as_json([figures])["proposals"][0]["p_met"] == {}


def test_progress_is_split_across_proposals_and_cancel_stops(sample_plan):
    seen: list[float] = []
    compare_proposals([("a", sample_plan), ("b", sample_plan)], FEW_RUNS, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and 0.5 in seen
    assert all(0.0 <= f <= 1.0 for f in seen) and any(0.0 < f < 0.5 for f in seen)
    with pytest.raises(SimulationCancelled):
        compare_proposals([("a", sample_plan)], FEW_RUNS, cancelled=lambda: True)
