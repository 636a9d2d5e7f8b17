"""Table models: a cell edit is applied and validated once, and undo/redo rebuild nothing."""

from __future__ import annotations

import pytest

from slaplanner.plan.model import Plan
from ui.document import PlanDocument
from ui.pages._records import Column, RecordTableModel
from ui.qt import Qt

EditRole = Qt.ItemDataRole.EditRole


@pytest.fixture
def plan_builds(monkeypatch):
    """Counts the plans built (each build validates the whole plan)."""
    count = [0]
    original = Plan.__post_init__

    def counting(self):
        count[0] += 1
        original(self)

    monkeypatch.setattr(Plan, "__post_init__", counting)
    return count


def baseline_model(qtbot, plan: Plan) -> RecordTableModel:
    document = PlanDocument(plan)
    return RecordTableModel(document, ("sources",), (Column("Baseline", "baseline"),), "name")


def test_a_cell_edit_builds_the_plan_once(qtbot, sample_plan, plan_builds):
    model = baseline_model(qtbot, sample_plan)
    assert model.setData(model.index(0, 0), "321", EditRole)
    assert model.document.plan.sources[0].baseline == 321.0
    assert plan_builds[0] == 1


def test_a_refused_cell_edit_is_refused_by_the_record_and_builds_no_plan(qtbot, sample_plan, plan_builds):
    model = baseline_model(qtbot, sample_plan)
    assert not model.setData(model.index(0, 0), "-5", EditRole)
    assert model.document.plan is sample_plan
    assert plan_builds[0] == 0  # the source refused it before any plan was built


def test_a_pasted_block_builds_the_plan_once_per_cell_and_undo_redo_build_nothing(qtbot, sample_plan, plan_builds):
    model = baseline_model(qtbot, sample_plan)
    assert model.paste(0, 0, [["10"], ["20"], ["30"]]) is None
    assert [s.baseline for s in model.document.plan.sources[:3]] == [10.0, 20.0, 30.0]
    assert plan_builds[0] == 3
    model.document.undo_stack.undo()
    assert model.document.plan == sample_plan
    model.document.undo_stack.redo()
    assert model.document.plan.sources[2].baseline == 30.0
    assert plan_builds[0] == 3
    assert model.document.undo_stack.count() == 1


def test_record_model_passes_the_model_tester(qtbot, qtmodeltester, sample_plan):
    qtmodeltester.check(baseline_model(qtbot, sample_plan), force_py=True)
