"""Help: F1 on a field, a column heading or a chart says what it means and why it matters.

Every answer comes from the one glossary (:mod:`slaplanner.glossary`). A widget may carry its
terms (:func:`set_help`); otherwise they are found from what the user reads: the field's label in
its form, the column and row headings of the current cell (or of the heading under the mouse),
the chart's titles and axis labels, the widget's own text, its group's title. The answer shows in
a small popup (:class:`HelpPopup`) at the widget's font size, so it is readable at 150 %.

Help > Glossary shows every term; Help > User guide shows the guide bundled with the app
(``slaplanner/resources/user-guide.md``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any, TypeVar

from slaplanner.glossary import Term, glossary_markdown, term, terms_in
from slaplanner.samples import resource_bytes
from ui.qt import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPoint,
    Qt,
    QtCore,
    QtGui,
    QtWidgets,
    QVBoxLayout,
    QWidget,
)

#: The dynamic property holding a widget's glossary keys (a comma-separated string).
HELP_PROPERTY = "glossaryKeys"
USER_GUIDE = "user-guide.md"
W = TypeVar("W", bound=QWidget)


def set_help(widget: W, *keys: str) -> W:
    """Give ``widget`` (and what is inside it) the glossary terms ``keys``; returns the widget."""
    for key in keys:
        term(key)  # a typo fails at once, not when someone presses F1
    widget.setProperty(HELP_PROPERTY, ",".join(keys))
    return widget


def _own_keys(widget: QWidget) -> list[Term]:
    value = widget.property(HELP_PROPERTY)
    return [term(k) for k in str(value).split(",") if k] if value else []


def _unique(terms: Iterable[Term], limit: int = 3) -> list[Term]:
    out: list[Term] = []
    for t in terms:
        if t not in out:
            out.append(t)
    return out[:limit]


def _header_text(view: QAbstractItemView, section: int, orientation: Qt.Orientation) -> str:
    """A heading's text, with its group's ("Lead → MQL" over "low") on a grouped heading."""
    model = view.model()
    if model is None or section < 0:
        return ""
    value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
    text = "" if value is None else str(value)
    group_header = getattr(model, "group_header", None)
    if orientation == Qt.Orientation.Horizontal and callable(group_header):
        text = f"{group_header(section)} {text}"
    return text


def _view_terms(view: QAbstractItemView, viewport_pos: QPoint | None) -> list[Term]:
    """The column and row headings of the cell under the mouse, else of the current cell."""
    index = view.indexAt(viewport_pos) if viewport_pos is not None else view.currentIndex()
    if not index.isValid():
        index = view.currentIndex()
    if not index.isValid():
        return []
    found = terms_in(_header_text(view, index.column(), Qt.Orientation.Horizontal))
    found += terms_in(_header_text(view, index.row(), Qt.Orientation.Vertical))
    return found


def _chart_text(widget: QWidget) -> str:
    figure = getattr(widget, "figure", None)
    if figure is None:
        return ""
    texts = []
    for ax in figure.get_axes():
        texts += [ax.get_title(), ax.get_ylabel(), ax.get_xlabel()]
        legend = ax.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()]
    texts += [t.get_text() for t in figure.texts]
    suptitle = getattr(figure, "_suptitle", None)
    if suptitle is not None:
        texts.append(suptitle.get_text())
    return " · ".join(t for t in texts if t)


def _containing_layout(layout: QtWidgets.QLayout, widget: QWidget) -> QtWidgets.QLayout | None:
    if layout.indexOf(widget) >= 0:
        return layout
    for i in range(layout.count()):
        item = layout.itemAt(i)
        inner = item.layout() if item is not None else None
        found = _containing_layout(inner, widget) if inner is not None else None
        if found is not None:
            return found
    return None


def _form_label(widget: QWidget) -> str:
    """The text of the label that names ``widget``: its buddy, its form row's label, or the label just
    before it in its row ("Runs: [2000]")."""
    for buddy_label in widget.window().findChildren(QLabel):
        if buddy_label.buddy() is widget:
            return buddy_label.text()
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    inner = _containing_layout(layout, widget) if layout is not None else None
    if inner is None:
        return ""
    if isinstance(layout, QFormLayout):
        label = layout.labelForField(widget)
        if isinstance(label, QLabel):
            return label.text()
        if inner is not layout:
            for row in range(layout.rowCount()):
                item = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
                label_item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if item is not None and item.layout() is inner and label_item is not None:
                    label_widget = label_item.widget()
                    if isinstance(label_widget, QLabel):
                        return label_widget.text()
    index = inner.indexOf(widget)
    if isinstance(inner, QtWidgets.QGridLayout):
        position: Any = inner.getItemPosition(index)
        row, column = int(position[0]), int(position[1])
        before = inner.itemAtPosition(row, column - 1) if column > 0 else None
    else:
        before = inner.itemAt(index - 1) if index > 0 else None
    before_widget = before.widget() if before is not None else None
    return before_widget.text() if isinstance(before_widget, QLabel) else ""


def help_terms(widget: QWidget | None, pos: QPoint | None = None) -> list[Term]:
    """The glossary terms that explain ``widget`` (``pos``: where the mouse is, in its coordinates).

    The widget's own terms (:func:`set_help`) come first, then what it shows (headings, chart
    titles, text) and the label of its form row; if none says anything, its parents are asked.
    """
    if widget is None:
        return []
    at_global = widget.mapToGlobal(pos) if pos is not None else None
    w: QWidget | None = widget
    while w is not None:
        found = _own_keys(w)
        if isinstance(w, QHeaderView):
            view = w.parentWidget()
            local = w.viewport().mapFromGlobal(at_global) if at_global is not None else None
            section = w.logicalIndexAt(local) if local is not None else -1
            if isinstance(view, QAbstractItemView) and section >= 0:
                found += terms_in(_header_text(view, section, w.orientation()))
        elif isinstance(w, QAbstractItemView):
            local = w.viewport().mapFromGlobal(at_global) if at_global is not None else None
            found += _view_terms(w, local)
        elif hasattr(w, "figure"):
            found += terms_in(_chart_text(w))
        elif isinstance(w, (QLabel, QtWidgets.QAbstractButton)):
            found += terms_in(w.text())
        elif isinstance(w, QGroupBox):
            found += terms_in(w.title())
        if w is widget:
            found += terms_in(_form_label(w))
        if found:
            return _unique(found)
        w = w.parentWidget()
    return []


def help_html(terms: list[Term]) -> str:
    """The popup's text: each term, what it means and why it matters."""
    if not terms:
        return (
            "<p>No help for this. Press <b>F1</b> with the mouse over a field, a column heading or a "
            "chart, or open <b>Help &gt; Glossary</b>.</p>"
        )
    parts = []
    for t in terms:
        why = f"<br><i>Why it matters:</i> {html.escape(t.why)}" if t.why else ""
        parts.append(f"<p><b>{html.escape(t.term)}</b><br>{html.escape(t.meaning)}{why}</p>")
    return "".join(parts) + "<p style='color:gray'>More in Help &gt; Glossary.</p>"


