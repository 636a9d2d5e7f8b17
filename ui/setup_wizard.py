"""File > New: a short guided set-up (plan, revenue, sources, rates, team) that makes a whole plan.

A thin adapter: the pages collect :class:`slaplanner.new_plan.NewPlanAnswers` and
:func:`slaplanner.new_plan.build_new_plan` makes the plan. *Skip* gives an empty plan, *Start
from the sample* the sample plan. A refused answer is said on its page, which stays open.

Preview: ``python -m ui.setup_wizard``.
"""

from __future__ import annotations

import json
import sys

from slaplanner.cells import parse_number
from slaplanner.errors import ValidationError
from slaplanner.new_plan import NewPlanAnswers, build_new_plan, parse_sources, read_month, this_month, typical_rates
from slaplanner.plan.format import month_label
from slaplanner.plan.model import Plan
from slaplanner.samples import sample_plan_text
from ui.help import set_help
from ui.numbers import explain_problem
from ui.qt import QFormLayout, QLabel, QLineEdit, QSpinBox, QtWidgets, QVBoxLayout, QWidget

QWizard = QtWidgets.QWizard
QWizardPage = QtWidgets.QWizardPage
STAGE_NAMES = ("Lead → MQL", "MQL → SAL", "SAL → SQL", "SQL → Opportunity", "Opportunity → Won")
SOURCES_HINT = "Paid search\t950\nWebinars\t320\nPartner referrals\t110"


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #b71c1c")
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
        self.deal = set_help(QLineEdit("25,000"), "deal_size")
        self.cycle = set_help(QLineEdit("60"), "sales_cycle")
        form = QFormLayout(self)
        form.addRow("Revenue goal for the year:", self.goal)
        form.addRow("Marketing's share of it (%):", self.share)
        form.addRow("Average deal size:", self.deal)
        form.addRow("Sales cycle (days):", self.cycle)
        form.addRow(self.error)
        self.values = (0.0, 1.0, 25_000.0, 60.0)

    def read(self) -> None:
        goal = _money(self.goal.text(), "Revenue goal") if self.goal.text().strip() else 0.0
        try:
            share = parse_number(self.share.text(), percent=True)
        except ValueError:
            raise ValueError(f"Marketing's share: “{self.share.text()}” is not a percentage.") from None
        deal = _money(self.deal.text(), "Average deal size")
        try:
            cycle = parse_number(self.cycle.text())
        except ValueError:
            raise ValueError(f"Sales cycle: “{self.cycle.text()}” is not a number of days.") from None
        self.values = (goal, share, deal, cycle)


class SourcesPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            "Lead sources",
            "Paste two columns from a spreadsheet (the source and its leads in an average month) or type one "
            "source a line. You can add channels and segments later on the Lead volume page.",
        )
        self.text = set_help(QtWidgets.QPlainTextEdit(), "source", "baseline")
        self.text.setPlaceholderText(SOURCES_HINT)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        self.sources: tuple[tuple[str, float], ...] = ()

    def read(self) -> None:
        self.sources = parse_sources(self.text.toPlainText())


class RatesPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            "Conversion rates",
            "Every source starts with typical B2B rates (low – likely – high, below). Refine them on the Funnel "
            "page, or measure them from your own CRM export on the Definitions page.",
        )
        lines = [
            f"{name}: {r.low:.0%} – <b>{r.likely:.0%}</b> – {r.high:.0%}"
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
        self.plan_page = PlanPage()
        self.revenue_page = RevenuePage()
        self.sources_page = SourcesPage()
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

    def validateCurrentPage(self) -> bool:
        if not super().validateCurrentPage():
            return False
        if self.currentPage() is not self.team_page:
            return True
        try:
            self.plan = build_new_plan(self.answers())
        except ValidationError as error:
            reasons = "; ".join(explain_problem(p) for p in error.problems)
            self.team_page.error.setText(f"The plan cannot be made: {reasons}")
            return False
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
