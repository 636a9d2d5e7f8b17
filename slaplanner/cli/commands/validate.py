"""``slaplanner validate PLAN``: exit 0 when the plan is valid, else 1 with one line per problem.

A file that cannot be read as a plan is a file error, as for every command: one line on
standard error and exit 2; so is a location naming no such proposal or version
(``FILE#PROPOSAL@99``), since there is no plan to validate.

A plan with a team is also checked for what would make ``slaplanner simulate`` refuse it
(:func:`slaplanner.engine.simulation.feasibility_problems`): no SDR role, no SDRs while SQLs arrive,
a month in which every working day is a holiday.
"""

from __future__ import annotations

import argparse
from typing import Any

from slaplanner.cli.commands._plans import PLAN_HAS_PROBLEMS, PlanInputError, open_plan
from slaplanner.engine.simulation import feasibility_problems


def register(sub: Any) -> None:
    parser = sub.add_parser("validate", help="check a plan file; exit 1 with one line per problem")
    parser.add_argument("plan", metavar="PLAN", help="a .slaplan or .json plan file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        plan = open_plan(args.plan).plan
    except PlanInputError as error:
        if error.exit_code != PLAN_HAS_PROBLEMS:  # no such proposal or version: a usage error (exit 2)
            raise
        for line in error.lines():
            print(line)
        return 1
    problems = feasibility_problems(plan) if plan.team.roles else ()
    for problem in problems:
        print(f"{args.plan}: {problem}")
    if problems:
        return 1
    print(f"{args.plan}: valid ({plan.name!r}, {len(plan.sources)} sources, {plan.horizon_months} months)")
    return 0
