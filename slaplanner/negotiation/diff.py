"""What changed between two plans (or their results), in the users' words.

Plans are compared as trees keyed by stable identities, not list positions: sources by name,
stages' rules by stage, marketing's commitments by segment, response commitments by tier, roles
by kind, handle times by touch, example leads by name, criteria by what they test. So a
reordered or inserted row reads as one change, not as "everything changed". A monthly value is
named by its month (``2026-03``, compared by plan month), a conversion rate by its stage
transition (``MQL->SAL``; the same number of stages is a rename, as ``with_stages`` treats it).

Each :class:`Change` carries a stable ``path`` (``sources[Webinars].conversion[MQL->SAL].likely``),
the sentence a user reads (``Webinars MQL->SAL rate (likely): 40 % -> 45 %``), rendered from the
field's own label and unit, and the old and new values as JSON-ready data (numbers, text, lists,
objects; ``None`` where a record or value is absent on one side).

:func:`diff_plans` lists the inputs that changed; :func:`diff_results` the derived results that
moved (as displayed: a probability that stays 83 % after rounding is not listed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import Any, TypeVar

from slaplanner.engine.simulation.results import SimulationResult
from slaplanner.plan.commitments import Commitments, SqlCommitment
from slaplanner.plan.definitions import (
    Condition,
    Definitions,
    Disqualifier,
    FitCriterion,
    RecycleRule,
    describe_criterion,
    event_label,
    events_text,
    fields_text,
    hand_raise_label,
    outcome_label,
    recycle_trigger_label,
)
from slaplanner.plan.engagement import RulesOfEngagement
from slaplanner.plan.format import (
    LONG_MONTH_NAMES,
    MONTH_NAMES,
    fmt_count,
    fmt_date,
    fmt_duration_minutes,
    fmt_limit,
    fmt_pct,
    fmt_percent,
    month_label,
)
from slaplanner.plan.governance import (
    EscalationLevel,
    Governance,
    ReviewMeeting,
    business_hours_text,
    frequency_label,
    routing_label,
)
from slaplanner.plan.model import CommercialTerms, Plan, RateRange
from slaplanner.plan.months import month_range
from slaplanner.plan.team import Role, Team, WorkCalendar
from slaplanner.results import PlanResults

__all__ = ["Change", "diff_plans", "diff_results"]

INPUT = "input"
RESULT = "result"
ARROW = "->"

T = TypeVar("T")
Format = Callable[[Any], str]


@dataclass(frozen=True)
class Change:
    """One thing that changed.

    Attributes:
        path: where, keyed by identities (``commitments.marketing[Enterprise].sqls_per_month``).
        label: the sentence a user reads (``Marketing's SQL commitment (Enterprise): 100 -> 120 a month``).
        old: the value before, JSON-ready (``None``: there was none).
        new: the value after, JSON-ready (``None``: there is none).
        group: ``"input"`` (a field of the plan) or ``"result"`` (a derived result).
    """

    path: str
    label: str
    old: Any
    new: Any
    group: str


# -- values as people read them ------------------------------------------------------------------


def _humanise(name: str) -> str:
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _text(value: Any) -> str:
    """Any plan value as readable text (the fallback where a field has no format of its own)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return fmt_limit(value)
    if isinstance(value, str):
        return value if value.strip() else "(empty)"
    if isinstance(value, (tuple, list)):
        return ", ".join(_text(v) for v in value) if value else "none"
    if is_dataclass(value) and not isinstance(value, type):
        return "; ".join(f"{_humanise(f.name).lower()} {_text(getattr(value, f.name))}" for f in fields(value))
    return str(value)


def _count(value: Any) -> str:
    return fmt_count(float(value))


def _rate(value: Any) -> str:
    return fmt_percent(float(value))


def _number(value: Any) -> str:
    return f"{float(value):g}"


def _yes_no(value: Any) -> str:
    return "yes" if value else "no"


def _allowed(value: Any) -> str:
    return "allowed" if value else "not allowed"


def _exact(value: Any, fmt: Format) -> str:
    """A value written precisely enough to differ from another that rounds to the same text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if fmt in (_rate,):
            return f"{float(value) * 100:.10g} %"
        return f"{float(value):,.10g}"
    return _text(value)


def _plain(value: Any) -> Any:
    """``value`` as JSON-ready data: records become objects, tuples lists."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return _plain(to_dict())
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return str(value)


def _hour(hour: float) -> str:
    minutes = round(hour * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _with_unit(text: str, unit: str) -> str:
    return f"{text} {unit}" if unit else text


# -- the collector -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    """How one field of a record is shown: ``label`` (``{name}`` is the record's name), the
    format of each value and the unit written after the new one."""

    label: str
    fmt: Format = _text
    unit: str = ""


#: A field handled by a function of its own: (diff, path, name, old, new).
Custom = Callable[["_Diff", str, str, Any, Any], None]


class _Diff:
    def __init__(self, group: str) -> None:
        self.group = group
        self.changes: list[Change] = []

    def add(self, path: str, label: str, old: Any, new: Any) -> None:
        self.changes.append(Change(path, label, _plain(old), _plain(new), self.group))

    def value(self, path: str, label: str, old: Any, new: Any, fmt: Format = _text, unit: str = "") -> None:
        """Record ``old`` -> ``new`` if they differ, as ``label: old -> new unit``."""
        if old == new:
            return
        a, b = fmt(old), fmt(new)
        if a == b:  # differs only below the displayed rounding: show enough digits to tell
            a, b = _exact(old, fmt), _exact(new, fmt)
        self.add(path, f"{label}: {a} {ARROW} {_with_unit(b, unit)}", old, new)

    def record(
        self,
        path: str,
        name: str,
        old: Any,
        new: Any,
        specs: dict[str, _Field | Custom],
        skip: Iterable[str] = (),
    ) -> None:
        """Compare every field of two records of one kind; a field without a spec gets a
        generic label from its name (so a field added to the model later is never missed)."""
        skipped = set(skip)
        for f in fields(old):
            if f.name in skipped:
                continue
            a, b = getattr(old, f.name), getattr(new, f.name)
            if a == b:
                continue
            spec = specs.get(f.name)
            at = f"{path}.{f.name}" if path else f.name
            if isinstance(spec, _Field):
                self.value(at, spec.label.format(name=name), a, b, spec.fmt, spec.unit)
            elif spec is not None:
                spec(self, at, name, a, b)
            else:
                label = f"{name} {_humanise(f.name).lower()}" if name else _humanise(f.name)
                self.value(at, label, a, b)

    def monthly(
        self,
        path: str,
        label: str,
        old: tuple[float, ...],
        new: tuple[float, ...],
        start: str,
        fmt: Format = _count,
        unit: str = "",
    ) -> None:
        """A monthly series, value i named by plan month i (``2026-03``, from the new plan's start).

        Values are compared by plan month, not calendar month: a plan moved to start a month
        later keeps its values per plan month, and its start month's change says so.
        """
        names = month_range(start, max(len(old), len(new)))
        for i, m in enumerate(names):
            a = old[i] if i < len(old) else None
            b = new[i] if i < len(new) else None
            if a == b:
                continue
            at, text = f"{path}[{m}]", f"{label} ({month_label(m)})"
            if a is None or b is None:
                shown = f"{_with_unit(fmt(b), unit)} (added)" if a is None else f"{_with_unit(fmt(a), unit)} (removed)"
                self.add(at, f"{text}: {shown}", a, b)
            else:
                self.value(at, text, a, b, fmt, unit)


def _occurrences(items: Sequence[T], key: Callable[[T], str]) -> list[tuple[str, T]]:
    """(match key, item), a repeated key numbered ``#2``, ``#3`` ... in order."""
    seen: dict[str, int] = {}
    out: list[tuple[str, T]] = []
    for item in items:
        k = key(item).casefold()
        seen[k] = seen.get(k, 0) + 1
        out.append((k if seen[k] == 1 else f"{k}#{seen[k]}", item))
    return out


def _match(
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[T], str],
    pair: Callable[[T], str] | None = None,
    old_key: Callable[[T], str] | None = None,
) -> tuple[list[tuple[T, T]], list[tuple[T, T]], list[T], list[T]]:
    """Match two lists of records by identity: (matched, paired, added, removed).

    ``matched`` share a key (``old_key`` gives an old record's key, when it differs: a stage
    renamed in the plan keeps its records); of the rest, ``pair`` (when given) pairs records of one kind in
    order (a criterion whose values were edited); ``added`` are only in ``new`` and ``removed``
    only in ``old``, each in its list's order.
    """
    old_items = _occurrences(old, old_key or key)
    before = dict(old_items)
    after = _occurrences(new, key)
    matched = [(before[k], item) for k, item in after if k in before]
    added = [item for k, item in after if k not in before]
    keys = {k for k, _ in after}
    removed = [item for k, item in old_items if k not in keys]
    paired: list[tuple[T, T]] = []
    if pair is not None:
        for item in list(added):
            for gone in removed:
                if pair(gone).casefold() == pair(item).casefold():
                    paired.append((gone, item))
                    removed.remove(gone)
                    added.remove(item)
                    break
    return matched, paired, added, removed


def _stage_map(old: Plan, new: Plan) -> Callable[[str], str]:
    """An old stage name as the new plan calls it: the same number of stages is a rename
    (stage i keeps its place, as :func:`slaplanner.plan.model.with_stages` treats it)."""
    if len(old.stages) == len(new.stages):
        mapping = {a.casefold(): b for a, b in zip(old.stages, new.stages)}
        return lambda name: mapping.get(name.casefold(), name)
    return lambda name: name


# -- the plan ----------------------------------------------------------------------------------------

_VOLUME_MODES = {"monthly": "month by month", "baseline": "baseline with seasonality and growth"}
_CLOCKS = {"business": "business time", "clock": "clock time (24/7)"}
_TOUCHES = {"first_touch": "First-touch", "follow_up": "Follow-up", "accept": "Accept-or-reject"}


def diff_plans(old: Plan, new: Plan) -> tuple[Change, ...]:
    """The inputs that changed from ``old`` to ``new`` (group ``"input"``), in a stable, readable
    order: plan settings, stages, sources, terms, commitments, team, definitions, engagement,
    the agreement's terms (governance).

    Identical plans give ``()``; so do plans whose records only come in another order.
    """
    d = _Diff(INPUT)
    rename = _stage_map(old, new)
    handled = {"stages", "sources", "terms", "commitments", "team", "definitions", "engagement", "governance"}
    d.record(
        "",
        "",
        old,
        new,
        {
            "name": _Field("Plan name"),
            "currency": _Field("Currency"),
            "start_month": _Field("Start month", month_label),
            "horizon_months": _Field("Horizon", _count, "months"),
            "start_day": _Field("Plan months start on day", _count),
        },
        skip=handled,
    )
    if old.stages != new.stages:
        d.add("stages", f"Stages: {', '.join(old.stages)} {ARROW} {', '.join(new.stages)}", old.stages, new.stages)
    _sources(d, old, new, rename)
    _terms(d, old.terms, new.terms, new.start_month, new.currency)
    _commitments(d, old.commitments, new.commitments)
    _team(d, old.team, new.team, new.start_month)
    _definitions(d, old.definitions, new.definitions, rename)
    _engagement(d, old.engagement, new.engagement, rename)
    _governance(d, old.governance, new.governance)
    return tuple(d.changes)


def _level_text(level: EscalationLevel) -> str:
    return f"{level.who} within {business_hours_text(level.within_business_hours)}"


def _meeting_text(m: ReviewMeeting) -> str:
    who = f" ({m.attendees})" if m.attendees else ""
    return f"{m.name}, {frequency_label(m.frequency)}{who}"


def _governance(d: _Diff, old: Governance, new: Governance) -> None:
    def effective(value: Any) -> str:
        return fmt_date(date.fromisoformat(value)) if value else "the first day of the plan"

    def reviews(d: _Diff, path: str, name: str, a: tuple[ReviewMeeting, ...], b: tuple[ReviewMeeting, ...]) -> None:
        matched, _, added, removed = _match(a, b, lambda m: m.name)
        for x, y in matched:
            specs: dict[str, _Field | Custom] = {
                "frequency": _Field("Review meeting {name}: frequency", frequency_label),
                "attendees": _Field("Review meeting {name}: attendees"),
                "purpose": _Field("Review meeting {name}: purpose"),
            }
            d.record(f"{path}[{y.name}]", y.name, x, y, specs)
        for m in added:
            d.add(f"{path}[{m.name}]", f"Review meeting added: {_meeting_text(m)}", None, m)
        for m in removed:
            d.add(f"{path}[{m.name}]", f"Review meeting removed: {_meeting_text(m)}", m, None)

    def ladder(d: _Diff, path: str, name: str, a: tuple[EscalationLevel, ...], b: tuple[EscalationLevel, ...]) -> None:
        # A ladder is read by position: level 2 is level 2 whoever holds it.
        for i in range(max(len(a), len(b))):
            x = a[i] if i < len(a) else None
            y = b[i] if i < len(b) else None
            at, label = f"{path}[{i + 1}]", f"Escalation level {i + 1}"
            if x is None or y is None:
                level = y if x is None else x
                assert level is not None
                d.add(at, f"{label} {'added' if x is None else 'removed'}: {_level_text(level)}", x, y)
                continue
            if x.who != y.who:
                d.value(f"{at}.who", label, x.who, y.who)
            if x.within_business_hours != y.within_business_hours:
                hours_a, hours_b = _number(x.within_business_hours), _number(y.within_business_hours)
                d.add(
                    f"{at}.within_business_hours",
                    f"{label}: {y.who} within {hours_a} {ARROW} {hours_b} business hours",
                    x.within_business_hours,
                    y.within_business_hours,
                )

    d.record(
        "governance",
        "",
        old,
        new,
        {
            "effective_date": _Field("Effective date", effective),
            "term_months": _Field("Term", _count, "months"),
            "reviews": reviews,
            "escalation": ladder,
            "reassign_after_hours": _Field("Untouched leads re-assigned after", _number, "business hours"),
            "escalate_after_misses": _Field("A commitment is escalated after missing it", _count, "periods in a row"),
            "dispute_reviewer": _Field("Rejected leads disputed with"),
            "dispute_within_days": _Field("Disputed rejections decided within", _number, "business days"),
            "amendment": _Field("How the agreement is amended"),
            "acceptance_rate_floor": _Field("Marketing's acceptance-rate floor", _rate),
            "mql_to_sql_floor": _Field("Marketing's MQL-to-SQL floor", _rate),
            "data_completeness": _Field("Leads with every required field (marketing's commitment)", _rate),
            "required_fields": _Field("Required lead fields"),
            "routing_method": _Field("Lead routing", routing_label),
            "backup_owner": _Field("Backup lead owner"),
        },
    )


def _transitions(plan: Plan, rename: Callable[[str], str]) -> list[str]:
    return [f"{rename(a)}->{rename(b)}" for a, b in zip(plan.stages, plan.stages[1:])]


def _sources(d: _Diff, old: Plan, new: Plan, rename: Callable[[str], str]) -> None:
    start = new.start_month
    old_steps, new_steps = _transitions(old, rename), _transitions(new, lambda s: s)

    def leads(d: _Diff, path: str, name: str, a: tuple[float, ...], b: tuple[float, ...]) -> None:
        d.monthly(path, f"{name} leads", a, b, start)

    def seasonality(d: _Diff, path: str, name: str, a: tuple[float, ...], b: tuple[float, ...]) -> None:
        for i, (x, y) in enumerate(zip(a, b)):
            d.value(f"{path}[{MONTH_NAMES[i]}]", f"{name} seasonality ({LONG_MONTH_NAMES[i]})", x, y, _number)

    def conversion(d: _Diff, path: str, name: str, a: tuple[RateRange, ...], b: tuple[RateRange, ...]) -> None:
        before = dict(zip(old_steps, a))
        after = dict(zip(new_steps, b))
        for step in [*after, *(s for s in before if s not in after)]:
            x, y = before.get(step), after.get(step)
            at, label = f"{path}[{step}]", f"{name} {step} rate"
            if x is None or y is None:
                rate = y if x is None else x
                assert rate is not None
                shown = " / ".join(_rate(getattr(rate, level)) for level in ("low", "likely", "high"))
                d.add(at, f"{label} {'added' if x is None else 'removed'}: {shown} (low / likely / high)", x, y)
                continue
            for level in ("low", "likely", "high"):
                d.value(f"{at}.{level}", f"{label} ({level})", getattr(x, level), getattr(y, level), _rate)

    specs: dict[str, _Field | Custom] = {
        "name": _Field("Lead source renamed"),
        "segment": _Field("{name} segment"),
        "channel": _Field("{name} channel"),
        "volume_mode": _Field("{name} volume", lambda v: _VOLUME_MODES.get(v, _text(v))),
        "monthly_leads": leads,
        "baseline": _Field("{name} baseline", _count, "leads a month"),
        "seasonality": seasonality,
        "growth": _Field("{name} growth", _rate, "a month"),
        "conversion": conversion,
    }
    matched, _, added, removed = _match(old.sources, new.sources, lambda s: s.name)
    for a, b in matched:
        d.record(f"sources[{b.name}]", b.name, a, b, specs)
    for src in added:
        d.add(f"sources[{src.name}]", f"Lead source added: {src.name}", None, src)
    for src in removed:
        d.add(f"sources[{src.name}]", f"Lead source removed: {src.name}", src, None)


def _terms(d: _Diff, old: CommercialTerms, new: CommercialTerms, start: str, currency: str) -> None:
    def target(d: _Diff, path: str, name: str, a: tuple[float, ...], b: tuple[float, ...]) -> None:
        d.monthly(path, "Revenue target", a, b, start, _count, currency)

    d.record(
        "terms",
        "",
        old,
        new,
        {
            "average_deal_size": _Field("Average deal size", _count, currency),
            "sales_cycle_days": _Field("Sales cycle", _number, "days"),
            "revenue_target": target,
            "marketing_share": _Field("Marketing's share of the revenue target", _rate),
        },
    )


def _first_touch(clock: str) -> Custom:
    def show(d: _Diff, path: str, name: str, a: float, b: float) -> None:
        if a < 60 and b < 60:
            unit = "business minutes" if clock == "business" else "minutes"
            d.value(path, f"{name} first touch", a, b, _number, unit)
        else:
            d.value(path, f"{name} first touch", a, b, fmt_duration_minutes, f"in {_CLOCKS.get(clock, clock)}")

    return show


def _commitments(d: _Diff, old: Commitments, new: Commitments) -> None:
    handled = {"response", "marketing"}
    d.record("commitments", "", old, new, {}, skip=handled)
    matched, _, added, removed = _match(old.response, new.response, lambda r: r.tier)
    for a, b in matched:
        specs: dict[str, _Field | Custom] = {
            "tier": _Field("Response tier renamed"),
            "description": _Field("{name} tier description"),
            "share_of_sqls": _Field("{name} share of SQLs", _rate),
            "first_touch_minutes": _first_touch(b.clock),
            "clock": _Field("{name} first-touch clock", lambda v: _CLOCKS.get(v, _text(v))),
            "target_share": _Field("{name} leads touched within the target", _rate),
            "touches": _Field("{name} follow-up touches", _count),
            "touch_days": _Field("{name} follow-up period", _number, "days"),
            "accept_within_hours": _Field("{name} accept or reject within", _number, "hours"),
        }
        d.record(f"commitments.response[{b.tier}]", b.tier, a, b, specs)
    for r in added:
        d.add(f"commitments.response[{r.tier}]", f"Response tier added: {r.tier}", None, r)
    for r in removed:
        d.add(f"commitments.response[{r.tier}]", f"Response tier removed: {r.tier}", r, None)

    def commitment(m: SqlCommitment) -> str:
        return f"{fmt_count(m.sqls_per_month)} a month"

    matched_m, _, added_m, removed_m = _match(old.marketing, new.marketing, lambda m: m.segment)
    for x, y in matched_m:
        specs = {
            "segment": _Field("Marketing's SQL commitment segment renamed"),
            "sqls_per_month": _Field("Marketing's SQL commitment ({name})", _count, "a month"),
        }
        d.record(f"commitments.marketing[{y.segment}]", y.segment, x, y, specs)
    for m in added_m:
        label = f"Marketing's SQL commitment ({m.segment}) added: {commitment(m)}"
        d.add(f"commitments.marketing[{m.segment}]", label, None, m)
    for m in removed_m:
        label = f"Marketing's SQL commitment ({m.segment}) removed: {commitment(m)}"
        d.add(f"commitments.marketing[{m.segment}]", label, m, None)


def _calendar(d: _Diff, path: str, name: str, old: WorkCalendar, new: WorkCalendar) -> None:
    def hours(d: _Diff, path: str, name: str, a: Any, b: Any) -> None:
        # a day may have several shifts (split shifts, breaks): compare each day's shifts together
        before: dict[str, tuple[tuple[float, float], ...]] = {}
        after: dict[str, tuple[tuple[float, float], ...]] = {}
        for spans, rows in ((before, a), (after, b)):
            for day, start, end in rows:
                spans[day] = tuple(sorted((*spans.get(day, ()), (start, end))))
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
            x, y = before.get(day, ()), after.get(day, ())
            if x == y:
                continue
            short = day[:1].upper() + day[1:]
            d.value(
                f"{path}.{day}",
                f"{name} working hours ({short})",
                x,
                y,
                lambda spans: ", ".join(f"{_hour(s)}–{_hour(e)}" for s, e in spans) or "day off",
            )

    def holidays(d: _Diff, path: str, name: str, a: tuple[str, ...], b: tuple[str, ...]) -> None:
        for day in sorted(set(a) | set(b)):
            if (day in a) == (day in b):
                continue
            what = "added" if day in b else "removed"
            d.add(
                f"{path}[{day}]",
                f"{name} holiday {what}: {fmt_date(date.fromisoformat(day))}",
                None if what == "added" else day,
                day if what == "added" else None,
            )

    specs: dict[str, _Field | Custom] = {
        "time_zone": _Field("{name} time zone"),
        "working_hours": hours,
        "holidays": holidays,
    }
    d.record(path, name, old, new, specs)


def _team(d: _Diff, old: Team, new: Team, start: str) -> None:
    handled = {"roles", "handle_times"}

    def profile(d: _Diff, path: str, name: str, a: tuple[float, ...], b: tuple[float, ...]) -> None:
        moved = sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b))
        hours = "hour" if moved == 1 else "hours"
        d.add(path, f"Lead arrival profile changed ({moved} {hours} of the week)", a, b)

    def decay(d: _Diff, path: str, name: str, a: Any, b: Any) -> None:
        d.add(path, "Response-time decay curve changed", a, b)

    d.record(
        "team",
        "",
        old,
        new,
        {
            "lead_time_zone": _Field("Lead time zone"),
            "arrival_profile": profile,
            "decay": decay,
            "lead_patience_hours": _Field("Lead patience", _number, "hours"),
        },
        skip=handled,
    )

    def headcount(d: _Diff, path: str, name: str, a: tuple[int, ...], b: tuple[int, ...]) -> None:
        # A shorter list repeats its last value: compare the months either list covers.
        n = max(len(a), len(b))
        full_a = tuple(a[min(i, len(a) - 1)] for i in range(n)) if a else ()
        full_b = tuple(b[min(i, len(b) - 1)] for i in range(n)) if b else ()
        before = len(d.changes)
        d.monthly(path, f"{name} headcount", full_a, full_b, start)
        if len(d.changes) == before:  # the same people, written as a shorter or longer list
            d.value(path, f"{name} headcount (months written)", len(a), len(b), _count)

    def segments(d: _Diff, path: str, name: str, a: tuple[str, ...], b: tuple[str, ...]) -> None:
        def text(x: tuple[str, ...]) -> str:
            return ", ".join(x) if x else "every segment no other team takes"

        d.value(path, f"{name} segments", a, b, text)

    # Roles match by name, then a renamed role by kind in order; a kind with one role on each side
    # is named (and its path keyed) by the kind, as before several SDR teams: "SDR headcount".
    matched_r, paired_r, added_r, removed_r = _match(old.roles, new.roles, lambda r: r.name, pair=lambda r: r.kind)

    def role_key(role: Role) -> str:
        alone = all(sum(r.kind == role.kind for r in roles) <= 1 for roles in (old.roles, new.roles))
        return role.kind if alone else f"{role.kind}: {role.name}"

    for a, b in matched_r + paired_r:
        key = role_key(b)
        specs: dict[str, _Field | Custom] = {
            "kind": _Field("Role kind"),
            "name": _Field("{name} role name"),
            "headcount": headcount,
            "ramp_months": _Field("{name} ramp-up", _count, "months"),
            "shrinkage": _Field("{name} shrinkage", _rate),
            "max_occupancy": _Field("{name} maximum occupancy", _rate),
            "calendar": _calendar,
            "max_open_opportunities": _Field("{name} open opportunities per person", _count),
            "segments": segments,
        }
        d.record(f"team.roles[{key}]", key if key == b.kind else b.name, a, b, specs)
    for role in added_r:
        d.add(f"team.roles[{role_key(role)}]", f"Role added: {role.kind} ({role.name})", None, role)
    for role in removed_r:
        d.add(f"team.roles[{role_key(role)}]", f"Role removed: {role.kind} ({role.name})", role, None)

    matched_h, _, added_h, removed_h = _match(old.handle_times, new.handle_times, lambda h: h.touch)
    for x, y in matched_h:
        touch = _TOUCHES.get(y.touch, _humanise(y.touch))
        specs = {
            "touch": _Field("Handle time touch"),
            "minutes": _Field("{name} handle time", _number, "minutes"),
            "spread": _Field("{name} handle time spread", _number, "minutes"),
        }
        d.record(f"team.handle_times[{y.touch}]", touch, x, y, specs)
    for h in added_h:
        touch = _TOUCHES.get(h.touch, _humanise(h.touch))
        d.add(f"team.handle_times[{h.touch}]", f"{touch} handle time added: {h.minutes:g} minutes", None, h)
    for h in removed_h:
        touch = _TOUCHES.get(h.touch, _humanise(h.touch))
        d.add(f"team.handle_times[{h.touch}]", f"{touch} handle time removed ({h.minutes:g} minutes)", h, None)


