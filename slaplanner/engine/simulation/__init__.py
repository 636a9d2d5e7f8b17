"""The capacity simulation: a seeded Monte Carlo / discrete-event model of the sales team.

The public names are re-exported here; each concept has its own module, imports running one way
(``run`` -> ``queue`` -> ``inputs`` -> ``feasibility`` -> ``calendar``; ``results`` below all):

* :mod:`.results`: the immutable result records and :class:`SimulationCancelled`;
* :mod:`.calendar`: the minute timeline, calendar maps and arrival tables;
* :mod:`.feasibility`: whether a plan can be simulated, its problems as data and their sentence;
* :mod:`.inputs`: the per-run inputs prepared from the plan and the drawn volumes;
* :mod:`.queue`: the first-touch queue kernel;
* :mod:`.run`: :func:`simulate` itself, the headcount search and the defaults.
"""

from slaplanner.engine.simulation.calendar import CalendarMap, Timeline, arrival_tables
from slaplanner.engine.simulation.feasibility import feasibility_problems, feasibility_summary, month_range
from slaplanner.engine.simulation.inputs import whole_reps
from slaplanner.engine.simulation.queue import touch_cost, touches_per_sql
from slaplanner.engine.simulation.results import (
    NO_SQLS_TEXT,
    HeadcountCurve,
    RoleResult,
    SimulationCancelled,
    SimulationResult,
    TierResult,
)
from slaplanner.engine.simulation.run import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    DEFAULT_TARGET_PROBABILITY,
    LOADS,
    MAX_RUNS,
    MAX_SEED,
    simulate,
    slower_sla_cost,
)

__all__ = [
    "DEFAULT_RUNS",
    "DEFAULT_SEED",
    "DEFAULT_TARGET_PROBABILITY",
    "LOADS",
    "MAX_RUNS",
    "MAX_SEED",
    "NO_SQLS_TEXT",
    "CalendarMap",
    "HeadcountCurve",
    "RoleResult",
    "SimulationCancelled",
    "SimulationResult",
    "TierResult",
    "Timeline",
    "arrival_tables",
    "feasibility_problems",
    "feasibility_summary",
    "month_range",
    "simulate",
    "slower_sla_cost",
    "touch_cost",
    "touches_per_sql",
    "whole_reps",
]
