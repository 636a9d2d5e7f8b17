"""Readable on a projector: presentation mode, and no page scrolls sideways at 150 % on 1280 x 800."""

from __future__ import annotations

import pytest

from ui.qt import QApplication, QFont, QFontMetrics, QRect, QScrollArea, QStyle, Qt, QtCore, QtGui, QToolBar, QtWidgets
from ui.tables import GridView

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
    page = show_page(window, qtbot, "Lead volume", 1.5)
    view, model = page.months_view, page.months_model
    assert view.transposed  # months down, sources across
    view.setCurrentIndex(model.index(4, 0))  # Trade shows, first month
    assert view.paste_text("1\n2\n") is None  # two months, as shown: one under the other
    assert [model.data(model.index(4, c)) for c in (0, 1)] == ["1", "2"]
    window.view.set_zoom(1.0)
    settle(qtbot)
    assert not view.transposed and view.model() is model


def test_a_spreadsheet_block_pasted_into_the_month_rows_at_150_percent_keeps_sources_as_rows(window, qtbot):
    """Issue 14 (new-user trial): at 150 % the grid shows months down, but a block copied from a
    spreadsheet keeps a source a line with the months across (a header row of months, a label
    column of sources): it lands in the sources named, never as new sources named after months."""
    page = show_page(window, qtbot, "Lead volume", 1.5)
    view, model = page.months_view, page.months_model
    assert view.transposed
    names = [s.name for s in window.document.plan.sources]
    header = "Source\t" + "\t".join(f"{m} 2026" for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                                        "Sep", "Oct", "Nov", "Dec"))  # fmt: skip
    lines = [f"{names[1]}\t" + "\t".join(str(500 + m) for m in range(12)), f"{names[0]}\t" + "\t".join(["900"] * 12)]
    view.setCurrentIndex(model.index(0, 0))
    assert view.paste_text("\n".join([header, *lines]) + "\n") is None
    assert [s.name for s in window.document.plan.sources] == names  # no source named "Feb 2026"
    assert [model.data(model.index(1, c)) for c in (0, 1, 11)] == ["500", "501", "511"]
    assert [model.data(model.index(0, c)) for c in (0, 11)] == ["900", "900"]
    # Numbers alone, one line of 12: one source's months (the row it is pasted on).
    view.setCurrentIndex(model.index(2, 0))
    assert view.paste_text("\t".join(str(10 + m) for m in range(12)) + "\n") is None
    assert [model.data(model.index(2, c)) for c in (0, 5, 11)] == ["10", "15", "21"]
    assert [s.name for s in window.document.plan.sources] == names


def show_page(window, qtbot, title: str, zoom: float):
    window.resize(1280, 800)
    window.show()
    window.view.set_zoom(zoom)
    index = next(i for i, p in enumerate(window.pages) if p.title == title)
    window.show_page(index)
    settle(qtbot)
    return window.pages[index]


def cut_cells(view: GridView) -> list[str]:
    """The cells of ``view`` whose text does not fit its cell rectangle (what Qt ends in "…"): wider
    than the cell on one line, or, wrapped at the cell's width, taller than the row; a word wider
    than the cell counts as cut too (words are not broken)."""
    model = view.model()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    found = []
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            index = model.index(row, col)
            text = str(index.data() or "")
            if not text:
                continue
            font = QFont(view.font())
            italic = index.data(Qt.ItemDataRole.FontRole)
            if isinstance(italic, QFont):
                font = italic.resolve(font)
            metrics = QFontMetrics(font)
            rect = view.visualRect(index)
            width = rect.width() - 2 * margin
            if view.wordWrap():
                lines = metrics.boundingRect(QRect(0, 0, max(width, 1), 100_000), int(Qt.TextFlag.TextWordWrap), text)
                fits = lines.height() <= rect.height() and all(
                    metrics.horizontalAdvance(w) <= width for w in text.split()
                )
            else:
                fits = metrics.horizontalAdvance(text) <= width
            if not fits:
                found.append(f"{model.headerData(row, Qt.Orientation.Vertical)} / {text!r} in {width} px")
    return found


# Issue 14: at 150 % the room read "Start nurt…", "SDR tea…", "Account execut…": long text in a narrow
# column wraps onto more lines and its row grows, at 150 % and at 100 %.
@pytest.mark.parametrize("zoom", [1.0, 1.5])
@pytest.mark.parametrize("title", ["Rules of engagement", "Commitments", "Capacity", "Agreement terms"])
def test_no_table_cell_text_is_cut_short(window, qtbot, title, zoom):
    page = show_page(window, qtbot, title, zoom)
    views = [v for v in page.findChildren(GridView) if v.isVisibleTo(page)]
    assert views
    cut = {f"table {i + 1} ({type(v.model()).__name__})": cut_cells(v) for i, v in enumerate(views)}
    assert {name: cells for name, cells in cut.items() if cells} == {}
    assert horizontally_scrolled(page) == []


