"""The plan model: validation with readable errors, derived volumes, edits."""

from __future__ import annotations

import dataclasses

import pytest

from slaplanner.errors import ValidationError
from slaplanner.plan.edits import Edit, apply_edit, field_path
from slaplanner.plan.model import (
    DEFAULT_STAGES,
    CommercialTerms,
    LeadSource,
    Plan,
    RateRange,
    stage_transitions,
    with_horizon,
    with_stages,
)

RATES5 = (0.3, 0.8, 0.5, 0.6, 0.25)


def source(**kwargs):
    base = dict(name="Web", conversion=RATES5, baseline=100.0)
    base.update(kwargs)
    return LeadSource(**base)


def messages(error: ValidationError) -> list[str]:
    return [str(p) for p in error.problems]


def test_rate_of_1_7_is_refused_with_field_value_and_range():
    with pytest.raises(ValidationError) as info:
        RateRange(0.5, 1.7, 1.8)
    text = str(info.value)
    assert "likely: 1.7 is not allowed; allowed: a number from 0 to 1" in text
    assert "high: 1.8" in text


def test_rate_range_order_is_checked():
    with pytest.raises(ValidationError, match="low: 0.6 is not allowed; allowed: at most the likely rate"):
        RateRange(0.6, 0.5, 0.7)
    with pytest.raises(ValidationError, match="high: 0.4 is not allowed; allowed: at least the likely rate"):
        RateRange(0.3, 0.5, 0.4)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "0.5", None, True])
def test_non_numbers_are_refused(bad):
    with pytest.raises(ValidationError, match="baseline"):
        source(baseline=bad)


def test_negative_volume_is_refused():
    with pytest.raises(ValidationError, match=r"monthly_leads\[1\]: -5 is not allowed; allowed: a number from 0"):
        source(volume_mode="monthly", monthly_leads=(10, -5))


def test_horizon_of_zero_months_is_refused():
    with pytest.raises(ValidationError, match="horizon_months: 0 is not allowed; allowed: a whole number from 1 to 36"):
        Plan(horizon_months=0)
    with pytest.raises(ValidationError, match="horizon_months: 37"):
        Plan(horizon_months=37)


def test_plan_cross_checks_rates_months_and_targets():
    with pytest.raises(ValidationError) as info:
        Plan(
            horizon_months=3,
            sources=(
                source(conversion=(0.5,)),
                source(name="Events", volume_mode="monthly", monthly_leads=(1, 2)),
            ),
            terms=CommercialTerms(revenue_target=(1.0, 2.0)),
        )
    text = messages(info.value)
    assert "sources[0].conversion: 1 is not allowed; allowed: exactly 5 rates, one per stage transition" in text
    assert "sources[1].monthly_leads: 2 is not allowed; allowed: exactly 3 monthly values, one per plan month" in text
    assert "terms.revenue_target: 2 is not allowed; allowed: exactly 3 monthly targets, one per plan month" in text


def test_duplicate_names_are_refused():
    with pytest.raises(ValidationError, match="allowed: a name no other source has"):
        Plan(sources=(source(), source(name="web")))
    with pytest.raises(ValidationError, match="allowed: a name no other stage has"):
        Plan(stages=("Lead", "MQL", "lead"))


def test_from_dict_reports_every_problem_with_its_path():
    with pytest.raises(ValidationError) as info:
        Plan.from_dict(
            {"horizon_months": 0, "currency": "dollars", "sources": [{"name": "x", "conversion": [1.7]}], "extra": 1}
        )
    text = messages(info.value)
    assert any(t.startswith("sources[0].conversion[0].likely: 1.7") for t in text)
    assert any(t.startswith("horizon_months: 0") for t in text)
    assert any(t.startswith("currency: 'dollars'") for t in text)
    assert any(t.startswith("extra: 1 is not allowed; allowed: no such field") for t in text)


def test_newer_format_version_is_refused():
    with pytest.raises(ValidationError, match="format_version: 99"):
        Plan.from_dict({"format": "slaplanner-plan", "format_version": 99})


