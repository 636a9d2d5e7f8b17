"""What changed between two plans, in the users' words: one change per edit, keyed by identity.

Every expected label below is written by hand from the sample plan's values
(``slaplanner/resources/sample-plan.json``), never computed by the code under test.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from slaplanner.errors import ValidationError
from slaplanner.negotiation.diff import Change, diff_plans, diff_results
from slaplanner.plan.definitions import OWNERS
from slaplanner.plan.model import Plan, RateRange, rate_level_bounds, with_horizon, with_stages
from slaplanner.results import ResultSettings, compute_results


def only(changes: tuple[Change, ...]) -> tuple[str, str, Any, Any]:
    assert len(changes) == 1, [c.label for c in changes]
    c = changes[0]
    assert c.group == "input"
    return c.path, c.label, c.old, c.new


def with_source(plan: Plan, name: str, **fields: Any) -> Plan:
    return replace(plan, sources=tuple(replace(s, **fields) if s.name == name else s for s in plan.sources))


def with_month(values: tuple[Any, ...], index: int, value: Any) -> tuple[Any, ...]:
    return (*values[:index], value, *values[index + 1 :])


def test_identical_plans_have_no_changes(sample_plan):
    assert diff_plans(sample_plan, sample_plan) == ()
    assert diff_plans(sample_plan, Plan.from_dict(sample_plan.to_dict())) == ()


def test_monthly_leads_are_keyed_by_month(sample_plan):
    # Trade shows is written month by month: 0, 0, 650 in March, ...
    leads = sample_plan.source_named("Trade shows").monthly_leads
    new = with_source(sample_plan, "Trade shows", monthly_leads=with_month(leads, 2, 700.0))
    assert only(diff_plans(sample_plan, new)) == (
        "sources[Trade shows].monthly_leads[2026-03]",
        "Trade shows leads (Mar 2026): 650 -> 700",
        650.0,
        700.0,
    )


def test_a_conversion_rate_is_keyed_by_transition_and_level(sample_plan):
    # Webinars MQL->SAL is 70 / 80 / 90 %.
    rates = sample_plan.source_named("Webinars").conversion
    new = with_source(sample_plan, "Webinars", conversion=with_month(rates, 1, RateRange(0.7, 0.85, 0.9)))
    assert only(diff_plans(sample_plan, new)) == (
        "sources[Webinars].conversion[MQL->SAL].likely",
        "Webinars MQL->SAL rate (likely): 80 % -> 85 %",
        0.8,
        0.85,
    )


def test_baseline_and_growth_have_their_units(sample_plan):
    new = with_source(sample_plan, "Webinars", baseline=350.0, growth=0.015)
    assert [c.label for c in diff_plans(sample_plan, new)] == [
        "Webinars baseline: 320 -> 350 leads a month",
        "Webinars growth: 0 % -> 1.5 % a month",
    ]


def test_marketing_commitment(sample_plan):
    marketing = tuple(
        replace(m, sqls_per_month=120.0) if m.segment == "Enterprise" else m for m in sample_plan.commitments.marketing
    )
    new = replace(sample_plan, commitments=replace(sample_plan.commitments, marketing=marketing))
    assert only(diff_plans(sample_plan, new)) == (
        "commitments.marketing[Enterprise].sqls_per_month",
        "Marketing's SQL commitment (Enterprise): 100 -> 120 a month",
        100.0,
        120.0,
    )


def test_first_touch_in_business_minutes_and_hours(sample_plan):
    response = tuple(
        replace(r, first_touch_minutes={"Hot": 10.0, "Warm": 480.0}[r.tier]) for r in sample_plan.commitments.response
    )
    new = replace(sample_plan, commitments=replace(sample_plan.commitments, response=response))
    changes = diff_plans(sample_plan, new)
    assert [(c.path, c.label) for c in changes] == [
        ("commitments.response[Hot].first_touch_minutes", "Hot first touch: 5 -> 10 business minutes"),
        ("commitments.response[Warm].first_touch_minutes", "Warm first touch: 4 h -> 8 h in business time"),
    ]


def test_headcount_is_keyed_by_role_kind_and_month(sample_plan):
    # The SDR team has 5 people from May; June is the sixth month.
    roles = tuple(
        replace(r, headcount=with_month(r.headcount, 5, 6)) if r.kind == "SDR" else r for r in sample_plan.team.roles
    )
    new = replace(sample_plan, team=replace(sample_plan.team, roles=roles))
    assert only(diff_plans(sample_plan, new)) == (
        "team.roles[SDR].headcount[2026-06]",
        "SDR headcount (Jun 2026): 5 -> 6",
        5,
        6,
    )


def test_average_deal_size_in_the_plan_currency(sample_plan):
    new = replace(sample_plan, terms=replace(sample_plan.terms, average_deal_size=30_000.0))
    assert only(diff_plans(sample_plan, new)) == (
        "terms.average_deal_size",
        "Average deal size: 24,000 -> 30,000 USD",
        24_000.0,
        30_000.0,
    )


def test_a_change_below_the_displayed_rounding_still_shows_digits(sample_plan):
    new = replace(sample_plan, terms=replace(sample_plan.terms, average_deal_size=24_000.4))
    assert only(diff_plans(sample_plan, new))[1] == "Average deal size: 24,000 -> 24,000.4 USD"


def test_definitions_threshold_and_a_criterion(sample_plan):
    defs = sample_plan.definitions
    fit = (replace(defs.fit[0], values=(50.0, 249.0)), replace(defs.fit[1], points=15.0), *defs.fit[2:])
    new = replace(sample_plan, definitions=replace(defs, sql_threshold=90.0, fit=fit))
    assert [(c.path, c.label) for c in diff_plans(sample_plan, new)] == [
        ("definitions.sql_threshold", "SQL threshold: 85 -> 90 points"),
        (
            "definitions.fit[company_size between 200 and 999].points",
            "Fit criterion 'Company size between 200 and 999': 20 -> 15 points",
        ),
        (
            "definitions.fit[company_size between 50 and 249]",
            "Fit criterion changed: Company size between 50 and 199 (10 points) -> "
            "Company size between 50 and 249 (10 points)",
        ),
    ]  # fmt: skip


def test_an_example_lead_and_a_hand_raise(sample_plan):
    defs = sample_plan.definitions
    example = replace(defs.examples[2], expect="mql")  # "Small firm asking for a demo" must be an SQL
    new = replace(
        sample_plan,
        definitions=replace(
            defs, examples=(*defs.examples[:2], example, *defs.examples[3:]), fast_lane_events=("demo_request",)
        ),
    )
    assert [c.label for c in diff_plans(sample_plan, new)] == [
        "Hand-raise event removed: contact request",
        "Example lead 'Small firm asking for a demo' must come out as: SQL -> MQL",
    ]


def test_rule_of_engagement_owner(sample_plan):
    rules = tuple(replace(r, owner="shared") if r.stage == "SQL" else r for r in sample_plan.engagement.stages)
    new = replace(sample_plan, engagement=replace(sample_plan.engagement, stages=rules))
    assert only(diff_plans(sample_plan, new)) == (
        "engagement.stages[SQL].owner",
        "SQL owner: sales -> shared",
        "sales",
        "shared",
    )


def test_reordered_sources_are_no_change(sample_plan):
    new = replace(sample_plan, sources=tuple(reversed(sample_plan.sources)))
    assert new != sample_plan
    assert diff_plans(sample_plan, new) == ()


def test_an_inserted_source_is_one_added_change(sample_plan):
    partners = replace(sample_plan.source_named("Webinars"), name="Partners")
    new = replace(sample_plan, sources=(sample_plan.sources[0], partners, *sample_plan.sources[1:]))
    path, label, old, added = only(diff_plans(sample_plan, new))
    assert (path, label, old) == ("sources[Partners]", "Lead source added: Partners", None)
    assert added["name"] == "Partners" and added["baseline"] == 320.0
    assert only(diff_plans(new, sample_plan))[:2] == ("sources[Partners]", "Lead source removed: Partners")


def test_a_renamed_stage_is_one_change_not_every_rate(sample_plan):
    new = with_stages(sample_plan, ("Lead", "MQL", "Accepted", "SQL", "Opportunity", "Won"))
    assert only(diff_plans(sample_plan, new))[1] == (
        "Stages: Lead, MQL, SAL, SQL, Opportunity, Won -> Lead, MQL, Accepted, SQL, Opportunity, Won"
    )


def test_changes_are_json_ready(sample_plan):
    new = replace(sample_plan, sources=sample_plan.sources[1:], terms=replace(sample_plan.terms, sales_cycle_days=90.0))
    changes = diff_plans(sample_plan, new)
    assert [c.label for c in changes] == ["Lead source removed: Organic search", "Sales cycle: 75 -> 90 days"]
    json.dumps([[c.path, c.label, c.old, c.new] for c in changes])


# -- results ---------------------------------------------------------------------------------------


def test_results_that_moved_as_displayed(sample_plan):
    """Revenue required is the target (15,850,000 over the year) x marketing's share:
    80 % gives 12,680,000 and 90 % gives 14,265,000; the planned revenue does not move, so the
    gap falls by the same 1,585,000."""
    settings = ResultSettings(runs=0)
    new = replace(sample_plan, terms=replace(sample_plan.terms, marketing_share=0.9))
    old_results, new_results = compute_results(sample_plan, settings), compute_results(new, settings)
    assert diff_results(old_results, old_results, plans=(sample_plan, sample_plan)) == ()
    changes = diff_results(old_results, new_results, plans=(sample_plan, new))
    assert [c.path for c in changes] == ["revenue_required", "revenue_gap"]
    assert changes[0].label == "Revenue required: 12,680,000 -> 14,265,000 USD"
    assert changes[1].new - changes[1].old == -1_585_000
    assert all(c.group == "result" for c in changes)


def test_simulated_probabilities_that_moved(sample_plan):
    settings = ResultSettings(runs=60, seed=1)
    response = tuple(
        replace(r, first_touch_minutes=1.0, target_share=0.95) if r.tier == "Hot" else r
        for r in sample_plan.commitments.response
    )
    new = replace(sample_plan, commitments=replace(sample_plan.commitments, response=response))
    old_results, new_results = compute_results(sample_plan, settings), compute_results(new, settings)
    changes = {c.path: c for c in diff_results(old_results, new_results, plans=(sample_plan, new))}
    hot = changes["p_met[Hot]"]
    assert hot.new < hot.old  # 95 % within one minute is harder to meet than 80 % within five
    old, new = round(hot.old * 100), round(hot.new * 100)
    assert hot.label == f"Chance the Hot first-touch promise is kept: {old} % -> {new} %"
    assert "sqls_planned" not in changes and "revenue_planned" not in changes


# -- properties -------------------------------------------------------------------------------------


def _set(plan: Plan, section: str, **fields: Any) -> Plan:
    return replace(plan, **{section: replace(getattr(plan, section), **fields)})


@st.composite
def single_edits(draw: st.DrawFn, plan: Plan) -> Plan:
    """The sample plan with one field set to a drawn value (which may be the value it had)."""
    kind = draw(st.sampled_from(["rate", "leads", "baseline", "deal", "target", "commitment", "minutes",
                                 "headcount", "threshold", "owner", "share"]))  # fmt: skip
    month = draw(st.integers(0, plan.horizon_months - 1))
    if kind == "rate":
        source = draw(st.sampled_from(plan.sources))
        k = draw(st.integers(0, len(source.conversion) - 1))
        level = draw(st.sampled_from(["low", "likely", "high"]))
        low, high = rate_level_bounds(source.conversion[k], level)
        rate = replace(source.conversion[k], **{level: draw(st.floats(low, high))})
        return with_source(plan, source.name, conversion=with_month(source.conversion, k, rate))
    if kind == "leads":
        leads = plan.source_named("Trade shows").monthly_leads
        value = draw(st.floats(0, 5000, allow_nan=False))
        return with_source(plan, "Trade shows", monthly_leads=with_month(leads, month, value))
    if kind == "baseline":
        source = draw(st.sampled_from(plan.sources))
        return with_source(plan, source.name, baseline=draw(st.floats(0, 1e5)))
    if kind == "deal":
        return _set(plan, "terms", average_deal_size=draw(st.floats(1, 1e6)))
    if kind == "target":
        value = draw(st.floats(0, 1e7))
        return _set(plan, "terms", revenue_target=with_month(plan.terms.revenue_target, month, value))
    if kind == "share":
        return _set(plan, "terms", marketing_share=draw(st.floats(0, 1)))
    if kind == "commitment":
        i = draw(st.integers(0, len(plan.commitments.marketing) - 1))
        m = replace(plan.commitments.marketing[i], sqls_per_month=draw(st.floats(0, 1e4)))
        return _set(plan, "commitments", marketing=with_month(plan.commitments.marketing, i, m))
    if kind == "minutes":
        i = draw(st.integers(0, len(plan.commitments.response) - 1))
        r = replace(plan.commitments.response[i], first_touch_minutes=draw(st.floats(0.5, 2000)))
        return _set(plan, "commitments", response=with_month(plan.commitments.response, i, r))
    if kind == "headcount":
        i = draw(st.integers(0, len(plan.team.roles) - 1))
        role = plan.team.roles[i]
        role = replace(role, headcount=with_month(role.headcount, month, draw(st.integers(0, 40))))
        return _set(plan, "team", roles=with_month(plan.team.roles, i, role))
    if kind == "threshold":
        return _set(plan, "definitions", sql_threshold=draw(st.floats(plan.definitions.mql_threshold, 10_000)))
    i = draw(st.integers(0, len(plan.engagement.stages) - 1))
    rule = replace(plan.engagement.stages[i], owner=draw(st.sampled_from(("", *OWNERS))))
    return _set(plan, "engagement", stages=with_month(plan.engagement.stages, i, rule))


#: The sample plan is immutable, so one fixture value serves every generated input.
SAME_PLAN = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@SAME_PLAN
@given(data=st.data())
def test_property_one_edit_one_change(sample_plan, data):
    new = data.draw(single_edits(sample_plan))
    assert diff_plans(new, new) == ()
    changes = diff_plans(sample_plan, new)
    assert len(changes) == (0 if new == sample_plan else 1)
    if changes:
        assert " -> " in changes[0].label


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    if isinstance(data, dict):
        return [
            leaf for k, v in data.items() if k not in ("format", "format_version") for leaf in _leaves(v, (*path, k))
        ]
    if isinstance(data, list):
        return [leaf for i, v in enumerate(data) for leaf in _leaves(v, (*path, i))]
    return [(path, data)]


def _set_leaf(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _field_groups(raw: dict[str, Any]) -> list[list[tuple[tuple[Any, ...], Any]]]:
    """The plan file's values grouped by field (list positions left out), so that every kind of
    field is as likely to be drawn as any other: the 168 arrival weights are one field."""
    groups: dict[tuple[Any, ...], list[tuple[tuple[Any, ...], Any]]] = {}
    for path, value in _leaves(raw):
        groups.setdefault(tuple(k for k in path if isinstance(k, str)), []).append((path, value))
    return list(groups.values())


def _candidates(value: Any) -> list[Any]:
    """Other values a field might take (some are refused by the plan, and skipped)."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, max(0, value - 1)]
    if isinstance(value, float):
        return [value / 2, value + 0.5, round(value * 1.1, 3), 0.0, 1.0]
    return [f"{value} 2", value.upper(), "", "sales", "SAL", "Europe/Berlin", "2026-12-31", "2026-02", "monthly",
            "contains", "sql", "closed_lost", "notify_owner", "clock"]  # fmt: skip


