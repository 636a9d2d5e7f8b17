"""The SDR heat map's tooltip: each week's figure in words under the pointer, also where a cell is
too small for its number (narrow window, 200 % zoom, long horizon).

A 5-month plan has 21 weeks: the heat map's second row (13 weeks a row) ends with 5 empty cells.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backend_bases import LocationEvent, MouseEvent

from slaplanner.engine.simulation import simulate
from slaplanner.plan.format import fmt_pct, fmt_short_date
from slaplanner.plan.model import Plan, with_horizon
from ui import charts
from ui.charts import ChartCanvas
from ui.document import PlanDocument
from ui.pages.simulation import WEEKS_A_ROW, SimulationPage, draw_heatmap, week_hover_text
from ui.qt import QToolTip


def _plan(months: int) -> Plan:
    path = Path(__file__).resolve().parents[2] / "slaplanner" / "resources" / "sample-plan.json"
    return with_horizon(Plan.from_dict(json.loads(path.read_text(encoding="utf-8"))), months)


def _simulate(plan: Plan):
    return simulate(plan, runs=60, rng=np.random.default_rng(7), seed=7, search_headcount=False)


@pytest.fixture(scope="module")
def five_months():
    plan = _plan(5)
    return plan, _simulate(plan)


@pytest.fixture(scope="module")
def twelve_months():
    plan = _plan(12)
    return plan, _simulate(plan)


def _expected(result, week: int) -> tuple[str, str]:
    """What the tooltip of ``week`` must say: its first day and its utilisation, as the page writes them."""
    start = fmt_short_date(date.fromisoformat(result.week_starts[week]))
    return f"Week from {start}: ", f"{fmt_pct(result.sdr_utilisation_by_week[week])} of the SDRs' available hours"


def _cell(week: int) -> tuple[int, int]:
    """The centre of ``week``'s cell in the heat map's data coordinates: (column, row)."""
    return week % WEEKS_A_ROW, week // WEEKS_A_ROW


def _move(canvas: ChartCanvas, ax, x: float, y: float) -> None:
    """A pointer move to (x, y) in ``ax``'s data coordinates, as matplotlib's Qt canvas sends it."""
    px, py = ax.transData.transform((x, y))
    event = MouseEvent("motion_notify_event", canvas, px, py)
    canvas.callbacks.process(event.name, event)


# The offscreen platform cannot resize a shown window to its new minimum (the zoom's) nor raise a tooltip.
OFFSCREEN = ("This plugin does not support propagateSizeHints", "This plugin does not support raise")


def _heat_axes(canvas: ChartCanvas):
    (ax,) = [a for a in canvas.figure.axes if getattr(a, "slaplanner_hover_text", None) is not None]
    return ax


@pytest.fixture
def tooltips(monkeypatch):
    """What the canvas shows as tooltips: each shown text, and None for each hide."""
    shown: list[str | None] = []
    monkeypatch.setattr(charts.QToolTip, "showText", lambda pos, text, *args: shown.append(text))
    monkeypatch.setattr(charts.QToolTip, "hideText", lambda: shown.append(None))
    return shown


def test_each_cell_says_its_week_and_figure(five_months):
    _plan, result = five_months
    weeks = len(result.sdr_utilisation_by_week)
    assert weeks == 21
    limit = result.roles[0].max_occupancy
    assert result.roles[0].kind == "SDR" and limit == 0.85
    for week in range(weeks):
        column, row = _cell(week)
        text = week_hover_text(result, column, row)
        start, figure = _expected(result, week)
        assert text is not None and text.startswith(start + figure), (week, text)
        if result.sdr_utilisation_by_week[week] > limit:
            assert text.endswith(", above the maximum occupancy (85 %)")
        else:
            assert text.endswith(" (maximum occupancy 85 %)")
        # Anywhere in the cell, not only at its centre.
        assert week_hover_text(result, column - 0.45, row + 0.45) == text
    assert week_hover_text(result, 0, 0).startswith("Week from 1 Jan 2026: ")  # by hand: the plan starts on 1 Jan
    assert week_hover_text(result, 0, 1).startswith("Week from 2 Apr 2026: ")  # 13 weeks later, as the row's label
    assert week_hover_text(result, 0.49, 0) != week_hover_text(result, 0.51, 0)  # the cells' border


def test_empty_cells_and_beside_the_grid_say_nothing(five_months):
    _plan, result = five_months
    for column in range(21 - WEEKS_A_ROW, WEEKS_A_ROW):  # the second row's cells after the 21st week
        assert week_hover_text(result, column, 1) is None
    for x, y in ((-1, 0), (WEEKS_A_ROW, 0), (0, -1), (0, 2), (-0.6, 0.0)):
        assert week_hover_text(result, x, y) is None


def test_pointer_over_a_cell_on_the_page_shows_its_tooltip(qtbot, five_months, tooltips):
    plan, result = five_months
    page = SimulationPage(PlanDocument(plan))
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show_result(result)
    canvas = page.heatmap
    ax = _heat_axes(canvas)

    _move(canvas, ax, *_cell(6))
    start, figure = _expected(result, 6)
    assert tooltips and tooltips[-1].startswith(start + figure)
    assert tooltips[-1] == week_hover_text(result, *_cell(6))

    _move(canvas, ax, WEEKS_A_ROW - 1, 1)  # an empty cell: the tooltip goes
    assert tooltips[-1] is None
    _move(canvas, ax, *_cell(20))  # the last week
    assert tooltips[-1].startswith("".join(_expected(result, 20)))
    bar = next(a for a in canvas.figure.axes if a is not ax)  # the colour bar: no week there
    _move(canvas, bar, 0.5, 0.5)
    assert tooltips[-1] is None
    count = len(tooltips)
    _move(canvas, ax, -3, -3)  # outside every axes, nothing shown: nothing to hide either
    assert len(tooltips) == count

    _move(canvas, ax, *_cell(0))
    assert tooltips[-1].startswith("".join(_expected(result, 0)))
    leave = LocationEvent("figure_leave_event", canvas, 0, 0)  # the pointer leaves the chart
    canvas.callbacks.process(leave.name, leave)
    assert tooltips[-1] is None


@pytest.mark.qt_log_ignore(*OFFSCREEN)
def test_the_tooltip_reads_the_chart_as_redrawn(qtbot, five_months, twelve_months, tooltips):
    """The canvas rebuilds its figure on zoom, palette and size changes and for new data: the
    tooltip follows the axes on screen, never an earlier one."""
    _plan5, short = five_months
    _plan12, whole = twelve_months
    canvas = ChartCanvas(min_height=260)
    qtbot.addWidget(canvas)
    canvas.resize(380, 300)  # narrow: the cells are small
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.plot(lambda fig, style: draw_heatmap(fig, style, short))
    canvas.draw()
    before = _heat_axes(canvas)

    canvas.set_zoom(2.0)  # a new figure: cells too small for their numbers
    canvas.draw()
    ax = _heat_axes(canvas)
    assert ax is not before and before not in canvas.figure.axes
    _move(canvas, ax, *_cell(3))
    assert tooltips[-1].startswith("".join(_expected(short, 3)))

    canvas.plot(lambda fig, style: draw_heatmap(fig, style, whole))  # another run: 52 weeks
    canvas.draw()
    ax = _heat_axes(canvas)
    _move(canvas, ax, *_cell(45))  # a row the 5-month chart did not have
    assert tooltips[-1].startswith("".join(_expected(whole, 45)))


@pytest.mark.qt_log_ignore(*OFFSCREEN)
def test_the_tooltip_is_shown_by_qt(qtbot, five_months):
    """The same without stand-ins: Qt's tooltip shows the week's text, and hides over an empty cell."""
    _plan, result = five_months
    canvas = ChartCanvas(min_height=260)
    qtbot.addWidget(canvas)
    canvas.resize(540, 420)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.plot(lambda fig, style: draw_heatmap(fig, style, result))
    canvas.draw()
    ax = _heat_axes(canvas)
    _move(canvas, ax, *_cell(2))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == week_hover_text(result, *_cell(2))
    _move(canvas, ax, WEEKS_A_ROW - 1, 1)
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
