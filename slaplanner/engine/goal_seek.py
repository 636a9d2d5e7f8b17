"""Goal-seek: the leads a number of SQLs needs, and the SQLs the revenue goal needs.

* :func:`leads_for_sqls`: the leads per source, keeping each month's mix of sources, that give
  ``N`` SQLs every month at a rate level. A source's volume in a month is scaled by the month's
  factor ``N / planned SQLs``; sources become explicit monthly volumes (a baseline with
  seasonality cannot be scaled month by month otherwise).
* :func:`sqls_for_revenue_goal`: the SQLs a month the revenue goal needs (the reverse funnel's
  SQL row), as marketing's commitment split by segment in the plan's planned mix.
* :func:`split_commitment`: a monthly (or quarterly) total split by segment, rounded so the
  segments add up to the total shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from slaplanner.engine.funnel import Scenario, compute_funnel
from slaplanner.errors import Problem, ValidationError
from slaplanner.plan.commitments import SqlCommitment
from slaplanner.plan.model import MAX_LEADS_PER_MONTH, Plan
from slaplanner.plan.validation import check_choice, check_number


@dataclass(frozen=True)
class LeadsForSqls:
    """The plan with scaled lead volumes, and each month's factor (1.25: a quarter more leads)."""

    plan: Plan
    factors: tuple[float, ...]
    sqls_per_month: float


def _sql_index(plan: Plan) -> int:
    k = plan.sql_stage_index
    if k is None:
        allowed = f"allowed: a plan with the SQL stage the definitions name ({plan.definitions.sql_stage})"
        raise ValidationError([Problem("stages", ", ".join(plan.stages), allowed, "required")])
    return k


def leads_for_sqls(plan: Plan, sqls_per_month: float, scenario: Scenario = "likely") -> LeadsForSqls:
    """Scale every source's leads month by month so the plan yields ``sqls_per_month`` SQLs each month."""
    if (
        not isinstance(sqls_per_month, (int, float))
        or isinstance(sqls_per_month, bool)
        or not 0 < sqls_per_month <= 1e7
    ):
        allowed = "allowed: a number of SQLs a month above 0 and at most 10,000,000"
        raise ValidationError([Problem("sqls_per_month", sqls_per_month, allowed, "out_of_range", 0, 1e7, True)])
    k = _sql_index(plan)
    funnel = compute_funnel(plan, scenario)
    planned = funnel.forward[k]
    months = plan.months
    if any(v <= 0 for v in planned):
        empty = [m for m, v in zip(months, planned) if v <= 0]
        allowed = "allowed: a plan whose sources yield some SQLs every month (add leads or rates first)"
        raise ValidationError([Problem("sources", len(plan.sources), allowed, "required", months=tuple(empty))])
    factors = tuple(sqls_per_month / v for v in planned)
    sources = []
    for s in plan.sources:
        leads = s.leads(months)
        scaled = tuple(min(MAX_LEADS_PER_MONTH, round(v * f, 1)) for v, f in zip(leads, factors))
        sources.append(replace(s, volume_mode="monthly", monthly_leads=scaled))
    return LeadsForSqls(replace(plan, sources=tuple(sources)), factors, float(sqls_per_month))


def split_commitment(
    plan: Plan, total: float, *, per: str = "month", shares: dict[str, float] | None = None
) -> tuple[SqlCommitment, ...]:
    """Marketing's commitment of ``total`` SQLs a month (or a quarter: ``per="quarter"``, a
    third each month) split by segment: by ``shares`` (segment -> share, normalised), else by
    the plan's planned mix at the likely rates. Whole SQLs, rounded so they add up to the total."""
    check_choice("per", per, ("month", "quarter"))
    check_number("total", total, 0.0, 3e7)
    monthly = total / 3 if per == "quarter" else total
    segments = plan.segments
    if not segments:
        raise ValidationError([Problem("sources", 0, "allowed: a plan with lead sources (their segments)", "required")])
    if shares is None:
        k = _sql_index(plan)
        funnel = compute_funnel(plan, "likely")
        planned = {s: 0.0 for s in segments}
        for sf in funnel.by_source:
            planned[sf.segment] += sum(sf.counts[k])
        shares = planned
    weights = {s: max(0.0, float(shares.get(s, 0.0))) for s in segments}
    whole = sum(weights.values())
    if whole <= 0:
        weights = {s: 1.0 for s in segments}
        whole = float(len(segments))
    exact = {s: monthly * w / whole for s, w in weights.items()}
    target = round(monthly)
    floors = {s: int(v) for s, v in exact.items()}
    left = target - sum(floors.values())
    for s in sorted(segments, key=lambda s: exact[s] - floors[s], reverse=True)[: max(0, left)]:
        floors[s] += 1
    return tuple(SqlCommitment(s, float(floors[s])) for s in segments)


def sqls_for_revenue_goal(plan: Plan, scenario: Scenario = "likely") -> tuple[SqlCommitment, ...]:
    """Marketing's commitment that the revenue goal needs: the reverse funnel's SQLs per month
    on average (marketing's share of the goal), split by segment in the planned mix."""
    k = _sql_index(plan)
    required = compute_funnel(plan, scenario).required[k]
    average = sum(required) / max(1, len(required))
    return split_commitment(plan, average)


def months_above(plan: Plan, sqls_per_month: float, scenario: Scenario = "likely") -> tuple[tuple[str, ...], float]:
    """The months in which the revenue goal needs more SQLs than ``sqls_per_month`` (by half an SQL
    or more: a flat commitment of the average falls short of a seasonal goal in its busy months), and
    the most SQLs a month needs."""
    k = _sql_index(plan)
    funnel = compute_funnel(plan, scenario)
    required = funnel.required[k]
    above = tuple(m for m, r in zip(funnel.months, required) if r >= sqls_per_month + 0.5)
    return above, max(required, default=0.0)
