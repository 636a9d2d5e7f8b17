"""``slaplanner export PLAN [--docx F] [--pdf F] [--xlsx F]``: the SLA document and the workbook.

The work is :func:`slaplanner.exports.service.export_files`, which the Export page calls too.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from slaplanner.cli.commands._args import add_simulation_arguments
from slaplanner.engine.funnel import SCENARIOS
from slaplanner.exports.service import ExportContext, export_files, extension_problem
from slaplanner.results import ResultSettings


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "export",
        help="write the SLA as an editable Word document, a PDF, and an executive workbook",
        description="Write the SLA document (.docx, .pdf) and the executive workbook (.xlsx). "
        "Give at least one of --docx, --pdf, --xlsx.",
    )
    parser.add_argument(
        "plan",
        metavar="PLAN",
        help="a .slaplan or .json plan file, or FILE#PROPOSAL[@VERSION] (default: the latest agreed version, "
        "else the first proposal's latest)",
    )
    parser.add_argument("--docx", metavar="FILE", help="write the SLA document as Word (.docx)")
    parser.add_argument("--pdf", metavar="FILE", help="write the SLA document as PDF")
    parser.add_argument("--xlsx", metavar="FILE", help="write the executive workbook (.xlsx)")
    parser.add_argument(
        "--scenario", choices=SCENARIOS, default="likely", help="which conversion rates lead (default: likely)"
    )
    parser.add_argument(
        "--doc-version",
        default="",
        metavar="TEXT",
        help="a reference for the title page (the proposal, version and status are always named)",
    )
    add_simulation_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not (args.docx or args.pdf or args.xlsx):
        print("slaplanner export: give at least one of --docx FILE, --pdf FILE, --xlsx FILE", file=sys.stderr)
        return 2
    for kind in ("docx", "pdf", "xlsx"):
        target = getattr(args, kind)
        problem = extension_problem(kind, target) if target else None
        if problem:
            print(f"slaplanner export: {problem}", file=sys.stderr)
            return 2
    from slaplanner.cli.commands._plans import open_plan
    from slaplanner.storage.actuals import actuals_at

    opened = open_plan(args.plan, warn=False)  # said below, as the export's
    for warning in opened.warnings():
        print(f"slaplanner export: warning: {warning}", file=sys.stderr)
    settings = ResultSettings(scenario=args.scenario, runs=args.runs, seed=args.seed)
    context = ExportContext(opened.agreement, opened.proposal.name, opened.version.number, actuals_at(args.plan))
    outcome = export_files(
        opened.plan, docx=args.docx, pdf=args.pdf, xlsx=args.xlsx, settings=settings,
        version=args.doc_version, context=context,
    )  # fmt: skip
    for path in outcome.written:
        print(f"wrote {path}")
    for warning in outcome.warnings:
        print(f"slaplanner export: warning: {warning}", file=sys.stderr)
    return 0
