"""The definition's example leads, scored as of the day they describe, with the reasons."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from slaplanner.engine.scoring.table import LeadColumns, score_table
from slaplanner.imports.leads import LeadTable
from slaplanner.plan.definitions import Definitions, Example, describe_behaviour, describe_criterion, hand_raise_label

LEVELS = ("not qualified", "MQL", "SQL")
EXAMPLE_DAY = np.datetime64("2026-01-01", "D")


@dataclass(frozen=True)
class ExampleResult:
    """How one example lead came out: ``passed`` when it matched ``expect``; ``reasons`` explains."""

    name: str
    expect: str
    passed: bool
    level: str
    score: float
    reasons: tuple[str, ...]
    #: The hand-raise events that made it an SQL when its score alone did not (the fast lane).
    hand_raise: tuple[str, ...] = ()

    def outcome(self) -> str:
        """What the definition gives, as a user reads it: ``MQL (score 70)``, ``Not qualified
        (score 15)``, or ``SQL (demo request — fast lane)`` when a hand-raise made it an SQL."""
        if self.level == "SQL" and self.hand_raise:
            return f"SQL ({', '.join(hand_raise_label(e) for e in self.hand_raise)} — fast lane)"
        level = self.level[:1].upper() + self.level[1:]
        return f"{level} (score {self.score:.0f})"


def _example_table(examples: tuple[Example, ...]) -> LeadTable:
    from slaplanner.imports.leads import table_from_records

    records: list[dict[str, Any]] = []
    for ex in examples:
        record: dict[str, Any] = dict(ex.fields)
        record["events"] = {
            key: (fact.count, str(EXAMPLE_DAY - np.timedelta64(math.ceil(fact.days_ago), "D")))
            for key, fact in ex.events
        }
        record["created"] = str(EXAMPLE_DAY)
        records.append(record)
    # The table holds whole days: a fractional ``days_ago`` is rounded up (read as older).
    return table_from_records(records, created=str(EXAMPLE_DAY))


def check_examples(definitions: Definitions) -> tuple[ExampleResult, ...]:
    """Score every example lead of ``definitions`` and say whether it came out as expected.

    Examples are judged as of the day they describe (``days_ago`` counts back from it).
    """
    examples = definitions.examples
    if not examples:
        return ()
    table = _example_table(examples)
    scored = score_table(table, definitions, as_of=EXAMPLE_DAY, detail=True)
    assert scored.points is not None
    labels = [f"fit: {describe_criterion(c)}" for c in definitions.fit] + [
        f"behaviour: {describe_behaviour(b)}" for b in definitions.behaviour
    ]
    columns = LeadColumns(table)
    disq = [columns.match(d) for d in definitions.disqualifiers]
    results = []
    for i, ex in enumerate(examples):
        level = int(scored.level[i])
        passed = {"sql": level == 2, "mql": level >= 1, "not_qualified": level == 0}[ex.expect]
        reasons = [f"{labels[k]}: {scored.points[k, i]:+g} points" for k in range(len(labels)) if scored.points[k, i]]
        reasons.append(
            f"score {scored.score[i]:g} (MQL at {definitions.mql_threshold:g}, SQL at {definitions.sql_threshold:g})"
        )
        hand_raise: tuple[str, ...] = ()
        if scored.fast_lane[i]:
            lane = {e.casefold() for e in definitions.fast_lane_events}
            hand_raise = tuple(k for k, fact in ex.events if k.casefold() in lane and fact.count > 0)
            reasons.append("fast lane: a hand-raise event makes it an SQL")
        for d, hit in zip(definitions.disqualifiers, disq, strict=True):
            if hit[i]:
                reasons.append(f"disqualified: {d.reason or describe_criterion(d)}")
        results.append(
            ExampleResult(
                name=ex.name,
                expect=ex.expect,
                passed=bool(passed),
                level=LEVELS[level],
                score=float(scored.score[i]),
                reasons=tuple(reasons),
                hand_raise=hand_raise if level == 2 and scored.score[i] < definitions.sql_threshold else (),
            )
        )
    return tuple(results)
