"""The Overview's answer: one plain verdict for marketing, sales and revenue, the months named."""

from __future__ import annotations

from dataclasses import replace

from slaplanner.plan.commitments import Commitments, SqlCommitment
from slaplanner.plan.edits import Edit


def overview(window):
    index = next(i for i, p in enumerate(window.pages) if p.title == "Overview")
    window.show_page(index)
    return window.pages[index]


def test_sample_is_short_in_some_months_although_the_year_has_spare(window):
    """The sample plans 4,262 SQLs against 4,062 required over the year, but July, August and
    December are planned below their need (285 < 339, 276 < 352, 283 < 388): the verdict must
    say so rather than "on track"."""
    text = overview(window).answer_labels["marketing"].text()
    assert "It is short of the goal in Jul–Aug and Dec 2026." in text
    revenue = overview(window).answer_labels["revenue"].text()
    assert "Reached over the plan, but short in" in revenue


def test_commitment_met_in_every_month_is_said(window):
    doc = window.document
    plan = doc.plan
    low_commitment = replace(plan.commitments, marketing=(SqlCommitment("SMB", 100.0),))
    doc.apply(Edit(("commitments",), low_commitment, "Lower commitment"))
    assert "The plan delivers the commitment in every month." in overview(window).answer_labels["marketing"].text()
    doc.apply(Edit(("commitments",), Commitments(response=plan.commitments.response), "No commitment"))
    assert "no commitment yet" in overview(window).answer_labels["marketing"].text()


def test_commitments_page_marks_planned_figures_below_the_commitment(window, qtmodeltester):
    """Sample: Mid-Market commits 165 SQLs a month; its lowest planned month is about 126, its
    average about 172 -> only the lowest month is marked."""
    from ui.qt import Qt

    index = window.page_named("Commitments")
    window.show_page(index)
    model = window.pages[index].marketing_model
    row = window.document.plan.segments.index("Mid-Market")
    assert model.below_commitment(row, 2) and not model.below_commitment(row, 1)
    assert model.data(model.index(row, 2), Qt.ItemDataRole.ForegroundRole) is not None
    qtmodeltester.check(model)


def test_marketing_names_the_months_below_the_commitment(window):
    """Sample: 335 SQLs a month committed (SMB 70 + Mid-Market 165 + Enterprise 100); planned SQLs
    are 320 in Jan, 285 in Jul, 276 in Aug and 283 in Dec 2026, all below 335."""
    text = overview(window).answer_labels["marketing"].text()
    assert "335 committed" in text
    assert "less than the commitment in Jan, Jul–Aug and Dec 2026" in text


def test_sales_says_not_simulated_yet_with_a_button_then_answers_then_says_stale(window, qtbot):
    page = overview(window)
    window.show()
    assert "not simulated yet — run the simulation" in page.answer_labels["sales"].text()
    assert page.simulate_button.isVisible()
    # the button runs this on a worker thread; here it runs at once, through the same shared service
    window.document.results.service.simulation(window.document.plan, 200, 1)
    page.refresh(window.document.plan)
    sales = page.answer_labels["sales"].text().replace("&nbsp;", " ")  # "80&nbsp;%" never wraps
    assert "Hot leads: first touch within 5 min (business time) for 80 % of them" in sales
    assert "SDR team:" in sales and "staffed" in sales
    assert "The bottleneck:" in sales and "2026-" not in sales  # months as "Sep 2026", never ISO
    assert not page.simulate_button.isVisible()
    # an edit after the run: the answer says which simulation it comes from, and offers a new run
    plan = window.document.plan
    window.document.apply(Edit(("sources", 0, "baseline"), plan.sources[0].baseline + 10, "Edit"))
    assert "from the simulation before your last change" in page.answer_labels["sales"].text().lower()
    assert page.simulate_button.isVisible()
    window.document.undo_stack.undo()  # back to the simulated plan: current again
    assert "before your last change" not in page.answer_labels["sales"].text()


def test_a_busiest_team_within_its_limit_is_no_failure_and_the_cadence_is_a_promise_too(window):
    """New-user trial: the bottleneck line was a red ✘ at 71 % against a maximum of 85 %, and "6
    SDRs needed" stood beside "chance 100 %" for the first touch with no word of the cadence."""
    from ui.pages.overview import sales_verdicts

    plan = window.document.plan
    sim = window.document.results.service.simulation(plan, 200, 1)
    busy = sales_verdicts(plan, sim)[-1]
    assert busy[0] is False and busy[1].startswith("The bottleneck: Account executives")  # 96 % > 85 %
    calm_roles = tuple(replace(r, utilisation=tuple(min(u, 0.5) for u in r.utilisation)) for r in sim.roles)
    calm = replace(sim, roles=calm_roles)
    ok, text = sales_verdicts(plan, calm)[-1]
    assert ok and text.startswith("The busiest team, within its limit: ")
    hot = sales_verdicts(plan, sim)[0][1]
    assert "Chance all 6 touches happen within 5 days: <b>" in hot


