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

from slaplanner.cells import is_number, parse_number
from slaplanner.engine.goal_seek import sqls_for_revenue_goal
from slaplanner.errors import Problem, ValidationError, cut_text
from slaplanner.plan.commitments import Commitments
from slaplanner.plan.format import fmt_count, month_label
from slaplanner.plan.model import MAX_MONEY, CommercialTerms, LeadSource, Plan, RateRange
from slaplanner.plan.months import calendar_month, month_range
from slaplanner.plan.new_records import default_team
from slaplanner.plan.validation import Collector, check_number
from slaplanner.samples import sample_plan_text


@dataclass(frozen=True)
class NewPlanAnswers:
    """What the guided set-up asks. Money is in ``currency``; ``sources`` are (name, leads).

    Attributes:
        name, currency, start_month: the plan's name, currency and first month (``"2026-02"``).
        annual_revenue_goal: the year's revenue goal (spread over the months by seasonality).
        marketing_share: the part of the goal from marketing-sourced leads (0 to 1).
        average_deal_size, sales_cycle_days: the deal economics.
        sources: each lead source's name and either its leads in an average month (spread over the
            year by a typical seasonality) or its leads month by month from ``start_month``
            (see :func:`month_by_month`).
        sdrs, aes: the team's headcount.
    """

    name: str = "Untitled plan"
    currency: str = "USD"
    start_month: str = ""
    annual_revenue_goal: float = 0.0
    marketing_share: float = 1.0
    average_deal_size: float = 25_000.0
    sales_cycle_days: float = 60.0
    sources: tuple[tuple[str, float | tuple[float, ...]], ...] = ()
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


#: A new plan covers a year: its number of months.
PLAN_MONTHS = 12

