"""Agreement terms: how the SLA is governed, as the signed document states it.

The term and its effective date, the review cadence (who meets how often), the escalation
ladder (who settles a miss within how many business hours), remedies and disputes, how the
agreement is amended, marketing's lead-quality commitments and how leads are routed. Every value
is plan data (:mod:`slaplanner.plan.governance`); each edit is one undo step, and a refused value
is named in the words of its row. Sales' acceptance window and follow-up depth are set per tier
on the Commitments page; this page shows them.

Preview: ``python -m ui.preview agreement_terms``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from slaplanner.cells import share_text
from slaplanner.plan.edits import Edit
from slaplanner.plan.format import count_text, days_text, fmt_date
from slaplanner.plan.governance import (
    FREQUENCIES,
    ROUTING_METHODS,
    EscalationLevel,
    Governance,
    ReviewMeeting,
    business_hours_text,
    frequency_label,
    routing_label,
)
from slaplanner.plan.model import Plan
from ui.document import PlanDocument
from ui.help import set_help
from ui.numbers import fmt_percent, fmt_plain
from ui.pages._records import Column, RecordTableModel, fit_height, parse_cell
from ui.pages.base import Page
from ui.qt import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.tables import CellRefused, ChoiceDelegate, GridView, PlanTableModel

#: (what the user reads -> stored code) for the drop-downs.
FREQUENCY_CHOICES = {label: code for code, label in FREQUENCIES.items()}
ROUTING_CHOICES = {label: code for code, label in ROUTING_METHODS.items()}


def choice_code(choices: dict[str, str], text: str, what: str) -> str:
    """The stored code of what was chosen or typed (its words or its code, any case)."""
    wanted = text.strip().casefold()
    for label, code in choices.items():
        if wanted in (label.casefold(), code.casefold()):
            return code
    raise CellRefused(f"“{text.strip()}” is not {what}; choose {', '.join(choices)}")


def parse_day(text: str) -> str:
    """A typed date as ``YYYY-MM-DD`` (``2026-02-01``, ``1 Feb 2026``, ``1 February 2026``); empty
    text is the plan's first day."""
    text = text.strip()
    if not text:
        return ""
    for pattern in ("%Y-%m-%d", "%d %b %Y", "%d %B %Y"):
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise CellRefused(f"“{text}” is not a date; type it as 1 Feb 2026 or 2026-02-01, or clear it")


@dataclass(frozen=True)
class Setting:
    """One row of a settings table: its label, the governance field and how it is typed."""

    label: str
    field: str
    kind: str = "number"  # number, int, percent, text, date or choice
    tooltip: str = ""
    choices: dict[str, str] | None = None


TERM_SETTINGS = (
    Setting("Effective date", "effective_date", "date", "Empty: the first day of the plan's first month"),
    Setting("Term (months)", "term_months", "int", "How long the agreement runs from its effective date"),
    Setting(
        "Re-assign an untouched lead after (business hours)",
        "reassign_after_hours",
        "number",
        "A lead nobody touched goes to the backup owner after so many business hours",
    ),
    Setting(
        "Escalate a commitment missed (periods in a row)",
        "escalate_after_misses",
        "int",
        "A commitment missed so many review periods in a row goes up the escalation ladder",
    ),
    Setting("Disputed rejections reviewed by", "dispute_reviewer", "text"),
    Setting("Disputes decided within (business days)", "dispute_within_days", "number"),
    Setting("How the agreement is amended", "amendment", "text"),
)
QUALITY_SETTINGS = (
    Setting("Acceptance rate, at least", "acceptance_rate_floor", "percent", "Share of delivered SQLs sales accepts"),
    Setting("MQL to SQL, at least", "mql_to_sql_floor", "percent", "Share of MQLs that become SQLs"),
    Setting("Leads with every required field, at least", "data_completeness", "percent", "Share of delivered leads"),
    Setting("Required fields", "required_fields", "text"),
    Setting("Lead routing", "routing_method", "choice", "How a new SQL finds its owner", ROUTING_CHOICES),
    Setting("Backup owner", "backup_owner", "text", "Takes the leads of an owner who is away"),
)


