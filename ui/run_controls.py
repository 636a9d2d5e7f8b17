"""The run controls of the pages that run long work: fields, a run button, Cancel and progress.

The Simulation and Compare pages both start a core function on a :class:`ui.worker.Task` with a
button, show its progress, offer Cancel while it runs and give the buttons back when it ends.
:class:`RunControls` is that row, once. With ``settings=True`` it also holds the window's
simulation settings (runs, seed, load), bound to the document's
:class:`~ui.results.SharedResults` both ways: a change here is a change for every page and the
export, and a change elsewhere shows here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slaplanner.engine.simulation import MAX_RUNS
from ui.qt import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QObject,
    QPushButton,
    QSize,
    QSpinBox,
    QtCore,
    QtGui,
    QtWidgets,
    QWidget,
    Signal,
)
from ui.results import SharedResults
from ui.worker import Task

MAX_SPIN_SEED = 2**31 - 1  # a spin box holds a 32-bit int; the command line takes up to 2**63 - 1


class RunControls(QWidget):
    """One row: [fields] [runs, seed, load] Run, Cancel, progress; two rows (the fields above the
    buttons and the bar) where one is too narrow for them, as at a presentation zoom, so that no
    button or field is cut.

    Signals:
        runRequested(): the run button was pressed (the page decides what to run: :meth:`start`).
        succeeded(object), failed(str), cancelled(), finished(): the running task's signals.
    """

    runRequested = Signal()
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(
        self, results: SharedResults, run_label: str, *, settings: bool = False, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.results = results
        self.task: Task | None = None
        self._row = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.LeftToRight, self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._layout = QHBoxLayout()  # the fields
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._actions = QHBoxLayout()  # the buttons and the bar
        self._actions.setContentsMargins(0, 0, 0, 0)
        self._row.addLayout(self._layout)
        self._row.addLayout(self._actions, 1)
        self.runs: QSpinBox | None = None
        self.seed: QSpinBox | None = None
        self.load: QComboBox | None = None
        if settings:
            self._settings_fields()
        self.run_button = QPushButton(run_label)
        self.run_button.clicked.connect(self.runRequested)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, 100)
        self._idle()
        self._actions.addWidget(self.run_button)
        self._actions.addWidget(self.cancel_button)
        self._actions.addWidget(self.progress, 1)
        self._layout.addStretch(1)  # on a row of their own the fields keep their widths

    # -- one row or two ---------------------------------------------------------------------------
    def _one_row_width(self) -> int:
        """The width one row needs: the fields, the buttons and a bar wide enough for "100%"."""
        bar = self.progress.fontMetrics().horizontalAdvance("100%") * 3
        return self._layout.sizeHint().width() + self._row.spacing() + self._actions.minimumSize().width() + bar

    def is_two_rows(self) -> bool:
        return self._row.direction() == QtWidgets.QBoxLayout.Direction.TopToBottom

    def minimumSizeHint(self) -> QSize:
        """As narrow as the wider of the two rows (the row wraps below that), as tall as it is now."""
        fields, actions = self._layout.minimumSize(), self._actions.minimumSize()
        if self.is_two_rows():
            return QSize(max(fields.width(), actions.width()), fields.height() + self._row.spacing() + actions.height())
        return QSize(max(fields.width(), actions.width()), max(fields.height(), actions.height()))

    def sizeHint(self) -> QSize:
        hint = self.minimumSizeHint()
        return QSize(max(hint.width(), self._one_row_width()), hint.height())

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        self._fit(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: Any) -> None:  # a new font (the window's zoom) changes the widths
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.FontChange:
            self._fit(self.width())

    def _fit(self, width: int) -> None:
        self._fit_boxes()
        wanted = (
            QtWidgets.QBoxLayout.Direction.LeftToRight
            if width >= self._one_row_width()
            else QtWidgets.QBoxLayout.Direction.TopToBottom
        )
        if self._row.direction() != wanted:
            self._row.setDirection(wanted)
            self.updateGeometry()  # the height changes: the page lays out again

    def _fit_boxes(self) -> None:
        """The runs' and the seed's boxes may narrow to their values (at least four digits) instead
        of the widest their ranges allow (6 and 10 digits), so that in a narrow window the drop-down
        beside them keeps its whole choice."""
        for box in (self.runs, self.seed):
            if box is None:
                continue
            digits = len(str(box.maximum())) - max(4, len(box.text()))
            spare = box.fontMetrics().horizontalAdvance("0" * max(0, digits))
            box.setMinimumWidth(max(0, box.minimumSizeHint().width() - spare))

    def _settings_fields(self) -> None:
        current = self.results.settings
        self.runs = QSpinBox()
        self.runs.setRange(1, MAX_RUNS)
        self.runs.setSingleStep(500)
        self.runs.setValue(current.runs)
        self.runs.setToolTip("Simulation runs; the exported SLA uses the same runs and seed")
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SPIN_SEED)
        self.seed.setValue(min(current.seed, MAX_SPIN_SEED))
        self.load = QComboBox()
        self.load.addItem("Planned SQLs", "planned")
        self.load.addItem("Committed SQLs", "committed")
        self.load.setToolTip(
            "Which SQLs arrive in the simulation: the plan's (leads x conversion rates) or marketing's "
            "commitment (exactly the committed SQLs each month). The export uses the same."
        )
        self.load.setCurrentIndex(max(0, self.load.findData(current.load)))
        # The choice keeps its whole name ("Planned SQLs", not "Planned"); the seed's wide box gives way.
        self.load.setSizePolicy(QtWidgets.QSizePolicy.Policy.Minimum, QtWidgets.QSizePolicy.Policy.Fixed)
        self.runs.valueChanged.connect(self._on_field)
        self.seed.valueChanged.connect(self._on_field)
        self.seed.valueChanged.connect(self._fit_boxes)
        self.runs.valueChanged.connect(self._fit_boxes)
        self.load.currentIndexChanged.connect(self._on_field)
        self.results.settingsChanged.connect(self._show_settings)
        for label, widget in (("Runs:", self.runs), ("Seed:", self.seed), ("Load:", self.load)):
            self._layout.addWidget(QLabel(label))
            self._layout.addWidget(widget)

    def add_field(self, label: str, widget: QWidget) -> None:
        """Put ``label`` and ``widget`` at the start of the row (e.g. the Compare page's base)."""
        self._layout.insertWidget(0, widget)
        self._layout.insertWidget(0, QLabel(label))

    def _on_field(self, *_args: object) -> None:
        assert self.runs is not None and self.seed is not None and self.load is not None
        self.results.update(runs=self.runs.value(), seed=self.seed.value(), load=self.load.currentData())

    def _show_settings(self, settings: Any) -> None:
        for box, value in ((self.runs, settings.runs), (self.seed, min(settings.seed, MAX_SPIN_SEED))):
            if box is not None and box.value() != value:
                box.blockSignals(True)
                box.setValue(value)
                box.blockSignals(False)
        if self.load is not None and self.load.currentData() != settings.load:
            self.load.blockSignals(True)
            self.load.setCurrentIndex(max(0, self.load.findData(settings.load)))
            self.load.blockSignals(False)

    # -- the run ----------------------------------------------------------------------------------
    def show_idle(self) -> None:
        """An empty bar without a percentage: no run in progress, and no finished run of the plan
        as it is (a "0%" beside a quick estimate, or a "100%" after an edit, would mislead).
        Nothing while a run is in progress."""
        if not self.is_running():
            self._idle()

    def _idle(self) -> None:
        self.progress.reset()
        self.progress.setTextVisible(False)

    def is_running(self) -> bool:
        return self.task is not None and self.task.is_running()

    def start(self, fn: Callable[..., Any], *args: Any, parent: QObject | None = None, **kwargs: Any) -> Task | None:
        """Run ``fn(*args, progress=..., cancelled=..., **kwargs)`` on a worker thread (not while one
        runs: then ``None``). The buttons and the bar follow it; its signals are forwarded."""
        if self.is_running():
            return None
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        task = Task(fn, *args, parent=parent or self, **kwargs)
        task.progressed.connect(self.progress.setValue)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        task.cancelled.connect(self._cancelled)
        task.finished.connect(self._finished)
        self.task = task
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        task.start()
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _succeeded(self, value: object) -> None:
        self.progress.setValue(100)
        self.succeeded.emit(value)

    def _failed(self, message: str) -> None:
        self._idle()
        self.failed.emit(message)

    def _cancelled(self) -> None:
        self._idle()
        self.cancelled.emit()

    def _finished(self) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.finished.emit()
