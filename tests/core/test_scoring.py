"""Scoring on hand-worked leads, stage counts, examples, and taking history into the plan."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaplanner.engine.scoring import (
    ScoreSummary,
    plan_with_history,
    score_table,
    stage_masks,
    summarise,
    wilson_interval,
)
from slaplanner.imports.leads import parse_leads, table_from_records
from slaplanner.plan.definitions import BehaviourCriterion, Definitions, Disqualifier, FitCriterion
from slaplanner.plan.edits import Edit, apply_edit
from slaplanner.plan.model import Plan

DEFINITIONS = Definitions(
    fit=(
        FitCriterion("industry", "in", ("Retail", "Banking"), 10),
        FitCriterion("company_size", "gte", (100,), 20),
        FitCriterion("seniority", "equals", ("VP",), 15),
    ),
    behaviour=(BehaviourCriterion("pricing_page_view", points=40, min_count=2, within_days=30, half_life_days=10),),
    disqualifiers=(Disqualifier("email", "ends_with", ("@gmail.com",), reason="free mail"),),
    mql_threshold=30,
    sql_threshold=60,
    fast_lane_events=("demo_request",),
)

LEADS = [
    # A: 10 + 20 + 15 + 40 (2 pricing views, the last on the judging day: age 0) = 85 -> SQL
    {
        "industry": "retail",
        "company_size": "250",
        "seniority": "VP",
        "created": "2026-01-10",
        "events": {"pricing_page_view": (2, "2026-01-10")},
    },
    # B: judged on 2026-01-11 (its latest event); pricing 10 days old -> 40 * 0.5 = 20;
    #    10 + 20 + 20 = 50 -> MQL
    {
        "industry": "Retail",
        "company_size": "250",
        "seniority": "Manager",
        "created": "2026-01-01",
        "events": {"pricing_page_view": (3, "2026-01-01"), "email_click": (1, "2026-01-11")},
    },
    # C: as A but a Gmail address -> disqualified, score still 85
    {
        "industry": "Retail",
        "company_size": "250",
        "seniority": "VP",
        "email": "x@GMAIL.com",
        "created": "2026-01-10",
        "events": {"pricing_page_view": (2, "2026-01-10")},
    },
    # D: nothing fits, a demo request -> fast lane SQL with 0 points
    {
        "industry": "Software",
        "company_size": "50",
        "created": "2026-01-05",
        "events": {"demo_request": (1, "2026-01-06")},
    },
    # E: "1,200" staff reads as 1200 -> 10 + 20 = 30, exactly the MQL threshold; one pricing view is not enough
    {
        "industry": "Banking",
        "company_size": "1,200",
        "created": "2026-01-05",
        "events": {"pricing_page_view": (1, "2026-01-05")},
    },
    # F: pricing views 40 days before its latest event: outside the 30-day window -> 0; size blank -> no points
    {
        "industry": "Media",
        "company_size": "",
        "created": "2026-01-01",
        "events": {"pricing_page_view": (5, "2026-01-01"), "email_click": (1, "2026-02-10")},
    },
]


def test_hand_worked_scores_and_levels() -> None:
    scored = score_table(table_from_records(LEADS), DEFINITIONS, detail=True)
    assert scored.score.tolist() == pytest.approx([85, 50, 85, 0, 30, 0])
    assert scored.level.tolist() == [2, 1, 0, 2, 1, 0]
    assert scored.disqualified.tolist() == [False, False, True, False, False, False]
    assert scored.fast_lane.tolist() == [False, False, False, True, False, False]
    assert scored.points is not None
    assert scored.points.shape == (4, 6)  # 3 fit criteria + 1 behaviour criterion
    assert scored.points[3].tolist() == pytest.approx([40, 20, 40, 0, 0, 0])


def test_as_of_ages_every_event_to_one_day() -> None:
    """Judged on 2026-01-20, A's pricing views are 10 days old: 40 * 0.5 = 20, so 10 + 20 + 15 + 20 = 65
    (still SQL); B's are 19 days old: 40 * 0.5 ** 1.9 = 10.718, so 40.718 (MQL)."""
    scored = score_table(table_from_records(LEADS[:2]), DEFINITIONS, as_of=np.datetime64("2026-01-20"))
    assert scored.score.tolist() == pytest.approx([65, 30 + 40 * 0.5**1.9])
    assert scored.level.tolist() == [2, 1]


def test_no_decay_and_unknown_event_date_count_fully() -> None:
    """Without a half-life the points do not fall; an event with no date counts as recent."""
    rule = BehaviourCriterion("webinar", points=15, min_count=1, within_days=90)
    table = table_from_records(
        [{"events": {"webinar": (1, "2026-01-01")}}, {"events": {"webinar": (2, None)}}], created="2025-12-01"
    )
    scored = score_table(table, Definitions(behaviour=(rule,)))
    assert scored.score.tolist() == [15, 15]


