"""Never lose work: unsaved changes are written aside every few seconds, and offered back after a crash.

The files themselves are :mod:`ui.recovery`'s; this module decides when to write, when to throw
the file away (the plan was saved, opened or started anew) and when to offer one back.
"""

from __future__ import annotations

from collections.abc import Callable

from slaplanner.errors import PlanFileError
from ui.document import PlanDocument
from ui.qt import QMessageBox, QObject, QTimer, Signal
from ui.recovery import RecoveryStore
from ui.window.dialogs import Prompts

AUTOSAVE_MSECS = 10_000  # "at least every 30 s": a crash loses at most ~10 s of typing


class Autosaver(QObject):
    """Writes the document's unsaved work to ``recovery`` on a timer (nothing without a store).

    ``may_replace`` says whether the open plan may be replaced by restored work (it asks to save
    unsaved changes first); ``prompts`` asks whether to restore.

    Signals:
        message(str, int): a status-bar message and how long to show it, in milliseconds.
    """

    message = Signal(str, int)

    def __init__(
        self,
        document: PlanDocument,
        recovery: RecoveryStore | None,
        prompts: Prompts,
        may_replace: Callable[[], bool],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.document = document
        self.recovery = recovery
        self._prompts = prompts
        self._may_replace = may_replace
        self._autosaved_generation = -1
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MSECS)
        self.timer.timeout.connect(self.autosave)
        if recovery is not None:
            self.timer.start()
        document.modifiedChanged.connect(self._on_modified_changed)

    def autosave(self) -> bool:
        """Write unsaved changes to the recovery file if they changed since the last autosave."""
        if self.recovery is None or not self.document.is_modified:
            return False
        if self.document.generation == self._autosaved_generation:
            return False
        try:
            self.recovery.write(self.document.plan, self.document.path)
        except (PlanFileError, OSError) as error:
            self.message.emit(f"Autosave failed: {error}", 10000)
            return False
        self._autosaved_generation = self.document.generation
        return True

    def discard(self) -> None:
        """Throw the recovery file away: nothing unsaved is left to recover."""
        if self.recovery is not None:
            self.recovery.discard()
            self._autosaved_generation = -1

    def offer_recovery(self) -> bool:
        """After a crash, offer to restore the newest unsaved work; True if restored."""
        if self.recovery is None:
            return False
        for found in self.recovery.orphans():
            answer = self._prompts.ask_restore(found.describe())
            if answer == QMessageBox.StandardButton.Yes:
                if not self._may_replace():
                    return False
                self.document.reset(found.plan, found.original_path, modified=True)
                RecoveryStore.remove(found)
                self.autosave()
                self.message.emit("Restored the unsaved work. Save it to keep it.", 10000)
                return True
            if answer == QMessageBox.StandardButton.Discard:
                RecoveryStore.remove(found)
            else:
                return False
        return False

    def stop(self) -> None:
        """A normal end: stop writing, remove this session's file and release its lock."""
        self.timer.stop()
        if self.recovery is not None:
            self.recovery.close()

    def _on_modified_changed(self, modified: bool) -> None:
        if not modified:
            self.discard()
