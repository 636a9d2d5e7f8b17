"""ChartCanvas: palette colours, data updates without rebuilding, no drawing while hidden."""

from __future__ import annotations

from ui.charts import BarsAndLine, ChartCanvas, style_from_palette, thousands
from ui.mainwindow import dark_palette
from ui.qt import QWidget

MONTHS = ("2026-01", "2026-02", "2026-03")


def chart(bars, line):
    return BarsAndLine("SQLs per month", MONTHS, bars, line, "Required", "Planned")


def test_style_follows_the_palette_and_zoom(qapp):
    light = style_from_palette(qapp.style().standardPalette(), 1.0)
    dark = style_from_palette(dark_palette(), 1.5)
    assert not light.dark and dark.dark
    assert dark.background != light.background and dark.series != light.series
    assert dark.font_size == light.font_size * 1.5


def test_same_structure_updates_the_artists_new_structure_rebuilds(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    canvas = ChartCanvas(parent)
    canvas.plot(*chart((1.0, 2.0, 3.0), (2.0, 2.0, 2.0)).plot_args())
    first = canvas._state
    canvas.plot(*chart((5.0, 6.0, 7.0), (1.0, 1.0, 1.0)).plot_args())
    assert canvas._state is first  # same artists, new data
    assert [b.get_height() for b in first["bars"]] == [5.0, 6.0, 7.0]
    assert list(first["line"].get_ydata()) == [1.0, 1.0, 1.0]
    other = BarsAndLine("Revenue", MONTHS, (1.0, 1.0, 1.0), (1.0, 1.0, 1.0), "Target", "Planned")
    canvas.plot(*other.plot_args())
    assert canvas._state is not first


def test_a_hidden_chart_draws_when_shown(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(500, 300)
    canvas = ChartCanvas(parent)
    canvas.resize(480, 280)
    canvas.plot(*chart((1.0, 2.0, 3.0), (2.0, 2.0, 2.0)).plot_args())
    canvas.draw()
    assert canvas.figure.stale  # nothing rendered while hidden
    parent.show()
    qtbot.waitUntil(lambda: not canvas.figure.stale)


def test_axis_numbers_are_short():
    assert thousands(1_250_000) == "1.2M"
    assert thousands(45_000) == "45k"
    assert thousands(4_500) == "4,500"
    assert thousands(0.5) == "0.5"