def test_the_sqls_chart_shows_the_commitment_beside_planned_and_required(window, qtbot):
    """Issue 14: marketing's side by month is planned vs committed vs required on one chart."""
    page = overview(window)
    window.show()
    state = page.sql_chart._state
    committed = sum(c.sqls_per_month for c in window.document.plan.commitments.marketing)
    assert committed > 0 and list(state["reference"].get_ydata()) == [committed] * 12
    labels = [t.get_text() for t in state["ax"].get_legend().get_texts()]
    assert labels == ["Planned", "Committed", "Required"]
    plan = window.document.plan
    window.document.apply(Edit(("commitments", "marketing"), (), "Remove the commitment"))
    assert page.sql_chart._state.get("reference") is None  # no commitment, no line
    window.document.undo_stack.undo()
    assert window.document.plan == plan


def test_the_revenue_line_names_the_whole_goal_and_marketings_share(window):
    """New-user trial: the 6,000,000 goal typed in the set-up never appeared, only marketing's part."""
    from ui.pages.overview import revenue_verdict

    page = overview(window)
    _ok, text = revenue_verdict(window.document.plan, page.result)
    assert "against a goal of 12,680,000 USD (marketing's 80 % of the 15,850,000 USD goal)" in text


def test_an_edit_that_shortens_a_verdict_does_not_resize_the_charts(window, qtbot):
    """Tripling a source's leads and back changes how many lines the verdicts take. The charts
    below must keep their size (no jump on the projector, and only their data is drawn again: the
    repaint benchmark's large edits went from 158 ms to 52 ms)."""
    from ui.charts import ChartCanvas

    window.show()
    qtbot.waitExposed(window)
    page = overview(window)
    qtbot.wait(50)
    charts = page.findChildren(ChartCanvas)
    base = window.document.plan.sources[0].baseline
    sizes = set()
    for value in (base * 3, base, base * 3, base):
        window.document.apply(Edit(("sources", 0, "baseline"), value, "Edit baseline"))
        qtbot.wait(20)
        window.grab()
        sizes.add(tuple((c.width(), c.height()) for c in charts))
    assert len(sizes) == 1, sizes


def test_a_simulation_run_elsewhere_updates_the_sales_answer_at_once(window, qtbot):
    """New-user trial: after 'Simulation done' on the Simulation page the Overview still said 'not
    simulated yet' (it only redrew on a plan change)."""
    page = overview(window)
    window.show()
    assert "not simulated yet" in page.answer_labels["sales"].text()
    window.document.results.service.simulation(window.document.plan, 200, 1)  # as the Simulation page does
    qtbot.waitUntil(lambda: "not simulated yet" not in page.answer_labels["sales"].text(), timeout=2000)
    assert "Hot leads: first touch within" in page.answer_labels["sales"].text()


def test_a_quick_estimate_is_labelled_and_does_not_claim_a_headcount(window, qtbot):
    """New-user trial: the quick answer (no headcount search) read 'more than the simulation tried are
    needed' and nothing said it was a quick estimate."""
    page = overview(window)
    window.show()
    plan = window.document.plan
    window.document.results.service.quick_simulation(plan, window.document.results.settings)
    page.refresh(plan)
    text = page.answer_labels["sales"].text().replace("&nbsp;", " ")
    assert "Quick estimate (250 runs)" in text
    assert "more than the simulation tried" not in text
    assert "the full run says how many are needed" in text


def test_people_lines_say_what_each_number_is(window):
    """New-user trial: 'AEs 22 for a 90 % chance of keeping every promise' while 22 is the AEs for
    the 90th percentile of open opportunities."""
    from ui.pages.overview import sales_verdicts

    plan = window.document.plan
    sim = window.document.results.service.simulation(plan, 200, 1)
    people = next(t for _ok, t in sales_verdicts(plan, sim) if t.startswith("People: "))
    assert "4 needed, 5 staffed (for a 90 % chance of every first-touch promise and cadence)" in people
    assert f"{sim.ae_needed} needed, 18 staffed (for a busy month's open opportunities, 90th percentile)" in people


def test_marketing_names_the_simulated_chance_beside_the_plans_totals(window, qtbot):
    """New-user trial: the Overview said the plan delivers the commitment in Feb-Jun while the
    Simulation page gave 11-25 % for those months (every segment must meet its own number). With a
    simulation of the current plan the Marketing answer gives both, and says which is which."""
    from ui.pages.overview import marketing_chance

    page = overview(window)
    window.show()
    plan = window.document.plan
    sim = window.document.results.service.simulation(plan, 200, 1)
    page.refresh(plan)
    text = page.answer_labels["marketing"].text().replace("&nbsp;", " ")
    ok, line = marketing_chance(sim)
    assert line in text and not ok
    head = "Simulated, every segment its own commitment, the conversion rates drawn from their ranges: a chance of 0 %"
    assert head in line
    assert "(the line above uses the likely rates)" in line


