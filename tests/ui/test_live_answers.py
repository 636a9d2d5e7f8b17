"""Live answers (issue 13): after every edit a quick simulation re-runs on a worker thread,
debounced; the Simulation page labels it as quick, marks the full run out of date until it is run
again, and never shows another plan's results without saying so.

The page is shown (a window on screen is what asks for live answers); the quick run uses 40 runs
and the full run 120, so each test takes a few seconds.
"""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from slaplanner.plan.edits import Edit
from slaplanner.results import (
    AGREE_POINTS,
    ResultSettings,
    estimate_vs_simulation,
    off_hours_share,
    quick_precision,
    run_simulation,
)
from ui.document import PlanDocument
from ui.pages.simulation import SimulationPage
from ui.results import DEBOUNCE_MS

QUICK, FULL = 40, 120
HEADCOUNT = ("team", "roles", 0, "headcount")

# Offscreen, a page shown as a window of its own says so; harmless.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def edit_headcount(document: PlanDocument, value: int) -> None:
    document.apply(Edit(HEADCOUNT, (value,), f"Edit SDR headcount to {value}", merge_key=f"hc{value}"))


@pytest.fixture
def page(qtbot, sample_plan):
    document = PlanDocument(sample_plan)
    document.results.update(runs=FULL, quick_runs=QUICK)
    page = SimulationPage(document)
    qtbot.addWidget(page)
    document.planChanged.connect(page.refresh)  # as the window does for the page shown
    page.resize(1200, 900)
    page.show()  # asks for a quick answer for the plan as opened: not what these tests count
    qtbot.wait(10)
    document.results.stop_quick()
    if document.results.quick_task is not None:
        document.results.quick_task.wait(30_000)
    starts: list[object] = []
    document.results.quickStarted.connect(starts.append)
    page.quick_starts = starts
    yield page
    document.results.stop_quick()
    for task in (document.results.quick_task, page.task):
        if task is not None:
            task.cancel()
            task.wait(30_000)


def run_full(qtbot, page) -> None:
    page.start()
    with qtbot.waitSignal(page.task.finished, timeout=60_000):
        pass


def wait_quick(qtbot, page):
    with qtbot.waitSignal(page.document.results.quickFinished, timeout=60_000) as blocker:
        pass
    return blocker.args[0]


def test_an_edit_starts_exactly_one_quick_run_after_the_debounce(qtbot, page):
    results = page.document.results
    edited = time.monotonic()
    edit_headcount(page.document, 6)
    assert page.quick_starts == [] and results.quick_pending()  # not at once: waiting for the debounce
    kept = wait_quick(qtbot, page)
    assert time.monotonic() - edited >= DEBOUNCE_MS / 1000 * 0.9
    assert page.quick_starts == [page.document.plan]
    assert kept.quick and kept.runs == QUICK and kept.plan == page.document.plan
    qtbot.wait(DEBOUNCE_MS + 200)
    assert len(page.quick_starts) == 1  # nothing more without a new edit
    # The page shows it, labelled as quick, and the full run as out of date.
    assert page.shown is kept and page.result is kept.result
    state = page.state.text()
    share, probability = quick_precision(QUICK)  # the precision of its own runs: ±7 and ±15 points at 40
    label = f"<b>Quick estimate</b>, {QUICK} runs: shares within target ±{share} points, probabilities ±{probability}"
    assert label in state
    assert "The full run is out of date</b></span>: press <b>Run simulation</b> " in state
    assert f"({FULL} runs, with the headcount curve)." in state
    assert "Run the full simulation" in " ".join(t.get_text() for t in page.headcount.figure.axes[0].texts)
    assert "Headcount for P" not in page.summary.text()


def test_two_quick_edits_give_one_quick_run_of_the_last_plan(qtbot, page):
    # The debounce held open while the two edits are made (a busy CI machine once took 2.18 s for
    # them), then let go: the behaviour under test is the restart, not how fast a machine edits.
    timer = page.document.results._timer
    timer.setInterval(600_000)
    edit_headcount(page.document, 6)
    qtbot.wait(20)  # events delivered between the two edits, well within the debounce
    edit_headcount(page.document, 7)
    assert timer.isActive() and page.quick_starts == []  # the second edit restarted the wait
    timer.setInterval(50)  # a running timer restarts with its new interval
    kept = wait_quick(qtbot, page)
    qtbot.wait(500)
    assert page.quick_starts == [page.document.plan]
    assert kept.plan.team.roles[0].headcount == (7,)


