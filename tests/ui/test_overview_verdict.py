"""The Overview's verdict judges month by month and against marketing's SQL commitment."""

from __future__ import annotations

from dataclasses import replace

from slaplanner.plan.commitments import Commitments, SqlCommitment
from slaplanner.plan.edits import Edit


def overview(window):
    index = next(i for i, p in enumerate(window.pages) if p.title == "Overview")
    window.show_page(index)
    return window.pages[index]


def test_sample_is_short_in_some_months_although_the_year_has_spare(window):
    """The sample plans 4,262 SQLs against 4,062 required over the year, but July, August and
    December are planned below their need (285 < 339, 276 < 352, 283 < 388): the verdict must
    say so rather than "on track"."""
    text = overview(window).headline.text()
    assert "On track" not in text
    assert "Short in 3 of 12 months" in text
    assert "Jul 2026" in text and "Aug 2026" in text and "Dec 2026" in text


def test_commitment_met_in_every_month_is_said(window):
    doc = window.document
    plan = doc.plan
    low_commitment = replace(plan.commitments, marketing=(SqlCommitment("SMB", 100.0),))
    doc.apply(Edit(("commitments",), low_commitment, "Lower commitment"))
    assert "the plan meets it in every month" in overview(window).headline.text()
    doc.apply(Edit(("commitments",), Commitments(response=plan.commitments.response), "No commitment"))
    assert "Marketing commits" not in overview(window).headline.text()


def test_commitments_page_marks_planned_figures_below_the_commitment(window, qtmodeltester):
    """Sample: Mid-Market commits 165 SQLs a month; its lowest planned month is about 126, its
    average about 172 -> only the lowest month is marked."""
    from ui.qt import Qt

    index = window.page_named("Commitments")
    window.show_page(index)
    model = window.pages[index].marketing_model
    row = window.document.plan.segments.index("Mid-Market")
    assert model.below_commitment(row, 2) and not model.below_commitment(row, 1)
    assert model.data(model.index(row, 2), Qt.ItemDataRole.ForegroundRole) is not None
    qtmodeltester.check(model)
