"""MQL/SQL qualification definitions: lifecycle stages, scoring rules, examples, SLA terms.

A definition is testable: it scores leads with points for *fit* (who they are) and
*behaviour* (what they did, with decay), excludes *disqualified* leads, and promotes a lead to
MQL at ``mql_threshold`` points and to SQL at ``sql_threshold`` points or at once when it
raised a hand (a fast-lane event such as a demo request). Example leads say what must
qualify and what must not; :func:`slaplanner.engine.scoring.check_examples` runs them.

Every record is a frozen dataclass validated when built (a value out of range raises
:class:`~slaplanner.errors.ValidationError` naming the field and what is allowed);
``to_dict``/``from_dict`` round-trip losslessly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from slaplanner.errors import ValidationError
from slaplanner.plan.labels import humanise, split_list
from slaplanner.plan.validation import Collector, check_choice, check_number, check_text, record_from_dict

OWNERS = ("marketing", "sales", "shared")

#: Operators on text (compared case-insensitively, surrounding blanks ignored).
TEXT_OPERATORS = ("equals", "not_equals", "in", "not_in", "contains", "not_contains", "starts_with", "ends_with")
#: Operators on numbers: the cell is read as a number; a blank or non-number never matches.
NUMBER_OPERATORS = ("gte", "lte", "between")
#: Operators that test whether the cell is empty.
BLANK_OPERATORS = ("is_blank", "not_blank")
OPERATORS = TEXT_OPERATORS + NUMBER_OPERATORS + BLANK_OPERATORS

#: What an example lead must come out as: ``sql`` exactly SQL, ``mql`` at least MQL,
#: ``not_qualified`` neither (including disqualified leads).
EXPECTATIONS = ("sql", "mql", "not_qualified")

#: When a recycle rule applies.
RECYCLE_TRIGGERS = ("rejected", "no_contact", "closed_lost", "unresponsive")

MAX_POINTS = 1000.0
MAX_THRESHOLD = 10_000.0
MAX_DAYS = 3650.0
MAX_ITEMS = 200

Value = str | float
R = TypeVar("R")


def _tuple(value: Any) -> tuple[Any, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,)


def _texts(c: Collector, name: str, value: Any, *, max_length: int = 80) -> tuple[str, ...]:
    items = []
    for i, v in enumerate(_tuple(value)):
        items.append(c.check(check_text, f"{name}[{i}]", v, max_length=max_length, default=""))
    return tuple(items)


def _records(c: Collector, data: dict[str, Any], key: str, build: Callable[[Any], R], what: str) -> tuple[R, ...]:
    raw = data.get(key, [])
    if not isinstance(raw, list):
        c.add(key, raw, f"allowed: a list of {what}")
        return ()
    out: list[R] = []
    for i, item in enumerate(raw):
        with c.field(f"{key}[{i}]."):
            out.append(build(item))
    return tuple(out)


def _unique(c: Collector, name: str, keys: Iterable[str], what: str) -> None:
    seen: list[str] = []
    for i, key in enumerate(keys):
        if key.casefold() in seen:
            c.add(f"{name}[{i}]", key, f"allowed: {what} no other entry has")
        seen.append(key.casefold())


def _check_values(c: Collector, operator: str, values: Any) -> tuple[Value, ...]:
    """Validate the values an operator needs and return them cleaned."""
    raw = _tuple(values)
    if operator in BLANK_OPERATORS:
        if raw:
            c.add("values", list(raw), f"allowed: no values with the operator {operator!r}")
        return ()
    if operator in NUMBER_OPERATORS:
        want = 2 if operator == "between" else 1
        if len(raw) != want:
            c.add("values", list(raw), f"allowed: exactly {want} number{'s' if want > 1 else ''} with {operator!r}")
            return ()
        nums = tuple(c.check(check_number, f"values[{i}]", v, default=0.0) for i, v in enumerate(raw))
        if operator == "between" and len(nums) == 2 and nums[0] > nums[1]:
            c.add("values", list(raw), "allowed: the lower bound first (low <= high)")
        return nums
    if not raw or len(raw) > MAX_ITEMS:
        c.add("values", list(raw), f"allowed: 1 to {MAX_ITEMS} values with {operator!r}")
        return ()
    if operator in ("equals", "not_equals") and len(raw) != 1:
        c.add("values", list(raw), f"allowed: exactly one value with {operator!r} (use 'in' for several)")
    out: list[Value] = []
    for i, v in enumerate(raw):
        if isinstance(v, int) and not isinstance(v, bool):  # a whole number, however large: its digits
            out.append(c.check(check_text, f"values[{i}]", str(v), max_length=200, default=""))
        elif isinstance(v, float):
            number = c.check(check_number, f"values[{i}]", v, default=0.0)  # finite only
            out.append(str(int(number)) if float(number).is_integer() else str(number))
        else:
            out.append(c.check(check_text, f"values[{i}]", v, max_length=200, default=""))
    return tuple(out)


def _field_name(c: Collector, value: Any) -> str:
    name = c.check(check_text, "field", value, max_length=80, default="")
    return name.strip().lower().replace(" ", "_")


@dataclass(frozen=True)
class LifecycleStage:
    """A lifecycle stage, who owns leads in it, and what a lead must meet to enter it."""

    name: str
    owner: str = "marketing"
    entry_criteria: str = ""

    def __post_init__(self) -> None:
        c = Collector()
        object.__setattr__(self, "name", c.check(check_text, "name", self.name, max_length=40, default=""))
        c.check(check_choice, "owner", self.owner, OWNERS, default="")
        object.__setattr__(
            self,
            "entry_criteria",
            c.check(check_text, "entry_criteria", self.entry_criteria, required=False, max_length=500, default=""),
        )
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "owner": self.owner, "entry_criteria": self.entry_criteria}

    @classmethod
    def from_dict(cls, data: Any) -> LifecycleStage:
        return record_from_dict(cls, data, "a lifecycle stage", {f.name for f in fields(cls)})


@dataclass(frozen=True)
class Condition:
    """A test on one lead field: ``field`` ``operator`` ``values`` (``industry in [Retail, Banking]``)."""

    field: str
    operator: str = "equals"
    values: tuple[Value, ...] = ()

    def __post_init__(self) -> None:
        c = Collector()
        self._validate(c)
        c.raise_if_any()

    def _validate(self, c: Collector) -> None:
        object.__setattr__(self, "field", _field_name(c, self.field))
        op = c.check(check_choice, "operator", self.operator, OPERATORS, default="")
        object.__setattr__(self, "values", _check_values(c, op, self.values) if op else ())

    def describe(self) -> str:
        """The condition as a user reads it: ``industry in Retail, Banking``."""
        words = self.operator.replace("_", " ")
        vals = ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in self.values)
        if self.operator == "between":
            vals = vals.replace(", ", " and ")
        return f"{self.field} {words} {vals}".strip()

    def _base_dict(self) -> dict[str, Any]:
        return {"field": self.field, "operator": self.operator, "values": list(self.values)}


@dataclass(frozen=True)
class FitCriterion(Condition):
    """Points for who the lead is: company size, industry, country, job title, seniority ..."""

    points: float = 0.0

    def __post_init__(self) -> None:
        c = Collector()
        self._validate(c)
        object.__setattr__(
            self, "points", c.check(check_number, "points", self.points, -MAX_POINTS, MAX_POINTS, default=0.0)
        )
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        return {**self._base_dict(), "points": self.points}

    @classmethod
    def from_dict(cls, data: Any) -> FitCriterion:
        return record_from_dict(cls, data, "a fit criterion", {"field", "operator", "values", "points"})


@dataclass(frozen=True)
class Disqualifier(Condition):
    """A condition that keeps a lead out of MQL and SQL whatever its score (competitor, student ...)."""

    reason: str = ""

    def __post_init__(self) -> None:
        c = Collector()
        self._validate(c)
        object.__setattr__(
            self, "reason", c.check(check_text, "reason", self.reason, required=False, max_length=120, default="")
        )
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        return {**self._base_dict(), "reason": self.reason}

    @classmethod
    def from_dict(cls, data: Any) -> Disqualifier:
        return record_from_dict(cls, data, "a disqualifier", {"field", "operator", "values", "reason"})


@dataclass(frozen=True)
class BehaviourCriterion:
    """Points for engagement: at least ``min_count`` events of type ``event``, the last one within
    ``within_days`` days. With ``half_life_days`` > 0 the points halve every that many days since
    the last event (decay); 0 means no decay.

    A CRM export carries a count and the date of the last event per type, not each event, so
    "N events within D days" is read as "count >= N and the last one at most D days old".
    """

    event: str
    points: float = 0.0
    min_count: int = 1
    within_days: float = 90.0
    half_life_days: float = 0.0

    def __post_init__(self) -> None:
        c = Collector()
        set_ = object.__setattr__
        set_(self, "event", _event_key(c, self.event))
        set_(self, "points", c.check(check_number, "points", self.points, -MAX_POINTS, MAX_POINTS, default=0.0))
        set_(
            self,
            "min_count",
            int(c.check(check_number, "min_count", self.min_count, 1, 10_000, integer=True, default=1)),
        )
        set_(
            self,
            "within_days",
            c.check(check_number, "within_days", self.within_days, 0.0, MAX_DAYS, low_open=True, default=1.0),
        )
        set_(
            self,
            "half_life_days",
            c.check(check_number, "half_life_days", self.half_life_days, 0.0, MAX_DAYS, default=0.0),
        )
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Any) -> BehaviourCriterion:
        return record_from_dict(cls, data, "a behaviour criterion", {f.name for f in fields(cls)})


def _event_key(c: Collector, value: Any) -> str:
    text = c.check(check_text, "event", value, max_length=80, default="")
    return event_key(text)


def event_key(text: str) -> str:
    """The canonical name of an event type: lower case, words singular and joined by ``_``.

    ``"Number of Webinars Attended"`` and ``"Last Webinar Attended Date"`` both give ``webinar_attended``.
    """
    words = "".join(ch if ch.isalnum() else " " for ch in text.strip().lower()).split()
    return "_".join(_singular(w) for w in words)


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True)
class EventFact:
    """What an example lead did of one event type: ``count`` events, the last ``days_ago`` days ago."""

    count: int = 1
    days_ago: float = 0.0

    def __post_init__(self) -> None:
        c = Collector()
        object.__setattr__(
            self, "count", int(c.check(check_number, "count", self.count, 0, 1_000_000, integer=True, default=0))
        )
        object.__setattr__(
            self, "days_ago", c.check(check_number, "days_ago", self.days_ago, 0.0, MAX_DAYS, default=0.0)
        )
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "days_ago": self.days_ago}

    @classmethod
    def from_dict(cls, data: Any) -> EventFact:
        return record_from_dict(cls, data, "an event", {"count", "days_ago"})


@dataclass(frozen=True)
class Example:
    """An example lead the definition must classify as ``expect`` (one of :data:`EXPECTATIONS`).

    ``fields`` are the lead's attributes (``{"industry": "Retail"}``), ``events`` what it did
    (``{"pricing_page_view": EventFact(3, 2)}``).
    """

    name: str
    expect: str = "mql"
    fields: tuple[tuple[str, str], ...] = ()
    events: tuple[tuple[str, EventFact], ...] = ()

    def __post_init__(self) -> None:
        c = Collector()
        object.__setattr__(self, "name", c.check(check_text, "name", self.name, max_length=80, default=""))
        c.check(check_choice, "expect", self.expect, EXPECTATIONS, default="")
        attrs: list[tuple[str, str]] = []
        raw_fields = self.fields.items() if isinstance(self.fields, dict) else self.fields
        for key, value in raw_fields:
            name = _field_name(c, key)
            text = value if isinstance(value, str) else str(value)
            attrs.append((name, c.check(check_text, f"fields.{name}", text, required=False, default="")))
        object.__setattr__(self, "fields", tuple(attrs))
        facts: list[tuple[str, EventFact]] = []
        raw_events = self.events.items() if isinstance(self.events, dict) else self.events
        for key, fact in raw_events:
            name = _event_key(c, key)
            if not isinstance(fact, EventFact):
                with c.field(f"events.{name}."):
                    fact = EventFact.from_dict(fact)
            facts.append((name, fact))
        object.__setattr__(self, "events", tuple(facts))
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "expect": self.expect,
            "fields": dict(self.fields),
            "events": {k: v.to_dict() for k, v in self.events},
        }

    @classmethod
    def from_dict(cls, data: Any) -> Example:
        if isinstance(data, dict):
            for key in ("fields", "events"):
                if key in data and not isinstance(data[key], dict):
                    raise ValidationError.single(key, data[key], "allowed: an object of name: value pairs")
        return record_from_dict(cls, data, "an example lead", {"name", "expect", "fields", "events"})


@dataclass(frozen=True)
class RejectionReason:
    """A code sales gives when it rejects a lead, so marketing learns why (closed-loop reporting)."""

    code: str
    label: str = ""

    def __post_init__(self) -> None:
        c = Collector()
        object.__setattr__(self, "code", c.check(check_text, "code", self.code, max_length=40, default=""))
        object.__setattr__(self, "label", c.check(check_text, "label", self.label, required=False, default=""))
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label}

    @classmethod
    def from_dict(cls, data: Any) -> RejectionReason:
        return record_from_dict(cls, data, "a rejection reason", {"code", "label"})


@dataclass(frozen=True)
class RecycleRule:
    """What happens to a lead that goes back to marketing: after ``when`` (and, for rejections,
    the reason ``reason_code``; empty for any), it re-enters ``to_stage`` after ``wait_days`` days,
    with its behaviour score reset when ``reset_score``.
    """

    when: str
    to_stage: str = "Lead"
    wait_days: float = 0.0
    reason_code: str = ""
    reset_score: bool = True

    def __post_init__(self) -> None:
        c = Collector()
        c.check(check_choice, "when", self.when, RECYCLE_TRIGGERS, default="")
        object.__setattr__(self, "to_stage", c.check(check_text, "to_stage", self.to_stage, max_length=40, default=""))
        object.__setattr__(
            self, "wait_days", c.check(check_number, "wait_days", self.wait_days, 0.0, MAX_DAYS, default=0.0)
        )
        object.__setattr__(
            self,
            "reason_code",
            c.check(check_text, "reason_code", self.reason_code, required=False, max_length=40, default=""),
        )
        if not isinstance(self.reset_score, bool):
            c.add("reset_score", self.reset_score, "allowed: true or false")
        c.raise_if_any()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Any) -> RecycleRule:
        return record_from_dict(cls, data, "a recycle rule", {f.name for f in fields(cls)})


@dataclass(frozen=True)
class Definitions:
    """The qualification definitions of the SLA (see the module docstring).

    ``mql_stage`` and ``sql_stage`` name the plan stages the thresholds lead to.
    ``acceptance_window_hours`` is H: sales accepts or rejects each lead within H hours.
    """

    stages: tuple[LifecycleStage, ...] = ()
    mql_stage: str = "MQL"
    sql_stage: str = "SQL"
    fit: tuple[FitCriterion, ...] = ()
    behaviour: tuple[BehaviourCriterion, ...] = ()
    disqualifiers: tuple[Disqualifier, ...] = ()
    mql_threshold: float = 50.0
    sql_threshold: float = 100.0
    fast_lane_events: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    acceptance_window_hours: float = 24.0
    rejection_reasons: tuple[RejectionReason, ...] = ()
    recycle_rules: tuple[RecycleRule, ...] = ()

    def __post_init__(self) -> None:
        c = Collector()
        set_ = object.__setattr__
        for name, kind in (
            ("stages", LifecycleStage),
            ("fit", FitCriterion),
            ("behaviour", BehaviourCriterion),
            ("disqualifiers", Disqualifier),
            ("examples", Example),
            ("rejection_reasons", RejectionReason),
            ("recycle_rules", RecycleRule),
        ):
            items = _tuple(getattr(self, name)) if getattr(self, name) != () else ()
            for i, item in enumerate(items):
                if not isinstance(item, kind):
                    c.add(f"{name}[{i}]", item, f"allowed: a {kind.__name__}")
            if len(items) > MAX_ITEMS:
                c.add(name, len(items), f"allowed: at most {MAX_ITEMS} entries")
            set_(self, name, items)
        set_(self, "mql_stage", c.check(check_text, "mql_stage", self.mql_stage, max_length=40, default=""))
        set_(self, "sql_stage", c.check(check_text, "sql_stage", self.sql_stage, max_length=40, default=""))
        if self.mql_stage and self.mql_stage.casefold() == self.sql_stage.casefold():
            c.add("sql_stage", self.sql_stage, "allowed: a stage other than the MQL stage")
        mql = c.check(check_number, "mql_threshold", self.mql_threshold, 0.0, MAX_THRESHOLD, default=0.0)
        sql = c.check(check_number, "sql_threshold", self.sql_threshold, 0.0, MAX_THRESHOLD, default=0.0)
        if sql < mql:
            c.add("sql_threshold", self.sql_threshold, f"allowed: at least the MQL threshold ({mql:g})")
        set_(self, "mql_threshold", mql)
        set_(self, "sql_threshold", sql)
        lanes = tuple(_event_key(c, e) for e in _tuple(self.fast_lane_events)) if self.fast_lane_events else ()
        set_(self, "fast_lane_events", lanes)
        set_(
            self,
            "acceptance_window_hours",
            c.check(
                check_number,
                "acceptance_window_hours",
                self.acceptance_window_hours,
                0.0,
                24.0 * 90,
                low_open=True,
                default=24.0,
            ),
        )
        if not c.problems:
            _unique(c, "stages", (s.name for s in self.stages), "a name")
            _unique(c, "examples", (e.name for e in self.examples), "a name")
            _unique(c, "rejection_reasons", (r.code for r in self.rejection_reasons), "a code")
            codes = {r.code.casefold() for r in self.rejection_reasons}
            for i, rule in enumerate(self.recycle_rules):
                if rule.reason_code and rule.reason_code.casefold() not in codes:
                    c.add(
                        f"recycle_rules[{i}].reason_code",
                        rule.reason_code,
                        "allowed: empty (any reason) or one of the rejection reason codes",
                    )
        c.raise_if_any()

    @property
    def is_empty(self) -> bool:
        """True when nothing has been defined yet (no stages, criteria or examples)."""
        return not (
            self.stages
            or self.fit
            or self.behaviour
            or self.disqualifiers
            or self.fast_lane_events
            or self.examples
            or self.rejection_reasons
            or self.recycle_rules
        )

    def stage_named(self, name: str) -> LifecycleStage | None:
        for stage in self.stages:
            if stage.name.casefold() == name.casefold():
                return stage
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "stages": [s.to_dict() for s in self.stages],
            "mql_stage": self.mql_stage,
            "sql_stage": self.sql_stage,
            "fit": [f.to_dict() for f in self.fit],
            "behaviour": [b.to_dict() for b in self.behaviour],
            "disqualifiers": [d.to_dict() for d in self.disqualifiers],
            "mql_threshold": self.mql_threshold,
            "sql_threshold": self.sql_threshold,
            "fast_lane_events": list(self.fast_lane_events),
            "examples": [e.to_dict() for e in self.examples],
            "acceptance_window_hours": self.acceptance_window_hours,
            "rejection_reasons": [r.to_dict() for r in self.rejection_reasons],
            "recycle_rules": [r.to_dict() for r in self.recycle_rules],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Definitions:
        if not isinstance(data, dict):
            raise ValidationError.single("", data, "allowed: an object with the definitions")
        c = Collector()
        known = {f.name for f in fields(cls)}
        for key in sorted(set(data) - known):
            c.add(key, data[key], "allowed: no such field in the definitions")
        kwargs: dict[str, Any] = {
            k: data[k]
            for k in ("mql_stage", "sql_stage", "mql_threshold", "sql_threshold", "acceptance_window_hours")
            if k in data
        }
        if "fast_lane_events" in data:
            kwargs["fast_lane_events"] = _texts(c, "fast_lane_events", data["fast_lane_events"])
        kwargs["stages"] = _records(c, data, "stages", LifecycleStage.from_dict, "lifecycle stages")
        kwargs["fit"] = _records(c, data, "fit", FitCriterion.from_dict, "fit criteria")
        kwargs["behaviour"] = _records(c, data, "behaviour", BehaviourCriterion.from_dict, "behaviour criteria")
        kwargs["disqualifiers"] = _records(c, data, "disqualifiers", Disqualifier.from_dict, "disqualifiers")
        kwargs["examples"] = _records(c, data, "examples", Example.from_dict, "example leads")
        kwargs["rejection_reasons"] = _records(
            c, data, "rejection_reasons", RejectionReason.from_dict, "rejection reasons"
        )
        kwargs["recycle_rules"] = _records(c, data, "recycle_rules", RecycleRule.from_dict, "recycle rules")
        c.raise_if_any()
        return cls(**kwargs)


# -- text forms (what an editor cell shows and reads back) ------------------------------------


def values_text(values: tuple[Value, ...]) -> str:
    """A criterion's values as one line: ``Retail, Banking`` or ``200, 999``."""
    return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values)