class SettingsModel(PlanTableModel):
    """Rows: single terms of the agreement (one per :class:`Setting`); one column: the value."""

    numeric = False

    def __init__(self, document: PlanDocument, settings: tuple[Setting, ...], parent: Any = None):
        self.settings = settings
        super().__init__(document, parent)

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(self.settings), 1

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        return self.settings[section].label if orientation == Qt.Orientation.Vertical else "Agreed"

    def value(self, row: int, col: int) -> Any:
        return getattr(self.plan.governance, self.settings[row].field)

    def display(self, row: int, col: int, value: Any) -> str:
        kind = self.settings[row].kind
        if kind == "percent":
            return fmt_percent(value)
        if kind == "choice":
            return routing_label(value)
        if kind == "date":
            day = self.plan.governance.effective_from(self.plan.start_month, self.plan.start_day)
            return fmt_date(day) + ("" if value else " (the plan's first day)")
        return fmt_plain(value) if isinstance(value, float) else str(value)

    def edit_text(self, row: int, col: int, value: Any) -> str:
        kind = self.settings[row].kind
        if kind == "percent":
            return share_text(value)
        if kind == "choice":
            return routing_label(value)
        if kind == "date":
            return fmt_date(date.fromisoformat(value)) if value else ""
        return fmt_plain(value) if isinstance(value, float) else str(value)

    def tooltip(self, row: int, col: int) -> str | None:
        setting = self.settings[row]
        if setting.kind == "text":  # long text is elided: the whole of it
            return ". ".join(t for t in (str(self.value(row, col)), setting.tooltip) if t) or None
        return setting.tooltip or None

    def is_percent(self, row: int, col: int) -> bool:
        return self.settings[row].kind == "percent"

    def is_share(self, row: int, col: int) -> bool:
        return self.settings[row].kind == "percent"

    def is_editable(self, row: int, col: int) -> bool:
        return True

    def label_for(self, row: int, col: int) -> str:
        return f"Edit {self.settings[row].label}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        setting = self.settings[row]
        value: Any
        if setting.kind == "choice":
            value = choice_code(setting.choices or {}, text, "a " + setting.label.lower())
        elif setting.kind == "date":
            value = parse_day(text)
        else:
            value = parse_cell(setting.kind, text)
        return [Edit(("governance", setting.field), value, self.label_for(row, col))]


MEETING_COLUMNS = (
    Column("Meeting", "name", "text"),
    Column("How often", "frequency", "text", "Pick from the list", label=frequency_label),
    Column("Who attends", "attendees", "text"),
    Column("Purpose", "purpose", "text"),
)
LEVEL_COLUMNS = (
    Column("Who", "who", "text", "A role or a person, e.g. VP Sales"),
    Column(
        "Settles it within (business hours)",
        "within_business_hours",
        "number",
        "8 business hours make one business day",
    ),
)


class MeetingsModel(RecordTableModel):
    """The review cadence: one row per meeting; the frequency is chosen from a list."""

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        if self.columns[col].field != "frequency":
            return super().edits_for(plan, row, col, text)
        code = choice_code(FREQUENCY_CHOICES, text, "a frequency")
        return [Edit((*self.path, row, "frequency"), code, self.label_for(row, col))]

    def edit_text(self, row: int, col: int, value: Any) -> str:
        if self.columns[col].field == "frequency":
            return frequency_label(value)
        return super().edit_text(row, col, value)

    def tooltip(self, row: int, col: int) -> str | None:
        if self.columns[col].field in ("attendees", "purpose"):  # long text is elided: the whole of it
            return str(self.value(row, col)) or None
        return super().tooltip(row, col)


class LadderModel(RecordTableModel):
    """The escalation ladder: row i is level i + 1."""

    def row_name(self, row: int) -> str:
        return f"Level {row + 1}"

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Vertical:
            return self.row_name(section)
        return super().header(section, orientation)

    def display(self, row: int, col: int, value: Any) -> str:
        if self.columns[col].field == "within_business_hours":
            return business_hours_text(value)
        return super().display(row, col, value)


def _box(title: str, note: str, *widgets: Any) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    if note:
        label = QLabel(note)
        label.setWordWrap(True)
        layout.addWidget(label)
    for w in widgets:
        if isinstance(w, QHBoxLayout):
            layout.addLayout(w)
        else:
            layout.addWidget(w)
    return box


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row


