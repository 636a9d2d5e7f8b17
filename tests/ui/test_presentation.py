"""Readable on a projector: presentation mode, and no page scrolls sideways at 150 % on 1280 x 800."""

from __future__ import annotations

import pytest

from ui.qt import QApplication, QToolBar, QtWidgets

QAbstractScrollArea = QtWidgets.QAbstractScrollArea


def horizontally_scrolled(page) -> list[str]:
    """The scroll areas and tables of ``page`` that would need scrolling sideways."""
    found = []
    for area in page.findChildren(QAbstractScrollArea):
        if not area.isVisibleTo(page):
            continue
        bar = area.horizontalScrollBar()
        if bar.isVisible() and bar.maximum() > 0:
            found.append(f"{type(area).__name__} {area.objectName()} (by {bar.maximum()} px)")
    return found


def settle(qtbot, ms: int = 50) -> None:
    for _ in range(3):  # the grids fit their columns on a zero-time timer, the layouts follow
        QApplication.processEvents()
        qtbot.wait(ms)


def test_presentation_mode_is_full_screen_at_150_and_comes_back(window, qtbot):
    window.show()
    view = window.view
    view.set_zoom(1.15)
    view.set_presentation(True)
    assert view.presenting and view.zoom == 1.5 and window.isFullScreen()
    assert window.act.presentation.isChecked()
    toolbar_font = window.findChildren(QToolBar)[0].font().pointSizeF()
    view.set_presentation(False)
    assert not view.presenting and view.zoom == 1.15 and not window.isFullScreen()
    normal_font = window.findChildren(QToolBar)[0].font().pointSizeF()
    assert toolbar_font == pytest.approx(normal_font * 1.5)


# Measured at 150 % on 1280 x 800 (issue 14, still to fix): the month grids (13 columns) and the
# wide record tables need more than the ~1,000 px beside the page list. Strict: a fix makes them pass.
STILL_SCROLL = pytest.mark.xfail(strict=True, reason="scrolls sideways at 150 % (issue 14, to fix)")
PAGES = [
    "Overview",
    pytest.param("Plan & targets", marks=STILL_SCROLL),  # monthly revenue grid, ~500 px too wide
    pytest.param("Lead volume", marks=STILL_SCROLL),  # leads per month grid
    pytest.param("Funnel", marks=STILL_SCROLL),  # rates (15 columns) and funnel by month
    pytest.param("Definitions", marks=STILL_SCROLL),  # example leads table
    pytest.param("Rules of engagement", marks=STILL_SCROLL),  # rules table
    pytest.param("Capacity", marks=STILL_SCROLL),  # headcount by month
]


@pytest.mark.parametrize("title", PAGES)
def test_no_page_scrolls_sideways_at_150_percent_on_a_projector(window, qtbot, title):
    window.resize(1280, 800)
    window.show()
    window.view.set_zoom(1.5)
    index = next(i for i, p in enumerate(window.pages) if p.title == title)
    window.show_page(index)
    settle(qtbot)
    assert horizontally_scrolled(window.pages[index]) == []
