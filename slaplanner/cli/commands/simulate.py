"""``slaplanner simulate PLAN [--runs N] [--seed S] [--json]``: can the SLA be kept?

Monte Carlo over volumes and conversion rates with a calendar-aware queue of first touches
(see :mod:`slaplanner.engine.simulation`). The same seed gives the same output, byte for byte.
"""

from __future__ import annotations

import argparse
from typing import Any

from slaplanner.cli.commands._args import add_simulation_arguments
from slaplanner.cli.commands._json import print_json
from slaplanner.cli.commands._plans import naming, open_plan
from slaplanner.cli.commands._progress import terminal_progress
from slaplanner.engine.simulation import LOADS, SimulationResult
from slaplanner.plan.format import count_text, days_text, fmt_pct, wait_spread_text, weakest_month
from slaplanner.results import run_simulation


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "simulate", help="probability that each commitment is met, utilisation, bottleneck, headcount needed"
    )
    parser.add_argument("plan", metavar="PLAN", help="a .slaplan or .json plan file")
    add_simulation_arguments(parser)
    parser.add_argument(
        "--load",
        choices=LOADS,
        default="planned",
        help="which SQLs arrive: planned (leads x conversion rates, default) or committed (marketing's commitment)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    plan = open_plan(args.plan).plan
    with naming(args.plan), terminal_progress("Simulating") as progress:  # a refusal names the plan
        result = run_simulation(plan, args.runs, args.seed, load=args.load, progress=progress)
    if args.json:
        return print_json(result.as_dict(), what="the simulation")
    print(format_result(plan.name, plan.currency, result))
    return 0


def pct(p: float) -> str:
    """A probability or share as a whole percentage: ``86 %`` (as everywhere else)."""
    return fmt_pct(p)


def format_result(name: str, currency: str, result: SimulationResult) -> str:
    """The simulation as plain text (probabilities as percentages, months as ``2026-01``)."""
    lines = [f"{name} — simulation ({count_text(result.runs, 'run')}, seed {result.seed}, {result.load} SQLs)", ""]
    lines.append("Marketing: SQLs per month")
    expected = result.sql_expected or tuple(q[1] for q in result.sql_quantiles)
    committed = bool(result.sql_p_met_by_segment)
    chance = committed and result.load != "committed"  # on the committed load: met by construction
    lines.append(f"  {'month':<9}{'committed':>10}{'expected':>10}{'P(met)':>8}")
    for m, month in enumerate(result.months):
        goal = f"{result.sql_commitment_total[m]:,.0f}" if committed else "—"
        p_met = pct(result.sql_p_met[m]) if chance else "—"
        lines.append(f"  {month:<9}{goal:>10}{expected[m]:>10,.0f}{p_met:>8}")
    if result.load == "committed" and result.sql_p_met_by_segment:
        lines.append("  (simulated on the committed SQLs themselves, so marketing's commitment is met by construction:")
        lines.append("  its chance comes from a run on the planned SQLs)")
    elif not committed:
        lines.append("  (no marketing commitment in the plan)")
    lines.append("")
    lines.append("Sales: first touch per tier")
    arrived = any(t.sqls_per_run for t in result.response)
    if not arrived:
        lines.append("  No SQLs arrive in the plan's horizon: nothing to touch (not met, not missed).")
    for t in result.response if arrived else ():
        if not t.has_sqls:
            lines.append(f"  {t.tier}: {t.no_sqls_text(f'{t.target_minutes:g} {t.clock} min')}")
            continue
        touched = f" (of the leads touched; {fmt_pct(t.lost_share, 1)} lost to lead patience)" if t.lost_share else ""
        lines.append(
            f"  {t.tier}: {fmt_pct(t.p_within_target, 1)} within {t.target_minutes:g} {t.clock} min "
            f"(target {pct(t.target_share)}); "
            f"{wait_spread_text(t.median_minutes, t.p90_minutes, t.p95_minutes, business=t.clock == 'business')}"
            f"{touched}"
        )
        weak = ""
        if t.p_met_by_month:  # no month named where every month shows the same
            worst = min(range(len(result.months)), key=lambda m: t.p_met_by_month[m])
            same = weakest_month(t.p_met_by_month, result.months) is None
            weak = ", every month" if same else f", weakest {result.months[worst]} at {pct(t.p_met_by_month[worst])}"
        lines.append(f"    P(target met): {pct(t.p_met)} over the plan{weak}")
        cadence = (
            f"{t.touches} touches in {days_text(t.touch_days)}: P(met) {pct(t.p_touches_met)}"
            if t.touches
            else "no follow-up cadence promised"
        )
        lines.append(
            f"    accept within {t.accept_within_hours:g} h: {fmt_pct(t.p_accept_within, 1)} of leads "
            f"(target {pct(t.target_share)}), P(met) {pct(t.p_accept_met)}; {cadence}"
        )
        slower = t.slower_sla_shown
        if slower is not None:
            minutes, sqls, revenue = slower
            lines.append(
                f"    first touched within {minutes:g} min instead of {t.target_minutes:g}, the decay curve says "
                f"about {sqls:,.0f} fewer SQLs ({revenue:,.0f} {currency}) over the plan"
            )
    if result.sqls_lost > 0:
        lines.append(f"  {result.patience_loss_text(currency)}")
    lines.append("")
    lines.append("Utilisation per month")
    width = max([20] + [len(ro.role) + 1 for ro in result.roles])
    lines.append("  " + " " * width + " ".join(f"{m:>7}" for m in result.months))
    for ro in result.roles:
        lines.append(f"  {ro.role:<{width}}" + " ".join(f"{pct(u):>7}" for u in ro.utilisation))
    lines.append("")
    lines.append(f"Bottleneck: {result.bottleneck_detail}")
    hc = result.headcount
    needed = hc.needed_text
    if result.headcount_by_team:  # several SDR teams: what each needs on its own leads
        needed += " (" + ", ".join(f"{team} {c.needed_text}" for team, c in result.headcount_by_team) + ")"
    lines.append(
        f"Headcount for P >= {pct(hc.target_probability)}: {hc.role} {needed}; AE {result.ae_needed} "
        f"(P90 open opportunities)"
    )
    lines += [f"Warning: {w}" for w in result.warnings]
    return "\n".join(lines)
