"""The JSON Schema of the interchange format agrees with the model (``Plan.from_dict``).

The sample, its round trip and a default plan validate; values the model refuses in the later
sections (definitions, engagement, team, commitments) are refused by the schema too; the other
forms the model reads (a single value for a list, working hours as a list ...) validate; and on
numeric fields the schema's ranges are exactly the model's, boundaries included.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from slaplanner.errors import ValidationError
from slaplanner.plan.governance import Governance
from slaplanner.plan.model import SECTIONS, Plan
from slaplanner.samples import sample_plan_path
from slaplanner.schema import plan_schema

SAMPLE_PLAN = sample_plan_path()
DELETE = object()
Where = tuple[str | int, ...]


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(plan_schema())


@pytest.fixture(scope="module")
def sample_data() -> dict[str, Any]:
    data = Plan.from_dict(json.loads(SAMPLE_PLAN.read_text(encoding="utf-8"))).to_dict()
    data.setdefault("governance", Governance().to_dict())  # written only when set: give the cases a record
    return data


def changed(data: dict[str, Any], path: Where, value: Any) -> dict[str, Any]:
    """A deep copy of ``data`` with the value at ``path`` replaced (or removed with DELETE)."""
    out = copy.deepcopy(data)
    node: Any = out
    for key in path[:-1]:
        node = node[key]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return out


def errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]


def model_accepts(data: dict[str, Any]) -> bool:
    try:
        Plan.from_dict(data)
    except ValidationError:
        return False
    return True


# -- what validates ------------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(plan_schema())
    for key in SECTIONS:
        assert plan_schema()["properties"][key] == {"$ref": f"#/$defs/{key}"}


def test_sample_file_and_its_round_trip_validate(validator, sample_plan_path, sample_data):
    assert errors(validator, json.loads(sample_plan_path.read_text(encoding="utf-8"))) == []
    assert errors(validator, sample_data) == []


def test_default_and_empty_sections_validate(validator):
    assert errors(validator, Plan().to_dict()) == []
    minimal = {key: {} for key in SECTIONS}
    assert model_accepts(minimal)
    assert errors(validator, minimal) == []


# Forms the model reads besides the one to_dict writes: the schema must accept them too.
ALSO_READ: list[tuple[str, Where, Any]] = [
    ("one fast-lane event without a list", ("definitions", "fast_lane_events"), "Demo requests"),
    ("a single value without a list", ("definitions", "fit", 3, "values"), "Software"),
    ("a single number for gte", ("definitions", "fit", 2, "values"), 1000),
    ("a number among text values", ("definitions", "fit", 3, "values"), ["Retail", 42]),
    ("no operator: equals", ("definitions", "fit", 6), {"field": "seniority", "values": ["Manager"]}),
    ("a blank test without values", ("definitions", "fit", 0), {"field": "phone", "operator": "not_blank"}),
    ("an example field that is a number", ("definitions", "examples", 0, "fields", "company_size"), 1200),
    ("an empty recycle reason", ("definitions", "recycle_rules", 0, "reason_code"), ""),
    ("an owner left empty", ("engagement", "stages", 0, "owner"), ""),
    ("one hand-off action without a list", ("engagement", "stages", 0, "handoff_actions"), "stop_nurture"),
    ("repeated hand-off actions", ("engagement", "stages", 0, "handoff_actions"), ["create_task", "create_task"]),
    ("a role without a name", ("team", "roles", 0, "name"), ""),
    ("one headcount without a list", ("team", "roles", 0, "headcount"), 4),
    ("working hours as a list", ("team", "roles", 0, "calendar", "working_hours"), [["mon", 9, 17], ["sat", 0, 24]]),
    ("one holiday without a list", ("team", "roles", 0, "calendar", "holidays"), "2026-12-25"),
    ("a role with the default calendar", ("team", "roles", 0, "calendar"), DELETE),
    ("handle times left to their defaults", ("team", "handle_times"), []),
    ("a single-point decay curve", ("team", "decay", "points"), [[0, 1]]),
    ("a tier taking every SQL", ("commitments", "response"), [{"tier": "All"}]),
    ("no SQL commitments", ("commitments", "marketing"), []),
    ("no effective date", ("governance", "effective_date"), ""),
    ("an effective date", ("governance", "effective_date"), "2026-02-01"),
    ("no review meetings", ("governance", "reviews"), []),
    ("a meeting with only a name", ("governance", "reviews", 0), {"name": "Stand-up"}),
    ("a level with only a name", ("governance", "escalation", 0), {"who": "Team lead"}),
    ("no governance", ("governance",), DELETE),
]


@pytest.mark.parametrize(("what", "path", "value"), ALSO_READ, ids=[m[0] for m in ALSO_READ])
def test_what_the_model_also_reads_validates(validator, sample_data, what, path, value):
    data = changed(sample_data, path, value)
    assert model_accepts(data), what
    assert errors(validator, data) == []


# -- what is refused -----------------------------------------------------------------------------

# (what, path, new value) per section: each is refused by Plan.from_dict with a ValidationError.
REFUSED: dict[str, list[tuple[str, Where, Any]]] = {
    "definitions": [
        ("unknown key", ("definitions", "scoring"), "fast"),
        ("unknown key in a stage", ("definitions", "stages", 0, "colour"), "red"),
        ("owner not in the list", ("definitions", "stages", 0, "owner"), "finance"),
        ("operator not in the list", ("definitions", "fit", 0, "operator"), "greater_than"),
        ("expectation not in the list", ("definitions", "examples", 0, "expect"), "maybe"),
        ("recycle trigger not in the list", ("definitions", "recycle_rules", 0, "when"), "bounced"),
        ("points above 1000", ("definitions", "fit", 0, "points"), 1000.5),
        ("threshold above 10,000", ("definitions", "sql_threshold"), 10_001),
        ("acceptance window of 0 hours", ("definitions", "acceptance_window_hours"), 0),
        ("within 0 days", ("definitions", "behaviour", 0, "within_days"), 0),
        ("min_count not whole", ("definitions", "behaviour", 0, "min_count"), 1.5),
        ("negative event count", ("definitions", "examples", 0, "events", "pricing_page_view", "count"), -1),
        ("unknown key in an event", ("definitions", "examples", 0, "events", "pricing_page_view", "when"), 3),
        ("between with one bound", ("definitions", "fit", 0, "values"), [50]),
        ("gte with text", ("definitions", "fit", 2, "values"), ["many"]),
        ("equals with five values", ("definitions", "fit", 3, "operator"), "equals"),
        ("a blank test with values", ("definitions", "fit", 0, "operator"), "is_blank"),
        ("too many text values", ("definitions", "fit", 3, "values"), [f"v{i}" for i in range(201)]),
        ("stage name over 40 characters", ("definitions", "stages", 0, "name"), "x" * 41),
        ("example fields not an object", ("definitions", "examples", 0, "fields"), ["industry"]),
        ("reset_score not true or false", ("definitions", "recycle_rules", 0, "reset_score"), "yes"),
        ("a fit criterion without a field", ("definitions", "fit", 0, "field"), ""),
    ],
    "engagement": [
        ("unknown key", ("engagement", "owners"), []),
        ("unknown key in a rule", ("engagement", "stages", 0, "priority"), 1),
        ("owner not in the list", ("engagement", "stages", 0, "owner"), "Marketing"),
        ("hand-off action not in the list", ("engagement", "stages", 0, "handoff_actions"), ["call_lead"]),
        ("recycle after more than a year", ("engagement", "stages", 2, "recycle_after_days"), 366),
        ("negative SLA clock", ("engagement", "stages", 1, "sla_clock_hours"), -1),
        ("nurture_email not true or false", ("engagement", "stages", 0, "nurture_email"), 1),
        ("stages not a list", ("engagement", "stages"), {"stage": "Lead"}),
    ],
    "team": [
        ("unknown key", ("team", "shifts"), 2),
        ("unknown key in a role", ("team", "roles", 0, "quota"), 10),
        ("unknown key in a calendar", ("team", "roles", 0, "calendar", "country"), "US"),
        ("role kind not in the list", ("team", "roles", 0, "kind"), "BDR"),
        ("touch not in the list", ("team", "handle_times", 0, "touch"), "meeting"),
        ("weekday not in the list", ("team", "roles", 0, "calendar", "working_hours", "monday"), [9, 17]),
        ("shrinkage above 0.9", ("team", "roles", 0, "shrinkage"), 0.95),
        ("occupancy below 0.05", ("team", "roles", 0, "max_occupancy"), 0.01),
        ("headcount above 5000", ("team", "roles", 0, "headcount", 0), 5001),
        ("no headcount", ("team", "roles", 0, "headcount"), []),
        ("ramp not whole", ("team", "roles", 0, "ramp_months"), 1.5),
        ("hour after 24", ("team", "roles", 0, "calendar", "working_hours", "mon"), [9, 25]),
        ("working hours without an end", ("team", "roles", 0, "calendar", "working_hours", "mon"), [9]),
        ("no working day", ("team", "roles", 0, "calendar", "working_hours"), {}),
        ("two SDR roles", ("team", "roles", 1, "kind"), "SDR"),
        ("two first-touch handle times", ("team", "handle_times", 1, "touch"), "first_touch"),
        ("handle time of 0 minutes", ("team", "handle_times", 0, "minutes"), 0),
        ("arrival profile of 167 hours", ("team", "arrival_profile"), [1.0] * 167),
        ("arrival profile all zero", ("team", "arrival_profile"), [0] * 168),
        ("decay chance of 0", ("team", "decay", "points", 0), [0, 0]),
        ("decay curve without points", ("team", "decay", "points"), []),
        ("patience above 90 days", ("team", "lead_patience_hours"), 2161),
        ("time zone that is not text", ("team", "lead_time_zone"), 5),
    ],
    "commitments": [
        ("unknown key", ("commitments", "sales"), []),
        ("unknown key in a tier", ("commitments", "response", 0, "priority"), "high"),
        ("clock not in the list", ("commitments", "response", 0, "clock"), "calendar"),
        ("share above 1", ("commitments", "response", 0, "target_share"), 1.2),
        ("first touch within 0 minutes", ("commitments", "response", 0, "first_touch_minutes"), 0),
        ("more than 50 touches", ("commitments", "response", 0, "touches"), 51),
        ("touches not whole", ("commitments", "response", 0, "touches"), 6.5),
        ("negative SQLs", ("commitments", "marketing", 0, "sqls_per_month"), -1),
        ("unknown key in an SQL commitment", ("commitments", "marketing", 0, "tier"), "Hot"),
    ],
    "governance": [
        ("unknown key", ("governance", "penalties"), []),
        ("unknown key in a meeting", ("governance", "reviews", 0, "room"), "A"),
        ("frequency not in the list", ("governance", "reviews", 0, "frequency"), "daily"),
        ("routing method not in the list", ("governance", "routing_method"), "random"),
        ("term of 0 months", ("governance", "term_months"), 0),
        ("term above 36 months", ("governance", "term_months"), 37),
        ("escalation within 0 hours", ("governance", "escalation", 1, "within_business_hours"), 0),
        ("acceptance floor above 1", ("governance", "acceptance_rate_floor"), 1.2),
        ("negative completeness", ("governance", "data_completeness"), -0.1),
        ("effective date that is a month", ("governance", "effective_date"), "2026-01"),
        ("effective date in words", ("governance", "effective_date"), "1 February 2026"),
        ("seven escalation levels", ("governance", "escalation"), [{"who": f"L{i}"} for i in range(7)]),
        ("a level with nobody", ("governance", "escalation", 0, "who"), ""),
        ("no backup owner", ("governance", "backup_owner"), ""),
    ],
}
REFUSED_CASES = [(section, *case) for section, cases in REFUSED.items() for case in cases]


def test_every_section_has_refusals_of_each_kind():
    for section in SECTIONS:
        whats = " ".join(what for what, _, _ in REFUSED[section])
        assert "unknown key" in whats and "not in the list" in whats
        assert any(word in whats for word in ("above", "below", "negative", "0 ", "more than")), section


@pytest.mark.parametrize(
    ("section", "what", "path", "value"), REFUSED_CASES, ids=[f"{c[0]}: {c[1]}" for c in REFUSED_CASES]
)
def test_schema_refuses_what_the_model_refuses(validator, sample_data, section, what, path, value):
    data = changed(sample_data, path, value)
    with pytest.raises(ValidationError):
        Plan.from_dict(data)
    assert errors(validator, data), f"the schema accepts {what}"


# Records missing a key they need. The model refuses them too, though today with a TypeError
# from the record's constructor rather than a ValidationError.
MISSING: list[Where] = [
    ("definitions", "stages", 0, "name"),
    ("definitions", "fit", 0, "field"),
    ("definitions", "behaviour", 0, "event"),
    ("definitions", "examples", 0, "name"),
    ("definitions", "rejection_reasons", 0, "code"),
    ("definitions", "recycle_rules", 0, "when"),
    ("engagement", "stages", 0, "stage"),
    ("team", "roles", 0, "kind"),
    ("team", "handle_times", 0, "minutes"),
    ("commitments", "response", 0, "tier"),
    ("commitments", "marketing", 0, "sqls_per_month"),
    ("governance", "reviews", 0, "name"),
    ("governance", "escalation", 0, "who"),
]


@pytest.mark.parametrize("path", MISSING, ids=[".".join(map(str, p)) for p in MISSING])
def test_schema_requires_what_the_model_needs(validator, sample_data, path):
    data = changed(sample_data, path, DELETE)
    with pytest.raises((ValidationError, TypeError)):
        Plan.from_dict(data)
    assert errors(validator, data), f"the schema accepts a record without {path[-1]}"


# -- numeric ranges match the model's, boundaries included -----------------------------------------

# Fields with no cross-field rule, so that the model's answer depends on the value alone.
NUMBERS: list[Where] = [
    ("definitions", "acceptance_window_hours"),
    ("definitions", "fit", 0, "points"),
    ("definitions", "behaviour", 0, "within_days"),
    ("definitions", "behaviour", 0, "half_life_days"),
    ("definitions", "examples", 0, "events", "pricing_page_view", "days_ago"),
    ("definitions", "recycle_rules", 0, "wait_days"),
    ("engagement", "stages", 0, "recycle_after_days"),
    ("engagement", "stages", 0, "sla_clock_hours"),
    ("team", "roles", 0, "shrinkage"),
    ("team", "roles", 0, "max_occupancy"),
    ("team", "arrival_profile", 0),
    ("team", "handle_times", 0, "minutes"),
    ("team", "handle_times", 0, "spread"),
    ("team", "lead_patience_hours"),
    ("commitments", "response", 0, "first_touch_minutes"),
    ("commitments", "response", 0, "target_share"),
    ("commitments", "response", 0, "touch_days"),
    ("commitments", "response", 0, "accept_within_hours"),
    ("commitments", "marketing", 0, "sqls_per_month"),
    ("governance", "escalation", 0, "within_business_hours"),
    ("governance", "reassign_after_hours"),
    ("governance", "dispute_within_days"),
    ("governance", "acceptance_rate_floor"),
    ("governance", "data_completeness"),
]
WHOLE_NUMBERS: list[Where] = [
    ("definitions", "behaviour", 0, "min_count"),
    ("definitions", "examples", 0, "events", "pricing_page_view", "count"),
    ("team", "roles", 0, "headcount", 0),
    ("team", "roles", 0, "ramp_months"),
    ("team", "roles", 0, "max_open_opportunities"),
    ("commitments", "response", 0, "touches"),
    ("governance", "term_months"),
    ("governance", "escalate_after_misses"),
]
EDGES = [-1000.5, -1000, -1, -1e-9, 0, 1e-9, 0.05, 0.9, 0.95, 1, 1.5, 24, 25, 50, 51, 90, 91, 365, 366]
EDGES += [480, 480.5, 720, 721, 1000, 2160, 2161, 3650, 3651, 5000, 5001, 10_000, 10_001, 43_200, 43_201]
EDGES += [129_600, 129_601, 1e6, 1e6 + 1, 1e7, 1e7 + 1]


@given(
    path=st.sampled_from(NUMBERS),
    value=st.one_of(st.sampled_from(EDGES), st.floats(-2e7, 2e7, allow_nan=False), st.booleans()),
)
def test_number_ranges_agree_with_the_model(validator, sample_data, path, value):
    data = changed(sample_data, path, value)
    assert model_accepts(data) == (not errors(validator, data)), (path, value)


@given(
    path=st.sampled_from(WHOLE_NUMBERS),
    value=st.one_of(st.sampled_from(EDGES), st.integers(-10, 2_000_000), st.sampled_from([2.0, 2.5, True])),
)
def test_whole_number_ranges_agree_with_the_model(validator, sample_data, path, value):
    data = changed(sample_data, path, value)
    assert model_accepts(data) == (not errors(validator, data)), (path, value)
