"""``slaplanner export PLAN [--docx F] [--pdf F] [--xlsx F]``: the SLA document and the workbook.

Every file is written atomically (a temporary file replaces the target only when complete);
the results are computed once and shared by all formats, so they never disagree.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from slaplanner.funnel import SCENARIOS


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "export",
        help="write the SLA as an editable Word document, a PDF, and an executive workbook",
        description="Write the SLA document (.docx, .pdf) and the executive workbook (.xlsx). "
        "Give at least one of --docx, --pdf, --xlsx.",
    )
    parser.add_argument("plan", metavar="PLAN", help="a .slaplan or .json plan file")
    parser.add_argument("--docx", metavar="FILE", help="write the SLA document as Word (.docx)")
    parser.add_argument("--pdf", metavar="FILE", help="write the SLA document as PDF")
    parser.add_argument("--xlsx", metavar="FILE", help="write the executive workbook (.xlsx)")
    parser.add_argument(
        "--scenario", choices=SCENARIOS, default="likely", help="which conversion rates lead (default: likely)"
    )
    parser.add_argument("--doc-version", default="1.0 (draft)", help="the title page's version")
    parser.add_argument("--runs", type=int, default=300, help="simulation runs (default: 300)")
    parser.add_argument("--seed", type=int, default=20260101, help="simulation seed (default: 20260101)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not (args.docx or args.pdf or args.xlsx):
        print("slaplanner export: give at least one of --docx FILE, --pdf FILE, --xlsx FILE", file=sys.stderr)
        return 2
    from slaplanner.documents import build_document, compute_results
    from slaplanner.storage import load_plan

    plan = load_plan(args.plan)
    results = compute_results(plan, args.scenario, simulation_runs=max(0, args.runs), seed=args.seed)
    written = []
    if args.docx or args.pdf:
        document = build_document(plan, results, version=args.doc_version)
        if args.docx:
            from slaplanner.export_docx import write_docx

            write_docx(document, args.docx)
            written.append(args.docx)
        if args.pdf:
            from slaplanner.export_pdf import write_pdf

            write_pdf(document, args.pdf)
            written.append(args.pdf)
    if args.xlsx:
        from slaplanner.workbook import write_workbook

        write_workbook(plan, args.xlsx, results)
        written.append(args.xlsx)
    for path in written:
        print(f"wrote {path}")
    return 0
