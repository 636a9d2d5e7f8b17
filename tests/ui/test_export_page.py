"""The Export page: formats, preview of the first page, export on a thread, open the folder."""

from __future__ import annotations

from dataclasses import replace

import docx
import openpyxl
import pytest

from ui.document import PlanDocument
from ui.pages import discover_pages
from ui.pages.export import ExportPage, file_stem
from ui.qt import QtGui


@pytest.fixture
def page(qtbot, sample_plan, tmp_path):
    page = ExportPage(PlanDocument(sample_plan))
    qtbot.addWidget(page)
    page.document.results.update(runs=60)  # a short simulation keeps the test quick
    page.folder.setText(str(tmp_path))
    page.refresh(sample_plan)
    yield page
    if page.task is not None:
        page.task.wait()


def test_the_page_is_discovered():
    pages, errors = discover_pages()
    assert ExportPage in pages and not [e for e in errors if "export" in e]


def test_file_name_follows_the_plan_until_the_user_types_one(page, sample_plan):
    assert page.stem.text() == file_stem(sample_plan.name) == "northwind-analytics-fy2026-sla"
    page.refresh(replace(sample_plan, name="Contoso: Q3 / EMEA"))
    assert page.stem.text() == "contoso-q3-emea"
    page.stem.setText("board-pack")
    page.refresh(replace(sample_plan, name="Renamed"))
    assert page.stem.text() == "board-pack"


def test_no_format_no_export(page):
    for check in page.formats.values():
        check.setChecked(False)
    assert not page.export_button.isEnabled()
    page.formats["pdf"].setChecked(True)
    assert page.export_button.isEnabled()


def test_preview_shows_the_title_page_when_the_page_is_shown(qtbot, window):
    index = window.page_named("export")
    shown = window.pages[index]
    assert isinstance(shown, ExportPage)
    assert shown.preview.pixmap().isNull()  # hidden so far: nothing rendered
    window.show_page(index)
    window.show()
    qtbot.waitUntil(lambda: not shown.preview.pixmap().isNull(), timeout=10000)
    image = shown.preview.pixmap().toImage()
    dark = sum(
        1
        for y in range(0, image.height(), 4)
        for x in range(0, image.width(), 4)
        if QtGui.QColor(image.pixel(x, y)).lightness() < 128
    )
    assert image.width() > 300 and dark > 50  # text on a white page


def test_export_writes_the_files_and_opens_the_folder(qtbot, page, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QtGui.QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url)))
    assert not page.open_button.isEnabled()
    page.export_button.click()
    qtbot.waitUntil(lambda: bool(page.written) and not page.task.is_running(), timeout=30000)
    stem = page.stem.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{stem}.{ext}" for ext in ("docx", "pdf", "xlsx"))
    assert docx.Document(str(tmp_path / f"{stem}.docx")).paragraphs[6].style.name == "Title"
    assert "Funnel" in openpyxl.load_workbook(tmp_path / f"{stem}.xlsx").sheetnames
    assert page.progress.value() == 100 and "Written" in page.message.text()
    assert page.open_button.isEnabled()
    page.open_button.click()
    assert [u.toLocalFile() for u in opened] == [str(tmp_path.resolve())]


def test_a_missing_folder_is_said_and_nothing_runs(page, tmp_path):
    page.folder.setText(str(tmp_path / "nope"))
    page.export_button.click()
    assert page.task is None
    assert "does not exist" in page.message.text()


def test_default_folder_is_documents_not_the_install_resources(qtbot, sample_plan, sample_plan_path, tmp_path):
    from ui.pages.export import INSTALL_RESOURCES
    from ui.qt import QStandardPaths

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    bundled = ExportPage(PlanDocument(sample_plan, path=INSTALL_RESOURCES / "sample-plan.json"))
    qtbot.addWidget(bundled)
    assert bundled.folder.text() == documents and "resources" not in bundled.folder.text()
    unsaved = ExportPage(PlanDocument(sample_plan))
    qtbot.addWidget(unsaved)
    assert unsaved.folder.text() == documents
    mine = ExportPage(PlanDocument(sample_plan, path=tmp_path / "mine.slaplan"))
    qtbot.addWidget(mine)
    assert mine.folder.text() == str(tmp_path)


def test_an_infeasible_plan_exports_with_the_warning_shown(qtbot, sample_plan, tmp_path):
    roles = tuple(
        replace(r, headcount=(0,) * sample_plan.horizon_months) if r.kind == "SDR" else r
        for r in sample_plan.team.roles
    )
    plan = replace(sample_plan, team=replace(sample_plan.team, roles=roles))
    page = ExportPage(PlanDocument(plan))
    qtbot.addWidget(page)
    page.document.results.update(runs=20)
    page.folder.setText(str(tmp_path))
    page.refresh(plan)
    page.formats["docx"].setChecked(False)
    page.formats["pdf"].setChecked(False)
    page.export_button.click()
    qtbot.waitUntil(lambda: bool(page.written) and not page.task.is_running(), timeout=30000)
    assert "The simulation could not run: the SDR team has no reps in Jan–Dec 2026" in page.message.text()
    assert [p.name for p in tmp_path.iterdir()] == [f"{page.stem.text()}.xlsx"]


def test_a_missing_default_folder_is_created(page, tmp_path, monkeypatch):
    default = tmp_path / "Documents" / "SLA"
    monkeypatch.setattr(page, "_default_folder", lambda: str(default))
    page.folder.setText(str(default))
    assert page._create_default_folder(default)
    assert default.is_dir()


def test_a_default_folder_that_cannot_be_created_is_said(page, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    default = blocker / "Documents"
    monkeypatch.setattr(page, "_default_folder", lambda: str(default))
    page.folder.setText(str(default))
    page.export_button.click()
    assert page.task is None
    assert "Could not create the folder" in page.message.text() and not default.exists()
