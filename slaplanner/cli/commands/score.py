"""``slaplanner score PLAN LEADS.csv [--json]``: what the plan's definitions make of a lead export.

Prints the leads counted in each stage per month (cohort view: the month a lead was created),
the conversion rates they imply, and the rows that were rejected with their row number and
reason. ``--json`` prints one object with the keys ``months``, ``stages``, ``counts`` (stage ->
one count per month), ``by_source``, ``rates``, ``rejected_rows`` (row, column, reason),
``warnings``, ``formula_cells`` and totals. Exit 0 when scored, 1 when the plan is invalid,
2 when the file cannot be read (a column mapping is needed: pass ``--map "Header=field"``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from slaplanner.cli.commands._json import print_json
from slaplanner.cli.commands._plans import open_plan
from slaplanner.engine.scoring import ScoreSummary, summarise
from slaplanner.imports.leads import ColumnMappingNeeded, LeadFileError, mapping_target_problem, read_leads
from slaplanner.plan.format import count_text

SHOWN_PROBLEMS = 20


def register(sub: Any) -> None:
    parser = sub.add_parser("score", help="apply the plan's qualification definitions to a lead export (CSV)")
    parser.add_argument("plan", metavar="PLAN", help="a .slaplan or .json plan file")
    parser.add_argument("leads", metavar="LEADS.csv", help="a lead export (HubSpot, Salesforce or mapped CSV)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help="say what a column holds, e.g. 'Signup=created' or 'Plan Views=event:pricing_page_view:count' "
        "(repeatable; FIELD 'ignore' drops the column)",
    )
    order = parser.add_mutually_exclusive_group()
    order.add_argument(
        "--dayfirst", dest="dayfirst", action="store_true", default=None, help="read 01/02/2025 as 1 Feb"
    )
    order.add_argument("--monthfirst", dest="dayfirst", action="store_false", help="read 01/02/2025 as 2 Jan")
    parser.set_defaults(func=run)


def _mapping(items: list[str], known: tuple[str, ...] = ()) -> dict[str, str]:
    mapping = {}
    for item in items:
        header, sep, target = item.rpartition("=")
        if not sep or not header.strip() or not target.strip():
            raise LeadFileError(f"--map {item!r}: allowed: HEADER=FIELD, e.g. 'Signup Date=created'")
        problem = mapping_target_problem(target.strip(), known)
        if problem:
            raise LeadFileError(f"--map {item!r}: {problem}")
        mapping[header.strip()] = target.strip()
    return mapping


def run(args: argparse.Namespace) -> int:
    plan = open_plan(args.plan).plan
    try:
        defs = plan.definitions
        tested = tuple(c.field for c in (*defs.fit, *defs.disqualifiers))
        imported = read_leads(args.leads, mapping=_mapping(args.map, tested), dayfirst=args.dayfirst)
    except ColumnMappingNeeded as error:
        print(f"slaplanner: {error}", file=sys.stderr)
        print(
            "slaplanner: map the columns with --map, e.g. --map 'Signup Date=created' --map 'Channel=source'",
            file=sys.stderr,
        )
        return 2
    except LeadFileError as error:
        print(f"slaplanner: {error}", file=sys.stderr)
        return 2
    summary = summarise(plan, imported)
    if args.json:
        return print_json(summary.to_dict(), what="the scoring")
    print(format_summary(args.leads, summary))
    return 0


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.1%}"


def format_summary(name: str, summary: ScoreSummary) -> str:
    """The summary as a plain-text report: months down, stages across."""
    stages = summary.stages
    width = max(8, *(len(s) + 2 for s in stages))
    head = f"{'Month':<9}" + "".join(f"{s:>{width}}" for s in stages)
    lines = [
        f"{name}: {count_text(summary.leads_scored, 'lead')} scored, "
        f"{count_text(len(summary.rejected_rows), 'row')} rejected, {summary.disqualified:,} disqualified, "
        f"{count_text(summary.fast_lane, 'hand-raiser')} (fast lane)",
        "",
        head,
        "-" * len(head),
    ]
    for m, month in enumerate(summary.months):
        lines.append(f"{month:<9}" + "".join(f"{summary.counts[s][m]:>{width},}" for s in stages))
    lines.append("-" * len(head))
    lines.append(f"{'Total':<9}" + "".join(f"{sum(summary.counts[s]):>{width},}" for s in stages))
    lines.append("")
    lines.append(
        "Conversion rates: "
        + ", ".join(f"{a} -> {b} {_pct(r)}" for a, b, r in zip(stages, stages[1:], summary.rates, strict=False))
    )
    lines.extend(_by_source(summary))
    if summary.missing_fields:
        lines.append(
            "Fields the definitions use but the file lacks (never match): " + ", ".join(summary.missing_fields)
        )
    for title, problems in (
        ("Rejected rows", summary.rejected_rows),
        ("Warnings", summary.warnings),
        ("Cells that look like formulas (kept as plain text)", summary.formula_cells),
    ):
        if problems:
            lines.append("")
            lines.append(f"{title} ({len(problems):,}):")
            lines.extend(f"  {p}" for p in problems[:SHOWN_PROBLEMS])
            if len(problems) > SHOWN_PROBLEMS:
                lines.append(f"  ... and {len(problems) - SHOWN_PROBLEMS:,} more (see --json)")
    return "\n".join(lines)


def _by_source(summary: ScoreSummary) -> list[str]:
    """Totals per source and stage, with the source's lead-to-MQL and MQL-to-SQL rates."""
    stages = summary.stages
    width = max(8, *(len(s) + 2 for s in stages))
    name_width = max([len("Source"), *(len(s) for s in summary.by_source)]) + 2
    head = f"{'Source':<{name_width}}" + "".join(f"{s:>{width}}" for s in stages)
    lines = ["", "By source (all months):", head, "-" * len(head)]
    for source, counts in summary.by_source.items():
        lines.append(f"{source:<{name_width}}" + "".join(f"{sum(counts[s]):>{width},}" for s in stages))
    return lines
