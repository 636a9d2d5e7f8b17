"""The pages of the window and the list that switches between them.

:class:`PageNavigator` shows one page at a time with the page titles on its left. After an edit
only the page in view redraws; the others redraw when they are next shown.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence

from slaplanner.plan.model import Plan
from ui.document import PlanDocument
from ui.pages import Page
from ui.qt import QFont, QGuiApplication, QListWidget, QListWidgetItem, QSplitter, QStackedWidget, Qt, QWidget


class PageNavigator(QSplitter):
    """The page list on the left and the page shown on the right.

    A page class that fails to build is left out and its error kept in :attr:`errors`: one
    broken page must not keep the workshop from the others.
    """

    def __init__(self, document: PlanDocument, page_classes: Sequence[type[Page]], parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.errors: list[str] = []
        self.pages: list[Page] = []
        self._stale: set[int] = set()

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        for cls in page_classes:
            try:
                page = cls(document)
            except Exception as exc:
                traceback.print_exc()
                self.errors.append(f"Page {cls.title} could not be shown: {exc}")
                continue
            page.setObjectName(f"page-{cls.__name__}")
            self.pages.append(page)
            self.stack.addWidget(page)
            self.nav.addItem(QListWidgetItem(cls.title))
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 6px 10px; }")
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setAutoFillBackground(False)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._nav_base_font = self.nav.font()
        self._zoom_list(1.0)

        self.setChildrenCollapsible(False)
        self.addWidget(self.nav)
        self.addWidget(self.stack)
        self.setStretchFactor(1, 1)
        self.setSizes([self.nav.minimumWidth(), 1100])
        self.nav.currentRowChanged.connect(self.show_page)
        document.planChanged.connect(self._on_plan_changed)
        for page in self.pages:
            page.refresh(document.plan)

    def show_page(self, index: int) -> None:
        """Show page ``index`` (redrawn first if the plan changed while it was hidden)."""
        if not 0 <= index < len(self.pages):
            return
        if index in self._stale:
            self._stale.discard(index)
            self.pages[index].refresh(self.document.plan)
        self.stack.setCurrentIndex(index)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)

    def show_first_page(self) -> None:
        """Show the first page unless one is shown already."""
        if self.pages and self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)

    def page_named(self, name: str) -> int:
        """The index of the page whose title (or class/module name) matches ``name``; -1 if none."""
        key = name.strip().casefold().replace("-", " ").replace("_", " ")
        for i, page in enumerate(self.pages):
            names = {page.title.casefold(), type(page).__module__.rsplit(".", 1)[-1].replace("_", " ")}
            if key in names or any(n.startswith(key) for n in names):
                return i
        return -1

    @property
    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def set_zoom(self, factor: float) -> None:
        """Scale the pages' fonts and charts, and the page list, by ``factor``."""
        font = QGuiApplication.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * factor)
        else:
            font.setPixelSize(max(8, round(font.pixelSize() * factor)))
        self.stack.setFont(font)
        self._zoom_list(factor)
        for page in self.pages:
            page.set_zoom(factor)

    def _zoom_list(self, factor: float) -> None:
        """The page list grows with the zoom too, and stays wide enough for its titles."""
        font = QFont(self._nav_base_font)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.1 * factor)
        self.nav.setFont(font)
        longest = max((self.nav.fontMetrics().horizontalAdvance(p.title) for p in self.pages), default=100)
        width = longest + 36
        self.nav.setMinimumWidth(min(420, width))
        self.nav.setMaximumWidth(max(280, min(440, width + 20)))

    def _on_plan_changed(self, plan: Plan) -> None:
        current = self.stack.currentIndex()
        for i, page in enumerate(self.pages):
            if i == current:
                page.refresh(plan)
            else:
                self._stale.add(i)  # refreshed when shown: an edit redraws only what is visible
