"""PlanDocument: edits through the core, one undo step per edit (merged when typing), refusals."""

from __future__ import annotations

import pytest

from slaplanner.errors import ValidationError
from slaplanner.plan.edits import Edit
from ui.document import PlanDocument


def test_apply_changes_plan_and_undo_restores(qtbot, sample_plan):
    doc = PlanDocument(sample_plan)
    with qtbot.waitSignal(doc.planChanged) as blocker:
        doc.apply(Edit(("terms", "average_deal_size"), 30000.0, "Deal size"))
    assert blocker.args[0].terms.average_deal_size == 30000.0
    assert doc.is_modified
    assert doc.undo_stack.undoText() == "Deal size"
    doc.undo_stack.undo()
    assert doc.plan.terms.average_deal_size == 24000.0
    assert not doc.is_modified
    doc.undo_stack.redo()
    assert doc.plan.terms.average_deal_size == 30000.0


def test_typing_in_one_field_merges_into_one_step(sample_plan):
    doc = PlanDocument(sample_plan)
    for value in (2.0, 25.0, 250.0):
        doc.apply(Edit(("sources", 0, "baseline"), value, "Baseline", merge_key="baseline-0"))
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.plan.sources[0].baseline == sample_plan.sources[0].baseline


def test_different_fields_do_not_merge(sample_plan):
    doc = PlanDocument(sample_plan)
    doc.apply(Edit(("sources", 0, "baseline"), 2.0, "Baseline", merge_key="a"))
    doc.apply(Edit(("sources", 1, "baseline"), 2.0, "Baseline", merge_key="b"))
    assert doc.undo_stack.count() == 2


def test_refused_edit_changes_nothing_and_says_why(qtbot, sample_plan):
    doc = PlanDocument(sample_plan)
    with qtbot.assertNotEmitted(doc.planChanged), qtbot.waitSignal(doc.editRefused) as refused:
        message = doc.try_apply(Edit(("terms", "marketing_share"), 1.7, "Share"))
    assert message.startswith("Marketing's share: 1.7 is not allowed") and "marketing_share" not in message
    assert refused.args[0] == message
    assert doc.plan == sample_plan
    assert doc.undo_stack.count() == 0
    with pytest.raises(ValidationError):
        doc.apply(Edit(("terms", "marketing_share"), -1.0, "Share"))


def test_block_of_edits_is_one_step_and_all_or_nothing(sample_plan):
    doc = PlanDocument(sample_plan)
    good = [Edit(("sources", 4, "monthly_leads", m), 10.0 * m) for m in range(3)]
    doc.apply_all(good, "Paste 3 cells")
    assert doc.plan.sources[4].monthly_leads[:3] == (0.0, 10.0, 20.0)
    assert doc.undo_stack.count() == 1
    bad = [Edit(("sources", 4, "monthly_leads", 0), 5.0), Edit(("sources", 4, "monthly_leads", 1), -5.0)]
    before = doc.plan
    assert doc.try_apply_all(bad, "Paste") is not None
    assert doc.plan is before
    doc.undo_stack.undo()
    assert doc.plan == sample_plan