def test_a_newer_edit_supersedes_a_running_quick_run(qtbot, page):
    """The older plan's quick run is cancelled (or dropped); never two at once; only the last plan shows."""
    results = page.document.results
    results.update(quick_runs=FULL)  # long enough to edit while it runs
    edit_headcount(page.document, 6)
    qtbot.waitUntil(results.quick_running, timeout=10_000)
    first = results.quick_task
    edit_headcount(page.document, 7)
    qtbot.waitUntil(lambda: results.quick_task is not first, timeout=30_000)
    assert not first.is_running()  # the older one ended before the newer one started
    kept = wait_quick(qtbot, page)
    assert kept.plan == page.document.plan and kept.plan.team.roles[0].headcount == (7,)
    assert page.shown is kept


def test_full_run_is_out_of_date_after_an_edit_fresh_after_run_and_undo_restores_it(qtbot, page):
    run_full(qtbot, page)
    full = page.shown
    assert page.full_is_current() and f"<b>Full run</b>: {FULL} runs, seed 1, up to date" in page.state.text()

    edit_headcount(page.document, 7)
    # At once, before any quick answer: the full run is said to be of the plan before the edit.
    assert not page.full_is_current()
    assert "Out of date" in page.state.text() and "of the plan before your last change" in page.state.text()
    wait_quick(qtbot, page)
    assert page.shown.quick and "is out of date" in page.state.text()

    run_full(qtbot, page)
    assert page.full_is_current() and "Out of date" not in page.state.text()
    assert page.result.runs == FULL and page.result.headcount.points

    page.document.undo_stack.undo()  # back to the plan of the first full run: it is shown again, fresh
    assert page.shown is not None and page.shown.result is full.result and page.full_is_current()
    assert page.document.results.service.last()[1] is full.result  # the Overview reads the same
    qtbot.wait(DEBOUNCE_MS + 200)
    assert len(page.quick_starts) == 1  # the restored plan has its answer: no quick run for it


def test_switching_plan_never_shows_the_previous_plans_numbers(qtbot, page, sample_plan):
    run_full(qtbot, page)
    assert page.result is not None
    other = replace(sample_plan, name="Another plan")
    page.document.reset(other)  # New / Open / another proposal
    assert page.shown is None and page.result is None
    assert "Hot" not in page.summary.text()  # the previous plan's figures are gone
    assert "Computing a quick estimate" in page.state.text()
    kept = wait_quick(qtbot, page)
    assert kept.plan == other and page.shown is kept


def test_the_overview_reads_the_quick_answer_through_the_shared_results(qtbot, page):
    edit_headcount(page.document, 6)
    kept = wait_quick(qtbot, page)
    plan, result = page.document.results.service.last()
    assert plan == page.document.plan and result is kept.result
    # A full request never gets the quick run: the export simulates its own runs.
    assert page.document.results.service.cached(plan, QUICK, 1) is None


def test_no_quick_run_for_a_window_that_is_not_on_screen(qtbot, sample_plan):
    document = PlanDocument(sample_plan)
    document.results.update(quick_runs=QUICK)
    page = SimulationPage(document)
    qtbot.addWidget(page)  # never shown
    started: list[object] = []
    document.results.quickStarted.connect(started.append)
    edit_headcount(document, 6)
    qtbot.wait(DEBOUNCE_MS + 300)
    assert started == []


def test_quick_settings_are_validated():
    with pytest.raises(Exception) as error:
        ResultSettings(quick_runs=-1)
    assert "quick_runs" in str(error.value)
    assert ResultSettings(runs=100, quick_runs=250).live_runs == 100
    assert ResultSettings(quick_runs=0).live_runs == 0


# -- the 24/7 estimate against the simulation ----------------------------------------------------


