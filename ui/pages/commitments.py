"""Commitments: what sales promises per lead tier and what marketing promises per segment.

Sales: first touch within T minutes (business or clock) for X % of the tier's leads, Z touches
within N days, accept or reject within H hours. Marketing: N SQLs per month per segment, shown
next to what the plan yields so the promise can be checked at a glance.

Preview: ``python -m ui.preview commitments``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slaplanner.cells import parse_number
from slaplanner.engine.funnel import compute_funnel
from slaplanner.engine.goal_seek import leads_for_sqls, months_above, split_commitment, sqls_for_revenue_goal
from slaplanner.errors import ValidationError
from slaplanner.plan.commitments import ResponseCommitment, SqlCommitment
from slaplanner.plan.edits import Edit
from slaplanner.plan.format import fmt_pct, month_range_text
from slaplanner.plan.model import Plan
from ui.document import PlanDocument
from ui.numbers import explain_problem, fmt_count, fmt_plain
from ui.pages._records import CLOCK_WORDS, Column, RecordTableModel, fit_height, parse_cell
from ui.pages.base import Page
from ui.qt import (
    QBrush,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.tables import CellRefused, ChoiceDelegate, GridView, PlanTableModel, number_or_refuse, verdict_colour

TIER_COLUMNS = (
    Column("Tier", "tier", "text"),
    Column("Description", "description", "text"),
    Column("Share of SQLs", "share_of_sqls", "percent", "Share of all SQLs in this tier; the last other tier adjusts"),
    Column("First touch within (min)", "first_touch_minutes", "number"),
    Column("Clock", "clock", "clock", "Business hours (the SDR calendar's working hours) or around the clock"),
    Column("For % of leads", "target_share", "percent"),
    Column("Touches", "touches", "int", "Attempts in the follow-up cadence"),
    Column("Within days", "touch_days", "number"),
    Column("Accept within (h)", "accept_within_hours", "number", "Accept or reject the SQL within so many hours"),
)


class TiersModel(RecordTableModel):
    """Sales' response commitments, one row per tier. A share edit keeps the shares adding to 100 %."""

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        column = self.columns[col]
        if column.field != "share_of_sqls":
            return super().edits_for(plan, row, col, text)
        tiers = list(plan.commitments.response)
        value = parse_cell(column.kind, text)
        if len(tiers) == 1:
            raise CellRefused("the only tier holds all SQLs (100 %)")
        other = row + 1 if row + 1 < len(tiers) else row - 1
        rest = tiers[other].share_of_sqls + tiers[row].share_of_sqls - value
        if not 0.0 <= rest <= 1.0 + 1e-9:
            raise CellRefused(f"tier {tiers[other].tier} would get {fmt_pct(rest)}; shares must add up to 100 %")
        tiers[row] = replace(tiers[row], share_of_sqls=value)
        tiers[other] = replace(tiers[other], share_of_sqls=round(min(1.0, max(0.0, rest)), 10))
        return [Edit(("commitments", "response"), tuple(tiers), self.label_for(row, col))]


class MarketingModel(PlanTableModel):
    """Rows: the plan's segments. Columns: SQLs committed per month (blank: none), planned, P10-P90 hint."""

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(plan.segments), 3

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Vertical:
            return self.plan.segments[section]
        return ("Committed SQLs / month", "Planned (likely), average", "Planned, lowest month")[section]

    def commitment(self, segment: str) -> SqlCommitment | None:
        for m in self.plan.commitments.marketing:
            if m.segment.casefold() == segment.casefold():
                return m
        return None

    def planned(self, segment: str) -> list[float]:
        sql = self.plan.sql_stage_index
        if sql is None:  # no SQL stage: nothing is planned that the commitment counts
            return [0.0]
        result = compute_funnel(self.plan, "likely")
        rows = [sf.counts[sql] for sf in result.by_source if sf.segment == segment]
        return [sum(v) for v in zip(*rows)] if rows else [0.0]

    def value(self, row: int, col: int) -> Any:
        segment = self.plan.segments[row]
        if col == 0:
            c = self.commitment(segment)
            return "" if c is None else c.sqls_per_month
        planned = self.planned(segment)
        return sum(planned) / len(planned) if col == 1 else min(planned)

    def display(self, row: int, col: int, value: Any) -> str:
        return "none" if value == "" else fmt_count(value)

    def below_commitment(self, row: int, col: int) -> bool:
        """A planned figure (average or lowest month) under the segment's commitment."""
        c = self.commitment(self.plan.segments[row])
        return col > 0 and c is not None and self.value(row, col) + 0.5 <= c.sqls_per_month

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and self.below_commitment(index.row(), index.column()):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(verdict_colour(False))
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Planned below the commitment: the Simulation page gives the probability that it is met."
        return super().data(index, role)

    def edit_text(self, row: int, col: int, value: Any) -> str:
        return "" if value == "" else fmt_plain(value)

    def is_editable(self, row: int, col: int) -> bool:
        return col == 0

    def is_derived(self, row: int, col: int) -> bool:
        return col > 0

    def label_for(self, row: int, col: int) -> str:
        return f"Edit SQL commitment, {self.plan.segments[row]}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        segment = plan.segments[row]
        kept = [m for m in plan.commitments.marketing if m.segment.casefold() != segment.casefold()]
        if text.strip():
            kept.append(SqlCommitment(segment, number_or_refuse(text)))
        order = {s.casefold(): i for i, s in enumerate(plan.segments)}
        kept.sort(key=lambda m: order.get(m.segment.casefold(), len(order)))
        return [Edit(("commitments", "marketing"), tuple(kept), self.label_for(row, col))]


