"""Rules of engagement: one row per stage (owner, contacts, hand-off, recycling, clock, escalation)
with the conflict checker's warnings beside it.

Preview: ``python -m ui.preview engagement``.
"""

from __future__ import annotations

from typing import Any

from slaplanner.engine.conflicts import Conflict, check_conflicts, conflicts_for_stage
from slaplanner.plan.definitions import OWNER_LABELS, owner_label
from slaplanner.plan.edits import Edit
from slaplanner.plan.engagement import (
    HANDOFF_ACTION_LABELS,
    StageRule,
    handoff_actions_from_text,
    handoff_actions_text,
)
from slaplanner.plan.labels import code_of
from slaplanner.plan.model import Plan
from slaplanner.plan.new_records import with_stage_rule
from ui.document import PlanDocument
from ui.help import set_help
from ui.numbers import fmt_plain
from ui.pages.base import Page
from ui.qt import (
    QBrush,
    QColor,
    QGuiApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPalette,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.tables import (
    CellRefused,
    ChecklistDelegate,
    ChoiceDelegate,
    GridView,
    PlanTableModel,
    duration_or_refuse,
    number_or_refuse,
)

COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    # attribute, header, kind, tooltip
    ("owner", "Owner", "owner", "Marketing, Sales or Shared"),
    ("nurture_email", "Nurture email", "bool", "May marketing nurture emails reach the lead here? yes or no"),
    ("sales_touches", "Sales touches", "bool", "May sales call or email the lead here? yes or no"),
    (
        "handoff_actions",
        "On entry",
        "actions",
        "What happens when a lead enters the stage, separated by commas: " + ", ".join(HANDOFF_ACTION_LABELS.values()),
    ),
    (
        "recycle_after_days",
        "Recycle after (days)",
        "number",
        "Back to marketing after this many days without a sales contact; 0: never",
    ),
    ("sla_clock_hours", "SLA clock (h)", "hours", "Hours before the clock runs out (8, 90 min, 2 days); 0: no clock"),
    ("escalate_to", "Escalate to", "text", "Who is alerted when the clock runs out"),
)
WARNINGS_COLUMN = len(COLUMNS)
NO_OWNER = "—"


def warning_colour() -> QColor:
    dark = QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    return QColor("#ff8a80" if dark else "#b71c1c")


class RulesModel(PlanTableModel):
    """Rows: the plan's stages. Columns: the stage's rule (editable) and its conflicts (read-only)."""

    numeric = False

    def __init__(self, document: PlanDocument, parent: Any = None):
        self.conflicts: tuple[Conflict, ...] = ()
        super().__init__(document, parent)

    def set_plan(self, plan: Plan) -> None:
        self.conflicts = check_conflicts(plan)
        super().set_plan(plan)

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(plan.stages), len(COLUMNS) + 1

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Vertical:
            return self.plan.stages[section]
        return "Warnings" if section == WARNINGS_COLUMN else COLUMNS[section][1]

    def rule(self, row: int, plan: Plan | None = None) -> StageRule | None:
        plan = plan or self.plan
        return plan.engagement.rule_for(plan.stages[row])

    def stage_conflicts(self, row: int) -> tuple[Conflict, ...]:
        return conflicts_for_stage(self.conflicts, self.plan.stages[row])

    def value(self, row: int, col: int) -> Any:
        if col == WARNINGS_COLUMN:
            found = self.stage_conflicts(row)
            if not found:
                return ""
            first = found[0].message
            return f"⚠ {first}" if len(found) == 1 else f"⚠ {len(found)} conflicts: {first}"
        rule = self.rule(row)
        attr, _, kind, _ = COLUMNS[col]
        if rule is None:
            return NO_OWNER if kind == "owner" else ""
        value = getattr(rule, attr)
        if kind == "bool":
            return "yes" if value else "no"
        if kind == "actions":
            return handoff_actions_text(value)
        if kind == "owner":
            return owner_label(value) if value else NO_OWNER
        if kind in ("number", "hours"):
            return fmt_plain(value)
        return value

    def is_editable(self, row: int, col: int) -> bool:
        return col != WARNINGS_COLUMN

    def tooltip(self, row: int, col: int) -> str | None:
        if col == WARNINGS_COLUMN:
            found = self.stage_conflicts(row)
            return "\n".join(f"[{c.kind}] {c.message}" for c in found) or "No conflicts in this stage"
        if self.rule(row) is None:
            return f"No rule for {self.plan.stages[row]} yet: type into any cell to create one"
        return COLUMNS[col][3]

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole and index.column() == WARNINGS_COLUMN:
            return QBrush(warning_colour())
        return super().data(index, role)

    def label_for(self, row: int, col: int) -> str:
        name = "warnings" if col == WARNINGS_COLUMN else COLUMNS[col][1].lower()
        return f"Edit {self.plan.stages[row]}, {name}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        attr, _, kind, _ = COLUMNS[col]
        value: Any
        if kind == "bool":
            word = text.strip().lower()
            if word not in ("yes", "y", "true", "1", "no", "n", "false", "0", ""):
                raise CellRefused(f"{text!r}: type yes or no")
            value = word in ("yes", "y", "true", "1")
        elif kind == "actions":
            value = handoff_actions_from_text(text)
        elif kind == "owner":
            value = "" if text.strip() in ("", NO_OWNER) else code_of(OWNER_LABELS, text)
            if value is None:
                raise CellRefused(
                    f"“{text.strip()}” is not allowed; allowed: one of {', '.join(OWNER_LABELS.values())}"
                )
        elif kind == "number":
            value = number_or_refuse(text) if text.strip() else 0.0
        elif kind == "hours":
            value = duration_or_refuse(text, unit="hours") if text.strip() else 0.0
        else:
            value = text.strip()
        rules = with_stage_rule(plan, plan.stages[row], **{attr: value})
        return [Edit(("engagement",), rules, self.label_for(row, col))]