def test_off_hours_share_of_the_default_profile(sample_plan):
    """The profile's weight outside Mon-Fri 9-17 New York. The sample's leads are in Chicago, an hour
    behind: New York's 9-17 is Chicago's 8-16, so the hours 8 to 15 of the profile are inside."""
    assert sample_plan.team.lead_time_zone == "America/Chicago"
    profile = sample_plan.team.arrival_profile
    inside = sum(profile[d * 24 + h] for d in range(5) for h in range(8, 16))
    assert off_hours_share(sample_plan) == pytest.approx(1 - inside / sum(profile))


def test_estimate_and_simulation_disagreement_is_explained_from_the_plan(sample_plan):
    result = run_simulation(sample_plan, 60, 1, headcount=False)
    comparison = estimate_vs_simulation(sample_plan, result)
    assert comparison is not None and comparison.tier == "Hot" and comparison.target_minutes == 5
    assert comparison.differs and abs(comparison.points) > AGREE_POINTS
    sentence = comparison.sentence()
    share = round(off_hours_share(sample_plan) * 100)
    assert f"{share} % of leads arrive outside the SDRs' working hours" in sentence
    assert ". " not in sentence and sentence.endswith(".")  # one sentence


def test_page_shows_the_explanation_beside_the_estimate(qtbot, page):
    run_full(qtbot, page)
    text = page.estimate.text()
    assert "Round-the-clock estimate" in text
    assert "The simulation touches" in text and "because" in text  # the sample plan differs: why, on screen


def test_an_estimate_better_than_the_simulation_still_says_it_leaves_out_follow_ups(sample_plan):
    """New-user trial: with 2 SDRs the round-the-clock estimate read 'utilisation 53 %' above red
    warnings of 130-176 %, and its explanation dropped the follow-up work (76 % of the SDRs' work)
    because the simulation happened to touch Hot leads sooner than the estimate. (Since the estimate
    counts part reps as the simulation does, 2 SDRs are 1.3 reps' worth and the estimate is the
    better one; 1 SDR, 0.65 reps' worth, is the case now.)"""
    from dataclasses import replace

    small = replace(
        sample_plan,
        team=replace(
            sample_plan.team,
            roles=tuple(replace(r, headcount=(1,)) if r.kind == "SDR" else r for r in sample_plan.team.roles),
        ),
    )
    result = run_simulation(small, 60, 1, headcount=False)
    comparison = estimate_vs_simulation(small, result)
    assert comparison is not None and comparison.simulated > comparison.estimate  # the simulation looks better
    assert any("the estimate leaves out follow-up touches, 76 % of the SDRs' work" in r for r in comparison.reasons)


def test_new_or_open_forgets_the_previous_plans_simulation(qtbot, page, sample_plan):
    """Found by trying the product on 3 December 2026 (third session): after File > New (or Open) the
    Overview still showed the sample's green verdicts as "From the simulation before your last change",
    for good where the new plan cannot be simulated; a full run of the old plan still on its thread
    came back onto the Simulation page with "Simulation done"."""
    from ui.window.files import empty_plan

    document = page.document
    run_full(qtbot, page)
    assert document.results.service.last() is not None
    document.reset(empty_plan())
    assert document.results.service.last() is None  # the Overview's "before your last change" reads this
    assert page.shown is None and page.result is None
    assert "before your last change" not in page.state.text()
    # A full run of the plan opened, then Open again while it runs: the run is cancelled or, where it
    # finished first, dropped; neither it nor a quick answer of that plan is kept for the plan now open.
    document.reset(sample_plan)
    document.results.update(runs=2_000)
    said: list[str] = []
    page.status = said.append  # type: ignore[method-assign]  # the status bar's messages
    page.start()
    qtbot.waitUntil(page.controls.is_running, timeout=10_000)
    other = replace(sample_plan, name="Another plan")
    document.reset(other)
    with qtbot.waitSignal(page.task.finished, timeout=120_000):
        pass
    qtbot.wait(50)
    assert page.shown is None or page.shown.plan == other
    kept = document.results.service.last_kept()
    assert kept is None or kept.plan == other
    assert not [m for m in said if m.startswith("Simulation done")]


