"""Every chart title stays whole inside its chart, at any window width and presentation zoom.

A sweep over window widths and zooms found titles running past the chart's right edge (cut off
on a projector): the old wrap estimated character widths. Here the pages with charts are built
on the sample plan (the Simulation page after a short run, the Review page on the shipped
sample actuals), every chart is laid out and drawn as the app draws it, and each axes title and
figure title must lie inside the figure.
"""

from __future__ import annotations

import pytest

from ui.charts import ChartCanvas
from ui.qt import QApplication

WIDTHS = (1024, 1280, 1600)
PAGES = ("Overview", "Plan & targets", "Simulation", "Review")


def _show(window, title):
    index = window.page_named(title)
    assert index >= 0, title
    window.show_page(index)
    return window.pages[index]


def _titles(figure):
    """The figure's title texts: each axes' left, centre and right title and the suptitle."""
    for ax in figure.axes:
        yield from (ax._left_title, ax.title, ax._right_title)
    if figure._suptitle is not None:
        yield figure._suptitle


def _clipped(canvas):
    """The titles of ``canvas`` that do not lie inside its figure, as readable strings."""
    figure = canvas.figure
    renderer = canvas.get_renderer()
    inside = figure.bbox
    out = []
    for text in _titles(figure):
        if not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < inside.x0 - 0.5 or box.x1 > inside.x1 + 0.5 or box.y0 < inside.y0 - 0.5 or box.y1 > inside.y1 + 0.5:
            out.append(
                f"{text.get_text()!r}: x {box.x0:.0f}..{box.x1:.0f}, y {box.y0:.0f}..{box.y1:.0f} "
                f"in a {inside.width:.0f} x {inside.height:.0f} figure"
            )
    return out


@pytest.fixture
def shown_window(window, qtbot):
    """The main window shown, with a short simulation run and the sample actuals reviewed."""
    window.show()
    qtbot.waitExposed(window)
    simulation = _show(window, "Simulation")
    simulation.runs.setValue(40)
    simulation.start()
    with qtbot.waitSignal(simulation.task.finished, timeout=60_000):
        pass
    simulation.task.wait()
    assert simulation.result is not None
    review = _show(window, "Review")
    review.prepare_screenshot()  # the shipped sample actuals
    assert review.result is not None
    return window


@pytest.mark.parametrize("zoom", [1.0, 1.5, 2.0])
def test_every_chart_title_lies_inside_its_chart(shown_window, zoom):
    window = shown_window
    window.set_zoom(zoom)
    clipped, drawn = [], 0
    for width in WIDTHS:
        window.resize(width, 800)
        for title in PAGES:
            page = _show(window, title)
            QApplication.processEvents()
            for canvas in page.findChildren(ChartCanvas):
                if not canvas.isVisible():
                    continue
                canvas.redraw()  # as after the resize pause: rebuilt and laid out at this size
                canvas.draw()
                drawn += 1
                clipped += [f"{title} at {width} px, {zoom:.0%}: {c}" for c in _clipped(canvas)]
    assert drawn >= 9 * len(WIDTHS), f"only {drawn} charts drawn"
    assert not clipped, "titles cut at the chart's edge:\n" + "\n".join(clipped)
