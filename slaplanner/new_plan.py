"""A complete plan from a few answers: the guided set-up behind File > New.

The window's set-up wizard (``ui/setup_wizard.py``) only collects :class:`NewPlanAnswers`;
:func:`build_new_plan` makes the plan. What the answers do not say comes from the sample plan
read as benchmarks: its conversion rates as typical B2B ranges (:func:`typical_rates`), its
seasonality (:func:`typical_seasonality`), its lead tiers and rules of engagement; the team is
the default team (:func:`slaplanner.plan.new_records.default_team`) with the headcounts given;
marketing's commitment is what the revenue goal needs (:func:`sqls_for_revenue_goal`).

It sits above the engine (it asks the reverse funnel for the commitment) and below the faces.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, replace
from datetime import date

from slaplanner.cells import parse_number
from slaplanner.engine.goal_seek import sqls_for_revenue_goal
from slaplanner.plan.commitments import Commitments
from slaplanner.plan.model import CommercialTerms, LeadSource, Plan, RateRange
from slaplanner.plan.months import calendar_month, month_range
from slaplanner.plan.new_records import default_team
from slaplanner.samples import sample_plan_text


@dataclass(frozen=True)
class NewPlanAnswers:
    """What the guided set-up asks. Money is in ``currency``; ``sources`` are (name, leads a month).

    Attributes:
        name, currency, start_month: the plan's name, currency and first month (``"2026-02"``).
        annual_revenue_goal: the year's revenue goal (spread over the months by seasonality).
        marketing_share: the part of the goal from marketing-sourced leads (0 to 1).
        average_deal_size, sales_cycle_days: the deal economics.
        sources: each lead source's name and leads in an average month.
        sdrs, aes: the team's headcount.
    """

    name: str = "Untitled plan"
    currency: str = "USD"
    start_month: str = ""
    annual_revenue_goal: float = 0.0
    marketing_share: float = 1.0
    average_deal_size: float = 25_000.0
    sales_cycle_days: float = 60.0
    sources: tuple[tuple[str, float], ...] = ()
    sdrs: int = 4
    aes: int = 8


def this_month() -> str:
    today = date.today()
    return f"{today.year:04d}-{today.month:02d}"


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def read_month(text: str) -> str:
    """A month as people write it ("Feb 2026", "February 2026", "2026-02", "02/2026") as ``YYYY-MM``;
    ValueError if it is none of these."""
    t = text.strip().casefold()
    if match := re.fullmatch(r"([a-z]{3})[a-z]*\.?\s+(\d{4})", t):
        if match[1] in _MONTH_NAMES:
            return f"{match[2]}-{_MONTH_NAMES.index(match[1]) + 1:02d}"
    elif match := re.fullmatch(r"(\d{4})-(\d{1,2})", t):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return f"{year:04d}-{month:02d}"
    elif (match := re.fullmatch(r"(\d{1,2})\s*[/.]\s*(\d{4})", t)) and 1 <= int(match[1]) <= 12:
        return f"{match[2]}-{int(match[1]):02d}"
    raise ValueError(f"“{text.strip()}” is not a month; write it like “Feb 2026”.")


def read_start_day(text: str) -> int:
    """The day plan months start on, as people write it ("15", "15th", "the 1st"); ValueError if
    it is not a day from 1 to 31 (whether the start month has it is the plan's check)."""
    t = text.strip().casefold().removeprefix("the").strip()
    if (match := re.fullmatch(r"(\d{1,2})\s*(st|nd|rd|th)?", t)) and 1 <= int(match[1]) <= 31:
        return int(match[1])
    raise ValueError(f"“{text.strip()}” is not a day of the month; write a day from 1 to 31, like 15.")


def _sample() -> Plan:
    return Plan.from_dict(json.loads(sample_plan_text()))


def typical_rates() -> tuple[RateRange, ...]:
    """Typical B2B conversion rates per stage transition (Lead → MQL … Opportunity → Won): the
    median low, likely and high rate of the sample plan's sources."""
    sources = _sample().sources
    return tuple(
        RateRange(
            statistics.median(s.conversion[k].low for s in sources),
            statistics.median(s.conversion[k].likely for s in sources),
            statistics.median(s.conversion[k].high for s in sources),
        )
        for k in range(len(sources[0].conversion))
    )


def typical_seasonality() -> tuple[float, ...]:
    """Twelve factors, January first: the sample plan's most common seasonality."""
    patterns = [s.seasonality for s in _sample().sources if s.volume_mode == "baseline"]
    return max(set(patterns), key=patterns.count)


def spread_annual(total: float, start_month: str, months: int, seasonality: tuple[float, ...]) -> tuple[float, ...]:
    """``total`` a year spread over ``months`` from ``start_month`` in proportion to ``seasonality``
    (January first), rounded to whole units; twelve months add up to ``total`` exactly."""
    weights = [seasonality[calendar_month(m) - 1] for m in month_range(start_month, months)]
    year = sum(seasonality) or 12.0
    exact = [total * w / year for w in weights]
    rounded = [float(round(v)) for v in exact]
    if months == 12 and rounded:
        rounded[rounded.index(max(rounded))] += round(total) - sum(rounded)
    return tuple(rounded)


_LINE = re.compile(r"\s*\t\s*|\s*;\s*|\s{2,}")


def parse_sources(text: str) -> tuple[tuple[str, float], ...]:
    """Sources pasted from a spreadsheet or typed, one a line: a name and the leads a month
    ("Paid search<TAB>950", "Webinars; 320", "Partner referrals  110", "Events 1,200").
    A header line without a number is skipped; a line with a name and no number is refused."""
    out: list[tuple[str, float]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p for p in _LINE.split(line.strip()) if p]
        if len(parts) == 1:
            match = re.match(r"^(.*?\D)\s+([\d.,\s]+[kKmM]?)$", parts[0])
            parts = [match[1], match[2]] if match else parts
        name = parts[0].strip()
        try:
            leads = parse_number(parts[-1]) if len(parts) > 1 else None
        except ValueError:
            leads = None
        if leads is None:
            if not out:  # a header line ("Source  Leads a month")
                continue
            raise ValueError(f"Line {number} ({line.strip()!r}) has no number of leads a month.")
        out.append((name, leads))
    return tuple(out)


def build_new_plan(answers: NewPlanAnswers) -> Plan:
    """A complete, valid plan from ``answers`` (raises ``ValidationError`` naming a refused answer)."""
    sample = _sample()
    start = answers.start_month or this_month()
    season = typical_seasonality()
    rates = typical_rates()
    sources = tuple(
        LeadSource(
            name=name, segment="General", volume_mode="baseline", baseline=leads, seasonality=season, conversion=rates
        )
        for name, leads in answers.sources
    )
    team = default_team()
    team = replace(
        team,
        roles=tuple(replace(r, headcount=(answers.sdrs if r.kind == "SDR" else answers.aes,)) for r in team.roles),
    )
    plan = Plan(
        name=answers.name.strip() or "Untitled plan",
        currency=answers.currency.strip().upper() or "USD",
        start_month=start,
        stages=sample.stages,
        sources=sources,
        terms=CommercialTerms(
            average_deal_size=answers.average_deal_size,
            sales_cycle_days=answers.sales_cycle_days,
            revenue_target=spread_annual(answers.annual_revenue_goal, start, 12, season),
            marketing_share=answers.marketing_share,
        ),
        engagement=sample.engagement,
        team=team,
        commitments=Commitments(response=sample.commitments.response),
    )
    if not sources or not answers.annual_revenue_goal:
        return plan
    return replace(plan, commitments=replace(plan.commitments, marketing=sqls_for_revenue_goal(plan)))