def values_from_text(operator: str, text: str) -> tuple[Value, ...]:
    """Read the values typed for ``operator``: separated by ``,`` or ``;``; numbers for gte/lte/between.

    Raises ValidationError naming ``values`` and what is allowed.
    """
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if operator not in NUMBER_OPERATORS:
        return tuple(parts)
    numbers: list[Value] = []
    for part in parts:
        try:
            numbers.append(float(part.replace(" ", "").replace("_", "")))
        except ValueError:
            raise ValidationError.single(
                "values", part, f"allowed: numbers with {operator!r}, e.g. 200, 999 (no thousands separators)"
            ) from None
    return tuple(numbers)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;")


def _split_unescaped(text: str) -> list[str]:
    """Split at ``;`` not preceded by ``\\``; ``\\;`` and ``\\\\`` read as ``;`` and ``\\``."""
    parts, current, chars = [], [], iter(text)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, "\\"))
        elif ch == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def fields_text(pairs: tuple[tuple[str, str], ...]) -> str:
    """An example's fields as ``industry=Retail; seniority=VP`` (a ``;`` in a value is written ``\\;``)."""
    return "; ".join(f"{k}={_escape(v)}" for k, v in pairs)


def fields_from_text(text: str) -> tuple[tuple[str, str], ...]:
    """Read ``industry=Retail; seniority=VP`` (``:`` also separates a name from its value;
    ``\\;`` is a ``;`` inside a value)."""
    pairs: list[tuple[str, str]] = []
    for part in (p.strip() for p in _split_unescaped(text)):
        if not part:
            continue
        sep = "=" if "=" in part else ":"
        name, found, value = part.partition(sep)
        if not found or not name.strip():
            raise ValidationError.single("fields", part, "allowed: name=value pairs separated by ';'")
        pairs.append((name.strip(), value.strip()))
    return tuple(pairs)


