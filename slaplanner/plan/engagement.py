"""Rules of engagement: who owns a lead in each stage and what may happen to it there.

For each stage: the owner (marketing, sales or shared); which contacts are allowed
(marketing nurture email, sales touches); the actions at hand-off, when a lead enters the
stage (e.g. ``stop_nurture``); recycling back to marketing after N days without a sales
contact; and an SLA clock (hours) with whom to escalate to when it runs out.
:mod:`slaplanner.engine.conflicts` checks the rules against each other and the commitments.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from slaplanner.errors import ValidationError
from slaplanner.plan.definitions import OWNERS
from slaplanner.plan.labels import code_of, join_labels, label_of, split_list
from slaplanner.plan.validation import Collector, check_choice, check_number, check_text, record_from_dict

#: What can happen when a lead enters a stage (stored code -> how a user reads it; no commas in the words:
#: a list of them is typed separated by commas).
HANDOFF_ACTION_LABELS: dict[str, str] = {
    "stop_nurture": "Stop nurture emails",  # marketing nurture emails stop
    "start_nurture": "Start nurture emails",  # the lead (re)joins a nurture programme
    "notify_owner": "Notify the owner",  # the new owner is alerted
    "assign_owner": "Assign an owner",  # an owner is assigned (round robin, territory)
    "create_task": "Create a follow-up task",  # a follow-up task is created
    "send_buyer_insight": "Send marketing's insight to sales",  # marketing's context on the lead goes to sales
}
HANDOFF_ACTIONS = tuple(HANDOFF_ACTION_LABELS)
MAX_DAYS = 365.0
MAX_HOURS = 24.0 * 90


@dataclass(frozen=True)
class StageRule:
    """The rules for one stage. ``owner`` may be empty (the checker flags it).

    ``recycle_after_days`` 0 means never recycled; ``sla_clock_hours`` 0 means no clock;
    ``escalate_to`` is who is alerted when the clock runs out (a role or person).
    """

    stage: str
    owner: str = ""
    nurture_email: bool = False
    sales_touches: bool = False
    handoff_actions: tuple[str, ...] = ()
    recycle_after_days: float = 0.0
    sla_clock_hours: float = 0.0
    escalate_to: str = ""

    def __post_init__(self) -> None:
        c = Collector()
        set_ = object.__setattr__
        set_(self, "stage", c.check(check_text, "stage", self.stage, max_length=40, default=""))
        if self.owner != "":
            c.check(check_choice, "owner", self.owner, OWNERS, default="")
        for name in ("nurture_email", "sales_touches"):
            if not isinstance(getattr(self, name), bool):
                c.add(name, getattr(self, name), "allowed: true or false")
        actions = (
            tuple(self.handoff_actions) if isinstance(self.handoff_actions, (list, tuple)) else (self.handoff_actions,)
        )
        for i, action in enumerate(actions):
            c.check(check_choice, f"handoff_actions[{i}]", action, HANDOFF_ACTIONS, default="")
        # (a value that is not text was named above; it cannot be de-duplicated, so it is left out here)
        set_(self, "handoff_actions", tuple(dict.fromkeys(a for a in actions if isinstance(a, str))))
        set_(
            self,
            "recycle_after_days",
            c.check(check_number, "recycle_after_days", self.recycle_after_days, 0.0, MAX_DAYS, default=0.0),
        )
        set_(
            self,
            "sla_clock_hours",
            c.check(check_number, "sla_clock_hours", self.sla_clock_hours, 0.0, MAX_HOURS, default=0.0),
        )
        set_(
            self,
            "escalate_to",
            c.check(check_text, "escalate_to", self.escalate_to, required=False, max_length=80, default=""),
        )
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["handoff_actions"] = list(self.handoff_actions)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> StageRule:
        return record_from_dict(cls, data, "a stage rule", {f.name for f in fields(cls)})


@dataclass(frozen=True)
class RulesOfEngagement:
    """The stage rules of the SLA, at most one per stage (names compared without case)."""

    stages: tuple[StageRule, ...] = ()

    def __post_init__(self) -> None:
        c = Collector()
        rules = tuple(self.stages)
        seen: list[str] = []
        for i, rule in enumerate(rules):
            if not isinstance(rule, StageRule):
                c.add(f"stages[{i}]", rule, "allowed: a stage rule")
                continue
            if rule.stage.casefold() in seen:
                c.add(f"stages[{i}].stage", rule.stage, "allowed: a stage no other rule is for")
            seen.append(rule.stage.casefold())
        object.__setattr__(self, "stages", rules)
        c.raise_if_any()

    @property
    def is_empty(self) -> bool:
        return not self.stages

    def rule_for(self, stage: str) -> StageRule | None:
        """The rule for ``stage``, or None."""
        for rule in self.stages:
            if rule.stage.casefold() == stage.casefold():
                return rule
        return None

    def to_dict(self) -> dict[str, Any]:
        return {"stages": [r.to_dict() for r in self.stages]}

    @classmethod
    def from_dict(cls, data: Any) -> RulesOfEngagement:
        if not isinstance(data, dict):
            raise ValidationError.single("", data, "allowed: an object with the rules of engagement")
        c = Collector()
        for key in sorted(set(data) - {"stages"}):
            c.add(key, data[key], "allowed: no such field in the rules of engagement")
        raw = data.get("stages", [])
        rules = []
        if not isinstance(raw, list):
            c.add("stages", raw, "allowed: a list of stage rules")
            raw = []
        for i, item in enumerate(raw):
            with c.field(f"stages[{i}]."):
                rules.append(StageRule.from_dict(item))
        c.raise_if_any()
        return cls(tuple(rules))


def handoff_action_label(code: str) -> str:
    """``notify_owner`` -> ``Notify the owner``."""
    return label_of(HANDOFF_ACTION_LABELS, code)


def handoff_actions_text(codes: tuple[str, ...]) -> str:
    """Hand-off actions as a user reads them, separated by commas."""
    return join_labels(HANDOFF_ACTION_LABELS, codes)


def handoff_actions_from_text(text: str) -> tuple[str, ...]:
    """The codes of the hand-off actions typed or chosen (their words or codes, separated by commas).

    Raises:
        ValidationError: on ``handoff_actions`` for words that are no hand-off action.
    """
    codes = []
    for part in split_list(text):
        code = code_of(HANDOFF_ACTION_LABELS, part)
        if code is None:
            allowed = "allowed: " + ", ".join(HANDOFF_ACTION_LABELS.values())
            raise ValidationError.single("handoff_actions", part, allowed)
        codes.append(code)
    return tuple(dict.fromkeys(codes))
