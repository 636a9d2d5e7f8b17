"""File > New's guided set-up: a realistic plan in under 25 actions, Skip, and the sample."""

from __future__ import annotations

import pytest

from ui.qt import QApplication, QtWidgets
from ui.setup_wizard import SetupWizard

Next = QtWidgets.QWizard.WizardButton.NextButton
Finish = QtWidgets.QWizard.WizardButton.FinishButton
#: What a workshop pastes from its spreadsheet: a heading and four sources with their leads a month.
SOURCES = "Source\tLeads a month\nPaid search\t950\nWebinars\t320\nPartner referrals\t110\nTrade shows\t240\n"
PROBLEMS = ("This plugin does not support propagateSizeHints", "This plugin does not support raise")


class Actions:
    """Counts what the user does: each click, paste or typed field is one action."""

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.count = 0

    def type(self, field, text):
        field.clear()
        self.qtbot.keyClicks(field, text)
        self.count += 1

    def click(self, button):
        button.click()
        self.count += 1

    def paste(self, field):
        field.setFocus()
        field.paste()
        self.count += 1


def _wizard(qtbot, window=None):
    wizard = SetupWizard(window)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


@pytest.mark.qt_log_ignore(*PROBLEMS)
def test_a_realistic_plan_from_new_in_under_25_actions(qtbot, window, monkeypatch):
    act = Actions(qtbot)
    wizard = _wizard(qtbot, window)
    monkeypatch.setattr(type(window), "ask_new_plan", lambda self: (wizard.choice, wizard.plan, wizard.open_import))
    act.count += 1  # File > New (opened the wizard)
    act.type(wizard.plan_page.name, "Acme FY2027 SLA")
    act.type(wizard.plan_page.first_month, "Feb 2026")
    act.click(wizard.button(Next))
    act.type(wizard.revenue_page.goal, "$2,100,000")
    act.type(wizard.revenue_page.share, "80")
    act.type(wizard.revenue_page.deal, "20k")
    act.type(wizard.revenue_page.cycle, "60")
    act.click(wizard.button(Next))
    QApplication.clipboard().setText(SOURCES)
    act.paste(wizard.sources_page.text)
    act.click(wizard.button(Next))
    act.click(wizard.button(Next))  # typical B2B rates
    act.type(wizard.team_page.sdrs, "3")
    act.type(wizard.team_page.aes, "4")
    act.click(wizard.button(Finish))
    assert wizard.choice == "plan", [p.error.text() for p in (wizard.plan_page, wizard.revenue_page, wizard.team_page)]
    assert act.count <= 16 < 25

    window.act.new.trigger()
    plan = window.document.plan
    assert plan == wizard.plan and window.document.path is None  # a new, untitled document
    assert plan.name == "Acme FY2027 SLA" and plan.start_month == "2026-02"
    assert sum(plan.terms.revenue_target) == 2_100_000 and plan.terms.average_deal_size == 20_000
    assert [s.name for s in plan.sources] == ["Paid search", "Webinars", "Partner referrals", "Trade shows"]
    assert {r.kind: r.headcount for r in plan.team.roles} == {"SDR": (3,), "AE": (4,)}
    assert plan.commitments.marketing and plan.commitments.response
    # The Overview answers both sides from it: SQLs planned against needed, and revenue against the goal.
    overview = window.navigator.pages[window.page_named("Overview")]
    overview.refresh(plan)
    marketing = overview.answer_labels["marketing"].text()
    revenue = overview.answer_labels["revenue"].text()
    assert "SQLs a month" in marketing and "committed" in marketing
    assert "USD" in revenue and "goal" in revenue


@pytest.mark.qt_log_ignore(*PROBLEMS)
def test_a_refused_answer_is_said_on_its_page(qtbot):
    wizard = _wizard(qtbot)
    wizard.plan_page.first_month.setText("Febuary")
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.plan_page
    assert "like “Feb 2026”" in wizard.plan_page.error.text()
    wizard.plan_page.first_month.setText("Mar 2026")
    wizard.button(Next).click()
    wizard.revenue_page.goal.setText("lots")
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.revenue_page and "is not an amount" in wizard.revenue_page.error.text()


@pytest.mark.qt_log_ignore(*PROBLEMS)
@pytest.mark.parametrize(("button", "choice"), [(0, "empty"), (1, "sample")])
def test_skip_gives_the_empty_plan_and_the_sample_is_offered(qtbot, window, monkeypatch, button, choice):
    wizard = _wizard(qtbot, window)
    which = (QtWidgets.QWizard.WizardButton.CustomButton1, QtWidgets.QWizard.WizardButton.CustomButton2)[button]
    wizard.button(which).click()
    assert wizard.choice == choice
    monkeypatch.setattr(type(window), "ask_new_plan", lambda self: (wizard.choice, wizard.plan, wizard.open_import))
    window.act.new.trigger()
    plan = window.document.plan
    assert (plan.sources == ()) if choice == "empty" else (plan.name == "Northwind Analytics FY2026 SLA")
