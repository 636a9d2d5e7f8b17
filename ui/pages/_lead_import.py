"""Reading a lead export for the Definitions page: the worker-thread body and the dialog that
maps the columns of an unrecognised export (not a page: the name starts with _)."""

from __future__ import annotations

from typing import Any

from slaplanner.imports.leads import FIELD_SYNONYMS, IGNORE, ColumnMappingNeeded, LeadFileError, LeadImport, read_leads
from ui.qt import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

MAPPING_TARGETS: tuple[tuple[str, str], ...] = (
    ("(keep as a field)", ""),
    ("ignore", IGNORE),
    *((name.replace("_", " ").capitalize(), name) for name in FIELD_SYNONYMS),
)


class ColumnMappingDialog(QDialog):
    """Say what each column of an unrecognised lead export holds (one is the create date)."""

    def __init__(
        self,
        error: ColumnMappingNeeded,
        parent: QWidget | None = None,
        *,
        targets: tuple[tuple[str, str], ...] = MAPPING_TARGETS,
        hint: str = "'Created' is required; events can be typed as event:<name>:count or event:<name>:date.",
    ):
        super().__init__(parent)
        self.setWindowTitle("Map the columns")
        layout = QVBoxLayout(self)
        intro = QLabel(f"{error}\n\nChoose what each column holds. {hint}")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        for header in error.headers:
            box = QComboBox()
            box.setEditable(True)
            for label, target in targets:
                box.addItem(label, target)
            guess = error.mapping.get(header, "")
            index = box.findData(guess)
            if index >= 0:
                box.setCurrentIndex(index)
            elif guess:
                box.setEditText(guess)
            self.boxes[header] = box
            form.addRow(f"{header}:", box)
        scroll = QScrollArea()
        inner = QWidget()
        inner.setLayout(form)
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def mapping(self) -> dict[str, str]:
        """Header -> target for every column the user gave a meaning."""
        out: dict[str, str] = {}
        for header, box in self.boxes.items():
            data = box.currentData()
            text = box.currentText().strip()
            target = data if data is not None and box.itemText(box.currentIndex()) == text else text
            if target:
                out[header] = str(target)
        return out


def read_file(path: str, mapping: dict[str, str] | None, **_task: Any) -> LeadImport | LeadFileError:
    """Worker-thread body: the import, or the error that says why not (returned, not raised).

    ``_task`` takes the worker's ``progress``/``cancelled`` callbacks (reading is not interruptible).
    """
    try:
        return read_leads(path, mapping=mapping)
    except LeadFileError as error:
        return error
