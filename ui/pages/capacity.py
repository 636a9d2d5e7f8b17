"""Capacity: the sales team (SDRs, AEs), their headcount by month and their working calendars.

Also the leads' side: their time zone and arrival profile by hour of the week, handle times per
kind of touch, and the response-decay curve. Every cell edits the plan through the core, which
refuses impossible values (a negative headcount, an end before the start) with the reason.

Preview: ``python -m ui.preview capacity``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from slaplanner.plan.edits import Edit
from slaplanner.plan.model import Plan
from slaplanner.plan.new_records import default_team
from slaplanner.plan.team import WEEKDAYS, Team, WorkCalendar
from ui.charts import ChartCanvas, ChartStyle
from ui.document import PlanDocument
from ui.help import set_help
from ui.numbers import fmt_percent, fmt_plain, month_label
from ui.pages._records import Column, RecordTableModel, fit_height
from ui.pages.base import Page
from ui.qt import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from ui.tables import GridView, PlanTableModel, number_or_refuse

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

ROLE_COLUMNS = (
    Column("Name", "name", "text"),
    Column("Ramp (months)", "ramp_months", "int", "Months until a new hire works at full capacity"),
    Column("Shrinkage", "shrinkage", "percent", "Share of working time not spent on leads: meetings, breaks, PTO"),
    Column("Max occupancy", "max_occupancy", "percent", "Highest sustainable share of the remaining time (~85 %)"),
    Column("Max open opps", "max_open_opportunities", "int", "Opportunities one fully ramped AE can carry"),
)
TOUCH_NAMES = {"first_touch": "First touch", "follow_up": "Follow-up", "accept": "Accept / reject"}
HANDLE_COLUMNS = (
    Column("Minutes", "minutes", "minutes", "Average minutes one touch of this kind takes (90, 90 min or 1.5h)"),
    Column("Spread (min)", "spread", "minutes", "How much it varies (standard deviation); = the minutes: exponential"),
)


class HeadcountModel(PlanTableModel):
    """Rows: roles; columns: plan months; people in the role each month."""

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(plan.team.roles), plan.horizon_months

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Vertical:
            return self.plan.team.roles[section].name
        return month_label(self.plan.months[section])

    def value(self, row: int, col: int) -> Any:
        return self.plan.team.roles[row].headcount_in(col)

    def is_editable(self, row: int, col: int) -> bool:
        return True

    def label_for(self, row: int, col: int) -> str:
        return f"Edit {self.plan.team.roles[row].name}, {month_label(self.plan.months[col])}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        value = number_or_refuse(text)
        role = plan.team.roles[row]
        heads: list[Any] = [role.headcount_in(m) for m in range(plan.horizon_months)]
        heads[col] = int(value) if value == int(value) else value  # a fraction is refused by the core
        return [Edit(("team", "roles", row, "headcount"), tuple(heads), self.label_for(row, col))]


class HoursModel(PlanTableModel):
    """Rows: weekdays; columns: start and end hour of one role's calendar (blank: day off)."""

    role_index = 0

    def shape(self, plan: Plan) -> tuple[int, int]:
        return (7, 2) if plan.team.roles else (0, 2)

    def calendar(self) -> WorkCalendar:
        return self.plan.team.roles[self.role_index].calendar

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        return DAY_NAMES[section] if orientation == Qt.Orientation.Vertical else ("Start", "End")[section]

    def value(self, row: int, col: int) -> Any:
        span = self.calendar().hours_on(row)
        return "" if span is None else span[col]

    def display(self, row: int, col: int, value: Any) -> str:
        if value == "":
            return "off" if col == 0 else ""
        hours, minutes = int(value), round((value - int(value)) * 60)
        return f"{hours:02d}:{minutes:02d}"

    def edit_text(self, row: int, col: int, value: Any) -> str:
        return "" if value == "" else fmt_plain(value)

    def tooltip(self, row: int, col: int) -> str | None:
        return "Hours as 9 or 17.5 (17:30); clear both cells for a day off."

    def is_editable(self, row: int, col: int) -> bool:
        return True

    def label_for(self, row: int, col: int) -> str:
        return f"Edit {self.plan.team.roles[self.role_index].name} hours, {DAY_NAMES[row]}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        cal = plan.team.roles[self.role_index].calendar
        spans = {WEEKDAYS.index(d): [s, e] for d, s, e in cal.working_hours}
        if not text.strip():
            spans.pop(row, None)
        else:
            span = spans.get(row, [9.0, 17.0])
            span[col] = number_or_refuse(text)
            spans[row] = span
        hours = tuple((WEEKDAYS[d], s, e) for d, (s, e) in sorted(spans.items()))
        path = ("team", "roles", self.role_index, "calendar", "working_hours")
        return [Edit(path, hours, self.label_for(row, col))]


