"""What a second new-user trial of the Simulation page found, each pinned by a test.

1. The SDR heat map: week labels never run together (150 %); each cell's number fits its cell and
   is light on a dark cell; the colour scale reaches the busiest week (227 % and 118 % look
   different); the x-axis says what the columns are; "every week above 85 %" when all are.
2. The headcount chart with one SDR team shows what the plan staffs ("has (most in a month)") and
   its title says what is measured.
3. The slower-promise sentence says what it is: leads touched later convert less (the decay curve).
4. Nothing misleading when idle: no "0%" progress beside a quick estimate; "Simulation done" leaves
   the status bar when the plan changes.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_rgba

from slaplanner.engine.simulation import simulate
from slaplanner.plan.model import Plan
from ui.charts import ChartCanvas
from ui.document import PlanDocument
from ui.pages.simulation import SimulationPage, draw_headcount, draw_heatmap, summary_html


def _plan() -> Plan:
    path = Path(__file__).resolve().parents[2] / "slaplanner" / "resources" / "sample-plan.json"
    return Plan.from_dict(json.loads(path.read_text(encoding="utf-8")))


def _two_sdrs(plan: Plan) -> Plan:
    roles = tuple(replace(r, headcount=(2,)) if r.kind == "SDR" else r for r in plan.team.roles)
    return replace(plan, team=replace(plan.team, roles=roles))


def _simulate(plan: Plan):
    return simulate(plan, runs=60, rng=np.random.default_rng(7), seed=7, search_runs=30)


@pytest.fixture(scope="module")
def sample():
    plan = _plan()
    return plan, _simulate(plan)


@pytest.fixture(scope="module")
def overloaded():
    plan = _two_sdrs(_plan())
    return plan, _simulate(plan)


def _drawn(qtbot, draw, result, *, zoom=1.0, width=540, height=420) -> ChartCanvas:
    canvas = ChartCanvas(min_height=260)
    qtbot.addWidget(canvas)
    canvas.set_zoom(zoom)
    canvas.resize(width, height)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.plot(lambda fig, style: draw(fig, style, result))
    canvas.draw()
    return canvas


def _luminance(colour) -> float:
    """Relative luminance (WCAG) of a matplotlib colour, 0 (black) to 1 (white)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _a = to_rgba(colour)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


# -- 1a ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [380, 540, 800])
def test_week_labels_never_overlap_at_150_percent(qtbot, sample, width):
    _plan, res = sample
    canvas = _drawn(qtbot, draw_heatmap, res, zoom=1.5, width=width)
    renderer = canvas.get_renderer()
    ax = canvas.figure.axes[0]
    labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text().strip()]
    assert len(labels) >= 2 and labels[0].get_text() == "1"
    boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.x0)
    for left, right in itertools.pairwise(boxes):
        assert left.x1 < right.x0, [t.get_text() for t in labels]


def test_every_week_is_labelled_when_there_is_room(qtbot, sample):
    _plan, res = sample
    canvas = _drawn(qtbot, draw_heatmap, res, zoom=1.0, width=900)
    ax = canvas.figure.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels() if t.get_visible()] == [str(w) for w in range(1, 14)]


# -- 1b ------------------------------------------------------------------------------------------


def _cell_texts(canvas):
    """(text, row, column) of each number shown in a heat-map cell."""
    ax = canvas.figure.axes[0]
    for t in ax.texts:
        if t.get_visible() and t.get_text().strip():
            x, y = t.get_position()
            yield t, round(y), round(x)


@pytest.mark.parametrize(("zoom", "width"), [(1.0, 540), (1.5, 540), (1.5, 800), (1.0, 380)])
def test_each_number_fits_its_cell(qtbot, overloaded, zoom, width):
    _plan, res = overloaded
    canvas = _drawn(qtbot, draw_heatmap, res, zoom=zoom, width=width)
    renderer = canvas.get_renderer()
    ax = canvas.figure.axes[0]
    for text, r, c in _cell_texts(canvas):
        (x0, y0), (x1, y1) = ax.transData.transform([(c - 0.5, r - 0.5), (c + 0.5, r + 0.5)])
        box = text.get_window_extent(renderer)
        assert min(x0, x1) <= box.x0 and box.x1 <= max(x0, x1), (text.get_text(), zoom, width)
        assert min(y0, y1) <= box.y0 and box.y1 <= max(y0, y1), (text.get_text(), zoom, width)


