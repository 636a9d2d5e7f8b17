"""The agreement's terms (governance): validated when built, defaults for plans without them,
written only when set (so older plans keep their fingerprints), changes read in plain words."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from slaplanner.agreement.canonical import canonical_data, fingerprint
from slaplanner.errors import ValidationError
from slaplanner.negotiation.diff import diff_plans
from slaplanner.plan.edits import Edit, apply_edit
from slaplanner.plan.governance import (
    EscalationLevel,
    Governance,
    ReviewMeeting,
    business_hours_text,
)
from slaplanner.plan.model import Plan
from slaplanner.storage import load_plan

LEGACY = Path(__file__).parents[1] / "data" / "format-0001.slaplan"


def test_defaults_are_the_practice_of_written_slas():
    g = Governance()
    assert [(m.name, m.frequency) for m in g.reviews] == [
        ("Working review", "weekly"),
        ("Monthly review", "monthly"),
        ("Quarterly renegotiation", "quarterly"),
    ]
    assert [(level.who, level.within_business_hours) for level in g.escalation] == [
        ("SDR manager", 4.0),
        ("VP Sales", 8.0),
        ("CMO and CRO together", 24.0),
    ]
    assert (g.acceptance_rate_floor, g.data_completeness, g.routing_method) == (0.8, 0.95, "round_robin")


def test_effective_date_defaults_to_the_first_day_of_the_plan():
    assert Governance().effective_from("2026-04") == date(2026, 4, 1)
    assert Governance(effective_date="2026-04-15").effective_from("2026-01") == date(2026, 4, 15)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"term_months": 0}, "term_months"),
        ({"effective_date": "2026-02-30"}, "effective_date"),
        ({"effective_date": "20260201"}, "effective_date"),
        ({"acceptance_rate_floor": 1.5}, "acceptance_rate_floor"),
        ({"routing_method": "random"}, "routing_method"),
        ({"backup_owner": " "}, "backup_owner"),
    ],
)
def test_a_refused_value_names_its_field(fields, field):
    with pytest.raises(ValidationError) as error:
        Governance(**fields)
    assert [p.field for p in error.value.problems] == [field]


def test_records_name_their_fields():
    with pytest.raises(ValidationError) as error:
        ReviewMeeting("Stand-up", frequency="daily")
    assert error.value.problems[0].field == "frequency"
    assert "weekly" in error.value.problems[0].allowed
    with pytest.raises(ValidationError) as error:
        EscalationLevel("VP Sales", 0)
    assert error.value.problems[0].field == "within_business_hours"


def test_an_edit_in_the_plan_is_refused_with_its_path():
    plan = Plan()
    with pytest.raises(ValidationError) as error:
        apply_edit(plan, Edit(("governance", "escalation", 1, "within_business_hours"), -3))
    assert error.value.problems[0].field == "within_business_hours"
    new, _ = apply_edit(plan, Edit(("governance", "escalation", 1, "within_business_hours"), 16.0))
    assert new.governance.escalation[1] == EscalationLevel("VP Sales", 16.0)


def test_duplicate_meeting_names_are_refused():
    meeting = ReviewMeeting("Weekly")
    with pytest.raises(ValidationError) as error:
        Governance(reviews=(meeting, replace(meeting, frequency="monthly")))
    assert error.value.problems[0].field == "reviews[1].name"


def test_from_dict_reports_every_problem_with_its_path():
    with pytest.raises(ValidationError) as error:
        Governance.from_dict({"escalation": [{"who": ""}], "term_months": 99, "fines": 1})
    assert sorted(p.field for p in error.value.problems) == ["escalation[0].who", "fines", "term_months"]


def test_a_plan_without_the_section_has_the_defaults_and_keeps_its_fingerprint(sample_plan_path):
    raw = json.loads(sample_plan_path.read_text(encoding="utf-8"))
    assert "governance" not in raw
    plan = Plan.from_dict(raw)
    assert plan.governance == Governance()
    assert "governance" not in canonical_data(plan)  # the canonical form is what it was before the section
    changed = replace(plan, governance=replace(plan.governance, term_months=6))
    assert canonical_data(changed)["governance"]["term_months"] == 6
    assert fingerprint(changed) != fingerprint(plan)
    assert Plan.from_dict(changed.to_dict()) == changed
    back = replace(changed, governance=Governance())
    assert fingerprint(back) == fingerprint(plan)


def test_an_old_plan_file_opens_with_the_default_terms():
    assert load_plan(LEGACY).governance == Governance()


def test_changes_read_in_plain_words():
    plan = Plan()
    g = plan.governance
    ladder = (g.escalation[0], replace(g.escalation[1], within_business_hours=16.0), g.escalation[2])
    new = replace(plan, governance=replace(g, escalation=ladder, routing_method="territory", term_months=6))
    assert [(c.path, c.label) for c in diff_plans(plan, new)] == [
        ("governance.term_months", "Term: 12 -> 6 months"),
        (
            "governance.escalation[2].within_business_hours",
            "Escalation level 2: VP Sales within 8 -> 16 business hours",
        ),
        ("governance.routing_method", "Lead routing: round-robin -> by territory"),
    ]
    added = replace(plan, governance=replace(g, escalation=(*g.escalation, EscalationLevel("CEO", 40.0))))
    assert [c.label for c in diff_plans(plan, added)] == ["Escalation level 4 added: CEO within 5 business days"]


def test_business_hours_in_words():
    assert business_hours_text(4) == "4 business hours"
    assert business_hours_text(8) == "1 business day"
    assert business_hours_text(24) == "3 business days"
    assert business_hours_text(12) == "12 business hours"