class DecayModel(PlanTableModel):
    """Rows: points of the decay curve; columns: minutes and relative chance of qualifying."""

    def shape(self, plan: Plan) -> tuple[int, int]:
        return len(plan.team.decay.points), 2

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return ("After (min)", "Chance vs. 5 min")[section]

    def value(self, row: int, col: int) -> Any:
        return self.plan.team.decay.points[row][col]

    def display(self, row: int, col: int, value: Any) -> str:
        return fmt_plain(value) if col == 0 else fmt_percent(value)

    def edit_text(self, row: int, col: int, value: Any) -> str:
        return fmt_plain(value if col == 0 else round(value * 100, 10))

    def is_editable(self, row: int, col: int) -> bool:
        return True

    def label_for(self, row: int, col: int) -> str:
        return f"Edit decay point {row + 1}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        points = [list(p) for p in plan.team.decay.points]
        points[row][col] = number_or_refuse(text, percent=col == 1)
        return [Edit(("team", "decay", "points"), tuple(tuple(p) for p in points), self.label_for(row, col))]


class ProfileModel(PlanTableModel):
    """Rows: weekdays; columns: hours (leads' time zone); relative weight of lead arrivals."""

    def shape(self, plan: Plan) -> tuple[int, int]:
        return 7, 24

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        return DAY_NAMES[section][:3] if orientation == Qt.Orientation.Vertical else f"{section:02d}"

    def value(self, row: int, col: int) -> Any:
        return self.plan.team.arrival_profile[row * 24 + col]

    def tooltip(self, row: int, col: int) -> str | None:
        return f"Relative weight of leads arriving {DAY_NAMES[row]} {col:02d}:00-{col:02d}:59 (leads' time zone)"

    def is_editable(self, row: int, col: int) -> bool:
        return True

    def label_for(self, row: int, col: int) -> str:
        return f"Edit arrivals, {DAY_NAMES[row][:3]} {col:02d}:00"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        profile = list(plan.team.arrival_profile)
        profile[row * 24 + col] = number_or_refuse(text)
        return [Edit(("team", "arrival_profile"), tuple(profile), self.label_for(row, col))]


def draw_profile(fig: Figure, style: ChartStyle, team: Team) -> None:
    ax = fig.add_subplot()
    grid = np.array(team.arrival_profile).reshape(7, 24)
    image = ax.imshow(grid / max(grid.max(), 1e-9), cmap="Blues", aspect="auto", vmin=0, vmax=1)
    ax.set_yticks(range(7), [d[:3] for d in DAY_NAMES])
    ax.set_xticks(range(0, 24, 3), [f"{h:02d}:00" for h in range(0, 24, 3)])
    ax.set_title("Lead arrivals by hour of the week", loc="left")
    ax.set_xlabel(f"hour in {team.lead_time_zone}")
    fig.colorbar(image, ax=ax, fraction=0.04)


