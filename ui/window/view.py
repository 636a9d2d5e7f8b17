"""How the window presents the plan: zoom for the projector, full screen, light or dark.

The choices are remembered in ``QSettings`` (``view/zoom``, ``view/appearance``), not in the plan.
"""

from __future__ import annotations

from ui.qt import QFont, QMainWindow, QObject, QSettings, QSize, QStatusBar, QToolBar, Signal
from ui.window.appearance import apply_appearance
from ui.window.pages import PageNavigator

ZOOM_STEPS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)
#: The zoom of presentation mode: every page fits a 1280 x 800 projector at it without scrolling sideways.
PRESENTATION_ZOOM = 1.5


class ViewController(QObject):
    """Zoom, full screen and appearance of one window.

    Signals:
        zoomChanged(float): the zoom factor now shown (1.0 is actual size).
        fullScreenChanged(bool): the window went full screen (True) or back (False).
        appearanceChanged(str): "system", "light" or "dark" was chosen.
        presentationChanged(bool): presentation mode was switched on (True) or off (False).
    """

    zoomChanged = Signal(float)
    fullScreenChanged = Signal(bool)
    appearanceChanged = Signal(str)
    presentationChanged = Signal(bool)

    def __init__(self, window: QMainWindow, navigator: PageNavigator, settings: QSettings | None):
        super().__init__(window)
        self._window = window
        self._navigator = navigator
        self._settings = settings
        self.zoom = 1.0
        self.presenting = False
        self._before_presentation: tuple[float, bool] = (1.0, False)
        self._chrome_fonts: dict[int, tuple[QFont, QSize | None]] = {}

    def set_zoom(self, factor: float) -> None:
        """Scale tables, labels and charts by ``factor`` (clamped to the zoom steps)."""
        factor = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], factor))
        self.zoom = factor
        self._navigator.set_zoom(factor)
        self._scale_chrome(factor if self.presenting else 1.0)
        if self._settings is not None and not self.presenting:
            self._settings.setValue("view/zoom", factor)
        self.zoomChanged.emit(factor)

    def zoom_in(self) -> None:
        bigger = [z for z in ZOOM_STEPS if z > self.zoom + 1e-9]
        self.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self.zoom - 1e-9]
        self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def set_presentation(self, on: bool) -> None:
        """Presentation mode: full screen, 150 % zoom, a larger toolbar, menu and status bar.
        Switching it off brings back the zoom and window state from before (the remembered zoom
        is never the presentation's)."""
        if on == self.presenting:
            return
        if on:
            self._before_presentation = (self.zoom, self._window.isFullScreen())
            self.presenting = True
            self.set_zoom(max(PRESENTATION_ZOOM, self.zoom))
            if not self._window.isFullScreen():
                self._window.showFullScreen()
        else:
            zoom, full = self._before_presentation
            self.presenting = False
            self.set_zoom(zoom)
            if not full and self._window.isFullScreen():
                self._window.showNormal()
        self.fullScreenChanged.emit(self._window.isFullScreen())
        self.presentationChanged.emit(on)

    def toggle_presentation(self) -> None:
        self.set_presentation(not self.presenting)

    def _scale_chrome(self, factor: float) -> None:
        """The toolbar, menu bar and status bar at ``factor`` (1.0: as the system draws them)."""
        bars = [*self._window.findChildren(QToolBar), self._window.menuBar()]
        status = self._window.findChild(QStatusBar)
        if status is not None:
            bars.append(status)
        for bar in bars:
            base_font, base_icons = self._chrome_fonts.setdefault(
                id(bar), (QFont(bar.font()), bar.iconSize() if isinstance(bar, QToolBar) else None)
            )
            font = QFont(base_font)
            if font.pointSizeF() > 0:
                font.setPointSizeF(font.pointSizeF() * factor)
            bar.setFont(font)
            if isinstance(bar, QToolBar) and base_icons is not None:
                bar.setIconSize(base_icons * factor)

    def toggle_full_screen(self) -> None:
        if self._window.isFullScreen():
            self._window.showNormal()
        else:
            self._window.showFullScreen()
        self.fullScreenChanged.emit(self._window.isFullScreen())

    def set_appearance(self, key: str) -> None:
        """Light, dark or the system's colour scheme (Qt 6.8+ style hints)."""
        apply_appearance(key)
        if self._settings is not None:
            self._settings.setValue("view/appearance", key)
        self.appearanceChanged.emit(key)

    def restore(self) -> None:
        """The zoom and appearance remembered from the last session (actual size without settings)."""
        s = self._settings
        if s is None:
            self.set_zoom(1.0)
            return
        try:
            self.set_zoom(float(str(s.value("view/zoom", 1.0))))
        except (TypeError, ValueError):
            self.set_zoom(1.0)
        appearance = str(s.value("view/appearance", "system"))
        if appearance != "system":
            self.set_appearance(appearance)
