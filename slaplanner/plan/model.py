"""The plan: lead sources, funnel stages, conversion rates and commercial terms.

Every record is a frozen dataclass validated when it is built: a value outside its allowed
range raises :class:`~slaplanner.errors.ValidationError` naming the field, the value and what
is allowed. ``Plan.from_dict`` / ``Plan.to_dict`` are the JSON interchange format
(see ``docs/plan-format.md`` and ``slaplanner/schema/plan.schema.json``).

The later capabilities keep their parts of the plan in their own modules
(:mod:`slaplanner.plan.definitions`, :mod:`slaplanner.plan.engagement`, :mod:`slaplanner.plan.team`,
:mod:`slaplanner.plan.commitments`, :mod:`slaplanner.plan.governance`); the plan holds one record of each.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from slaplanner.errors import Problem, ValidationError
from slaplanner.plan.commitments import Commitments
from slaplanner.plan.definitions import Definitions
from slaplanner.plan.engagement import RulesOfEngagement
from slaplanner.plan.format import fmt_short_date, month_label
from slaplanner.plan.governance import Governance
from slaplanner.plan.months import MONTH_NAMES, calendar_month, days_in, month_range, ordinal, parse_month, period_start
from slaplanner.plan.team import Team
from slaplanner.plan.validation import (
    Collector,
    check_choice,
    check_int,
    check_number,
    check_text,
    out_of_range,
    record_from_dict,
)

FORMAT_NAME = "slaplanner-plan"
FORMAT_VERSION = 1

DEFAULT_STAGES: tuple[str, ...] = ("Lead", "MQL", "SAL", "SQL", "Opportunity", "Won")
MAX_HORIZON = 36
MAX_STAGES = 10
MAX_LEADS_PER_MONTH = 1e9
MAX_MONEY = 1e12
VOLUME_MODES = ("monthly", "baseline")

#: The optional parts of a plan that later capabilities own: key -> record class.
SECTIONS: dict[str, Any] = {
    "definitions": Definitions,
    "engagement": RulesOfEngagement,
    "team": Team,
    "commitments": Commitments,
    "governance": Governance,
}
#: Sections written only when they differ from their defaults, so that plans saved before the
#: section existed keep their interchange data and so their fingerprints.
SECTIONS_WRITTEN_WHEN_SET = frozenset({"governance"})


def _floats(value: Any) -> tuple[Any, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,)


@dataclass(frozen=True)
class RateRange:
    """A conversion rate as low / likely / high fractions (0 to 1), low <= likely <= high."""

    low: float
    likely: float
    high: float

    def __post_init__(self) -> None:
        c = Collector()
        low = c.check(check_number, "low", self.low, 0.0, 1.0, default=0.0)
        likely = c.check(check_number, "likely", self.likely, 0.0, 1.0, default=0.0)
        high = c.check(check_number, "high", self.high, 0.0, 1.0, default=0.0)
        if not c.problems:
            if low > likely:
                c.problems.append(out_of_range("low", self.low, high=likely, limit_name="the likely rate"))
            if high < likely:
                c.problems.append(out_of_range("high", self.high, likely, limit_name="the likely rate"))
        c.raise_if_any()
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "likely", likely)
        object.__setattr__(self, "high", high)

    @classmethod
    def exact(cls, rate: float) -> RateRange:
        return cls(rate, rate, rate)

    def to_dict(self) -> dict[str, float]:
        return {"low": self.low, "likely": self.likely, "high": self.high}

    @classmethod
    def from_dict(cls, data: Any) -> RateRange:
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            return cls.exact(check_number("likely", data, 0.0, 1.0))
        if not isinstance(data, dict):
            raise ValidationError.single("", data, "allowed: a rate or {low, likely, high}")
        unknown = sorted(set(data) - {"low", "likely", "high"})
        if unknown:
            raise ValidationError.single(unknown[0], data[unknown[0]], "allowed: only low, likely and high")
        likely: Any = data.get("likely")
        return cls(data.get("low", likely), likely, data.get("high", likely))


@dataclass(frozen=True)
class LeadSource:
    """A source or channel of leads with its volume and its conversion rate per stage.

    Volume is either explicit ``monthly_leads`` (one value per plan month) or a ``baseline``
    per month times twelve ``seasonality`` factors (January first) grown by ``growth`` per
    month (compounded). ``conversion[i]`` is the rate from stage i to stage i + 1.
    """

    name: str
    segment: str = "General"
    channel: str = ""
    volume_mode: str = "baseline"
    monthly_leads: tuple[float, ...] = ()
    baseline: float = 0.0
    seasonality: tuple[float, ...] = (1.0,) * 12
    growth: float = 0.0
    conversion: tuple[RateRange, ...] = ()

    def __post_init__(self) -> None:
        c = Collector()
        set_ = object.__setattr__
        set_(self, "name", c.check(check_text, "name", self.name, max_length=80, default=""))
        set_(self, "segment", c.check(check_text, "segment", self.segment, max_length=80, default=""))
        set_(
            self,
            "channel",
            c.check(check_text, "channel", self.channel, required=False, max_length=80, default=""),
        )
        c.check(check_choice, "volume_mode", self.volume_mode, VOLUME_MODES, default="")
        monthly = []
        for i, v in enumerate(_floats(self.monthly_leads)):
            monthly.append(c.check(check_number, f"monthly_leads[{i}]", v, 0.0, MAX_LEADS_PER_MONTH, default=0.0))
        set_(self, "monthly_leads", tuple(monthly))
        set_(
            self,
            "baseline",
            c.check(check_number, "baseline", self.baseline, 0.0, MAX_LEADS_PER_MONTH, default=0.0),
        )
        season = _floats(self.seasonality)
        if len(season) != 12:
            c.add("seasonality", list(season), "allowed: exactly 12 factors, January to December")
            season = (1.0,) * 12
        set_(
            self,
            "seasonality",
            tuple(c.check(check_number, f"seasonality[{i}]", v, 0.0, 10.0, default=1.0) for i, v in enumerate(season)),
        )
        set_(self, "growth", c.check(check_number, "growth", self.growth, -0.5, 1.0, default=0.0))
        rates = []
        for i, r in enumerate(_floats(self.conversion)):
            if isinstance(r, RateRange):
                rates.append(r)
            else:
                with c.field(f"conversion[{i}]."):
                    rates.append(RateRange.from_dict(r))
        set_(self, "conversion", tuple(rates))
        c.raise_if_any()

    def leads(self, months: tuple[str, ...]) -> tuple[float, ...]:
        """Leads in each of ``months`` (the plan's months, first month is growth step 0)."""
        if self.volume_mode == "monthly":
            values = list(self.monthly_leads[: len(months)])
            return tuple(values + [0.0] * (len(months) - len(values)))
        return tuple(
            self.baseline * self.seasonality[calendar_month(m) - 1] * (1.0 + self.growth) ** i
            for i, m in enumerate(months)
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "segment": self.segment,
            "channel": self.channel,
            "volume_mode": self.volume_mode,
        }
        if self.volume_mode == "monthly":
            data["monthly_leads"] = list(self.monthly_leads)
        else:
            data["baseline"] = self.baseline
            data["seasonality"] = list(self.seasonality)
            data["growth"] = self.growth
        if self.volume_mode == "baseline" and self.monthly_leads:
            data["monthly_leads"] = list(self.monthly_leads)
        if self.volume_mode == "monthly" and (self.baseline or self.growth or any(s != 1 for s in self.seasonality)):
            data["baseline"] = self.baseline
            data["seasonality"] = list(self.seasonality)
            data["growth"] = self.growth
        data["conversion"] = [r.to_dict() for r in self.conversion]
        return data

    @classmethod
    def from_dict(cls, data: Any) -> LeadSource:
        return record_from_dict(cls, data, "a lead source", {f.name for f in fields(cls)})


@dataclass(frozen=True)
class CommercialTerms:
    """Deal economics: average deal size, sales cycle (days from SQL to won), revenue targets.

    ``revenue_target`` holds one amount per plan month; ``marketing_share`` is the fraction of
    that target marketing-sourced pipeline must carry (0 to 1).
    """

    average_deal_size: float = 25_000.0
    sales_cycle_days: float = 60.0
    revenue_target: tuple[float, ...] = ()
    marketing_share: float = 1.0

    def __post_init__(self) -> None:
        c = Collector()
        set_ = object.__setattr__
        set_(
            self,
            "average_deal_size",
            c.check(
                check_number, "average_deal_size", self.average_deal_size, 0.0, MAX_MONEY, low_open=True, default=1.0
            ),
        )
        set_(
            self,
            "sales_cycle_days",
            c.check(check_number, "sales_cycle_days", self.sales_cycle_days, 0.0, 730.0, default=0.0),
        )
        set_(
            self,
            "revenue_target",
            tuple(
                c.check(check_number, f"revenue_target[{i}]", v, 0.0, MAX_MONEY, default=0.0)
                for i, v in enumerate(_floats(self.revenue_target))
            ),
        )
        set_(
            self,
            "marketing_share",
            c.check(check_number, "marketing_share", self.marketing_share, 0.0, 1.0, default=1.0),
        )
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        return {
            "average_deal_size": self.average_deal_size,
            "sales_cycle_days": self.sales_cycle_days,
            "revenue_target": list(self.revenue_target),
            "marketing_share": self.marketing_share,
        }

    @classmethod
    def from_dict(cls, data: Any) -> CommercialTerms:
        return record_from_dict(cls, data, "the commercial terms", {f.name for f in fields(cls)})


@dataclass(frozen=True)
class Plan:
    """A whole SLA plan. Build it with keyword arguments or :meth:`from_dict`.

    Cross-field rules checked here: ``horizon_months`` from 1 to 36, stage names unique,
    every source has one conversion rate per stage transition and (in monthly mode) one value
    per month, and one revenue target per month. Cross-section references are checked too:
    the stages the definitions qualify leads to (once definitions exist), the stages of the
    rules of engagement and the stages recycle rules send leads back to must be plan stages.
    """

    name: str = "Untitled plan"
    currency: str = "USD"
    start_month: str = "2026-01"
    horizon_months: int = 12
    stages: tuple[str, ...] = DEFAULT_STAGES
    sources: tuple[LeadSource, ...] = ()
    terms: CommercialTerms = field(default_factory=CommercialTerms)
    definitions: Definitions = field(default_factory=Definitions)
    engagement: RulesOfEngagement = field(default_factory=RulesOfEngagement)
    team: Team = field(default_factory=Team)
    commitments: Commitments = field(default_factory=Commitments)
    governance: Governance = field(default_factory=Governance)
    #: The day of the month the plan starts on (1: months are calendar months; 15: each plan month
    #: runs from the 15th to the 14th, "Jan 2026" being 15 Jan to 14 Feb 2026).
    start_day: int = 1

    def __post_init__(self) -> None:
        c = Collector()
        set_ = object.__setattr__
        set_(self, "name", c.check(check_text, "name", self.name, max_length=120, default=""))
        currency = self.currency
        if not (isinstance(currency, str) and len(currency.strip()) == 3 and currency.strip().isalpha()):
            c.add("currency", currency, "allowed: a three-letter currency code such as USD or EUR")
        else:
            set_(self, "currency", currency.strip().upper())
        month_ok = False
        with c.field():
            parse_month("start_month", self.start_month)
            set_(self, "start_month", self.start_month.strip())
            month_ok = True
        day = c.check(check_int, "start_day", self.start_day, 1, 31, default=1)
        if month_ok:
            last = days_in(self.start_month)
            if day > last:
                c.add("start_day", day, f"allowed: a day of {month_label(self.start_month)}, 1 to {last}")
                day = 1
        set_(self, "start_day", day)
        horizon = c.check(check_int, "horizon_months", self.horizon_months, 1, MAX_HORIZON, default=0)
        set_(self, "horizon_months", horizon)
        stages = tuple(_floats(self.stages))
        names: list[str] = []
        if not 2 <= len(stages) <= MAX_STAGES:
            c.add("stages", list(stages), f"allowed: from 2 to {MAX_STAGES} stages")
        for i, s in enumerate(stages):
            name = c.check(check_text, f"stages[{i}]", s, max_length=40, default="")
            if name and name.casefold() in (n.casefold() for n in names):
                c.add(f"stages[{i}]", s, "allowed: a name no other stage has")
            names.append(name)
        set_(self, "stages", tuple(names))
        set_(self, "sources", tuple(self.sources))
        source_names: list[str] = []
        for i, src in enumerate(self.sources):
            if not isinstance(src, LeadSource):
                c.add(f"sources[{i}]", src, "allowed: a lead source")
                continue
            if src.name.casefold() in source_names:
                c.add(f"sources[{i}].name", src.name, "allowed: a name no other source has")
            source_names.append(src.name.casefold())
            if len(src.conversion) != len(names) - 1:
                c.add(
                    f"sources[{i}].conversion",
                    len(src.conversion),
                    f"allowed: exactly {len(names) - 1} rates, one per stage transition",
                )
            if src.volume_mode == "monthly" and horizon and len(src.monthly_leads) != horizon:
                c.add(
                    f"sources[{i}].monthly_leads",
                    len(src.monthly_leads),
                    f"allowed: exactly {horizon} monthly values, one per plan month",
                )
        if horizon and len(self.terms.revenue_target) not in (0, horizon):
            c.add(
                "terms.revenue_target",
                len(self.terms.revenue_target),
                f"allowed: exactly {horizon} monthly targets, one per plan month",
            )
        if all(names):
            self._check_stage_references(c, names)
        c.raise_if_any()

    def _check_stage_references(self, c: Collector, names: list[str]) -> None:
        """Every stage another section names must be one of the plan's stages."""
        known = {n.casefold() for n in names}
        allowed = "allowed: one of the plan's stages (" + ", ".join(names) + ")"
        references: list[tuple[str, str]] = []
        if not self.definitions.is_empty:
            references += [("definitions.mql_stage", self.definitions.mql_stage)]
            references += [("definitions.sql_stage", self.definitions.sql_stage)]
        recycle = self.definitions.recycle_rules
        references += [(f"definitions.recycle_rules[{i}].to_stage", r.to_stage) for i, r in enumerate(recycle)]
        references += [(f"engagement.stages[{i}].stage", r.stage) for i, r in enumerate(self.engagement.stages)]
        for path, stage in references:
            if stage.casefold() not in known:
                c.problems.append(Problem(path, stage, allowed, "unknown_reference"))

    # -- derived --------------------------------------------------------------------------
    @property
    def months(self) -> tuple[str, ...]:
        """The plan's months as ``YYYY-MM``."""
        return month_range(self.start_month, self.horizon_months)

    def period_start(self, index: int) -> date:
        """The first day of plan month ``index`` (``horizon_months``: the day after the horizon)."""
        return period_start(self.start_month, self.start_day, index)

    @property
    def period_note(self) -> str:
        """How the plan's months run, said where months are shown: empty for calendar months, else
        "Each plan month runs from the 15th: Jan 2026 is 15 Jan to 14 Feb 2026"."""
        if self.start_day == 1:
            return ""
        first, last = self.period_start(0), self.period_start(1) - timedelta(days=1)
        shorter = " (the last day in shorter months)" if self.start_day > 28 else ""
        runs = f"Each plan month runs from the {ordinal(self.start_day)}{shorter}"
        first_day = f"{first.day} {MONTH_NAMES[first.month - 1]}"  # the year is said once, at the end
        return f"{runs}: {month_label(self.start_month)} is {first_day} to {fmt_short_date(last)}"

    @property
    def sql_stage_index(self) -> int | None:
        """The index of the stage that counts as the SQL, or ``None`` when the plan has none.

        The one rule every screen, command and export asks: the SQL is the stage the
        definitions name as their SQL stage (``definitions.sql_stage``, "SQL" by default),
        compared without case.
        """
        wanted = self.definitions.sql_stage.casefold()
        for i, name in enumerate(self.stages):
            if name.casefold() == wanted:
                return i
        return None

    @property
    def sql_stage(self) -> str | None:
        """The name of the SQL stage (see :attr:`sql_stage_index`), or ``None``."""
        index = self.sql_stage_index
        return None if index is None else self.stages[index]

    @property
    def revenue_target(self) -> tuple[float, ...]:
        """The monthly revenue target, zeros where none was given."""
        return self.terms.revenue_target or (0.0,) * self.horizon_months

    @property
    def segments(self) -> tuple[str, ...]:
        """Distinct segments of the sources, in order of first appearance."""
        return tuple(dict.fromkeys(s.segment for s in self.sources))

    def source_named(self, name: str) -> LeadSource:
        for s in self.sources:
            if s.name == name:
                return s
        raise KeyError(name)

    # -- interchange ------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data (the interchange format, lossless)."""
        data: dict[str, Any] = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "currency": self.currency,
            "start_month": self.start_month,
            "horizon_months": self.horizon_months,
            **({"start_day": self.start_day} if self.start_day != 1 else {}),
            "stages": list(self.stages),
            "sources": [s.to_dict() for s in self.sources],
            "terms": self.terms.to_dict(),
        }
        for key in SECTIONS:
            if key in SECTIONS_WRITTEN_WHEN_SET and getattr(self, key) == SECTIONS[key]():
                continue
            data[key] = getattr(self, key).to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Plan:
        """Build a plan from interchange data, reporting every problem with its path."""
        if not isinstance(data, dict):
            raise ValidationError.single("plan", type(data).__name__, "allowed: a JSON object")
        if data.get("format", FORMAT_NAME) != FORMAT_NAME:
            raise ValidationError.single("format", data.get("format"), f"allowed: {FORMAT_NAME!r}")
        version = data.get("format_version", FORMAT_VERSION)
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise ValidationError.single(
                "format_version",
                version,
                f"allowed: {FORMAT_VERSION} or lower (written by a newer SLA Planner?)",
            )
        known = {f.name for f in fields(cls)} | {"format", "format_version"}
        c = Collector()
        for key in sorted(set(data) - known):
            c.add(key, data[key], "allowed: no such field in a plan")
        kwargs: dict[str, Any] = {
            k: data[k] for k in ("name", "currency", "start_month", "start_day", "horizon_months", "stages")
            if k in data
        }
        sources = []
        raw_sources = data.get("sources", [])
        if not isinstance(raw_sources, list):
            c.add("sources", raw_sources, "allowed: a list of lead sources")
            raw_sources = []
        for i, s in enumerate(raw_sources):
            with c.field(f"sources[{i}]."):
                sources.append(LeadSource.from_dict(s))
        kwargs["sources"] = tuple(sources)
        if "terms" in data:
            with c.field("terms."):
                kwargs["terms"] = CommercialTerms.from_dict(data["terms"])
        for key, section in SECTIONS.items():
            if key in data:
                with c.field(f"{key}."):
                    kwargs[key] = section.from_dict(data[key])
        if c.problems:  # also report the plan's own fields, so one run shows every problem
            with c.field():
                cls(
                    **{
                        k: v
                        for k, v in kwargs.items()
                        if k in ("name", "currency", "start_month", "start_day", "horizon_months", "stages")
                    }
                )
        c.raise_if_any()
        return cls(**kwargs)


