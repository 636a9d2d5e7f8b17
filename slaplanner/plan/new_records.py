"""What a record the user adds starts as: a new lead source, a starting team, a new row of the
definitions, the rule of a stage that had none.

Editors ask these functions instead of writing defaults of their own, so a new record looks
the same wherever it is added (the window, the command line, an import).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slaplanner.plan.definitions import (
    BehaviourCriterion,
    Definitions,
    Disqualifier,
    Example,
    FitCriterion,
    LifecycleStage,
    RecycleRule,
    RejectionReason,
)
from slaplanner.plan.engagement import RulesOfEngagement, StageRule
from slaplanner.plan.model import LeadSource, Plan, RateRange
from slaplanner.plan.team import WEEKDAYS, Role, Team, WorkCalendar

#: The sections of :class:`~slaplanner.plan.definitions.Definitions` that are lists of records.
DEFINITION_SECTIONS = (
    "fit",
    "behaviour",
    "disqualifiers",
    "examples",
    "stages",
    "rejection_reasons",
    "recycle_rules",
)


def unique_name(base: str, taken: set[str]) -> str:
    """``base 1``, ``base 2`` ...: the first that is not in ``taken`` (casefolded names)."""
    n = 1
    while f"{base} {n}".casefold() in taken:
        n += 1
    return f"{base} {n}"


def new_lead_source(plan: Plan, like: LeadSource | None = None) -> LeadSource:
    """A new source named so no other has its name, 100 leads a month, with the segment and the
    rates of ``like`` (or "General" and 50 % at every stage)."""
    rates = like.conversion if like is not None else tuple(RateRange.exact(0.5) for _ in plan.stages[1:])
    return LeadSource(
        name=unique_name("New source", {s.name.casefold() for s in plan.sources}),
        segment=like.segment if like else "General",
        channel="",
        volume_mode="baseline",
        baseline=100.0,
        conversion=rates,
    )


def default_team() -> Team:
    """A starting point: 4 SDRs and 8 AEs, New York, Monday to Friday 9-17."""
    calendar = WorkCalendar("America/New_York", tuple((d, 9.0, 17.0) for d in WEEKDAYS[:5]), ())
    return Team(
        roles=(
            Role("SDR", "SDR team", headcount=(4,), ramp_months=2, shrinkage=0.3, calendar=calendar),
            Role("AE", "Account executives", headcount=(8,), ramp_months=3, shrinkage=0.25, calendar=calendar),
        ),
        lead_time_zone="America/New_York",
    )


def new_sdr_team(team: Team, segments: tuple[str, ...]) -> Role:
    """Another SDR team (a second region): named so no role has its name, one person, with the first
    SDR team's calendar and assumptions. Where a team already takes every segment not routed
    elsewhere, the new team takes the last of ``segments`` that team works (so routing stays
    complete); otherwise it is that team itself. ``segments`` are the plan's segments."""
    like = team.sdr_teams[0] if team.sdr_teams else default_team().roles[0]
    name = unique_name("SDR team", {r.name.casefold() for r in team.roles})
    default = next((r for r in team.sdr_teams if not r.segments), None)
    taken: tuple[str, ...] = ()
    if default is not None:
        rest = [s for s in segments if team.sdr_team_for(s) is default]
        taken = (rest[-1],) if rest else ()  # none left: the team refuses a second team without segments
    return replace(like, name=name, headcount=(1,), segments=taken)


def new_definition_record(section: str, plan: Plan) -> Any:
    """A sensible new row for one list of the plan's definitions (names kept unique).

    ``section`` is one of :data:`DEFINITION_SECTIONS`; KeyError otherwise.
    """
    definitions: Definitions = plan.definitions
    if section == "fit":
        return FitCriterion("industry", "in", ("Retail",), 10)
    if section == "behaviour":
        return BehaviourCriterion("pricing_page_view", points=10, min_count=1, within_days=30)
    if section == "disqualifiers":
        return Disqualifier("email", "ends_with", ("@gmail.com",), reason="Free e-mail domain")
    if section == "examples":
        return Example(unique_name("Example", {e.name.casefold() for e in definitions.examples}), "mql")
    if section == "stages":
        missing = [s for s in plan.stages if definitions.stage_named(s) is None]
        taken = {s.name.casefold() for s in definitions.stages}
        return LifecycleStage(missing[0] if missing else unique_name("Stage", taken), "marketing")
    if section == "rejection_reasons":
        return RejectionReason(unique_name("REASON", {r.code.casefold() for r in definitions.rejection_reasons}))
    if section == "recycle_rules":
        return RecycleRule("rejected", to_stage=plan.stages[0])
    raise KeyError(section)


def with_stage_rule(plan: Plan, stage: str, **changes: Any) -> RulesOfEngagement:
    """The plan's rules of engagement with ``changes`` made to the rule of ``stage``; a stage
    without a rule starts from the empty rule ``StageRule(stage)`` (validated when built)."""
    rules = plan.engagement
    old = rules.rule_for(stage)
    new_rule = replace(old or StageRule(stage), **changes)
    if old is None:
        return RulesOfEngagement((*rules.stages, new_rule))
    return RulesOfEngagement(tuple(new_rule if r is old else r for r in rules.stages))
