"""Run a pure core function on a worker thread and bring its result back by signal.

The core's long computations look like ``f(*args, progress, cancelled, **kwargs)``: they call
``progress(fraction)`` (0 to 1) now and then and stop early when ``cancelled()`` is true
(after Orange's ``run(..., state)``). :class:`Task` runs one such call on a ``QThread``; its
signals arrive in the thread that created it (the GUI thread), so slots may touch widgets.
The worker itself never touches a widget.

Example::

    task = Task(simulate, plan, rng=rng)
    task.progressed.connect(bar.setValue)        # 0..100, at most one signal per percent
    task.succeeded.connect(show_result)
    task.failed.connect(status.showMessage)
    task.start()
    ...
    task.cancel()   # the function sees cancelled() == True; the task emits ``cancelled``
"""

from __future__ import annotations

import threading
import traceback
import weakref
from collections.abc import Callable
from typing import Any

from ui.qt import QObject, QThread, Signal

_live: weakref.WeakSet[Task] = weakref.WeakSet()


class TaskCancelled(Exception):
    """Raise this from a core function (or let ``check_cancelled`` do it) to stop early."""


class _Runner(QThread):
    """The thread: calls the function and emits raw results (queued to the GUI thread)."""

    result = Signal(object)
    error = Signal(str, str)
    percent = Signal(int)
    stopped = Signal()

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]):
        super().__init__()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._cancel = threading.Event()
        self._last_percent = -1

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: float, total: float | None = None) -> None:
        fraction = done / total if total else done
        percent = max(0, min(100, int(fraction * 100)))
        if percent != self._last_percent:  # throttled: one signal per whole percent
            self._last_percent = percent
            self.percent.emit(percent)

    def run(self) -> None:
        try:
            value = self._fn(*self._args, progress=self._progress, cancelled=self.is_cancelled, **self._kwargs)
        except TaskCancelled:
            self.stopped.emit()
        except Exception as exc:  # reported to the GUI thread, never lost
            self.error.emit(str(exc) or type(exc).__name__, traceback.format_exc())
        else:
            if self._cancel.is_set():
                self.stopped.emit()
            else:
                self.result.emit(value)


class Task(QObject):
    """One run of ``fn(*args, progress=..., cancelled=..., **kwargs)`` on a worker thread.

    Signals:
        progressed(int): percent done, 0 to 100, at most once per percent.
        succeeded(object): the function's return value.
        failed(str): the exception's message (``details`` holds the traceback).
        cancelled(): the run stopped because :meth:`cancel` was called.
        finished(): after any of the three above; the thread has ended.
    """

    progressed = Signal(int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, fn: Callable[..., Any], *args: Any, parent: QObject | None = None, **kwargs: Any):
        super().__init__(parent)
        self._runner = _Runner(fn, args, kwargs)
        self._runner.percent.connect(self.progressed)
        self._runner.result.connect(self.succeeded)
        self._runner.error.connect(self._on_error)
        self._runner.stopped.connect(self.cancelled)
        self._runner.finished.connect(self._on_finished)
        self.details = ""
        self._done = False

    def start(self) -> Task:
        _live.add(self)
        self._runner.start()
        return self

    def cancel(self) -> None:
        """Ask the function to stop; ``cancelled`` follows when it has."""
        self._runner.cancel()

    def is_running(self) -> bool:
        return self._runner.isRunning()

    def wait(self, msecs: int = 5000) -> bool:
        """Block until the thread ends (for shutdown and tests); True if it did."""
        return self._runner.wait(msecs)

    def _on_error(self, message: str, details: str) -> None:
        self.details = details
        self.failed.emit(message)

    def _on_finished(self) -> None:
        self._done = True
        _live.discard(self)
        self.finished.emit()


def running_tasks() -> list[Task]:
    """Tasks whose thread has not finished (shutdown waits for these; tests check none is left)."""
    return [t for t in _live if t.is_running()]


def cancel_all(wait_msecs: int = 5000) -> None:
    """Cancel every running task and wait for the threads to end (on quit)."""
    tasks = running_tasks()
    for t in tasks:
        t.cancel()
    for t in tasks:
        t.wait(wait_msecs)
