"""The conflict checker: where the rules of engagement, definitions and commitments collide.

:func:`check_conflicts` returns one :class:`Conflict` per problem, each with its kind, the
stage it concerns (when there is one), the rule it concerns and an explanation a user can act
on. The kinds:

* ``no_owner`` - a plan stage with no rule or a rule with no owner;
* ``nurture_overlap`` - a stage where marketing nurture and sales touches can both reach the
  lead (both allowed, or nurture started earlier and never stopped at a hand-off);
* ``clock_without_escalation`` - an SLA clock (a stage's clock, the acceptance window, a
  first-touch promise) that runs out with nobody to escalate to;
* ``recycle_before_cadence`` - a stage recycles the lead before the follow-up cadence (or the
  stage's own clock, or the acceptance window) can finish;
* ``contradiction`` - commitments that contradict each other or the plan.

A rule for a stage the plan does not have, or definitions that qualify leads to one, are not
conflicts: the plan refuses them when it is built (:class:`~slaplanner.plan.model.Plan`).
"""

from __future__ import annotations

from dataclasses import dataclass

from slaplanner.plan.commitments import ResponseCommitment
from slaplanner.plan.model import Plan

KINDS = (
    "no_owner",
    "nurture_overlap",
    "clock_without_escalation",
    "recycle_before_cadence",
    "contradiction",
)


@dataclass(frozen=True)
class Conflict:
    """One conflict: ``kind`` (see :data:`KINDS`), the ``stage`` and ``rule`` it concerns, why."""

    kind: str
    stage: str
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"stage {self.stage}" if self.stage else self.rule
        return f"[{self.kind}] {where}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "stage": self.stage, "rule": self.rule, "message": self.message}


def _g(x: float) -> str:
    return f"{x:g}"


def _sales_stage(plan: Plan) -> str | None:
    """The stage whose leads the first-touch promises are about: the SQL stage, else the first sales stage."""
    names = {s.casefold(): s for s in plan.stages}
    if plan.definitions.sql_stage.casefold() in names:
        return names[plan.definitions.sql_stage.casefold()]
    for stage in plan.stages:
        rule = plan.engagement.rule_for(stage)
        if rule is not None and rule.owner == "sales":
            return stage
    return None


def _owners(plan: Plan) -> list[Conflict]:
    out: list[Conflict] = []
    for stage in plan.stages:
        rule = plan.engagement.rule_for(stage)
        if rule is None:
            out.append(
                Conflict(
                    "no_owner",
                    stage,
                    "engagement.stages",
                    f"no rule says who owns leads in {stage}; add a rule with an owner (marketing, sales or shared)",
                )
            )
        elif not rule.owner:
            out.append(
                Conflict(
                    "no_owner", stage, "owner", f"the rule for {stage} names no owner: leads there belong to nobody"
                )
            )
    return out


def _nurture(plan: Plan) -> list[Conflict]:
    out: list[Conflict] = []
    nurtured_in: str | None = None
    for stage in plan.stages:
        rule = plan.engagement.rule_for(stage)
        if rule is None:
            continue
        if "stop_nurture" in rule.handoff_actions:
            nurtured_in = None
        if "start_nurture" in rule.handoff_actions and nurtured_in is None:
            nurtured_in = stage
        if rule.sales_touches and rule.nurture_email:
            out.append(
                Conflict(
                    "nurture_overlap",
                    stage,
                    "nurture_email",
                    f"in {stage} both marketing nurture emails and sales touches are allowed: "
                    "the lead can get a nurture email and a sales call on the same day",
                )
            )
        elif rule.sales_touches and nurtured_in is not None:
            out.append(
                Conflict(
                    "nurture_overlap",
                    stage,
                    "handoff_actions",
                    f"nurture started in {nurtured_in} is never stopped before {stage}, where sales "
                    f"touches the lead; add 'stop_nurture' to the hand-off actions of {stage}",
                )
            )
        if rule.nurture_email and nurtured_in is None:
            nurtured_in = stage
    return out


def _clocks(plan: Plan) -> list[Conflict]:
    out: list[Conflict] = []
    for rule in plan.engagement.stages:
        if rule.sla_clock_hours > 0 and not rule.escalate_to:
            out.append(
                Conflict(
                    "clock_without_escalation",
                    rule.stage,
                    "escalate_to",
                    f"{rule.stage} has an SLA clock of {_g(rule.sla_clock_hours)} hours but nobody "
                    "to escalate to when it runs out; set escalate_to",
                )
            )
    definitions = plan.definitions
    if not definitions.is_empty:
        mql = next((s for s in plan.stages if s.casefold() == definitions.mql_stage.casefold()), None)
        mql_rule = plan.engagement.rule_for(mql) if mql else None
        if mql and (mql_rule is None or not mql_rule.escalate_to):
            out.append(
                Conflict(
                    "clock_without_escalation",
                    mql,
                    "definitions.acceptance_window_hours",
                    f"sales must accept or reject each {mql} within "
                    f"{_g(definitions.acceptance_window_hours)} hours, but the rule for {mql} "
                    "escalates to nobody when that window runs out",
                )
            )
    sales = _sales_stage(plan)
    if plan.commitments.response and sales:
        sales_rule = plan.engagement.rule_for(sales)
        if sales_rule is None or not sales_rule.escalate_to:
            tiers = ", ".join(f"{t.tier} ({_g(t.first_touch_minutes)} min)" for t in plan.commitments.response)
            out.append(
                Conflict(
                    "clock_without_escalation",
                    sales,
                    "commitments.response",
                    f"sales promises a first touch on {sales}s within a time limit ({tiers}), "
                    f"but the rule for {sales} escalates to nobody when it is missed",
                )
            )
    return out


