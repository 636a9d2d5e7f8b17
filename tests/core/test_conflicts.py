"""The conflict checker: every kind of conflict it knows, on the sample plan made to conflict."""

from __future__ import annotations

from dataclasses import replace

import pytest

from slaplanner.engine.conflicts import KINDS, Conflict, check_conflicts, conflicts_for_stage
from slaplanner.errors import ValidationError
from slaplanner.plan.commitments import Commitments, ResponseCommitment, SqlCommitment
from slaplanner.plan.definitions import Definitions, LifecycleStage, RecycleRule
from slaplanner.plan.engagement import RulesOfEngagement, StageRule
from slaplanner.plan.model import Plan

HOT = ResponseCommitment(tier="Hot", first_touch_minutes=60, touches=6, touch_days=10, accept_within_hours=24)


def with_rule(plan: Plan, stage: str, **changes: object) -> Plan:
    rules = tuple(replace(r, **changes) if r.stage == stage else r for r in plan.engagement.stages)
    return replace(plan, engagement=RulesOfEngagement(rules))


def kinds(plan: Plan) -> list[tuple[str, str]]:
    return [(c.kind, c.stage) for c in check_conflicts(plan)]


@pytest.fixture
def plan(sample_plan: Plan) -> Plan:
    """The sample plan with one response tier that fits its rules: no conflicts."""
    return replace(sample_plan, commitments=Commitments(response=(HOT,)))


def test_sample_plan_has_no_conflicts(sample_plan: Plan, plan: Plan) -> None:
    assert check_conflicts(sample_plan) == ()
    assert check_conflicts(plan) == ()


def test_stage_with_no_rule_or_no_owner(plan: Plan) -> None:
    no_rule = replace(
        plan, engagement=RulesOfEngagement(tuple(r for r in plan.engagement.stages if r.stage != "Opportunity"))
    )
    assert kinds(no_rule) == [("no_owner", "Opportunity")]
    no_owner = with_rule(plan, "Won", owner="")
    (conflict,) = check_conflicts(no_owner)
    assert conflict.kind == "no_owner" and conflict.rule == "owner"
    assert "belong to nobody" in conflict.message
    assert "no rule says who owns" in check_conflicts(no_rule)[0].message
    # A plan with no rules at all: every stage lacks an owner.
    bare = replace(plan, engagement=RulesOfEngagement(), definitions=Definitions(), commitments=Commitments())
    assert kinds(bare) == [("no_owner", s) for s in plan.stages]


def test_rule_for_a_stage_the_plan_lacks_is_refused_when_built(plan: Plan) -> None:
    """A rule for a stage the plan does not have is not a conflict to list: the plan refuses it."""
    extra = StageRule("Nurture", owner="marketing", nurture_email=True)
    with pytest.raises(ValidationError) as caught:
        replace(plan, engagement=RulesOfEngagement((*plan.engagement.stages, extra)))
    (problem,) = caught.value.problems
    assert (problem.field, problem.kind) == ("engagement.stages[6].stage", "unknown_reference")
    assert problem.value == "Nurture"


def test_nurture_and_sales_allowed_in_one_stage(plan: Plan) -> None:
    """Nurture allowed in SQL also runs on into Opportunity and Won, where nothing stops it."""
    both = with_rule(plan, "SQL", nurture_email=True)
    conflict, carried, carried_on = check_conflicts(both)
    assert carried_on.stage == "Won"
    assert (conflict.kind, conflict.stage, conflict.rule) == ("nurture_overlap", "SQL", "nurture_email")
    assert "same day" in conflict.message
    assert (carried.kind, carried.stage, carried.rule) == ("nurture_overlap", "Opportunity", "handoff_actions")
    assert "started in SQL" in carried.message


def test_nurture_never_stopped_before_sales_touches(plan: Plan) -> None:
    """Nurture starts in Lead; SAL is the first stage with sales touches. Without 'stop_nurture' on
    entering SAL the nurture still runs there (SQL stops it, so only SAL conflicts)."""
    not_stopped = with_rule(plan, "SAL", handoff_actions=("create_task",))
    (conflict,) = check_conflicts(not_stopped)
    assert (conflict.kind, conflict.stage, conflict.rule) == ("nurture_overlap", "SAL", "handoff_actions")
    assert "started in Lead" in conflict.message and "stop_nurture" in conflict.message


def test_clocks_with_nobody_to_escalate_to(plan: Plan) -> None:
    """MQL has a 24-hour clock and the acceptance window; SQL carries the first-touch promise."""
    mql = with_rule(plan, "MQL", escalate_to="")
    found = check_conflicts(mql)
    assert [(c.kind, c.stage, c.rule) for c in found] == [
        ("clock_without_escalation", "MQL", "escalate_to"),
        ("clock_without_escalation", "MQL", "definitions.acceptance_window_hours"),
    ]
    assert "24 hours" in found[0].message
    sql = with_rule(plan, "SQL", escalate_to="")
    (conflict,) = check_conflicts(sql)
    assert (conflict.kind, conflict.stage, conflict.rule) == ("clock_without_escalation", "SQL", "commitments.response")
    assert "Hot (60 min)" in conflict.message


