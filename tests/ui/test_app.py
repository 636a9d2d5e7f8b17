"""Starting the app: arguments, the screenshot command, and no display on Linux."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.app import NO_DISPLAY_MESSAGE, build_parser, needs_display_message

ROOT = Path(__file__).resolve().parents[2]


def test_no_display_on_linux_is_explained_not_aborted():
    assert needs_display_message({}, "linux") == NO_DISPLAY_MESSAGE
    assert "--screenshot" in NO_DISPLAY_MESSAGE and "xvfb-run" in NO_DISPLAY_MESSAGE
    assert needs_display_message({"DISPLAY": ":0"}, "linux") == ""
    assert needs_display_message({"WAYLAND_DISPLAY": "wayland-0"}, "linux") == ""
    assert needs_display_message({"QT_QPA_PLATFORM": "offscreen"}, "linux") == ""
    assert needs_display_message({}, "win32") == ""


def test_main_without_a_display_prints_what_to_do(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    run = subprocess.run(
        [sys.executable, "main.py", "slaplanner/resources/sample-plan.json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "no display was found" in run.stderr
    assert "Traceback" not in run.stderr


def test_arguments():
    args = build_parser().parse_args(["--screenshot", "out.png", "--page", "Funnel", "plan.json"])
    assert (args.screenshot, args.page, args.plan) == ("out.png", "Funnel", "plan.json")


@pytest.mark.parametrize("page", ["Overview", "lead volume"])
def test_screenshot_command_writes_a_png_of_the_page(tmp_path, page):
    out = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    run = subprocess.run(
        [sys.executable, "main.py", "--screenshot", str(out), "--page", page, "slaplanner/resources/sample-plan.json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from ui.qt import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)


def test_screenshot_of_an_unknown_page_names_the_pages(tmp_path):
    run = subprocess.run(
        [sys.executable, "main.py", "--screenshot", str(tmp_path / "x.png"), "--page", "nope"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert "no such page" in run.stderr and "Overview" in run.stderr
