"""A new user's trial: shares typed as fractions, refusals in the field's units, whole lead counts."""

from __future__ import annotations

import pytest

from slaplanner.cells import read_share, share_text
from ui.qt import Qt

EditRole = Qt.ItemDataRole.EditRole
DisplayRole = Qt.ItemDataRole.DisplayRole


def page(window, name):
    index = window.page_named(name)
    window.show_page(index)
    return window.pages[index]


def type_into(edit, text):
    edit.setFocus()
    edit.setText(text)
    edit.textEdited.emit(text)
    edit.editingFinished.emit()


def column(model, header):
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header)


@pytest.mark.parametrize(
    ("value", "text"), [(0.7, "70"), (0.355, "35.5"), (0.0, "0"), (1.0, "100"), (0.005, "0.5 %"), (0.01, "1")]
)
def test_a_share_is_written_so_that_it_reads_back_the_same(value, text):
    assert share_text(value) == text
    assert read_share(text)[0] == pytest.approx(value)


def test_marketing_share_typed_as_a_fraction_is_read_as_percent_and_said(window, qtbot):
    settings = page(window, "Plan & targets")
    with qtbot.waitSignal(window.document.editNoted) as noted:
        type_into(settings.share_edit, "0.7")
    assert window.document.plan.terms.marketing_share == pytest.approx(0.7)
    assert noted.args == ["Marketing's share: 0.7 was read as 70 %"]
    assert window.statusBar().currentMessage() == "Marketing's share: 0.7 was read as 70 %"
    assert settings.share_edit.text() == "70"
    assert "4.6 wins" not in settings.summary.text()
    type_into(settings.share_edit, "0.5 %")  # with its sign a small share is what was typed
    assert window.document.plan.terms.marketing_share == pytest.approx(0.005)
    assert settings.share_edit.text() == "0.5 %"


def test_marketing_share_names_itself_one_way(window):
    settings = page(window, "Plan & targets")
    type_into(settings.share_edit, "abc")
    assert settings.share_edit.error == "Marketing's share: “abc” is not a number"
    type_into(settings.share_edit, "150")
    assert settings.share_edit.error.startswith("Marketing's share: 150 % is not allowed")


def test_shrinkage_typed_as_a_fraction_is_read_as_percent_and_said(window, qtbot):
    model = page(window, "Capacity").roles_model
    col = column(model, "Shrinkage")
    with qtbot.waitSignal(window.document.editNoted) as noted:
        assert model.setData(model.index(0, col), "0.35", EditRole)
    assert window.document.plan.team.roles[0].shrinkage == pytest.approx(0.35)
    assert noted.args[0].endswith("Shrinkage: 0.35 was read as 35 %")
    assert model.data(model.index(0, col), DisplayRole) == "35 %"
    occupancy = column(model, "Max occupancy")
    assert model.setData(model.index(0, occupancy), "0.8", EditRole)
    assert window.document.plan.team.roles[0].max_occupancy == pytest.approx(0.8)


def test_shrinkage_is_refused_in_percent(window):
    model = page(window, "Capacity").roles_model
    col = column(model, "Shrinkage")
    messages = []
    window.document.editRefused.connect(messages.append)
    assert not model.setData(model.index(0, col), "95", EditRole)
    assert messages[-1].endswith("Shrinkage: 95 % is not allowed; allowed: from 0 % to 90 %")
    assert not model.setData(model.index(0, col), "-5", EditRole)
    assert messages[-1].endswith("Shrinkage: -5 % is not allowed; allowed: from 0 % to 90 %")


def test_target_share_typed_as_a_fraction_is_read_as_percent(window):
    model = page(window, "Commitments").tiers_model
    col = column(model, "For % of leads")
    assert model.setData(model.index(0, col), "0.8", EditRole)
    assert window.document.plan.commitments.response[0].target_share == pytest.approx(0.8)


def test_a_conversion_rate_below_one_percent_stays_as_typed(window):
    """Conversion rates are not shares: 0.5 % is a real opportunity rate, so "0.5" is 0.5 %."""
    model = page(window, "funnel").rates_model
    plan = window.document.plan
    row = plan.sources.index(plan.source_named("Webinars"))
    last = len(plan.stages) - 2
    assert model.setData(model.index(row, 3 * last), "0.5", EditRole)  # low opportunity -> won
    assert window.document.plan.source_named("Webinars").conversion[last].low == pytest.approx(0.005)


def test_a_negative_total_commitment_is_refused_as_typed(window):
    commitments = page(window, "Commitments")
    commitments.total.setText("-5")
    commitments.commit_total()
    text = commitments.message.text()
    assert text.startswith("The total was not used: -5 is not allowed")
    assert "total:" not in text and "-5.0" not in text


def test_stages_that_drop_the_definitions_stages_are_refused_in_one_sentence(window):
    settings = page(window, "Plan & targets")
    type_into(settings.stages_edit, "Lead")
    error = settings.stages_edit.error
    assert error == (
        "Stages: “Lead” is not allowed: a plan has from 2 to 10 stages, and the definitions use MQL and SQL "
        "as stages (keep them, or change the definitions first)"
    )


def test_a_lead_count_refuses_a_percent_sign_and_a_fraction(window):
    model = page(window, "Lead volume").months_model
    plan = window.document.plan
    row = plan.sources.index(plan.source_named("Trade shows"))
    messages = []
    window.document.editRefused.connect(messages.append)
    assert not model.setData(model.index(row, 0), "50%", EditRole)
    assert "“50%” is a percentage; type a number of leads" in messages[-1]
    assert not model.setData(model.index(row, 0), "12.5", EditRole)
    assert "12.5 is not a whole number of leads; type 12 or 13" in messages[-1]
    assert window.document.plan == plan
    assert model.setData(model.index(row, 0), "12", EditRole)
    assert window.document.plan.source_named("Trade shows").monthly_leads[0] == 12


def test_typing_over_a_computed_month_keeps_whole_leads_the_grid_shows(window):
    model = page(window, "Lead volume").months_model
    plan = window.document.plan
    row = plan.sources.index(plan.source_named("Organic search"))
    shown = [model.data(model.index(row, c), DisplayRole) for c in range(plan.horizon_months)]
    assert model.setData(model.index(row, 0), "1500", EditRole)
    source = window.document.plan.source_named("Organic search")
    assert source.volume_mode == "monthly"
    assert all(v == int(v) for v in source.monthly_leads)
    assert [f"{v:,.0f}" for v in source.monthly_leads[1:]] == shown[1:]
