"""``slaplanner compare PLAN PLAN... [--runs N] [--seed S] [--json]``: proposals side by side.

Usually two or more plans (the window's Compare page takes two to four); one plan gives its own
column (a script may compare a list of proposals that holds one). JSON:
``{"proposals": [{"name", "sqls_committed", "sqls_planned", "revenue_planned",
"revenue_required", "p_met" (per commitment), "headcount_needed"}]}`` plus extra keys.
Exit 0 with the table, 1 when a plan is invalid (the message names it), 2 on a usage or file error.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from slaplanner.cli.commands._args import add_simulation_arguments
from slaplanner.cli.commands._plans import naming, open_plan
from slaplanner.engine.funnel import SCENARIOS
from slaplanner.negotiation.compare import ProposalFigures, as_json, compare_proposals
from slaplanner.negotiation.diff import MARKETING_SQLS
from slaplanner.plan.format import fmt_count, fmt_money, fmt_pct
from slaplanner.results import ResultSettings


def register(sub: Any) -> None:
    parser = sub.add_parser("compare", help="proposals side by side: SQLs, revenue, P(met), headcount")
    parser.add_argument(
        "plans",
        metavar="PLAN",
        nargs="+",
        help="FILE[#PROPOSAL[@VERSION]], one or more (usually two or more, side by side)",
    )
    parser.add_argument(
        "--scenario", choices=SCENARIOS, default="likely", help="which conversion rates to use (default: likely)"
    )
    add_simulation_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def _name(location: str, proposal: str, version: int, taken: set[str]) -> str:
    name = f"{proposal} v{version}"
    if name in taken:
        name = f"{name} ({location})"
    taken.add(name)
    return name


def format_table(figures: tuple[ProposalFigures, ...]) -> str:
    rows: list[tuple[str, list[str]]] = [
        ("SQLs committed / month", [fmt_count(f.sqls_committed) for f in figures]),
        ("SQLs planned / month", ["-" if f.sqls_planned is None else fmt_count(f.sqls_planned) for f in figures]),
        ("Revenue planned", [fmt_money(f.revenue_planned, f.currency) for f in figures]),
        ("Revenue required", [fmt_money(f.revenue_required, f.currency) for f in figures]),
    ]
    commitments = list(dict.fromkeys(k for f in figures for k in f.p_met))
    for key in commitments:
        label = f"P({key} met), month average" if key == MARKETING_SQLS else f"P({key} met)"
        rows.append((label, [fmt_pct(f.p_met[key]) if key in f.p_met else "-" for f in figures]))
    roles = list(dict.fromkeys(k for f in figures for k in f.headcount_needed))
    for role in roles:
        cells = []
        for f in figures:
            need = f.headcount_needed.get(role)
            staffed = f.headcount_staffed.get(role)
            cells.append(
                f"{'not reached' if need is None else need} (staffed {staffed:.1f})" if staffed is not None else "-"
            )
        rows.append((f"{role} needed", cells))
    rows.append(("Bottleneck", [f.bottleneck or "-" for f in figures]))
    width = max(len(r[0]) for r in rows) + 2
    col = max(max(len(f.name) for f in figures), *(len(c) for _, cs in rows for c in cs)) + 2
    lines = [" " * width + "".join(f"{f.name:>{col}}" for f in figures)]
    lines += [f"{label:<{width}}" + "".join(f"{c:>{col}}" for c in cells) for label, cells in rows]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    taken: set[str] = set()
    named = []
    for location in args.plans:
        opened = open_plan(location)
        named.append((location, _name(location, opened.proposal.name, opened.version.number, taken), opened.plan))
    settings = ResultSettings(scenario=args.scenario, runs=args.runs, seed=args.seed)
    figures: list[ProposalFigures] = []
    for location, name, plan in named:  # one at a time, so a plan the results refuse is named
        with naming(location):
            figures.extend(compare_proposals([(name, plan)], settings))
    if args.json:
        print(json.dumps(as_json(tuple(figures)), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(format_table(tuple(figures)))
    return 0
