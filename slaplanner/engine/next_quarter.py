"""Next quarter's plan from last quarter's actuals: observed rates and volumes, said plainly.

:func:`propose_next_quarter` returns the plan to put in a new proposal and the reasons for what
it changed. The list of changes itself is :func:`slaplanner.negotiation.diff.diff_plans` of the
two plans (the negotiation layer sits above the engine, so the caller asks it).

* Conversion rates, per source, from the leads created in the review period: each transition up
  to the one after the SQL stage becomes the observed rate with its 90 % Wilson interval as
  low and high, when at least :data:`MIN_TRIALS` leads reached the stage above. Later stages
  keep the plan's rates (a quarter is shorter than the sales cycle, so their wins are not in yet).
* Lead volumes, per source with baseline volumes, for the three months after the period (when
  they are plan months): the observed months are divided by the source's seasonality to give a
  deseasonalised monthly level, which is multiplied by the seasonality of each coming month.
  Sources planned month by month (events) keep their plan.
* Handle times: the actuals carry none, so the plan's are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from slaplanner.engine.review import Review, plan_month_index, stage_dates, stage_fields
from slaplanner.engine.scoring.history import wilson_interval
from slaplanner.imports.actuals import Actuals
from slaplanner.plan.format import fmt_count, fmt_pct, month_label
from slaplanner.plan.model import LeadSource, Plan, RateRange
from slaplanner.plan.months import add_months, calendar_month, month_span_text

MIN_TRIALS = 20


@dataclass(frozen=True)
class NextQuarter:
    """The proposed plan, the months it re-forecast and why each change was made."""

    plan: Plan
    months: tuple[str, ...]
    reasons: tuple[str, ...]


def _months_between(first: str, month: str) -> int:
    return (int(month[:4]) - int(first[:4])) * 12 + int(month[5:7]) - int(first[5:7])


def _key(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def propose_next_quarter(plan: Plan, review: Review, actuals: Actuals) -> NextQuarter:
    """The plan for the quarter after ``review``'s period, from ``actuals`` (see the module)."""
    months = tuple(add_months(review.months[-1], i + 1) for i in range(3))
    in_plan = [m for m in months if m in plan.months]
    created_month = plan_month_index(actuals, review.months, plan.start_day)
    in_period = (created_month >= 0) & (created_month < len(review.months))
    created_at = np.where(in_period, 0.0, np.nan)  # stage 0: every lead created in the period
    dates = stage_dates(plan, actuals, created_at)
    reached = [~np.isnan(d) & in_period for d in dates]
    sql = plan.sql_stage_index
    last_rate = sql if sql is not None else len(plan.stages) - 2  # the transition out of the SQL stage
    fields = stage_fields(plan)
    dated = [f is not None and (k == 0 or actuals.has(f)) for k, f in enumerate(fields)]
    source_of = np.array([_key(s) for s in actuals.text("source")], dtype=object)
    reasons: list[str] = []
    sources: list[LeadSource] = []
    for src in plan.sources:
        mine = source_of == _key(src.name)
        n_leads = int(np.count_nonzero(mine & in_period))
        if not n_leads:
            reasons.append(f"{src.name}: no leads in the actuals; its volumes and rates are kept.")
            sources.append(src)
            continue
        rates = list(src.conversion)
        changed = []
        for k in range(min(len(rates), last_rate + 1)):
            if not (dated[k] and dated[k + 1]):
                continue
            trials = int(np.count_nonzero(mine & reached[k]))
            hits = int(np.count_nonzero(mine & reached[k + 1]))
            if trials < MIN_TRIALS:
                continue
            low, likely, high = wilson_interval(hits, trials)
            new = RateRange(round(low, 4), round(likely, 4), round(high, 4))
            if new != rates[k]:
                rates[k] = new
                changed.append(
                    f"{plan.stages[k]} to {plan.stages[k + 1]} {fmt_pct(likely, 1)} "
                    f"({fmt_count(hits)} of {fmt_count(trials)}; 90 % interval {fmt_pct(low, 1)}–{fmt_pct(high, 1)})"
                )
        if changed:
            reasons.append(f"{src.name}: observed rates: " + "; ".join(changed) + ".")
        new_src = replace(src, conversion=tuple(rates))
        if src.volume_mode == "baseline":
            observed = np.bincount(created_month[mine & in_period], minlength=len(review.months))
            steps = [_months_between(plan.start_month, m) for m in review.months]
            weight = sum(
                src.seasonality[calendar_month(m) - 1] * (1.0 + src.growth) ** i
                for m, i in zip(review.months, steps, strict=True)
            )
            baseline = round(float(observed.sum()) / max(weight, 1e-9), 1)
            new_src = replace(new_src, baseline=baseline)
            ahead = new_src.leads(plan.months)
            coming = ", ".join(f"{month_label(m)} {fmt_count(ahead[plan.months.index(m)])}" for m in in_plan)
            reasons.append(
                f"{src.name}: {fmt_count(int(observed.sum()))} leads in {month_span_text(review.months)} "
                f"give a baseline of {fmt_count(baseline)} a month (was {fmt_count(src.baseline)}) with the "
                f"source's seasonality and growth" + (f"; {coming}." if coming else ".")
            )
        elif src.volume_mode != "baseline":
            reasons.append(f"{src.name}: planned month by month (events); its volumes are kept.")
        sources.append(new_src)
    if not in_plan:
        reasons.append(
            f"{month_span_text(months)} is outside the plan's months: only rates were changed; "
            "extend the plan's horizon to forecast its volumes."
        )
    skipped = [
        f"{plan.stages[k]} to {plan.stages[k + 1]}"
        for k in range(min(last_rate + 1, len(plan.stages) - 1))
        if not (dated[k] and dated[k + 1])
    ]
    if skipped:
        reasons.append(
            f"{', '.join(skipped)} kept: the actuals have no date for "
            + ", ".join(plan.stages[k] for k, ok in enumerate(dated) if not ok and k <= last_rate + 1)
            + "."
        )
    if sql is not None and last_rate + 1 < len(plan.stages) - 1:
        reasons.append(
            f"Rates after {plan.stages[last_rate + 1]} are kept: a quarter is shorter than the sales cycle, "
            "so most of its wins are not in yet."
        )
    reasons.append("Handle times are kept: the actuals do not record how long touches took.")
    return NextQuarter(replace(plan, sources=tuple(sources)), months, tuple(reasons))
