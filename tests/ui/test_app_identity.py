"""The application's identity: names for the settings, the icon, Help > About, File > New from Sample,
and the no-display message as the README quotes it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from slaplanner import __version__
from slaplanner.libraries import Library, bundled_libraries, licence_of
from ui.about import AboutDialog, about_html
from ui.app import APP_NAME, NO_DISPLAY_TEMPLATE, ORG_NAME

ROOT = Path(__file__).resolve().parents[2]


IDENTITY = """
from ui.app import create_application
from ui.qt import QCoreApplication, QGuiApplication, QSettings
app = create_application()
icon = app.windowIcon()
print(QCoreApplication.organizationName(), QCoreApplication.applicationName(), QSettings().applicationName(),
      QCoreApplication.applicationVersion(), QGuiApplication.desktopFileName(), icon.isNull(),
      icon.availableSizes()[0].width(), sep="|")
"""


def test_settings_keep_their_names_and_the_app_has_its_icon():
    """In a process of its own: the test run's QApplication (pytest-qt's) keeps its names."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-c", IDENTITY], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    # QSettings() files its keys under these names: unchanged, so existing settings still apply.
    assert (ORG_NAME, APP_NAME) == ("SLA Planner", "SLA Planner")
    assert run.stdout.strip().split("|") == [ORG_NAME, APP_NAME, APP_NAME, __version__, "slaplanner", "False", "256"]


def test_bundled_libraries_are_the_runtime_ones_with_licences():
    libraries = {lib.name.casefold(): lib for lib in bundled_libraries()}
    for needed in ("pyside6_essentials", "shiboken6", "numpy", "matplotlib", "sqlalchemy", "reportlab", "tzdata"):
        assert needed in libraries, needed
    assert "LGPL-3.0-only" in libraries["pyside6_essentials"].licence
    for tool in ("pytest", "hypothesis", "ruff", "mypy", "ciw", "pyinstaller"):
        assert tool not in libraries  # test and build tools are extras, not shipped
    assert all(lib.version and lib.licence for lib in libraries.values())


class FakeMetadata:
    def __init__(self, **fields: list[str]):
        self.fields = {k.replace("_", "-"): v for k, v in fields.items()}

    def get_all(self, name: str) -> list[str] | None:
        return self.fields.get(name)


def test_licence_prefers_the_spdx_expression_then_the_field_then_classifiers():
    assert licence_of(FakeMetadata(License_Expression=["MIT"], License=["whatever"])) == "MIT"  # type: ignore[arg-type]
    assert licence_of(FakeMetadata(License=["BSD-3-Clause"])) == "BSD-3-Clause"  # type: ignore[arg-type]
    whole_text = "Copyright (c) someone\nPermission is hereby granted ..."
    classifiers = ["License :: OSI Approved :: BSD License", "Programming Language :: Python"]
    assert licence_of(FakeMetadata(License=[whole_text], Classifier=classifiers)) == "BSD License"  # type: ignore[arg-type]
    assert licence_of(FakeMetadata(License=[whole_text])) == "Copyright (c) someone"  # type: ignore[arg-type]
    assert licence_of(FakeMetadata()) == "not stated"  # type: ignore[arg-type]


def test_about_box_shows_the_version_and_every_licence(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.text()
    assert f"SLA Planner {__version__}" in text
    assert dialog.libraries and all(lib.name in text and lib.licence in text for lib in dialog.libraries)
    assert "<td>a&amp;b</td>" in about_html([Library("a&b", "1", "MIT")])  # names are escaped


def test_help_about_opens_the_about_box(window, monkeypatch):
    shown = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(self) or 0)
    window.act.about.trigger()
    assert len(shown) == 1 and f"SLA Planner {__version__}" in shown[0].text.text()


def test_new_from_sample_writes_both_files_and_opens_the_plan(window, tmp_path):
    folder = tmp_path / "my plans"
    assert window.files.new_from_sample(str(folder))
    assert (folder / "sample-plan.json").is_file() and (folder / "sample-leads.csv").is_file()
    assert window.document.path == (folder / "sample-plan.json").resolve()
    assert window.document.plan.name.startswith("Northwind")
    assert "New from Sa&mple…" in [a.text() for a in window.menuBar().actions()[0].menu().actions()]


def test_new_from_sample_into_a_file_says_why_and_keeps_the_plan(window, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    before = window.document.plan
    assert not window.files.new_from_sample(str(blocker))
    assert window.document.plan is before
    assert window.errors and "cannot make this folder" in window.errors[-1][1]


def test_the_readme_quotes_the_no_display_message_as_dev_sh_prints_it():
    message = NO_DISPLAY_TEMPLATE.format(command="./dev.sh slaplanner")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert message in readme
    dev_sh = (ROOT / "dev.sh").read_text(encoding="utf-8")
    assert 'SLAPLANNER_COMMAND="./dev.sh slaplanner" exec .venv/bin/slaplanner' in dev_sh
