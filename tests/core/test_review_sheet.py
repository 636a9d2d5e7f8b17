"""Issue 11: the executive workbook gets a Review sheet when the agreement keeps actuals."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook, load_workbook

from slaplanner.cli.main import main
from slaplanner.engine.review import review
from slaplanner.exports.review_sheet import add_review_sheet
from slaplanner.imports.actuals import read_actuals
from slaplanner.plan.commitments import SqlCommitment
from slaplanner.storage import save_plan
from slaplanner.storage.actuals import save_actuals

SMALL = Path(__file__).parents[1] / "data" / "actuals-small.csv"


def test_export_of_a_plan_file_with_actuals_has_a_review_sheet(sample_plan, tmp_path, capsys):
    path = tmp_path / "sla.slaplan"
    save_plan(sample_plan, path)
    actuals = read_actuals(SMALL, time_zone="America/New_York", imported_at="2026-04-01T09:00:00+00:00")
    save_actuals(path, actuals)
    book = tmp_path / "sla.xlsx"
    assert main(["export", str(path), "--xlsx", str(book), "--runs", "20"]) == 0
    ws = load_workbook(book)["Review"]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    text = " ".join(str(v) for row in cells for v in row if v is not None)
    expected = review(sample_plan, actuals)
    assert "actuals-small.csv" in text and "imported 1 Apr 2026" in text
    assert all(v.subject in text for v in expected.verdicts)
    delivered = next(row for row in cells if row[0] == "All segments" and row[1] == "delivered")
    assert delivered[2 + len(expected.marketing.months)] == expected.marketing.total.total_delivered


def test_review_sheet_counts_the_leads_and_judges_marketing_by_segment(sample_plan, tmp_path):
    """The small file (14 leads kept of 15 rows) on a plan committing 3 Mid-Market, 1 SMB and 1
    Enterprise SQLs a month: 10 of 10 in total but Mid-Market short, so the sheet's Marketing row
    says MISSED with the reason, as the Review page and the command line do."""
    plan = replace(
        sample_plan,
        commitments=replace(
            sample_plan.commitments,
            marketing=(SqlCommitment("Mid-Market", 3), SqlCommitment("SMB", 1), SqlCommitment("Enterprise", 1)),
        ),
    )
    actuals = read_actuals(SMALL, time_zone="America/New_York", imported_at="2026-04-01T09:00:00+00:00")
    wb = Workbook()
    add_review_sheet(wb, review(plan, actuals))
    cells = [[c.value for c in row] for row in wb["Review"].iter_rows()]
    text = " ".join(str(v) for row in cells for v in row if v is not None)
    assert "14 leads, 10 SQLs" in text
    marketing = next(row for row in cells if row[0] == "Marketing SQLs")
    assert marketing[1] == "MISSED" and "but Mid-Market fell short" in marketing[2]


def test_without_actuals_there_is_no_review_sheet(sample_plan, tmp_path):
    path = tmp_path / "sla.slaplan"
    save_plan(sample_plan, path)
    book = tmp_path / "sla.xlsx"
    assert main(["export", str(path), "--xlsx", str(book), "--runs", "20"]) == 0
    assert "Review" not in load_workbook(book).sheetnames