class AgreementTermsPage(Page):
    """Edit the agreement's terms: term, review cadence, escalation ladder, remedies, quality, routing."""

    title = "Agreement terms"
    order = 55

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.term_model = SettingsModel(document, TERM_SETTINGS, self)
        self.term_view = self._grid(self.term_model)
        self.meetings_model = MeetingsModel(
            document, ("governance", "reviews"), MEETING_COLUMNS, "name", self, what="meeting", numeric=False
        )
        self.meetings_view = set_help(self._grid(self.meetings_model), "review_meeting")
        self.meetings_view.verticalHeader().hide()  # the meeting's name is its first column
        self.meetings_view.setItemDelegateForColumn(1, ChoiceDelegate(FREQUENCY_CHOICES, self.meetings_view))
        self.ladder_model = LadderModel(
            document, ("governance", "escalation"), LEVEL_COLUMNS, parent=self, what="Level", numeric=False
        )
        self.ladder_view = set_help(self._grid(self.ladder_model), "escalation")
        self.quality_model = SettingsModel(document, QUALITY_SETTINGS, self)
        self.quality_view = self._grid(self.quality_model)
        routing_row = [s.field for s in QUALITY_SETTINGS].index("routing_method")
        self.quality_view.setItemDelegateForRow(routing_row, ChoiceDelegate(ROUTING_CHOICES, self.quality_view))

        add_meeting, self.remove_meeting = QPushButton("Add meeting"), QPushButton("Remove selected meeting")
        add_meeting.clicked.connect(self.add_meeting)
        self.remove_meeting.clicked.connect(self.remove_selected_meeting)
        add_level, self.remove_level = QPushButton("Add level"), QPushButton("Remove last level")
        add_level.clicked.connect(self.add_level)
        self.remove_level.clicked.connect(self.remove_last_level)
        defaults = QPushButton("Restore the usual terms")
        defaults.setToolTip("Every term on this page back to the defaults most written SLAs use (one undo step)")
        defaults.clicked.connect(self.restore_defaults)
        self.sales_note = QLabel()
        self.sales_note.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        document.editRefused.connect(self.message.setText)
        document.editNoted.connect(self.message.setText)

        intro = QLabel(
            "The terms the signed SLA states besides the numbers: how long it runs, who reviews it and how "
            "often, who settles a missed commitment, what happens to leads, and what marketing promises about "
            "the leads' quality. Double-click a value to change it."
        )
        intro.setWordWrap(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(intro)
        layout.addWidget(_box("Term, remedies and disputes", "", self.term_view))
        layout.addWidget(
            _box(
                "Review cadence",
                "The meetings that review the agreement; pick how often from the list.",
                self.meetings_view,
                _buttons(add_meeting, self.remove_meeting),
            )
        )
        layout.addWidget(
            _box(
                "Escalation ladder",
                "A missed commitment or a disputed lead goes up one level when the level above it has not "
                "settled it in time (8 business hours are one business day).",
                self.ladder_view,
                _buttons(add_level, self.remove_level),
            )
        )
        layout.addWidget(
            _box(
                "Marketing's lead quality and lead routing",
                "",
                self.quality_view,
                self.sales_note,
            )
        )
        layout.addWidget(self.message)
        layout.addLayout(_buttons(defaults))
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    @staticmethod
    def _grid(model: PlanTableModel) -> GridView:
        view = GridView()
        view.setWordWrap(True)  # the terms are sentences: wrapped, the rows grow (sized to their rows)
        view.setModel(model)
        return view

    # -- buttons: each is one core edit, one undo step -------------------------------------------
    def _apply(self, edit: Edit) -> None:
        self.message.setText(self.document.try_apply(edit) or "")

    def add_meeting(self) -> None:
        reviews = self.document.plan.governance.reviews
        names = {m.name.casefold() for m in reviews}
        n = len(reviews) + 1
        while f"meeting {n}" in names:
            n += 1
        meeting = ReviewMeeting(f"Meeting {n}", "monthly")
        self._apply(Edit(("governance", "reviews"), (*reviews, meeting), "Add review meeting"))

    def remove_selected_meeting(self) -> None:
        reviews = list(self.document.plan.governance.reviews)
        row = self.meetings_view.currentIndex().row()
        if not 0 <= row < len(reviews):
            self.message.setText("Select a meeting to remove.")
            return
        gone = reviews.pop(row)
        self._apply(Edit(("governance", "reviews"), tuple(reviews), f"Remove review meeting {gone.name}"))

    def add_level(self) -> None:
        levels = self.document.plan.governance.escalation
        hours = levels[-1].within_business_hours * 2 if levels else 8.0
        level = EscalationLevel("Who settles it next", min(hours, 24.0 * 30))
        self._apply(Edit(("governance", "escalation"), (*levels, level), "Add escalation level"))

    def remove_last_level(self) -> None:
        levels = self.document.plan.governance.escalation
        if not levels:
            return
        self._apply(Edit(("governance", "escalation"), levels[:-1], f"Remove escalation level {len(levels)}"))

    def restore_defaults(self) -> None:
        self._apply(Edit(("governance",), Governance(), "Restore the usual agreement terms"))

    # -- showing the plan ------------------------------------------------------------------------
    def refresh(self, plan: Plan) -> None:
        for model, view in (
            (self.term_model, self.term_view),
            (self.meetings_model, self.meetings_view),
            (self.ladder_model, self.ladder_view),
            (self.quality_model, self.quality_view),
        ):
            model.set_plan(plan)
            fit_height(view)
        self.remove_meeting.setEnabled(bool(plan.governance.reviews))
        self.remove_level.setEnabled(bool(plan.governance.escalation))
        self.sales_note.setText(sales_side(plan))


def sales_side(plan: Plan) -> str:
    """Sales' acceptance window and follow-up depth per tier, as the Commitments page sets them."""
    tiers = plan.commitments.response
    if not tiers:
        return "Sales' acceptance window and follow-up depth: no response tiers yet (the Commitments page)."
    parts = [
        f"{t.tier}: accept or reject within {t.accept_within_hours:g} h, "
        f"{count_text(t.touches, 'attempt')} in {days_text(t.touch_days)}"
        for t in tiers
    ]
    return "Sales' side, set per tier on the Commitments page: " + "; ".join(parts) + "."


PAGE = AgreementTermsPage


if __name__ == "__main__":
    import sys

    from ui.preview import preview

    sys.exit(preview("agreement_terms", sys.argv[1] if len(sys.argv) > 1 else ""))
