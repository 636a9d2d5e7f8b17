"""Proposals side by side: the same headline figures for each, and which differ from a base.

:func:`compare_proposals` computes each proposal's results through the one results service
(:func:`slaplanner.results.compute_results`, so a figure here is the figure every other screen
and export shows for that plan and settings) and keeps the headline measures as
:class:`ProposalFigures`. :func:`differences` marks the cells that differ from the base proposal
as displayed; :func:`as_json` is the ``compare --json`` object.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from slaplanner.engine.simulation import NO_SQLS_TEXT, SimulationCancelled
from slaplanner.negotiation.diff import MARKETING_SQLS, marketing_p_met
from slaplanner.plan.format import fmt_count, fmt_pct
from slaplanner.plan.model import Plan
from slaplanner.results import PlanResults, ResultSettings, compute_results

__all__ = ["ProposalFigures", "as_json", "compare_proposals", "differences", "figures_of"]

#: The keys of each proposal in :func:`as_json` that the command line's contract names.
JSON_KEYS = (
    "name",
    "sqls_committed",
    "sqls_planned",
    "revenue_planned",
    "revenue_required",
    "p_met",
    "headcount_needed",
)


@dataclass(frozen=True)
class ProposalFigures:
    """One proposal's headline figures.

    Attributes:
        name: the proposal's name.
        currency: the plan's currency (amounts are in it).
        sqls_committed: marketing's committed SQLs per month, all segments (0 when none).
        sqls_planned: SQLs per month from the funnel at the settings' rate level, averaged over
            the months (``None`` when the plan has no SQL stage).
        revenue_planned: revenue the funnel yields over the period.
        revenue_required: revenue marketing's share of the goal needs over the period.
        response: tier -> (first-touch minutes, target share, clock), in the plan's order.
        p_met: commitment -> P(met): each response tier by name (its first-touch target) and
            ``"Marketing SQLs"`` (the monthly probabilities averaged; only with a commitment).
            Empty without a simulation. ``no_sqls``: the tiers none of whose SQLs arrived, whose
            P(met) reads "no SQLs to touch" (neither met nor missed), not 100 %.
        headcount_needed: role kind -> people needed, as the simulation finds it (``SDR``: the
            smallest headcount meeting every first-touch commitment at the target probability,
            ``None`` when none tried does; ``AE``: to carry the open opportunities).
        headcount_staffed: role kind -> headcount in the plan, averaged over the months.
        bottleneck: the role with the highest utilisation against its maximum (empty without a
            simulation); ``bottleneck_detail`` says where and how much.
        months: the plan's months; ``sqls_by_month`` the funnel's SQLs in each.
        simulation_note: why there is no simulation, when there is none.
    """

    name: str
    currency: str
    sqls_committed: float
    sqls_planned: float | None
    revenue_planned: float
    revenue_required: float
    response: dict[str, tuple[float, float, str]] = field(default_factory=dict)
    p_met: dict[str, float] = field(default_factory=dict)
    headcount_needed: dict[str, int | None] = field(default_factory=dict)
    headcount_staffed: dict[str, float] = field(default_factory=dict)
    bottleneck: str = ""
    bottleneck_detail: str = ""
    months: tuple[str, ...] = ()
    sqls_by_month: tuple[float, ...] = ()
    simulation_note: str = ""
    no_sqls: frozenset[str] = frozenset()  # tiers none of whose SQLs arrived: their P(met) is no chance

    def chance_shown(self, label: str) -> float | str | None:
        """P(met) of ``label`` as every face shows it: :data:`NO_SQLS_TEXT` for a tier none of whose
        SQLs arrived (neither met nor missed), ``None`` where there is none."""
        return NO_SQLS_TEXT if label in self.no_sqls else self.p_met.get(label)

    @property
    def revenue_gap(self) -> float:
        """Revenue planned minus required over the period (negative: short of the goal)."""
        return self.revenue_planned - self.revenue_required


def figures_of(name: str, plan: Plan, results: PlanResults) -> ProposalFigures:
    """The headline figures of ``plan`` from its computed ``results``."""
    funnel = results.funnel
    k = plan.sql_stage_index
    sqls = funnel.forward[k] if k is not None else ()
    sim = results.simulation
    p_met: dict[str, float] = {}
    needed: dict[str, int | None] = {}
    if sim is not None:
        p_met = {t.tier: t.p_met for t in sim.response}
        marketing = marketing_p_met(sim)
        if marketing is not None:
            p_met[MARKETING_SQLS] = marketing
        needed[sim.headcount.role] = sim.headcount.headcount_needed
        if plan.team.role("AE") is not None:
            needed["AE"] = sim.ae_needed
    n = plan.horizon_months
    staffed: dict[str, float] = {}  # several SDR teams: their people together
    for role in plan.team.roles:
        staffed[role.kind] = staffed.get(role.kind, 0.0) + sum(role.headcount_in(m) for m in range(n)) / n
    return ProposalFigures(
        name=name,
        currency=plan.currency,
        sqls_committed=sum(m.sqls_per_month for m in plan.commitments.marketing),
        sqls_planned=sum(sqls) / len(sqls) if sqls else None,
        revenue_planned=sum(funnel.revenue_planned),
        revenue_required=sum(funnel.revenue_required),
        response={r.tier: (r.first_touch_minutes, r.target_share, r.clock) for r in plan.commitments.response},
        p_met=p_met,
        headcount_needed=needed,
        headcount_staffed=staffed,
        bottleneck=sim.bottleneck if sim is not None else "",
        bottleneck_detail=sim.bottleneck_detail if sim is not None else "",
        months=funnel.months,
        sqls_by_month=tuple(sqls),
        simulation_note=results.simulation_note,
        no_sqls=frozenset(t.tier for t in sim.response if not t.has_sqls) if sim is not None else frozenset(),
    )


def compare_proposals(
    named_plans: Sequence[tuple[str, Plan]],
    settings: ResultSettings,
    *,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[ProposalFigures, ...]:
    """The headline figures of each (name, plan), computed with the same ``settings``.

    ``progress`` (0 to 1) is split evenly across the proposals; ``cancelled`` is polled
    between proposals and by each simulation, which raises
    :class:`~slaplanner.engine.simulation.SimulationCancelled`.
    """
    count = len(named_plans)
    out: list[ProposalFigures] = []
    for i, (name, plan) in enumerate(named_plans):
        if cancelled is not None and cancelled():
            raise SimulationCancelled()
        part: Callable[[float], None] | None = None
        if progress is not None:
            report, lo = progress, i / count

            def part(f: float, report: Callable[[float], None] = report, lo: float = lo) -> None:
                report(lo + f / count)

        results = compute_results(plan, settings, progress=part, cancelled=cancelled)
        out.append(figures_of(name, plan, results))
        if progress is not None:
            progress((i + 1) / count)
    return tuple(out)


def _cells(f: ProposalFigures) -> dict[str, str]:
    """Each compared cell of one proposal as displayed (what "differs" means to a reader)."""

    def count(v: float | None) -> str:
        return "none" if v is None else fmt_count(v)

    cells = {
        "sqls_committed": count(f.sqls_committed),
        "sqls_planned": count(f.sqls_planned),
        "revenue_planned": count(f.revenue_planned),
        "revenue_required": count(f.revenue_required),
        "revenue_gap": count(f.revenue_gap),
        "bottleneck": f.bottleneck,
    }
    for tier, (minutes, share, clock) in f.response.items():
        cells[f"response[{tier}]"] = f"{minutes:g} {clock} {fmt_pct(share)}"
    for label in f.p_met:
        shown = f.chance_shown(label)
        cells[f"p_met[{label}]"] = shown if isinstance(shown, str) else fmt_pct(shown or 0.0)
    for role, n in f.headcount_needed.items():
        cells[f"headcount_needed[{role}]"] = "not reached" if n is None else str(n)
    for role, avg in f.headcount_staffed.items():
        cells[f"headcount_staffed[{role}]"] = f"{avg:.1f}"
    return cells


def differences(figures: Sequence[ProposalFigures], base_index: int = 0) -> dict[str, list[bool]]:
    """Which cells differ from the base proposal's, as displayed (rounded as shown).

    Keys are the cells: ``sqls_committed``, ``sqls_planned``, ``revenue_planned``,
    ``revenue_required``, ``revenue_gap``, ``bottleneck``, ``response[TIER]``,
    ``p_met[COMMITMENT]``, ``headcount_needed[ROLE]``, ``headcount_staffed[ROLE]`` (every
    key any proposal has). Each list has one flag per proposal; the base's is always False, and a
    cell one proposal lacks differs from one the base has.
    """
    if not 0 <= base_index < len(figures):
        raise IndexError(f"base_index {base_index} is not one of the {len(figures)} proposals")
    cells = [_cells(f) for f in figures]
    keys = list(dict.fromkeys(k for c in cells for k in c))
    base = cells[base_index]
    return {k: [i != base_index and c.get(k) != base.get(k) for i, c in enumerate(cells)] for k in keys}


def as_json(figures: Sequence[ProposalFigures]) -> dict[str, Any]:
    """The ``compare --json`` object: ``{"proposals": [{name, sqls_committed, sqls_planned,
    revenue_planned, revenue_required, p_met, headcount_needed, ...}]}``.

    Besides the keys the command-line contract names (:data:`JSON_KEYS`), each proposal has
    ``currency``, ``revenue_gap``, ``response``, ``headcount_staffed``, ``bottleneck``, ``months``
    and ``sqls_by_month``. Probabilities keep 4 decimals, counts and amounts 2.
    """

    def r(v: float | None, n: int = 2) -> float | None:
        return None if v is None else round(float(v), n)

    return {
        "proposals": [
            {
                "name": f.name,
                "sqls_committed": r(f.sqls_committed),
                "sqls_planned": r(f.sqls_planned),
                "revenue_planned": r(f.revenue_planned),
                "revenue_required": r(f.revenue_required),
                "p_met": {label: r(p, 4) for label, p in f.p_met.items()},
                "headcount_needed": dict(f.headcount_needed),
                "currency": f.currency,
                "revenue_gap": r(f.revenue_gap),
                "response": {
                    tier: {"first_touch_minutes": minutes, "target_share": share, "clock": clock}
                    for tier, (minutes, share, clock) in f.response.items()
                },
                "headcount_staffed": {role: r(avg) for role, avg in f.headcount_staffed.items()},
                "bottleneck": f.bottleneck,
                "months": list(f.months),
                "sqls_by_month": [r(v) for v in f.sqls_by_month],
            }
            for f in figures
        ]
    }
