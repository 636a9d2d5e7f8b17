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


#: Twelve months of paid search (they add up to 11,280: 940 a month on average) and trade shows in two
#: months only (500 in April, 1,000 in September: 1,500 a year), under a heading of the plan's months.
PAID_SEARCH = (900, 950, 1000, 980, 940, 900, 880, 920, 960, 1000, 970, 880)
MONTHS_BLOCK = "\n".join(
    [
        "Source\t"
        + "\t".join(f"{m} 2026" for m in ("Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct"))
        + "\tNov 2026\tDec 2026\tJan 2027",
        "Paid search\t" + "\t".join(map(str, PAID_SEARCH)),
        "Trade shows\t\t\t500\t\t\t\t\t1000\t\t\t\t",
        "Webinars\t950\t1000",
    ]
)


def _to_sources_page(wizard, first_month="Feb 2026"):
    wizard.plan_page.first_month.setText(first_month)
    wizard.button(Next).click()
    wizard.revenue_page.goal.setText("2.1M")
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.sources_page


@pytest.mark.qt_log_ignore(*PROBLEMS)
def test_months_pasted_per_source_are_kept_month_by_month_and_said(qtbot):
    wizard = _wizard(qtbot)
    _to_sources_page(wizard)
    QApplication.clipboard().setText(MONTHS_BLOCK)
    wizard.sources_page.text.setFocus()
    wizard.sources_page.text.paste()
    notes = wizard.sources_page.notes.text().splitlines()
    assert notes == [
        "Paid search: 12 months read (Feb 2026 to Jan 2027): 11,280 leads, 940 a month on average",
        "Trade shows: 12 months read (Feb 2026 to Jan 2027): 1,500 leads, 125 a month on average; "
        "10 empty cells read as 0",
        "Webinars: 2 months read (Feb 2026 to Mar 2026): 1,950 leads, 975 a month on average; "
        "the other 10 months get the average",
    ]
    wizard.button(Next).click()
    wizard.button(Next).click()
    wizard.button(Finish).click()
    assert wizard.choice == "plan", wizard.sources_page.error.text()
    plan = wizard.plan
    leads = {s.name: s.leads(plan.months) for s in plan.sources}
    assert list(leads) == ["Paid search", "Trade shows", "Webinars"]  # the heading is not a source
    assert leads["Paid search"] == PAID_SEARCH  # the first number is the plan's first month (Feb 2026)
    assert sum(leads["Trade shows"]) == 1500 and leads["Trade shows"][2] == 500
    assert leads["Webinars"][:3] == (950, 1000, 975)


@pytest.mark.qt_log_ignore(*PROBLEMS)
def test_a_source_line_without_a_number_is_said_and_next_waits_until_it_is_fixed(qtbot):
    wizard = _wizard(qtbot)
    _to_sources_page(wizard)
    wizard.sources_page.text.setPlainText("Source\tLeads a month\nPaid search\tlots\nWebinars\t320")
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.sources_page
    error = wizard.sources_page.error.text()
    assert "Line 2, Paid search: “lots” is not a number" in error and "Correct or remove" in error
    assert wizard.sources_page.notes.text().startswith("Webinars: 320 leads in an average month")
    wizard.sources_page.text.setPlainText("Source\tLeads a month\nPaid search\t950\nWebinars\t320")
    assert wizard.sources_page.error.text() == ""  # the message goes as the line is fixed
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.rates_page
    wizard.button(Next).click()
    wizard.button(Finish).click()
    assert [s.name for s in wizard.plan.sources] == ["Paid search", "Webinars"] and wizard.plan.commitments.marketing


@pytest.mark.qt_log_ignore(*PROBLEMS)
@pytest.mark.parametrize(("typed", "share", "note"), [("0.7", 0.7, "0.7 was read as 70 %"), ("0.7 %", 0.007, "")])
def test_a_fraction_in_a_percent_field_is_read_as_percent_with_a_note(qtbot, typed, share, note):
    wizard = _wizard(qtbot)
    wizard.button(Next).click()
    wizard.revenue_page.share.setText(typed)
    assert wizard.revenue_page.share_note.text() == note  # said as it is typed, beside the field
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.sources_page
    assert wizard.answers().marketing_share == pytest.approx(share)
    assert wizard.revenue_page.share_note.text() == note


@pytest.mark.qt_log_ignore(*PROBLEMS)
@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("share", "150", "Marketing's share: 150 % is not allowed; allowed: from 0 % to 100 %"),
        ("deal", "-5", "Average deal size: -5 is not allowed; allowed: a number above 0 and at most 1,000,000,000,000"),
        ("cycle", "900", "Sales cycle (days): 900 is not allowed; allowed: a number from 0 to 730"),
        ("goal", "-2M", "Revenue goal: -2,000,000 is not allowed; allowed: a number from 0 to 1,000,000,000,000"),
    ],
)
def test_a_refused_amount_is_said_on_its_own_page_in_its_units(qtbot, field, typed, message):
    wizard = _wizard(qtbot)
    wizard.button(Next).click()
    getattr(wizard.revenue_page, field).setText(typed)
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.revenue_page
    assert wizard.revenue_page.error.text() == message
    assert getattr(wizard.revenue_page, field).text() == typed  # nothing typed is lost


@pytest.mark.qt_log_ignore(*PROBLEMS)
def test_a_refused_currency_is_said_on_the_first_page(qtbot):
    wizard = _wizard(qtbot)
    wizard.plan_page.currency.setText("Dollars")
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.plan_page
    assert wizard.plan_page.error.text().startswith("Currency: “Dollars” is not allowed; allowed: a three-letter")


@pytest.mark.qt_log_ignore(*PROBLEMS)
def test_finish_shows_a_refusal_of_the_core_on_the_page_of_its_field_in_words(qtbot, monkeypatch):
    """Should the core refuse at Finish what the pages let through, the message is the page's, never raw."""
    import ui.setup_wizard as module
    from slaplanner.errors import ValidationError
    from slaplanner.plan.validation import out_of_range

    wizard = _wizard(qtbot)
    _to_sources_page(wizard)
    wizard.sources_page.text.setPlainText("Paid search\t950")
    wizard.button(Next).click()
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.team_page

    def refuse(answers):
        raise ValidationError([out_of_range("terms.marketing_share", 1.5, 0.0, 1.0)])

    monkeypatch.setattr(module, "build_new_plan", refuse)
    wizard.button(Finish).click()
    assert wizard.currentPage() is wizard.revenue_page and wizard.choice == ""
    assert wizard.revenue_page.error.text() == "Marketing's share: 150 % is not allowed; allowed: from 0 % to 100 %"
    assert wizard.sources_page.text.toPlainText() == "Paid search\t950"  # nothing typed is lost
