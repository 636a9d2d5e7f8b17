"""``slaplanner simulate PLAN [--runs N] [--seed S] [--json]``: can the SLA be kept?

Monte Carlo over volumes and conversion rates with a calendar-aware queue of first touches
(see :mod:`slaplanner.simulation`). The same seed gives the same output, byte for byte.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import numpy as np

from slaplanner.simulation import SimulationResult, simulate
from slaplanner.storage import load_plan

DEFAULT_RUNS = 2000
DEFAULT_SEED = 1


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "simulate", help="probability that each commitment is met, utilisation, bottleneck, headcount needed"
    )
    parser.add_argument("plan", metavar="PLAN", help="a .slaplan or .json plan file")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help=f"replications (default {DEFAULT_RUNS})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    plan = load_plan(args.plan)
    result = simulate(plan, runs=args.runs, rng=np.random.default_rng(args.seed), seed=args.seed)
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
    else:
        print(format_result(plan.name, plan.currency, result))
    return 0


def format_result(name: str, currency: str, result: SimulationResult) -> str:
    """The simulation as plain text."""
    lines = [f"{name} — simulation ({result.runs} runs, seed {result.seed})", ""]
    lines.append("Marketing: P(SQL commitment met) per month")
    if result.sql_p_met_by_segment:
        lines.append("  " + "  ".join(f"{_short(m)} {p:4.0%}" for m, p in zip(result.months, result.sql_p_met)))
    else:
        lines.append("  (no marketing commitment in the plan)")
    lines.append("")
    lines.append("Sales: first touch per tier")
    for t in result.response:
        lines.append(
            f"  {t.tier}: {t.p_within_target:.1%} within {t.target_minutes:g} {t.clock} min "
            f"(target {t.target_share:.0%}); median {t.median_minutes:.1f}, P90 {t.p90_minutes:.1f}, "
            f"P95 {t.p95_minutes:.1f} min; P(met) {t.p_met:.2f}; "
            f"accept within {t.accept_within_hours:g} h P(met) {t.p_accept_met:.2f}; "
            f"{t.touches} touches in {t.touch_days:g} days P(met) {t.p_touches_met:.2f}"
        )
    lines.append("")
    lines.append("Utilisation per month")
    for ro in result.roles:
        lines.append(f"  {ro.role:<20}" + " ".join(f"{u:5.0%}" for u in ro.utilisation))
    lines.append("")
    lines.append(f"Bottleneck: {result.bottleneck_detail}")
    hc = result.headcount
    needed = "not reached" if hc.headcount_needed is None else str(hc.headcount_needed)
    lines.append(
        f"Headcount for P >= {hc.target_probability:.0%}: {hc.role} {needed}; AE {result.ae_needed} "
        f"(P90 open opportunities)"
    )
    lines += [f"Warning: {w}" for w in result.warnings]
    return "\n".join(lines)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short(month: str) -> str:
    """``2026-03`` -> ``Mar 26``."""
    return f"{_MONTHS[int(month[5:7]) - 1]} {month[2:4]}"
