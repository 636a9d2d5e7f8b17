"""Into the plan: each source's volumes and rates taken from the scored history of its leads."""

from __future__ import annotations

import math
from dataclasses import replace

from slaplanner.engine.scoring.summary import ScoreSummary
from slaplanner.plan.model import LeadSource, Plan, RateRange


def wilson_interval(successes: int, trials: int, z: float = 1.6449) -> tuple[float, float, float]:
    """(low, rate, high): the observed rate and its Wilson score interval (90 % by default)."""
    if trials <= 0:
        raise ValueError("trials must be positive")
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return max(0.0, min(p, centre - half)), p, min(1.0, max(p, centre + half))


def _history_value(history: dict[str, int], month: str) -> float:
    same = sorted(m for m in history if m[5:] == month[5:])
    if not same:
        return float(sum(history.values()) / len(history)) if history else 0.0
    earlier = [m for m in same if m <= month]
    return float(history[(earlier or same)[-1]])


def plan_with_history(plan: Plan, summary: ScoreSummary, *, volumes: bool = True) -> Plan:
    """The plan with each source's volumes and rates taken from the scored history.

    For every plan source the export has leads for: monthly volumes are the lead counts of the
    same calendar month (the latest year of history on or before that plan month, else the
    latest year); each conversion rate is the observed rate with a 90 % Wilson interval as
    low/high (a transition with no leads above keeps the plan's rate). Sources the export
    lacks are left as they were. With ``volumes=False`` only the rates are taken and every
    source keeps its volumes (an export that covers part of the leads). Apply it as
    ``Edit((), new_plan)`` so it can be undone.
    """
    sources: list[LeadSource] = []
    for src in plan.sources:
        stages = summary.by_source.get(src.name)
        if stages is None or not any(stages[plan.stages[0]]):
            sources.append(src)
            continue
        lead_history = dict(zip(summary.months, stages[plan.stages[0]], strict=True))
        history = tuple(_history_value(lead_history, m) for m in plan.months)
        totals = [sum(stages[s]) for s in plan.stages]
        rates = []
        for i, old in enumerate(src.conversion):
            if totals[i] > 0:
                low, likely, high = wilson_interval(totals[i + 1], totals[i])
                rates.append(RateRange(round(low, 4), round(likely, 4), round(high, 4)))
            else:
                rates.append(old)
        if volumes:
            sources.append(replace(src, volume_mode="monthly", monthly_leads=history, conversion=tuple(rates)))
        else:
            sources.append(replace(src, conversion=tuple(rates)))
    return replace(plan, sources=tuple(sources))