def _criterion_text(c: Condition) -> str:
    text = describe_criterion(c)
    if isinstance(c, FitCriterion):
        return f"{text} ({c.points:g} points)"
    if isinstance(c, Disqualifier) and c.reason:
        return f"{text} ({c.reason})"
    return text


def _conditions(d: _Diff, path: str, what: str, old: Sequence[Condition], new: Sequence[Condition]) -> None:
    """Fit criteria or disqualifiers: keyed by what they test; an edited test is one change."""
    matched, paired, added, removed = _match(old, new, lambda c: c.describe(), pair=lambda c: c.field)
    for a, b in matched:
        specs: dict[str, _Field | Custom] = {
            "points": _Field(f"{what} '{{name}}'", _number, "points"),
            "reason": _Field(f"{what} '{{name}}' reason"),
        }
        d.record(f"{path}[{b.describe()}]", describe_criterion(b), a, b, specs)
    for a, b in paired:
        label = f"{what} changed: {_criterion_text(a)} {ARROW} {_criterion_text(b)}"
        d.add(f"{path}[{b.describe()}]", label, a, b)
    for c in added:
        d.add(f"{path}[{c.describe()}]", f"{what} added: {_criterion_text(c)}", None, c)
    for c in removed:
        d.add(f"{path}[{c.describe()}]", f"{what} removed: {_criterion_text(c)}", c, None)


