"""The main window: composes the parts in ``ui/window/`` around one :class:`~ui.document.PlanDocument`.

The pages and their list (:mod:`ui.window.pages`), the file commands (:mod:`ui.window.files`,
:mod:`ui.window.recent`), autosave and crash recovery (:mod:`ui.window.autosave`), zoom, full
screen and colours (:mod:`ui.window.view`, :mod:`ui.window.appearance`), the actions, menus and
toolbar (:mod:`ui.window.actions`), the proposals box and menu (:mod:`ui.window.proposals`) and
the questions put to the user (:mod:`ui.window.dialogs`).
The window wires them together, shows their messages and keeps its geometry in ``QSettings``.

Run ``python -m ui.mainwindow [PLAN]`` to preview it on the sample plan (or PLAN).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from slaplanner.plan.model import Plan
from ui.document import PlanDocument
from ui.pages import Page, discover_pages
from ui.qt import QCloseEvent, QDragEnterEvent, QDropEvent, QLabel, QMainWindow, QMessageBox, QSettings, QSize, QWidget
from ui.recovery import RecoveryStore
from ui.setup_wizard import SetupWizard
from ui.window import dialogs
from ui.window.actions import WindowActions
from ui.window.appearance import apply_appearance, dark_palette
from ui.window.autosave import AUTOSAVE_MSECS, Autosaver
from ui.window.dialogs import APP_NAME
from ui.window.files import FileController, empty_plan
from ui.window.pages import PageNavigator
from ui.window.proposals import ProposalControls, proposal_summary
from ui.window.recent import RecentFiles
from ui.window.view import ZOOM_STEPS, ViewController

__all__ = ["AUTOSAVE_MSECS", "ZOOM_STEPS", "MainWindow", "apply_appearance", "dark_palette", "empty_plan"]

# Status messages about the plan as it was: an edit that goes through clears them.
OUT_OF_DATE_AFTER_AN_EDIT = ("Not changed. ", "Simulation done")


def _part(part: str, name: str) -> Any:
    """A read-only window attribute that is attribute ``name`` of the window's ``part``."""
    return property(lambda self: getattr(getattr(self, part), name), doc=f"The same as ``{part}.{name}``.")