_SEPARATORS = re.compile(r"\s*;\s*|\s{2,}")
_NAME_AND_NUMBERS = re.compile(r"^(.+?)\s+([\d.,\s]+[kKmM]?)$")
_SPACE_GROUPED = re.compile(r"\d{1,3}(?: \d{3})+")  # "1 200": one number with its thousands spaced
_HEADING_WORDS = re.compile(
    r"\b(?:sources?|channels?|names?|leads?|months?|monthly|per|average|avg|volume|totals?|year|quelle|kanal|monat)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PastedSource:
    """A source read from the set-up's sources box.

    Attributes:
        line: its line in the box (1 is the first).
        name: the source's name.
        leads: one number (leads in an average month) or several (month by month, the first for
            the plan's first month).
        blanks: empty cells among its numbers, read as no leads (0).
        total_left_out: a thirteenth number that was the twelve others' total, left out (None if none).
    """

    line: int
    name: str
    leads: tuple[float, ...]
    blanks: int = 0
    total_left_out: float | None = None


@dataclass(frozen=True)
class SourceLineProblem:
    """A line of the sources box that cannot be read: ``text`` is its cell that is not a number
    ("" when the line has a name and no number, or numbers and no name)."""

    line: int
    name: str
    text: str

    def __str__(self) -> str:
        if not self.name:
            return f"Line {self.line}: numbers without the source's name"
        if not self.text:
            return f"Line {self.line}, {self.name}: no number of leads"
        return f"Line {self.line}, {self.name}: “{cut_text(self.text, 40)}” is not a number"


@dataclass(frozen=True)
class PastedSources:
    """What the sources box says: the sources read, the lines that cannot be read, and a heading row's
    months (``YYYY-MM``, when every month heading has its year) and other headings left out ("Total")."""

    sources: tuple[PastedSource, ...] = ()
    problems: tuple[SourceLineProblem, ...] = ()
    heading_months: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()

    def answers(self) -> tuple[tuple[str, float | tuple[float, ...]], ...]:
        """The sources as :attr:`NewPlanAnswers.sources`."""
        return tuple((s.name, s.leads[0] if len(s.leads) == 1 else s.leads) for s in self.sources)


def _cells(line: str) -> list[str]:
    """A line's cells: tab-separated as spreadsheets copy (empty cells kept), else split at ";" or
    two spaces, else a name followed by numbers ("Events 1,200", "Webinars 300 320")."""
    if "\t" in line:
        return [cell.strip() for cell in line.rstrip("\r\n").split("\t")]
    parts = [p.strip() for p in _SEPARATORS.split(line.strip()) if p.strip()]
    if len(parts) == 1 and (match := _NAME_AND_NUMBERS.match(parts[0])):
        tail = match[2].strip()
        parts = [match[1].strip(), *([tail] if _SPACE_GROUPED.fullmatch(tail) else tail.split())]
    return parts


def _heading_month(text: str) -> str | None:
    """A heading cell that names a month: ``YYYY-MM`` when it has a year, ``""`` without one, else None."""
    try:
        return read_month(text)
    except ValueError:
        t = text.strip().casefold().rstrip(".")
        return "" if t.isalpha() and t[:3] in _MONTH_NAMES and len(t) >= 3 else None


def _is_heading(cells: list[str]) -> bool:
    values = [c for c in cells[1:] if c]
    if any(is_number(c) for c in values):
        return False
    return any(_heading_month(c) is not None for c in values) or bool(_HEADING_WORDS.search(" ".join(cells)))


def read_sources(text: str) -> PastedSources:
    """Sources pasted from a spreadsheet or typed, one a line: a name and either the leads in an
    average month ("Paid search<TAB>950", "Webinars; 320", "Partner referrals  110", "Events 1,200")
    or several numbers, month by month from the plan's first month ("Paid search<TAB>900<TAB>950 ...").

    A first line without numbers that reads as a heading ("Source<TAB>Leads a month",
    "Source<TAB>Feb 2026<TAB>Mar 2026 ...") is skipped; under month headings only the month columns
    are read (a "Total" column is left out). In a spreadsheet block an empty cell is no leads (0),
    a line shorter than the others gives fewer months, and columns empty in every line are dropped.
    Thirteen numbers whose last is the total of the twelve others lose the total. A line with a
    name and something that is not a number, or numbers without a name, is a
    :class:`SourceLineProblem`; nothing is dropped silently.
    """
    rows = [(number, _cells(line)) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    columns: list[int] | None = None
    heading_months: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    if rows and _is_heading(rows[0][1]):
        heading = rows.pop(0)[1][1:]
        months = [_heading_month(c) for c in heading]
        if any(m is not None for m in months):
            columns = [i for i, m in enumerate(months) if m is not None]
            named = [m for m in months if m is not None]
            heading_months = tuple(m for m in named if m) if all(named) else ()
            left_out = tuple(c for c, m in zip(heading, months, strict=True) if m is None and c)
    width = max((len(cells) - 1 for _, cells in rows), default=0)
    while width > 0 and all(len(cells) <= width or not cells[width] for _, cells in rows):
        width -= 1  # a column empty in every line (a trailing tab)
    sources: list[PastedSource] = []
    problems: list[SourceLineProblem] = []
    for number, cells in rows:
        name, values = cells[0], cells[1 : width + 1]
        if columns is not None:
            values = [values[i] for i in columns if i < len(values)]  # a shorter line gives fewer months
        if not name:
            if any(values):
                problems.append(SourceLineProblem(number, "", ""))
            continue
        wrong = next((v for v in values if v and not is_number(v)), None)
        if wrong is not None or not any(values):
            problems.append(SourceLineProblem(number, name, wrong or ""))
            continue
        if len(values) == 1:
            sources.append(PastedSource(number, name, (parse_number(values[0]),)))
            continue
        leads = [parse_number(v) if v else 0.0 for v in values]
        total: float | None = None
        if (
            columns is None
            and len(leads) == PLAN_MONTHS + 1
            and leads[-1] > 0
            and abs(sum(leads[:-1]) - leads[-1]) < 0.5
        ):
            total = leads.pop()
        blanks = sum(1 for v in values[: len(leads)] if not v)
        sources.append(PastedSource(number, name, tuple(leads), blanks, total))
    return PastedSources(tuple(sources), tuple(problems), heading_months, left_out)


def source_notes(pasted: PastedSources, start_month: str, months: int = PLAN_MONTHS) -> tuple[str, ...]:
    """What the plan takes from the sources box, one sentence a source (and one for the headings):
    "Paid search: 12 months read (Feb 2026 to Jan 2027): 11,280 leads, 940 a month on average"."""
    plan_months = month_range(start_month, months)
    notes: list[str] = []
    heading = pasted.heading_months
    if heading and heading[0] != start_month:
        notes.append(
            f"The columns start with {month_label(heading[0])} and the plan with {month_label(start_month)}: "
            f"each source's first number is taken for {month_label(start_month)}."
        )
    if pasted.left_out:
        quoted = ", ".join(f"“{cut_text(c, 30)}”" for c in pasted.left_out)
        notes.append(f"Not read: the {'column' if len(pasted.left_out) == 1 else 'columns'} {quoted}.")
    for source in pasted.sources:
        if len(source.leads) == 1:
            notes.append(
                f"{source.name}: {fmt_count(source.leads[0])} leads in an average month, "
                "spread over the year by a typical seasonality"
            )
            continue
        used = source.leads[:months]
        span = f"{month_label(plan_months[0])} to {month_label(plan_months[len(used) - 1])}"
        note = (
            f"{source.name}: {len(used)} months read ({span}): {fmt_count(sum(used))} leads, "
            f"{fmt_count(sum(used) / len(used))} a month on average"
        )
        if len(used) < months:
            note += f"; the other {months - len(used)} months get the average"
        if len(source.leads) > months:
            extra = len(source.leads) - months
            note += f"; {extra} more {'number' if extra == 1 else 'numbers'} left out (the plan has {months} months)"
        if source.blanks:
            note += f"; {source.blanks} empty {'cell' if source.blanks == 1 else 'cells'} read as 0"
        if source.total_left_out is not None:
            note += f"; the last number, {fmt_count(source.total_left_out)}, is their total and was left out"
        notes.append(note)
    return tuple(notes)


def month_by_month(leads: tuple[float, ...], months: int = PLAN_MONTHS) -> tuple[float, ...]:
    """Leads given month by month as the plan's ``months`` values: the first ``months`` numbers;
    when fewer are given, the months without a number get the average of those given."""
    used = leads[:months]
    average = sum(used) / len(used) if used else 0.0
    return tuple(used) + (average,) * (months - len(used))


def _lead_source(
    name: str, leads: float | tuple[float, ...], season: tuple[float, ...], rates: tuple[RateRange, ...]
) -> LeadSource:
    if isinstance(leads, tuple):
        return LeadSource(
            name=name, segment="General", volume_mode="monthly", monthly_leads=month_by_month(leads), conversion=rates
        )
    return LeadSource(
        name=name, segment="General", volume_mode="baseline", baseline=leads, seasonality=season, conversion=rates
    )


def _plan_without_commitment(answers: NewPlanAnswers) -> Plan:
    """The plan of ``answers`` before marketing's commitment; ValidationError lists every refused
    answer with its path in the plan (``terms.marketing_share``, ``sources[1].name``) or, for the
    year's goal, ``annual_revenue_goal``."""
    sample = _sample()
    start = answers.start_month or this_month()
    season = typical_seasonality()
    rates = typical_rates()
    c = Collector()
    sources = []
    for i, (name, leads) in enumerate(answers.sources):
        with c.field(f"sources[{i}]."):
            sources.append(_lead_source(name, leads, season, rates))
    sources_read = len(sources) == len(answers.sources)  # else the plan's own checks would shift the indexes
    goal = c.check(check_number, "annual_revenue_goal", answers.annual_revenue_goal, 0.0, MAX_MONEY, default=0.0)
    terms = CommercialTerms()
    with c.field("terms."):
        terms = CommercialTerms(
            average_deal_size=answers.average_deal_size,
            sales_cycle_days=answers.sales_cycle_days,
            revenue_target=spread_annual(goal, start, PLAN_MONTHS, season),
            marketing_share=answers.marketing_share,
        )
    team = default_team()
    with c.field("team."):
        team = replace(
            team,
            roles=tuple(replace(r, headcount=(answers.sdrs if r.kind == "SDR" else answers.aes,)) for r in team.roles),
        )
    plan = Plan()
    with c.field():  # the plan's own answers (name, currency, first month) and its cross-checks
        plan = Plan(
            name=answers.name.strip() or "Untitled plan",
            currency=answers.currency.strip() or "USD",
            start_month=start,
            horizon_months=PLAN_MONTHS,
            stages=sample.stages,
            sources=tuple(sources) if sources_read else (),
            terms=terms,
            engagement=sample.engagement,
            team=team,
            commitments=Commitments(response=sample.commitments.response),
        )
    c.raise_if_any()
    return plan


def answer_problems(answers: NewPlanAnswers) -> tuple[Problem, ...]:
    """The answers the plan would refuse (empty when it can be made), each with its path in the
    plan (see :func:`build_new_plan`): the set-up checks a page's answers before it moves on."""
    try:
        _plan_without_commitment(answers)
    except ValidationError as error:
        return error.problems
    return ()


def build_new_plan(answers: NewPlanAnswers) -> Plan:
    """A complete, valid plan from ``answers``.

    Raises:
        ValidationError: naming each refused answer by its path in the plan (``name``,
            ``currency``, ``terms.marketing_share``, ``sources[1].monthly_leads[3]``) or
            ``annual_revenue_goal`` for the year's goal.
    """
    plan = _plan_without_commitment(answers)
    if not plan.sources or not answers.annual_revenue_goal:
        return plan
    return replace(plan, commitments=replace(plan.commitments, marketing=sqls_for_revenue_goal(plan)))
