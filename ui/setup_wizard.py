"""File > New: a short guided set-up (plan, revenue, sources, rates, team) that makes a whole plan.

A thin adapter: the pages collect :class:`slaplanner.new_plan.NewPlanAnswers` and
:func:`slaplanner.new_plan.build_new_plan` makes the plan. *Skip* gives an empty plan, *Start
from the sample* the sample plan. A refused answer is said on its page, which stays open.

Preview: ``python -m ui.setup_wizard``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence

from slaplanner.cells import parse_number, read_share
from slaplanner.errors import Problem, ValidationError
from slaplanner.new_plan import (
    NewPlanAnswers,
    PastedSources,
    answer_problems,
    build_new_plan,
    read_month,
    read_sources,
    source_notes,
    this_month,
    typical_rates,
)
from slaplanner.plan.format import fmt_pct, month_label
from slaplanner.plan.model import Plan
from slaplanner.plan.months import month_range
from slaplanner.samples import sample_plan_text
from ui.document import field_label
from ui.help import set_help
from ui.numbers import explain_problem
from ui.qt import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    Qt,
    QtWidgets,
    QVBoxLayout,
    QWidget,
)

QWizard = QtWidgets.QWizard
QWizardPage = QtWidgets.QWizardPage
STAGE_NAMES = ("Lead → MQL", "MQL → SAL", "SAL → SQL", "SQL → Opportunity", "Opportunity → Won")
SOURCES_HINT = "Paid search\t950\nWebinars\t320\nPartner referrals\t110"
#: Where each answer of the plan is asked: its path in the plan -> the field's words and whether it is shown in %.
FIELD_WORDS = {
    "name": ("Plan name", False),
    "currency": ("Currency", False),
    "start_month": ("First month", False),
    "annual_revenue_goal": ("Revenue goal", False),
    "terms.revenue_target": ("Revenue goal", False),
    "terms.marketing_share": ("Marketing's share", True),
    "terms.average_deal_size": ("Average deal size", False),
    "terms.sales_cycle_days": ("Sales cycle (days)", False),
}


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #b71c1c")
    return label


def _note_label() -> QLabel:
    """A note on how an answer was read (not an error): word-wrapped, selectable."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(label.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class _Page(QWizardPage):
    """A page whose answers are checked when Next or Finish is pressed (see :meth:`read`)."""

    def __init__(self, title: str, subtitle: str):
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.error = _error_label()

    def read(self) -> None:
        """Raise ValueError with a plain sentence if an answer cannot be read."""

    def validatePage(self) -> bool:
        try:
            self.read()
        except ValueError as error:
            self.error.setText(str(error))
            return False
        self.error.clear()
        return True


class PlanPage(_Page):
    def __init__(self) -> None:
        super().__init__("Your plan", "A name, the currency of the money and the plan's first month.")
        self.name = set_help(QLineEdit(), "plan")
        self.name.setPlaceholderText("e.g. Acme FY2027 SLA")
        self.currency = set_help(QLineEdit("USD"), "currency")
        self.first_month = set_help(QLineEdit(month_label(this_month())), "horizon")
        form = QFormLayout(self)
        form.addRow("Plan name:", self.name)
        form.addRow("Currency:", self.currency)
        form.addRow("First month:", self.first_month)
        form.addRow(self.error)
        self.month = this_month()

    def read(self) -> None:
        self.month = read_month(self.first_month.text())


def _money(text: str, what: str) -> float:
    try:
        return parse_number(text)
    except ValueError:
        raise ValueError(f"{what}: “{text}” is not an amount (write e.g. 2.1M or $2,100,000).") from None


