"""``slaplanner review PLAN ACTUALS.csv [--json] [--map HEADER=FIELD ...] [--dayfirst|--monthfirst] [--pdf FILE]``.

Reviews last quarter's actuals against the plan's commitments: marketing's SQLs delivered
against committed (total and per segment), sales' first touch, touches and decisions per tier,
the funnel planned against actual, and the leads that broke a commitment. ``--json`` prints one
object (keys ``period``, ``marketing``, ``response``, ``funnel``, ``rejected_rows``,
``warnings`` and more); ``--pdf FILE`` writes the one-page quarterly scorecard. Exit 0 when
every commitment was met, 1 when one was missed, 2 on a usage or file error (an invalid plan
too, since 1 means a commitment was missed; a ``--pdf`` name not ending in ``.pdf``, as ``export``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from slaplanner.cli.commands._plans import TROUBLE, open_plan
from slaplanner.engine.review import Review, review
from slaplanner.imports.actuals import (
    ACTUALS_FIELDS,
    ColumnMappingNeeded,
    LeadFileError,
    parse_map_options,
    read_actuals,
    team_calendar,
)
from slaplanner.imports.leads import no_leads_text
from slaplanner.plan.format import fmt_count

SHOWN = 20


def register(sub: Any) -> None:
    parser = sub.add_parser("review", help="review last quarter's actuals (a lead export) against the SLA")
    parser.add_argument("plan", metavar="PLAN", help="a .slaplan or .json plan file")
    parser.add_argument("actuals", metavar="ACTUALS.csv", help="a lead export with the dates leads moved")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--pdf", metavar="FILE", help="write the one-page quarterly scorecard (PDF)")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help="say what a column holds, e.g. 'SQL Date=became_sql_at' (repeatable; fields: "
        + ", ".join(ACTUALS_FIELDS)
        + "; 'ignore' drops the column)",
    )
    order = parser.add_mutually_exclusive_group()
    order.add_argument(
        "--dayfirst", dest="dayfirst", action="store_true", default=None, help="read 01/02/2026 as 1 Feb"
    )
    order.add_argument("--monthfirst", dest="dayfirst", action="store_false", help="read 01/02/2026 as 2 Jan")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.pdf:
        from slaplanner.exports.service import extension_problem  # the check export makes

        problem = extension_problem("pdf", args.pdf)
        if problem:
            print(f"slaplanner review: {problem}", file=sys.stderr)
            return 2
    plan = open_plan(args.plan, invalid_exit=TROUBLE).plan  # exit 1 means "a commitment missed" here
    try:
        actuals = read_actuals(
            args.actuals,
            time_zone=team_calendar(plan).time_zone,
            mapping=parse_map_options(args.map),
            dayfirst=args.dayfirst,
        )
    except ColumnMappingNeeded as error:
        print(f"slaplanner: {error}", file=sys.stderr)
        print("slaplanner: map the columns with --map, e.g. --map 'Signup Date=created_at'", file=sys.stderr)
        return 2
    except LeadFileError as error:
        print(f"slaplanner: {error}", file=sys.stderr)
        return 2
    if not len(actuals):
        print(f"slaplanner: {no_leads_text(args.actuals, actuals.rejected, actuals.rows_read)}", file=sys.stderr)
        return 2
    result = review(plan, actuals)
    if args.pdf:
        from slaplanner.exports.scorecard import write_scorecard

        write_scorecard(result, args.pdf)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_review(result))
    return 0 if result.all_met else 1


def format_review(r: Review) -> str:
    """The review as plain text: the verdicts, the months, the leads that broke a commitment."""
    first, last = r.period
    lines = [
        f"{r.plan_name}: review of {first} to {last} from {r.file_name} "
        f"({fmt_count(r.leads)} leads, {fmt_count(r.sqls)} SQLs, times in {r.time_zone})",
        "",
    ]
    lines.extend(("MET     " if v.met else "MISSED  " if v.met is False else "        ") + v.text for v in r.verdicts)
    m = r.marketing
    lines += ["", f"{'Month':<9}{'Committed':>11}{'Delivered':>11}{'Accepted':>10}"]
    not_judged = dict(m.not_judged)
    accepted = m.accepted_by_month or tuple(a.hits for a in m.acceptance_by_month)
    for i, month in enumerate(r.months):
        committed = m.total.committed[i]
        why = not_judged.get(month)
        lines.append(
            f"{month:<9}{'-' if committed is None else fmt_count(committed):>11}{m.total.delivered[i]:>11,}"
            f"{accepted[i]:>10,}" + (f"  not judged: {why}" if why else "")
        )
    if r.broken:
        lines += ["", f"Leads that broke a commitment ({len(r.broken):,}; by owner: "]
        lines[-1] += ", ".join(f"{owner} {count:,}" for owner, count in r.broken_by_owner().items()) + "):"
        lines.extend(
            f"  row {b.row} {b.lead_id} {b.owner or '(no owner)'} [{b.tier}] {b.commitment}: {b.detail}"
            for b in r.broken[:SHOWN]
        )
        if len(r.broken) > SHOWN:
            lines.append(f"  ... and {len(r.broken) - SHOWN:,} more (see --json)")
    for title, items in (("Rejected rows", [str(p) for p in r.rejected_rows]), ("Warnings", list(r.warnings))):
        if items:
            lines += ["", f"{title} ({len(items):,}):"]
            lines.extend(f"  {x}" for x in items[:SHOWN])
            if len(items) > SHOWN:
                lines.append(f"  ... and {len(items) - SHOWN:,} more (see --json)")
    return "\n".join(lines)
