"""The one results service: everything a screen, command or export shows about a plan.

:func:`compute_results` takes a plan and the :class:`ResultSettings` (the rate level the funnel
leads with, the simulation's runs and seed) and returns one immutable :class:`PlanResults`:
the funnel at each rate level, the conflicts, the example leads as scored and the capacity
simulation. The window's pages, every command and all three exports read these records, so
the same plan with the same settings shows the same numbers everywhere.

:class:`ResultsService` keeps the last simulation, so that the window's Simulation page and its
Export page share one run instead of simulating twice.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from slaplanner.engine.conflicts import Conflict, check_conflicts
from slaplanner.engine.funnel import SCENARIOS, FunnelResult, Scenario, compute_funnel
from slaplanner.engine.scoring import ExampleResult, check_examples
from slaplanner.engine.simulation import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    LOADS,
    MAX_RUNS,
    MAX_SEED,
    SimulationCancelled,
    SimulationResult,
    feasibility_summary,
    simulate,
    touch_cost,
    touches_per_sql,
)
from slaplanner.errors import Problem, ValidationError
from slaplanner.plan.format import count_text, fmt_count, fmt_duration_minutes, fmt_pct, month_label
from slaplanner.plan.model import Plan

#: Every "the plan does not have this yet" sentence starts with these words.
MISSING_PREFIX = "The plan does not have"

#: Runs of the quick simulation the window re-runs after every edit. From the standard error:
#: the per-tier share touched within target is pooled over every lead of a run, so it varies little
#: from run to run (per-run standard deviation 0.01-0.06 measured on the sample plan and on small,
#: overloaded queues); 250 runs put it within +/-3 points (95 %) even at a per-run deviation of 0.24,
#: four times the worst measured. A probability over runs (P(met)) is a binomial share: at 250 runs
#: its standard error is at most sqrt(0.25 / 250) = 3.2 points, so +/-6 points (95 %) at worst.
#: See docs/simulation.md, "Live answers".
QUICK_RUNS = 250



def quick_precision(runs: int) -> tuple[int, int]:
    """The precision (points, 95 %) a simulation of ``runs`` runs is labelled with, as above: shares
    within target (per-run deviation 0.24 at worst) and probabilities over runs (a binomial share
    at p = 0.5, the worst); (3, 6) at 250 runs, (5, 10) at 100; never more than 100 points."""
    root = math.sqrt(max(1, runs))
    return min(100, round(196 * 0.24 / root)), min(100, round(98 / root))


#: The precision the quick simulation is labelled with at its default runs (points, 95 %).
QUICK_SHARE_POINTS, QUICK_PROBABILITY_POINTS = quick_precision(QUICK_RUNS)

#: What each simulated load means, for people.
LOAD_NAMES = {
    "planned": "the planned SQLs (leads x conversion rates)",
    "committed": "marketing's committed SQLs",
}

#: How each rate level is named for people.
RATE_LEVEL_NAMES = {"low": "low", "likely": "likely", "high": "high"}


@dataclass(frozen=True)
class ResultSettings:
    """What the results are computed with: the rate level the funnel leads with
    (``scenario``: low, likely or high conversion rates) and the simulation's runs and seed.

    Validated when built: a bad value is refused with its field and what is allowed.
    """

    scenario: Scenario = "likely"
    runs: int = DEFAULT_RUNS
    seed: int = DEFAULT_SEED
    load: str = "planned"
    quick_runs: int = QUICK_RUNS

    def __post_init__(self) -> None:
        problems = []
        if self.load not in LOADS:
            problems.append(Problem("load", self.load, "allowed: one of " + ", ".join(LOADS)))
        if self.scenario not in SCENARIOS:
            problems.append(Problem("scenario", self.scenario, "allowed: one of " + ", ".join(SCENARIOS)))
        if isinstance(self.runs, bool) or not isinstance(self.runs, int) or not 0 <= self.runs <= MAX_RUNS:
            allowed = f"allowed: a whole number from 0 to {MAX_RUNS:,}"
            problems.append(Problem("runs", self.runs, allowed, "out_of_range", 0, MAX_RUNS, integer=True))
        quick = self.quick_runs
        if isinstance(quick, bool) or not isinstance(quick, int) or not 0 <= quick <= MAX_RUNS:
            allowed = f"allowed: a whole number from 0 (no quick simulation) to {MAX_RUNS:,}"
            problems.append(Problem("quick_runs", quick, allowed, "out_of_range", 0, MAX_RUNS, integer=True))
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not 0 <= self.seed <= MAX_SEED:
            allowed = "allowed: a whole number from 0 to 2**63-1"
            problems.append(Problem("seed", self.seed, allowed, "out_of_range", 0, MAX_SEED, integer=True))
        if problems:
            raise ValidationError(problems)

    def describe(self) -> str:
        """One sentence saying what the figures were computed with, for documents and screens."""
        rates = f"Funnel figures use the {RATE_LEVEL_NAMES[self.scenario]} conversion rates"
        if self.runs == 0:
            return rates + "."
        load = LOAD_NAMES[self.load]
        return f"{rates}; probabilities come from {self.runs:,} simulation runs (seed {self.seed}) on {load}."

    @property
    def live_runs(self) -> int:
        """Runs of the quick simulation after an edit: :attr:`quick_runs`, never more than the full
        run's; 0 when there is none (quick runs off, or no simulation asked for)."""
        return min(self.quick_runs, self.runs)