def events_text(events: tuple[tuple[str, EventFact], ...]) -> str:
    """An example's events as ``pricing_page_view=2@3`` (2 events, the last 3 days ago), ``;``-separated."""
    return "; ".join(f"{k}={f.count}@{f.days_ago:g}" for k, f in events)


def events_from_text(text: str) -> tuple[tuple[str, EventFact], ...]:
    """Read ``pricing_page_view=2@3; demo_request=1`` (count, then ``@`` days ago, default 0)."""
    allowed = "allowed: event=count@days_ago pairs separated by ';', e.g. pricing_page_view=2@3"
    out: list[tuple[str, EventFact]] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        name, found, rest = part.partition("=")
        count_text, _, days_text = rest.partition("@")
        try:
            count = int(count_text.strip()) if found else 1
            days = float(days_text.strip()) if days_text.strip() else 0.0
        except ValueError:
            raise ValidationError.single("events", part, allowed) from None
        if not name.strip():
            raise ValidationError.single("events", part, allowed)
        out.append((event_key(name), EventFact(count, days)))
    return tuple(out)


# -- readable labels (the stored codes stay as they are) ----------------------------------------
#: How a user reads a field name; any other field is its name with spaces, capitalised.
FIELD_LABELS = {
    "company_size": "Company size",
    "annual_revenue": "Annual revenue",
    "job_title": "Job title",
    "email": "E-mail",
    "lead_id": "Lead ID",
    "lifecycle_stage": "Lifecycle stage",
    "created": "Create date",
}
#: How a user reads an operator (numbers take symbols).
OPERATOR_LABELS = {
    "equals": "is",
    "not_equals": "is not",
    "in": "is one of",
    "not_in": "is none of",
    "contains": "contains",
    "not_contains": "does not contain",
    "starts_with": "starts with",
    "ends_with": "ends with",
    "gte": "≥",
    "lte": "≤",
    "between": "between",
    "is_blank": "is blank",
    "not_blank": "is not blank",
}
#: Event types as a user reads them (counted, so plural); any other is its name with spaces.
EVENT_LABELS = {
    "pricing_page_view": "Pricing page views",
    "demo_request": "Demo requests",
    "contact_request": "Contact requests",
    "webinar_attended": "Webinars attended",
    "content_download": "Content downloads",
    "email_click": "E-mail clicks",
    "email_open": "E-mail opens",
    "form_submission": "Form submissions",
    "trial_signup": "Trial sign-ups",
    "free_trial": "Free trials",
}
#: Who owns a lead in a stage, as a user reads it.
OWNER_LABELS = {owner: owner.capitalize() for owner in OWNERS}
#: An example's expectation or a lead's level, as a user reads it.
OUTCOME_LABELS = {"sql": "SQL", "mql": "MQL", "not_qualified": "Not qualified", "not qualified": "Not qualified"}
#: When a recycle rule applies, as a user reads it.
RECYCLE_TRIGGER_LABELS = {
    "rejected": "Rejected by sales",
    "no_contact": "No contact made",
    "closed_lost": "Closed lost",
    "unresponsive": "Unresponsive",
}