def test_recycle_before_the_cadence_can_finish(plan: Plan) -> None:
    """SAL recycles after 7 days; tier Hot's 6 touches take 10 days: 7 < 10."""
    early = with_rule(plan, "SAL", recycle_after_days=7)
    (conflict,) = check_conflicts(early)
    assert (conflict.kind, conflict.stage, conflict.rule) == ("recycle_before_cadence", "SAL", "recycle_after_days")
    assert "after 7 days" in conflict.message and "runs 10 days" in conflict.message
    # Exactly as long as the cadence is fine.
    assert check_conflicts(with_rule(plan, "SAL", recycle_after_days=10)) == ()


def test_recycle_before_the_stages_own_clock_or_acceptance_window(plan: Plan) -> None:
    """MQL's clock is 24 h and the acceptance window 48 h; recycling MQLs after 0.5 day (12 h) beats both."""
    early = with_rule(plan, "MQL", recycle_after_days=0.5)
    found = [(c.kind, c.stage) for c in check_conflicts(early)]
    assert found == [("recycle_before_cadence", "MQL"), ("recycle_before_cadence", "MQL")]
    messages = " ".join(c.message for c in check_conflicts(early))
    assert "SLA clock of 24 hours" in messages and "acceptance window of 48 hours" in messages


def test_commitments_that_contradict_each_other(plan: Plan) -> None:
    cases: list[tuple[Plan, str, str]] = [
        (
            replace(
                plan,
                definitions=replace(plan.definitions, acceptance_window_hours=24),
                commitments=Commitments(response=(replace(HOT, accept_within_hours=48),)),
            ),
            "commitments.response[Hot].accept_within_hours",
            "48 hours to accept or reject, longer than the 24",
        ),
        (
            replace(plan, commitments=Commitments(response=(replace(HOT, touch_days=0),))),
            "commitments.response[Hot]",
            "6 touches within 0 days",
        ),
        (
            replace(plan, commitments=Commitments(response=(replace(HOT, first_touch_minutes=3000, touch_days=1),))),
            "commitments.response[Hot]",
            "after its whole cadence window",
        ),
        (with_rule(plan, "SQL", sla_clock_hours=2), "sla_clock_hours", "escalated late"),
        (
            replace(plan, commitments=Commitments(response=(HOT,), marketing=(SqlCommitment("Public sector", 40),))),
            "commitments.marketing[Public sector]",
            "no lead source is in that segment",
        ),
    ]
    for changed, rule, words in cases:
        found = [c for c in check_conflicts(changed) if c.kind == "contradiction"]
        assert [c.rule for c in found] == [rule], rule
        assert words in found[0].message


def test_definitions_that_contradict_the_rules_or_the_plan(plan: Plan) -> None:
    stages = tuple(replace(s, owner="shared") if s.name == "SAL" else s for s in plan.definitions.stages)
    owners = replace(plan, definitions=replace(plan.definitions, stages=stages))
    (conflict,) = check_conflicts(owners)
    assert (conflict.kind, conflict.stage) == ("contradiction", "SAL")
    assert "to shared" in conflict.message and "to sales" in conflict.message

    recycle = (*plan.definitions.recycle_rules, RecycleRule("closed_lost", to_stage="Nurture"))
    with pytest.raises(ValidationError) as caught:
        replace(plan, definitions=replace(plan.definitions, recycle_rules=recycle))
    assert [(p.field, p.kind) for p in caught.value.problems] == [
        ("definitions.recycle_rules[4].to_stage", "unknown_reference")
    ]
    with pytest.raises(ValidationError) as caught:
        replace(plan, definitions=replace(plan.definitions, sql_stage="Qualified"))
    assert [(p.field, p.kind) for p in caught.value.problems] == [("definitions.sql_stage", "unknown_reference")]


def test_every_kind_has_a_test() -> None:
    """The tests above cover each of these; a new kind must get one."""
    assert KINDS == (
        "no_owner",
        "nurture_overlap",
        "clock_without_escalation",
        "recycle_before_cadence",
        "contradiction",
    )


def test_conflicts_for_stage_and_text(plan: Plan) -> None:
    found = check_conflicts(with_rule(plan, "MQL", escalate_to=""))
    assert len(conflicts_for_stage(found, "mql")) == 2
    assert conflicts_for_stage(found, "SQL") == ()
    assert str(found[0]).startswith("[clock_without_escalation] stage MQL: ")
    assert Conflict("contradiction", "", "x.y", "why").to_dict()["rule"] == "x.y"


def test_stage_rules_are_validated() -> None:
    with pytest.raises(ValidationError) as info:
        RulesOfEngagement.from_dict({"stages": [{"stage": "MQL", "owner": "finance", "handoff_actions": ["wave"]}]})
    fields = {p.field for p in info.value.problems}
    assert fields == {"stages[0].owner", "stages[0].handoff_actions[0]"}
    with pytest.raises(ValidationError, match="no other rule"):
        RulesOfEngagement((StageRule("MQL"), StageRule("mql")))
    with pytest.raises(ValidationError, match="recycle_after_days"):
        StageRule("MQL", recycle_after_days=-1)
    rules = RulesOfEngagement((StageRule("MQL", "marketing", handoff_actions=("notify_owner",)),))
    assert RulesOfEngagement.from_dict(rules.to_dict()) == rules
    assert LifecycleStage("x").owner == "marketing"