def test_a_run_started_before_forget_is_not_kept(sample_plan):
    from slaplanner.results import ResultsService

    service = ResultsService()
    epoch = service.epoch
    result = run_simulation(sample_plan, 5, 1, headcount=False)
    service.forget()
    service.remember(sample_plan, 5, 1, result, epoch=epoch)
    assert service.last() is None  # of a plan no longer open: dropped
    service.remember(sample_plan, 5, 1, result, epoch=service.epoch)
    assert service.last() == (sample_plan, result)


def test_a_plan_that_cannot_be_simulated_says_why_in_plain_words_and_shows_no_old_verdicts(qtbot, page):
    """New-user trial: SDR team, Mar 2026 = 0: the page said 'The plan cannot be simulated —
    team.roles[SDR].headcount (Mar 2026): 0 is not allowed…' (a field path), its state line was
    empty, the charts still said 'Run the simulation' (which would be refused), and the Overview
    kept the earlier plan's green verdicts."""
    from ui.pages.overview import OverviewPage

    document = page.document
    overview = OverviewPage(document)
    qtbot.addWidget(overview)
    run_full(qtbot, page)  # an answer for the plan before the edit
    overview.refresh(document.plan)
    assert "Hot leads: first touch within" in overview.answer_labels["sales"].text()
    role = document.plan.team.roles[0]
    months = list(role.headcount) * (len(document.plan.months) if len(role.headcount) == 1 else 1)
    months[2] = 0
    with qtbot.waitSignal(document.results.quickFailed, timeout=60_000) as blocker:
        document.apply(Edit(HEADCOUNT, tuple(months), "No SDR in March"))
    reason = "the SDR team has no reps in Mar 2026 while leads arrive"
    assert reason in blocker.args[0]
    summary = page.summary.text()
    assert f"The plan cannot be simulated — {reason}." in summary and "team.roles" not in summary
    assert "The plan as it is cannot be simulated" in page.state.text()
    texts = " ".join(" ".join(t.get_text() for t in page.fan.figure.axes[0].texts).split())
    assert "Fix what stops the simulation (above)" in texts
    overview.refresh(document.plan)
    sales = overview.answer_labels["sales"].text().replace("&nbsp;", " ")
    assert reason in sales and "Hot leads" not in sales and "before your last change" not in sales
    assert "team.roles" not in page.estimate.text()


def test_a_plan_opened_that_cannot_be_simulated_says_why_before_any_run(qtbot, sample_plan):
    """Verification of the fix above: a plan opened with no SDR in March showed 'Run the simulation'
    on the Simulation page (state line empty) and, after Run, 'The simulation cannot run:
    team.roles[SDR].headcount (Mar 2026): 0 is not allowed' on the Overview, with its Run button."""
    from ui.pages.overview import OverviewPage

    role = sample_plan.team.roles[0]
    months = list(role.headcount) * (len(sample_plan.months) if len(role.headcount) == 1 else 1)
    months[2] = 0
    team = replace(sample_plan.team, roles=(replace(role, headcount=tuple(months)), *sample_plan.team.roles[1:]))
    document = PlanDocument(replace(sample_plan, team=team))
    document.results.update(runs=FULL, quick_runs=0)  # no quick run: the page itself must say it
    page, overview = SimulationPage(document), OverviewPage(document)
    for widget in (page, overview):
        qtbot.addWidget(widget)
    page.show()
    overview.show()
    page.refresh(document.plan)  # as the window does for the page it shows
    reason = "the SDR team has no reps in Mar 2026 while leads arrive"
    assert "The plan as it is cannot be simulated" in page.state.text()
    assert f"The plan cannot be simulated — {reason}." in page.summary.text()
    chart = " ".join(" ".join(t.get_text() for t in page.fan.figure.axes[0].texts).split())
    assert "Fix what stops the simulation (above)" in chart
    overview.refresh(document.plan)
    assert reason in overview.answer_labels["sales"].text() and not overview.simulate_button.isVisible()
    overview._simulation_failed("team.roles[SDR].headcount (Mar 2026): 0 is not allowed")  # as after Run
    sales = overview.answer_labels["sales"].text()
    assert reason in sales and "team.roles" not in sales and "✘" in sales
