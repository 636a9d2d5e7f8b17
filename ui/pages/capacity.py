"""Capacity: the sales team (SDRs, AEs), their headcount by month and their working calendars.

Also the leads' side: their time zone and arrival profile by hour of the week, handle times per
kind of touch, and the response-decay curve. Every cell edits the plan through the core, which
refuses impossible values (a negative headcount, an end before the start) with the reason.

Preview: ``python -m ui.preview capacity``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from slaplanner.cells import read_dates
from slaplanner.errors import Problem, ValidationError
from slaplanner.plan.edits import Edit, apply_edits
from slaplanner.plan.format import fmt_short_date
from slaplanner.plan.model import Plan
from slaplanner.plan.new_records import default_team, new_sdr_team
from slaplanner.plan.team import WEEKDAYS, Role, Team, WorkCalendar, clock_text, shifts_from_text, shifts_text
from ui.charts import ChartCanvas, ChartStyle
from ui.document import PlanDocument, refusal_message
from ui.help import set_help
from ui.numbers import explain_problem, fmt_percent, fmt_plain, month_label
from ui.pages._records import Column, RecordTableModel, fit_height
from ui.pages.base import Page
from ui.qt import (
    QCheckBox,
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
from ui.tables import CellRefused, GridView, PlanTableModel, number_or_refuse

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

ROLE_COLUMNS = (
    Column("Name", "name", "text"),
    Column("Ramp (months)", "ramp_months", "int", "Months until a new hire works at full capacity"),
    Column("Shrinkage", "shrinkage", "percent", "Share of working time not spent on leads: meetings, breaks, PTO"),
    Column("Max occupancy", "max_occupancy", "percent", "Highest sustainable share of the remaining time (~85 %)"),
    Column("Max open opps", "max_open_opportunities", "int", "Opportunities one fully ramped AE can carry"),
    Column(
        "Segments",
        "segments",
        "text",
        "SDR teams: the segments whose SQLs the team works, separated by commas; "
        "empty: every segment not routed to another team",
    ),
)
EVERY_OTHER = "every other segment"
TOUCH_NAMES = {"first_touch": "First touch", "follow_up": "Follow-up", "accept": "Accept / reject"}
HANDLE_COLUMNS = (
    Column("Minutes", "minutes", "minutes", "Average minutes one touch of this kind takes (90, 90 min or 1.5h)"),
    Column("Spread (min)", "spread", "minutes", "How much it varies (standard deviation); = the minutes: exponential"),
)


def routing_refusal(problem: Problem) -> str:
    """A segment left without an SDR team, in words: "no SDR team would take SMB; allowed: ..."."""
    return f"no SDR team would take {problem.value}; {problem.allowed}"


def check_routing(before: Plan, after: Plan) -> str | None:
    """Why ``after`` is refused for leaving a segment without an SDR team that had one in ``before``
    (the core's :meth:`~slaplanner.plan.team.Team.check_routing`), or None; the caller names the field."""
    try:
        after.team.check_routing(
            [s for s in after.segments if s not in before.team.segments_without_team(after.segments)]
        )
    except ValidationError as error:
        return "; ".join(routing_refusal(p) for p in error.problems)
    return None


class RolesModel(RecordTableModel):
    """The roles (every SDR team and the AEs), one row each; SDR teams also route segments."""

    def __init__(self, document: PlanDocument, parent: Any = None):
        super().__init__(document, ("team", "roles"), ROLE_COLUMNS, "name", parent, numeric=True)

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        if orientation == Qt.Orientation.Vertical:
            return self.plan.team.roles[section].kind
        return super().header(section, orientation)

    def _is_segments(self, col: int) -> bool:
        return self.columns[col].field == "segments"

    def value(self, row: int, col: int) -> Any:
        if self._is_segments(col):  # words, shown left-aligned
            return ", ".join(self.plan.team.roles[row].segments)
        return super().value(row, col)

    def display(self, row: int, col: int, value: Any) -> str:
        if self._is_segments(col):
            role = self.plan.team.roles[row]
            if role.kind != "SDR":
                return "—"
            if not role.segments:
                return EVERY_OTHER if len(self.plan.team.sdr_teams) > 1 else "every segment"
            return ", ".join(role.segments)
        return super().display(row, col, value)

    def is_editable(self, row: int, col: int) -> bool:
        return not self._is_segments(col) or self.plan.team.roles[row].kind == "SDR"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        if not self._is_segments(col):
            return super().edits_for(plan, row, col, text)
        names = {s.casefold(): s for s in plan.segments}
        picked: list[str] = []
        for typed in (t.strip() for t in text.replace(";", ",").split(",")):
            if not typed or typed.casefold() in (EVERY_OTHER, "every segment"):
                continue
            if typed.casefold() not in names:
                known = ", ".join(plan.segments) or "none yet"
                raise CellRefused(f"“{typed}” is not a segment of the plan (its segments: {known})")
            picked.append(names[typed.casefold()])
        return [Edit(("team", "roles", row, "segments"), tuple(picked), self.label_for(row, col))]

    def build_cells(self, plan: Plan, cells: dict[tuple[int, int], str]) -> Plan | tuple[int, int, str, str]:
        built = super().build_cells(plan, cells)
        if isinstance(built, Plan):
            refused = check_routing(plan, built)
            if refused is not None:
                row, col = min(cells)
                return row, col, cells[(row, col)], refused
        return built


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
    """Rows: weekdays; one column: the shifts of one team's calendar that day ("8:00-12:00,
    13:00-17:00": a split shift; "off": a day off). Editing one day keeps every other day's shifts."""

    role_index = 0
    numeric = False

    def shape(self, plan: Plan) -> tuple[int, int]:
        return (7, 1) if plan.team.roles else (0, 1)

    def calendar(self) -> WorkCalendar:
        return self.plan.team.roles[self.role_index].calendar

    def header(self, section: int, orientation: Qt.Orientation) -> str:
        return DAY_NAMES[section] if orientation == Qt.Orientation.Vertical else "Working hours"

    def value(self, row: int, col: int) -> Any:
        return self.calendar().spans_on(row)

    def display(self, row: int, col: int, value: Any) -> str:
        return shifts_text(value)

    def edit_text(self, row: int, col: int, value: Any) -> str:
        return shifts_text(value) if value else ""

    def tooltip(self, row: int, col: int) -> str | None:
        return (
            "Shifts as 9:00-17:00 (or 9-17.5); a break or split shift: 8:00-12:00, 13:00-17:00; "
            "clear the cell (or type off) for a day off."
        )

    def is_editable(self, row: int, col: int) -> bool:
        return True

    def label_for(self, row: int, col: int) -> str:
        return f"Edit {self.plan.team.roles[self.role_index].name} hours, {DAY_NAMES[row]}"

    def edits_for(self, plan: Plan, row: int, col: int, text: str) -> list[Edit]:
        cal = plan.team.roles[self.role_index].calendar
        others = tuple(h for h in cal.working_hours if h[0] != WEEKDAYS[row])
        hours = others + tuple((WEEKDAYS[row], a, b) for a, b in shifts_from_text(text))
        path = ("team", "roles", self.role_index, "calendar", "working_hours")
        return [Edit(path, hours, self.label_for(row, col))]

    def refusal(self, plan: Plan, row: int, col: int, text: str, error: ValidationError) -> str:
        """The core's refusal with its hours written as clock times (13:00, not 13)."""
        parts = []
        for p in error.problems:
            clock = p.field.endswith((".start", ".end")) and isinstance(p.value, (int, float))
            parts.append(f"{clock_text(float(p.value))} is not allowed; {p.allowed}" if clock else explain_problem(p))
        return "; ".join(parts)


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

    def is_percent(self, row: int, col: int) -> bool:
        return col == 1

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


def holidays_text(calendar: WorkCalendar) -> str:
    """Holidays as people write dates: "1 Jan 2026, 25 Dec 2026" (the plan file keeps them as ISO)."""
    return ", ".join(fmt_short_date(date.fromisoformat(d)) for d in calendar.holidays)


def routing_text(plan: Plan, role: Role) -> str:
    """Which team works which segment, in one line for the selected SDR team."""
    team = plan.team
    if not role.segments:
        mine = [s for s in plan.segments if team.sdr_team_for(s) is role]
        if len(team.sdr_teams) == 1:
            return "<i>None ticked: this team works the SQLs of every segment.</i>"
        works = ", ".join(mine) if mine else "none at the moment"
        return f"<i>None ticked: this team works every segment not routed to another team ({works}).</i>"
    routes = []
    for other in team.sdr_teams:
        if other is not role:
            theirs = [s for s in plan.segments if team.sdr_team_for(s) is other]
            routes.append(f"{other.name}: {', '.join(theirs) if theirs else 'none'}")
    missing = team.segments_without_team(plan.segments)
    if missing:
        routes.append(f"no team yet: {', '.join(missing)}")
    return "<i>This team works the ticked segments. " + ("; ".join(routes) + ".</i>" if routes else "</i>")


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
        self.roles_model = RolesModel(document, self)
        self.roles_view = GridView()
        self.roles_view.setWordWrap(True)  # "Account executives" wraps at 150 %, never "Account execut…"
        self.roles_view.setModel(self.roles_model)
        self.headcount_model = HeadcountModel(document, self)
        self.headcount_view = GridView()
        self.headcount_view.transpose_when_narrow = True  # months as rows at large zoom
        self.headcount_view.setModel(self.headcount_model)
        self.hours_model = HoursModel(document, self)
        self.hours_view = GridView()
        self.hours_view.setModel(self.hours_model)
        self.hours_view.horizontalHeader().setStretchLastSection(True)
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

        self.add_team_button = QPushButton("Add SDR team")
        self.add_team_button.setToolTip(
            "Another SDR team (for example EMEA) with its own calendar, time zone, shifts and headcount; "
            "it takes one segment of the team that works every other segment (change it below)"
        )
        self.add_team_button.clicked.connect(self.add_sdr_team)
        self.remove_team_button = QPushButton("Remove this team")
        self.remove_team_button.clicked.connect(self.remove_team)
        self.segment_boxes: list[QCheckBox] = []
        self.segments_row = QHBoxLayout()
        self.segments_row.setContentsMargins(0, 0, 0, 0)
        self.segments_row.addStretch(1)
        self.segments_note = QLabel()
        self.segments_note.setWordWrap(True)
        self.role_box = QComboBox()
        self.role_box.currentIndexChanged.connect(self._on_role)
        self.time_zone = QLineEdit()
        self.time_zone.setPlaceholderText("America/New_York")
        self.time_zone.editingFinished.connect(self._commit_time_zone)
        self.holidays = QLineEdit()
        self.holidays.setPlaceholderText("1 Jan 2026, 25 Dec 2026")
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
        document.editNoted.connect(self.message.setText)

        team_box = QGroupBox("Teams")
        tl = QVBoxLayout(team_box)
        tl.addWidget(self.roles_view)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_team_button)
        buttons.addWidget(
            QLabel("<i>Several SDR teams (for example Americas and EMEA) split the SQLs by segment.</i>"), 1
        )
        tl.addLayout(buttons)
        tl.addWidget(QLabel("<b>Headcount by month</b> (people; new hires ramp up as set above)"))
        tl.addWidget(self.headcount_view)

        cal_box = QGroupBox("Each team's calendar and segments")
        cl = QGridLayout(cal_box)
        cl.addWidget(QLabel("Team:"), 0, 0)
        team_row = QHBoxLayout()
        team_row.addWidget(self.role_box, 1)
        team_row.addWidget(self.remove_team_button)
        cl.addLayout(team_row, 0, 1)
        cl.addWidget(QLabel("Time zone:"), 1, 0)
        cl.addWidget(self.time_zone, 1, 1)
        cl.addWidget(self.hours_view, 2, 0, 1, 2)
        cl.addWidget(
            QLabel("<i>A break or split shift: 8:00-12:00, 13:00-17:00. Clear a day (or type off) for a day off.</i>"),
            3,
            1,
        )
        cl.addWidget(QLabel("Holidays:"), 4, 0)
        cl.addWidget(self.holidays, 4, 1)
        cl.addWidget(QLabel("<i>Dates like 25 Dec 2026, separated by commas. Nobody in the team works then.</i>"), 5, 1)
        self.segments_label = QLabel("Segments:")
        cl.addWidget(self.segments_label, 6, 0)
        cl.addLayout(self.segments_row, 6, 1)
        cl.addWidget(self.segments_note, 7, 1)
        cl.setRowStretch(8, 1)

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

    def add_sdr_team(self) -> None:
        """Add another SDR team (the core names it and picks the segment it takes) and show it."""
        plan = self.document.plan
        role = new_sdr_team(plan.team, plan.segments)
        roles = list(plan.team.roles)
        last_sdr = max((i for i, r in enumerate(roles) if r.kind == "SDR"), default=-1)
        roles.insert(last_sdr + 1, role)
        if self._commit_roles(tuple(roles), f"Add SDR team {role.name}"):
            self.role_box.setCurrentIndex(last_sdr + 1)

    def remove_team(self) -> None:
        """Remove the SDR team shown below (not the last one); its segments go to the team that
        takes every other segment, or the removal is refused naming the segments left without one."""
        team = self.document.plan.team
        if not team.roles:
            return
        index = self._role_index()
        role = team.roles[index]
        if role.kind != "SDR" or len(team.sdr_teams) < 2:
            self._refuse("Only an SDR team can be removed, and the plan keeps at least one.")
            return
        roles = team.roles[:index] + team.roles[index + 1 :]
        if self._commit_roles(roles, f"Remove SDR team {role.name}"):
            self.role_box.setCurrentIndex(max(0, index - 1))

    def _set_segment(self, segment: str, ticked: bool) -> None:
        plan = self.document.plan
        index = self._role_index()
        role = plan.team.roles[index]
        chosen = set(role.segments) - {segment} | ({segment} if ticked else set())
        segments = tuple(s for s in plan.segments if s in chosen)
        path = ("team", "roles", index, "segments")
        word = "Route" if ticked else "Unroute"
        self._commit_edit(Edit(path, segments, f"{word} {segment} {'to' if ticked else 'from'} {role.name}"))

    def _refuse(self, message: str) -> None:
        self.message.setText(message)
        self.document.editRefused.emit(message)
        self.refresh(self.document.plan)  # the ticks and fields show the plan as it is

    def _commit_edit(self, edit: Edit) -> bool:
        """Apply ``edit`` as one undo step unless the core refuses it or it leaves a segment
        without an SDR team; the refusal is shown and the plan stays as it was."""
        before = self.document.plan
        try:
            after, _inverses = apply_edits(before, [edit])
        except ValidationError as error:
            self._refuse(refusal_message(error))
            return False
        refused = check_routing(before, after)
        if refused is not None:
            self._refuse(f"Segments: {refused}")
            return False
        self.message.clear()
        self.document.commit(after, edit.label)
        return True

    def _commit_roles(self, roles: tuple[Role, ...], label: str) -> bool:
        return self._commit_edit(Edit(("team", "roles"), roles, label))

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
        """Holidays as people write them ("1 Jan 2026, 25 Dec 2026"); stored as the plan file's dates."""
        if self.document.plan.team.roles:
            try:
                days = tuple(d.isoformat() for d in read_dates(self.holidays.text()))
            except ValueError as unreadable:
                self._refuse(f"Holidays: {unreadable}")
                return
            path = ("team", "roles", self._role_index(), "calendar", "holidays")
            self._commit(Edit(path, days, "Edit holidays"))

    def _commit_lead_zone(self) -> None:
        self._commit(Edit(("team", "lead_time_zone"), self.lead_zone.text().strip(), "Edit leads' time zone"))

    def _show_segments(self, plan: Plan, role: Role | None) -> None:
        """The selected team's segments as ticks (SDR teams only) and where every segment goes."""
        sdr = role is not None and role.kind == "SDR"
        for widget in (self.segments_label, self.segments_note):
            widget.setVisible(sdr)
        self.remove_team_button.setEnabled(sdr and len(plan.team.sdr_teams) > 1)
        wanted = list(plan.segments) if sdr else []
        if [b.text() for b in self.segment_boxes] != wanted:
            for box in self.segment_boxes:
                self.segments_row.removeWidget(box)
                box.deleteLater()
            self.segment_boxes = []
            for segment in wanted:
                box = QCheckBox(segment)
                box.clicked.connect(lambda ticked, s=segment: self._set_segment(s, ticked))
                self.segments_row.insertWidget(len(self.segment_boxes), box)
                self.segment_boxes.append(box)
        if not sdr or role is None:
            return
        for box in self.segment_boxes:
            box.setChecked(box.text() in role.segments)
        self.segments_note.setText(routing_text(plan, role))

    def refresh(self, plan: Plan) -> None:
        team = plan.team
        has_team = bool(team.roles)
        self.empty.setVisible(not has_team)
        for box in self.sections:
            box.setEnabled(has_team)
        names = [r.name if r.kind == "SDR" else f"{r.name} (AE)" for r in team.roles]
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
                self.holidays.setText(holidays_text(cal))
                self.holidays.setCursorPosition(0)  # the first dates in sight, not the last
            self._show_segments(plan, team.roles[self.hours_model.role_index])
        else:  # a new plan (no team) shows nothing of the previous plan's calendar
            self.time_zone.clear()
            self.holidays.clear()
            self._show_segments(plan, None)
        self.add_team_button.setEnabled(has_team)
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
