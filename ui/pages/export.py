"""Export: write the SLA as Word and PDF and the executive workbook, on a worker thread.

Choose the formats, the folder and the file name; the preview shows the document's first page
(the title page, rendered from the PDF the export makes). When the files are written, "Open
containing folder" opens the folder in the system's file manager. The work is
:func:`slaplanner.exports.service.export_files`; this page only collects the choices. The export
uses the window's result settings (the Overview's rate level, the Simulation page's runs and
seed) and its results service, so the exported SLA shows the numbers on the screen.

Preview: ``python -m ui.pages.export``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from slaplanner.engine.simulation import SimulationCancelled
from slaplanner.exports.blocks import SlaDocument
from slaplanner.exports.context import ExportContext, agreement_facts
from slaplanner.exports.document import title_page
from slaplanner.exports.pdf import first_page_png, pdf_bytes
from slaplanner.exports.service import ExportOutcome, export_files
from slaplanner.plan.format import count_text
from slaplanner.plan.model import Plan
from slaplanner.results import ResultSettings, ResultsService
from slaplanner.samples import resources_folder
from ui.document import PlanDocument
from ui.pages.base import Page
from ui.qt import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStandardPaths,
    Qt,
    QtGui,
    QTimer,
    QtWidgets,
    QUrl,
    QVBoxLayout,
    QWidget,
)
from ui.worker import Task, TaskCancelled

FORMATS = (
    ("docx", "SLA document, Word (.docx): editable"),
    ("pdf", "SLA document, PDF"),
    ("xlsx", "Executive workbook, Excel (.xlsx): live formulas"),
)
PREVIEW_WIDTH = 420


#: The install's own resources folder (the bundled sample plan): never a default export folder.
INSTALL_RESOURCES = resources_folder()


def _inside(folder: Path, parent: Path) -> bool:
    try:
        return folder.resolve().is_relative_to(parent.resolve())
    except OSError:
        return False


def file_stem(plan_name: str) -> str:
    """A file name from the plan's name: ``Northwind FY2026 SLA`` -> ``northwind-fy2026-sla``."""
    stem = re.sub(r"[^\w]+", "-", plan_name.casefold()).strip("-_")
    return stem[:80] or "sla"


def title_preview(plan: Plan, version: str, context: ExportContext | None = None) -> bytes:
    """The document's first page (its title page) as PNG bytes: a one-page PDF, rendered.

    About 25 ms, so it runs on the GUI thread (debounced, and only while the page is shown).
    """
    facts = agreement_facts(context or ExportContext.of_plan(plan), plan)
    page = title_page(plan, version, facts=facts)
    document = SlaDocument(title=plan.name, title_page=page, blocks=(), draft=not facts.is_agreed)
    return first_page_png(pdf_bytes(document), PREVIEW_WIDTH * 2)


def run_export(
    plan: Plan,
    targets: dict[str, Path],
    version: str,
    settings: ResultSettings,
    service: ResultsService,
    *,
    progress: Any,
    cancelled: Any,
    context: ExportContext | None = None,
) -> Any:
    """The core's export with the simulation's cancellation turned into the worker's."""
    try:
        outcome = export_files(
            plan, docx=targets.get("docx"), pdf=targets.get("pdf"), xlsx=targets.get("xlsx"), version=version,
            settings=settings, service=service, progress=progress, cancelled=cancelled, context=context,
        )  # fmt: skip
    except SimulationCancelled:
        raise TaskCancelled() from None
    preview = first_page_png(outcome.pdf, PREVIEW_WIDTH * 2) if outcome.pdf else None
    return outcome, preview


