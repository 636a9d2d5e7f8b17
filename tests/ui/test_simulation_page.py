"""The Simulation page: runs on a worker thread with progress and Cancel, shows the result."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ui.document import PlanDocument
from ui.pages.simulation import SimulationPage, analytic_estimate


@pytest.fixture
def page(qtbot, sample_plan):
    page = SimulationPage(PlanDocument(sample_plan))
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.refresh(sample_plan)
    page.runs.setValue(200)
    return page


def test_run_shows_the_result_and_charts(qtbot, page):
    seen = []
    page.start()
    assert not page.run_button.isEnabled() and page.cancel_button.isEnabled()
    task = page.task
    task.progressed.connect(seen.append)
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    assert page.result is not None and page.result.runs == 200
    assert page.progress.value() == 100
    assert "Hot" in page.summary.text() and "Bottleneck" in page.summary.text()
    assert page.run_button.isEnabled() and not page.cancel_button.isEnabled()
    for chart in (page.fan, page.first_touch, page.heatmap, page.headcount):
        assert chart.figure.axes, "chart left empty"
    assert seen == sorted(seen)


def test_cancel_stops_the_run_and_keeps_the_window_usable(qtbot, page):
    page.runs.setValue(50_000)
    page.start()
    task = page.task
    with qtbot.waitSignal(task.cancelled, timeout=30_000), qtbot.waitSignal(task.finished, timeout=30_000):
        page.cancel()
    assert page.result is None
    assert "Cancelled" in page.summary.text()
    assert page.run_button.isEnabled()


def test_impossible_plan_shows_the_message(qtbot, page, sample_plan):
    sdr = sample_plan.team.roles[0]
    plan = replace(sample_plan, team=replace(sample_plan.team, roles=(replace(sdr, headcount=(0,)),)))
    page.document.reset(plan)
    page.start()
    with qtbot.waitSignal(page.task.finished, timeout=30_000):
        pass
    assert "at least 1 SDR" in page.summary.text()
    assert page.result is None


def test_analytic_estimate_is_live(sample_plan):
    text = analytic_estimate(sample_plan)
    assert "Erlang" in text and "busiest month Sep 2026" in text
    sdr = sample_plan.team.roles[0]
    # 443 SQLs in 168 working hours = 2.6 per hour; 1 rep at 65 %: 0 reps on shift -> refused.
    one = replace(
        sample_plan,
        team=replace(sample_plan.team, roles=(replace(sdr, headcount=(1,), shrinkage=0.9), sample_plan.team.roles[1])),
    )
    assert "at least 1 rep" in analytic_estimate(one)


def test_estimate_follows_every_edit(page):
    from slaplanner.edits import Edit

    page.document.planChanged.connect(page.refresh)
    before = page.estimate.text()
    page.document.apply(Edit(("team", "roles", 0, "headcount"), (1,), "Edit SDR headcount"))
    after = page.estimate.text()
    assert after != before
    # 443 SQLs in 168 working hours = 2.6 an hour; 1 SDR at 65 % rounds to 1 rep on shift.
    assert "1 reps on shift" in after
    page.document.undo_stack.undo()
    assert page.estimate.text() == before