class RevenuePage(_Page):
    def __init__(self) -> None:
        super().__init__(
            "Revenue",
            "The year's revenue goal (spread over the months by a typical seasonality), the part that comes "
            "from marketing's leads and the deal economics. Write money as you would: 2.1M, $2,100,000, 850k.",
        )
        self.goal = set_help(QLineEdit(), "revenue_goal")
        self.goal.setPlaceholderText("e.g. 2.1M")
        self.share = set_help(QLineEdit("80"), "marketing_share")
        self.share_note = _note_label()
        self.share.textChanged.connect(self._show_share_note)
        share_row = QHBoxLayout()
        share_row.addWidget(self.share, 1)
        share_row.addWidget(self.share_note, 1)
        self.deal = set_help(QLineEdit("25,000"), "deal_size")
        self.cycle = set_help(QLineEdit("60"), "sales_cycle")
        form = QFormLayout(self)
        form.addRow("Revenue goal for the year:", self.goal)
        form.addRow("Marketing's share of it (%):", share_row)
        form.addRow("Average deal size:", self.deal)
        form.addRow("Sales cycle (days):", self.cycle)
        form.addRow(self.error)
        self.values = (0.0, 1.0, 25_000.0, 60.0)

    def read(self) -> None:
        goal = _money(self.goal.text(), "Revenue goal") if self.goal.text().strip() else 0.0
        try:
            share, note = read_share(self.share.text())
        except ValueError:
            raise ValueError(f"Marketing's share: “{self.share.text()}” is not a percentage.") from None
        self.share_note.setText(note)
        deal = _money(self.deal.text(), "Average deal size")
        try:
            cycle = parse_number(self.cycle.text())
        except ValueError:
            raise ValueError(f"Sales cycle: “{self.cycle.text()}” is not a number of days.") from None
        self.values = (goal, share, deal, cycle)

    def _show_share_note(self) -> None:
        try:
            self.share_note.setText(read_share(self.share.text())[1])
        except ValueError:
            self.share_note.clear()


class SourcesPage(_Page):
    """The lead sources, pasted or typed; under the box, what the plan takes from each line.

    A line that cannot be read is said on the page and Next waits until it is fixed or removed:
    a plan that silently lacks a source would under-plan marketing's commitment."""

    def __init__(self, start_month: Callable[[], str] = this_month) -> None:
        super().__init__(
            "Lead sources",
            "Paste from a spreadsheet or type one source a line: its leads in an average month, or month by month "
            "from the plan's first month. Channels and segments come later, on the Lead volume page.",
        )
        self.start_month = start_month
        self.text = set_help(QtWidgets.QPlainTextEdit(), "source", "baseline")
        self.text.setPlaceholderText(SOURCES_HINT)
        self.text.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.notes = _note_label()
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        notes_area = QScrollArea()  # many sources give many notes: they scroll, never push the buttons away
        notes_area.setWidgetResizable(True)
        notes_area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        notes_area.setWidget(self.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 3)
        layout.addWidget(notes_area, 2)
        layout.addWidget(self.error)
        self.pasted = PastedSources()
        self.text.textChanged.connect(self._show)

    @property
    def sources(self) -> tuple[tuple[str, float | tuple[float, ...]], ...]:
        return self.pasted.answers()

    def initializePage(self) -> None:
        self._show()

    def _show(self) -> None:
        self.pasted = read_sources(self.text.toPlainText())
        self.notes.setText("\n".join(source_notes(self.pasted, self.start_month())))
        if self.error.text():  # once refused, the message follows the edits (and goes when all is fixed)
            self.error.setText("\n".join(str(p) for p in self.pasted.problems))

    def read(self) -> None:
        self._show()
        if self.pasted.problems:
            lines = [str(p) for p in self.pasted.problems]
            raise ValueError("\n".join([*lines, "Correct or remove these lines to go on."]))


class RatesPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            "Conversion rates",
            "Every source starts with typical B2B rates (low – likely – high, below). Refine them on the Funnel "
            "page, or measure them from your own CRM export on the Definitions page.",
        )
        lines = [
            f"{name}: {fmt_pct(r.low)} – <b>{fmt_pct(r.likely)}</b> – {fmt_pct(r.high)}"
            for name, r in zip(STAGE_NAMES, typical_rates(), strict=False)
        ]
        table = set_help(QLabel("<br>".join(lines)), "conversion_rate", "rate_levels")
        self.import_after = QtWidgets.QCheckBox("After Finish, open Definitions to import my leads (CSV)")
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(self.import_after)
        layout.addStretch(1)
        layout.addWidget(self.error)


class TeamPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            "Sales team",
            "How many people work the leads. Calendars, handle times and hiring plans are on the Capacity page.",
        )
        self.sdrs = set_help(QSpinBox(), "sdr")
        self.sdrs.setRange(0, 500)
        self.sdrs.setValue(4)
        self.aes = set_help(QSpinBox(), "ae")
        self.aes.setRange(0, 500)
        self.aes.setValue(8)
        form = QFormLayout(self)
        form.addRow("SDRs (first touches):", self.sdrs)
        form.addRow("AEs (opportunities):", self.aes)
        form.addRow(self.error)


