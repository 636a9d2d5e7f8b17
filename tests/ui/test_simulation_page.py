"""The Simulation page: runs on a worker thread with progress and Cancel, shows the result."""

from __future__ import annotations

from dataclasses import replace

import pytest

from slaplanner.engine.simulation import DEFAULT_RUNS, DEFAULT_SEED
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
    page.runs.setValue(5_000)  # several seconds of work (every touch of every run), within the budget
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
    text = page.summary.text()
    assert (
        "The plan cannot be simulated — team.roles[SDR].headcount (Jan–Dec 2026): 0 is not allowed; allowed: "
        "at least 1 SDR while SQLs arrive (up to 443 a month)." in text
    )
    assert page.result is None
    # The live estimate says the same, in the same words.
    assert "team.roles[SDR].headcount (Jan–Dec 2026): 0 is not allowed" in analytic_estimate(plan)


def test_analytic_estimate_is_live(sample_plan):
    text = analytic_estimate(sample_plan)
    assert "Erlang" in text and "busiest month Sep 2026" in text
    sdr = sample_plan.team.roles[0]
    # 443 SQLs in 168 working hours = 2.6 per hour; 1 rep at 65 %: 0 reps on shift -> refused.
    one = replace(
        sample_plan,
        team=replace(sample_plan.team, roles=(replace(sdr, headcount=(1,), shrinkage=0.9), sample_plan.team.roles[1])),
    )
    text = analytic_estimate(one)
    assert "No SDR is on shift in Sep 2026" in text and "At least 1 rep on shift is needed" in text
    assert "allowed:" not in text  # a sentence, not a fragment of a field message


def test_estimate_is_labelled_and_says_why_the_simulation_differs(sample_plan):
    text = analytic_estimate(sample_plan)
    assert text.startswith("<b>24/7 stationary estimate</b>")
    assert "leads that arrive outside working hours" in text and "wait for the next shift" in text


def test_defaults_are_the_core_defaults(qtbot, sample_plan):
    fresh = SimulationPage(PlanDocument(sample_plan))
    qtbot.addWidget(fresh)
    assert (fresh.runs.value(), fresh.seed.value()) == (DEFAULT_RUNS, DEFAULT_SEED)


def chart_texts(chart) -> str:
    return " ".join(t.get_text() for ax in chart.figure.axes for t in ax.texts) + " ".join(
        ax.get_title(loc="left") for ax in chart.figure.axes
    )


def test_charts_say_what_they_will_show_before_a_run(page):
    for chart in (page.fan, page.first_touch, page.heatmap, page.headcount):
        assert "Run the simulation to see" in chart_texts(chart)


def test_heat_map_has_whole_weeks_and_flags_busy_weeks(qtbot, page):
    page.start()
    with qtbot.waitSignal(page.task.finished, timeout=60_000):
        pass
    result = page.result
    assert len(result.week_starts) == 52 and result.week_starts[-1] == "2026-12-24"  # Dec 31 joins it
    labels = [t.get_text() for t in page.heatmap.figure.axes[0].get_yticklabels()]
    assert labels == ["from 1 Jan 2026", "from 2 Apr 2026", "from 2 Jul 2026", "from 1 Oct 2026"]
    sdr = result.roles[0]
    busy = [u for u in result.sdr_utilisation_by_week if u > sdr.max_occupancy]
    framed = [p for p in page.heatmap.figure.axes[0].patches if not p.get_fill()]
    assert len(framed) == len(busy)
    if busy:
        assert f"{len(busy)} week{'s' if len(busy) > 1 else ''} above 85% (framed)" in chart_texts(page.heatmap)
        assert f"SDR team above maximum occupancy in {len(busy)} week" in page.summary.text()


def test_estimate_follows_every_edit(page):
    from slaplanner.plan.edits import Edit

    page.document.planChanged.connect(page.refresh)
    before = page.estimate.text()
    page.document.apply(Edit(("team", "roles", 0, "headcount"), (1,), "Edit SDR headcount"))
    after = page.estimate.text()
    assert after != before
    # 443 SQLs in 168 working hours = 2.6 an hour; 1 SDR at 65 % rounds to 1 rep on shift.
    assert "1 reps on shift" in after
    page.document.undo_stack.undo()
    assert page.estimate.text() == before


def test_heat_map_draws_a_healthy_plan_and_the_summary_says_what_met_means(sample_plan):
    """Issue 13: no week above maximum occupancy made matplotlib refuse color=None."""
    import numpy as np
    from matplotlib.figure import Figure

    from slaplanner.engine.simulation import simulate
    from ui.charts import ChartStyle
    from ui.pages.simulation import draw_heatmap, summary_html

    sdr = sample_plan.team.roles[0]
    # 20 SDRs: healthy also when the follow-ups are queued work (12 were enough while they were not)
    healthy = replace(sample_plan, team=replace(sample_plan.team, roles=(replace(sdr, headcount=(20,)),)))
    result = simulate(healthy, runs=100, rng=np.random.default_rng(1), search_headcount=False)
    assert all(u <= sdr.max_occupancy for u in result.sdr_utilisation_by_week)
    fig = Figure()
    style = ChartStyle("white", "black", "#ccc", ("#1f77b4", "#ff7f0e"), "#1f77b4", "#d62728", "#2ca02c", "#d62728",
                       9.0, False)  # fmt: skip
    draw_heatmap(fig, style, result)
    assert fig.axes[0].get_title(loc="left") == "SDR utilisation by week"
    text = summary_html(result, "USD")
    assert "every</i> segment delivers at least its committed SQLs" in text
    for segment, _ in result.sql_p_met_by_segment:
        assert segment in text


def test_summary_of_a_plan_without_sqls_says_so(sample_plan):
    import numpy as np

    from slaplanner.engine.simulation import simulate
    from ui.pages.simulation import summary_html

    plan = replace(sample_plan, sources=tuple(replace(s, volume_mode="monthly", monthly_leads=(0.0,) * 12)
                                              for s in sample_plan.sources))  # fmt: skip
    text = summary_html(simulate(plan, runs=20, rng=np.random.default_rng(1), search_headcount=False), "USD")
    assert "No SQLs arrive" in text and "within target" not in text and "P(met)" not in text.split("Marketing")[0]
