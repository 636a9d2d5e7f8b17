"""Light and dark colours for the whole application.

``apply_appearance("dark")`` asks Qt for the dark colour scheme and, where the platform cannot
switch (some Linux desktops, offscreen), sets a Fusion palette; ``"system"`` gives the desktop's
colours back.
"""

from __future__ import annotations

from ui.qt import QApplication, QColor, QGuiApplication, QPalette, Qt

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
