"""The executive workbook's "Review" sheet: last quarter's actuals against the SLA (issue 11).

Values, not formulas: they come from the actuals imported into the agreement (the sheet says
from which file and when), reviewed by :func:`slaplanner.engine.review.review` exactly as the
Review page, ``slaplanner review`` and the scorecard show them.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from slaplanner.engine.review import Review
from slaplanner.exports.workbook_style import BASE_SIZE, BLOCK_FONT, COUNT, FONT_NAME, RATE, _header, _title, put_text
from slaplanner.plan.format import fmt_timestamp, month_label

MET_FONT = Font(name=FONT_NAME, size=BASE_SIZE, bold=True, color="2E7D32")
MISSED_FONT = Font(name=FONT_NAME, size=BASE_SIZE, bold=True, color="C62828")


def add_review_sheet(wb: Workbook, review: Review) -> None:
    """Add the "Review" sheet for ``review`` to ``wb``."""
    ws = wb.create_sheet("Review")
    first, last = review.period
    when = fmt_timestamp(review.imported_at) if review.imported_at else "an earlier import"
    _title(
        ws,
        f"Review: {month_label(first)} to {month_label(last)}",
        f"Actuals from {review.file_name} (imported {when}; {review.leads:,} leads, {review.sqls:,} SQLs). "
        "Values from the review, not formulas.",
    )
    row = 4
    put_text(ws.cell(row=row, column=1), "Verdicts")
    ws.cell(row=row, column=1).font = BLOCK_FONT
    row += 1
    _header(ws, row, ("Commitment", "Verdict", "What happened"))
    for v in review.verdicts:
        row += 1
        put_text(ws.cell(row=row, column=1), v.subject)
        word = ("not judged" if v.cannot_judge else "info") if v.met is None else ("met" if v.met else "MISSED")
        put_text(ws.cell(row=row, column=2), word)
        ws.cell(row=row, column=2).font = (
            MET_FONT if v.met else (MISSED_FONT if v.met is False else Font(name=FONT_NAME, size=BASE_SIZE))
        )
        put_text(ws.cell(row=row, column=3), v.text)

    row += 2
    put_text(ws.cell(row=row, column=1), "Marketing: SQLs delivered against committed, per month")
    ws.cell(row=row, column=1).font = BLOCK_FONT
    row += 1
    months = review.marketing.months
    _header(ws, row, ("Segment", "", *(month_label(m) for m in months), "Period"))
    for line in (review.marketing.total, *review.marketing.segments):
        amounts = (
            ("committed", (*line.committed, line.total_committed)),
            ("delivered", (*(float(v) for v in line.delivered), float(line.total_delivered))),
        )
        for label, figures in amounts:
            row += 1
            put_text(ws.cell(row=row, column=1), line.segment or "All segments")
            put_text(ws.cell(row=row, column=2), label)
            for j, amount in enumerate(figures):
                if amount is None:  # a month outside the plan's months: no commitment
                    put_text(ws.cell(row=row, column=3 + j), "-")
                    continue
                cell = ws.cell(row=row, column=3 + j, value=float(amount))
                cell.number_format = COUNT

    row += 2
    put_text(
        ws.cell(row=row, column=1), "Sales: each tier against its commitment (share of SQLs, with the leads behind it)"
    )
    ws.cell(row=row, column=1).font = BLOCK_FONT
    row += 1
    _header(
        ws,
        row,
        ("Tier", "SQLs", "Within target", "Median (min)", "9 in 10 within (min)", "Agreed touches", "Accept in time"),
    )
    for t in review.response:
        row += 1
        put_text(ws.cell(row=row, column=1), t.tier)
        ws.cell(row=row, column=2, value=t.n).number_format = COUNT
        shares = (
            t.within.share,
            None,
            None,
            t.touches.share if t.touches else None,
            t.accept.share if t.accept else None,
        )
        for col, share in zip((3, 6, 7), (shares[0], shares[3], shares[4])):
            if share is not None:
                ws.cell(row=row, column=col, value=share).number_format = RATE
        for col, minutes in ((4, t.median_minutes), (5, t.p90_minutes)):
            if minutes is not None:
                ws.cell(row=row, column=col, value=round(minutes, 1))

    row += 2
    put_text(ws.cell(row=row, column=1), "The funnel, planned against actual")
    ws.cell(row=row, column=1).font = BLOCK_FONT
    row += 1
    funnel = review.funnel
    _header(ws, row, ("Stage", "", *(month_label(m) for m in funnel.months)))
    for k, stage in enumerate(funnel.stages):
        stage_lines: tuple[tuple[str, tuple[float | None, ...]], ...] = (
            ("planned", funnel.planned[k]),
            ("actual", tuple(float(v) for v in funnel.actual[k])),
        )
        for label, values in stage_lines:
            row += 1
            put_text(ws.cell(row=row, column=1), stage)
            put_text(ws.cell(row=row, column=2), label)
            for j, value in enumerate(values):
                if value is not None:
                    ws.cell(row=row, column=3 + j, value=float(value)).number_format = COUNT

    row += 2
    put_text(ws.cell(row=row, column=1), "Leads that broke a commitment, by owner")
    ws.cell(row=row, column=1).font = BLOCK_FONT
    row += 1
    _header(ws, row, ("Owner", "Leads"))
    for owner, count in review.broken_by_owner().items():
        row += 1
        put_text(ws.cell(row=row, column=1), owner)
        ws.cell(row=row, column=2, value=count).number_format = COUNT

    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 60
    for col in range(4, 4 + max(len(months), len(funnel.months)) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 12
    ws.print_title_rows = "1:2"
