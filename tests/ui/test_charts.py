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


def _pixels(canvas):
    import numpy as np

    return np.asarray(canvas.buffer_rgba()).copy()


def test_a_data_update_draws_only_the_data_and_looks_as_a_whole_redraw(qtbot):
    """A small edit keeps the axis limits (rounded up to 1, 1.2, 1.5, 2 ... x 10^k), so the chart
    repaints the kept background and draws only its bars and line on it (no tick label, title or
    legend drawn again); the pixels are those of a whole redraw of the same data. An edit that moves
    the value axis's limits draws that axis and the data on the background kept without it; another
    size draws the whole figure."""
    from ui.charts import nice_ceiling

    assert [nice_ceiling(v) for v in (3.0, 1.3, 101.0, 9.0, 0.0)] == [3.0, 1.5, 120.0, 10.0, 1.0]
    canvas = ChartCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(500, 300)
    canvas.show()
    canvas.plot(*chart((100.0, 120.0, 90.0), (110.0, 100.0, 95.0)).plot_args())
    canvas.draw()
    limits = canvas._drawn_limits
    whole_draws = []
    real = canvas.figure.draw
    canvas.figure.draw = lambda renderer: (whole_draws.append(1), real(renderer))[1]
    canvas.plot(*chart((101.0, 119.0, 92.0), (111.0, 99.0, 96.0)).plot_args())  # limits kept
    assert whole_draws == [] and canvas._drawn_limits == limits
    blitted = _pixels(canvas)
    canvas.draw()  # the same data, the whole figure
    assert whole_draws == [1]
    assert (blitted == _pixels(canvas)).all()
    # An edit that moves the value axis: the background kept without that axis, the axis (ticks,
    # labels, grid) and the data drawn on it; still the pixels of a whole redraw.
    canvas.plot(*chart((400.0, 120.0, 90.0), (110.0, 100.0, 95.0)).plot_args())
    assert whole_draws == [1] and canvas._drawn_limits != limits
    moved = _pixels(canvas)
    canvas.draw()
    assert whole_draws == [1, 1]
    assert (moved == _pixels(canvas)).all()
    assert (moved != blitted).any()  # the axis did move
    canvas.resize(520, 300)  # another size: the whole figure
    canvas.plot(*chart((400.0, 121.0, 90.0), (110.0, 100.0, 95.0)).plot_args())
    assert canvas._draw_pending or whole_draws == [1, 1, 1]
