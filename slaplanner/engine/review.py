"""The review: last quarter's actuals against the SLA's commitments (pure, vectorised).

For the review period (the months the leads were created in, unless given) and each month:

* marketing: SQLs delivered (counted in the month they became SQL, in the team's time zone)
  against the SQLs committed, in total and per segment, in the months the plan has and the
  file covers in full (a month outside the plan's months, or one the file's create dates cover
  only in part, is shown but not judged); the acceptance rate against the agreed floor, an SQL
  neither accepted nor rejected in time counting as accepted (the SLA document's rule,
  :func:`slaplanner.plan.governance.counts_as_accepted`);
* sales, per response tier: the share of SQLs first touched within the tier's target on the
  tier's clock (business minutes in the team calendar, or clock minutes); a never-touched SQL
  has not met it; median and P90 first-touch minutes (of the SQLs touched); the share with the
  agreed number of touches; the share accepted or rejected within the window (clock hours);
* the funnel, planned (the plan's likely forward funnel) against actual, per month and stage,
  and revenue;
* met or missed in plain words with the months named, and the leads that broke a commitment.

Every rate carries the number of leads behind it and a 90 % Wilson interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from slaplanner.engine.business_time import business_minutes, month_starts
from slaplanner.engine.funnel import compute_funnel
from slaplanner.engine.scoring.history import wilson_interval
from slaplanner.imports.actuals import Actuals, team_calendar
from slaplanner.imports.leads import RowProblem
from slaplanner.plan.commitments import ResponseCommitment
from slaplanner.plan.format import MONTH_NAMES, count_text, fmt_count, fmt_duration_minutes, fmt_pct
from slaplanner.plan.governance import counts_as_accepted
from slaplanner.plan.model import Plan
from slaplanner.plan.months import add_months, month_span_text, period_start
from slaplanner.plan.team import WorkCalendar

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
SMALL_N = 100  # below this many leads, a rate is shown with its interval
NO_TIER = "(no tier)"
#: A month whose days the file's create dates miss more of than this (at the period's start or
#: end) is covered only in part: its SQLs are shown but not judged against a month's commitment.
#: A week, not a day or two: a quiet file's first lead often comes a few days into the month
#: (New Year's Day and a weekend), which is no sign that the export started late.
PARTIAL_MONTH_DAYS = 7
OUTSIDE_PLAN = "outside the plan's months"
NO_SQL_COLUMN = "the file has no column for the date leads became SQL (map one to became_sql_at)"


@dataclass(frozen=True)
class Rate:
    """``hits`` of ``n`` leads, the share and its 90 % Wilson interval (None when ``n`` is 0)."""

    hits: int
    n: int

    @property
    def share(self) -> float | None:
        return self.hits / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        if not self.n:
            return None
        low, _, high = wilson_interval(self.hits, self.n)
        return low, high

    def text(self) -> str:
        """``72 % of 150`` (with ``, 90 % interval 60-82 %`` when n is small)."""
        if not self.n:
            return "no leads"
        out = f"{fmt_pct(self.hits / self.n)} of {fmt_count(self.n)}"
        if self.n < SMALL_N:
            low, high = self.interval or (0.0, 0.0)
            out += f" (90 % interval {fmt_pct(low)}–{fmt_pct(high)})"
        return out

    def to_dict(self) -> dict[str, Any]:
        interval = self.interval
        return {
            "hits": self.hits,
            "n": self.n,
            "share": None if self.share is None else round(self.share, 6),
            "low": None if interval is None else round(interval[0], 6),
            "high": None if interval is None else round(interval[1], 6),
        }


@dataclass(frozen=True)
class SqlLine:
    """SQLs committed and delivered per month, for one segment (``""``: all segments).

    ``committed`` is None in a month outside the plan's months; ``judged`` says per month whether
    the month is judged (in the plan's months and covered in full by the file; empty: every
    month with a commitment). The totals, ``met`` and ``missed_months`` are of the judged months.
    """

    segment: str
    committed: tuple[float | None, ...]
    delivered: tuple[int, ...]
    months: tuple[str, ...]
    judged: tuple[bool, ...] = ()

    @property
    def judged_flags(self) -> tuple[bool, ...]:
        flags = self.judged or (True,) * len(self.months)
        return tuple(j and c is not None for j, c in zip(flags, self.committed, strict=True))

    @property
    def judgeable(self) -> bool:
        """At least one month is judged."""
        return any(self.judged_flags)

    @property
    def total_committed(self) -> float:
        return float(sum(c or 0.0 for c, j in zip(self.committed, self.judged_flags, strict=True) if j))

    @property
    def total_delivered(self) -> int:
        return int(sum(d for d, j in zip(self.delivered, self.judged_flags, strict=True) if j))

    @property
    def delivered_in_period(self) -> int:
        """Every month's SQLs, judged or not."""
        return int(sum(self.delivered))

    @property
    def met(self) -> bool:
        return self.total_delivered >= self.total_committed - 1e-9

    @property
    def missed_months(self) -> tuple[str, ...]:
        return tuple(
            m
            for m, c, d, j in zip(self.months, self.committed, self.delivered, self.judged_flags, strict=True)
            if j and c is not None and d < c - 1e-9
        )


