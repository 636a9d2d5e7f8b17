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


# Issue 14: at 150 % on 1280 x 800 the month grids show months as rows, wide tables wrap their
# headings and elide long text, long row names are elided, and side-by-side panels stack.
PAGES = [
    "Overview",
    "Plan & targets",
    "Lead volume",
    "Funnel",
    "Definitions",
    "Rules of engagement",
    "Commitments",
    "Capacity",
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


def test_a_month_grid_shown_as_rows_at_150_percent_still_pastes_into_the_right_months(window, qtbot):
    window.resize(1280, 800)
    window.show()
    window.view.set_zoom(1.5)
    index = next(i for i, p in enumerate(window.pages) if p.title == "Lead volume")
    window.show_page(index)
    settle(qtbot)
    page = window.pages[index]
    view, model = page.months_view, page.months_model
    assert view.transposed  # months down, sources across
    view.setCurrentIndex(model.index(4, 0))  # Trade shows, first month
    assert view.paste_text("1\n2\n") is None  # two months, as shown: one under the other
    assert [model.data(model.index(4, c)) for c in (0, 1)] == ["1", "2"]
    window.view.set_zoom(1.0)
    settle(qtbot)
    assert not view.transposed and view.model() is model
