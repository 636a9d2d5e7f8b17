"""The base class of every page in the main window's navigation (see ``ui/pages/__init__``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slaplanner.plan.model import Plan
from ui.qt import QScrollArea, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ui.document import PlanDocument


class Page(QWidget):
    """A page: a widget that shows and edits one part of the plan.

    Class attributes:
        title: the page's name in the navigation (and for ``--page NAME``).
        order: its position in the navigation, lower first.

    The window calls :meth:`refresh` with the new plan after every change and once after
    construction, and :meth:`set_zoom` when the presentation zoom changes. A page changes the
    plan only through ``self.document.apply(Edit(...))``.
    """

    title: str = "Page"
    order: int = 100

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.zoom = 1.0

    def refresh(self, plan: Plan) -> None:
        """Show ``plan`` (override; the default does nothing)."""

    def set_zoom(self, factor: float) -> None:
        """Presentation zoom: the window scales the page's font; charts follow via ChartCanvas.

        Override to do more (and call the base).
        """
        from ui.charts import ChartCanvas

        self.zoom = factor
        for chart in self.findChildren(ChartCanvas):
            chart.set_zoom(factor)

    def scrolling_page(self, body: QWidget) -> QScrollArea:
        """Make ``body`` the page's whole content, in a frameless scroll area without margins: at a
        large zoom the page scrolls rather than squeezing its tables. Returns the scroll area."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        return scroll

    def prepare_screenshot(self) -> None:
        """Called by ``main.py --screenshot`` before the picture is taken, with the page shown.

        Override to make the picture meaningful (e.g. start a simulation with a fixed seed);
        the command waits until every :class:`ui.worker.Task` has finished. Default: nothing.
        """

    def status(self, message: str, msecs: int = 8000) -> None:
        """Show ``message`` in the main window's status bar (if there is one)."""
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(message, msecs)