class CapacityPage(Page):
    """Edit the team, its calendars and the lead-handling assumptions."""

    title = "Capacity"
    order = 60

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.roles_model = RecordTableModel(document, ("team", "roles"), ROLE_COLUMNS, "kind", self)
        self.roles_view = GridView()
        self.roles_view.setModel(self.roles_model)
        self.headcount_model = HeadcountModel(document, self)
        self.headcount_view = GridView()
        self.headcount_view.transpose_when_narrow = True  # months as rows at large zoom
        self.headcount_view.setModel(self.headcount_model)
        self.hours_model = HoursModel(document, self)
        self.hours_view = GridView()
        self.hours_view.transpose_when_narrow = True  # months as rows at large zoom
        self.hours_view.setModel(self.hours_model)
        self.handle_model = RecordTableModel(
            document, ("team", "handle_times"), HANDLE_COLUMNS, "touch", self, names=TOUCH_NAMES
        )
        self.handle_view = GridView()
        self.handle_view.setModel(self.handle_model)
        self.decay_model = DecayModel(document, self)
        self.decay_view = GridView()
        self.decay_view.setModel(self.decay_model)
        self.profile_chart = ChartCanvas(min_height=200)
        self.profile_model = ProfileModel(document, self)
        self.profile_view = GridView()
        self.profile_view.setModel(self.profile_model)
        set_help(self.profile_chart, "arrival_profile", "time_zone")
        set_help(self.profile_view, "arrival_profile")
        set_help(self.roles_view, "headcount", "shrinkage", "max_occupancy")
        set_help(self.headcount_view, "headcount", "ramp")
        set_help(self.hours_view, "clock", "holidays")
        set_help(self.handle_view, "handle_time")
        set_help(self.decay_view, "response_decay")
        self.profile_tabs = QTabWidget()
        self.profile_tabs.addTab(self.profile_chart, "Chart")
        self.profile_tabs.addTab(self.profile_view, "Weights (paste from a spreadsheet)")
        self._profile_key: Any = None

        self.empty = QWidget()
        empty_layout = QHBoxLayout(self.empty)
        empty_layout.addWidget(QLabel("This plan has no sales team yet."))
        start = QPushButton("Start with a default team (SDRs and AEs)")
        start.clicked.connect(self.add_default_team)
        empty_layout.addWidget(start)
        empty_layout.addStretch(1)

        self.role_box = QComboBox()
        self.role_box.currentIndexChanged.connect(self._on_role)
        self.time_zone = QLineEdit()
        self.time_zone.setPlaceholderText("America/New_York")
        self.time_zone.editingFinished.connect(self._commit_time_zone)
        self.holidays = QLineEdit()
        self.holidays.setPlaceholderText("2026-01-01, 2026-12-25")
        self.holidays.editingFinished.connect(self._commit_holidays)
        self.lead_zone = QLineEdit()
        self.lead_zone.editingFinished.connect(self._commit_lead_zone)
        set_help(self.role_box, "clock", "holidays")
        set_help(self.time_zone, "time_zone", "clock")
        set_help(self.holidays, "holidays")
        set_help(self.lead_zone, "time_zone", "arrival_profile")
        self.message = QLabel()
        self.message.setWordWrap(True)
        document.editRefused.connect(self.message.setText)

        team_box = QGroupBox("Roles")
        tl = QVBoxLayout(team_box)
        tl.addWidget(self.roles_view)
        tl.addWidget(QLabel("<b>Headcount by month</b> (people; new hires ramp up as set above)"))
        tl.addWidget(self.headcount_view)

        cal_box = QGroupBox("Working calendar")
        cl = QGridLayout(cal_box)
        cl.addWidget(QLabel("Calendar of:"), 0, 0)
        cl.addWidget(self.role_box, 0, 1)
        cl.addWidget(QLabel("Time zone:"), 1, 0)
        cl.addWidget(self.time_zone, 1, 1)
        cl.addWidget(self.hours_view, 2, 0, 1, 2)
        cl.addWidget(QLabel("Holidays:"), 3, 0)
        cl.addWidget(self.holidays, 3, 1)
        cl.addWidget(QLabel("<i>Dates as YYYY-MM-DD, separated by commas. Nobody in the role works then.</i>"), 4, 1)
        cl.setRowStretch(5, 1)

        leads_box = QGroupBox("Leads and touches")
        ll = QGridLayout(leads_box)
        ll.addWidget(QLabel("Leads' time zone:"), 0, 0)
        ll.addWidget(self.lead_zone, 0, 1)
        ll.addWidget(self.profile_tabs, 1, 0, 1, 2)
        ll.addWidget(QLabel("<b>Handle time per touch</b>"), 2, 0, 1, 2)
        ll.addWidget(self.handle_view, 3, 0, 1, 2)
        ll.addWidget(QLabel("<b>Response decay</b>: chance of qualifying when first touched after…"), 4, 0, 1, 2)
        ll.addWidget(self.decay_view, 5, 0, 1, 2)

        body = QWidget()
        grid = QGridLayout(body)
        grid.addWidget(self.empty, 0, 0, 1, 2)
        grid.addWidget(team_box, 1, 0, 1, 2)
        grid.addWidget(cal_box, 2, 0)
        grid.addWidget(leads_box, 2, 1)
        grid.addWidget(self.message, 4, 0, 1, 2)
        self._grid, self._side_by_side = grid, True  # the calendar and the leads stack when narrow
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self.sections = (team_box, cal_box, leads_box)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        wide = self.width() >= 125 * self.fontMetrics().averageCharWidth()
        if wide != self._side_by_side:
            self._side_by_side = wide
            _, cal_box, leads_box = self.sections
            self._grid.removeWidget(cal_box)
            self._grid.removeWidget(leads_box)
            self._grid.addWidget(cal_box, 2, 0, 1, 1 if wide else 2)
            self._grid.addWidget(leads_box, 2 if wide else 3, 1 if wide else 0, 1, 1 if wide else 2)

    def add_default_team(self) -> None:
        self.document.apply(Edit(("team",), default_team(), "Add a default team"))

    def _role_index(self) -> int:
        return max(0, self.role_box.currentIndex())

    def _on_role(self) -> None:
        self.hours_model.role_index = self._role_index()
        self.refresh(self.document.plan)

    def _commit(self, edit: Edit) -> None:
        message = self.document.try_apply(edit)
        self.message.setText(message or "")

    def _commit_time_zone(self) -> None:
        if self.document.plan.team.roles:
            path = ("team", "roles", self._role_index(), "calendar", "time_zone")
            self._commit(Edit(path, self.time_zone.text().strip(), "Edit time zone"))

    def _commit_holidays(self) -> None:
        if self.document.plan.team.roles:
            days = tuple(d.strip() for d in self.holidays.text().replace(";", ",").split(",") if d.strip())
            path = ("team", "roles", self._role_index(), "calendar", "holidays")
            self._commit(Edit(path, days, "Edit holidays"))

    def _commit_lead_zone(self) -> None:
        self._commit(Edit(("team", "lead_time_zone"), self.lead_zone.text().strip(), "Edit leads' time zone"))

    def refresh(self, plan: Plan) -> None:
        team = plan.team
        has_team = bool(team.roles)
        self.empty.setVisible(not has_team)
        for box in self.sections:
            box.setEnabled(has_team)
        names = [r.name for r in team.roles]
        if [self.role_box.itemText(i) for i in range(self.role_box.count())] != names:
            current = self._role_index()
            self.role_box.blockSignals(True)
            self.role_box.clear()
            self.role_box.addItems(names)
            self.role_box.setCurrentIndex(min(current, max(0, len(names) - 1)))
            self.role_box.blockSignals(False)
        self.hours_model.role_index = min(self._role_index(), max(0, len(names) - 1))
        models = (self.roles_model, self.headcount_model, self.hours_model, self.handle_model, self.decay_model)
        for model in (*models, self.profile_model):
            model.set_plan(plan)
        if has_team:
            cal = team.roles[self.hours_model.role_index].calendar
            if not self.time_zone.hasFocus():
                self.time_zone.setText(cal.time_zone)
            if not self.holidays.hasFocus():
                self.holidays.setText(", ".join(cal.holidays))
        else:  # a new plan (no team) shows nothing of the previous plan's calendar
            self.time_zone.clear()
            self.holidays.clear()
        if not self.lead_zone.hasFocus():
            self.lead_zone.setText(team.lead_time_zone)
        for view in (self.roles_view, self.headcount_view, self.hours_view, self.handle_view, self.decay_view):
            fit_height(view)
        key = (team.arrival_profile, team.lead_time_zone)
        if key != self._profile_key:
            self._profile_key = key
            self.profile_chart.plot(lambda fig, style: draw_profile(fig, style, team))


PAGE = CapacityPage


if __name__ == "__main__":
    import sys

    from ui.preview import preview

    sys.exit(preview("capacity", sys.argv[1] if len(sys.argv) > 1 else ""))