@dataclass(frozen=True)
class MarketingReview:
    """Marketing's SQLs against its commitments. The commitment is met only when every segment
    delivers at least its own committed SQLs (as the simulation's ``p_met`` counts it): a surplus
    in one segment does not make up for another's shortfall, so the total can exceed the total
    committed while marketing missed."""

    months: tuple[str, ...]
    total: SqlLine
    segments: tuple[SqlLine, ...]
    acceptance: Rate  # counted as accepted (the SLA's rule) of delivered, in the plan's months
    acceptance_by_month: tuple[Rate, ...]
    rejected: int  # SQLs rejected in time and never accepted (the only ones against marketing)
    other_segments: int  # SQLs whose segment has no commitment
    cannot_judge: str = ""  # why SQLs cannot be counted at all (no SQL date column); "" when they can
    segments_unknown: str = ""  # why SQLs cannot be told apart by segment; "" when they can
    not_judged: tuple[tuple[str, str], ...] = ()  # (month, why) of the months shown but not judged
    acceptance_floor: float = 0.8
    acceptance_cannot_judge: str = ""  # why the acceptance rate cannot be judged; "" when it can
    accepted_by_month: tuple[int, ...] = ()  # SQLs with an accepted date, per month
    accepted_with_date: int = 0  # of the SQLs behind ``acceptance``
    undecided: int = 0  # neither accepted nor rejected: counted as accepted
    rejected_late: int = 0  # rejected after the window, never accepted: counted as accepted

    @property
    def judged(self) -> bool:
        """The SQL commitment can be judged: the SQLs can be counted and one month is judged."""
        return not self.cannot_judge and not self.segments_unknown and self.total.judgeable

    @property
    def acceptance_met(self) -> bool | None:
        """The acceptance rate (the SLA's rule) is at least the floor; None: nothing to judge."""
        if self.acceptance_cannot_judge or not self.acceptance.n:
            return None
        return (self.acceptance.share or 0.0) >= self.acceptance_floor - 1e-12

    @property
    def short_segments(self) -> tuple[str, ...]:
        """The segments that delivered fewer SQLs than they committed over the period."""
        return tuple(s.segment for s in self.segments if not s.met)

    @property
    def met(self) -> bool:
        """Every segment delivered at least its committed SQLs over the period (no segment
        commitments: the total against the total committed)."""
        return not self.short_segments if self.segments else self.total.met

    @property
    def missed_months(self) -> tuple[str, ...]:
        """The months in which a segment delivered fewer SQLs than it committed (no segment
        commitments: the months the total was short)."""
        if not self.segments:
            return self.total.missed_months
        short = {m for s in self.segments for m in s.missed_months}
        return tuple(m for m in self.months if m in short)


