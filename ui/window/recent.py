"""The plans opened or saved lately, remembered in ``QSettings`` (``files/recent``), and their menu."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui.qt import QMenu, QSettings, QWidget, Signal

MAX_RECENT = 8


class RecentFiles:
    """The recent plan files, newest first (nothing is remembered without settings)."""

    def __init__(self, settings: QSettings | None):
        self._settings = settings

    def files(self) -> list[str]:
        if self._settings is None:
            return []
        value: Any = self._settings.value("files/recent", [])
        if isinstance(value, str):  # QSettings gives a one-element list back as a string
            value = [value]
        return [str(v) for v in value or []]

    def add(self, path: Path) -> None:
        """Put ``path`` first (once), keeping at most :data:`MAX_RECENT`."""
        if self._settings is None:
            return
        name = str(path)
        files = [name] + [f for f in self.files() if f != name]
        self._settings.setValue("files/recent", files[:MAX_RECENT])

    def clear(self) -> None:
        if self._settings is not None:
            self._settings.setValue("files/recent", [])


class RecentMenu(QMenu):
    """File → Open Recent, filled from :class:`RecentFiles` each time it opens.

    Signals:
        chosen(str): the user picked this file.
    """

    chosen = Signal(str)

    def __init__(self, recent: RecentFiles, parent: QWidget | None = None):
        super().__init__("Open &Recent", parent)
        self._recent = recent
        self.aboutToShow.connect(self.fill)

    def fill(self) -> None:
        self.clear()
        files = self._recent.files()
        for i, name in enumerate(files):
            act = self.addAction(f"&{i + 1} {Path(name).name}  —  {Path(name).parent}")
            act.setEnabled(Path(name).exists())
            act.triggered.connect(lambda _=False, name=name: self.chosen.emit(name))
        if not files:
            self.addAction("No recent plans").setEnabled(False)
        else:
            self.addSeparator()
            self.addAction("Clear the List", self._recent.clear)
