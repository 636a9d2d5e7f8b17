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
    # In the room's words, not the field's path ('team.roles[SDR].headcount (Jan–Dec 2026): 0 is not allowed').
    sentence = "The plan cannot be simulated — the SDR team has no reps in Jan–Dec 2026 while leads arrive."
    assert sentence in text and "team.roles" not in text
    assert page.result is None
    # The live estimate says the same, in the same words.
    assert sentence in analytic_estimate(plan)


def test_analytic_estimate_is_live(sample_plan):
    text = analytic_estimate(sample_plan)
    assert "Erlang" in text and "busiest month Sep 2026" in text
    sdr = sample_plan.team.roles[0]
    # 443 SQLs in 168 working hours = 2.6 per hour; 1 SDR at 90 % shrinkage is 0.1 reps' worth: one
    # rep at 10 % speed (as the simulation counts it), far too little (it was refused as 0 reps).
    one = replace(
        sample_plan,
        team=replace(sample_plan.team, roles=(replace(sdr, headcount=(1,), shrinkage=0.9), sample_plan.team.roles[1])),
    )
    text = analytic_estimate(one)
    assert "0.10 reps' worth on shift (1 rep at 10 % speed)" in text
    assert "Unstable: 2.6 SQLs/h need 0.53 reps of work, 0.1 available" in text
    assert "allowed:" not in text  # a sentence, not a fragment of a field message


def test_estimate_is_labelled_and_says_why_the_simulation_differs(sample_plan):
    text = analytic_estimate(sample_plan)
    assert text.startswith("<b>Round-the-clock estimate</b>")
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
        assert f"{len(busy)} week{'s' if len(busy) > 1 else ''} above 85 % (framed)" in chart_texts(page.heatmap)
        assert f"SDR team above maximum occupancy in {len(busy)} week" in page.summary.text()


def test_estimate_follows_every_edit(page):
    from slaplanner.plan.edits import Edit

    page.document.planChanged.connect(page.refresh)
    before = page.estimate.text()
    page.document.apply(Edit(("team", "roles", 0, "headcount"), (1,), "Edit SDR headcount"))
    after = page.estimate.text()
    assert after != before
    # 443 SQLs in 168 working hours = 2.6 an hour; 1 SDR at 35 % shrinkage is 1 rep at 65 % speed.
    assert "0.65 reps' worth on shift (1 rep at 65" in after  # "65&nbsp;%" on the page
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


def test_the_charts_and_summary_of_a_plan_without_sqls_mark_no_chance(sample_plan):
    """Found on 3 December 2026 (third session): the first-touch legend said "Hot: 0 % within 5 min
    (target 80 %) ✗" with a red-rimmed point at 0 % while the summary said nothing was touched; the
    marketing sentence read "from 0 % (Jan 2026) to 0 %"; the headcount chart's y-label was cut at
    1280 x 800 (it repeated the title)."""
    import numpy as np
    from matplotlib.figure import Figure

    from slaplanner.engine.simulation import NO_SQLS_TEXT, simulate
    from ui.charts import ChartStyle
    from ui.pages.simulation import draw_first_touch, draw_headcount, summary_html

    plan = replace(sample_plan, sources=tuple(replace(s, volume_mode="monthly", monthly_leads=(0.0,) * 12)
                                              for s in sample_plan.sources))  # fmt: skip
    result = simulate(plan, runs=20, rng=np.random.default_rng(1), seed=1, search_headcount=False)
    style = ChartStyle("white", "black", "#ccc", ("#1f77b4", "#ff7f0e"), "#1f77b4", "#d62728", "#2ca02c", "#d62728",
                       9.0, False)  # fmt: skip
    fig = Figure()
    draw_first_touch(fig, style, result)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == [
        f"Hot: {NO_SQLS_TEXT} (target 80 % within 5 min; not met, not missed)",
        f"Warm: {NO_SQLS_TEXT} (target 90 % within 4 h; not met, not missed)",
    ]
    assert not [line for line in fig.axes[0].get_lines() if line.get_marker() == "o"]  # no point at 0 %
    text = summary_html(result, "USD")
    assert "with a chance of 0 % in every month; each segment on its own: Mid-Market 0 %, SMB 0 %" in text
    fig = Figure()
    draw_headcount(fig, style, result)
    assert fig.axes[0].get_ylabel() == "chance kept"