class SetupWizard(QWizard):
    """The guided set-up. After ``exec()``: ``choice`` is "plan" (``plan`` holds it), "empty",
    "sample" or "" (cancelled); ``open_import`` says whether to go to the lead import next."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New plan")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(700, 540)  # room for the subtitles, a pasted block of months and the notes on it
        self.plan_page = PlanPage()
        self.revenue_page = RevenuePage()
        self.sources_page = SourcesPage(lambda: self.plan_page.month)
        self.rates_page = RatesPage()
        self.team_page = TeamPage()
        for page in (self.plan_page, self.revenue_page, self.sources_page, self.rates_page, self.team_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.CustomButton1, "Skip (empty plan)")
        self.setButtonText(QWizard.WizardButton.CustomButton2, "Start from the sample")
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton2, True)
        self.customButtonClicked.connect(self._custom)
        self.choice = ""
        self.plan: Plan | None = None
        self.open_import = False
        if parent is not None:
            self.setFont(parent.font())

    def answers(self) -> NewPlanAnswers:
        goal, share, deal, cycle = self.revenue_page.values
        return NewPlanAnswers(
            name=self.plan_page.name.text(),
            currency=self.plan_page.currency.text(),
            start_month=self.plan_page.month,
            annual_revenue_goal=goal,
            marketing_share=share,
            average_deal_size=deal,
            sales_cycle_days=cycle,
            sources=self.sources_page.sources,
            sdrs=self.team_page.sdrs.value(),
            aes=self.team_page.aes.value(),
        )

    def pages(self) -> tuple[_Page, ...]:
        return (self.plan_page, self.revenue_page, self.sources_page, self.rates_page, self.team_page)

    def where(self, problem: Problem) -> tuple[_Page, str]:
        """The page that asks for a refused answer and the message in the words and units shown there:
        "Marketing's share: 150 % is not allowed; allowed: from 0 % to 100 %"."""
        path = re.sub(r"\[\d+\]$", "", problem.field)
        if path in FIELD_WORDS:
            words, percent = FIELD_WORDS[path]
            page: _Page = self.revenue_page if path.startswith(("terms.", "annual_")) else self.plan_page
            return page, f"{words}: {explain_problem(problem, percent=percent)}"
        if match := re.match(r"sources\[(\d+)\]\.?(.*)", problem.field):
            pasted = self.sources_page.pasted.sources
            index, rest = int(match[1]), match[2]
            words = f"Source {index + 1}"
            if index < len(pasted):
                words = f"Line {pasted[index].line}, {pasted[index].name}"
            if month := re.match(r"monthly_leads\[(\d+)\]", rest):
                months = month_range(self.plan_page.month, int(month[1]) + 1)
                words += f", {month_label(months[-1])}"
            elif rest and rest not in ("name", "baseline"):
                words += f", {field_label(rest)}"
            return self.sources_page, f"{words}: {explain_problem(problem)}"
        return self.team_page, f"{field_label(problem.field)}: {explain_problem(problem)}"

    def show_problems(self, problems: Sequence[Problem], *, up_to: _Page | None = None) -> bool:
        """Show refused answers on the first page that has one, going back to it; False if there were any.

        With ``up_to`` only the pages up to that one count (later pages are checked when they are left)."""
        pages = self.pages()
        last = pages.index(up_to) if up_to is not None else len(pages) - 1
        placed = [self.where(p) for p in problems]
        placed = [(page, text) for page, text in placed if pages.index(page) <= last]
        if not placed:
            return True
        first = min((page for page, _ in placed), key=pages.index)
        while self.currentPage() is not first and self.currentId() > 0:
            self.back()
        first.error.setText("\n".join(dict.fromkeys(text for page, text in placed if page is first)))
        return False

    def validateCurrentPage(self) -> bool:
        if not super().validateCurrentPage():
            return False
        page = self.currentPage()
        if page is not self.team_page:
            assert isinstance(page, _Page)
            return self.show_problems(answer_problems(self.answers()), up_to=page)
        try:
            self.plan = build_new_plan(self.answers())
        except ValidationError as error:
            return self.show_problems(error.problems)
        self.choice = "plan"
        self.open_import = self.rates_page.import_after.isChecked()
        return True

    def _custom(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:
            self.choice = "empty"
        else:
            self.choice = "sample"
            self.plan = Plan.from_dict(json.loads(sample_plan_text()))
        self.done(QtWidgets.QDialog.DialogCode.Accepted.value)


if __name__ == "__main__":  # pragma: no cover - a preview
    app = QtWidgets.QApplication(sys.argv)
    wizard = SetupWizard()
    wizard.exec()
    print(wizard.choice, wizard.plan.name if wizard.plan else "")
