"""Write the chosen exports from one set of results.

:func:`export_files` is what the command line's ``export`` and the window's Export page both
call: the results come from :mod:`slaplanner.results` once (with the settings the user chose:
rate level, runs, seed) and every format reads them, so the Word file, the PDF and the workbook
never disagree with each other or with the screen. Every file is written atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slaplanner.errors import PlanFileError
from slaplanner.exports.context import AgreementFacts, ExportContext, agreement_facts
from slaplanner.plan.model import Plan
from slaplanner.results import PlanResults, ResultSettings, ResultsService, compute_results

__all__ = ["EXTENSIONS", "ExportContext", "ExportOutcome", "export_files", "extension_problem"]

#: The extension each format's file must have.
EXTENSIONS = {"docx": ".docx", "pdf": ".pdf", "xlsx": ".xlsx"}


@dataclass(frozen=True)
class ExportOutcome:
    """What :func:`export_files` wrote, the results it wrote them from, and the PDF's bytes
    when it made one (for a preview)."""

    written: tuple[Path, ...]
    pdf: bytes | None
    warnings: tuple[str, ...] = ()
    results: PlanResults | None = None
    facts: AgreementFacts | None = None


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
    settings: ResultSettings | None = None,
    version: str = "",
    service: ResultsService | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    context: ExportContext | None = None,
) -> ExportOutcome:
    """Write the chosen files for ``plan`` with ``settings`` (default: likely rates and the
    app's simulation runs and seed). ``progress`` gets 0 to 1; the simulations (70 % of the
    work) stop early when ``cancelled()`` is true, raising ``SimulationCancelled``. With a
    ``service``, a simulation it already holds for this plan, runs and seed is reused.

    ``context`` names the agreement, proposal and version ``plan`` comes from (default: the
    plan on its own, one proposal's version 1): the document states its status, fingerprint,
    signatures and changes, and the workbook compares every proposal of the agreement (each
    other proposal's latest version is computed with the same settings). ``version`` is an
    optional reference for the title page.

    Raises ``ValueError`` when a file name does not end in its format's extension.
    ``warnings`` in the outcome says when the simulation could not run.
    """
    from slaplanner.exports.document import build_document

    settings = settings or ResultSettings()
    for kind, target in (("docx", docx), ("pdf", pdf), ("xlsx", xlsx)):
        problem = extension_problem(kind, target) if target else None
        if problem:
            raise ValueError(problem)
        folder = Path(target).parent if target else None
        if folder is not None and str(folder) and not folder.is_dir():  # said before a long simulation
            raise PlanFileError(f"{target}: the folder {folder} does not exist")

    def report(fraction: float) -> None:
        if progress is not None:
            progress(fraction)

    context = context or ExportContext.of_plan(plan)
    facts = agreement_facts(context, plan)
    others = [n for n in context.named_plans(plan) if not context.is_exported(n[0])] if xlsx else []
    share = 0.7 / (1 + len(others))  # of the progress bar, per simulation
    service = service or ResultsService()
    results = service.results(plan, settings, progress=lambda f: report(share * f), cancelled=cancelled)
    report(share)
    columns = _proposal_columns(context, plan, results, settings, share, report, cancelled) if xlsx else ()
    report(0.7)
    written: list[Path] = []
    pdf_data: bytes | None = None
    if docx or pdf:
        document = build_document(plan, results, version=version, context=context)
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

        review_of = None
        if context is not None and context.actuals is not None:
            from slaplanner.engine.review import review

            review_of = review(plan, context.actuals)
        write_workbook(plan, xlsx, results, facts=facts, proposals=columns, review=review_of)
        written.append(Path(xlsx))
    report(1.0)
    warnings = (results.simulation_note,) if results.simulation is None and plan.team.roles else ()
    return ExportOutcome(tuple(written), pdf_data, warnings, results, facts)


def _proposal_columns(
    context: ExportContext,
    plan: Plan,
    results: PlanResults,
    settings: ResultSettings,
    share: float,
    report: Callable[[float], None],
    cancelled: Callable[[], bool] | None,
) -> tuple[Any, ...]:
    """The Proposals sheet's columns: the exported plan from its results, every other proposal's
    latest version computed with the same settings (through the one results service's function)."""
    from slaplanner.exports.workbook import ProposalColumn
    from slaplanner.negotiation.compare import figures_of

    agreement = context.agreement
    columns: list[ProposalColumn] = []
    done = 0
    for name, number, p in context.named_plans(plan):
        if context.is_exported(name):
            status = agreement_facts(context, plan).status_text
            columns.append(ProposalColumn(figures_of(name, plan, results), number, status, exported=True))
            continue
        done += 1

        def part(f: float, lo: float = share * done) -> None:
            report(lo + share * f)

        other = compute_results(p, settings, progress=part, cancelled=cancelled)
        status = agreement_facts(ExportContext(agreement, name, number), p).status_text
        columns.append(ProposalColumn(figures_of(name, p, other), number, status))
    return tuple(columns)
