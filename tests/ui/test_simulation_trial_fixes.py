"""What a new user's trial of the Simulation page found, each pinned by a test.

A. The AEs' number is the open opportunities of a busy month (P90), not a chance of keeping a
   promise; each number says what it is, next to what is staffed.
B. The first-touch curve starts at the chart's left edge with the share touched within the first
   bin (the median lead is touched at once: the curve must not show 0 % there).
C. A placeholder's text wraps inside its chart at 150 % zoom.
D. Every warning can be read: all of them up to 8; beyond that 6 and the full list in a tooltip.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

from slaplanner.engine.simulation import simulate
from ui.charts import ChartCanvas
from ui.document import PlanDocument
from ui.pages.simulation import SimulationPage, draw_first_touch, draw_placeholder, summary_html


@pytest.fixture(scope="module")
def result():
    from slaplanner.plan.model import Plan

    path = Path(__file__).resolve().parents[2] / "slaplanner" / "resources" / "sample-plan.json"
    plan = Plan.from_dict(json.loads(path.read_text(encoding="utf-8")))
    return plan, simulate(plan, runs=60, rng=np.random.default_rng(7), seed=7, search_runs=30)


# -- A -------------------------------------------------------------------------------------------


def test_people_needed_says_what_each_number_is(result):
    plan, res = result
    text = summary_html(res, plan.currency, plan=plan)
    assert "chance of keeping every promise" not in text
    sdr, ae = plan.team.role("SDR"), plan.team.role("AE")
    assert sdr is not None and ae is not None
    # The AEs: the open opportunities of a busy month (P90), beside the most the plan staffs.
    assert f"AEs {res.ae_needed} (to carry the open opportunities of a busy month, 90th percentile; " in text
    assert f"{max(ae.headcount)} staffed at most)" in text
    # The SDRs: the chance of keeping the first-touch promises and cadences, at the run's target.
    needed = res.headcount.headcount_needed
    target = f"{res.headcount.target_probability:.0%}".replace("%", " %")
    assert f"SDRs {needed} (for a {target} chance of keeping every first-touch promise and follow-up cadence; " in text
    assert f"{max(sdr.headcount)} staffed at most)" in text


# -- B -------------------------------------------------------------------------------------------


def _y_at(line, x):
    """The value a steps-post line shows at ``x`` (None left of its first point)."""
    xs, ys = line.get_xdata(), line.get_ydata()
    at = [i for i, v in enumerate(xs) if v <= x]
    return ys[at[-1]] if at else None


def test_first_touch_curve_starts_at_the_left_edge_with_the_first_bin(qtbot, result):
    _plan, res = result
    canvas = ChartCanvas()
    qtbot.addWidget(canvas)
    fig = Figure()
    draw_first_touch(fig, canvas.chart_style(), res)
    ax = fig.axes[0]
    left = ax.get_xlim()[0]
    curves = [line for line in ax.get_lines() if line.get_drawstyle().startswith("steps")]
    assert len(curves) == len(res.response)
    for line, tier in zip(curves, res.response):
        first_bin = tier.histogram_share[0]
        assert first_bin >= 0.5, "the sample touches most hot and warm leads within the first bin"
        assert _y_at(line, left) == pytest.approx(first_bin)
        # ... and the curve still reaches the share touched by each edge of the histogram.
        cumulative = np.cumsum(tier.histogram_share)
        for edge, share in zip(tier.histogram_edges[1:], cumulative):
            if edge > left:
                assert _y_at(line, edge) == pytest.approx(share)


# -- C -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [380, 480, 640])
def test_placeholder_text_wraps_inside_the_chart_at_150_percent(qtbot, width):
    canvas = ChartCanvas(min_height=260)
    qtbot.addWidget(canvas)
    canvas.set_zoom(1.5)
    canvas.resize(width, 300)
    canvas.show()
    qtbot.waitExposed(canvas)
    run = "Run the full simulation (Run simulation)"
    canvas.plot(lambda fig, style: draw_placeholder(fig, style, "headcount", run))
    canvas.draw()
    renderer = canvas.get_renderer()
    inside = canvas.figure.bbox
    texts = [t for ax in canvas.figure.axes for t in ax.texts if t.get_text().strip()]
    assert texts
    for text in texts:
        box = text.get_window_extent(renderer)
        assert box.x0 >= inside.x0 - 0.5 and box.x1 <= inside.x1 + 0.5, (text.get_text(), box, inside)
        assert box.y0 >= inside.y0 - 0.5 and box.y1 <= inside.y1 + 0.5, (text.get_text(), box, inside)


# -- D -------------------------------------------------------------------------------------------


def _warned(res, n):
    return replace(res, warnings=tuple(f"warning number {i + 1}" for i in range(n)))


def test_up_to_eight_warnings_are_all_listed(result):
    plan, res = result
    text = summary_html(_warned(res, 8), plan.currency, plan=plan)
    for i in range(8):
        assert f"warning number {i + 1}<" in text
    assert "more" not in text


def test_more_warnings_show_six_and_say_where_the_rest_are(qtbot, result):
    plan, res = result
    text = summary_html(_warned(res, 11), plan.currency, plan=plan)
    for i in range(6):
        assert f"warning number {i + 1}<" in text
    assert "warning number 7" not in text
    assert "… and 5 more: point at this summary to read them all" in text
    page = SimulationPage(PlanDocument(plan))
    qtbot.addWidget(page)
    page.show_result(_warned(res, 11))
    tip = page.summary.toolTip()
    for i in range(11):
        assert f"warning number {i + 1}" in tip
    page.show_result(res)  # a result with fewer warnings: no stale list
    assert "warning number" not in page.summary.toolTip()
