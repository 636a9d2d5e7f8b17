"""The Commitments page's goal-seek buttons: each is one core call and one undo step."""

from __future__ import annotations

import pytest

from slaplanner.engine.funnel import compute_funnel
from slaplanner.plan.format import month_range_text
from ui.document import PlanDocument
from ui.pages.commitments import CommitmentsPage


@pytest.fixture
def page(qtbot, sample_plan):
    page = CommitmentsPage(PlanDocument(sample_plan))
    qtbot.addWidget(page)
    page.refresh(sample_plan)
    page.document.planChanged.connect(page.refresh)
    return page


def committed(page) -> dict[str, float]:
    return {c.segment: c.sqls_per_month for c in page.document.plan.commitments.marketing}


def test_a_quarterly_total_is_split_by_segment_and_undone_in_one_step(page, sample_plan):
    page.total.setText("1,200")
    page.total_per.setCurrentIndex(1)  # a quarter: 400 a month
    page.commit_total()
    assert sum(committed(page).values()) == 400
    assert set(committed(page)) == set(sample_plan.segments)
    page.document.undo_stack.undo()
    assert page.document.plan == sample_plan


def test_a_total_that_is_not_a_number_is_refused_in_words(page, sample_plan):
    page.total.setText("lots")
    page.commit_total()
    assert "not used" in page.message.text() and page.document.plan == sample_plan


def test_leads_for_the_commitment(page, sample_plan):
    """The sample commits 335 SQLs a month; after the button every month plans 335."""
    page.plan_leads_for_commitment()
    k = sample_plan.sql_stage_index
    assert compute_funnel(page.document.plan).forward[k] == pytest.approx((335,) * 12, rel=1e-3)
    assert "335 SQLs every month" in page.message.text()
    page.document.undo_stack.undo()
    assert page.document.plan == sample_plan


def test_commit_what_the_revenue_goal_needs(page, sample_plan):
    page.commit_revenue_goal()
    k = sample_plan.sql_stage_index
    required = compute_funnel(sample_plan).required[k]
    assert sum(committed(page).values()) == round(sum(required) / 12)
    # New-user trial: the Overview then said the commitment is below what the goal needs in Jul-Dec:
    # the button says it commits the average and names the months the goal needs more.
    total = round(sum(required) / 12)
    above = [m for m, r in zip(compute_funnel(sample_plan).months, required) if r >= total + 0.5]
    assert above and above[-1] == "2026-12"
    text = page.message.text()
    assert f"Commit the {total} SQLs a month the revenue goal needs on average." in text
    assert f"the goal needs more in {month_range_text(above)} (up to {round(max(required))})" in text
