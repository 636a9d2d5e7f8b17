"""Qualification definitions: validation with readable errors, lossless round trip, examples."""

from __future__ import annotations

from dataclasses import replace

import pytest

from slaplanner.engine.scoring import check_examples
from slaplanner.errors import ValidationError
from slaplanner.plan.definitions import (
    BehaviourCriterion,
    Definitions,
    Disqualifier,
    EventFact,
    Example,
    FitCriterion,
    LifecycleStage,
    RecycleRule,
    RejectionReason,
    event_key,
)
from slaplanner.plan.model import Plan


def test_sample_definitions_round_trip_losslessly(sample_plan: Plan) -> None:
    definitions = sample_plan.definitions
    assert not definitions.is_empty
    assert Definitions.from_dict(definitions.to_dict()) == definitions
    assert Plan.from_dict(sample_plan.to_dict()) == sample_plan


def test_empty_definitions() -> None:
    assert Definitions().is_empty
    assert Definitions.from_dict({}) == Definitions()
    assert Definitions.from_dict(Definitions().to_dict()) == Definitions()


def test_unknown_operator_names_field_and_allowed_values() -> None:
    with pytest.raises(ValidationError) as info:
        Definitions.from_dict({"fit": [{"field": "industry", "operator": "like", "values": ["x"], "points": 5}]})
    problem = info.value.problems[0]
    assert problem.field == "fit[0].operator"
    assert problem.value == "like"
    assert "gte" in problem.allowed and "between" in problem.allowed