def test_baseline_volume_with_seasonality_and_growth():
    """Start 2026-12, baseline 100, Dec factor 0.5, Jan 1.2, Feb 2.0, growth 10 %/month.

    Dec: 100 x 0.5 x 1.1^0 = 50; Jan: 100 x 1.2 x 1.1 = 132; Feb: 100 x 2.0 x 1.21 = 242.
    """
    season = [1.2, 2.0] + [1.0] * 9 + [0.5]
    plan = Plan(start_month="2026-12", horizon_months=3, sources=(source(seasonality=season, growth=0.1),))
    assert plan.months == ("2026-12", "2027-01", "2027-02")
    assert plan.sources[0].leads(plan.months) == pytest.approx((50.0, 132.0, 242.0))


def test_with_horizon_resizes_every_monthly_series():
    plan = Plan(
        horizon_months=2,
        sources=(source(volume_mode="monthly", monthly_leads=(10, 20)),),
        terms=CommercialTerms(revenue_target=(5.0, 6.0)),
    )
    longer = with_horizon(plan, 4)
    assert longer.sources[0].monthly_leads == (10, 20, 20, 20)
    assert longer.terms.revenue_target == (5.0, 6.0, 6.0, 6.0)
    assert with_horizon(longer, 1).sources[0].monthly_leads == (10,)


def test_removing_a_stage_merges_its_rates():
    """Rates 0.3, 0.8, 0.5, 0.6, 0.25. Without SAL, MQL->SQL = MQL->SAL x SAL->SQL = 0.8 x 0.5 = 0.4,
    so the funnel yields the same SQLs."""
    plan = Plan(sources=(source(),))
    no_sal = with_stages(plan, ("Lead", "MQL", "SQL", "Opportunity", "Won"))
    assert [r.likely for r in no_sal.sources[0].conversion] == pytest.approx([0.3, 0.4, 0.6, 0.25])


def test_renaming_stages_keeps_every_rate_and_renaming_back_restores_the_plan():
    plan = Plan(sources=(source(),))
    renamed = with_stages(plan, ("Inquiry", "MQL", "Accepted", "SQL", "Opportunity", "Won"))
    assert renamed.sources[0].conversion == plan.sources[0].conversion
    assert with_stages(renamed, plan.stages) == plan


def test_a_new_stage_starts_at_100_percent():
    plan = Plan(sources=(source(),))
    more = with_stages(plan, ("Lead", "MQL", "SAL", "SQL", "Demo", "Opportunity", "Won"))
    assert [r.likely for r in more.sources[0].conversion] == [0.3, 0.8, 0.5, 1.0, 1.0, 0.25]
    assert stage_transitions(plan.stages, more.stages)[3:5] == (None, None)


def test_edit_applies_validates_and_inverts():
    plan = Plan(sources=(source(),))
    edited, inverse = apply_edit(plan, Edit(("sources", 0, "baseline"), 250.0, "Edit baseline"))
    assert edited.sources[0].baseline == 250.0
    assert inverse.value == 100.0 and inverse.label == "Edit baseline"
    restored, _ = apply_edit(edited, inverse)
    assert restored == plan
    with pytest.raises(ValidationError, match="growth: 7"):
        apply_edit(plan, Edit(("sources", 0, "growth"), 7))
    with pytest.raises(ValidationError):
        apply_edit(plan, Edit(("sources", 5, "baseline"), 1.0))
    assert field_path(("sources", 0, "monthly_leads", 3)) == "sources[0].monthly_leads[3]"


def test_replacing_the_whole_plan_is_an_edit_too():
    plan = Plan(sources=(source(),))
    other = dataclasses.replace(plan, name="Other")
    new, inverse = apply_edit(plan, Edit((), other))
    assert new.name == "Other" and inverse.value == plan


def test_default_stages():
    assert Plan().stages == DEFAULT_STAGES == ("Lead", "MQL", "SAL", "SQL", "Opportunity", "Won")


def test_a_record_missing_a_required_field_is_a_validation_error():
    with pytest.raises(ValidationError, match="name: None is not allowed; required: a lead source needs a name"):
        Plan.from_dict({"sources": [{"segment": "SMB"}]})
    with pytest.raises(ValidationError, match="sqls_per_month"):
        Plan.from_dict({"commitments": {"marketing": [{"segment": "SMB"}]}})
