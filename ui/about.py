"""Help > About: the version, and the licence of every library the app ships with.

The libraries come from :func:`slaplanner.libraries.bundled_libraries` (installed metadata).
Run ``python -m ui.about`` to preview it.
"""

from __future__ import annotations

import html
import platform

from slaplanner import __version__
from slaplanner.libraries import Library, bundled_libraries
from ui.qt import (
    QT_VERSION,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
)


def about_html(libraries: list[Library]) -> str:
    """The About box's text: what the app is, its version, and the libraries' licences."""
    rows = "".join(
        f"<tr><td>{html.escape(lib.name)}</td><td>{html.escape(lib.version)}</td>"
        f"<td>{html.escape(lib.licence)}</td></tr>"
        for lib in libraries
    )
    return (
        f"<h2>SLA Planner {html.escape(__version__)}</h2>"
        "<p>Plan, test and export the sales and marketing service level agreement.</p>"
        f"<p>Python {html.escape(platform.python_version())} · Qt {html.escape(QT_VERSION)}</p>"
        "<p><b>Libraries it ships with</b> (each under its own licence):</p>"
        "<table cellspacing='0' cellpadding='3'>"
        "<tr><th align='left'>Library</th><th align='left'>Version</th><th align='left'>Licence</th></tr>"
        f"{rows}</table>"
        "<p>Qt for Python (PySide6) and Qt are used under the GNU LGPL v3.</p>"
    )


class AboutDialog(QDialog):
    """Help > About: the icon, the version and the bundled libraries' licences."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About SLA Planner")
        self.libraries = bundled_libraries()
        icon = QLabel()
        window_icon = self.windowIcon()
        if not window_icon.isNull():
            icon.setPixmap(window_icon.pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(about_html(self.libraries))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidget(self.text)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(buttons)
        self.resize(560, 520)


def preview() -> int:
    from ui.app import create_application

    app = create_application()
    dialog = AboutDialog()
    dialog.show()
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(preview())