class HelpPopup(QFrame):
    """A small window with the help text, in the font of the widget it explains; the next click or
    key closes it (a tooltip-like window: it takes neither the focus nor the keyboard)."""

    def __init__(self, parent: QWidget | None = None):
        flags = Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowDoesNotAcceptFocus
        super().__init__(parent, flags)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFrameShape(QFrame.Shape.Box)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.terms: list[Term] = []

    def show_for(self, widget: QWidget, terms: list[Term], at: QPoint | None = None) -> None:
        """Show ``terms`` beside ``widget`` (at the global point ``at``, else below the widget)."""
        self.terms = terms
        self.setFont(widget.font())
        self.label.setText(help_html(terms))
        em = QtGui.QFontMetrics(widget.font()).horizontalAdvance("M")
        self.label.setFixedWidth(min(34 * em, 900))
        self.adjustSize()
        point = at if at is not None else widget.mapToGlobal(QPoint(0, widget.height()))
        screen = QApplication.screenAt(point) or QApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            point = QPoint(
                max(area.left(), min(point.x(), area.right() - self.width())),
                max(area.top(), min(point.y(), area.bottom() - self.height())),
            )
        self.move(point)
        self.show()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def hideEvent(self, event: QtGui.QHideEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().hideEvent(event)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        kind = event.type()
        if kind in (QtCore.QEvent.Type.MouseButtonPress, QtCore.QEvent.Type.Wheel):
            self.hide()
        elif (
            isinstance(event, QtGui.QKeyEvent) and kind == QtCore.QEvent.Type.KeyPress and event.key() != Qt.Key.Key_F1
        ):
            self.hide()
            return bool(event.key() == Qt.Key.Key_Escape)  # Esc only closes the help
        return False


def widget_for_help(window: QWidget) -> tuple[QWidget | None, QPoint | None]:
    """What F1 is about: the chart, heading or label under the mouse (they take no focus), else the
    focused field, else whatever is under the mouse. The point is in the widget's coordinates."""
    global_pos = QtGui.QCursor.pos()
    under = QApplication.widgetAt(global_pos)
    inside = under is not None and under.window() is window
    if inside and under is not None:
        hovered: QWidget | None = under
        while hovered is not None and hovered is not window:
            if isinstance(hovered, (QHeaderView, QLabel, QGroupBox)) or hasattr(hovered, "figure"):
                return under, under.mapFromGlobal(global_pos)
            hovered = hovered.parentWidget()
    focus = QApplication.focusWidget()
    if focus is not None and focus.window() is window:
        return focus, None
    if inside and under is not None:
        return under, under.mapFromGlobal(global_pos)
    return None, None


def show_help(window: QWidget, popup: HelpPopup) -> list[Term]:
    """F1: explain what the user is on (see :func:`widget_for_help`); returns the terms shown."""
    widget, pos = widget_for_help(window)
    terms = help_terms(widget, pos)
    target = widget if widget is not None else window
    at = target.mapToGlobal(pos + QPoint(12, 16)) if pos is not None else None
    popup.show_for(target, terms, at)
    return terms


class MarkdownDialog(QDialog):
    """A window showing a markdown text (the user guide, the glossary), scaled like the window."""

    def __init__(self, title: str, markdown: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QtWidgets.QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setMarkdown(markdown)
        if parent is not None:
            self.setFont(parent.font())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        em = QtGui.QFontMetrics(self.font()).horizontalAdvance("M")
        self.resize(min(48 * em, 1200), min(40 * em, 900))


def user_guide_markdown() -> str:
    """The user guide shipped with the app (package data, so it is there in every install)."""
    return resource_bytes(USER_GUIDE).decode("utf-8")


def show_user_guide(parent: QWidget) -> MarkdownDialog:
    dialog = MarkdownDialog("SLA Planner: user guide", user_guide_markdown(), parent)
    dialog.show()
    return dialog


def show_glossary(parent: QWidget) -> MarkdownDialog:
    dialog = MarkdownDialog("SLA Planner: glossary", glossary_markdown(), parent)
    dialog.show()
    return dialog
