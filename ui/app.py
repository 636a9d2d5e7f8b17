"""Start the desktop app: ``run_app(argv)`` is what ``main.py`` calls.

Usage (``slaplanner``, which is ``main.py``; in a checkout ``./dev.sh slaplanner``)::

    slaplanner                          the sample plan, as a new untitled plan
    slaplanner PLAN | slaplanner open PLAN  open a .slaplan or .json plan
    slaplanner --screenshot OUT.png [--page NAME] [--size 1280x800] [--zoom 1.5] [--presentation] [--dark] [PLAN]
                                     render the window on that page to a PNG and exit
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.qt import QApplication as QApplicationType
    from ui.qt import QIcon as QIconType

# QSettings' organisation and application names: the settings keys written so far live under
# these, so they stay as they are.
APP_NAME = "SLA Planner"
ORG_NAME = "SLA Planner"
#: The .desktop entry's name without ".desktop" (packaging/slaplanner.desktop): Wayland shows its icon.
DESKTOP_FILE_NAME = "slaplanner"
NO_DISPLAY_TEMPLATE = (
    "SLA Planner cannot open its window: no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
    "  - On a desktop, start it from a graphical session.\n"
    "  - Over SSH, connect with X forwarding (ssh -X) or run it under xvfb-run.\n"
    "  - For a picture of the window without a display: {command} --screenshot out.png PLAN\n"
    "  - For reports without the window: {command} --help (the command-line commands)."
)
#: How the user starts the command line: ``./dev.sh`` says ``./dev.sh slaplanner`` in SLAPLANNER_COMMAND.
COMMAND = os.environ.get("SLAPLANNER_COMMAND") or "slaplanner"
NO_DISPLAY_MESSAGE = NO_DISPLAY_TEMPLATE.format(command=COMMAND)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="slaplanner", description="Open the SLA Planner window.")
    parser.add_argument("plan", nargs="?", metavar="PLAN", help="a .slaplan or .json plan file")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window to a PNG and exit")
    parser.add_argument("--page", metavar="NAME", default="", help="with --screenshot: the page to show")
    parser.add_argument("--size", metavar="WxH", default="1280x800", help="with --screenshot: window size")
    parser.add_argument("--zoom", type=float, default=1.0, help="with --screenshot: presentation zoom")
    parser.add_argument("--dark", action="store_true", help="with --screenshot: dark colours")
    parser.add_argument(
        "--presentation",
        action="store_true",
        help="with --screenshot: presentation mode (150 %%, larger toolbar and menus): what a projector shows",
    )
    return parser


def needs_display_message(environ: dict[str, str] | os._Environ[str] | None = None, platform: str | None = None) -> str:
    """The message to print instead of letting Qt abort when Linux has no display; "" if fine."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return ""
    if env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return ""
    return NO_DISPLAY_MESSAGE


def create_application(argv: list[str] | None = None) -> QApplicationType:
    """The QApplication (created once), named so QSettings and the recovery folder are ours."""
    from slaplanner import __version__
    from ui.qt import QApplication, QCoreApplication, QGuiApplication

    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(ORG_NAME)
        QCoreApplication.setApplicationName(APP_NAME)
        QCoreApplication.setApplicationVersion(__version__)
        QGuiApplication.setDesktopFileName(DESKTOP_FILE_NAME)
        app = QApplication([sys.argv[0] if sys.argv else APP_NAME, *(argv or [])])
        app.setApplicationDisplayName(APP_NAME)
        app.setWindowIcon(app_icon())
    from ui import gc_collector

    gc_collector.install(app)  # Qt objects are freed in the GUI thread only, never by a worker's allocation
    return app  # type: ignore[return-value]


def app_icon() -> QIconType:
    """The application's icon (the PNG shipped with the package: no SVG plugin needed)."""
    from slaplanner.samples import ICON_PNG, resource_path
    from ui.qt import QIcon

    return QIcon(str(resource_path(ICON_PNG)))


def run_app(argv: list[str]) -> int:
    """Run the window (or a screenshot) for the command-line arguments ``argv``; the exit code."""
    args_list = list(argv)
    if args_list[:1] == ["open"]:
        args_list = args_list[1:]
    args = build_parser().parse_args(args_list)
    if args.screenshot:
        if needs_display_message():
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no display
        return screenshot(args)
    message = needs_display_message()
    if message:
        print(message, file=sys.stderr)
        return 2
    if args.plan and not Path(args.plan).exists():
        print(f"{args.plan}: no such file", file=sys.stderr)
        return 2

    app = create_application()
    from ui.document import PlanDocument, sample_plan
    from ui.mainwindow import MainWindow
    from ui.qt import QSettings
    from ui.recovery import RecoveryStore

    window = MainWindow(PlanDocument(sample_plan()), settings=QSettings(), recovery=RecoveryStore())
    if args.plan:
        window.open_file(args.plan, ask=False)
    if not window.settings or window.settings.value("window/geometry") is None:
        window.resize(1280, 800)
    window.show()
    from ui.qt import QTimer

    QTimer.singleShot(0, window.offer_recovery)
    # Ctrl+C in the terminal closes the window like the close button (asking about unsaved
    # work) instead of being ignored while Qt's event loop runs; the timer lets Python see it.
    signal.signal(signal.SIGINT, lambda *_: window.close())
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(300)
    return int(app.exec())


def screenshot(args: argparse.Namespace) -> int:
    """Render the main window on ``args.page`` to ``args.screenshot`` and return 0 (2 on errors)."""
    app = create_application()
    from ui.document import PlanDocument, sample_plan
    from ui.mainwindow import MainWindow, apply_appearance
    from ui.qt import Qt

    if args.dark:
        apply_appearance("dark")
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        print(f"--size {args.size}: expected WIDTHxHEIGHT such as 1280x800", file=sys.stderr)
        return 2
    window = MainWindow(PlanDocument(sample_plan()))
    window.show_error = lambda title, message: print(f"{title}: {message}", file=sys.stderr)  # type: ignore[method-assign]
    if args.plan and not window.open_file(args.plan, ask=False):
        return 2
    if args.page:
        index = window.page_named(args.page)
        if index < 0:
            names = ", ".join(p.title for p in window.pages)
            print(f"--page {args.page}: no such page (pages: {names})", file=sys.stderr)
            return 2
        window.show_page(index)
    window.set_zoom(args.zoom)
    if args.presentation:
        window.view.set_presentation(True)  # offscreen, full screen keeps the --size geometry
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(width, height)
    window.show()
    for _ in range(5):
        app.processEvents()
    page = window.current_page
    if page is not None:
        page.prepare_screenshot()  # e.g. run the simulation, so the picture is not empty
        _wait_for_tasks(app, timeout_s=180.0)
    for canvas in _canvases(window):
        canvas.draw()
    app.processEvents()
    out = Path(args.screenshot)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(out))
    window.document.undo_stack.setClean()
    window.close()
    if not ok:
        print(f"{out}: could not write the PNG", file=sys.stderr)
        return 2
    print(out)
    return 0


def _wait_for_tasks(app: Any, timeout_s: float) -> None:
    """Process events until no worker task runs (or the timeout passes)."""
    import time

    from ui.worker import running_tasks

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if not running_tasks():
            break
        time.sleep(0.02)
    for _ in range(5):  # deliver the results the threads queued
        app.processEvents()


def _canvases(window: Any) -> list[Any]:
    from ui.charts import ChartCanvas

    return list(window.findChildren(ChartCanvas))
