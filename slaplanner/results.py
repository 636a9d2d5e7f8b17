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

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

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
    SimulationResult,
    feasibility_summary,
    simulate,
)
from slaplanner.errors import Problem, ValidationError
from slaplanner.plan.model import Plan

#: Every "the plan does not have this yet" sentence starts with these words.
MISSING_PREFIX = "The plan does not have"

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

    def __post_init__(self) -> None:
        problems = []
        if self.load not in LOADS:
            problems.append(Problem("load", self.load, "allowed: one of " + ", ".join(LOADS)))
        if self.scenario not in SCENARIOS:
            problems.append(Problem("scenario", self.scenario, "allowed: one of " + ", ".join(SCENARIOS)))
        if isinstance(self.runs, bool) or not isinstance(self.runs, int) or not 0 <= self.runs <= MAX_RUNS:
            allowed = f"allowed: a whole number from 0 to {MAX_RUNS:,}"
            problems.append(Problem("runs", self.runs, allowed, "out_of_range", 0, MAX_RUNS, integer=True))
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


#: How many SQLs one answer may follow lead by lead (runs x SQLs in a run): about half a minute on
#: a 2-core machine when the team can keep up, much less when it cannot (a backlog that grows all
#: horizon long makes every lead slower to place), so an overloaded plan gets a smaller budget.
SIMULATION_BUDGET = 1_000_000_000
OVERLOADED_BUDGET = 5_000_000
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
        per_run = sum(c.sqls_per_month for c in plan.commitments.marketing) * plan.horizon_months
    else:
        per_run = sum(compute_funnel(plan, "high").forward[k])
    estimate = first_touch_estimate(plan)
    load_ratio = 0.0
    if estimate.status == "ok" and estimate.reps > 0:
        load_ratio = estimate.per_hour * estimate.handle_minutes / 60.0 / estimate.reps
    overloaded = load_ratio > OVERLOAD or estimate.status == "no_reps"
    budget = OVERLOADED_BUDGET if overloaded else SIMULATION_BUDGET
    if per_run * runs <= budget:
        return None
    fits = int(budget // per_run) if per_run > 0 else runs
    why = (
        f"the SDRs would need {load_ratio * 100:,.0f} % of their working hours for first touches alone in the "
        "busiest month, so the backlog grows all horizon long"
        if overloaded
        else "that many leads take minutes to follow one by one"
    )
    if fits >= 1:
        allowed = (
            f"allowed: at most {fits:,} {'run' if fits == 1 else 'runs'} for this plan ({per_run:,.0f} SQLs in a run "
            f"at the high rates; {why}); fewer runs give a rougher answer sooner"
        )
    else:
        allowed = (
            f"allowed: a plan the simulation can follow lead by lead; this one has {per_run:,.0f} SQLs in a run "
            f"({why}): add SDRs, lower the volumes or shorten the horizon; the 24/7 estimate still applies"
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
) -> SimulationResult:
    """The capacity simulation exactly as every face runs it: ``runs`` runs from ``seed`` on ``load``.

    Raises :class:`ValidationError` (field ``runs``) before starting when the answer would take
    too long (:func:`simulation_budget_problem`).
    """
    problem = simulation_budget_problem(plan, runs, load)
    if problem is not None:
        raise ValidationError([problem])
    return simulate(
        plan, runs=runs, rng=np.random.default_rng(seed), seed=seed, progress=progress, cancelled=cancelled, load=load
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


class ResultsService:
    """Keeps the last simulation (plan, runs, seed and result) so that every screen and export
    of one window shows one run. Safe to call from a worker thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: tuple[Plan, int, int, SimulationResult] | None = None

    def cached(self, plan: Plan, runs: int, seed: int, load: str = "planned") -> SimulationResult | None:
        """The simulation already computed for exactly this plan, runs, seed and load, or ``None``."""
        with self._lock:
            last = self._last
        if last is not None and last[1] == runs and last[2] == seed and last[3].load == load and last[0] == plan:
            return last[3]
        return None

    def last(self) -> tuple[Plan, SimulationResult] | None:
        """The last simulation kept and the plan it was run on (which may no longer be the plan
        being edited: compare it to say whether the result is out of date)."""
        with self._lock:
            last = self._last
        return None if last is None else (last[0], last[3])

    def remember(self, plan: Plan, runs: int, seed: int, result: SimulationResult) -> None:
        """Keep ``result`` as the simulation of ``plan`` with ``runs`` and ``seed`` (on its own load)."""
        with self._lock:
            self._last = (plan, runs, seed, result)

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
            result = run_simulation(plan, runs, seed, load=load, progress=progress, cancelled=cancelled)
            self.remember(plan, runs, seed, result)
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