def test_a_headcount_search_that_stopped_short_says_so_on_the_page(sample_plan):
    """A search that would take too long stops (the budget, tests/core/test_simulation_budget.py): the
    summary says no headcount was found and why in a warning, and the chart says so over its lines;
    neither says that no headcount reaches the chance."""
    import html

    import numpy as np
    from matplotlib.figure import Figure

    from slaplanner.engine.simulation import HeadcountCurve, simulate
    from ui.charts import ChartStyle
    from ui.pages.simulation import draw_headcount, summary_html

    result = simulate(sample_plan, runs=40, rng=np.random.default_rng(1), search_headcount=False)
    why = "the busiest month's work alone needs at least 12,847 SDRs, too many to simulate lead by lead"
    stopped = replace(result, headcount=HeadcountCurve("SDR", 0.9, None, ((3, 0.05),), why),
                      warnings=(*result.warnings, f"No SDR headcount found: {why}."))  # fmt: skip
    text = summary_html(stopped, "USD")
    assert "People needed: SDRs not found, the headcount search stopped (see the warnings" in text
    assert f"No SDR headcount found: {html.escape(why)}" in text and "not reached" not in text
    fig = Figure()
    style = ChartStyle("white", "black", "#ccc", ("#1f77b4", "#ff7f0e"), "#1f77b4", "#d62728", "#2ca02c", "#d62728",
                       9.0, False)  # fmt: skip
    draw_headcount(fig, style, stopped)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "No headcount found: the search stopped\n(the summary's warnings say why)" in texts


def test_a_tier_without_a_cadence_says_so_on_the_page(sample_plan):
    import numpy as np

    from slaplanner.engine.simulation import simulate
    from ui.pages.simulation import summary_html

    commitments = sample_plan.commitments
    warm = replace(commitments.response[1], touches=0)
    plan = replace(sample_plan, commitments=replace(commitments, response=(commitments.response[0], warm)))
    result = simulate(plan, runs=20, rng=np.random.default_rng(1), seed=1, search_headcount=False)
    page = summary_html(result, plan.currency)
    assert "No follow-up cadence promised" in page and "0 touches" not in page


def test_lead_patience_shows_what_it_lost_on_the_page(sample_plan):
    """The SQLs and revenue lost to patience were only in the JSON; the waits quoted are of the leads
    touched and say so."""
    import html

    import numpy as np

    from slaplanner.engine.simulation import simulate
    from ui.pages.simulation import summary_html

    plan = replace(sample_plan, team=replace(sample_plan.team, lead_patience_hours=2.0))
    result = simulate(plan, runs=60, rng=np.random.default_rng(2), seed=2, search_headcount=False)
    text = summary_html(result, "USD")
    assert html.escape(result.patience_loss_text("USD")) in text
    assert "(of the leads touched); " in text and "lost to lead patience (never touched)" in text


# -- several SDR teams (issue 13) -----------------------------------------------------------------


def two_team_plan(sample_plan, emea: int = 1):
    """The sample with its SDRs split: Americas SDRs (split shift 8-12, 13-17, every segment but
    Enterprise) and ``emea`` EMEA SDRs in London 13:00-21:00 (the leads' morning and afternoon)."""
    from slaplanner.plan.team import WorkCalendar

    sdr = sample_plan.team.roles[0]
    week = ("mon", "tue", "wed", "thu", "fri")
    split = WorkCalendar("America/New_York", tuple((d, a, b) for d in week for a, b in ((8.0, 12.0), (13.0, 17.0))))
    london = WorkCalendar("Europe/London", tuple((d, 13.0, 21.0) for d in week))
    roles = (
        replace(sdr, name="Americas SDRs", calendar=split),
        replace(sdr, name="EMEA SDRs", calendar=london, headcount=(emea,), segments=("Enterprise",)),
        *sample_plan.team.roles[1:],
    )
    return replace(sample_plan, team=replace(sample_plan.team, roles=roles))