def _keyed_records(
    d: _Diff,
    path: str,
    what: str,
    old: Sequence[Any],
    new: Sequence[Any],
    key: Callable[[Any], str],
    name: Callable[[Any], str],
    specs: dict[str, _Field | Custom],
    *,
    old_key: Callable[[Any], str] | None = None,
    describe: Callable[[Any], str] | None = None,
) -> None:
    """Records keyed by ``key``: each field of a matched record (named by ``name``), and one
    line per record added or removed (written by ``describe``, default ``name``)."""
    describe = describe or name
    matched, _, added, removed = _match(old, new, key, old_key=old_key)
    for a, b in matched:
        d.record(f"{path}[{key(b)}]", name(b), a, b, specs)
    for r in added:
        d.add(f"{path}[{key(r)}]", f"{what} added: {describe(r)}", None, r)
    for r in removed:
        d.add(f"{path}[{key(r)}]", f"{what} removed: {describe(r)}", r, None)


def _stage_ref(label: str, rename: Callable[[str], str]) -> Custom:
    """A field naming a plan stage: a stage renamed in the plan carries its new name here,
    which is not a change of its own (the stages' change says it)."""

    def show(d: _Diff, path: str, name: str, a: str, b: str) -> None:
        if rename(a) != b:
            d.value(path, label.format(name=name), a, b)

    return show