def test_three_digit_numbers_are_shown_where_they_fit(qtbot, overloaded):
    _plan, res = overloaded
    canvas = _drawn(qtbot, draw_heatmap, res, zoom=1.0, width=900)
    shown = [t.get_text() for t, _r, _c in _cell_texts(canvas)]
    assert len(shown) == len(res.sdr_utilisation_by_week)
    assert any(len(s) == 3 for s in shown)


def _contrast(a: float, b: float) -> float:
    """The WCAG contrast ratio of two luminances."""
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def test_text_on_a_dark_cell_is_light(qtbot, overloaded):
    _plan, res = overloaded
    canvas = _drawn(qtbot, draw_heatmap, res, zoom=1.0, width=900)
    image = canvas.figure.axes[0].images[0]
    grid = image.get_array()
    light = 0
    for text, r, c in _cell_texts(canvas):
        cell = _luminance(image.to_rgba(grid[r, c]))
        ink = _luminance(text.get_color())
        # Black or white, whichever stands out more from the cell.
        assert _contrast(cell, ink) >= max(_contrast(cell, 0.0), _contrast(cell, 1.0)) - 1e-9, text.get_text()
        if cell < 0.15:  # dark red
            assert ink > 0.9, (text.get_text(), text.get_color())
            light += 1
    assert light, "the overloaded plan has dark red weeks"


# -- 1c ------------------------------------------------------------------------------------------


def test_colour_scale_reaches_the_busiest_week(qtbot, overloaded):
    _plan, res = overloaded
    busiest = max(res.sdr_utilisation_by_week)
    assert busiest > 2.0, "the 2-SDR plan has a week above 200 %"
    canvas = _drawn(qtbot, draw_heatmap, res)
    image = canvas.figure.axes[0].images[0]
    assert image.norm.vmax >= busiest
    top, just_over = np.array(image.to_rgba(busiest)), np.array(image.to_rgba(1.18))
    assert np.abs(top - just_over)[:3].max() > 0.15, "227 % and 118 % must not look alike"
    # The maximum occupancy stays marked: every week above it is framed, and the colour bar shows it.
    limit = res.roles[0].max_occupancy
    framed = [p for p in canvas.figure.axes[0].patches if not p.get_fill()]
    assert len(framed) == sum(1 for u in res.sdr_utilisation_by_week if u > limit)
    bar = canvas.figure.axes[1]
    assert any(np.allclose(line.get_ydata(), limit) for line in bar.get_lines())


def test_a_healthy_plan_keeps_the_scale_to_120_percent(qtbot, sample):
    _plan, res = sample
    assert max(res.sdr_utilisation_by_week) < 1.2
    canvas = _drawn(qtbot, draw_heatmap, res)
    assert canvas.figure.axes[0].images[0].norm.vmax == pytest.approx(1.2)


# -- 1d, 1e --------------------------------------------------------------------------------------


def test_axis_says_what_rows_and_columns_are(qtbot, sample):
    _plan, res = sample
    ax = _drawn(qtbot, draw_heatmap, res).figure.axes[0]
    assert "quarter" not in ax.get_xlabel()
    assert ax.get_xlabel() == "week, counted from the row's date"
    assert ax.get_yticklabels()[1].get_text() == "from 2 Apr 2026"


def _title(canvas) -> str:
    return canvas.figure.axes[0]._left_title.slaplanner_title[0]


def test_every_week_above_the_maximum_is_said_so(qtbot, overloaded):
    _plan, res = overloaded
    assert all(u > res.roles[0].max_occupancy for u in res.sdr_utilisation_by_week)
    title = _title(_drawn(qtbot, draw_heatmap, res))
    assert "every week above 85 %" in title and "framed" not in title


def test_some_weeks_above_the_maximum_are_framed(qtbot, sample):
    _plan, res = sample
    busy = sum(1 for u in res.sdr_utilisation_by_week if u > res.roles[0].max_occupancy)
    assert 0 < busy < len(res.sdr_utilisation_by_week)
    assert f"{busy} weeks above 85 % (framed)" in _title(_drawn(qtbot, draw_heatmap, res))