@pytest.fixture(scope="module")
def two_teams_result():
    """One simulation of the two-team sample (the module's tests read it; none changes it)."""
    import json

    import numpy as np

    from slaplanner.engine.simulation import simulate
    from slaplanner.plan.model import Plan
    from slaplanner.samples import sample_plan_text

    plan = two_team_plan(Plan.from_dict(json.loads(sample_plan_text())))
    return plan, simulate(plan, runs=200, rng=np.random.default_rng(7), search_runs=100)


def test_the_headcount_chart_shows_each_team_needed_against_staffed(two_teams_result):
    from matplotlib.figure import Figure

    from ui.charts import ChartStyle
    from ui.pages.simulation import draw_headcount

    _plan, result = two_teams_result
    needs = dict((name, c.headcount_needed) for name, c in result.headcount_by_team)
    assert set(needs) == {"Americas SDRs", "EMEA SDRs"}
    fig = Figure()
    style = ChartStyle("white", "black", "#ccc", ("#1f77b4", "#ff7f0e"), "#1f77b4", "#d62728", "#2ca02c", "#d62728",
                       9.0, False)  # fmt: skip
    draw_headcount(fig, style, result)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Headcount vs. chance the commitments are kept, per SDR team"
    assert ax.get_legend() is None  # under the plot, not over the curves
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert f"Americas SDRs: needs {needs['Americas SDRs']}, has 4–5" in labels  # the sample: 4 SDRs, 5 from May
    assert f"EMEA SDRs: needs {needs['EMEA SDRs']}, has 1" in labels
    # each team's curve is its own search: P(met) against that team's headcount
    curves = {line.get_label(): line for line in ax.get_lines()}
    emea = dict(result.headcount_by_team)["EMEA SDRs"]
    line = curves[f"EMEA SDRs: needs {needs['EMEA SDRs']}, has 1"]
    assert tuple(zip(line.get_xdata(), line.get_ydata())) == emea.points


def test_the_heat_map_of_several_teams_names_each_teams_busy_weeks(two_teams_result):
    """The map pools the teams (2 weeks above 85 % together) while the warnings list each team's own
    (EMEA 23): the title says both, from the same figures as the warnings."""
    from matplotlib.figure import Figure

    from ui.charts import ChartStyle
    from ui.pages.simulation import draw_heatmap

    _plan, result = two_teams_result
    assert result.busy_weeks  # EMEA's one SDR is busy most weeks
    fig = Figure()
    style = ChartStyle("white", "black", "#ccc", ("#1f77b4", "#ff7f0e"), "#1f77b4", "#d62728", "#2ca02c", "#d62728",
                       9.0, False)  # fmt: skip
    draw_heatmap(fig, style, result)
    title = fig.axes[0].get_title(loc="left").replace("\n", " ")
    each = ", ".join(f"{name} {weeks}" for name, weeks, _ in result.busy_weeks)
    assert f"weeks above the maximum, each team on its own: {each}" in title
    for name, weeks, _ in result.busy_weeks:
        assert any(w.startswith(f"{name} above maximum occupancy in {weeks} week") for w in result.warnings)


