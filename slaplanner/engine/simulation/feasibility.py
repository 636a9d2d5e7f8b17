"""Whether a plan can be simulated at all, and why not, as data.

:func:`check` makes the checks :func:`~slaplanner.engine.simulation.simulate` relies on and
keeps the pieces it built on the way (timeline, calendar maps, likely SQLs); each refusal is a
:class:`~slaplanner.errors.Problem` whose facts (``kind``, ``subject``, ``months``) are data, so
:func:`feasibility_summary` writes its sentence without reading the problem's text back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from slaplanner.engine.simulation.calendar import F64, CalendarMap, Timeline
from slaplanner.errors import Problem
from slaplanner.plan.commitments import ResponseCommitment
from slaplanner.plan.format import month_range_text
from slaplanner.plan.model import Plan
from slaplanner.plan.months import month_span_text
from slaplanner.plan.team import Role, WorkCalendar


def month_range(months: Iterable[str]) -> str:
    """Plan months as short readable ranges: ``Jan–Dec 2026``, ``Jan, Mar–Apr 2026``."""
    return month_span_text(months)


def _hours_text(calendar: WorkCalendar) -> str:
    """Working hours as in the plan file: ``mon-fri 9-17`` or ``mon 9-17, sat 10-14``."""
    return calendar.describe_hours()


@dataclass(frozen=True)
class Route:
    """One SDR team of the simulation: its role, its calendar on the timeline and the indices (in
    ``plan.segments``) of the segments whose SQLs it works."""

    role: Role
    calendar: CalendarMap
    segments: tuple[int, ...]


@dataclass(frozen=True)
class Checked:
    """What the feasibility checks found, and the pieces :func:`prepare` builds on."""

    problems: tuple[Problem, ...]
    sdr: Role | None
    ae: Role | None
    tiers: tuple[ResponseCommitment, ...]
    sql_index: int
    timeline: Timeline
    sdr_map: CalendarMap | None
    ae_map: CalendarMap | None
    expected_by_segment: F64
    routes: tuple[Route, ...] = ()


def check(plan: Plan) -> Checked:
    """Everything that makes a plan impossible to simulate, one problem per field (months merged)."""
    team = plan.team
    months = plan.months
    problems: list[Problem] = []
    sdr = team.role("SDR")
    ae = team.role("AE")
    if sdr is None:
        kinds = "only " + ", ".join(f"{r.kind} ({r.name})" for r in team.roles) if team.roles else "no roles"
        allowed = "allowed: a team with an SDR role (it makes the first touches)"
        problems.append(Problem("team.roles", kinds, allowed, "required", subject="SDR"))
    tiers = plan.commitments.response or (ResponseCommitment("All SQLs"),)
    found = plan.sql_stage_index  # the model's one rule for which stage is the SQL
    sql_index = -1 if found is None else found
    if sql_index < 0:
        allowed = f"allowed: a funnel with the SQL stage the definitions name ({plan.definitions.sql_stage})"
        problems.append(Problem("stages", ", ".join(plan.stages), allowed, "required"))
    elif sql_index == len(plan.stages) - 1:
        problems.append(Problem("stages", ", ".join(plan.stages), "allowed: stages after SQL (opportunity, won)"))
    expected = np.zeros((len(months), max(1, len(plan.segments))))
    if sql_index >= 0:
        for s in plan.sources:
            leads = np.asarray(s.leads(months))
            rate = math.prod(r.likely for r in s.conversion[:sql_index])
            expected[:, plan.segments.index(s.segment)] += leads * rate
    totals = expected.sum(axis=1)
    timeline = Timeline.for_plan(plan, team.lead_time_zone)
    segments = plan.segments or ("General",)
    teams = team.sdr_teams
    several = len(teams) > 1
    routes: list[Route] = []
    for role in teams:
        mine = tuple(i for i, s in enumerate(segments) if team.sdr_team_for(s) is role)
        routes.append(Route(role, CalendarMap.build(role.calendar, timeline), mine))
    if teams:
        with_sqls = [s for i, s in enumerate(segments) if expected[:, i].sum() > 0]
        unrouted = team.segments_without_team(with_sqls)
        if unrouted:
            allowed = "allowed: every segment with SQLs routed to an SDR team (or an SDR team without segments)"
            known = {s.casefold() for s in segments}
            unknown = [s for r in teams for s in r.segments if s.casefold() not in known]
            if unknown:  # most likely a segment typed wrong
                allowed += (
                    f"; an SDR team routes {', '.join(repr(s) for s in unknown)}, which is not one of the plan's "
                    f"segments ({', '.join(segments)})"
                )
            field_name = "team.roles[SDR].segments"
            problems.append(Problem(field_name, ", ".join(unrouted), allowed, "required", subject="SDR"))
    sdr_map = routes[0].calendar if routes else None
    ae_map = CalendarMap.build(ae.calendar, timeline) if ae is not None else sdr_map
    checks: list[tuple[Role, CalendarMap, F64]] = [
        (r.role, r.calendar, expected[:, list(r.segments)].sum(axis=1)) for r in routes
    ]
    if ae is not None and ae_map is not None:
        checks.append((ae, ae_map, totals))
    for role, cmap, arriving_sqls in checks:
        label = role.name if several and role.kind == "SDR" else role.kind
        arriving = [m for m in range(len(months)) if arriving_sqls[m] > 0]
        closed = [
            months[m]
            for m, (a, b) in enumerate(zip(timeline.month_starts, timeline.month_starts[1:]))
            if cmap.working_between(a, b) <= 0
        ]
        if closed and (role.kind == "SDR" or len(closed) == len(months)):
            # Accepts (AE) wait for the next open month; first touches (SDR) need every month.
            problems.append(
                Problem(
                    f"team.roles[{label}].calendar.holidays ({month_range(closed)})",
                    f"{_hours_text(role.calendar)} with every working day a holiday",
                    "allowed: some working hours in every plan month",
                    "no_working_hours",
                    subject=label,
                    months=tuple(closed),
                )
            )
        zero = [m for m in arriving if role.headcount_in(m) == 0]
        if zero:
            most = max(arriving_sqls[m] for m in zero)
            zero_months = tuple(months[m] for m in zero)
            problems.append(
                Problem(
                    f"team.roles[{label}].headcount ({month_range(zero_months)})",
                    0,
                    f"allowed: at least 1 {role.kind} while SQLs arrive (up to {most:,.0f} a month)",
                    "no_reps",
                    subject=label,
                    months=zero_months,
                )
            )
    return Checked(tuple(problems), sdr, ae, tiers, sql_index, timeline, sdr_map, ae_map, expected, tuple(routes))


def feasibility_problems(plan: Plan) -> tuple[Problem, ...]:
    """Why :func:`simulate` would refuse ``plan`` (empty when it can be simulated).

    The same checks :func:`simulate` makes: an SDR role, an SQL stage with stages after it,
    working hours in every plan month, at least one SDR (and AE, when there is an AE role) in
    every month in which SQLs arrive. Months with the same problem are one problem with a month
    range: ``team.roles[SDR].headcount (Jan–Dec 2026): 0 is not allowed; allowed: at least 1
    SDR while SQLs arrive (up to 443 a month)``.
    """
    return check(plan).problems


def feasibility_summary(problems: Sequence[Problem]) -> str:
    """One plain sentence for the problems that stopped the simulation, from their data.

    The same problem of the same role in several months is said once, with its months as a
    range: "The simulation could not run: the SDR team has no reps in Jan–Mar 2026 while leads
    arrive; and the plan needs a funnel with an SQL stage." Problems of other kinds are said by
    what the plan needs (their ``allowed`` text).
    """
    grouped: dict[tuple[str, str], set[str]] = {}
    others: list[str] = []
    for problem in problems:
        if problem.kind in ("no_reps", "no_working_hours"):
            grouped.setdefault((problem.subject, problem.kind), set()).update(problem.months)
        else:
            others.append(f"the plan needs {problem.allowed.removeprefix('allowed: ')}")
    reasons: list[str] = []
    for (role, kind), months in grouped.items():
        when = f" in {month_range_text(sorted(months))}" if months else ""
        if kind == "no_reps":
            reasons.append(f"the {role} team has no reps{when} while leads arrive")
        else:
            reasons.append(f"the {role} calendar has no working hours{when} (every day is off or a holiday)")
    for text in others:
        if text not in reasons:
            reasons.append(text)
    if not reasons:
        return "The simulation could not run."
    body = reasons[0] if len(reasons) == 1 else "; ".join(reasons[:-1]) + "; and " + reasons[-1]
    return f"The simulation could not run: {body}."