@dataclass(frozen=True)
class TierReview:
    """One response tier's figures for the period and per month."""

    tier: str
    commitment: ResponseCommitment | None
    within: Rate
    within_by_month: tuple[Rate, ...]
    touched: int
    median_minutes: float | None
    p90_minutes: float | None
    touches: Rate | None  # None: the file has no touch counts
    accept: Rate | None  # None: the file has no accept or reject dates
    waits: F64  # first-touch minutes of the SQLs touched, on the tier's clock (for charts)

    @property
    def n(self) -> int:
        return self.within.n

    @property
    def never_touched(self) -> int:
        return self.n - self.touched

    def _share_met(self, rate: Rate | None) -> bool | None:
        if rate is None or self.commitment is None:
            return None
        return rate.n == 0 or (rate.share or 0.0) >= self.commitment.target_share - 1e-12

    @property
    def met_first_touch(self) -> bool | None:
        return self._share_met(self.within)

    @property
    def met_touches(self) -> bool | None:
        return self._share_met(self.touches)

    @property
    def met_accept(self) -> bool | None:
        return self._share_met(self.accept)

    @property
    def met(self) -> bool | None:
        flags = [f for f in (self.met_first_touch, self.met_touches, self.met_accept) if f is not None]
        return None if not flags else all(flags)

    @property
    def missed_months(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class FunnelReview:
    months: tuple[str, ...]
    stages: tuple[str, ...]
    planned: tuple[tuple[float | None, ...], ...]  # [stage][month]; None outside the plan's months
    actual: tuple[tuple[int, ...], ...]
    revenue_planned: tuple[float | None, ...]
    revenue_actual: tuple[float, ...]


@dataclass(frozen=True)
class BrokenLead:
    """A lead that broke a commitment: which one and by how much."""

    row: int
    lead_id: str
    owner: str
    tier: str
    month: str
    commitment: str  # "first touch", "touches" or "accept or reject"
    detail: str


@dataclass(frozen=True)
class Verdict:
    """One commitment's outcome in plain words; ``met`` None is a figure without a promise."""

    subject: str
    met: bool | None
    text: str
    cannot_judge: bool = False  # a promise the file does not let us judge (``met`` is None)


@dataclass(frozen=True)
class Review:
    """The review record every view, command and export reads."""

    plan_name: str
    months: tuple[str, ...]
    marketing: MarketingReview
    response: tuple[TierReview, ...]
    funnel: FunnelReview
    broken: tuple[BrokenLead, ...]
    verdicts: tuple[Verdict, ...]
    warnings: tuple[str, ...]
    rejected_rows: tuple[RowProblem, ...]
    leads: int
    sqls: int
    file_name: str
    imported_at: str
    rows_read: int
    time_zone: str
    currency: str
    month_starts: F64

    @property
    def period(self) -> tuple[str, str]:
        return self.months[0], self.months[-1]

    @property
    def all_met(self) -> bool:
        return all(v.met is not False for v in self.verdicts)

    @property
    def missed(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.met is False)

    def broken_by_owner(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for b in self.broken:
            counts[b.owner or "(no owner)"] = counts.get(b.owner or "(no owner)", 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def to_dict(self) -> dict[str, Any]:
        """The ``review --json`` object."""
        m = self.marketing
        not_judged = dict(m.not_judged)
        months = []
        for i, month in enumerate(self.months):
            months.append(
                {
                    "month": month,
                    "committed": _num(m.total.committed[i]),
                    "delivered": m.total.delivered[i],
                    "accepted": m.accepted_by_month[i] if m.accepted_by_month else m.acceptance_by_month[i].hits,
                    "acceptance": m.acceptance_by_month[i].to_dict(),
                    "judged": m.total.judged_flags[i] and not m.cannot_judge,
                    "not_judged_reason": not_judged.get(month),
                    "segments": {
                        s.segment: {"committed": _num(s.committed[i]), "delivered": s.delivered[i]} for s in m.segments
                    },
                }
            )
        return {
            "period": {"first": self.months[0], "last": self.months[-1], "months": list(self.months)},
            "plan": self.plan_name,
            "source": {"file_name": self.file_name, "imported_at": self.imported_at, "rows_read": self.rows_read},
            "time_zone": self.time_zone,
            "leads": self.leads,
            "sqls": self.sqls,
            "all_met": self.all_met,
            "marketing": {
                "months": months,
                "period": {
                    "committed": _num(m.total.total_committed),
                    "delivered": m.total.total_delivered,
                    "delivered_in_all_months": m.total.delivered_in_period,
                    "judged": m.judged,
                    "judged_months": [mo for mo, j in zip(self.months, m.total.judged_flags, strict=True) if j],
                    "not_judged_months": [{"month": mo, "reason": why} for mo, why in m.not_judged],
                    "cannot_judge": m.cannot_judge or m.segments_unknown or None,
                    "met": m.met if m.judged else None,
                    "missed_months": list(m.missed_months),
                    "total_met": m.total.met,
                    "total_missed_months": list(m.total.missed_months),
                    "short_segments": list(m.short_segments),
                    "segments": {
                        s.segment: {
                            "committed": _num(s.total_committed),
                            "delivered": s.total_delivered,
                            "met": s.met,
                            "missed_months": list(s.missed_months),
                        }
                        for s in m.segments
                    },
                },
                "acceptance": m.acceptance.to_dict(),
                "acceptance_floor": m.acceptance_floor,
                "acceptance_met": m.acceptance_met,
                "acceptance_cannot_judge": m.acceptance_cannot_judge or None,
                "accepted_with_date": m.accepted_with_date,
                "undecided_counted_accepted": m.undecided,
                "rejected_late_counted_accepted": m.rejected_late,
                "rejected": m.rejected,
                "sqls_in_other_segments": m.other_segments,
            },
            "response": {
                t.tier: {
                    "n": t.n,
                    "p_within_target": _share(t.within),
                    "within_target": t.within.to_dict(),
                    "target_minutes": None if t.commitment is None else t.commitment.first_touch_minutes,
                    "target_share": None if t.commitment is None else t.commitment.target_share,
                    "clock": None if t.commitment is None else t.commitment.clock,
                    "never_touched": t.never_touched,
                    "median_minutes": _num(t.median_minutes),
                    "p90_minutes": _num(t.p90_minutes),
                    "p_touches_met": _share(t.touches),
                    "p_accept_within": _share(t.accept),
                    "by_month": {month: r.to_dict() for month, r in zip(self.months, t.within_by_month, strict=True)},
                    "met": t.met,
                }
                for t in self.response
            },
            "funnel": {
                "months": list(self.months),
                "stages": {
                    stage: {
                        "planned": [_num(v) for v in self.funnel.planned[k]],
                        "actual": list(self.funnel.actual[k]),
                    }
                    for k, stage in enumerate(self.funnel.stages)
                },
                "revenue": {
                    "planned": [_num(v) for v in self.funnel.revenue_planned],
                    "actual": [_num(v) for v in self.funnel.revenue_actual],
                },
            },
            "verdicts": [
                {"subject": v.subject, "met": v.met, "text": v.text, "cannot_judge": v.cannot_judge}
                for v in self.verdicts
            ],
            "broken_commitments": [
                {
                    "row": b.row,
                    "lead_id": b.lead_id,
                    "owner": b.owner,
                    "tier": b.tier,
                    "month": b.month,
                    "commitment": b.commitment,
                    "detail": b.detail,
                }
                for b in self.broken
            ],
            "broken_by_owner": self.broken_by_owner(),
            "rejected_rows": [p.to_dict() for p in self.rejected_rows],
            "warnings": list(self.warnings),
        }


def _num(value: float | None) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if float(value).is_integer():
        return int(value)
    return round(float(value), 4)


def _share(rate: Rate | None) -> float | None:
    return None if rate is None or rate.share is None else round(rate.share, 6)


def _key(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def review_period(actuals: Actuals, start_day: int = 1) -> tuple[str, ...]:
    """The plan months the leads were created in, first to last (plan months starting on day
    ``start_day``: a lead created on 10 Jan is in the month of 15 Dec)."""
    if not len(actuals):
        raise ValueError("the actuals hold no leads")

    def month_of(day: np.datetime64) -> str:
        month = str(day.astype("datetime64[M]"))
        before = np.datetime64(period_start(month, start_day, 0), "D") > day
        return add_months(month, -1) if before else month

    first, last = month_of(actuals.created.min()), month_of(actuals.created.max())
    months = [first]
    while months[-1] < last:
        months.append(add_months(months[-1], 1))
    return tuple(months)


def _month_index(moments: F64, starts: F64) -> I64:
    """Each moment's month (0 ..) in the period; -1 before, len(months) after, -1 for NaN."""
    safe = np.where(np.isnan(moments), -np.inf, moments)
    i = np.searchsorted(starts, safe, side="right") - 1
    return np.where(np.isnan(moments), -1, i).astype(np.int64)


def _counts(index: I64, mask: npt.NDArray[np.bool_], n_months: int) -> tuple[int, ...]:
    ok = mask & (index >= 0) & (index < n_months)
    return tuple(int(x) for x in np.bincount(index[ok], minlength=n_months)[:n_months])


def _segments(plan: Plan, actuals: Actuals) -> npt.NDArray[np.object_]:
    """Each lead's segment: the file's, else its source's segment in the plan (casefolded)."""
    by_source = {_key(s.name): _key(s.segment) for s in plan.sources}
    seg = np.array([_key(x) for x in actuals.text("segment")], dtype=object)
    src = actuals.text("source")
    blank = np.flatnonzero(seg == "")
    for k in blank:
        seg[k] = by_source.get(_key(src[k]), "")
    return seg


def _tiers(plan: Plan, actuals: Actuals) -> I64:
    """Each lead's response tier (index in the commitments), -1 when none matches."""
    names = [_key(r.tier) for r in plan.commitments.response]
    raw = actuals.text("tier")
    distinct, inverse = np.unique(np.array([_key(x) for x in raw], dtype=object), return_inverse=True)
    lookup = np.array([names.index(d) if d in names else -1 for d in distinct.tolist()], dtype=np.int64)
    out = lookup[inverse] if len(distinct) else np.full(len(raw), -1, dtype=np.int64)
    if len(names) == 1:
        out = np.where(np.array([x == "" for x in distinct.tolist()])[inverse], 0, out) if len(distinct) else out
    return out.astype(np.int64)


def _quantile(values: F64, q: float) -> float | None:
    """The q-quantile with linear interpolation between order statistics (numpy's default)."""
    return float(np.quantile(values, q)) if len(values) else None


def stage_fields(plan: Plan) -> list[str | None]:
    """The actuals field that dates each plan stage (None: no column; the first stage is created)."""
    names = [s.casefold() for s in plan.stages]
    n_stages = len(plan.stages)
    fields: list[str | None] = [None] * n_stages
    fields[0] = "created_at"
    sql = plan.sql_stage_index
    mql_name = plan.definitions.mql_stage.casefold()
    if mql_name in names[1:]:
        fields[names.index(mql_name)] = "became_mql_at"
    if sql is not None:
        fields[sql] = "became_sql_at"
        if sql + 1 < n_stages - 1:
            fields[sql + 1] = "opportunity_at"
    if n_stages > 1 and (sql is None or n_stages - 1 > sql):
        fields[n_stages - 1] = "won_at"
    return fields


def stage_dates(plan: Plan, actuals: Actuals, first_of_created: F64) -> list[F64]:
    """When each lead reached each plan stage (NaN: not reached). A stage without a date column
    takes the date of the next stage that has one (reaching SQL passed through the MQL stage)."""
    n_stages = len(plan.stages)
    own: list[F64 | None] = [None if f is None else actuals.time(f) for f in stage_fields(plan)]
    dates: list[F64] = [np.full(len(actuals), np.nan)] * n_stages
    later = np.full(len(actuals), np.nan)
    for k in range(n_stages - 1, -1, -1):
        mine = own[k]
        current = later if mine is None else np.where(np.isnan(mine), later, mine)
        dates[k] = current
        later = current
    dates[0] = first_of_created
    return dates


def _business_waits(
    plan: Plan, segment: npt.NDArray[np.object_], sql_at: F64, touch_at: F64, calendar: WorkCalendar
) -> F64:
    """Each lead's business minutes from SQL to first touch in the calendar of the SDR team its
    segment is routed to (several teams: Americas' leads in New York hours, EMEA's in Berlin's);
    a lead whose segment no team takes, and every lead of a plan with one team, in ``calendar``."""
    teams = plan.team.sdr_teams
    if len(teams) <= 1:
        return business_minutes(sql_at, touch_at, calendar)
    out = np.full(len(sql_at), np.nan)
    done = np.zeros(len(sql_at), dtype=bool)
    routed = {key: plan.team.sdr_team_for(str(key)) for key in set(segment.tolist())}
    for role in teams:
        mine = np.array([routed[s] is role for s in segment.tolist()], dtype=bool)
        if mine.any():
            out[mine] = business_minutes(sql_at[mine], touch_at[mine], role.calendar)
            done |= mine
    if (~done).any():
        out[~done] = business_minutes(sql_at[~done], touch_at[~done], calendar)
    return out


def _partly_covered(actuals: Actuals, months: tuple[str, ...], start_day: int = 1) -> dict[str, str]:
    """The months of the period the file's create dates cover only in part, with why: the first
    lead was created more than :data:`PARTIAL_MONTH_DAYS` days after the month began, or the last
    more than that before it ended (an export of 31 Dec to 31 Mar read in plan months starting on
    the 31st holds one day of the month from 31 Mar)."""
    if not len(actuals) or not months:
        return {}
    edges = np.array([period_start(months[0], start_day, i) for i in range(len(months) + 1)], dtype="datetime64[D]")
    first, last = actuals.created.min(), actuals.created.max()
    # Leads created in each month: a month of the file's span with none at all (an export that
    # skipped it) is not judged as 0 delivered either.
    created = np.searchsorted(np.sort(actuals.created.astype("datetime64[D]")), edges)
    out: dict[str, str] = {}
    for i, month in enumerate(months):
        begin, end = edges[i], edges[i + 1] - np.timedelta64(1, "D")
        days = int((end - begin).astype(int)) + 1
        span = int((min(end, last) - max(begin, first)).astype(int)) + 1
        if created[i + 1] == created[i]:
            out[month] = "the file has no leads created in it"
        elif days - max(span, 0) > PARTIAL_MONTH_DAYS:
            if span <= 0:
                out[month] = "the file has no leads created in it"
            else:
                out[month] = (
                    f"the file covers only {span} of its {days} days "
                    f"(leads created {_day_text(max(begin, first))} to {_day_text(min(end, last))})"
                )
    return out


def _day_text(day: np.datetime64) -> str:
    """``31 Mar 2026``."""
    year, month, dom = (int(x) for x in str(day)[:10].split("-"))
    return f"{dom} {MONTH_NAMES[month - 1]} {year}"


def review(plan: Plan, actuals: Actuals, months: tuple[str, ...] | None = None) -> Review:
    """Review ``actuals`` against ``plan``'s commitments for ``months`` (default: the months the
    leads were created in). Pure: the same inputs give the same record."""
    months = months or review_period(actuals, plan.start_day)
    n_months = len(months)
    calendar = team_calendar(plan)
    tz = calendar.time_zone
    starts = month_starts(months, tz, plan.start_day)
    warnings: list[str] = [str(w) if w.row else w.reason for w in actuals.warnings]
    n_leads = len(actuals)

    sql_at = actuals.time("became_sql_at")
    has_sql = actuals.has("became_sql_at")
    if not has_sql:
        warnings.append("the file has no column for the date leads became SQL: no SQLs could be counted")
    sql_month = _month_index(sql_at, starts)
    is_sql = (sql_month >= 0) & (sql_month < n_months)
    outside = int(np.count_nonzero(~np.isnan(sql_at) & ~is_sql))
    if outside:
        warnings.append(
            f"{count_text(outside, 'lead')} became SQL outside {month_span_text(months)}; they are not counted"
        )

    # -- marketing -------------------------------------------------------------------------------
    segment = _segments(plan, actuals)
    plan_index = {m: i for i, m in enumerate(plan.months)}
    in_plan = tuple(m in plan_index for m in months)
    partial = _partly_covered(actuals, months, plan.start_day)
    judged = tuple(i and not partial.get(m) for m, i in zip(months, in_plan, strict=True))
    not_judged = tuple(
        (m, OUTSIDE_PLAN if not i else partial[m])
        for m, i in zip(months, in_plan, strict=True)
        if not i or partial.get(m)
    )
    if partial:
        warnings.append(
            "; ".join(f"{month_span_text([m])}: {why}" for m, why in partial.items())
            + ": its SQLs are shown but not judged against a month's commitment"
        )
    per_month = sum(x.sqls_per_month for x in plan.commitments.marketing)
    total = SqlLine(
        "",
        tuple(per_month if i else None for i in in_plan),
        _counts(sql_month, is_sql, n_months),
        months,
        judged,
    )
    lines = []
    covered = np.zeros(n_leads, dtype=bool)
    for sc in plan.commitments.marketing:
        mine = segment == _key(sc.segment)
        covered |= mine
        lines.append(
            SqlLine(
                sc.segment,
                tuple(sc.sqls_per_month if i else None for i in in_plan),
                _counts(sql_month, is_sql & mine, n_months),
                months,
                judged,
            )
        )
    segments_unknown = ""
    if has_sql and plan.commitments.marketing and not (actuals.has("segment") or actuals.has("source")):
        segments_unknown = "the file has no segment or source column, so SQLs cannot be counted per segment"
    # Marketing's acceptance rate, by the SLA document's rule: only an SQL sales rejected within
    # its acceptance window (its tier's, else the definitions') and never accepted counts against it.
    tiers = _tiers(plan, actuals)
    accepted = ~np.isnan(actuals.time("accepted_at"))
    rejected_at = actuals.time("rejected_at")
    rejected = ~np.isnan(rejected_at)
    windows = np.array(
        [r.accept_within_hours for r in plan.commitments.response] + [plan.definitions.acceptance_window_hours]
    )
    window_minutes = windows[np.where(tiers >= 0, tiers, len(windows) - 1)] * 60.0
    rejected_in_time = rejected & (np.nan_to_num(rejected_at - sql_at, nan=np.inf) <= window_minutes + 1e-9)
    counted = counts_as_accepted(accepted, rejected_in_time)
    plan_month = np.array(in_plan, dtype=bool)[np.clip(sql_month, 0, max(n_months - 1, 0))]
    judged_sql = is_sql & plan_month
    delivered = total.delivered
    acc_by_month = _counts(sql_month, is_sql & counted, n_months)
    acceptance_cannot_judge = ""
    if not has_sql:
        acceptance_cannot_judge = NO_SQL_COLUMN
    elif not actuals.has("rejected_at"):
        acceptance_cannot_judge = (
            "the file has no column for the date sales rejected a lead (map one to rejected_at), so the SQLs "
            "rejected in time cannot be told from those accepted"
        )
    marketing = MarketingReview(
        months=months,
        total=total,
        segments=tuple(lines),
        acceptance=Rate(int(np.count_nonzero(judged_sql & counted)), int(np.count_nonzero(judged_sql))),
        acceptance_by_month=tuple(Rate(a, d) for a, d in zip(acc_by_month, delivered, strict=True)),
        rejected=int(np.count_nonzero(judged_sql & ~counted)),
        other_segments=int(np.count_nonzero(is_sql & ~covered)) if plan.commitments.marketing else 0,
        cannot_judge="" if has_sql else NO_SQL_COLUMN,
        segments_unknown=segments_unknown,
        not_judged=not_judged,
        acceptance_floor=plan.governance.acceptance_rate_floor,
        acceptance_cannot_judge=acceptance_cannot_judge,
        accepted_by_month=_counts(sql_month, is_sql & accepted, n_months),
        accepted_with_date=int(np.count_nonzero(judged_sql & accepted)),
        undecided=int(np.count_nonzero(judged_sql & ~accepted & ~rejected)),
        rejected_late=int(np.count_nonzero(judged_sql & ~accepted & rejected & ~rejected_in_time)),
    )

    # -- response --------------------------------------------------------------------------------
    touch_at = actuals.time("first_touch_at")
    business = _business_waits(plan, segment, sql_at, touch_at, calendar)
    clock = touch_at - sql_at
    decided = np.fmin(actuals.time("accepted_at"), actuals.time("rejected_at")) - sql_at
    touches = np.nan_to_num(actuals.number("touches"), nan=0.0)
    has_touches = actuals.has("touches")
    has_decision = actuals.has("accepted_at") or actuals.has("rejected_at")
    early = int(np.count_nonzero(judged_sql & (clock < 0)))
    if early:
        warnings.append(
            f"{count_text(early, 'SQL')} {'was' if early == 1 else 'were'} touched before they became SQL; "
            "their wait is counted as 0"
        )
    lead_ids = actuals.text("lead_id")
    owners = actuals.text("owner")
    broken: list[BrokenLead] = []
    response: list[TierReview] = []
    untiered = int(np.count_nonzero(judged_sql & (tiers < 0)))
    if untiered and plan.commitments.response:
        warnings.append(
            f"{count_text(untiered, 'SQL')} {'has' if untiered == 1 else 'have'} no tier the commitments name "
            f"({', '.join(r.tier for r in plan.commitments.response)}); they are not judged on response"
        )
    for t, c in enumerate(plan.commitments.response):
        mine = judged_sql & (tiers == t)  # sales' promises hold in the plan's months
        wait = np.maximum(business if c.clock == "business" else clock, 0.0)
        touched = mine & ~np.isnan(wait)
        ok = touched & (wait <= c.first_touch_minutes + 1e-9)
        within_month = _counts(sql_month, ok, n_months)
        all_month = _counts(sql_month, mine, n_months)
        waits = np.sort(wait[touched])
        touches_ok = mine & (touches >= c.touches)
        accept_ok = mine & (decided <= c.accept_within_hours * 60.0 + 1e-9)
        response.append(
            TierReview(
                tier=c.tier,
                commitment=c,
                within=Rate(int(np.count_nonzero(ok)), int(np.count_nonzero(mine))),
                within_by_month=tuple(Rate(a, b) for a, b in zip(within_month, all_month, strict=True)),
                touched=int(np.count_nonzero(touched)),
                median_minutes=_quantile(waits, 0.5),
                p90_minutes=_quantile(waits, 0.9),
                touches=Rate(int(np.count_nonzero(touches_ok)), int(np.count_nonzero(mine))) if has_touches else None,
                accept=Rate(int(np.count_nonzero(accept_ok)), int(np.count_nonzero(mine))) if has_decision else None,
                waits=waits,
            )
        )
        unit = "business min" if c.clock == "business" else "min"
        for k in np.flatnonzero(mine & ~ok):
            detail = (
                "never touched"
                if np.isnan(wait[k])
                else f"first touch after {wait[k]:.0f} {unit} (target {c.first_touch_minutes:g})"
            )
            broken.append(
                _broken(actuals, lead_ids, owners, int(k), c.tier, months[sql_month[k]], "first touch", detail)
            )
        if has_touches:
            for k in np.flatnonzero(mine & ~touches_ok):
                made = touches[k]  # this lead's touches (not ``n_leads``: it once overwrote the lead count)
                detail = (
                    f"{made:g} {'touch' if made == 1 else 'touches'}, agreed {c.touches} within {c.touch_days:g} days"
                )
                broken.append(
                    _broken(actuals, lead_ids, owners, int(k), c.tier, months[sql_month[k]], "touches", detail)
                )
        if has_decision:
            for k in np.flatnonzero(mine & ~accept_ok):
                detail = (
                    "neither accepted nor rejected"
                    if np.isnan(decided[k])
                    else f"decided after {decided[k] / 60:.1f} h (window {c.accept_within_hours:g} h)"
                )
                broken.append(
                    _broken(actuals, lead_ids, owners, int(k), c.tier, months[sql_month[k]], "accept or reject", detail)
                )
    broken.sort(key=lambda b: (b.owner.casefold() or "\uffff", b.row, b.commitment))

    # -- funnel ----------------------------------------------------------------------------------
    created_at = _created_minutes(actuals, starts, months, plan.start_day)
    dates = stage_dates(plan, actuals, created_at)
    actual = tuple(_counts(_month_index(d, starts), ~np.isnan(d), n_months) for d in dates)
    planned_funnel = compute_funnel(plan, "likely")
    planned = tuple(
        tuple(planned_funnel.forward[k][plan_index[m]] if m in plan_index else None for m in months)
        for k in range(len(plan.stages))
    )
    won_at = dates[-1] if len(dates) > 1 else np.full(n_leads, np.nan)
    amount = actuals.number("amount")
    won = ~np.isnan(won_at)
    missing_amount = won & np.isnan(amount)
    if np.any(missing_amount):
        no_amount = int(np.count_nonzero(missing_amount))
        warnings.append(
            f"{count_text(no_amount, 'won lead')} {'has' if no_amount == 1 else 'have'} no amount; "
            f"counted at the plan's average deal size"
        )
    value = np.where(np.isnan(amount), plan.terms.average_deal_size, amount)
    won_month = _month_index(won_at, starts)
    in_won = won & (won_month >= 0) & (won_month < n_months)
    revenue_actual = tuple(
        float(x) for x in np.bincount(won_month[in_won], weights=value[in_won], minlength=n_months)[:n_months]
    )
    funnel = FunnelReview(
        months=months,
        stages=plan.stages,
        planned=planned,
        actual=actual,
        revenue_planned=tuple(
            planned_funnel.revenue_planned[plan_index[m]] if m in plan_index else None for m in months
        ),
        revenue_actual=revenue_actual,
    )
    if any(m not in plan_index for m in months):
        warnings.append(
            f"{month_span_text([m for m in months if m not in plan_index])} is outside the plan's months: "
            "its SQLs are not judged against a commitment"
        )

    result = Review(
        plan_name=plan.name,
        months=months,
        marketing=marketing,
        response=tuple(response),
        funnel=funnel,
        broken=tuple(broken),
        verdicts=(),
        warnings=tuple(warnings),
        rejected_rows=actuals.rejected,
        leads=n_leads,
        sqls=int(np.count_nonzero(is_sql)),
        file_name=actuals.file_name,
        imported_at=actuals.imported_at,
        rows_read=actuals.rows_read,
        time_zone=tz,
        currency=plan.currency,
        month_starts=starts,
    )
    return _with_verdicts(result)


def plan_month_index(actuals: Actuals, months: tuple[str, ...], start_day: int = 1) -> I64:
    """Each lead's plan month by its create day: 0 for ``months[0]``, negative before the period,
    ``len(months)`` or more after it (plan months start on day ``start_day``)."""
    days = np.array([period_start(months[0], start_day, i) for i in range(len(months) + 1)], dtype="datetime64[D]")
    index = np.searchsorted(days, actuals.created.astype("datetime64[D]"), side="right").astype(np.int64) - 1
    return np.where(index >= len(months), len(months), index)


def _created_minutes(actuals: Actuals, starts: F64, months: tuple[str, ...], start_day: int = 1) -> F64:
    """A moment inside each lead's create day, placed on the period's months by its plan month."""
    index = plan_month_index(actuals, months, start_day)
    inside = (index >= 0) & (index < len(months))
    safe = np.clip(index, 0, len(months) - 1)
    return np.where(inside, starts[safe] + 1.0, np.where(index < 0, starts[0] - 1.0, starts[-1] + 1.0))


def _broken(
    actuals: Actuals,
    lead_ids: npt.NDArray[np.object_],
    owners: npt.NDArray[np.object_],
    k: int,
    tier: str,
    month: str,
    commitment: str,
    detail: str,
) -> BrokenLead:
    return BrokenLead(int(actuals.rows[k]), str(lead_ids[k]), str(owners[k]), tier, month, commitment, detail)


def _months_text(months: tuple[str, ...]) -> str:
    return month_span_text(months, last_separator=" and ")


def _with_verdicts(r: Review) -> Review:
    from dataclasses import replace

    verdicts: list[Verdict] = []
    m = r.marketing
    if r.months and (m.segments or any(c for c in m.total.committed)):
        verdicts.extend(_marketing_verdicts(m))
    acceptance = _acceptance_verdict(m)
    if acceptance is not None:
        verdicts.append(acceptance)
    for t in r.response:
        if m.cannot_judge:  # no SQL dates: no SQL to measure sales' response from
            verdicts.append(Verdict(f"{t.tier} first touch", None, f"{t.tier}: cannot judge: {m.cannot_judge}.", True))
        else:
            outside = any(why == OUTSIDE_PLAN for _, why in m.not_judged)
            verdicts.extend(_tier_verdicts(t, r.months, outside))
    return replace(r, verdicts=tuple(verdicts))


def _marketing_verdicts(m: MarketingReview) -> list[Verdict]:
    """Marketing's line and one per segment; a line saying why when the file does not let the
    commitment be judged (no SQL date column, no segment column, no month both in the plan and
    covered in full), counted neither met nor missed."""
    if m.cannot_judge:
        return [Verdict("Marketing SQLs", None, f"Marketing's SQLs: cannot judge: {m.cannot_judge}.", True)]
    if not m.total.judgeable:
        why = "; ".join(f"{month_span_text([mo])}: {reason}" for mo, reason in m.not_judged)
        text = (
            f"Marketing's SQLs: cannot judge: no month of {month_span_text(m.months)} is both in the plan's "
            f"months and covered in full by the file ({why}); {fmt_count(m.total.delivered_in_period)} SQLs "
            "delivered, not judged."
        )
        return [Verdict("Marketing SQLs", None, text, True)]
    within = _judged_months_text(m)
    if m.segments_unknown:
        line = m.total
        committed = line.total_committed
        text = (
            f"Marketing delivered {fmt_count(line.total_delivered)} SQLs against {fmt_count(committed)} committed "
            f"in total{within}" + (f" ({fmt_pct(line.total_delivered / committed)})" if committed else "")
            + f"; cannot judge: {m.segments_unknown}, and marketing's commitment is each segment's."
        )
        return [Verdict("Marketing SQLs", None, text, True)]
    out = [_marketing_verdict(m, within)]
    out.extend(
        _sql_verdict(
            f"{s.segment} SQLs", s.segment, s.total_delivered, s.total_committed, s.met, s.missed_months, within
        )
        for s in m.segments
    )
    return out


def _judged_months_text(m: MarketingReview) -> str:
    """`` in Jan–Feb 2026`` when some months of the period are not judged, else ``""``."""
    if not m.not_judged:
        return ""
    return f" in {_months_text(tuple(mo for mo, j in zip(m.months, m.total.judged_flags, strict=True) if j))}"


def _acceptance_verdict(m: MarketingReview) -> Verdict | None:
    """Marketing's acceptance rate against the agreed floor, an SQL neither accepted nor rejected
    in time counting as accepted (the SLA document's rule); None with no SQLs and nothing to say."""
    floor = fmt_pct(m.acceptance_floor)
    if m.acceptance_cannot_judge:
        if m.cannot_judge:
            return None  # the SQL line already says the file has no SQL dates
        return Verdict(
            "Acceptance",
            None,
            f"Acceptance rate (agreed at least {floor}): cannot judge: {m.acceptance_cannot_judge}.",
            True,
        )
    if not m.acceptance.n:
        if not m.total.delivered_in_period:
            return None
        return Verdict(
            "Acceptance", None, f"Acceptance rate (agreed at least {floor}): no SQLs in the plan's months to judge."
        )
    counted = []
    if m.undecided:
        counted.append(f"{fmt_count(m.undecided)} neither accepted nor rejected")
    if m.rejected_late:
        counted.append(f"{fmt_count(m.rejected_late)} rejected after the window")
    met = m.acceptance_met
    text = (
        f"Sales accepted {m.acceptance.text()} SQLs delivered (agreed at least {floor}): "
        + ("met." if met else "missed.")
        + f" {fmt_count(m.accepted_with_date)} accepted"
        + (f"; {' and '.join(counted)} count as accepted, as the SLA says" if counted else "")
        + f"; {fmt_count(m.rejected)} rejected in time."
    )
    return Verdict("Acceptance", met, text)


def _sql_verdict(
    subject: str,
    who: str,
    delivered: int,
    committed: float,
    met: bool,
    missed: tuple[str, ...],
    within: str = "",
) -> Verdict:
    text = f"{who} delivered {fmt_count(delivered)} SQLs against {fmt_count(committed)} committed{within}"
    if committed:
        text += f" ({fmt_pct(delivered / committed)})"
    if met:
        every = " in every month judged." if within else " in every month."
        text += ": met" + (f", though short in {_months_text(missed)}." if missed else every)
    else:
        text += f": missed, short in {_months_text(missed)}." if missed else ": missed."
    return Verdict(subject, met, text)


def _marketing_verdict(m: MarketingReview, within: str = "") -> Verdict:
    """The total's line, judged as marketing's commitment: met only when every segment met its
    own, short in a month when a segment was. When the total reached the total committed but a
    segment fell short, the line says both: a VP must not read "met" above a segment that missed."""
    line = m.total
    delivered, committed = line.total_delivered, line.total_committed
    short = m.short_segments
    if short and line.met:
        text = (
            f"Marketing delivered {fmt_count(delivered)} SQLs against {fmt_count(committed)} committed in total"
            + within
            + (f" ({fmt_pct(delivered / committed)})" if committed else "")
            + f", but {_and_text(list(short))} fell short: missed."
        )
        return Verdict("Marketing SQLs", False, text)
    return _sql_verdict("Marketing SQLs", "Marketing", delivered, committed, m.met, m.missed_months, within)


def _and_text(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _tier_verdicts(t: TierReview, months: tuple[str, ...], outside_plan: bool = False) -> list[Verdict]:
    where = " in the plan's months" if outside_plan else ""
    c = t.commitment
    assert c is not None
    if not t.n:
        return [Verdict(f"{t.tier} first touch", None, f"{t.tier}: no SQLs in this tier{where}; nothing to judge.")]
    clock = "business " if c.clock == "business" else ""
    target = fmt_duration_minutes(c.first_touch_minutes).replace(" min", f" {clock}min").replace(" h", f" {clock}h")
    short = tuple(
        mo
        for mo, rate in zip(months, t.within_by_month, strict=True)
        if rate.n and (rate.share or 0.0) < c.target_share - 1e-12
    )
    median = "-" if t.median_minutes is None else fmt_duration_minutes(round(t.median_minutes, 1))
    p90 = "-" if t.p90_minutes is None else fmt_duration_minutes(round(t.p90_minutes, 1))
    text = (
        f"{t.tier}: {t.within.text()} SQLs first touched within {target} (agreed {fmt_pct(c.target_share)}): "
        + ("met" if t.met_first_touch else "missed")
        + (f", short in {_months_text(short)}" if short else "")
        + f". Median {median}, P90 {p90}"
        + (f"; {fmt_count(t.never_touched)} never touched." if t.never_touched else ".")
    )
    out = [Verdict(f"{t.tier} first touch", t.met_first_touch, text)]
    if t.touches is not None:
        out.append(
            Verdict(
                f"{t.tier} touches",
                t.met_touches,
                f"{t.tier}: {t.touches.text()} SQLs got the agreed {c.touches} touches "
                f"(within {c.touch_days:g} days; agreed {fmt_pct(c.target_share)}): "
                + ("met." if t.met_touches else "missed."),
            )
        )
    if t.accept is not None:
        out.append(
            Verdict(
                f"{t.tier} accept or reject",
                t.met_accept,
                f"{t.tier}: {t.accept.text()} SQLs accepted or rejected within {c.accept_within_hours:g} hours "
                f"(agreed {fmt_pct(c.target_share)}): " + ("met." if t.met_accept else "missed."),
            )
        )
    return out