def _definitions(d: _Diff, old: Definitions, new: Definitions, rename: Callable[[str], str]) -> None:
    lists = {
        "stages",
        "fit",
        "behaviour",
        "disqualifiers",
        "fast_lane_events",
        "examples",
        "rejection_reasons",
        "recycle_rules",
    }

    d.record(
        "definitions",
        "",
        old,
        new,
        {
            "mql_stage": _stage_ref("MQL stage", rename),
            "sql_stage": _stage_ref("SQL stage", rename),
            "mql_threshold": _Field("MQL threshold", _number, "points"),
            "sql_threshold": _Field("SQL threshold", _number, "points"),
            "acceptance_window_hours": _Field("Acceptance window", _number, "hours"),
        },
        skip=lists,
    )

    _keyed_records(
        d,
        "definitions.stages",
        "Lifecycle stage",
        old.stages,
        new.stages,
        lambda s: s.name,
        lambda s: s.name,
        {
            "name": _stage_ref("Lifecycle stage renamed", rename),
            "owner": _Field("{name} stage owner (definitions)"),
            "entry_criteria": _Field("{name} entry criteria"),
        },
        old_key=lambda s: rename(s.name),
    )
    _conditions(d, "definitions.fit", "Fit criterion", old.fit, new.fit)
    _keyed_records(
        d,
        "definitions.behaviour",
        "Behaviour criterion",
        old.behaviour,
        new.behaviour,
        lambda b: b.event,
        lambda b: event_label(b.event),
        {
            "event": _Field("Behaviour criterion event"),
            "points": _Field("Behaviour '{name}'", _number, "points"),
            "min_count": _Field("Behaviour '{name}' at least", _count, "times"),
            "within_days": _Field("Behaviour '{name}' within", _number, "days"),
            "half_life_days": _Field("Behaviour '{name}' half-life", _number, "days"),
        },
    )
    _conditions(d, "definitions.disqualifiers", "Disqualifier", old.disqualifiers, new.disqualifiers)

    before, after = _tally(old.fast_lane_events), _tally(new.fast_lane_events)
    for event in [*after, *(e for e in before if e not in after)]:
        if before.get(event, 0) == after.get(event, 0):
            continue
        what = "added" if after.get(event, 0) > before.get(event, 0) else "removed"
        d.add(
            f"definitions.fast_lane_events[{event}]",
            f"Hand-raise event {what}: {hand_raise_label(event)}",
            event if what == "removed" else None,
            event if what == "added" else None,
        )

    def example_pairs(kind: str, text: Callable[[Any], str]) -> Custom:
        def show(d: _Diff, path: str, name: str, a: Any, b: Any) -> None:
            x, y = _changed_pairs(a, b)
            d.add(path, f"Example lead '{name}' {kind}: {text(x) or 'none'} {ARROW} {text(y) or 'none'}", a, b)

        return show

    _keyed_records(
        d,
        "definitions.examples",
        "Example lead",
        old.examples,
        new.examples,
        lambda e: e.name,
        lambda e: e.name,
        {
            "name": _Field("Example lead renamed"),
            "expect": _Field("Example lead '{name}' must come out as", outcome_label),
            "fields": example_pairs("fields", fields_text),
            "events": example_pairs("events", events_text),
        },
    )
    _keyed_records(
        d,
        "definitions.rejection_reasons",
        "Rejection reason",
        old.rejection_reasons,
        new.rejection_reasons,
        lambda r: r.code,
        lambda r: r.code,
        {"code": _Field("Rejection reason code"), "label": _Field("Rejection reason {name} label")},
        describe=lambda r: f"{r.code} ({r.label})" if r.label else r.code,
    )
    _keyed_records(
        d,
        "definitions.recycle_rules",
        "Recycle rule",
        old.recycle_rules,
        new.recycle_rules,
        lambda r: f"{r.when}:{r.reason_code}" if r.reason_code else r.when,
        _recycle_name,
        {
            "when": _Field("Recycle rule trigger"),
            "reason_code": _Field("Recycle rule reason"),
            "to_stage": _stage_ref("Recycle rule '{name}' goes back to", rename),
            "wait_days": _Field("Recycle rule '{name}' waits", _number, "days"),
            "reset_score": _Field("Recycle rule '{name}' resets the score", _yes_no),
        },
    )


