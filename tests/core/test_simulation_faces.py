"""Issue 13, found by trying the product on 3 December 2026: what the simulation says must mean what
its label says on every face. Lead patience's SQLs and revenue lost are shown (they were only in the
JSON), its waits are said to be of the leads touched, the first-touch curve counts the lost leads; a
plan with no leads says so on the command line too; several SDR teams are counted together where a
figure is for all SDRs; business-time waits are never said in 24-hour days."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from slaplanner.cli.commands.simulate import format_result
from slaplanner.engine.simulation import simulate
from slaplanner.plan.format import fmt_waited, wait_spread_text
from slaplanner.plan.model import Plan

RUNS = 80
EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"


@pytest.fixture(scope="module")
def patient(sample_plan_module):
    plan = replace(sample_plan_module, team=replace(sample_plan_module.team, lead_patience_hours=2.0))
    return plan, simulate(plan, runs=RUNS, rng=np.random.default_rng(4), seed=4)


@pytest.fixture(scope="module")
def sample_plan_module():
    from slaplanner.samples import sample_plan_text

    return Plan.from_dict(json.loads(sample_plan_text()))


def test_lead_patience_shows_the_sqls_and_revenue_lost_on_the_command_line(patient):
    plan, result = patient
    assert result.sqls_lost > 0  # a 2 h patience loses the leads that arrive at night
    text = format_result(plan.name, plan.currency, result)
    sentence = result.patience_loss_text(plan.currency)
    assert sentence in text
    assert f"about {result.sqls_lost:,.0f} SQLs over the plan (the average run; " in sentence
    assert f"{result.revenue_lost:,.0f} USD of revenue" in sentence
    for t in result.response:
        assert f"{t.lost_share * 100:.1f} % of {t.tier}" in sentence
    # the waits quoted are of the leads touched, and say so
    assert "(of the leads touched; " in text and "lost to lead patience)" in text


def test_with_patience_the_first_touch_curve_counts_the_lost_leads(patient):
    """The curve is the share of *all* the tier's leads touched within t, so it tops out at the share
    touched, and at the tier's target it agrees with "within target" (the chart's marker sat at 69 %
    below a curve at 99 %)."""
    _plan, result = patient
    for t in result.response:
        assert sum(t.histogram_share) == pytest.approx(1.0 - t.lost_share, abs=1e-9)
        edges = np.array(t.histogram_edges)
        below = np.cumsum(t.histogram_share)[np.searchsorted(edges, t.target_minutes, side="right") - 2]
        assert below <= t.p_within_target + 1e-9  # the edge below the target: no more than within it


def test_without_patience_the_curve_is_every_lead_and_nothing_is_said_lost(sample_plan_module):
    plan = sample_plan_module
    result = simulate(plan, runs=RUNS, rng=np.random.default_rng(4), seed=4, search_headcount=False)
    assert result.patience_loss_text("USD") == ""
    for t in result.response:
        assert sum(t.histogram_share) == pytest.approx(1.0)
    assert "lost to lead patience" not in format_result(plan.name, plan.currency, result)


def test_the_no_headcount_warning_names_lead_patience_when_it_is_on(patient):
    _plan, result = patient
    warning = next(w for w in result.warnings if w.startswith("No SDR headcount tried"))
    assert "the lead patience (a lead not touched within its patience, 2 h on average" in warning


def test_a_plan_without_leads_says_so_on_the_command_line(sample_plan_module):
    """Not "Hot: 0.0 % within 5 ..." beside "P(target met): 100 %" (the window already said so)."""
    plan = replace(sample_plan_module, sources=tuple(replace(s, volume_mode="monthly", monthly_leads=(0.0,) * 12)
                                                     for s in sample_plan_module.sources))  # fmt: skip
    result = simulate(plan, runs=20, rng=np.random.default_rng(1), seed=1, search_headcount=False)
    text = format_result(plan.name, plan.currency, result)
    assert "No SQLs arrive in the plan's horizon: nothing to touch (not met, not missed)." in text
    assert "within 5" not in text and "P(target met)" not in text
    assert result.bottleneck == "" and "Bottleneck: none: no SQLs arrive in the plan's horizon" in text


def test_one_run_and_one_day_are_singular(sample_plan_module):
    commitments = sample_plan_module.commitments
    hot = replace(commitments.response[0], touches=3, touch_days=1.0)
    plan = replace(sample_plan_module, commitments=replace(commitments, response=(hot, *commitments.response[1:])))
    one = simulate(plan, runs=1, rng=np.random.default_rng(1), seed=1, search_headcount=False)
    text = format_result(plan.name, plan.currency, one)
    assert "(1 run, seed 1" in text and "3 touches in 1 day:" in text


def test_several_sdr_teams_show_each_teams_headcount_and_are_staffed_together():
    from slaplanner.negotiation.compare import figures_of
    from slaplanner.results import ResultSettings, compute_results
    from slaplanner.storage import load_plan

    plan = load_plan(EXAMPLES / "two-sdr-teams-short.json")
    results = compute_results(plan, ResultSettings(runs=100, seed=1))
    sim = results.simulation
    text = format_result(plan.name, plan.currency, sim)
    each = ", ".join(f"{name} {c.needed_text}" for name, c in sim.headcount_by_team)
    assert f"SDR {sim.headcount.needed_text} ({each})" in text
    # compare: the SDRs staffed are both teams' people (it showed the last team's alone)
    teams = plan.team.sdr_teams
    n = plan.horizon_months
    both = sum(sum(r.headcount_in(m) for m in range(n)) / n for r in teams)
    assert len(teams) == 2 and both > max(sum(r.headcount_in(m) for m in range(n)) / n for r in teams)
    assert figures_of("A", plan, results).headcount_staffed["SDR"] == pytest.approx(both)


def test_business_time_waits_are_said_in_hours_never_in_24_hour_days():
    """36,757 minutes of business time is about 76 working days of 8 hours, not "25.5 days"."""
    assert fmt_waited(36_757, business=True) == "within 613 h"
    assert fmt_waited(36_757) == "within 25.5 days"  # clock time: days are days
    assert fmt_waited(90, business=True) == "within 1.5 h"
    spread = wait_spread_text(0.2, 3, 36_757, business=True)
    assert spread == "half at once, 9 in 10 within 3 min, 19 in 20 within 613 h"


def test_two_roles_of_one_name_are_refused_naming_the_second(sample_plan_module):
    """Results are given per team name: a second SDR team called "SDR team" made one team's figures
    vanish (utilisation under one key, one team's search in by_team)."""
    from slaplanner.errors import ValidationError

    team = sample_plan_module.team
    sdr = team.roles[0]
    twin = replace(sdr, segments=("Enterprise",))
    with pytest.raises(ValidationError) as refused:
        replace(team, roles=(replace(sdr, segments=("SMB", "Mid-Market")), team.roles[1], twin))
    problem = refused.value.problems[0]
    assert problem.field == "roles[2].name" and "a name no other role of the team has" in problem.allowed


def test_a_figure_just_over_its_limit_never_reads_as_the_limit():
    """"85 % (maximum 85 %)" and "over capacity: the work needs 100 % of capacity" were a figure over
    its limit rounded onto it."""
    from slaplanner.plan.format import fmt_pct_beside

    assert fmt_pct_beside(0.854, 0.85) == "85.4 %"
    assert fmt_pct_beside(1.003, 1.0) == "100.3 %"
    assert fmt_pct_beside(1.00004, 1.0) == "100.00 %"  # as close as two decimals say
    assert fmt_pct_beside(0.91, 0.85) == "91 %" and fmt_pct_beside(0.85, 0.85) == "85 %"


def test_an_hour_out_of_range_is_said_once(sample_plan_module):
    """[9, 25] said "25: a number from 0 to 24" and then "25: a time after the start (9)", which it is."""
    from slaplanner.errors import ValidationError

    data = sample_plan_module.to_dict()
    data["team"]["roles"][0]["calendar"]["working_hours"]["mon"] = [9, 25]
    with pytest.raises(ValidationError) as refused:
        Plan.from_dict(data)
    said = [(p.field, p.allowed) for p in refused.value.problems]
    assert said == [("team.roles[0].calendar.working_hours.mon.end", "allowed: a number from 0 to 24")]


def test_a_segment_typed_wrong_on_an_sdr_team_is_named(sample_plan_module):
    from slaplanner.engine.simulation import feasibility_problems

    team = sample_plan_module.team
    sdr = replace(team.roles[0], segments=("Nope",))
    plan = replace(sample_plan_module, team=replace(team, roles=(sdr, team.roles[1])))
    problem = feasibility_problems(plan)[0]
    assert problem.field == "team.roles[SDR].segments"
    assert "an SDR team routes 'Nope', which is not one of the plan's segments (Mid-Market, SMB, Enterprise)" in (
        problem.allowed
    )


def test_the_sla_document_says_business_time_waits_in_hours(patient):
    """The PDF said Warm "half within 25.1 days" for 36,757 minutes of business time."""
    from slaplanner.exports.document import _waits_text

    _plan, result = patient
    tier = replace(result.response[1], clock="business", median_minutes=36_757.0, p95_minutes=40_000.0, lost_share=0)
    assert _waits_text(tier) == "half within 613 h, 19 in 20 within 667 h"
    assert "days" in _waits_text(replace(tier, clock="clock"))


def test_one_day_and_one_attempt_are_singular_in_the_sla_document(sample_plan_module):
    """"12 touches in 1 days" (the window) and "at least 1 attempts" (the document)."""
    from slaplanner.exports.document import build_document
    from slaplanner.plan.format import days_text
    from slaplanner.results import ResultSettings, compute_results

    assert (days_text(1), days_text(0.5), days_text(14)) == ("1 day", "0.5 days", "14 days")
    commitments = sample_plan_module.commitments
    hot = replace(commitments.response[0], touches=1, touch_days=1.0)
    plan = replace(sample_plan_module, commitments=replace(commitments, response=(hot, *commitments.response[1:])))
    text = str(build_document(plan, compute_results(plan, ResultSettings(runs=0))))
    assert "1 attempt within 1 day of the lead's arrival" in text
    assert not re.search(r"\b1 (attempts|days)\b", text)


def test_a_tier_without_a_cadence_says_so_instead_of_0_touches(sample_plan_module):
    """"0 touches in 5 days: P(met) 100 %" read as a promise kept (the page: tests/ui/test_simulation_page.py)."""
    commitments = sample_plan_module.commitments
    warm = replace(commitments.response[1], touches=0)
    plan = replace(sample_plan_module, commitments=replace(commitments, response=(commitments.response[0], warm)))
    result = simulate(plan, runs=20, rng=np.random.default_rng(1), seed=1, search_headcount=False)
    text = format_result(plan.name, plan.currency, result)
    assert "no follow-up cadence promised" in text and "0 touches" not in text


def test_the_sla_document_names_every_sdr_team_as_owner():
    """"Owners:" named the first SDR team alone."""
    from slaplanner.exports.document import build_document
    from slaplanner.results import ResultSettings, compute_results
    from slaplanner.storage import load_plan

    plan = load_plan(EXAMPLES / "two-sdr-teams-short.json")
    text = str(build_document(plan, compute_results(plan, ResultSettings(runs=0))))
    assert (
        "Owners: Americas SDRs for Mid-Market and SMB (3 SDRs over the period, working in America/New_York time) "
        "and EMEA SDRs for Enterprise (1 SDR over the period, working in Europe/London time)."
    ) in text


def test_a_plan_without_leads_says_so_in_the_document_and_the_workbook(sample_plan_module):
    """Found on 3 December 2026 (third session): with no SQLs the SLA document gave every tier a
    "100 %" chance beside "half at once, 19 in 20 at once", and the workbook's Summary 100 % too; a
    chance of 100 % of nothing is neither met nor missed, so every face says there is nothing to touch.
    The marketing row's weakest month, 0 % in every month, names no month as weaker than the others."""
    from slaplanner.engine.simulation import NO_SQLS_TEXT
    from slaplanner.exports.blocks import Table
    from slaplanner.exports.document import build_document
    from slaplanner.exports.workbook import build_workbook
    from slaplanner.results import ResultSettings, compute_results

    plan = replace(sample_plan_module, sources=tuple(replace(s, volume_mode="monthly", monthly_leads=(0.0,) * 12)
                                                     for s in sample_plan_module.sources))  # fmt: skip
    results = compute_results(plan, ResultSettings(runs=20, seed=1))
    assert results.simulation is not None and not any(t.has_sqls for t in results.simulation.response)
    document = build_document(plan, results)
    chances = next(b for b in document.blocks if isinstance(b, Table) and b.header[0] == "Commitment")
    marketing, *tiers = chances.rows
    assert marketing[1:] == ("0 %", "0 % (every month)")
    assert [r[1:] for r in tiers] == [(NO_SQLS_TEXT, "")] * 6
    sales = next(b for b in document.blocks if isinstance(b, Table) and "Simulated" in b.header)
    assert [r[-2:] for r in sales.rows] == [(NO_SQLS_TEXT, "")] * 2
    built = build_workbook(plan, results)
    rows = [[c.value for c in row if c.value is not None] for row in built.workbook["Summary"].iter_rows()]
    for tier in ("Hot", "Warm"):
        row = next(r for r in rows if r and r[0] == tier)
        assert row.count(NO_SQLS_TEXT) == 2 and 1.0 not in row  # first touch and cadence; no 100 %


def test_a_chance_the_same_in_every_month_names_no_weakest_month():
    from slaplanner.plan.format import weakest_month

    months = ("2026-01", "2026-02", "2026-03")
    assert weakest_month((0.0, 0.0, 0.0), months) is None
    assert weakest_month((1.0, 0.9996, 1.0), months) is None  # all show as 100 %
    assert weakest_month((0.5, 0.4, 0.5), months) == "Feb 2026"


def test_compare_says_no_sqls_to_touch_for_a_tier_without_sqls(sample_plan_module):
    """The comparison (command line, Compare page, workbook's Proposals sheet) showed "100 %" for a
    tier none of whose SQLs arrived."""
    from slaplanner.engine.simulation import NO_SQLS_TEXT
    from slaplanner.negotiation.compare import _cells, figures_of
    from slaplanner.results import ResultSettings, compute_results

    hot, warm = sample_plan_module.commitments.response
    tiers = (replace(hot, share_of_sqls=0.0), replace(warm, share_of_sqls=1.0))
    plan = replace(sample_plan_module, commitments=replace(sample_plan_module.commitments, response=tiers))
    figures = figures_of("No hot", plan, compute_results(plan, ResultSettings(runs=20, seed=1)))
    assert figures.no_sqls == frozenset({"Hot"}) and figures.chance_shown("Hot") == NO_SQLS_TEXT
    cells = _cells(figures)  # the text each face shows (command line, Compare page)
    assert cells["p_met[Hot]"] == NO_SQLS_TEXT and cells["p_met[Warm]"].endswith("%")


def test_the_exports_say_what_each_simulated_figure_is(sample_plan_module):
    """Found checking the exports against the page (3 December 2026, third session): the SLA's tier
    table headed the target share "Leads in time" and gave no simulated share; the workbook called a
    share of leads "P(within target)", the SDRs needed "every first touch" (the search counts the
    cadence too), and the Proposals sheet's tier row "Chance met" (it is the first touch's)."""
    from slaplanner.exports.blocks import Table
    from slaplanner.exports.document import build_document
    from slaplanner.exports.workbook import build_workbook
    from slaplanner.results import ResultSettings, compute_results

    results = compute_results(sample_plan_module, ResultSettings(runs=30, seed=1))
    document = build_document(sample_plan_module, results)
    table = next(b for b in document.blocks if isinstance(b, Table) and "Simulated" in b.header)
    assert table.header[4] == "Target share"
    for row, t in zip(table.rows, results.simulation.response):
        assert row[4] == f"{t.target_share * 100:.0f} %"
        assert row[5].startswith(f"{t.p_within_target * 100:.1f} % in time; ")
    book = build_workbook(sample_plan_module, results).workbook
    values = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "Share within target" in values and "P(within target)" not in values
    assert "SDRs for a 90 % chance, first touch and cadence" in values
    assert "Chance first touch met: Hot" in values and "Chance met: Hot" not in values


def test_a_cadence_below_its_target_is_an_open_item():
    """The two-team example: the Hot and Warm cadences kept with a chance below 90 % had no open item
    (only the first touch had); each promise below the target chance is one now, said aloud right."""
    from slaplanner.exports.open_items import open_items
    from slaplanner.results import ResultSettings, compute_results
    from slaplanner.storage import load_plan

    plan = load_plan(EXAMPLES / "two-sdr-teams-short.json")
    results = compute_results(plan, ResultSettings(runs=300, seed=3))
    items = {i.topic: i for i in open_items(plan, results)}
    target = results.simulation.headcount.target_probability
    for t in results.simulation.response:
        cadence = items.get(f"{t.tier} follow-up cadence")
        assert (cadence is not None) == (t.p_touches_met < target), t
        if cadence is not None:
            pct = round(t.p_touches_met * 100)
            article = "an" if pct in (8, 11, 18) or 80 <= pct < 90 else "a"  # "an 89 %", "a 76 %"
            assert f"is kept with {article} {pct} % chance over the whole plan" in cadence.finding
            assert f"({t.touches_within * 100:.1f} % of the leads got them)" in cadence.finding


def test_the_sla_document_draws_each_sdr_teams_headcount_curve():
    """With several SDR teams the document had no headcount chart (the pooled curve is empty: each team
    has its own search); it now draws a line per team."""
    from slaplanner.exports.blocks import Figure
    from slaplanner.exports.document import build_document
    from slaplanner.results import ResultSettings, compute_results
    from slaplanner.storage import load_plan

    plan = load_plan(EXAMPLES / "two-sdr-teams-short.json")
    results = compute_results(plan, ResultSettings(runs=100, seed=3))
    assert not results.simulation.headcount.points and results.simulation.headcount_by_team
    captions = [b.caption for b in build_document(plan, results).blocks if isinstance(b, Figure)]
    assert (
        "Probability that every first-touch promise and follow-up cadence is kept, by SDR headcount of each team "
        "(on its own leads)" in captions
    )


def test_the_segment_tables_total_gives_the_chance_every_segment_meets_its_own(sample_plan_module):
    """Found checking the exports (3 December 2026, third session): the SLA document's segment table left
    the Total row's chance blank; marketing's commitment is met in a month only when every segment
    meets its own, which is the chance the Probabilities table gives, not a sum of the rows above."""
    from slaplanner.exports.blocks import Table
    from slaplanner.exports.document import build_document
    from slaplanner.results import ResultSettings, compute_results

    results = compute_results(sample_plan_module, ResultSettings(runs=30, seed=1))
    sim = results.simulation
    document = build_document(sample_plan_module, results)
    table = next(b for b in document.blocks if isinstance(b, Table) and b.header[0] == "Segment")
    total = table.rows[-1]
    every = sum(sim.sql_p_met) / len(sim.sql_p_met)
    assert total[0] == "Total" and total[3] == f"{every * 100:.0f} % (all at once)"
    by_segment = dict(sim.sql_p_met_by_segment)
    assert every <= min(sum(p) / len(p) for p in by_segment.values())  # never more than any one segment's