def field_label(name: str) -> str:
    """``company_size`` -> ``Company size``."""
    return FIELD_LABELS.get(name) or humanise(name)


def _value_text(value: Value, numeric: bool) -> str:
    if numeric and isinstance(value, (int, float)):
        number = float(value)
        return f"{int(number):,}" if number.is_integer() else f"{number:,}"
    return str(value)


def describe_criterion(condition: Condition) -> str:
    """A fit or disqualifier condition as a user reads it: ``Company size ≥ 1,000``,
    ``Industry is one of Retail, Banking``, ``Company size between 50 and 199``."""
    numeric = condition.operator in NUMBER_OPERATORS
    values = [_value_text(v, numeric) for v in condition.values]
    op = OPERATOR_LABELS.get(condition.operator) or humanise(condition.operator).lower()
    if condition.operator == "between" and len(values) == 2:
        text = f"{values[0]} and {values[1]}"
    elif condition.operator in ("contains", "not_contains", "starts_with", "ends_with"):
        text = " or ".join(f"“{v}”" for v in values)
    else:
        text = ", ".join(values)
    return f"{field_label(condition.field)} {op} {text}".strip()


def event_label(event: str) -> str:
    """``pricing_page_view`` -> ``Pricing page views``."""
    return EVENT_LABELS.get(event) or humanise(event)