class MainWindow(QMainWindow):
    """The SLA Planner window over one :class:`~ui.document.PlanDocument`.

    ``settings`` keeps geometry, recent files and preferences (None: nothing is remembered,
    as for screenshots); ``recovery`` is where unsaved work is autosaved (None: no autosave).

    Parts: ``navigator`` (the pages), ``files``, ``autosaver``, ``view`` and ``act`` (actions,
    menus, toolbar). The window answers their questions (:meth:`ask_save_changes`,
    :meth:`ask_restore`, :meth:`show_error`; tests replace these) and shows their messages.
    """

    def __init__(
        self,
        document: PlanDocument | None = None,
        settings: QSettings | None = None,
        recovery: RecoveryStore | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.document = document or PlanDocument(empty_plan())
        self.settings = settings
        self.setAcceptDrops(True)
        self.setMinimumSize(QSize(960, 600))

        page_classes, discover_errors = discover_pages()
        self.navigator = PageNavigator(self.document, page_classes)
        self.page_errors = [*discover_errors, *self.navigator.errors]
        self.setCentralWidget(self.navigator)
        self.files = FileController(self.document, self, RecentFiles(settings), self)
        self.autosaver = Autosaver(self.document, recovery, self, self.files.maybe_save, self)
        self.view = ViewController(self, self.navigator, settings)
        self.act = WindowActions(self, self.document, self.files, self.view, self.navigator)
        self.proposals = ProposalControls(self, self.document, self.files, self.act.toolbar)

        self.recalc_label = QLabel()
        self.statusBar().addPermanentWidget(self.recalc_label)
        self.zoom_label = QLabel()
        self.statusBar().addPermanentWidget(self.zoom_label)
        # The proposal, the recalculation and the zoom as separate parts, not one run-on line.
        self.statusBar().setStyleSheet("QStatusBar::item { border: none; border-left: 1px solid palette(mid); }")
        for label in self.statusBar().findChildren(QLabel):
            label.setContentsMargins(8, 0, 8, 0)
        self.view.zoomChanged.connect(self._show_zoom)
        self.files.message.connect(self.statusBar().showMessage)
        self.autosaver.message.connect(self.statusBar().showMessage)
        self.files.settled.connect(self.autosaver.discard)
        self.files.importLeadsRequested.connect(self._import_leads)
        self.document.planChanged.connect(self._update_title)
        self.document.modifiedChanged.connect(self._update_title)
        self.document.pathChanged.connect(self._update_title)
        self.document.agreementChanged.connect(self._update_title)
        self.document.editRefused.connect(self._on_edit_refused)
        self.document.editNoted.connect(lambda note: self.statusBar().showMessage(note, 15000))
        self.document.planChanged.connect(self._clear_refusal)

        self._restore_settings()
        self.navigator.show_first_page()
        self._update_title()
        if self.page_errors:
            self.statusBar().showMessage("; ".join(self.page_errors), 15000)

    # -- the parts, as scripts and tests reach them -------------------------------------------
    pages = _part("navigator", "pages")
    current_page = _part("navigator", "current_page")
    zoom = _part("view", "zoom")
    recovery = _part("autosaver", "recovery")
    autosave_timer = _part("autosaver", "timer")
    act_new = _part("act", "new")
    act_open = _part("act", "open")
    act_save = _part("act", "save")
    act_save_as = _part("act", "save_as")
    act_close = _part("act", "close")
    act_quit = _part("act", "quit")
    act_undo = _part("act", "undo")
    act_redo = _part("act", "redo")
    act_zoom_in = _part("act", "zoom_in")
    act_zoom_out = _part("act", "zoom_out")
    act_zoom_reset = _part("act", "zoom_reset")
    act_full_screen = _part("act", "full_screen")
    grid_actions = _part("act", "grid_actions")
    recent_menu = _part("act", "recent_menu")
    toolbar = _part("act", "toolbar")

    def show_page(self, index: int) -> None:
        self.navigator.show_page(index)

    def page_named(self, name: str) -> int:
        """The index of the page whose title (or module name) matches ``name``; -1 if none."""
        return self.navigator.page_named(name)

    def set_zoom(self, factor: float) -> None:
        self.view.set_zoom(factor)

    def set_appearance(self, key: str) -> None:
        self.view.set_appearance(key)

    def new_plan(self) -> None:
        self.files.new_plan()

    def open_file(self, path: str | Path, *, ask: bool = True) -> bool:
        """Open a plan file; on failure say why and keep the current plan."""
        return self.files.open_file(path, ask=ask)

    def save(self) -> bool:
        return self.files.save()

    def save_to(self, path: str | Path) -> bool:
        return self.files.save_to(path)

    def recent_files(self) -> list[str]:
        return self.files.recent.files()

    def autosave(self) -> bool:
        return self.autosaver.autosave()

    def offer_recovery(self) -> bool:
        """After a crash, offer to restore the newest unsaved work; True if restored."""
        return self.autosaver.offer_recovery()

    # -- questions and messages ---------------------------------------------------------------
    def ask_save_changes(self) -> QMessageBox.StandardButton:
        """Ask whether to save unsaved changes (tests replace this)."""
        return dialogs.ask_save_changes(self, self.document.plan.name)

    def ask_restore(self, description: str) -> QMessageBox.StandardButton:
        """Ask whether to restore work a crashed session left (tests replace this)."""
        return dialogs.ask_restore(self, description)

    def ask_overwrite_read_only(self, path: str) -> bool:
        """Ask whether to save into a read-only file anyway (tests replace this)."""
        return dialogs.ask_overwrite_read_only(self, path)

    def ask_new_plan(self) -> tuple[str, Plan | None, bool]:
        """File > New's guided set-up (tests replace this): ("plan" | "sample" | "empty" | "" for
        cancelled, the plan made, whether to import leads next)."""
        wizard = SetupWizard(self)
        wizard.exec()
        return wizard.choice, wizard.plan, wizard.open_import

    def _import_leads(self) -> None:
        self.navigator.show_page(self.page_named("Definitions"))
        self.statusBar().showMessage("Import your CRM export with “Import leads (CSV)…” to see your own rates.", 15000)

    def show_error(self, title: str, message: str) -> None:
        """Tell the user what went wrong (tests replace this)."""
        self.statusBar().showMessage(f"{title}: {message.splitlines()[0]}", 15000)
        dialogs.show_error(self, title, message)

    def _on_edit_refused(self, message: str) -> None:
        self.statusBar().showMessage(f"Not changed. {message}", 15000)

    def _clear_refusal(self, _plan: object) -> None:
        """The next edit went through: a refusal, or a run's "done", still in the status bar is
        about the plan before it."""
        if self.statusBar().currentMessage().startswith(OUT_OF_DATE_AFTER_AN_EDIT):
            self.statusBar().clearMessage()

    def _show_zoom(self, factor: float) -> None:
        self.zoom_label.setText(f"Zoom {round(factor * 100)} %")

    def _update_title(self, *_args: object) -> None:
        proposal = proposal_summary(self.document.session)
        self.setWindowTitle(f"{self.document.display_name}[*] — {self.document.plan.name} — {proposal} — {APP_NAME}")
        self.setWindowModified(self.document.is_modified)
        self.setWindowFilePath(str(self.document.path) if self.document.path else "")

    # -- settings -----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = self.settings
        if s is not None:
            geometry = s.value("window/geometry")
            if geometry is not None:
                self.restoreGeometry(geometry)
            state = s.value("window/state")
            if state is not None:
                self.restoreState(state)
        self.view.restore()
        if s is not None:
            page = self.page_named(str(s.value("view/page", "")))
            if page >= 0:
                self.show_page(page)

    def _save_settings(self) -> None:
        s = self.settings
        if s is None:
            return
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        page: Page | None = self.current_page
        if page is not None:
            s.setValue("view/page", page.title)
        s.sync()

    # -- window events ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self._save_settings()
        self.autosaver.stop()
        from ui.worker import cancel_all

        cancel_all()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.files.drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.files.drop(event)


def preview(argv: list[str] | None = None) -> int:
    """Open the window on the sample plan (or a plan file given as argument)."""
    from ui.preview import preview as preview_page

    args = sys.argv[1:] if argv is None else argv
    return preview_page("", args[0] if args else "")


if __name__ == "__main__":
    sys.exit(preview())