@dataclass(frozen=True)
class PlanResults:
    """Everything shown about a plan besides the plan itself: computed once, read by everyone.

    ``scenarios`` holds the funnel under low, likely and high rates; ``funnel`` is the one at
    ``settings.scenario``, which the screens and exports lead with. ``conflicts`` are the
    engagement checker's findings, ``examples`` the definitions' example leads as scored.
    ``simulation`` is the Monte Carlo result where the plan has a team to simulate, else
    ``None`` with the reason in ``simulation_note``.
    """

    settings: ResultSettings
    funnel: FunnelResult
    scenarios: dict[str, FunnelResult] = field(default_factory=dict)
    conflicts: tuple[Conflict, ...] = ()
    examples: tuple[ExampleResult, ...] = ()
    simulation: SimulationResult | None = None
    simulation_note: str = ""

    @property
    def scenario(self) -> Scenario:
        """The rate level the funnel leads with."""
        return self.settings.scenario


#: How many touches one answer may follow one by one (runs x SQLs in a run x touches per SQL, each
#: weighted by what it costs with the team's headcount, :func:`touch_cost`): about
#: half a minute on a 2-core machine when the team can keep up, less when it cannot (a backlog that
#: grows all horizon long makes every touch slower to place), so an overloaded plan gets a smaller budget.
SIMULATION_BUDGET = 500_000_000
OVERLOADED_BUDGET = 150_000_000
OVERLOAD = 1.5  # first-touch work / SDR capacity in the busiest month above which the budget is the smaller one