def resize_months(values: tuple[float, ...], count: int) -> tuple[float, ...]:
    """Cut or extend a monthly series to ``count`` values, repeating the last value."""
    if len(values) >= count:
        return tuple(values[:count])
    fill = values[-1] if values else 0.0
    return tuple(values) + (fill,) * (count - len(values))


def with_horizon(plan: Plan, horizon_months: int) -> Plan:
    """The plan over a new horizon, with every monthly series cut or extended to fit."""
    from dataclasses import replace

    check_int("horizon_months", horizon_months, 1, MAX_HORIZON)
    sources = tuple(
        replace(s, monthly_leads=resize_months(s.monthly_leads, horizon_months)) if s.volume_mode == "monthly" else s
        for s in plan.sources
    )
    terms = plan.terms
    if terms.revenue_target:
        terms = replace(terms, revenue_target=resize_months(terms.revenue_target, horizon_months))
    return replace(plan, horizon_months=horizon_months, sources=sources, terms=terms)


def _product(rates: tuple[RateRange, ...]) -> RateRange:
    low = likely = high = 1.0
    for r in rates:
        low, likely, high = low * r.low, likely * r.likely, high * r.high
    return RateRange(low, likely, high)


def stage_transitions(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[tuple[int, int] | None, ...]:
    """How each transition of ``new`` stages is made of ``old`` ones: (from, to) old indices, or None.

    The same number of stages is a rename: transition i stays transition i. Otherwise stages
    are matched by name (ignoring case): a transition between two kept stages spans the old
    transitions between them (a removed stage in between merges its rates); a transition
    that touches a new stage has no old rates (None).
    """
    if len(old) == len(new):
        return tuple((i, i + 1) for i in range(len(new) - 1))
    index = {name.casefold(): i for i, name in enumerate(old)}
    spans: list[tuple[int, int] | None] = []
    for a, b in itertools.pairwise(new):
        i, j = index.get(a.casefold()), index.get(b.casefold())
        spans.append((i, j) if i is not None and j is not None and i < j else None)
    return tuple(spans)


def with_stages(plan: Plan, stages: tuple[str, ...]) -> Plan:
    """The plan with a new list of stages, each source's rates carried over.

    Renaming stages (the same number of stages) keeps every rate. Removing a stage merges the
    rates on either side of it (MQL->SAL 75 % and SAL->SQL 55 % become MQL->SQL 41.25 %), so the
    funnel yields the same. A transition into or out of a new stage starts at 100 % (see
    :func:`stage_transitions`; the UI names those transitions so they can be filled in).
    """
    from dataclasses import replace

    spans = stage_transitions(plan.stages, tuple(stages))
    definitions, engagement = _renamed_stage_references(plan, tuple(stages))
    sources = []
    for s in plan.sources:
        rates = []
        for span in spans:
            if span is None or span[1] > len(s.conversion):
                rates.append(RateRange.exact(1.0))
            else:
                rates.append(_product(s.conversion[span[0] : span[1]]))
        sources.append(replace(s, conversion=tuple(rates)))
    return replace(
        plan, stages=tuple(stages), sources=tuple(sources), definitions=definitions, engagement=engagement
    )


def _renamed_stage_references(plan: Plan, stages: tuple[str, ...]) -> tuple[Definitions, RulesOfEngagement]:
    """The definitions and rules of engagement with their stage names following a rename of the plan's stages.

    A rename is the same number of stages: stage i's old name becomes its new name in the
    definitions (their lifecycle stages, MQL and SQL stage, recycle targets) and the rules of
    engagement. Otherwise
    names are matched without case, and references to kept stages take their new spelling;
    the rule of engagement for a removed stage goes with it.
    """
    from dataclasses import replace

    if len(stages) == len(plan.stages):
        mapping = {old.casefold(): new for old, new in zip(plan.stages, stages)}
    else:
        mapping = {new.casefold(): new for new in stages}

    def rename(name: str) -> str:
        return mapping.get(name.casefold(), name)

    defs = plan.definitions
    definitions = replace(
        defs,
        stages=tuple(replace(s, name=rename(s.name)) for s in defs.stages),
        mql_stage=rename(defs.mql_stage),
        sql_stage=rename(defs.sql_stage),
        recycle_rules=tuple(replace(r, to_stage=rename(r.to_stage)) for r in defs.recycle_rules),
    )
    kept = {name.casefold() for name in stages}
    rules = tuple(replace(r, stage=rename(r.stage)) for r in plan.engagement.stages)
    engagement = replace(plan.engagement, stages=tuple(r for r in rules if r.stage.casefold() in kept))
    return definitions, engagement


def rate_level_bounds(rate: RateRange, level: str) -> tuple[float, float]:
    """The values the ``level`` rate ("low", "likely" or "high") of ``rate`` may take with the
    other two kept as they are: low <= likely <= high, all from 0 to 1.

    Editors ask this to say why a value was refused in the words of the value being edited.
    """
    if level == "low":
        return 0.0, rate.likely
    if level == "likely":
        return rate.low, rate.high
    if level == "high":
        return rate.likely, 1.0
    raise ValueError(f"{level!r} is not a rate level; allowed: low, likely, high")


@dataclass(frozen=True)
class HorizonRun:
    """A run of horizon changes with nothing else in between: the plan before the run and the
    plan its last step made."""

    before: Plan
    after: Plan


def change_horizon(plan: Plan, horizon_months: int, run: HorizonRun | None = None) -> tuple[Plan, HorizonRun]:
    """``plan`` over a new horizon, and the run of horizon changes this step belongs to.

    Each step of a run is computed from the plan before the run, so 12 -> 6 -> 12 months gives
    the original months back instead of copies of the sixth. The run goes on while ``plan`` is
    the very plan its last step made (nothing edited, undone or opened in between); otherwise a
    new run starts at ``plan``. Raises ValidationError for a horizon outside 1 to MAX_HORIZON.
    """
    base = run.before if run is not None and plan is run.after else plan
    new = with_horizon(base, horizon_months)
    return new, HorizonRun(base, new)
