"""Reading a lead export for the Definitions page: the worker-thread body and the dialog that
maps the columns of an unrecognised export (not a page: the name starts with _)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from slaplanner.imports.leads import FIELD_SYNONYMS, IGNORE, ColumnMappingNeeded, LeadFileError, LeadImport, read_leads
from ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QSettings,
    QVBoxLayout,
    QWidget,
)

MAPPING_TARGETS: tuple[tuple[str, str], ...] = (
    ("(keep as a field)", ""),
    ("ignore", IGNORE),
    *((name.replace("_", " ").capitalize(), name) for name in FIELD_SYNONYMS),
)


#: Where the column mappings people chose are remembered (QSettings), per kind of import and CRM.
MAPPINGS_KEY = "imports/mappings"


def crm_of(headers: tuple[str, ...]) -> str:
    """Which CRM an export's columns look like: HubSpot, Salesforce, or another CSV."""
    names = {h.strip().casefold() for h in headers}
    if any(n.startswith("became a ") for n in names) or "record id" in names:
        return "hubspot"
    if names & {"lead id", "converted", "converted date", "lead source", "createddate"}:
        return "salesforce"
    return "csv"


def _settings_key(kind: str, headers: tuple[str, ...]) -> str:
    columns = "\x1f".join(sorted(h.strip().casefold() for h in headers))
    return f"{MAPPINGS_KEY}/{kind}/{crm_of(headers)}/{hashlib.sha1(columns.encode()).hexdigest()[:16]}"


def remembered_mapping(kind: str, headers: tuple[str, ...]) -> dict[str, str]:
    """The mapping chosen the last time an export of this CRM with these columns was imported."""
    raw = QSettings().value(_settings_key(kind, headers), "")
    try:
        data = json.loads(raw) if isinstance(raw, str) and raw else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def remember_mapping(kind: str, headers: tuple[str, ...], mapping: dict[str, str]) -> None:
    """Keep ``mapping`` for the next export of this CRM with these columns."""
    QSettings().setValue(_settings_key(kind, headers), json.dumps(mapping, ensure_ascii=False))


class ColumnMappingDialog(QDialog):
    """Say what each column of an unrecognised lead export holds (one is the create date).

    The mapping chosen last time for an export of the same CRM with the same columns is filled in
    (``kind`` says which import: lead exports and actuals keep their own); OK remembers it again.
    """

    def __init__(
        self,
        error: ColumnMappingNeeded,
        parent: QWidget | None = None,
        *,
        targets: tuple[tuple[str, str], ...] = MAPPING_TARGETS,
        hint: str = "'Created' is required; events can be typed as event:<name>:count or event:<name>:date.",
        kind: str = "leads",
    ):
        super().__init__(parent)
        self.setWindowTitle("Map the columns")
        self.kind = kind
        self.headers = tuple(error.headers)
        remembered = remembered_mapping(kind, self.headers)
        layout = QVBoxLayout(self)
        again = " The choices you made last time for this export are filled in." if remembered else ""
        intro = QLabel(f"{error}\n\nChoose what each column holds. {hint}{again}")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        for header in error.headers:
            box = QComboBox()
            box.setEditable(True)
            for label, target in targets:
                box.addItem(label, target)
            guess = remembered.get(header, error.mapping.get(header, ""))
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
        buttons.accepted.connect(self._remember_and_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def _remember_and_accept(self) -> None:
        remember_mapping(self.kind, self.headers, self.mapping())
        self.accept()

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