def _edited(plan: Plan, path: tuple[Any, ...], value: Any) -> Plan | None:
    raw = plan.to_dict()
    _set_leaf(raw, path, value)
    try:
        return Plan.from_dict(raw)
    except ValidationError:
        return None


def _assert_seen(old: Plan, new: Plan, where: Any) -> None:
    changes = diff_plans(old, new)
    assert bool(changes) == (new != old), where
    for c in changes:
        assert c.label and "Range(" not in c.label and "{'" not in c.label and "('" not in c.label, c.label


def test_every_field_of_the_plan_file_is_seen(sample_plan):
    """Each field of the plan file (every one the sample has), changed to a value the plan
    accepts, gives a change with a readable label, including fields without a label of their own."""
    seen = 0
    for group in _field_groups(sample_plan.to_dict()):
        path, value = group[0]
        for candidate in _candidates(value):
            new = _edited(sample_plan, path, candidate)
            if new is not None and new != sample_plan:
                _assert_seen(sample_plan, new, path)
                seen += 1
                break
    assert seen > 80  # nearly every field of the sample took an edit


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_any_value_of_the_plan_file_is_seen(sample_plan, data):
    """Any single value of the plan file set to another the plan accepts gives a non-empty diff
    of readable labels; set to itself, none."""
    group = data.draw(st.sampled_from(_field_groups(sample_plan.to_dict())))
    path, value = data.draw(st.sampled_from(group))
    new = _edited(sample_plan, path, data.draw(st.sampled_from([value, *_candidates(value)])))
    assume(new is not None)
    assert new is not None
    _assert_seen(sample_plan, new, path)