def test_a_full_run_of_the_plan_before_an_edit_finishing_late_does_not_hide_the_plans_own_answer(window, qtbot):
    """New-user trial: Run the simulation, set 3 SDRs while it runs: the quick estimate of the
    3-SDR plan landed first, then the full run of the 5-SDR plan, which the Overview showed (green
    ticks, '4 needed, 5 staffed') as 'from the simulation before your last change' although the
    plan as it is had an answer. The Overview shows the plan's own run whenever one is kept."""
    page = overview(window)
    window.show()
    doc = window.document
    before = doc.plan
    team = before.team
    sdr = next(r for r in team.roles if r.kind == "SDR")
    three = replace(sdr, headcount=tuple(3 for _ in sdr.headcount))
    doc.apply(Edit(("team",), replace(team, roles=tuple(three if r is sdr else r for r in team.roles)), "3 SDRs"))
    service = doc.results.service
    service.quick_simulation(doc.plan, doc.results.settings)  # the edited plan's quick estimate lands first
    service.simulation(before, 200, 1)  # then the full run of the plan before the edit
    page.refresh(doc.plan)
    text = page.answer_labels["sales"].text().replace("&nbsp;", " ")
    assert "Quick estimate (250 runs)" in text
    assert "before your last change" not in text
    assert "SDR team: 3 staffed" in text


def test_the_quick_estimates_people_line_has_no_verdict_yet(window):
    """New-user trial: '✔ People: SDR team: 5 staffed; the full run says how many are needed' was
    ticked green with no answer behind it; it has a neutral mark until the full run."""
    from ui.pages.overview import sales_verdicts

    doc = window.document
    team = doc.plan.team
    doc.apply(Edit(("team",), replace(team, roles=tuple(r for r in team.roles if r.kind == "SDR")), "SDRs only"))
    plan = doc.plan
    sim = doc.results.service.quick_simulation(plan, doc.results.settings).result
    ok, people = next((ok, t) for ok, t in sales_verdicts(plan, sim) if t.startswith("People: "))
    assert ok is None and "the full run says how many are needed" in people
    page = overview(window)
    page.refresh(plan)
    assert "•</span> People: " in page.answer_labels["sales"].text()


def test_a_simulation_of_the_committed_sqls_claims_no_chance_for_marketing(window):
    """New-user trial: with Load 'Committed SQLs' the Overview said '✘ The plan delivers less than the
    commitment in Jan' and right below '✔ Simulated ...: a chance of 100 %': that simulation draws
    the committed SQLs themselves (met by construction). No chance is claimed and the sales answer
    says which load it is on."""
    from ui.pages.overview import marketing_chance

    doc = window.document
    doc.results.update(load="committed")
    plan = doc.plan
    sim = doc.results.service.simulation(plan, 200, 1, load="committed")
    assert marketing_chance(sim) is None
    page = overview(window)
    page.refresh(plan)
    assert "Simulated, every segment" not in page.answer_labels["marketing"].text()
    assert "Simulated on marketing's committed SQLs." in page.answer_labels["sales"].text().replace("&nbsp;", " ")


def test_the_simulated_chance_names_the_rate_level_the_line_above_uses(window):
    """New-user trial: with Rate level Low the marketing line still said '(above: the plan's total at
    likely rates)'."""
    from ui.pages.overview import marketing_chance

    sim = window.document.results.service.simulation(window.document.plan, 200, 1)
    _ok, line = marketing_chance(sim, "low")
    assert "(the line above uses the low rates)" in line


def test_the_overview_writes_each_chance_as_the_simulation_page_does(window):
    """New-user trial: the Overview showed '96.4 %' where the Simulation page showed '96 %'."""
    from slaplanner.plan.format import fmt_pct
    from ui.pages.overview import sales_verdicts
    from ui.pages.simulation import summary_html

    plan = window.document.plan
    sim = window.document.results.service.simulation(plan, 200, 1)
    page_text = summary_html(sim, plan.currency, plan=plan)
    for tier, (_ok, line) in zip(sim.response, sales_verdicts(plan, sim)):
        assert f"Chance we keep the promise: <b>{fmt_pct(tier.p_met)}</b>" in line
        assert f"chance we keep the promise over the whole plan <b>{fmt_pct(tier.p_met)}</b>" in page_text
        assert f"<b>{fmt_pct(tier.p_touches_met)}</b>." in line