def test_the_summary_says_what_each_team_needs_and_has(two_teams_result):
    from ui.pages.simulation import summary_html

    plan, result = two_teams_result
    needs = dict((name, c.headcount_needed) for name, c in result.headcount_by_team)
    # one EMEA SDR working London afternoons cannot touch the Enterprise leads in time
    assert needs["EMEA SDRs"] is not None and needs["EMEA SDRs"] > 1
    assert needs["Americas SDRs"] is not None and needs["Americas SDRs"] <= 4
    text = summary_html(result, "USD", plan=plan)
    americas = text.split("<b>Americas SDRs</b>")[1].split("</li>")[0]
    emea = text.split("<b>EMEA SDRs</b>")[1].split("</li>")[0]
    assert americas.startswith(" (Mid-Market, SMB; America/New_York, Mon-Fri 8:00-12:00 and 13:00-17:00)")
    own = "for a 90 % chance on its own leads"
    assert f"needs <b>{needs['Americas SDRs']}</b> {own}, has 4–5 ✓ enough every month" in americas
    assert emea.startswith(" (Enterprise; Europe/London, Mon-Fri 13:00-21:00)")
    assert f"needs <b>{needs['EMEA SDRs']}</b> {own}, has 1" in emea and "short in Jan–Dec 2026" in emea
    emea_util = next(ro for ro in result.roles if ro.role == "EMEA SDRs").utilisation
    assert max(emea_util) > 0.85  # above its maximum occupancy: in red
    low, high = (f"{v * 100:.0f} %" for v in (min(emea_util), max(emea_util)))
    assert f"utilisation <span style='color:#C0392B'>{low}–{high}</span> by month" in emea
    assert "(maximum 85 %)" in emea
    total = result.headcount.headcount_needed
    assert f"SDRs {total} (Americas SDRs {needs['Americas SDRs']}, EMEA SDRs {needs['EMEA SDRs']})" in text
    quick = summary_html(result, "USD", quick=True, plan=plan)
    assert "has 1 (the full run says how many it needs)" in quick


def test_the_page_shows_each_team_after_a_run(qtbot, page, sample_plan):
    page.document.reset(two_team_plan(sample_plan, emea=2))
    page.start()
    with qtbot.waitSignal(page.task.finished, timeout=120_000):
        pass
    text = page.summary.text()
    assert "<b>SDR teams</b>" in text and "<b>Americas SDRs</b>" in text and "<b>EMEA SDRs</b>" in text
    labels = [t.get_text() for t in page.headcount.figure.legends[0].get_texts()]
    assert any(label.startswith("EMEA SDRs: needs ") and label.endswith(", has 2") for label in labels)
    assert page.heatmap.figure.axes[0].get_title(loc="left").replace("\n", " ").startswith(
        "SDR utilisation by week, all SDR teams together"
    )  # wrapped where the chart is narrow


def test_at_presentation_zoom_the_charts_keep_titles_and_legends_off_the_data(sample_plan):
    """New-user trial at 150 %: "SQLs per month vs. marketi" was cut and the first-touch legend
    lay on the curves. In a half-width chart at 150 % the titles wrap inside the figure, the
    first-touch legend stands under the plot, and the headcount chart names its lines in place."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from slaplanner.results import run_simulation
    from ui.charts import ChartStyle
    from ui.pages.simulation import draw_fan, draw_first_touch, draw_headcount, draw_heatmap

    result = run_simulation(sample_plan, 60, 1)
    style = ChartStyle("white", "black", "#ccc", ("#1f77b4", "#ff7f0e"), "#1f77b4", "#d62728", "#2ca02c", "#d62728",
                       13.5, False)  # fmt: skip
    for draw in (draw_fan, draw_first_touch, draw_headcount, draw_heatmap):
        fig = Figure(figsize=(4.85, 2.6), dpi=100, layout="constrained")
        FigureCanvasAgg(fig)
        draw(fig, style, result)
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        title = ax._left_title.get_window_extent(renderer)
        assert title.x1 <= fig.bbox.x1 + 1, f"{draw.__name__}: the title runs off the chart"
        plot = ax.get_window_extent(renderer)
        for legend in [*fig.legends, *([ax.get_legend()] if ax.get_legend() else [])]:
            box = legend.get_window_extent(renderer)
            assert box.y1 <= plot.y0 + 1 or box.y0 >= plot.y1 - 1, f"{draw.__name__}: the legend lies on the plot"
