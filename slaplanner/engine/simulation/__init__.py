"""The capacity simulation: a seeded Monte Carlo / discrete-event model of the sales team.

The public names are re-exported here; each concept has its own module (see docs/architecture.md).
"""

from slaplanner.engine.simulation.run import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    DEFAULT_TARGET_PROBABILITY,
    MAX_RUNS,
    MAX_SEED,
    CalendarMap,
    HeadcountCurve,
    RoleResult,
    SimulationCancelled,
    SimulationResult,
    TierResult,
    Timeline,
    arrival_tables,
    feasibility_problems,
    month_range,
    simulate,
    slower_sla_cost,
)

__all__ = [
    "DEFAULT_RUNS",
    "DEFAULT_SEED",
    "DEFAULT_TARGET_PROBABILITY",
    "MAX_RUNS",
    "MAX_SEED",
    "CalendarMap",
    "HeadcountCurve",
    "RoleResult",
    "SimulationCancelled",
    "SimulationResult",
    "TierResult",
    "Timeline",
    "arrival_tables",
    "feasibility_problems",
    "month_range",
    "simulate",
    "slower_sla_cost",
]