class EngagementPage(Page):
    """The rules of engagement per stage, and every conflict the checker finds."""

    title = "Rules of engagement"
    order = 45

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.model = RulesModel(document, self)
        self.view = GridView()
        self.view.setWordWrap(True)  # "Start nurture emails, Assign an owner": wrapped, never "Start nurt…"
        set_help(self.view, "owner", "sla_clock", "hand_off")
        self.view.setModel(self.model)  # columns fit their content; when too wide, long text is elided
        kinds = [kind for _attr, _header, kind, _tip in COLUMNS]
        self.view.setItemDelegateForColumn(
            kinds.index("owner"), ChoiceDelegate((NO_OWNER, *OWNER_LABELS.values()), self.view)
        )
        self.view.setItemDelegateForColumn(
            kinds.index("actions"), ChecklistDelegate(HANDOFF_ACTION_LABELS.values(), self.view)
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.conflict_list = QListWidget()
        self.conflict_list.setWordWrap(True)
        self.conflict_list.setAlternatingRowColors(True)
        self.conflict_list.itemActivated.connect(self._go_to)
        self.conflict_list.itemClicked.connect(self._go_to)

        table_box = QWidget()
        tl = QVBoxLayout(table_box)
        tl.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            "<b>Who owns a lead in each stage</b> and what may happen to it there. Type yes/no for the "
            "contacts; choose the owner and what happens on entry from the lists (or type them, separated by commas)."
        )
        intro.setWordWrap(True)
        tl.addWidget(intro)
        tl.addWidget(self.view, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(table_box, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.conflict_list, 2)  # hidden when there is no conflict: the table takes the room

    def _go_to(self, item: QListWidgetItem) -> None:
        stage = item.data(Qt.ItemDataRole.UserRole)
        if stage in self.document.plan.stages:
            row = self.document.plan.stages.index(stage)
            self.view.setCurrentIndex(self.model.index(row, 0))

    def refresh(self, plan: Plan) -> None:
        self.model.set_plan(plan)
        conflicts = self.model.conflicts
        self.conflict_list.clear()
        for conflict in conflicts:
            where = f"{conflict.stage}" if conflict.stage else conflict.rule
            item = QListWidgetItem(f"⚠ {where} ({conflict.kind.replace('_', ' ')}): {conflict.message}")
            item.setData(Qt.ItemDataRole.UserRole, conflict.stage)
            item.setToolTip(f"Rule: {conflict.rule}")
            self.conflict_list.addItem(item)
        self.conflict_list.setVisible(bool(conflicts))
        if conflicts:
            self.summary.setText(
                f"<span style='color:{warning_colour().name()}'><b>{len(conflicts)} conflict"
                f"{'s' if len(conflicts) != 1 else ''}</b></span> between the rules, the definitions and the "
                "commitments:"
            )
        else:
            self.summary.setText(
                "<b>No conflicts.</b> Every stage has an owner, nurture stops before sales "
                "touches, every clock escalates and no lead is recycled before its cadence ends."
            )


PAGE = EngagementPage


if __name__ == "__main__":
    import sys

    from ui.preview import preview

    sys.exit(preview("engagement", sys.argv[1] if len(sys.argv) > 1 else ""))