def test_every_operator_on_hand_picked_cells() -> None:
    table = table_from_records([{"title": "Head of Data"}, {"title": ""}, {"title": "Intern"}, {"title": "51-200"}])
    cases = {
        ("contains", ("data",)): [1, 0, 0, 0],
        ("not_contains", ("data",)): [0, 1, 1, 1],
        ("starts_with", ("head",)): [1, 0, 0, 0],
        ("ends_with", ("ERN",)): [0, 0, 1, 0],
        ("not_equals", ("intern",)): [1, 1, 0, 1],
        ("not_in", ("intern", "head of data")): [0, 1, 0, 1],
        ("is_blank", ()): [0, 1, 0, 0],
        ("not_blank", ()): [1, 0, 1, 1],
        ("lte", (51,)): [0, 0, 0, 1],  # "51-200" reads as its lower bound, 51
        ("between", (10, 60)): [0, 0, 0, 1],
    }
    for (op, values), expected in cases.items():
        crit = FitCriterion("title", op, values, 1)
        got = score_table(table, Definitions(fit=(crit,), mql_threshold=1, sql_threshold=1)).score.tolist()
        assert got == expected, op


def test_missing_field_never_matches() -> None:
    table = table_from_records([{"industry": "Retail"}])
    crit = FitCriterion("country", "in", ("Germany",), 5)
    assert score_table(table, Definitions(fit=(crit,))).score.tolist() == [0]


CSV = b"""Record ID,Create Date,Lead Source,Lifecycle Stage,Grade,Demo Request Date
1,2026-01-03,Organic search,Customer,A,2026-01-04
2,2026-01-09,Organic search,Sales Accepted Lead,A,
3,2026-01-20,Paid search,,A,
4,2026-02-02,Paid search,salesqualifiedlead,C,
5,2026-02-14,Webinars,Opportunity,C,2026-02-15
6,2026-02-28,Somewhere else,Banana,C,
"""


def test_stage_counts_per_month_on_hand_worked_leads(sample_plan: Plan) -> None:
    """Grade A gives 50 points (MQL at 50, SQL at 100); a demo request makes an SQL.

    Lead 1 (Jan): SQL by demo, CRM says Customer      -> Lead MQL SAL SQL Opp Won
    Lead 2 (Jan): MQL, CRM says SAL                    -> Lead MQL SAL
    Lead 3 (Jan): MQL, no CRM stage                    -> Lead MQL
    Lead 4 (Feb): not MQL, CRM says SQL (not counted)  -> Lead
    Lead 5 (Feb): SQL by demo, CRM says Opportunity    -> Lead MQL SAL SQL Opp
    Lead 6 (Feb): not MQL, unknown stage "Banana"      -> Lead (and a warning for row 7)
    Rates: MQL 4/6, SAL 3/4, SQL 2/3, Opportunity 2/2, Won 1/2.
    """
    definitions = Definitions(
        fit=(FitCriterion("grade", "equals", ("A",), 50),),
        mql_threshold=50,
        sql_threshold=100,
        fast_lane_events=("demo_request",),
    )
    summary = summarise(sample_plan, parse_leads(CSV), definitions=definitions)
    assert summary.months == ("2026-01", "2026-02")
    assert summary.counts == {
        "Lead": (3, 3),
        "MQL": (3, 1),
        "SAL": (2, 1),
        "SQL": (1, 1),
        "Opportunity": (1, 1),
        "Won": (1, 0),
    }
    assert summary.rates == pytest.approx((4 / 6, 3 / 4, 2 / 3, 1.0, 1 / 2))
    assert summary.by_source["Organic search"]["SAL"] == (2, 0)
    assert summary.by_source["Somewhere else"]["Lead"] == (0, 1)
    assert list(summary.by_source)[:2] == ["Organic search", "Paid search"]  # plan order first
    assert [(w.row, "Banana" in w.reason) for w in summary.warnings] == [(7, True)]
    assert summary.fast_lane == 2


def test_unknown_mql_stage_is_a_readable_error(sample_plan: Plan) -> None:
    from slaplanner.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        summarise(sample_plan, parse_leads(CSV), definitions=Definitions(mql_stage="Marketing Qualified"))
    assert info.value.problems[0].field == "definitions.mql_stage"
    assert "MQL" in info.value.problems[0].allowed


@given(
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 5)), min_size=1, max_size=40),
)
def test_stage_masks_are_a_waterfall(pairs: list[tuple[int, int]]) -> None:
    level = np.array([p[0] for p in pairs], dtype=np.int8)
    recorded = np.array([p[1] for p in pairs], dtype=np.int64)
    stages = ("Lead", "MQL", "SAL", "SQL", "Opportunity", "Won")
    masks = stage_masks(level, recorded, stages, Definitions())
    for above, below in itertools.pairwise(masks):
        assert not (below & ~above).any()
    assert masks[0].all()
    assert (masks[1] == (level >= 1)).all() and (masks[3] == (level >= 2)).all()


