"""Python's cyclic garbage collected in the GUI thread only.

A worker thread (:mod:`ui.worker`: a simulation, a lead import) that allocates can set off Python's
automatic collector, which then frees, in that thread, cycles holding Qt objects (a closed
window's widgets, a slot's closure); PySide then deletes their C++ side off the GUI thread, and the
process crashes. Seen on 3 December 2026: "Fatal Python error: Segmentation fault ... Garbage-
collecting" in a lead import's worker while a test suite's earlier windows were garbage. So the
automatic collector is off while the application runs, and the GUI thread collects on a timer by
the collector's own thresholds (the usual remedy in Qt applications with threads).
"""

from __future__ import annotations

import gc

from ui.qt import QObject, QTimer

INTERVAL_MS = 500  # how often the GUI thread looks whether a collection is due


class GuiThreadCollector(QObject):
    """Switches Python's automatic collector off and collects from the GUI thread's event loop,
    the generation the collector's thresholds call for (the youngest every time they are passed)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> int:
        """Collect the generations whose counts passed their thresholds; the generation collected
        (-1: none was due)."""
        counts = gc.get_count()
        due = -1
        for generation, (count, threshold) in enumerate(zip(counts, self.thresholds)):
            if count > threshold:
                due = generation
            else:
                break
        if due >= 0:
            gc.collect(due)
        return due


def install(app: QObject) -> GuiThreadCollector:
    """The collector of ``app`` (created the first time, a child of the application)."""
    found = app.findChild(GuiThreadCollector)
    return found if found is not None else GuiThreadCollector(app)