# -- 2 -------------------------------------------------------------------------------------------


def test_headcount_chart_shows_what_the_plan_staffs(qtbot, sample):
    plan, res = sample
    assert not res.headcount_by_team
    staffed = max(plan.team.role("SDR").headcount)
    canvas = _drawn(qtbot, draw_headcount, res)
    ax = canvas.figure.axes[0]
    has = [line for line in ax.get_lines() if line.get_label() == "has (most in a month)"]
    assert len(has) == 1 and set(has[0].get_xdata()) == {staffed}
    assert has[0].get_linestyle() == ":"
    assert staffed in ax.get_xticks() and ax.get_xlim()[1] > staffed
    legends = [*canvas.figure.legends, *filter(None, [ax.get_legend()])]
    assert any("has (most in a month)" in [t.get_text() for t in lg.get_texts()] for lg in legends)
    assert _title(canvas) == "SDRs vs. chance every first-touch promise and cadence is kept"


# -- 3 -------------------------------------------------------------------------------------------


def test_slower_promise_sentence_says_it_is_the_decay_curve(sample, overloaded):
    for plan, res in (sample, overloaded):
        text = summary_html(res, plan.currency, plan=plan)
        assert "would give up" not in text
        hot = res.response[0]
        minutes, sqls, revenue = next(s for s in hot.slower_sla if s[0] > hot.target_minutes)
        assert minutes == 10 and hot.target_minutes == 5
        assert (
            f"; if Hot leads were first touched within 10 min instead of 5 min, the decay curve says about "
            f"{sqls:,.0f} fewer SQLs over the plan ({revenue:,.0f} USD)"
        ) in text


# -- 4 -------------------------------------------------------------------------------------------


def _shown_text(bar) -> str:
    """What the progress bar says to the user ("" when it shows no text)."""
    return bar.text() if bar.isTextVisible() else ""


def test_progress_bar_says_nothing_while_idle(qtbot, sample):
    plan, _res = sample
    page = SimulationPage(PlanDocument(plan))
    qtbot.addWidget(page)
    assert _shown_text(page.progress) == ""
    page.runs.setValue(20)
    page.start()
    with qtbot.waitSignal(page.task.finished, timeout=60_000):
        pass
    assert _shown_text(page.progress) == "100%"
    from slaplanner.plan.edits import Edit

    page.document.apply(Edit(("team", "roles", 0, "headcount"), (3,), "Edit SDR headcount"))
    assert _shown_text(page.progress) == ""  # the 100 % was of the plan before the edit


def test_simulation_done_leaves_the_status_bar_when_the_plan_changes(qtbot, window, sample):
    from slaplanner.plan.edits import Edit

    _plan, res = sample
    page = window.pages[window.page_named("Simulation")]
    window.show_page(window.page_named("Simulation"))
    page.show_result(res)
    assert window.statusBar().currentMessage() == f"Simulation done: {res.runs:,} runs."
    window.document.apply(Edit(("team", "roles", 0, "headcount"), (3,), "Edit SDR headcount"))
    assert "Simulation done" not in window.statusBar().currentMessage()


def test_weakest_month_is_named_only_when_one_is_weaker(sample_plan):
    """New-user trial: 'chance we keep the promise 100 % (weakest Jan 2026: 100 %)' said nothing."""
    from dataclasses import replace

    import numpy as np

    from slaplanner.engine.simulation import simulate
    from ui.pages.simulation import summary_html

    result = simulate(sample_plan, runs=40, rng=np.random.default_rng(2), search_headcount=False)
    tiers = tuple(replace(t, p_met=1.0, p_met_by_month=(1.0,) * 12) for t in result.response)
    perfect = replace(result, response=tiers)
    text = summary_html(perfect, sample_plan.currency, plan=sample_plan)
    assert "weakest" not in text and "(every month)" in text
    weak = replace(result, response=tuple(replace(t, p_met_by_month=(0.5,) + (1.0,) * 11) for t in result.response))
    assert "(weakest Jan 2026: 50 %)" in summary_html(weak, sample_plan.currency, plan=sample_plan)