def test_wilson_interval_by_hand() -> None:
    """k = 5 of n = 10, z = 1.6449: p = 0.5, z^2 = 2.7057, centre = 0.5,
    half = 1.6449 * sqrt(0.025 + 2.7057 / 400) / (1 + 0.27057) = 1.6449 * 0.17823 / 1.27057 = 0.23074."""
    low, rate, high = wilson_interval(5, 10)
    assert rate == 0.5
    assert low == pytest.approx(0.5 - 0.23074, abs=1e-4)
    assert high == pytest.approx(0.5 + 0.23074, abs=1e-4)
    assert wilson_interval(0, 4)[0] == 0.0


def _summary(months: tuple[str, ...], leads: tuple[int, ...], later: tuple[int, ...]) -> ScoreSummary:
    stages = ("Lead", "MQL", "SAL", "SQL", "Opportunity", "Won")
    zero = (0,) * len(months)
    per_stage = {"Lead": leads, "MQL": later, "SAL": zero, "SQL": zero, "Opportunity": zero, "Won": zero}
    return ScoreSummary(
        months=months,
        stages=stages,
        counts=per_stage,
        by_source={"Paid search": per_stage},
        rates=(),
        source_rates={},
        leads_scored=sum(leads),
        disqualified=0,
        fast_lane=0,
        rejected_rows=(),
        warnings=(),
        formula_cells=(),
        missing_fields=(),
    )


def test_history_becomes_the_plans_volumes_and_rates(sample_plan: Plan) -> None:
    """History 2025-01 .. 2026-02 (14 months): leads 100, 101, ..., 113; MQLs 10 a month.
    Plan month 2026-01 takes 2026-01's 112, 2026-02 takes 113, 2026-03 takes 2025-03's 102 ...
    2026-12 takes 2025-12's 111. Lead -> MQL = 140 / 1491; MQL -> SAL = 0 / 140; a stage with
    nobody above (SAL -> SQL) keeps the plan's rate."""
    months = (*tuple(f"2025-{m:02d}" for m in range(1, 13)), "2026-01", "2026-02")
    summary = _summary(months, tuple(range(100, 114)), (10,) * 14)
    new = plan_with_history(sample_plan, summary)
    paid = new.source_named("Paid search")
    assert paid.volume_mode == "monthly"
    assert paid.monthly_leads == (112, 113, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111)
    assert paid.conversion[0].likely == pytest.approx(round(140 / 1491, 4))
    assert paid.conversion[0].low < paid.conversion[0].likely < paid.conversion[0].high
    assert paid.conversion[1].likely == 0.0
    assert paid.conversion[2] == sample_plan.source_named("Paid search").conversion[2]
    assert new.source_named("Organic search") == sample_plan.source_named("Organic search")
    # One undoable edit: applying it and its inverse gives the plan back.
    applied, inverse = apply_edit(sample_plan, Edit((), new, "Apply scored history"))
    assert applied == new
    assert apply_edit(applied, inverse)[0] == sample_plan


def test_rates_only_keeps_the_plans_volumes(sample_plan: Plan) -> None:
    """Same history as above; with volumes=False Paid search keeps its baseline of 950 a month
    and only its rates change (Lead -> MQL = 140 / 1491)."""
    months = (*tuple(f"2025-{m:02d}" for m in range(1, 13)), "2026-01", "2026-02")
    summary = _summary(months, tuple(range(100, 114)), (10,) * 14)
    new = plan_with_history(sample_plan, summary, volumes=False)
    paid, before = new.source_named("Paid search"), sample_plan.source_named("Paid search")
    assert (paid.volume_mode, paid.baseline, paid.monthly_leads) == (
        before.volume_mode,
        before.baseline,
        before.monthly_leads,
    )
    assert paid.conversion[0].likely == pytest.approx(round(140 / 1491, 4))


def test_sample_export_matches_the_sample_plans_rates(sample_plan: Plan) -> None:
    """The shipped export was drawn to follow the plan's likely rates; the definitions reproduce them
    within sampling noise (several hundred leads per source)."""
    from slaplanner.imports.leads import read_leads
    from slaplanner.samples import sample_leads_path

    path = sample_leads_path()
    summary = summarise(sample_plan, read_leads(path))
    assert set(summary.by_source) == {s.name for s in sample_plan.sources}
    assert summary.months[0] == "2025-01" and len(summary.months) >= 12
    for source in sample_plan.sources:
        observed = summary.source_rates[source.name]
        first = source.conversion[0].likely
        assert observed[0] == pytest.approx(first, abs=0.05), source.name
        assert observed[1] * observed[2] == pytest.approx(
            source.conversion[1].likely * source.conversion[2].likely, abs=0.08
        ), source.name


def test_count_text_uses_the_right_number():
    from slaplanner.plan.format import count_text

    assert count_text(1, "row") == "1 row"
    assert count_text(0, "row") == "0 rows"
    assert count_text(1200, "lead") == "1,200 leads"
    assert count_text(2, "person", "people") == "2 people"
