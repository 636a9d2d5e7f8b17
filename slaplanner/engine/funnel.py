"""The deterministic funnel: what the plan yields (forward), what the goal needs (reverse).

Conventions (also in ``docs/funnel.md``):

* Every stage but the last is counted in the month its leads arrive (a *cohort*).
* The last stage (won) lands ``lag`` months later, ``lag`` being the sales cycle in whole
  months (``round(days / 30.44)``). Wins in the first ``lag`` months come from pipeline made
  before the plan starts; the forward funnel assumes it ran at the first month's rate.
* The reverse funnel divides the revenue target (times marketing's share) by the average
  deal size to get wins, then walks up the funnel with the plan's *blended* rates (each
  stage's total over the horizon divided by the stage above), shifting back by the lag.
  Targets past the horizon are taken to equal the last month's (steady state).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from slaplanner.plan.format import count_text
from slaplanner.plan.model import LeadSource, Plan
from slaplanner.plan.months import cycle_lag_months

Scenario = Literal["low", "likely", "high"]
SCENARIOS: tuple[Scenario, ...] = ("low", "likely", "high")

#: Blended rates below this are treated as zero: the need above them cannot be computed.
MIN_RATE = 1e-9

Series = tuple[float, ...]
Table = tuple[Series, ...]  # [stage][month]


@dataclass(frozen=True)
class SourceFunnel:
    """One source's forward funnel in cohort view: ``counts[stage][month]``."""

    source: str
    segment: str
    counts: Table


@dataclass(frozen=True)
class FunnelResult:
    """Forward and reverse funnel of a plan, per stage and month. Immutable.

    ``forward`` is the calendar view (wins shifted by the cycle), ``cohort`` credits every
    stage to the month the leads arrived. ``required`` is the reverse funnel, ``gap`` is
    ``forward - required`` (negative: short of the goal).
    """

    months: tuple[str, ...]
    stages: tuple[str, ...]
    scenario: Scenario
    lag_months: int
    forward: Table
    cohort: Table
    required: Table
    gap: Table
    by_source: tuple[SourceFunnel, ...]
    blended_rates: Series
    revenue_planned: Series
    revenue_required: Series
    warnings: tuple[str, ...]

    def stage_index(self, stage: str) -> int:
        return self.stages.index(stage)

    def totals(self, table: Table) -> Series:
        return tuple(sum(row) for row in table)

    @property
    def forward_totals(self) -> Series:
        return self.totals(self.forward)

    @property
    def required_totals(self) -> Series:
        return self.totals(self.required)

    @property
    def gap_totals(self) -> Series:
        return self.totals(self.gap)

    def as_dict(self) -> dict[str, object]:
        """The result as the ``report --json`` object (stage names map to monthly lists)."""

        def by_stage(table: Table) -> dict[str, list[float]]:
            return {s: [round(v, 6) for v in row] for s, row in zip(self.stages, table)}

        return {
            "months": list(self.months),
            "scenario": self.scenario,
            "lag_months": self.lag_months,
            "forward": by_stage(self.forward),
            "required": by_stage(self.required),
            "gap": by_stage(self.gap),
            "revenue": {
                "planned": [round(v, 2) for v in self.revenue_planned],
                "required": [round(v, 2) for v in self.revenue_required],
            },
            "totals": {
                "forward": {s: round(v, 6) for s, v in zip(self.stages, self.forward_totals)},
                "required": {s: round(v, 6) for s, v in zip(self.stages, self.required_totals)},
                "gap": {s: round(v, 6) for s, v in zip(self.stages, self.gap_totals)},
                "revenue_planned": round(sum(self.revenue_planned), 2),
                "revenue_required": round(sum(self.revenue_required), 2),
            },
            "blended_rates": {
                f"{a}->{b}": round(r, 6) for a, b, r in zip(self.stages, self.stages[1:], self.blended_rates)
            },
            "warnings": list(self.warnings),
        }


def source_cohort(source: LeadSource, months: tuple[str, ...], scenario: Scenario = "likely") -> Table:
    """A source's counts per stage per month, every stage credited to the arrival month."""
    row = source.leads(months)
    table = [row]
    for rate in source.conversion:
        r = getattr(rate, scenario)
        row = tuple(v * r for v in row)
        table.append(row)
    return tuple(table)


