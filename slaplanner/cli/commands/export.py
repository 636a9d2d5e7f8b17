"""``slaplanner export PLAN [--docx F] [--pdf F] [--xlsx F]``: the SLA document and the workbook.

:func:`export_files` does the work (the Export page calls it too): the results are computed
once and shared by all formats, so they never disagree, and every file is written atomically
(a temporary file replaces the target only when complete).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slaplanner.cli.commands._args import add_simulation_arguments
from slaplanner.engine.funnel import SCENARIOS, Scenario
from slaplanner.engine.simulation import DEFAULT_RUNS, DEFAULT_SEED
from slaplanner.plan.model import Plan


@dataclass(frozen=True)
class ExportOutcome:
    """What :func:`export_files` wrote, and the PDF's bytes when it made one (for a preview)."""

    written: tuple[Path, ...]
    pdf: bytes | None
    warnings: tuple[str, ...] = ()


#: The extension each format's file must have.
EXTENSIONS = {"docx": ".docx", "pdf": ".pdf", "xlsx": ".xlsx"}


def extension_problem(kind: str, path: str | Path) -> str | None:
    """A plain message when ``path`` does not end in the extension of ``kind`` (``docx``,
    ``pdf`` or ``xlsx``), else ``None``: a PDF written under a ``.docx`` name would not open."""
    expected = EXTENSIONS[kind]
    suffix = Path(path).suffix
    if suffix.casefold() == expected:
        return None
    got = f"ends in {suffix}" if suffix else "has no extension"
    return f"--{kind} {path}: the file name {got}; a {kind.upper()} file must end in {expected}"


def export_files(
    plan: Plan,
    *,
    docx: str | Path | None = None,
    pdf: str | Path | None = None,
    xlsx: str | Path | None = None,
    scenario: Scenario = "likely",
    version: str = "1.0 (draft)",
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportOutcome:
    """Write the chosen files for ``plan``. ``progress`` gets 0 to 1; the simulation (60 % of
    the work) stops early when ``cancelled()`` is true, raising ``SimulationCancelled``.

    Raises ``ValueError`` when a file name does not end in its format's extension or ``runs``
    is not 1 to 100,000. ``warnings`` in the outcome says when the simulation could not run.
    """
    from slaplanner.engine.simulation import MAX_RUNS
    from slaplanner.exports.document import build_document, compute_results

    for kind, target in (("docx", docx), ("pdf", pdf), ("xlsx", xlsx)):
        problem = extension_problem(kind, target) if target else None
        if problem:
            raise ValueError(problem)
    if not 1 <= runs <= MAX_RUNS:
        raise ValueError(f"runs: {runs} is out of range; give 1 to {MAX_RUNS:,} simulation runs")

    def report(fraction: float) -> None:
        if progress is not None:
            progress(fraction)

    results = compute_results(
        plan, scenario, simulation_runs=runs, seed=seed,
        progress=lambda f: report(0.6 * f), cancelled=cancelled,
    )  # fmt: skip
    report(0.6)
    written: list[Path] = []
    pdf_data: bytes | None = None
    if docx or pdf:
        document = build_document(plan, results, version=version)
        report(0.75)
        if docx:
            from slaplanner.exports.docx import write_docx

            write_docx(document, docx)
            written.append(Path(docx))
            report(0.82)
        if pdf:
            from slaplanner.exports.pdf import pdf_bytes
            from slaplanner.files import atomic_write

            data = pdf_data = pdf_bytes(document)
            atomic_write(Path(pdf), lambda tmp: tmp.write_bytes(data))
            written.append(Path(pdf))
            report(0.9)
    if xlsx:
        from slaplanner.exports.workbook import write_workbook

        write_workbook(plan, xlsx, results)
        written.append(Path(xlsx))
    report(1.0)
    warnings = (results.simulation_note,) if results.simulation is None and plan.team.roles else ()
    return ExportOutcome(tuple(written), pdf_data, warnings)


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
    from slaplanner.storage import load_plan

    outcome = export_files(
        load_plan(args.plan), docx=args.docx, pdf=args.pdf, xlsx=args.xlsx, scenario=args.scenario,
        version=args.doc_version, runs=args.runs, seed=args.seed,
    )  # fmt: skip
    for path in outcome.written:
        print(f"wrote {path}")
    for warning in outcome.warnings:
        print(f"slaplanner export: warning: {warning}", file=sys.stderr)
    return 0