class CommitmentsPage(Page):
    """Edit the SLA's commitments: response per tier, SQLs per segment."""

    title = "Commitments"
    order = 50

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.tiers_model = TiersModel(document, ("commitments", "response"), TIER_COLUMNS, "tier", self)
        self.tiers_view = GridView()
        self.tiers_view.setWordWrap(True)  # a long description wraps at 150 % (the table is sized to its rows)
        self.tiers_view.setModel(self.tiers_model)
        # The Tier column holds the name (editable): a row header beside it said "Hot | Hot".
        self.tiers_view.verticalHeader().setVisible(False)
        clock_column = next(i for i, c in enumerate(TIER_COLUMNS) if c.kind == "clock")
        self.tiers_view.setItemDelegateForColumn(clock_column, ChoiceDelegate(CLOCK_WORDS.values(), self.tiers_view))
        self.marketing_model = MarketingModel(document, self)
        self.marketing_view = GridView()
        self.marketing_view.setWordWrap(True)
        self.marketing_view.setModel(self.marketing_model)
        add = QPushButton("Add tier")
        add.clicked.connect(self.add_tier)
        self.remove = QPushButton("Remove selected tier")
        self.remove.clicked.connect(self.remove_tier)
        self.message = QLabel()
        self.message.setWordWrap(True)
        document.editRefused.connect(self.message.setText)
        document.editNoted.connect(self.message.setText)

        sales = QGroupBox("Sales commits, per lead tier")
        sl = QVBoxLayout(sales)
        sales_note = QLabel(
            "First touch within the time for the share of leads, counted in <b>business hours</b> (the SDR "
            "calendar's working hours) or <b>around the clock</b>; the follow-up cadence; accept or reject in hours."
        )
        sales_note.setWordWrap(True)
        sl.addWidget(sales_note)
        sl.addWidget(self.tiers_view)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        sl.addLayout(buttons)
        marketing = QGroupBox("Marketing commits, per segment")
        ml = QVBoxLayout(marketing)
        marketing_note = QLabel(
            "SQLs delivered every month; clear a cell for no commitment. The Simulation page "
            "gives the probability that it is met."
        )
        marketing_note.setWordWrap(True)
        ml.addWidget(marketing_note)
        ml.addWidget(self.marketing_view)
        total_row = QHBoxLayout()
        total_row.addWidget(QLabel("Commit a total of"))
        self.total = QLineEdit()
        self.total.setPlaceholderText("e.g. 400")
        self.total.setMaximumWidth(110)
        self.total.setToolTip("SQLs marketing delivers in total; split by segment in the planned mix")
        total_row.addWidget(self.total)
        self.total_per = QComboBox()
        self.total_per.addItem("SQLs a month", "month")
        self.total_per.addItem("SQLs a quarter", "quarter")
        total_row.addWidget(self.total_per)
        split = QPushButton("Split by segment")
        split.setToolTip("Set each segment's commitment from the total, in the plan's planned mix")
        split.clicked.connect(self.commit_total)
        total_row.addWidget(split)
        total_row.addStretch(1)
        ml.addLayout(total_row)
        seek_row = QHBoxLayout()
        goal = QPushButton("Commit what the revenue goal needs")
        goal.setToolTip(
            "Marketing's commitment = the SQLs a month the reverse funnel needs for the revenue goal, on average over "
            "the plan (one number a month: busier months of the goal need more, and are named)"
        )
        goal.clicked.connect(self.commit_revenue_goal)
        leads = QPushButton("Plan the leads these SQLs need")
        leads.setToolTip(
            "Scale every source's leads, month by month and keeping the mix, so the plan yields the committed SQLs"
        )
        leads.clicked.connect(self.plan_leads_for_commitment)
        seek_row.addWidget(goal)
        seek_row.addWidget(leads)
        seek_row.addStretch(1)
        ml.addLayout(seek_row)
        layout = QVBoxLayout(self)
        layout.addWidget(sales)
        layout.addWidget(marketing)
        layout.addWidget(self.message)
        layout.addStretch(1)

    # -- goal-seek: each button calls one core function and applies its result as one undo step --
    def commit_total(self) -> None:
        """Split the typed total (a month or a quarter) by segment into marketing's commitment."""
        try:
            total = parse_number(self.total.text())
            commitment = split_commitment(self.document.plan, total, per=self.total_per.currentData())
        except ValidationError as error:  # in the field's words and the number as typed, not "total: -5.0"
            why = "; ".join(
                explain_problem(p) if p.field == "total" else "it needs " + p.allowed.removeprefix("allowed: ")
                for p in error.problems
            )
            self.message.setText(f"The total was not used: {why}")
            return
        except ValueError as error:
            self.message.setText(f"The total was not used: {error}")
            return
        per = "a quarter" if self.total_per.currentData() == "quarter" else "a month"
        label = f"Commit {fmt_count(total)} SQLs {per}, split by segment"
        self.message.setText(
            self.document.try_apply(Edit(("commitments", "marketing"), commitment, label)) or label + "."
        )

    def _apply_commitment(self, commitment: tuple[SqlCommitment, ...], label: str) -> None:
        refused = self.document.try_apply(Edit(("commitments", "marketing"), commitment, label))
        self.message.setText(refused or label + ".")

    def commit_revenue_goal(self) -> None:
        try:
            commitment = sqls_for_revenue_goal(self.document.plan)
        except ValidationError as error:
            self.message.setText(str(error))
            return
        total = sum(c.sqls_per_month for c in commitment)
        label = f"Commit the {fmt_count(total)} SQLs a month the revenue goal needs on average"
        refused = self.document.try_apply(Edit(("commitments", "marketing"), commitment, label))
        if refused:
            self.message.setText(refused)
            return
        above, most = months_above(self.document.plan, total)
        more = (
            f" A commitment is one number a month: the goal needs more in {month_range_text(above)} "
            f"(up to {fmt_count(most)}), so the Overview marks those months."
            if above
            else ""
        )
        self.message.setText(label + "." + more)

    def plan_leads_for_commitment(self) -> None:
        plan = self.document.plan
        total = sum(c.sqls_per_month for c in plan.commitments.marketing)
        if total <= 0:
            self.message.setText("Enter marketing's SQL commitment first (per segment, or a total above).")
            return
        try:
            result = leads_for_sqls(plan, total)
        except ValidationError as error:
            self.message.setText(str(error))
            return
        low, high = min(result.factors), max(result.factors)
        self.document.commit(result.plan, f"Plan the leads for {fmt_count(total)} SQLs a month")
        self.message.setText(
            f"Lead volumes set so the plan yields {fmt_count(total)} SQLs every month (each month's leads x "
            f"{low:.2f} to {high:.2f}, sources keep their mix). Undo restores the previous volumes."
        )

    def add_tier(self) -> None:
        tiers = list(self.document.plan.commitments.response)
        names = {t.tier.casefold() for t in tiers}
        n = len(tiers) + 1
        while f"tier {n}" in names:
            n += 1
        if tiers:
            # The new tier starts with no share; the user moves share to it.
            tiers.append(ResponseCommitment(f"Tier {n}", share_of_sqls=0.0))
        else:
            tiers.append(ResponseCommitment("All SQLs", share_of_sqls=1.0))
        self.message.setText(self.document.try_apply(Edit(("commitments", "response"), tuple(tiers), "Add tier")) or "")

    def remove_tier(self) -> None:
        tiers = list(self.document.plan.commitments.response)
        row = self.tiers_view.currentIndex().row()
        if not 0 <= row < len(tiers):
            self.message.setText("Select a tier to remove.")
            return
        gone = tiers.pop(row)
        if tiers:  # its share goes to the first remaining tier
            tiers[0] = replace(tiers[0], share_of_sqls=min(1.0, tiers[0].share_of_sqls + gone.share_of_sqls))
        self.message.setText(
            self.document.try_apply(Edit(("commitments", "response"), tuple(tiers), f"Remove tier {gone.tier}")) or ""
        )

    def refresh(self, plan: Plan) -> None:
        self.tiers_model.set_plan(plan)
        self.marketing_model.set_plan(plan)
        fit_height(self.tiers_view)
        fit_height(self.marketing_view)
        self.remove.setEnabled(bool(plan.commitments.response))


PAGE = CommitmentsPage


if __name__ == "__main__":
    import sys

    from ui.preview import preview

    sys.exit(preview("commitments", sys.argv[1] if len(sys.argv) > 1 else ""))