def test_a_wrapped_cell_grows_its_row_and_shrinks_back(window, qtbot):
    page = show_page(window, qtbot, "Rules of engagement", 1.5)
    view = page.view
    one_line = view.verticalHeader().defaultSectionSize()
    mql = window.document.plan.stages.index("MQL")
    assert view.rowHeight(mql) >= 2 * one_line  # "Assign an owner, Notify the owner, Send marketing's insight to sales"
    window.view.set_zoom(1.0)
    settle(qtbot)
    assert view.rowHeight(mql) == view.verticalHeader().defaultSectionSize()  # on one line at 100 %


def test_a_cut_cell_shows_its_whole_text_in_the_tooltip(window, qtbot, monkeypatch):
    from ui import tables

    page = show_page(window, qtbot, "Rules of engagement", 1.5)
    view = page.view
    mql = window.document.plan.stages.index("MQL")
    index = view.model().index(mql, 3)  # On entry
    shown = []
    monkeypatch.setattr(tables.QToolTip, "showText", lambda pos, text, *args: shown.append(text))
    view.setColumnWidth(3, 60)  # narrower than "marketing's": the word is cut
    view.setRowHeight(mql, view.verticalHeader().defaultSectionSize())
    assert tables.cell_text_cut(view, index)
    event = QtGui.QHelpEvent(QtCore.QEvent.Type.ToolTip, view.visualRect(index).center(), QtCore.QPoint(0, 0))
    assert view.itemDelegateForIndex(index).helpEvent(event, view, QtWidgets.QStyleOptionViewItem(), index)
    assert shown and shown[0].startswith(str(index.data()))


def test_every_month_of_the_revenue_targets_is_in_sight_at_150_percent(window, qtbot):
    page = show_page(window, qtbot, "Plan & targets", 1.5)
    view = page.targets_view
    model = view.model()
    assert view.transposed and model.rowCount() >= 12  # months down (and the total)
    viewport = view.viewport().rect()
    hidden = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    hidden = [name for r, name in enumerate(hidden) if not viewport.contains(view.visualRect(model.index(r, 0)))]
    assert hidden == []
    assert view.verticalScrollBar().maximum() == 0
    assert horizontally_scrolled(page) == []  # the page scrolls down to the chart, never sideways
    chart = page.revenue_chart
    assert chart.height() >= 250  # the chart grows with the zoom


def test_the_plan_page_fits_without_scrolling_at_100_percent(window, qtbot):
    page = show_page(window, qtbot, "Plan & targets", 1.0)
    view = page.targets_view
    assert not view.transposed
    assert view.verticalScrollBar().maximum() == 0
    scroll = page.findChildren(QScrollArea)[0]
    assert scroll.verticalScrollBar().maximum() == 0
    assert page.revenue_chart.height() >= 200


# Issue 14: the legend of "Planned revenue (likely rates)" covered the Nov-Dec data at 150 %.
def test_the_revenue_chart_legend_never_covers_the_data(window, qtbot):
    page = show_page(window, qtbot, "Plan & targets", 1.5)
    chart = page.revenue_chart
    chart.draw()
    figure = chart.figure
    renderer = figure.canvas.get_renderer()
    (ax,) = figure.axes
    legends = [legend for legend in (ax.get_legend(), *figure.legends) if legend is not None]
    assert legends
    plot_area = ax.get_window_extent(renderer)
    for legend in legends:
        box = legend.get_window_extent(renderer)
        overlap_x = min(box.x1, plot_area.x1) - max(box.x0, plot_area.x0)
        overlap_y = min(box.y1, plot_area.y1) - max(box.y0, plot_area.y0)
        assert overlap_x <= 1 or overlap_y <= 1, f"the legend lies {overlap_y:.0f} px deep in the plot area"


@pytest.mark.parametrize("title", ["Funnel", "Rules of engagement", "Lead volume"])
def test_long_row_names_wrap_onto_a_taller_row_at_150_percent(window, qtbot, title):
    """New-user trial: "Partner ref…" and "Oppo…" at 150 %. A row name the columns leave too
    little width for wraps onto a second line and its row grows to show it whole."""
    from ui.tables import RowNamesHeader

    page = show_page(window, qtbot, title, 1.5)
    checked = 0
    for view in page.findChildren(GridView):
        header, model = view.verticalHeader(), view.model()
        if not view.isVisible() or header.isHidden() or model is None:
            continue
        assert isinstance(header, RowNamesHeader)
        width = header.width()
        for r in range(model.rowCount()):
            text = str(model.headerData(r, Qt.Orientation.Vertical) or "")
            checked += 1
            if header.wraps(text, width):
                assert header.sectionSize(r) >= header.wrapped_height(text, width), f"{title}: {text!r} is cut"
    assert checked
    if title == "Funnel":
        rates = page.findChildren(GridView)[0]
        names = [str(rates.model().headerData(r, Qt.Orientation.Vertical)) for r in range(rates.model().rowCount())]
        assert any(rates.verticalHeader().wraps(n, rates.verticalHeader().width()) for n in names)  # squeezed