@pytest.mark.parametrize(
    ("criterion", "field"),
    [
        ({"field": "company_size", "operator": "between", "values": [500, 100], "points": 5}, "fit[0].values"),
        ({"field": "company_size", "operator": "gte", "values": ["many"], "points": 5}, "fit[0].values[0]"),
        ({"field": "company_size", "operator": "gte", "values": [1, 2], "points": 5}, "fit[0].values"),
        ({"field": "industry", "operator": "in", "values": [], "points": 5}, "fit[0].values"),
        ({"field": "industry", "operator": "equals", "values": ["a", "b"], "points": 5}, "fit[0].values"),
        ({"field": "industry", "operator": "in", "values": ["a"], "points": 5000}, "fit[0].points"),
        ({"field": "", "operator": "in", "values": ["a"], "points": 5}, "fit[0].field"),
        ({"field": "email", "operator": "is_blank", "values": ["a"], "points": 5}, "fit[0].values"),
    ],
)
def test_bad_fit_criteria_are_refused_with_their_path(criterion: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        Definitions.from_dict({"fit": [criterion]})
    assert field in [p.field for p in info.value.problems]
    assert all(p.allowed.startswith("allowed:") for p in info.value.problems)


def test_thresholds_stages_and_codes_are_checked_together() -> None:
    with pytest.raises(ValidationError) as info:
        Definitions(
            stages=(LifecycleStage("Lead"), LifecycleStage("lead")),
            mql_threshold=80,
            sql_threshold=60,
            rejection_reasons=(RejectionReason("BAD_FIT"),),
            recycle_rules=(RecycleRule("rejected", reason_code="NO_SUCH_CODE"),),
        )
    fields = {p.field for p in info.value.problems}
    assert "sql_threshold" in fields
    # Cross-record checks run once the records themselves are valid.
    with pytest.raises(ValidationError) as info2:
        Definitions(
            stages=(LifecycleStage("Lead"), LifecycleStage("lead")),
            rejection_reasons=(RejectionReason("BAD_FIT"),),
            recycle_rules=(RecycleRule("rejected", reason_code="NO_SUCH_CODE"),),
        )
    fields2 = {p.field for p in info2.value.problems}
    assert fields2 == {"stages[1]", "recycle_rules[0].reason_code"}


def test_owner_recycle_trigger_and_unknown_keys() -> None:
    with pytest.raises(ValidationError, match="owner"):
        LifecycleStage("MQL", owner="finance")
    with pytest.raises(ValidationError, match="when"):
        RecycleRule("someday")
    with pytest.raises(ValidationError) as info:
        Definitions.from_dict({"thresholds": 5})
    assert info.value.problems[0].field == "thresholds"
    with pytest.raises(ValidationError) as info2:
        Definitions.from_dict({"behaviour": [{"event": "x", "points": 5, "within_days": 0}]})
    assert info2.value.problems[0].field == "behaviour[0].within_days"


def test_event_names_from_crm_columns_agree() -> None:
    assert event_key("Webinars Attended") == event_key("Webinar Attended") == "webinar_attended"
    assert event_key("Pricing Page Views") == "pricing_page_view"
    assert event_key("Demo request") == "demo_request"
    assert event_key("Status") == "status"  # words ending in -us, -ss, -is are left alone
    assert BehaviourCriterion("Pricing Page Views", points=5).event == "pricing_page_view"


def test_examples_accept_dicts_and_round_trip() -> None:
    example = Example(
        "VP", expect="sql", fields={"Seniority": "VP"}, events={"Demo Requests": {"count": 1, "days_ago": 2}}
    )
    assert example.fields == (("seniority", "VP"),)
    assert example.events == (("demo_request", EventFact(1, 2.0)),)
    assert Example.from_dict(example.to_dict()) == example
    with pytest.raises(ValidationError, match="expect"):
        Example("x", expect="maybe")


def test_sample_examples_all_pass(sample_plan: Plan) -> None:
    results = check_examples(sample_plan.definitions)
    assert len(results) == 5
    assert all(r.passed for r in results), [r for r in results if not r.passed]


def test_raising_the_mql_threshold_breaks_an_example(sample_plan: Plan) -> None:
    """The analytics manager scores 20 (200-999 staff) + 10 (Software) + 5 (Germany) + 10 (Manager)
    + 10 ("Analytics" in the title) + 15 (one webinar, 0 days ago, no decay yet) = 70 points:
    an MQL at a threshold of 50, no longer at 75."""
    stricter = replace(sample_plan.definitions, mql_threshold=75.0)
    results = {r.name: r for r in check_examples(stricter)}
    broken = results["Analytics manager at a mid-size software firm, one webinar"]
    assert not broken.passed
    assert broken.score == pytest.approx(70.0)
    assert broken.level == "not qualified"
    assert any("score 70" in reason for reason in broken.reasons)


def test_example_explains_disqualifiers_and_fast_lane() -> None:
    definitions = Definitions(
        fit=(FitCriterion("seniority", "equals", ("VP",), 30),),
        disqualifiers=(Disqualifier("email", "ends_with", ("@gmail.com",), reason="Free e-mail"),),
        mql_threshold=30,
        sql_threshold=60,
        fast_lane_events=("demo_request",),
        examples=(
            Example("free mail VP", "not_qualified", fields={"seniority": "VP", "email": "a@gmail.com"}),
            Example("hand-raiser", "sql", events={"demo_request": {"count": 1, "days_ago": 0}}),
        ),
    )
    free, raiser = check_examples(definitions)
    assert free.passed and "disqualified: Free e-mail" in free.reasons
    assert raiser.passed and raiser.level == "SQL" and raiser.score == 0
    assert any("fast lane" in r for r in raiser.reasons)


def test_text_forms_read_back_what_they_show() -> None:
    from slaplanner.plan.definitions import (
        events_from_text,
        events_text,
        fields_from_text,
        fields_text,
        values_from_text,
        values_text,
    )

    assert values_from_text("in", "Retail; Banking, ") == ("Retail", "Banking")
    assert values_from_text("between", "200, 999") == (200.0, 999.0)
    assert values_text((200.0, 999.0)) == "200, 999"
    with pytest.raises(ValidationError) as info:
        values_from_text("gte", "many")
    assert info.value.problems[0].field == "values"
    pairs = fields_from_text("industry=Retail; seniority: VP")
    assert pairs == (("industry", "Retail"), ("seniority", "VP"))
    assert fields_from_text(fields_text(pairs)) == pairs
    events = events_from_text("Pricing Page Views=2@3; demo_request=1")
    assert events == (("pricing_page_view", EventFact(2, 3.0)), ("demo_request", EventFact(1, 0.0)))
    assert events_from_text(events_text(events)) == events
    for bad in ("=2@3", "x=two"):
        with pytest.raises(ValidationError, match="event=count@days_ago"):
            events_from_text(bad)
    with pytest.raises(ValidationError, match="name=value"):
        fields_from_text("just words")


def test_sections_survive_a_slaplan_file(sample_plan: Plan, tmp_path) -> None:
    from slaplanner.storage import load_plan, save_plan

    path = tmp_path / "plan.slaplan"
    save_plan(sample_plan, path)
    loaded = load_plan(path)
    assert loaded.definitions == sample_plan.definitions
    assert loaded.engagement == sample_plan.engagement


def test_readable_labels_for_codes():
    from slaplanner.plan.definitions import (
        describe_behaviour,
        describe_criterion,
        event_label,
        outcome_label,
        recycle_trigger_label,
    )

    assert describe_criterion(FitCriterion("company_size", "gte", (1000.0,), points=25)) == "Company size ≥ 1,000"
    assert (
        describe_criterion(FitCriterion("company_size", "between", (50.0, 199.0))) == "Company size between 50 and 199"
    )
    assert (
        describe_criterion(FitCriterion("industry", "in", ("Retail", "Banking")))
        == "Industry is one of Retail, Banking"
    )
    assert describe_criterion(FitCriterion("job_title", "contains", ("data",))) == "Job title contains “data”"
    assert describe_criterion(FitCriterion("email", "is_blank")) == "E-mail is blank"
    assert event_label("pricing_page_view") == "Pricing page views"
    assert event_label("trade_show_visit") == "Trade show visit"
    assert describe_behaviour(BehaviourCriterion("pricing_page_view", points=5, min_count=2, within_days=30)) == (
        "Pricing page views at least 2× within 30 days"
    )
    assert outcome_label("not_qualified") == "Not qualified" and outcome_label("sql") == "SQL"
    assert recycle_trigger_label("closed_lost") == "Closed lost"


def test_a_semicolon_inside_an_example_value_round_trips():
    """Issue 17: a value with ';' ("VP; Data") once broke the Definitions page; it is written
    escaped (``\\;``) and read back as it was."""
    from slaplanner.plan.definitions import fields_from_text, fields_text

    pairs = (("job_title", "VP; Data & Analytics"), ("note", "back\\slash"), ("industry", "Retail"))
    text = fields_text(pairs)
    assert text == "job_title=VP\\; Data & Analytics; note=back\\\\slash; industry=Retail"
    assert fields_from_text(text) == pairs