def test_a_longer_horizon_adds_one_month_to_each_monthly_series(sample_plan):
    """A 13th month repeats December's values: Trade shows 0 leads, revenue target 1,600,000."""
    assert [(c.path, c.label) for c in diff_plans(sample_plan, with_horizon(sample_plan, 13))] == [
        ("horizon_months", "Horizon: 12 -> 13 months"),
        ("sources[Trade shows].monthly_leads[2027-01]", "Trade shows leads (Jan 2027): 0 (added)"),
        ("terms.revenue_target[2027-01]", "Revenue target (Jan 2027): 1,600,000 USD (added)"),
    ]


def two_sdr_teams(plan: Plan) -> Plan:
    """The sample with a second SDR team, EMEA SDRs (Berlin, 3 reps), taking SMB."""
    sdr = plan.team.roles[0]
    berlin = replace(sdr.calendar, time_zone="Europe/Berlin", holidays=())
    emea = replace(sdr, name="EMEA SDRs", headcount=(3,), calendar=berlin, segments=("SMB",))
    return replace(plan, team=replace(plan.team, roles=(sdr, emea, *plan.team.roles[1:])))


def test_several_sdr_teams_are_named_by_team(sample_plan):
    two = two_sdr_teams(sample_plan)
    assert [c.label for c in diff_plans(sample_plan, two)] == ["Role added: SDR (EMEA SDRs)"]
    emea = two.team.roles[1]
    more = replace(two, team=replace(two.team, roles=(two.team.roles[0], replace(emea, headcount=(4,)),
                                                      *two.team.roles[2:])))  # fmt: skip
    labels = [c.label for c in diff_plans(two, more)]
    assert labels == ["EMEA SDRs headcount (Jan 2026): 3 -> 4"]
    assert diff_plans(two, more)[0].path == "team.roles[SDR: EMEA SDRs].headcount[2026-01]"
    wider = replace(emea, segments=("SMB", "Enterprise"))
    routed = replace(two, team=replace(two.team, roles=(two.team.roles[0], wider, *two.team.roles[2:])))
    assert only(diff_plans(two, routed))[1] == "EMEA SDRs segments: SMB -> SMB, Enterprise"


def test_a_split_shift_change_is_seen(sample_plan):
    sdr = sample_plan.team.roles[0]
    split = tuple((d, 8.0, 12.0) for d in ("mon", "tue")) + tuple((d, 13.0, 17.0) for d in ("mon", "tue"))
    before = replace(sample_plan, team=replace(sample_plan.team, roles=(
        replace(sdr, calendar=replace(sdr.calendar, working_hours=split)), *sample_plan.team.roles[1:])))  # fmt: skip
    later = tuple((d, 8.0, 11.0) if (d, a) == ("mon", 8.0) else (d, a, b) for d, a, b in split)
    after = replace(before, team=replace(before.team, roles=(
        replace(sdr, calendar=replace(sdr.calendar, working_hours=later)), *before.team.roles[1:])))  # fmt: skip
    assert only(diff_plans(before, after))[1] == (
        "SDR working hours (Mon): 08:00–12:00, 13:00–17:00 -> 08:00–11:00, 13:00–17:00"
    )