def _recycling(plan: Plan) -> list[Conflict]:
    out: list[Conflict] = []
    sales = _sales_stage(plan)
    for rule in plan.engagement.stages:
        days = rule.recycle_after_days
        if days <= 0:
            continue
        if rule.sales_touches or rule.stage == sales:
            for tier in plan.commitments.response:
                if tier.touches > 0 and tier.touch_days > days:
                    out.append(
                        Conflict(
                            "recycle_before_cadence",
                            rule.stage,
                            "recycle_after_days",
                            f"{rule.stage} recycles leads after {_g(days)} days without a sales contact, "
                            f"but tier {tier.tier}'s cadence of {tier.touches} touches runs "
                            f"{_g(tier.touch_days)} days: the lead leaves before the cadence ends",
                        )
                    )
        if rule.sla_clock_hours > days * 24:
            out.append(
                Conflict(
                    "recycle_before_cadence",
                    rule.stage,
                    "recycle_after_days",
                    f"{rule.stage} recycles after {_g(days)} days, before its own SLA clock of "
                    f"{_g(rule.sla_clock_hours)} hours runs out",
                )
            )
        if (
            not plan.definitions.is_empty
            and rule.stage.casefold() == plan.definitions.mql_stage.casefold()
            and plan.definitions.acceptance_window_hours > days * 24
        ):
            out.append(
                Conflict(
                    "recycle_before_cadence",
                    rule.stage,
                    "recycle_after_days",
                    f"{rule.stage} recycles after {_g(days)} days, before sales' acceptance window of "
                    f"{_g(plan.definitions.acceptance_window_hours)} hours ends",
                )
            )
    return out


def _tier_contradictions(tier: ResponseCommitment) -> list[Conflict]:
    out: list[Conflict] = []
    name = f"commitments.response[{tier.tier}]"
    if tier.touches > 1 and tier.touch_days == 0:
        out.append(
            Conflict("contradiction", "", name, f"tier {tier.tier} promises {tier.touches} touches within 0 days")
        )
    elif tier.touches > 0 and tier.first_touch_minutes > tier.touch_days * 24 * 60 > 0:
        out.append(
            Conflict(
                "contradiction",
                "",
                name,
                f"tier {tier.tier}'s first touch ({_g(tier.first_touch_minutes)} min) comes after its "
                f"whole cadence window ({_g(tier.touch_days)} days)",
            )
        )
    return out


def _contradictions(plan: Plan) -> list[Conflict]:
    out: list[Conflict] = []
    definitions = plan.definitions
    for tier in plan.commitments.response:
        out.extend(_tier_contradictions(tier))
        if not definitions.is_empty and tier.accept_within_hours > definitions.acceptance_window_hours:
            out.append(
                Conflict(
                    "contradiction",
                    "",
                    f"commitments.response[{tier.tier}].accept_within_hours",
                    f"tier {tier.tier} gives sales {_g(tier.accept_within_hours)} hours to accept or "
                    f"reject, longer than the {_g(definitions.acceptance_window_hours)} hours the definitions allow",
                )
            )
    sales = _sales_stage(plan)
    rule = plan.engagement.rule_for(sales) if sales else None
    if rule is not None and rule.sla_clock_hours > 0:
        for tier in plan.commitments.response:
            if rule.sla_clock_hours * 60 > tier.first_touch_minutes:
                out.append(
                    Conflict(
                        "contradiction",
                        rule.stage,
                        "sla_clock_hours",
                        f"{rule.stage} escalates after {_g(rule.sla_clock_hours)} hours, but tier "
                        f"{tier.tier} promises a first touch within {_g(tier.first_touch_minutes)} "
                        "minutes: a missed promise is escalated late",
                    )
                )
    for stage in definitions.stages:
        if (
            (engagement_rule := plan.engagement.rule_for(stage.name))
            and engagement_rule.owner
            and (engagement_rule.owner != stage.owner)
        ):
            out.append(
                Conflict(
                    "contradiction",
                    stage.name,
                    "owner",
                    f"the definitions give {stage.name} to {stage.owner}, the rules of engagement "
                    f"to {engagement_rule.owner}",
                )
            )
    segments = {s.casefold() for s in plan.segments}
    for promise in plan.commitments.marketing:
        if promise.segment.casefold() not in segments:
            out.append(
                Conflict(
                    "contradiction",
                    "",
                    f"commitments.marketing[{promise.segment}]",
                    f"marketing promises {_g(promise.sqls_per_month)} SQLs a month for segment "
                    f"{promise.segment}, but no lead source is in that segment",
                )
            )
    return out


def check_conflicts(plan: Plan) -> tuple[Conflict, ...]:
    """Every conflict in ``plan``'s rules of engagement, definitions and commitments, in plan order."""
    found = _owners(plan) + _nurture(plan) + _clocks(plan) + _recycling(plan) + _contradictions(plan)
    order = {s.casefold(): i for i, s in enumerate(plan.stages)}
    return tuple(sorted(found, key=lambda c: (KINDS.index(c.kind), order.get(c.stage.casefold(), len(order)))))


def conflicts_for_stage(conflicts: tuple[Conflict, ...], stage: str) -> tuple[Conflict, ...]:
    """The conflicts that concern ``stage`` (for showing beside a stage row)."""
    return tuple(c for c in conflicts if c.stage.casefold() == stage.casefold())


__all__ = ["KINDS", "Conflict", "check_conflicts", "conflicts_for_stage"]