class ExportPage(Page):
    """Choose formats and a folder, export, preview the first page, open the folder."""

    title = "Export"
    order = 80

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.task: Task | None = None
        self._preview_stale = True
        self.written: tuple[Path, ...] = ()
        self._default_stem = ""

        self.formats: dict[str, QCheckBox] = {}
        box = QGroupBox("Formats")
        box_layout = QVBoxLayout(box)
        for key, label in FORMATS:
            check = QCheckBox(label)
            check.setChecked(True)
            check.toggled.connect(self._update_buttons)
            self.formats[key] = check
            box_layout.addWidget(check)

        self.folder = QLineEdit(self._default_folder())
        self.folder.textChanged.connect(self._update_buttons)
        choose = QPushButton("Choose…")
        choose.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        self.stem = QLineEdit()
        self.stem.textChanged.connect(self._update_buttons)
        self.version = QLineEdit()
        self.version.setPlaceholderText("optional, e.g. Q3 2026 negotiation")
        self.version.textChanged.connect(self._schedule_preview)
        form = QFormLayout()
        form.addRow("Folder:", folder_row)
        form.addRow("File name:", self.stem)
        form.addRow("Reference on the title page:", self.version)
        self.basis = QLabel()
        self.basis.setWordWrap(True)
        self.basis.setToolTip("Change the rates on the Overview, the runs and seed on the Simulation page")
        form.addRow("Figures:", self.basis)
        self.document.results.settingsChanged.connect(self._show_basis)
        self._show_basis()

        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton("Open containing folder")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_folder)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.open_button)

        self.message = QLabel("Choose the formats and a folder, then Export.")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QVBoxLayout()
        left.addWidget(box)
        left.addLayout(form)
        left.addLayout(buttons)
        left.addWidget(self.message)
        left.addStretch(1)

        self.preview = QLabel("Preparing the preview…")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(PREVIEW_WIDTH, int(PREVIEW_WIDTH * 1.414))
        self.preview.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        right = QVBoxLayout()
        right.addWidget(QLabel("The document's first page:"))
        right.addWidget(self.preview)
        right.addStretch(1)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(400)
        self._preview_timer.timeout.connect(self.update_preview)
        self.document.pathChanged.connect(self._path_changed)
        self.document.agreementChanged.connect(lambda _session: self._schedule_preview())  # status, version
        self._update_buttons()

    def _show_basis(self) -> None:
        """Say what the export computes with: the settings the Overview and Simulation pages use."""
        self.basis.setText(self.document.results.settings.describe() + " As on the screen.")

    # -- choices ----------------------------------------------------------------------------
    def _default_folder(self) -> str:
        """The plan file's folder, unless that is the install's own ``resources`` (the sample plan
        opens from there): then, as for a plan never saved, the user's Documents folder."""
        path = self.document.path
        if path is not None and not _inside(path.parent, INSTALL_RESOURCES):
            return str(path.parent)
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())

    def _create_default_folder(self, folder: Path) -> bool:
        """Create the default folder (e.g. a Documents folder that does not exist yet); a folder the
        user typed is not created. False, with the reason on the page, when there is no folder."""
        if folder.exists() or str(folder) != self._default_folder():
            self.message.setText(f"The folder {folder} does not exist. Choose another.")
            return False
        try:
            folder.mkdir(parents=True)
        except OSError as error:
            reason = error.strerror or str(error)
            self.message.setText(f"Could not create the folder {folder} ({reason}). Choose another.")
            return False
        self.status(f"Created the folder {folder}.")
        return True

    def _path_changed(self, _path: str) -> None:
        self.folder.setText(self._default_folder())

    def chosen(self) -> list[str]:
        return [key for key, check in self.formats.items() if check.isChecked()]

    def targets(self) -> dict[str, Path]:
        folder = Path(self.folder.text().strip() or ".")
        stem = self.stem.text().strip() or "sla"
        return {key: folder / f"{stem}.{key}" for key in self.chosen()}

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export to folder", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _update_buttons(self) -> None:
        running = self.task is not None and self.task.is_running()
        ready = bool(self.chosen()) and bool(self.folder.text().strip()) and bool(self.stem.text().strip())
        self.export_button.setEnabled(ready and not running)

    def refresh(self, plan: Plan) -> None:
        stem = file_stem(plan.name)
        if self.stem.text() in ("", self._default_stem):
            self.stem.setText(stem)
        self._default_stem = stem
        self._schedule_preview()

    # -- preview ----------------------------------------------------------------------------
    def _schedule_preview(self) -> None:
        self._preview_stale = True
        if self.isVisible():
            self._preview_timer.start()

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if self._preview_stale:
            self._preview_timer.start()

    def prepare_screenshot(self) -> None:
        """For ``--screenshot``: draw the preview now rather than after its short delay."""
        self.update_preview()

    def update_preview(self) -> None:
        """Render the title page of the plan as it is now (skipped while the page is hidden)."""
        if not self.isVisible():
            return
        try:
            png = title_preview(self.document.plan, self.version.text(), self._context())
        except Exception as error:  # a preview must never take the page down
            self.preview.setText(f"No preview: {error}")
            return
        self._preview_stale = False
        self.show_preview(png)

    def show_preview(self, png: bytes) -> None:
        pixmap = QtGui.QPixmap()
        pixmap.loadFromData(png, "PNG")
        # not enlarged at 150 %: a larger picture would take the form's width and cut off the page's top
        width = int(PREVIEW_WIDTH * min(self.zoom, 1.0))
        scaled = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(scaled)

    # -- export -----------------------------------------------------------------------------
    def start(self) -> None:
        if self.task is not None and self.task.is_running():
            return
        targets = self.targets()
        folder = Path(self.folder.text().strip())
        if not folder.is_dir() and not self._create_default_folder(folder):
            return
        self.written = ()
        self.open_button.setEnabled(False)
        self.progress.setValue(0)
        self.message.setText("Exporting…")
        results = self.document.results
        self.task = Task(
            run_export, self.document.plan, targets, self.version.text(), results.settings, results.service,
            context=self._context(with_actuals=True), parent=self,
        )  # fmt: skip
        self.task.progressed.connect(self.progress.setValue)
        self.task.succeeded.connect(self._done)
        self.task.failed.connect(self._failed)
        self.task.cancelled.connect(self._cancelled)
        self.task.finished.connect(self._finished)
        self.cancel_button.setEnabled(True)
        self.task.start()
        self._update_buttons()

    def _context(self, *, with_actuals: bool = False) -> ExportContext:
        """What the export names: the open agreement, proposal and the version the edits started
        from; ``with_actuals``: the actuals kept with the agreement too (the workbook's Review sheet)."""
        session = self.document.session
        actuals = None
        if with_actuals:
            try:
                actuals = session.load_actuals()
            except Exception:  # damaged actuals never stop an export; the Review page says what is wrong
                actuals = None
        return ExportContext(session.agreement, session.proposal, session.base, actuals)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _done(self, result: tuple[ExportOutcome, bytes | None]) -> None:
        outcome, preview = result
        self.written = outcome.written
        self.progress.setValue(100)
        self.message.setText(
            "Written:\n" + "\n".join(str(p) for p in outcome.written) + "".join(f"\n\n{w}" for w in outcome.warnings)
        )
        self.open_button.setEnabled(bool(outcome.written))
        if preview is not None:
            self.show_preview(preview)
        self.status(f"Exported {count_text(len(outcome.written), 'file')} to {self.folder.text()}.")

    def _failed(self, message: str) -> None:
        self.message.setText(f"The export failed: {message}")
        self.progress.setValue(0)
        self.status("Export failed: " + message.splitlines()[0])

    def _cancelled(self) -> None:
        self.message.setText("Cancelled. No file was changed.")
        self.progress.setValue(0)

    def _finished(self) -> None:
        self.cancel_button.setEnabled(False)
        self._update_buttons()

    def open_folder(self) -> None:
        """Open the folder of the written files in the system's file manager."""
        folder = self.written[0].parent if self.written else Path(self.folder.text())
        QtGui.QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder.resolve())))


PAGE = ExportPage


if __name__ == "__main__":
    import sys

    from ui.preview import preview

    sys.exit(preview("export", sys.argv[1] if len(sys.argv) > 1 else ""))
