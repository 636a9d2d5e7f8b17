"""The plan's file: New, Open, Save, Save As, Close, Open Recent and dropping a file on the window.

Before unsaved changes would be lost, :meth:`FileController.maybe_save` asks Save, Discard or
Cancel. A file that cannot be opened or saved is explained and the open plan stays as it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from slaplanner.errors import PlanFileError, ReadOnlyFileError, ValidationError
from slaplanner.plan.model import Plan
from slaplanner.samples import write_samples
from ui.document import PlanDocument, saved_as_new_proposal
from ui.qt import QDragEnterEvent, QDropEvent, QFileDialog, QMessageBox, QObject, QTimer, QWidget, Signal
from ui.window.dialogs import Prompts
from ui.window.recent import RecentFiles

PLAN_SUFFIXES = (".slaplan", ".json")
FILE_FILTERS = "SLA Planner plan (*.slaplan);;Plan as JSON (*.json);;All files (*)"
OPEN_FILTERS = "Plans (*.slaplan *.json);;All files (*)"


def empty_plan() -> Plan:
    """A new plan: default stages, starting this month, no sources yet."""
    today = date.today()
    return Plan(name="Untitled plan", start_month=f"{today.year:04d}-{today.month:02d}")


class FileController(QObject):
    """Opens and saves the document's plan, asking first where work would be lost.

    ``prompts`` answers the questions (Save changes?) and shows errors; ``parent`` is the window
    the file dialogs belong to.

    Signals:
        message(str, int): a status-bar message and how long to show it, in milliseconds.
        importLeadsRequested(): the guided set-up asked to import leads next (Definitions page).
        settled(): the plan was saved, opened or started anew: no unsaved work is left to recover.
    """

    message = Signal(str, int)
    settled = Signal()
    importLeadsRequested = Signal()

    def __init__(self, document: PlanDocument, prompts: Prompts, recent: RecentFiles, parent: QWidget):
        super().__init__(parent)
        self.document = document
        self.recent = recent
        self._prompts = prompts
        self._parent = parent

    def maybe_save(self) -> bool:
        """True if it is fine to discard the current plan (saved, or the user said so)."""
        if not self.document.is_modified:
            return True
        answer = self._prompts.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_plan(self) -> None:
        """File > New: the guided set-up (a whole plan, the sample, or Skip for an empty plan)."""
        if not self.maybe_save():
            return
        choice, plan, import_leads = self._prompts.ask_new_plan()
        if not choice:
            return
        self.settled.emit()
        self.document.reset(plan if plan is not None and choice != "empty" else empty_plan())
        texts = {"plan": "New plan from the set-up: every page is filled in", "sample": "New plan from the sample"}
        self.message.emit(texts.get(choice, "New plan"), 6000)
        if import_leads:
            self.importLeadsRequested.emit()

    def close_plan(self) -> None:
        """Close the plan: an empty one takes its place (no set-up)."""
        if self.maybe_save():
            self.settled.emit()
            self.document.reset(empty_plan())
            self.message.emit("Plan closed", 4000)

    def new_from_sample(self, folder: str | None = None) -> bool:
        """File > New from Sample: copy the sample plan, lead export and actuals into a folder (asked for
        when not given) and open the plan there, so the user starts from a real, saved plan."""
        if not self.maybe_save():
            return False
        if folder is None:
            start = str(Path.home())
            folder = QFileDialog.getExistingDirectory(self._parent, "Folder for the sample plan and lead export", start)
        if not folder:
            return False
        try:
            plan, _leads, _actuals = write_samples(folder)
        except PlanFileError as error:
            self._prompts.show_error("Could not write the sample", str(error))
            return False
        return self.open_file(plan, ask=False)

    def open_dialog(self) -> None:
        start = str(self.document.path.parent) if self.document.path else (self.recent.files()[:1] or [""])[0]
        folder = str(Path(start).parent if Path(start).is_file() else start)
        name, _ = QFileDialog.getOpenFileName(self._parent, "Open Plan", folder, OPEN_FILTERS)
        if name:
            self.open_file(name)

    def open_file(self, path: str | Path, *, ask: bool = True) -> bool:
        """Open a plan file; on failure say why and keep the current plan."""
        if ask and not self.maybe_save():
            return False
        try:
            self.document.open(path)
        except (PlanFileError, ValidationError, OSError) as error:
            self._prompts.show_error(f"Could not open {Path(path).name}", str(error))
            return False
        self.settled.emit()
        self.recent.add(Path(path).resolve())
        self.message.emit(f"Opened {path}", 5000)
        return True

    def save(self) -> bool:
        if self.document.path is None and self.document.session.database is not None:
            from ui.team_database import save_to_team_database

            text = save_to_team_database(self.document, self._prompts.show_error)
            if text is not None:
                self.settled.emit()
                self.message.emit(text, 8000)
            return text is not None
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        current = self.document.path
        default = current if current else Path.cwd() / f"{safe_file_name(self.document.plan.name)}.slaplan"
        selected = "Plan as JSON (*.json)" if default.suffix.lower() == ".json" else "SLA Planner plan (*.slaplan)"
        name, chosen = QFileDialog.getSaveFileName(self._parent, "Save Plan As", str(default), FILE_FILTERS, selected)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() not in PLAN_SUFFIXES:
            path = path.with_suffix(".json" if "json" in chosen.lower() else ".slaplan")
        return self.save_to(path)

    def save_to(self, path: str | Path) -> bool:
        """Save to ``path``; on failure say why (the previous file is untouched). A read-only file
        is saved into only when the user says so."""
        existed = Path(path).exists()
        try:
            try:
                saved = self.document.save(path)
            except ReadOnlyFileError:
                if not self._prompts.ask_overwrite_read_only(str(path)):
                    self.message.emit(f"Not saved: {path} is read-only.", 8000)
                    return False
                saved = self.document.save(path, overwrite_read_only=True)
        except (PlanFileError, OSError) as error:
            kept = "The previous version of the file is unchanged." if existed else "No file was written."
            self._prompts.show_error("The plan was not saved", f"{error}\n\n{kept} Your work is still open, unsaved.")
            return False
        except ValidationError as error:  # someone else saved first, or the proposal is locked
            self._prompts.show_error(
                "The plan was not saved",
                f"{error}\n\nNothing was written and your work is still open, unsaved: use Proposals > Reload "
                "and apply your changes again, or Proposals > New Proposal to keep them as a proposal of their own.",
            )
            return False
        self.settled.emit()
        self.recent.add(Path(path).resolve())
        if saved.branched:
            self.message.emit(
                saved_as_new_proposal(saved.proposal),
                10000,
            )
        else:
            self.message.emit(f"Saved {path}: {saved.proposal}, version {saved.version}", 5000)
        return True

    # -- dropping a file on the window --------------------------------------------------------
    def drag_enter(self, event: QDragEnterEvent) -> None:
        """Accept a drag that carries a plan file."""
        if dropped_plan(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop(self, event: QDropEvent) -> None:
        """Open the dropped plan file (asking first about unsaved changes)."""
        path = dropped_plan(event)
        if path is not None:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_file(path))  # not inside the drag's event loop
        else:
            event.ignore()


def dropped_plan(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The first local ``.slaplan`` or ``.json`` file the drag carries; None if there is none."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in PLAN_SUFFIXES:
            return Path(url.toLocalFile())
    return None


def safe_file_name(name: str) -> str:
    """``name`` with the characters a file name cannot hold replaced by ``_`` ("plan" if empty)."""
    keep = "".join(c if c.isalnum() or c in " -_." else "_" for c in name).strip()
    return keep or "plan"
