"""The main window: navigation between pages, file handling, undo, zoom, autosave.

Run ``python -m ui.mainwindow [PLAN]`` to preview it on the sample plan (or PLAN).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from slaplanner.errors import PlanFileError, ValidationError
from slaplanner.plan.model import Plan
from ui.document import PlanDocument
from ui.pages import Page, discover_pages
from ui.qt import (
    QAction,
    QActionGroup,
    QApplication,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFileDialog,
    QFont,
    QGuiApplication,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPalette,
    QSettings,
    QSize,
    QSplitter,
    QStackedWidget,
    Qt,
    QTimer,
    QToolBar,
    QWidget,
)
from ui.recovery import RecoveryStore
from ui.tables import GridView

APP_NAME = "SLA Planner"
PLAN_SUFFIXES = (".slaplan", ".json")
ZOOM_STEPS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)
MAX_RECENT = 8
AUTOSAVE_MSECS = 10_000  # "at least every 30 s": a crash loses at most ~10 s of typing
FILE_FILTERS = "SLA Planner plan (*.slaplan);;Plan as JSON (*.json);;All files (*)"
OPEN_FILTERS = "Plans (*.slaplan *.json);;All files (*)"


def empty_plan() -> Plan:
    """A new plan: default stages, starting this month, no sources yet."""
    today = date.today()
    return Plan(name="Untitled plan", start_month=f"{today.year:04d}-{today.month:02d}")


class MainWindow(QMainWindow):
    """The SLA Planner window over one :class:`~ui.document.PlanDocument`.

    ``settings`` keeps geometry, recent files and preferences (None: nothing is remembered,
    as for screenshots); ``recovery`` is where unsaved work is autosaved (None: no autosave).
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
        self.recovery = recovery
        self.zoom = 1.0
        self._autosaved_generation = -1
        self._stale: set[int] = set()
        self.setAcceptDrops(True)
        self.setMinimumSize(QSize(960, 600))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        self.pages: list[Page] = []
        page_classes, self.page_errors = discover_pages()
        for cls in page_classes:
            try:
                page = cls(self.document)
            except Exception as exc:  # one broken page must not keep the workshop from the others
                traceback.print_exc()
                self.page_errors.append(f"Page {cls.title} could not be shown: {exc}")
                continue
            page.setObjectName(f"page-{cls.__name__}")
            self.pages.append(page)
            self.stack.addWidget(page)
            self.nav.addItem(QListWidgetItem(cls.title))
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 6px 10px; }")
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setAutoFillBackground(False)
        self._nav_base_font = self.nav.font()
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._zoom_navigation(1.0)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.nav.minimumWidth(), 1100])
        self.setCentralWidget(splitter)
        self.nav.currentRowChanged.connect(self.show_page)

        self.recalc_label = QLabel()
        self.statusBar().addPermanentWidget(self.recalc_label)
        self.zoom_label = QLabel()
        self.statusBar().addPermanentWidget(self.zoom_label)

        self._build_actions()
        self._build_menus_and_toolbar()

        self.document.planChanged.connect(self._on_plan_changed)
        self.document.modifiedChanged.connect(self._update_title)
        self.document.pathChanged.connect(self._update_title)
        self.document.editRefused.connect(self._on_edit_refused)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MSECS)
        self.autosave_timer.timeout.connect(self.autosave)
        if self.recovery is not None:
            self.autosave_timer.start()
        self.document.modifiedChanged.connect(self._on_modified_changed)

        for page in self.pages:
            page.refresh(self.document.plan)
        self._restore_settings()
        if self.pages and self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)
        self._update_title()
        if self.page_errors:
            self.statusBar().showMessage("; ".join(self.page_errors), 15000)

    # -- construction -------------------------------------------------------------------------
    def _action(
        self, text: str, slot: Callable[[], object], shortcut: Any = None, tip: str = "", icon: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcuts(
                    QKeySequence.keyBindings(shortcut)
                    if isinstance(shortcut, QKeySequence.StandardKey)
                    else [QKeySequence(shortcut)]
                )
        if tip:
            action.setStatusTip(tip)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text.replace('&', '').rstrip('.')} ({keys})" if keys else tip)
        if icon:
            action.setIcon(self.style().standardIcon(getattr(self.style().StandardPixmap, icon)))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        SK = QKeySequence.StandardKey
        self.act_new = self._action("&New", self.new_plan, SK.New, "Start a new, empty plan", "SP_FileIcon")
        self.act_open = self._action("&Open…", self.open_dialog, SK.Open, "Open a plan file", "SP_DialogOpenButton")
        self.act_save = self._action("&Save", self.save, SK.Save, "Save the plan", "SP_DialogSaveButton")
        self.act_save_as = self._action("Save &As…", self.save_as, SK.SaveAs, "Save the plan under a new name")
        self.act_close = self._action("&Close Plan", self.close_plan, SK.Close, "Close the plan (start an empty one)")
        self.act_quit = self._action("&Quit", self.close, SK.Quit, "Quit SLA Planner")
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        if self.act_quit.shortcut().isEmpty():  # some platforms define no Quit key
            self.act_quit.setShortcut(QKeySequence("Ctrl+Q"))

        stack = self.document.undo_stack
        self.act_undo = stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcuts(QKeySequence.keyBindings(SK.Undo))
        self.act_undo.setIconText("Undo")  # the toolbar stays short; the menu says what is undone
        self.act_undo.setIcon(self.style().standardIcon(self.style().StandardPixmap.SP_ArrowBack))
        self.act_redo = stack.createRedoAction(self, "&Redo")
        redo_keys = [QKeySequence("Ctrl+Shift+Z")] + [
            k for k in QKeySequence.keyBindings(SK.Redo) if k != QKeySequence("Ctrl+Shift+Z")
        ]
        self.act_redo.setShortcuts(redo_keys)
        self.act_redo.setIconText("Redo")
        self.act_redo.setIcon(self.style().standardIcon(self.style().StandardPixmap.SP_ArrowForward))

        self.act_zoom_in = self._action(
            "Zoom &In", self.zoom_in, ["Ctrl++", "Ctrl+="], "Larger tables and charts (presentation)"
        )
        self.act_zoom_out = self._action("Zoom &Out", self.zoom_out, ["Ctrl+-"], "Smaller tables and charts")
        self.act_zoom_reset = self._action("&Actual Size", lambda: self.set_zoom(1.0), ["Ctrl+0"], "Normal size")
        self.act_full_screen = self._action(
            "&Full Screen", self.toggle_full_screen, SK.FullScreen, "Full screen for the projector"
        )
        if self.act_full_screen.shortcut().isEmpty():
            self.act_full_screen.setShortcut(QKeySequence("F11"))
        self.act_full_screen.setCheckable(True)

        self.page_actions: list[QAction] = []
        for i, page in enumerate(self.pages):
            act = QAction(page.title, self)
            if i < 9:
                act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, i=i: self.nav.setCurrentRow(i))
            self.page_actions.append(act)

        self.appearance_group = QActionGroup(self)
        self.appearance_actions: dict[str, QAction] = {}
        for key, text in (("system", "Follow the &System"), ("light", "&Light"), ("dark", "&Dark")):
            act = QAction(text, self, checkable=True)
            act.triggered.connect(lambda _=False, key=key: self.set_appearance(key))
            self.appearance_group.addAction(act)
            self.appearance_actions[key] = act
        self.appearance_actions["system"].setChecked(True)

        self.act_about = self._action("&About SLA Planner", self.about)

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.act_new, self.act_open])
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.act_save, self.act_save_as])
        file_menu.addSeparator()
        file_menu.addActions([self.act_close, self.act_quit])

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.act_undo, self.act_redo])
        edit_menu.addSeparator()
        # The keys belong to each grid (Ctrl+C/V/R there); these entries act on the last grid used.
        for text, method in (
            ("&Copy\tCtrl+C", "copy_selection"),
            ("&Paste\tCtrl+V", "paste_clipboard"),
            ("Fill &Right\tCtrl+R", "fill_right"),
        ):
            act = edit_menu.addAction(text)
            act.triggered.connect(lambda _=False, method=method: self._grid_action(method))
        edit_menu.aboutToShow.connect(self._update_grid_actions)
        self.grid_actions = edit_menu.actions()[-3:]

        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        view_menu.addSeparator()
        view_menu.addAction(self.act_full_screen)
        appearance = view_menu.addMenu("A&ppearance")
        appearance.addActions(list(self.appearance_actions.values()))
        view_menu.addSeparator()
        view_menu.addActions(self.page_actions)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_about)

        tools = QToolBar("Main")
        tools.setObjectName("main-toolbar")
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tools.setMovable(False)
        tools.addActions([self.act_new, self.act_open, self.act_save])
        tools.addSeparator()
        tools.addActions([self.act_undo, self.act_redo])
        tools.addSeparator()
        tools.addActions([self.act_zoom_out, self.act_zoom_in])
        self.addToolBar(tools)
        self.toolbar = tools

    def _grid_action(self, method: str) -> None:
        grid = GridView.active()
        if grid is not None:
            getattr(grid, method)()

    def _update_grid_actions(self) -> None:
        enabled = GridView.active() is not None
        for act in self.grid_actions:
            act.setEnabled(enabled)

    # -- pages --------------------------------------------------------------------------------
    def show_page(self, index: int) -> None:
        if not 0 <= index < len(self.pages):
            return
        if index in self._stale:
            self._stale.discard(index)
            self.pages[index].refresh(self.document.plan)
        self.stack.setCurrentIndex(index)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)

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

    def _on_plan_changed(self, plan: Plan) -> None:
        current = self.stack.currentIndex()
        for i, page in enumerate(self.pages):
            if i == current:
                page.refresh(plan)
            else:
                self._stale.add(i)  # refreshed when shown: an edit redraws only what is visible
        self._update_title()

    def _on_edit_refused(self, message: str) -> None:
        self.statusBar().showMessage(f"Not changed. {message}", 15000)

    # -- title, zoom, appearance --------------------------------------------------------------
    def _update_title(self, *_args: object) -> None:
        self.setWindowTitle(f"{self.document.display_name}[*] — {self.document.plan.name} — {APP_NAME}")
        self.setWindowModified(self.document.is_modified)
        self.setWindowFilePath(str(self.document.path) if self.document.path else "")

    def set_zoom(self, factor: float) -> None:
        factor = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], factor))
        self.zoom = factor
        font = QGuiApplication.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * factor)
        else:
            font.setPixelSize(max(8, round(font.pixelSize() * factor)))
        self.stack.setFont(font)
        self._zoom_navigation(factor)
        for page in self.pages:
            page.set_zoom(factor)
        self.zoom_label.setText(f"Zoom {round(factor * 100)} %")
        if self.settings is not None:
            self.settings.setValue("view/zoom", factor)

    def _zoom_navigation(self, factor: float) -> None:
        """The page list grows with the zoom too, and stays wide enough for its titles."""
        font = QFont(self._nav_base_font)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.1 * factor)
        self.nav.setFont(font)
        longest = max((self.nav.fontMetrics().horizontalAdvance(p.title) for p in self.pages), default=100)
        width = longest + 36
        self.nav.setMinimumWidth(min(420, width))
        self.nav.setMaximumWidth(max(280, min(440, width + 20)))

    def zoom_in(self) -> None:
        bigger = [z for z in ZOOM_STEPS if z > self.zoom + 1e-9]
        self.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self.zoom - 1e-9]
        self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.act_full_screen.setChecked(self.isFullScreen())

    def set_appearance(self, key: str) -> None:
        """Light, dark or the system's colour scheme (Qt 6.8+ style hints)."""
        apply_appearance(key)
        self.appearance_actions.get(key, self.appearance_actions["system"]).setChecked(True)
        if self.settings is not None:
            self.settings.setValue("view/appearance", key)

    def about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b><p>Plan, test and export the sales and marketing service level agreement.</p>",
        )

    # -- settings -----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = self.settings
        if s is None:
            self.set_zoom(1.0)
            return
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if state is not None:
            self.restoreState(state)
        try:
            self.set_zoom(float(str(s.value("view/zoom", 1.0))))
        except (TypeError, ValueError):
            self.set_zoom(1.0)
        appearance = str(s.value("view/appearance", "system"))
        if appearance != "system":
            self.set_appearance(appearance)
        page = self.page_named(str(s.value("view/page", "")))
        if page >= 0:
            self.nav.setCurrentRow(page)

    def _save_settings(self) -> None:
        s = self.settings
        if s is None:
            return
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        if self.current_page is not None:
            s.setValue("view/page", self.current_page.title)
        s.sync()

    def recent_files(self) -> list[str]:
        if self.settings is None:
            return []
        value: Any = self.settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _add_recent(self, path: Path) -> None:
        if self.settings is None:
            return
        name = str(path)
        files = [name] + [f for f in self.recent_files() if f != name]
        self.settings.setValue("files/recent", files[:MAX_RECENT])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for i, name in enumerate(files):
            act = self.recent_menu.addAction(f"&{i + 1} {Path(name).name}  —  {Path(name).parent}")
            act.setEnabled(Path(name).exists())
            act.triggered.connect(lambda _=False, name=name: self.open_file(name))
        if not files:
            self.recent_menu.addAction("No recent plans").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear the List", self._clear_recent)

    def _clear_recent(self) -> None:
        if self.settings is not None:
            self.settings.setValue("files/recent", [])

    # -- files --------------------------------------------------------------------------------
    def ask_save_changes(self) -> QMessageBox.StandardButton:
        """Ask whether to save unsaved changes (tests replace this)."""
        return QMessageBox.warning(
            self,
            APP_NAME,
            f"The plan “{self.document.plan.name}” has unsaved changes.\nSave them before continuing?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )

    def maybe_save(self) -> bool:
        """True if it is fine to discard the current plan (saved, or the user said so)."""
        if not self.document.is_modified:
            return True
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_plan(self) -> None:
        if self.maybe_save():
            self._discard_recovery()
            self.document.reset(empty_plan())
            self.statusBar().showMessage("New plan", 4000)

    def close_plan(self) -> None:
        self.new_plan()

    def open_dialog(self) -> None:
        start = str(self.document.path.parent) if self.document.path else (self.recent_files()[:1] or [""])[0]
        name, _ = QFileDialog.getOpenFileName(
            self, "Open Plan", str(Path(start).parent if Path(start).is_file() else start), OPEN_FILTERS
        )
        if name:
            self.open_file(name)

    def open_file(self, path: str | Path, *, ask: bool = True) -> bool:
        """Open a plan file; on failure say why and keep the current plan."""
        if ask and not self.maybe_save():
            return False
        try:
            self.document.open(path)
        except (PlanFileError, ValidationError, OSError) as error:
            self.show_error(f"Could not open {Path(path).name}", str(error))
            return False
        self._discard_recovery()
        self._add_recent(Path(path).resolve())
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        current = self.document.path
        default = current if current else Path.cwd() / f"{_safe_file_name(self.document.plan.name)}.slaplan"
        selected = "Plan as JSON (*.json)" if default.suffix.lower() == ".json" else "SLA Planner plan (*.slaplan)"
        name, chosen = QFileDialog.getSaveFileName(self, "Save Plan As", str(default), FILE_FILTERS, selected)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() not in PLAN_SUFFIXES:
            path = path.with_suffix(".json" if "json" in chosen.lower() else ".slaplan")
        return self.save_to(path)

    def save_to(self, path: str | Path) -> bool:
        """Save to ``path``; on failure say why (the previous file is untouched)."""
        existed = Path(path).exists()
        try:
            self.document.save(path)
        except (PlanFileError, OSError) as error:
            kept = "The previous version of the file is unchanged." if existed else "No file was written."
            self.show_error("The plan was not saved", f"{error}\n\n{kept} Your work is still open, unsaved.")
            return False
        self._discard_recovery()
        self._add_recent(Path(path).resolve())
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def show_error(self, title: str, message: str) -> None:
        """Tell the user what went wrong (tests replace this)."""
        self.statusBar().showMessage(f"{title}: {message.splitlines()[0]}", 15000)
        QMessageBox.critical(self, APP_NAME, f"{title}.\n\n{message}")

    # -- never lose work ----------------------------------------------------------------------
    def autosave(self) -> bool:
        """Write unsaved changes to the recovery file if they changed since the last autosave."""
        if self.recovery is None or not self.document.is_modified:
            return False
        if self.document.generation == self._autosaved_generation:
            return False
        try:
            self.recovery.write(self.document.plan, self.document.path)
        except (PlanFileError, OSError) as error:
            self.statusBar().showMessage(f"Autosave failed: {error}", 10000)
            return False
        self._autosaved_generation = self.document.generation
        return True

    def _on_modified_changed(self, modified: bool) -> None:
        if not modified:
            self._discard_recovery()

    def _discard_recovery(self) -> None:
        if self.recovery is not None:
            self.recovery.discard()
            self._autosaved_generation = -1

    def ask_restore(self, description: str) -> QMessageBox.StandardButton:
        """Ask whether to restore work a crashed session left (tests replace this)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(APP_NAME)
        box.setText("SLA Planner did not close properly last time.")
        box.setInformativeText(f"Restore the unsaved work?\n\n{description}")
        box.setStandardButtons(
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Ignore
        )
        box.button(QMessageBox.StandardButton.Yes).setText("Restore")
        box.button(QMessageBox.StandardButton.Ignore).setText("Not Now")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        return QMessageBox.StandardButton(box.exec())

    def offer_recovery(self) -> bool:
        """After a crash, offer to restore the newest unsaved work; True if restored."""
        if self.recovery is None:
            return False
        for found in self.recovery.orphans():
            answer = self.ask_restore(found.describe())
            if answer == QMessageBox.StandardButton.Yes:
                if not self.maybe_save():
                    return False
                self.document.reset(found.plan, found.original_path, modified=True)
                RecoveryStore.remove(found)
                self.autosave()
                self.statusBar().showMessage("Restored the unsaved work. Save it to keep it.", 10000)
                return True
            if answer == QMessageBox.StandardButton.Discard:
                RecoveryStore.remove(found)
            else:
                return False
        return False

    # -- window events ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self._save_settings()
        self.autosave_timer.stop()
        if self.recovery is not None:
            self.recovery.close()
        from ui.worker import cancel_all

        cancel_all()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_plan(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_plan(event)
        if path is not None:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_file(path))  # not inside the drag's event loop
        else:
            event.ignore()


def _dropped_plan(event: QDragEnterEvent | QDropEvent) -> Path | None:
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in PLAN_SUFFIXES:
            return Path(url.toLocalFile())
    return None


def _safe_file_name(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in " -_." else "_" for c in name).strip()
    return keep or "plan"


_system_palette: QPalette | None = None


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style, used where the platform does not provide one."""
    p = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2d2d30",
        QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#2a2a2d",
        QPalette.ColorRole.ToolTipBase: "#3c3c3f",
        QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.PlaceholderText: "#8c8c8c",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.Button: "#3a3a3d",
        QPalette.ColorRole.ButtonText: "#e8e8e8",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Link: "#6cb4ff",
        QPalette.ColorRole.Highlight: "#2f6fb5",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Light: "#505054",
        QPalette.ColorRole.Midlight: "#444447",
        QPalette.ColorRole.Mid: "#333336",
        QPalette.ColorRole.Dark: "#1a1a1a",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return p


def apply_appearance(key: str) -> None:
    """Light, dark or the system's colours ("system": Qt follows the desktop, live).

    Asks Qt's style hints for the colour scheme (Qt 6.8+); where the platform cannot switch
    (some Linux desktops, offscreen), sets a Fusion light or dark palette instead.
    """
    global _system_palette
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if _system_palette is None:
        _system_palette = QPalette(app.palette())
    hints = QGuiApplication.styleHints()
    scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(key, Qt.ColorScheme.Unknown)
    if key == "system" and hasattr(hints, "unsetColorScheme"):
        hints.unsetColorScheme()
    elif hasattr(hints, "setColorScheme"):
        hints.setColorScheme(scheme)
    dark_now = app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    if key == "dark" and not dark_now:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    elif key == "light" and dark_now:
        app.setStyle("Fusion")
        app.setPalette(app.style().standardPalette())
    elif key == "system":
        app.setPalette(_system_palette)


def preview(argv: list[str] | None = None) -> int:
    """Open the window on the sample plan (or a plan file given as argument)."""
    from ui.preview import preview as preview_page

    args = sys.argv[1:] if argv is None else argv
    return preview_page("", args[0] if args else "")


if __name__ == "__main__":
    sys.exit(preview())