def hand_raise_label(event: str) -> str:
    """One fast-lane event as a user reads it: ``demo_request`` -> ``demo request``."""
    return event.replace("_", " ").strip()


def fast_lane_text(events: Iterable[str]) -> str:
    """The fast lane's events as a user reads them: ``("demo_request",)`` -> ``Demo request``."""
    return ", ".join(humanise(event) for event in events)


def fast_lane_from_text(text: str) -> tuple[str, ...]:
    """The events typed for the fast lane (words or codes, separated by commas) as stored codes:
    ``Demo request, contact requests`` -> ``("demo_request", "contact_request")``."""
    return tuple(dict.fromkeys(event_key(part) for part in split_list(text)))


def describe_behaviour(criterion: BehaviourCriterion) -> str:
    """``Pricing page views at least 2× within 30 days``."""
    return f"{event_label(criterion.event)} at least {criterion.min_count}× within {criterion.within_days:g} days"


def outcome_label(code: str) -> str:
    """``sql`` -> ``SQL``, ``not_qualified`` -> ``Not qualified``."""
    return OUTCOME_LABELS.get(code.casefold()) or humanise(code)


def owner_label(code: str) -> str:
    """``marketing`` -> ``Marketing``."""
    return OWNER_LABELS.get(code) or humanise(code)


def recycle_trigger_label(code: str) -> str:
    """``no_contact`` -> ``No contact made``."""
    return RECYCLE_TRIGGER_LABELS.get(code) or humanise(code)
