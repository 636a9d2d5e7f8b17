"""``slaplanner report PLAN [--json]``: the forward and reverse funnel per month."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from slaplanner.cli.commands._json import first_non_finite
from slaplanner.cli.commands._plans import open_plan
from slaplanner.engine.funnel import SCENARIOS, FunnelResult, compute_funnel
from slaplanner.plan.format import count_text


def register(sub: Any) -> None:
    parser = sub.add_parser("report", help="the forward and required funnel per month, and the gap")
    parser.add_argument("plan", metavar="PLAN", help="a .slaplan or .json plan file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--scenario", choices=SCENARIOS, default="likely", help="which conversion rates to use (default: likely)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    plan = open_plan(args.plan).plan
    result = compute_funnel(plan, args.scenario)
    data = result.as_dict()
    where = first_non_finite(data)
    if where is not None:
        print(
            f"slaplanner: {args.plan}: the report's {where} is too large to compute; check "
            "terms.average_deal_size, terms.revenue_target and the conversion rates",
            file=sys.stderr,
        )
        return 1
    if args.json:
        print(json.dumps(data, indent=2, allow_nan=False))
    else:
        print(format_report(plan.name, plan.currency, result))
    return 0


def _table(title: str, result: FunnelResult, rows: tuple[tuple[float, ...], ...], total: bool = True) -> list[str]:
    width = max(len(s) for s in result.stages) + 2
    head = f"{title:<{width}}" + "".join(f"{m:>9}" for m in result.months) + ("     Total" if total else "")
    lines = [head, "-" * len(head)]
    for stage, row in zip(result.stages, rows):
        cells = "".join(f"{v:>9,.0f}" for v in row)
        lines.append(f"{stage:<{width}}{cells}" + (f"{sum(row):>10,.0f}" if total else ""))
    return lines


def format_report(name: str, currency: str, result: FunnelResult) -> str:
    """The report as fixed-width text tables."""
    cycle = count_text(result.lag_months, "month")
    lines = [f"{name} — funnel report ({result.scenario} rates, sales cycle {cycle})", ""]
    lines += _table("Planned", result, result.forward)
    lines += ["", *_table("Required", result, result.required)]
    lines += ["", *_table("Gap", result, result.gap)]
    lines.append("(gap = planned - required; negative means short of the goal)")
    planned, required = sum(result.revenue_planned), sum(result.revenue_required)
    lines += [
        "",
        f"Revenue planned {planned:,.0f} {currency}; required {required:,.0f} {currency}; "
        f"gap {planned - required:+,.0f} {currency}",
    ]
    lines += [f"Note: {w}" for w in result.warnings]
    return "\n".join(lines)
