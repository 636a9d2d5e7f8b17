"""The questions and messages the window puts to the user, as modal boxes.

The controllers do not open these themselves: they ask through a :class:`Prompts` object (the
main window), so tests and ``--screenshot`` can answer without a box appearing.
"""

from __future__ import annotations

from typing import Protocol

from slaplanner.plan.model import Plan
from ui.qt import QMessageBox, QWidget

APP_NAME = "SLA Planner"
Button = QMessageBox.StandardButton


class Prompts(Protocol):
    """Whoever answers the window's questions (the main window; tests replace the answers)."""

    def ask_save_changes(self) -> QMessageBox.StandardButton: ...

    def ask_restore(self, description: str) -> QMessageBox.StandardButton: ...

    def show_error(self, title: str, message: str) -> None: ...

    def ask_overwrite_read_only(self, path: str) -> bool: ...

    def ask_new_plan(self) -> tuple[str, Plan | None, bool]: ...


def ask_save_changes(parent: QWidget, plan_name: str) -> QMessageBox.StandardButton:
    """Save, Discard or Cancel before unsaved changes to ``plan_name`` would be lost."""
    return QMessageBox.warning(
        parent,
        APP_NAME,
        f"The plan “{plan_name}” has unsaved changes.\nSave them before continuing?",
        Button.Save | Button.Discard | Button.Cancel,
        Button.Save,
    )


def ask_restore(parent: QWidget, description: str) -> QMessageBox.StandardButton:
    """Restore (Yes), Discard or Not Now (Ignore) the work a crashed session left."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(APP_NAME)
    box.setText("SLA Planner did not close properly last time.")
    box.setInformativeText(f"Restore the unsaved work?\n\n{description}")
    box.setStandardButtons(Button.Yes | Button.Discard | Button.Ignore)
    box.button(Button.Yes).setText("Restore")
    box.button(Button.Ignore).setText("Not Now")
    box.setDefaultButton(Button.Yes)
    return Button(box.exec())


def ask_overwrite_read_only(parent: QWidget, path: str) -> bool:
    """The file is read-only: save into it anyway (it stays read-only afterwards)?"""
    answer = QMessageBox.question(
        parent,
        APP_NAME,
        f"{path} is read-only.\nSave into it anyway? It stays read-only afterwards.",
        Button.Save | Button.Cancel,
        Button.Cancel,
    )
    return answer == Button.Save


def show_error(parent: QWidget, title: str, message: str) -> None:
    QMessageBox.critical(parent, APP_NAME, f"{title}.\n\n{message}")


def show_about(parent: QWidget) -> None:
    """Help > About: the version and the licences of the libraries it ships with (ui/about.py)."""
    from ui.about import AboutDialog

    AboutDialog(parent).exec()
