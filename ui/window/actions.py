"""The window's commands: actions with their shortcuts, the menu bar and the toolbar.

Each action calls one method of a part (files, view, pages, the undo stack); nothing is decided
here. The shortcuts are the platform's standard keys where there is one (Ctrl+S, Ctrl+Z, F11).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ui.document import PlanDocument
from ui.help import HelpPopup, show_glossary, show_help, show_user_guide
from ui.qt import QAction, QActionGroup, QKeySequence, QMainWindow, Qt, QToolBar
from ui.tables import GridView
from ui.team_database import open_from_team_database
from ui.window.dialogs import show_about
from ui.window.files import FileController
from ui.window.pages import PageNavigator
from ui.window.recent import RecentMenu
from ui.window.view import ViewController

SK = QKeySequence.StandardKey
APPEARANCE_LABELS = {"system": "Follow the &System", "light": "&Light", "dark": "&Dark"}
# The keys belong to each grid (Ctrl+C/V/R there); these Edit menu entries act on the last grid used.
GRID_COMMANDS = (
    ("&Copy\tCtrl+C", "copy_selection"),
    ("&Paste\tCtrl+V", "paste_clipboard"),
    ("Fill &Right\tCtrl+R", "fill_right"),
)


def make_action(
    window: QMainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: SK | str | Sequence[str] | None = None,
    tip: str = "",
    icon: str | None = None,
) -> QAction:
    """An action owned by ``window`` calling ``slot``; ``shortcut`` is a standard key or key texts."""
    action = QAction(text, window)
    if isinstance(shortcut, SK):
        action.setShortcuts(QKeySequence.keyBindings(shortcut))
    elif isinstance(shortcut, str):
        action.setShortcuts([QKeySequence(shortcut)])
    elif shortcut is not None:
        action.setShortcuts([QKeySequence(s) for s in shortcut])
    if tip:
        action.setStatusTip(tip)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text.replace('&', '').rstrip('.')} ({keys})" if keys else tip)
    if icon:
        action.setIcon(standard_icon(window, icon))
    action.triggered.connect(slot)
    return action


def standard_icon(window: QMainWindow, name: str) -> Any:
    """The style's standard icon called ``name`` (e.g. "SP_FileIcon")."""
    return window.style().standardIcon(getattr(window.style().StandardPixmap, name))