def _shift_forward(series: Series, lag: int) -> Series:
    """Move a series ``lag`` months later; the months before come from the first value."""
    if lag <= 0 or not series:
        return series
    head = (series[0],) * min(lag, len(series))
    return (head + series)[: len(series)]


def compute_funnel(plan: Plan, scenario: Scenario = "likely") -> FunnelResult:
    """Forward funnel, reverse funnel and gap for ``plan`` under one rate ``scenario``."""
    months = plan.months
    n_months = len(months)
    n_stages = len(plan.stages)
    lag = cycle_lag_months(plan.terms.sales_cycle_days)
    warnings: list[str] = []

    by_source = tuple(SourceFunnel(s.name, s.segment, source_cohort(s, months, scenario)) for s in plan.sources)
    cohort = tuple(tuple(sum(sf.counts[k][m] for sf in by_source) for m in range(n_months)) for k in range(n_stages))
    forward = (*cohort[:-1], _shift_forward(cohort[-1], lag))

    blended = []
    for k in range(n_stages - 1):
        above = sum(cohort[k])
        if above > 0:
            blended.append(min(1.0, sum(cohort[k + 1]) / above))
        elif plan.sources:
            blended.append(sum(getattr(s.conversion[k], scenario) for s in plan.sources) / len(plan.sources))
        else:
            blended.append(0.0)

    deal = plan.terms.average_deal_size
    revenue_required = tuple(t * plan.terms.marketing_share for t in plan.revenue_target)
    wins_needed = tuple(r / deal for r in revenue_required)
    required_rows: list[Series] = [wins_needed]
    # The stage before won: its month m must produce the wins of month m + lag.
    shifted = tuple(wins_needed[min(m + lag, n_months - 1)] for m in range(n_months)) if n_months else ()
    row = shifted
    for k in range(n_stages - 2, -1, -1):
        rate = blended[k]
        if rate >= MIN_RATE:
            row = tuple(v / rate for v in row)
        else:
            if any(row) and not plan.sources:  # the rates are the sources': none to blend
                warnings.append(
                    f"The plan has no lead sources, so it has no conversion rates: the {plan.stages[k]} and "
                    "earlier stages the goal needs cannot be computed and are shown as 0 (add a source on Lead volume)."
                )
            elif any(row):
                warnings.append(
                    f"The plan converts no {plan.stages[k]} to {plan.stages[k + 1]}: "
                    f"the {plan.stages[k]} needed cannot be computed and is shown as 0."
                )
            row = tuple(0.0 for _ in row)
        required_rows.append(row)
    required = tuple(reversed(required_rows))

    gap = tuple(tuple(f - r for f, r in zip(fr, rr)) for fr, rr in zip(forward, required))
    revenue_planned = tuple(w * deal for w in forward[-1])
    if lag and plan.sources:
        warnings.append(
            f"Wins in the first {count_text(min(lag, n_months), 'month')} come from pipeline made before the plan; "
            "they are assumed to equal the first month's."
        )
    return FunnelResult(
        months=months,
        stages=plan.stages,
        scenario=scenario,
        lag_months=lag,
        forward=forward,
        cohort=cohort,
        required=required,
        gap=gap,
        by_source=by_source,
        blended_rates=tuple(blended),
        revenue_planned=revenue_planned,
        revenue_required=revenue_required,
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class Shortfall:
    """Where the planned funnel falls short of a monthly need: months and amounts (all > 0)."""

    stage: str
    months: tuple[str, ...]
    amounts: tuple[float, ...]

    @property
    def total(self) -> float:
        return sum(self.amounts)


def monthly_shortfall(result: FunnelResult, stage: str, need: Series | None = None) -> Shortfall:
    """The months in which ``stage`` is planned below ``need`` (default: the required funnel).

    Differences under half a unit are rounding, not a shortfall.
    """
    k = result.stage_index(stage)
    need = result.required[k] if need is None else need
    short = [(m, n - p) for m, p, n in zip(result.months, result.forward[k], need) if n - p >= 0.5]
    return Shortfall(stage, tuple(m for m, _ in short), tuple(a for _, a in short))