def simulation_budget_problem(plan: Plan, runs: int, load: str = "planned") -> Problem | None:
    """Why ``runs`` runs of ``plan`` would take too long to answer (with the runs that would
    fit), or ``None``. Checked before anything starts, so no face ever hangs on a simulation."""
    from slaplanner.engine.erlang import first_touch_estimate
    from slaplanner.engine.funnel import compute_funnel

    k = plan.sql_stage_index
    if k is None or not plan.team.roles:
        return None
    if load == "committed":
        sqls = sum(c.sqls_per_month for c in plan.commitments.marketing) * plan.horizon_months
    else:
        sqls = sum(compute_funnel(plan, "high").forward[k])
    per_run = sqls * touches_per_sql(plan.commitments.response)
    # A big team costs more a touch: the queue checks every SDR's free time for each one.
    reps = max((max(r.headcount, default=0) for r in plan.team.sdr_teams), default=0)
    cost = touch_cost(reps)
    estimate = first_touch_estimate(plan)
    load_ratio = 0.0
    if estimate.status == "ok" and estimate.capacity > 0:
        load_ratio = estimate.per_hour * estimate.handle_minutes / 60.0 / estimate.capacity
    overloaded = load_ratio > OVERLOAD or estimate.status == "no_reps"
    budget = OVERLOADED_BUDGET if overloaded else SIMULATION_BUDGET
    if per_run * cost * runs <= budget:
        return None
    fits = int(budget // (per_run * cost)) if per_run > 0 else runs
    why = (
        f"the SDRs would need {load_ratio * 100:,.0f} % of their working hours for first touches alone in the "
        "busiest month, so the backlog grows all horizon long"
        if overloaded
        else "that many touches take minutes to follow one by one"
        + (f", each checked against {reps:,} SDRs' free time" if cost >= 2 else "")
    )
    if fits >= 1:
        allowed = (
            f"allowed: at most {fits:,} {'run' if fits == 1 else 'runs'} for this plan ({sqls:,.0f} SQLs in a run "
            f"at the high rates, {per_run:,.0f} touches; {why}); fewer runs give a rougher answer sooner"
        )
    else:
        allowed = (
            f"allowed: a plan the simulation can follow touch by touch; this one has {sqls:,.0f} SQLs in a run "
            f"({why}): add SDRs, lower the volumes or shorten the horizon; the round-the-clock estimate still applies"
        )
    return Problem("runs", runs, allowed, "out_of_range", 1, max(fits, 0), integer=True)


def run_simulation(
    plan: Plan,
    runs: int,
    seed: int,
    *,
    load: str = "planned",
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    headcount: bool = True,
) -> SimulationResult:
    """The capacity simulation exactly as every face runs it: ``runs`` runs from ``seed`` on ``load``
    (``headcount=False``: without the headcount curve, as the quick simulation).

    Raises :class:`ValidationError` (field ``runs``) before starting when the answer would take
    too long (:func:`simulation_budget_problem`).
    """
    problem = simulation_budget_problem(plan, runs, load)
    if problem is not None:
        raise ValidationError([problem])
    return simulate(
        plan,
        runs=runs,
        rng=np.random.default_rng(seed),
        seed=seed,
        progress=progress,
        cancelled=cancelled,
        load=load,
        search_headcount=headcount,
    )


def _simulation(
    plan: Plan,
    settings: ResultSettings,
    simulation: Callable[[], SimulationResult],
) -> tuple[SimulationResult | None, str]:
    if not plan.team.roles:
        return None, (
            f"{MISSING_PREFIX} a sales team yet, so the probability of meeting the commitments is not simulated."
        )
    if settings.runs == 0:
        return None, "The simulation was not run (no simulation runs were asked for)."
    if settings.load == "committed" and not plan.commitments.marketing:
        return None, "The simulation on the committed load needs marketing's SQL commitment; none is entered yet."
    try:
        return simulation(), ""
    except ValidationError as error:
        budget = [p for p in error.problems if p.field == "runs"]
        if budget:
            return None, f"The simulation was not run: {budget[0].allowed.removeprefix('allowed: ')}."
        return None, feasibility_summary(error.problems)


def compute_results(
    plan: Plan,
    settings: ResultSettings | None = None,
    *,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    service: ResultsService | None = None,
) -> PlanResults:
    """Compute everything shown about ``plan`` with ``settings`` (default: likely rates,
    :data:`DEFAULT_RUNS` runs, seed :data:`DEFAULT_SEED`).

    ``progress`` (0 to 1) and ``cancelled`` go to the simulation, which raises
    :class:`~slaplanner.engine.simulation.SimulationCancelled` when cancelled. With a
    ``service``, a simulation it already holds for this plan, runs and seed is reused.
    """
    settings = settings or ResultSettings()
    scenarios: dict[str, FunnelResult] = {s: compute_funnel(plan, s) for s in SCENARIOS}

    def simulation() -> SimulationResult:
        if service is not None:
            return service.simulation(
                plan, settings.runs, settings.seed, load=settings.load, progress=progress, cancelled=cancelled
            )
        return run_simulation(
            plan, settings.runs, settings.seed, load=settings.load, progress=progress, cancelled=cancelled
        )

    result, note = _simulation(plan, settings, simulation)
    return PlanResults(
        settings=settings,
        funnel=scenarios[settings.scenario],
        scenarios=scenarios,
        conflicts=check_conflicts(plan),
        examples=check_examples(plan.definitions),
        simulation=result,
        simulation_note=note,
    )


@dataclass(frozen=True, eq=False)  # the same run when it is the same record: results hold arrays
class KeptSimulation:
    """One simulation the service keeps: the plan it was run on, its runs, seed and load, whether
    it is a quick one (no headcount curve) and the result."""

    plan: Plan
    runs: int
    seed: int
    quick: bool
    result: SimulationResult

    @property
    def load(self) -> str:
        return self.result.load

    def describe(self) -> str:
        """What this run is, for people: "quick estimate, 250 runs, seed 1" or "2,000 runs, seed 1"."""
        what = f"{count_text(self.runs, 'run')}, seed {self.seed}"
        return f"quick estimate, {what}" if self.quick else what


class ResultsService:
    """Keeps the last few simulations (full and quick, newest first) so that every screen and
    export of one window shows one run, and an undo finds the run of the plan it restores.
    Safe to call from a worker thread.

    ``listener`` (optional) is called, from whichever thread ran it, after a simulation is kept.
    """

    #: How many simulations are kept (each holds per-tier histograms: a few hundred kB at most).
    KEEP = 8

    def __init__(self, listener: Callable[[], None] | None = None) -> None:
        self._lock = threading.Lock()
        self._kept: list[KeptSimulation] = []
        self._epoch = 0  # counts :meth:`forget`: a run started before one is not kept
        self.listener = listener

    @property
    def epoch(self) -> int:
        return self._epoch

    def forget(self) -> None:
        """Another plan is open (New, Open, another proposal): forget every simulation kept, so no
        screen shows the previous plan's as if of this one; a run started before finishes unkept."""
        with self._lock:
            self._kept = []
            self._epoch += 1
        if self.listener is not None:
            self.listener()

    def _find(self, plan: Plan, runs: int | None, seed: int, load: str, quick: bool) -> KeptSimulation | None:
        with self._lock:
            kept = list(self._kept)
        for k in kept:
            same = k.quick == quick and k.seed == seed and k.load == load and (runs is None or k.runs == runs)
            if same and k.plan == plan:  # the plan last: comparing plans is the slow part
                return k
        return None

    def cached(self, plan: Plan, runs: int, seed: int, load: str = "planned") -> SimulationResult | None:
        """The full simulation already computed for exactly this plan, runs, seed and load, or ``None``
        (a quick one is never handed out for a full request)."""
        kept = self._find(plan, runs, seed, load, quick=False)
        return None if kept is None else kept.result

    def last(self) -> tuple[Plan, SimulationResult] | None:
        """The simulation kept or used last and the plan it was run on (which may no longer be the
        plan being edited: compare it to say whether the result is out of date)."""
        kept = self.last_kept()
        return None if kept is None else (kept.plan, kept.result)

    def last_kept(self) -> KeptSimulation | None:
        """Like :meth:`last`, with whether it is a quick simulation."""
        with self._lock:
            return self._kept[0] if self._kept else None

    def remember(
        self,
        plan: Plan,
        runs: int,
        seed: int,
        result: SimulationResult,
        *,
        quick: bool = False,
        epoch: int | None = None,
    ) -> None:
        """Keep ``result`` as the simulation of ``plan`` with ``runs`` and ``seed`` (on its own load);
        not when ``epoch`` (:attr:`epoch` when the run started) is over (:meth:`forget` since)."""
        self._keep(KeptSimulation(plan, runs, seed, quick, result), epoch)

    def _keep(self, kept: KeptSimulation, epoch: int | None = None) -> None:
        with self._lock:
            if epoch is not None and epoch != self._epoch:
                return  # of a plan no longer open: dropped
            others = [
                k
                for k in self._kept
                if not (k.quick == kept.quick and k.runs == kept.runs and k.seed == kept.seed and k.load == kept.load)
                or k.plan != kept.plan
            ]
            self._kept = [kept, *others][: self.KEEP]
        if self.listener is not None:
            self.listener()

    def current(self, plan: Plan, settings: ResultSettings) -> KeptSimulation | None:
        """What to show for ``plan`` with ``settings``: its full run (``settings.runs``) if kept, else its
        quick one (``settings.live_runs``), else ``None``. The one found becomes :meth:`last` (so after
        an undo every screen reads the restored plan's run)."""
        kept = self._find(plan, settings.runs, settings.seed, settings.load, quick=False)
        if kept is None and settings.live_runs:
            kept = self._find(plan, settings.live_runs, settings.seed, settings.load, quick=True)
        if kept is not None and self.last_kept() is not kept:
            with self._lock:
                self._kept = [kept, *(k for k in self._kept if k is not kept)]
        return kept

    def quick_simulation(
        self,
        plan: Plan,
        settings: ResultSettings,
        *,
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> KeptSimulation:
        """The quick simulation of ``plan`` (``settings.live_runs`` runs, seed and load of ``settings``, no
        headcount curve), kept as such; the full run instead when it is kept already. A run cancelled
        (``cancelled()`` true at the end) raises ``SimulationCancelled`` and is not kept."""
        kept = self.current(plan, settings)
        if kept is not None:
            return kept
        runs, epoch = settings.live_runs, self._epoch
        result = run_simulation(
            plan, runs, settings.seed, load=settings.load, progress=progress, cancelled=cancelled, headcount=False
        )
        if cancelled is not None and cancelled():
            raise SimulationCancelled()
        kept = KeptSimulation(plan, runs, settings.seed, True, result)
        self._keep(kept, epoch)
        return kept

    def simulation(
        self,
        plan: Plan,
        runs: int,
        seed: int,
        *,
        load: str = "planned",
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> SimulationResult:
        """The simulation of ``plan`` with ``runs``, ``seed`` and ``load``: reused when it was
        computed already, else run now and kept."""
        result = self.cached(plan, runs, seed, load)
        if result is None:
            epoch = self._epoch
            result = run_simulation(plan, runs, seed, load=load, progress=progress, cancelled=cancelled)
            self.remember(plan, runs, seed, result, epoch=epoch)
        elif progress is not None:
            progress(1.0)
        return result

    def results(
        self,
        plan: Plan,
        settings: ResultSettings,
        *,
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> PlanResults:
        """:func:`compute_results` sharing this service's simulation."""
        return compute_results(plan, settings, progress=progress, cancelled=cancelled, service=self)


# -- the 24/7 estimate against the simulation ----------------------------------------------------

#: Points by which the 24/7 estimate and the simulation may differ before the page says why.
AGREE_POINTS = 3.0


@dataclass(frozen=True)
class EstimateComparison:
    """The 24/7 Erlang estimate against a simulation of the same plan, for the tier with the
    shortest first-touch target (the estimate's target): both shares within that target and,
    where they differ by more than :data:`AGREE_POINTS`, the reasons found in the plan's data."""

    tier: str
    target_minutes: float
    estimate: float
    simulated: float
    reasons: tuple[str, ...] = ()

    @property
    def points(self) -> float:
        """Simulation minus estimate, in percentage points."""
        return (self.simulated - self.estimate) * 100

    @property
    def differs(self) -> bool:
        return abs(self.points) > AGREE_POINTS

    def sentence(self) -> str:
        """One sentence: they agree, or why they differ."""
        both = (
            f"The simulation touches {fmt_pct(self.simulated, 1)} of {self.tier} leads within "
            f"{fmt_duration_minutes(self.target_minutes)}, the round-the-clock estimate {fmt_pct(self.estimate, 1)}"
        )
        if not self.differs:
            return f"{both}: they agree within {AGREE_POINTS:g} points."
        return f"{both}, because {'; '.join(self.reasons)}."


def off_hours_share(plan: Plan, team: str = "") -> float:
    """The share of the leads' arrival profile (a week of the plan's first month, in the leads'
    time zone) that falls outside the SDRs' working hours (in the SDRs' time zone): the SDR team
    named ``team``, else the first."""
    sdr = next((r for r in plan.team.sdr_teams if r.name == team), None) or plan.team.role("SDR")
    profile = plan.team.arrival_profile
    total = sum(profile)
    if sdr is None or total <= 0:
        return 0.0
    calendar = sdr.calendar
    leads_zone, sdr_zone = ZoneInfo(plan.team.lead_time_zone), ZoneInfo(sdr.calendar.time_zone)
    first = datetime.combine(plan.period_start(0), datetime.min.time())
    monday = first + timedelta(days=(7 - first.weekday()) % 7)  # the first whole week
    outside = 0.0
    for h, weight in enumerate(profile):
        if weight <= 0:
            continue
        local = (monday + timedelta(hours=h)).replace(tzinfo=leads_zone).astimezone(sdr_zone)
        start_hour = local.hour + local.minute / 60
        inside = sum(
            max(0.0, min(start_hour + 1, end) - max(start_hour, start))
            for start, end in calendar.spans_on(local.weekday())
        )
        outside += weight * (1 - inside)
    return outside / total


def estimate_vs_simulation(plan: Plan, result: SimulationResult) -> EstimateComparison | None:
    """How the 24/7 estimate and ``result`` (a simulation of ``plan``) compare for the tier with the
    shortest first-touch target, with the reasons they differ taken from the plan's data (leads
    outside working hours, priority between tiers, the busiest month against the horizon and
    hires ramping up, follow-up work, the spread of handle times), each in the direction of the
    difference. ``None`` when there is no estimate or nothing was touched."""
    from slaplanner.engine.erlang import first_touch_estimate

    est = first_touch_estimate(plan)
    if est.status != "ok" or est.queue is None or est.queue.p_within is None:
        return None
    tiers = [t for t in result.response if t.sqls_per_run > 0]
    if not tiers:
        return None
    # The tier whose target the estimate is for (the shortest of the tiers that get SQLs).
    tier = min(tiers, key=lambda t: (abs(t.target_minutes - est.target_minutes), t.target_minutes, t.priority))
    worse = tier.p_within_target < est.queue.p_within
    reasons: list[str] = []
    if result.load == "committed":
        committed = sum(c.sqls_per_month for c in plan.commitments.marketing)
        reasons.append(
            f"the simulation runs on marketing's committed SQLs ({fmt_count(committed)} a month), the estimate on "
            f"the planned SQLs at likely rates ({fmt_count(est.sqls)} in its busiest month)"
        )
    sdr = next((r for r in plan.team.sdr_teams if r.name == est.team), None) or plan.team.role("SDR")
    outside = off_hours_share(plan, est.team)
    if est.team:
        reasons.append(
            f"the estimate is for the busiest SDR team ({est.team}), the simulation for the leads of every team"
        )
    if worse and outside >= 0.02:
        holidays = f" and {len(sdr.calendar.holidays)} holidays" if sdr is not None and sdr.calendar.holidays else ""
        reasons.append(
            f"{fmt_pct(outside)} of leads arrive outside the SDRs' working hours (evenings, weekends{holidays}) "
            "and wait for the next shift"
        )
    if worse and tier.lost_share > 0:
        reasons.append(
            f"{fmt_pct(tier.lost_share, 1)} of {tier.tier} leads are lost to lead patience "
            f"({plan.team.lead_patience_hours:g} h on average, clock time), most of them waiting through a night or "
            "a weekend, which the round-the-clock estimate does not have"
        )
    others = [t.tier for t in result.response if t.tier != tier.tier]
    if others:
        if tier.priority == 1 and not worse:
            reasons.append(
                f"{tier.tier} leads are served before {' and '.join(others)} leads, while the estimate serves every "
                "lead in order of arrival"
            )
        elif tier.priority > 1 and worse:
            ahead = [t.tier for t in result.response if t.priority < tier.priority]
            reasons.append(f"{' and '.join(ahead)} leads are served first, {tier.tier} leads wait")
    if sdr is not None:
        months = len(plan.months)
        effective = sdr.effective_headcount(months)
        ramping = [plan.months[m] for m in range(months) if effective[m] + 1e-9 < sdr.headcount_in(m)]
        if worse and ramping:
            reasons.append(
                f"new SDRs are still ramping up in {len(ramping)} of the {months} months (the estimate takes "
                f"{month_label(est.month)}'s team)"
            )
        if not worse and months > 1:
            reasons.append(
                f"the estimate is for the busiest month ({month_label(est.month)}), the simulation for all "
                f"{months} months, most of them quieter"
            )
    follow = plan.team.handle_time("follow_up").minutes
    first = plan.team.handle_time("first_touch")
    follow_minutes = follow * sum(c.share_of_sqls * max(0, c.touches - 1) for c in plan.commitments.response)
    if follow_minutes > 0 and first.minutes > 0:
        share = follow_minutes / (follow_minutes + first.minutes)
        if worse:
            reasons.append(f"follow-up touches are {fmt_pct(share)} of the SDRs' work, which the estimate leaves out")
        elif share >= 0.2:  # said either way: the estimate's utilisation is first touches only
            reasons.append(
                f"the estimate leaves out follow-up touches, {fmt_pct(share)} of the SDRs' work, which the "
                "simulation serves after first touches"
            )
    if first.minutes > 0 and (first.spread > first.minutes) == worse and first.spread != first.minutes:
        reasons.append(
            f"first touches take {first.minutes:g} min give or take {first.spread:g}, the estimate assumes give or "
            f"take {first.minutes:g}"
        )
    if not reasons:
        reasons.append(
            "the estimate is one steady 24/7 queue at the busiest month's rate; the simulation follows the "
            "calendar hour by hour over the whole horizon"
        )
    return EstimateComparison(tier.tier, tier.target_minutes, est.queue.p_within, tier.p_within_target, tuple(reasons))