def _changed_pairs(a: tuple[tuple[str, T], ...], b: tuple[tuple[str, T], ...]) -> tuple[Any, Any]:
    """The (name, value) pairs of ``a`` and ``b`` that differ (all of them when only the order did)."""
    before, after = dict(a), dict(b)
    if before == after:
        return a, b
    return (
        tuple((k, v) for k, v in a if after.get(k) != v or k not in after),
        tuple((k, v) for k, v in b if before.get(k) != v or k not in before),
    )


def _recycle_name(rule: RecycleRule) -> str:
    name = recycle_trigger_label(rule.when)
    return f"{name}, {rule.reason_code}" if rule.reason_code else name


def _tally(items: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        out[item] = out.get(item, 0) + 1
    return out


def _engagement(d: _Diff, old: RulesOfEngagement, new: RulesOfEngagement, rename: Callable[[str], str]) -> None:
    d.record("engagement", "", old, new, {}, skip={"stages"})

    def actions(d: _Diff, path: str, name: str, a: tuple[str, ...], b: tuple[str, ...]) -> None:
        if set(a) != set(b):  # the order of hand-off actions means nothing
            d.value(
                path, f"{name} hand-off actions", a, b, lambda v: ", ".join(_humanise(x).lower() for x in v) or "none"
            )

    _keyed_records(
        d,
        "engagement.stages",
        "Rule of engagement",
        old.stages,
        new.stages,
        lambda r: r.stage,
        lambda r: r.stage,
        {
            "stage": _stage_ref("Rule of engagement renamed", rename),
            "owner": _Field("{name} owner", lambda v: v or "nobody"),
            "nurture_email": _Field("{name} marketing nurture e-mails", _allowed),
            "sales_touches": _Field("{name} sales touches", _allowed),
            "handoff_actions": actions,
            "recycle_after_days": _Field("{name} recycle after", lambda v: "never" if not v else f"{v:g} days"),
            "sla_clock_hours": _Field("{name} SLA clock", lambda v: "none" if not v else f"{v:g} hours"),
            "escalate_to": _Field("{name} escalate to", lambda v: v or "nobody"),
        },
        old_key=lambda r: rename(r.stage),
    )


# -- results -----------------------------------------------------------------------------------------

#: The p_met label of marketing's SQL commitment (the average over the months).
MARKETING_SQLS = "Marketing SQLs"


def _sql_total(results: PlanResults, plan: Plan | None) -> float | None:
    k = plan.sql_stage_index if plan is not None else None
    if k is None or k >= len(results.funnel.forward):
        return None
    return sum(results.funnel.forward[k])


def _needed(sim: SimulationResult) -> dict[str, int | None]:
    needed: dict[str, int | None] = {sim.headcount.role: sim.headcount.headcount_needed}
    if any(r.kind == "AE" for r in sim.roles):
        needed["AE"] = sim.ae_needed
    return needed


def marketing_p_met(sim: SimulationResult) -> float | None:
    """P(marketing's SQL commitment met), averaged over the months; ``None`` without a commitment."""
    if not sim.sql_p_met_by_segment or not sim.sql_p_met:
        return None
    return sum(sim.sql_p_met) / len(sim.sql_p_met)


def diff_results(
    old: PlanResults,
    new: PlanResults,
    *,
    plans: tuple[Plan, Plan] | None = None,
) -> tuple[Change, ...]:
    """The derived results that moved from ``old`` to ``new`` (group ``"result"``), as displayed.

    SQLs planned over the period, revenue planned and required, the revenue gap; where both have
    a simulation, P(target met) per response tier, P(marketing's SQLs met) averaged over the
    months, the bottleneck and the headcount needed per role. A value that rounds to the same
    text is not listed.

    Args:
        plans: the plans ``old`` and ``new`` are the results of. They say which stage is the
            SQL (``Plan.sql_stage_index``, the one rule) and the currency; without them the SQL
            line is left out and amounts carry no currency.
    """
    d = _Diff(RESULT)
    currency = plans[1].currency if plans is not None else ""

    def moved(path: str, label: str, a: Any, b: Any, fmt: Format, unit: str = "") -> None:
        text_a, text_b = fmt(a), fmt(b)
        if text_a != text_b:
            d.add(path, f"{label}: {text_a} {ARROW} {_with_unit(text_b, unit)}", _shown(a, fmt), _shown(b, fmt))

    if plans is not None:
        a, b = _sql_total(old, plans[0]), _sql_total(new, plans[1])
        moved("sqls_planned", "SQLs planned over the period", a, b, _maybe(_count))
    f_old, f_new = old.funnel, new.funnel
    planned = sum(f_old.revenue_planned), sum(f_new.revenue_planned)
    required = sum(f_old.revenue_required), sum(f_new.revenue_required)
    moved("revenue_planned", "Revenue planned", *planned, _count, currency)
    moved("revenue_required", "Revenue required", *required, _count, currency)
    gap = planned[0] - required[0], planned[1] - required[1]
    moved("revenue_gap", "Revenue gap (planned - required)", *gap, lambda v: f"{v:+,.0f}", currency)

    s_old, s_new = old.simulation, new.simulation
    if s_old is None or s_new is None:
        return tuple(d.changes)
    tiers_old = {t.tier: t.p_met for t in s_old.response}
    tiers_new = {t.tier: t.p_met for t in s_new.response}
    for tier in [*tiers_new, *(t for t in tiers_old if t not in tiers_new)]:
        label = f"Chance the {tier} first-touch promise is kept"
        moved(f"p_met[{tier}]", label, tiers_old.get(tier), tiers_new.get(tier), _maybe(fmt_pct))
    moved(
        f"p_met[{MARKETING_SQLS}]",
        "Chance marketing meets its SQL commitment, average over the months",
        marketing_p_met(s_old),
        marketing_p_met(s_new),
        _maybe(fmt_pct),
    )
    moved("bottleneck", "Bottleneck", s_old.bottleneck, s_new.bottleneck, _text)
    need_old, need_new = _needed(s_old), _needed(s_new)
    for role in [*need_new, *(r for r in need_old if r not in need_new)]:
        a_need, b_need = need_old.get(role, "absent"), need_new.get(role, "absent")
        moved(f"headcount_needed[{role}]", f"{role} headcount needed", a_need, b_need, _headcount)
    return tuple(d.changes)


def _maybe(fmt: Format) -> Format:
    return lambda v: "none" if v is None else fmt(v)


def _headcount(value: Any) -> str:
    if value == "absent":
        return "none"
    return "not reached" if value is None else fmt_count(float(value))


def _shown(value: Any, fmt: Format) -> Any:
    """A result as displayed: probabilities to whole percent, counts and amounts to units."""
    if isinstance(value, float):
        text = fmt(value)
        return round(value, 2) if text.endswith("%") else round(value)
    if value == "absent":
        return None
    return _plain(value)