class WindowActions:
    """Every action of the window, and the menu bar and toolbar that show them."""

    def __init__(
        self,
        window: QMainWindow,
        document: PlanDocument,
        files: FileController,
        view: ViewController,
        navigator: PageNavigator,
    ):
        self._window = window
        self._build_file_actions(window, files)
        self._build_undo_actions(window, document)
        self._build_view_actions(window, view, navigator)
        self.about = make_action(window, "&About SLA Planner", lambda: show_about(window))
        self.help_popup = HelpPopup(window)
        self.help_on_this = make_action(
            window,
            "&Help on This",
            lambda: show_help(window, self.help_popup),
            SK.HelpContents,
            "What the field, column or chart under the mouse or the cursor means (F1)",
        )
        if self.help_on_this.shortcut().isEmpty():
            self.help_on_this.setShortcut(QKeySequence("F1"))
        self.help_on_this.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.user_guide = make_action(
            window, "&User Guide", lambda: show_user_guide(window), None, "How to build and agree a plan"
        )
        self.glossary = make_action(
            window, "&Glossary", lambda: show_glossary(window), None, "Every term SLA Planner uses, in plain words"
        )
        self.recent_menu = RecentMenu(files.recent, window)
        self.recent_menu.chosen.connect(files.open_file)
        self.grid_actions: list[QAction] = []
        self._build_menus()
        self.toolbar = self._build_toolbar()

    def _build_file_actions(self, w: QMainWindow, files: FileController) -> None:
        self.new = make_action(
            w, "&New", files.new_plan, SK.New, "Start a new plan with a short guided set-up", "SP_FileIcon"
        )
        self.new_from_sample = make_action(
            w, "New from Sa&mple…", files.new_from_sample, None, "Copy the sample plan and lead export into a folder"
        )
        self.open = make_action(w, "&Open…", files.open_dialog, SK.Open, "Open a plan file", "SP_DialogOpenButton")
        self.open_team = make_action(
            w,
            "Open from Team &Database…",
            lambda: open_from_team_database(w),
            None,
            "Open an agreement from a shared PostgreSQL database",
        )
        self.save = make_action(w, "&Save", files.save, SK.Save, "Save the plan", "SP_DialogSaveButton")
        self.save_as = make_action(w, "Save &As…", files.save_as, SK.SaveAs, "Save the plan under a new name")
        self.close = make_action(w, "&Close Plan", files.close_plan, SK.Close, "Close the plan (start an empty one)")
        self.quit = make_action(w, "&Quit", w.close, SK.Quit, "Quit SLA Planner")
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        if self.quit.shortcut().isEmpty():  # some platforms define no Quit key
            self.quit.setShortcut(QKeySequence("Ctrl+Q"))

    def _build_undo_actions(self, w: QMainWindow, document: PlanDocument) -> None:
        stack = document.undo_stack
        self.undo = stack.createUndoAction(w, "&Undo")
        self.undo.setShortcuts(QKeySequence.keyBindings(SK.Undo))
        self.undo.setIconText("Undo")  # the toolbar stays short; the menu says what is undone
        self.undo.setIcon(standard_icon(w, "SP_ArrowBack"))
        self.redo = stack.createRedoAction(w, "&Redo")
        ctrl_shift_z = QKeySequence("Ctrl+Shift+Z")
        self.redo.setShortcuts([ctrl_shift_z] + [k for k in QKeySequence.keyBindings(SK.Redo) if k != ctrl_shift_z])
        self.redo.setIconText("Redo")
        self.redo.setIcon(standard_icon(w, "SP_ArrowForward"))

    def _build_view_actions(self, w: QMainWindow, view: ViewController, navigator: PageNavigator) -> None:
        self.zoom_in = make_action(
            w, "Zoom &In", view.zoom_in, ["Ctrl++", "Ctrl+="], "Larger tables and charts (presentation)"
        )
        self.zoom_out = make_action(w, "Zoom &Out", view.zoom_out, ["Ctrl+-"], "Smaller tables and charts")
        self.zoom_reset = make_action(w, "&Actual Size", view.reset_zoom, ["Ctrl+0"], "Normal size")
        self.full_screen = make_action(
            w, "&Full Screen", view.toggle_full_screen, SK.FullScreen, "Full screen for the projector"
        )
        if self.full_screen.shortcut().isEmpty():
            self.full_screen.setShortcut(QKeySequence("F11"))
        self.full_screen.setCheckable(True)
        view.fullScreenChanged.connect(self.full_screen.setChecked)
        self.presentation = make_action(
            w,
            "&Presentation",
            view.toggle_presentation,
            ["F5"],
            "Full screen at 150 % for a projector (F5 again leaves)",
        )
        self.presentation.setCheckable(True)
        view.presentationChanged.connect(self.presentation.setChecked)

        self.page_actions: list[QAction] = []
        for i, page in enumerate(navigator.pages):
            act = QAction(page.title, w)
            if i < 9:
                act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, i=i: navigator.show_page(i))
            self.page_actions.append(act)

        self.appearance_group = QActionGroup(w)
        self.appearance_actions: dict[str, QAction] = {}
        for key, text in APPEARANCE_LABELS.items():
            act = QAction(text, w, checkable=True)
            act.triggered.connect(lambda _=False, key=key: view.set_appearance(key))
            self.appearance_group.addAction(act)
            self.appearance_actions[key] = act
        self.appearance_actions["system"].setChecked(True)
        view.appearanceChanged.connect(self._check_appearance)

    def _check_appearance(self, key: str) -> None:
        self.appearance_actions.get(key, self.appearance_actions["system"]).setChecked(True)

    def _build_menus(self) -> None:
        bar = self._window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new, self.new_from_sample, self.open, self.open_team])
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.save, self.save_as])
        file_menu.addSeparator()
        file_menu.addActions([self.close, self.quit])

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        for text, method in GRID_COMMANDS:
            act = edit_menu.addAction(text)
            act.triggered.connect(lambda _=False, method=method: _on_active_grid(method))
            self.grid_actions.append(act)
        edit_menu.aboutToShow.connect(self._update_grid_actions)

        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.zoom_in, self.zoom_out, self.zoom_reset])
        view_menu.addSeparator()
        view_menu.addAction(self.full_screen)
        view_menu.addAction(self.presentation)
        appearance = view_menu.addMenu("A&ppearance")
        appearance.addActions(list(self.appearance_actions.values()))
        view_menu.addSeparator()
        view_menu.addActions(self.page_actions)

        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.help_on_this, self.user_guide, self.glossary])
        help_menu.addSeparator()
        help_menu.addAction(self.about)

    def _build_toolbar(self) -> QToolBar:
        tools = QToolBar("Main")
        tools.setObjectName("main-toolbar")
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tools.setMovable(False)
        tools.addActions([self.new, self.open, self.save])
        tools.addSeparator()
        tools.addActions([self.undo, self.redo])
        tools.addSeparator()
        tools.addActions([self.zoom_out, self.zoom_in])
        self._window.addToolBar(tools)
        return tools

    def _update_grid_actions(self) -> None:
        enabled = GridView.active() is not None
        for act in self.grid_actions:
            act.setEnabled(enabled)


def _on_active_grid(method: str) -> None:
    """Copy, paste or fill right in the grid used last (nothing if there is none)."""
    grid = GridView.active()
    if grid is not None:
        getattr(grid, method)()
