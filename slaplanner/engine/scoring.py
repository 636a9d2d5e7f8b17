"""Apply qualification definitions to leads: scores, MQL/SQL, counts per stage and month.

The rules (also in ``docs/definitions.md``):

* score = sum of the fit points whose condition matches + behaviour points. A behaviour
  criterion gives its points when the lead has at least ``min_count`` events of its type and
  the last one is at most ``within_days`` old, times ``0.5 ** (age / half_life_days)``
  (no decay when the half-life is 0). Age is counted to ``as_of`` or, without it, to the
  lead's own latest date (create date or any event), i.e. the lead is judged at its last
  activity. An event with no date known counts as recent (age 0).
* A disqualified lead (any disqualifier matches) is never MQL or SQL.
* MQL at ``score >= mql_threshold``; SQL at ``score >= sql_threshold`` or on any fast-lane
  event (a hand-raiser), which also counts it as MQL.
* Stage counts follow the plan's stages as a waterfall: every lead is in the first stage;
  the MQL and SQL stages come from the definition; stages between them (SAL) count SQLs plus
  MQLs the CRM recorded as at least that far; stages after SQL count SQLs the CRM recorded
  as at least that far (opportunity, won). Each stage is thus a subset of the one above.
* Leads count in the month they were created (cohort view, as in :mod:`slaplanner.engine.funnel`).

Everything is vectorised: a condition is evaluated once per distinct cell value, then spread
to the rows, so 100,000 leads score in well under a second (``benchmarks/bench_scoring.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from slaplanner.errors import ValidationError
from slaplanner.imports.leads import LeadImport, LeadTable, RowProblem, parse_number
from slaplanner.plan.definitions import (
    BLANK_OPERATORS,
    NUMBER_OPERATORS,
    Condition,
    Definitions,
    Example,
    describe_behaviour,
    describe_criterion,
    hand_raise_label,
)
from slaplanner.plan.model import LeadSource, Plan, RateRange

LEVELS = ("not qualified", "MQL", "SQL")
NO_SOURCE = "(no source)"
EXAMPLE_DAY = np.datetime64("2026-01-01", "D")

#: CRM lifecycle / status values -> how far down the funnel they are
#: (0 lead, 1 MQL, 2 SAL, 3 SQL, 4 opportunity, 5 won). Keys are lower case letters and digits.
STAGE_RANKS: dict[str, float] = {
    **dict.fromkeys(
        (
            "lead",
            "leads",
            "subscriber",
            "new",
            "open",
            "opennotcontacted",
            "inquiry",
            "contact",
            "other",
            "prospect",
            "disqualified",
            "unqualified",
            "closednotconverted",
            "recycled",
            "nurture",
            "nurturing",
        ),
        0.0,
    ),
    **dict.fromkeys(("mql", "marketingqualifiedlead", "marketingqualified"), 1.0),
    **dict.fromkeys(("sal", "salesacceptedlead", "salesaccepted", "accepted", "workingcontacted", "working"), 2.0),
    **dict.fromkeys(("sql", "salesqualifiedlead", "salesqualified", "qualified", "closedconverted", "converted"), 3.0),
    **dict.fromkeys(("opportunity", "opportunities", "opp", "closedlost", "lost"), 4.0),
    **dict.fromkeys(("customer", "won", "closedwon", "evangelist", "client"), 5.0),
}

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


def count_text(n: int, singular: str, plural: str | None = None) -> str:
    """``1 row``, ``2 rows``, ``1,200 rows``: a count with its noun in the right number."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


@dataclass(frozen=True, eq=False)
class ScoredLeads:
    """Per-lead results, aligned with the table's rows.

    ``level`` is 0 (not qualified), 1 (MQL) or 2 (SQL); ``points`` (when asked for) holds one
    row per criterion, fit first then behaviour, in the definition's order.
    """

    score: FloatArray
    level: npt.NDArray[np.int8]
    disqualified: BoolArray
    fast_lane: BoolArray
    points: FloatArray | None = None


class _Columns:
    """Distinct-value views of the table's text fields, computed once per scoring run."""

    def __init__(self, table: LeadTable) -> None:
        self.table = table
        self._views: dict[str, tuple[npt.NDArray[Any], npt.NDArray[np.intp]]] = {}
        self.missing: set[str] = set()

    def view(self, name: str) -> tuple[npt.NDArray[Any], npt.NDArray[np.intp]]:
        if name not in self._views:
            if name == "source":
                column = self.table.source
            elif name == "lifecycle_stage":
                column = self.table.stage
            elif name in self.table.fields:
                column = self.table.fields[name]
            else:
                self.missing.add(name)
                column = np.full(len(self.table), "", dtype=object)
            index: dict[str, int] = {}
            inverse = [index.setdefault(str(cell), len(index)) for cell in column.tolist()]
            self._views[name] = (np.array(list(index), dtype=object), np.array(inverse, dtype=np.intp))
        return self._views[name]

    def match(self, condition: Condition) -> BoolArray:
        uniques, inverse = self.view(condition.field)
        test = _condition_test(condition)
        hits = np.fromiter((test(str(u)) for u in uniques), dtype=bool, count=len(uniques))
        return hits[inverse] if len(inverse) else np.zeros(0, dtype=bool)


def _condition_test(condition: Condition) -> Callable[[str], bool]:
    op = condition.operator
    if op in BLANK_OPERATORS:
        want_blank = op == "is_blank"
        return lambda text: (not text.strip()) == want_blank
    if op in NUMBER_OPERATORS:
        low = float(condition.values[0])
        high = float(condition.values[-1])

        def number_test(text: str) -> bool:
            value = parse_number(text)
            if value is None:
                return False
            if op == "gte":
                return value >= low
            if op == "lte":
                return value <= low
            return low <= value <= high

        return number_test
    values = tuple(str(v).strip().casefold() for v in condition.values)
    tests: dict[str, Callable[[str], bool]] = {
        "equals": lambda t: t in values,
        "in": lambda t: t in values,
        "not_equals": lambda t: t not in values,
        "not_in": lambda t: t not in values,
        "contains": lambda t: any(v in t for v in values),
        "not_contains": lambda t: not any(v in t for v in values),
        "starts_with": lambda t: t.startswith(values),
        "ends_with": lambda t: t.endswith(values),
    }
    inner = tests[op]
    return lambda text: inner(text.strip().casefold())


def reference_days(table: LeadTable, as_of: np.datetime64 | None = None) -> npt.NDArray[np.datetime64]:
    """The day each lead is judged at: ``as_of``, or its latest known date (creation or any event)."""
    if as_of is not None:
        return np.full(len(table), as_of, dtype="datetime64[D]")
    ref = table.created.astype("datetime64[D]").copy()
    for last in table.event_last.values():
        ref = np.fmax(ref, last)
    return ref


def score_table(
    table: LeadTable, definitions: Definitions, *, as_of: np.datetime64 | None = None, detail: bool = False
) -> ScoredLeads:
    """Score every lead of ``table`` under ``definitions`` (see the module docstring)."""
    n = len(table)
    columns = _Columns(table)
    score = np.zeros(n, dtype=np.float64)
    rows: list[FloatArray] = []
    for criterion in definitions.fit:
        pts = np.where(columns.match(criterion), criterion.points, 0.0)
        score += pts
        if detail:
            rows.append(pts)
    ref = reference_days(table, as_of)
    for rule in definitions.behaviour:
        counts = table.event_counts.get(rule.event)
        if counts is None:
            pts = np.zeros(n, dtype=np.float64)
        else:
            last = table.event_last.get(rule.event)
            if last is None:
                age = np.zeros(n, dtype=np.float64)
            else:
                age = (ref - last).astype("timedelta64[D]").astype(np.float64)
                age = np.where(np.isnat(last), 0.0, np.maximum(age, 0.0))
            ok = (counts >= rule.min_count) & (age <= rule.within_days)
            decay = np.exp2(-age / rule.half_life_days) if rule.half_life_days > 0 else 1.0
            pts = np.where(ok, rule.points * decay, 0.0)
        score += pts
        if detail:
            rows.append(pts)
    disqualified = np.zeros(n, dtype=bool)
    for disqualifier in definitions.disqualifiers:
        disqualified |= columns.match(disqualifier)
    fast = np.zeros(n, dtype=bool)
    for event in definitions.fast_lane_events:
        counts = table.event_counts.get(event)
        if counts is not None:
            fast |= counts >= 1
    level = np.zeros(n, dtype=np.int8)
    level[score >= definitions.mql_threshold] = 1
    level[(score >= definitions.sql_threshold) | fast] = 2
    level[disqualified] = 0
    points = np.vstack(rows) if detail and rows else (np.zeros((0, n)) if detail else None)
    return ScoredLeads(
        score=score, level=level, disqualified=disqualified, fast_lane=fast & ~disqualified, points=points
    )


def stage_indices(plan_stages: tuple[str, ...], definitions: Definitions) -> tuple[int, int]:
    """The positions of the MQL and SQL stages in the plan's stages (checked)."""
    names = [s.casefold() for s in plan_stages]
    allowed = "allowed: one of the plan's stages after the first: " + ", ".join(plan_stages[1:])
    problems = []
    if definitions.mql_stage.casefold() not in names[1:]:
        problems.append(("definitions.mql_stage", definitions.mql_stage, allowed))
    if definitions.sql_stage.casefold() not in names[1:]:
        problems.append(("definitions.sql_stage", definitions.sql_stage, allowed))
    if problems:
        raise ValidationError.single(*problems[0])
    mi, si = names.index(definitions.mql_stage.casefold()), names.index(definitions.sql_stage.casefold())
    if si < mi:
        raise ValidationError.single(
            "definitions.sql_stage", definitions.sql_stage, "allowed: a stage after the MQL stage"
        )
    return mi, si


def stage_ranks(plan_stages: tuple[str, ...], definitions: Definitions) -> list[float]:
    """How far down the funnel each plan stage is, on the scale of :data:`STAGE_RANKS`."""
    mi, si = stage_indices(plan_stages, definitions)
    ranks: list[float] = []
    for i, name in enumerate(plan_stages):
        if i == 0:
            rank = 0.0
        elif i == mi:
            rank = 1.0
        elif i == si:
            rank = 3.0
        else:
            rank = STAGE_RANKS.get(_key(name), ranks[-1] + 0.5)
            rank = max(rank, ranks[-1])
        ranks.append(rank)
    return ranks


def recorded_stages(
    table: LeadTable, plan_stages: tuple[str, ...], definitions: Definitions
) -> tuple[npt.NDArray[np.int64], tuple[RowProblem, ...]]:
    """The furthest plan stage the CRM recorded for each lead, and a warning per unknown value."""
    ranks = stage_ranks(plan_stages, definitions)
    by_name = {_key(s): ranks[i] for i, s in enumerate(plan_stages)}
    uniques, inverse = np.unique(table.stage.astype(str), return_inverse=True)
    inverse = inverse.reshape(-1)
    index = np.zeros(len(uniques), dtype=np.int64)
    unknown = np.zeros(len(uniques), dtype=bool)
    for u, value in enumerate(uniques):
        k = _key(str(value))
        if not k:
            continue
        rank = by_name.get(k, STAGE_RANKS.get(k))
        if rank is None:
            unknown[u] = True
            continue
        index[u] = max(i for i, r in enumerate(ranks) if r <= rank)
    warnings = tuple(
        RowProblem(
            int(row),
            "lifecycle stage",
            f"{str(uniques[u])!r} is not a stage SLA Planner knows; "
            f"read as {plan_stages[0]!r} (allowed: {', '.join(plan_stages)} or a HubSpot/Salesforce stage)",
        )
        for row, u in zip(table.rows[unknown[inverse]], inverse[unknown[inverse]], strict=True)
    )
    return index[inverse], warnings


def stage_masks(
    level: npt.NDArray[np.int8], recorded: npt.NDArray[np.int64], plan_stages: tuple[str, ...], definitions: Definitions
) -> list[BoolArray]:
    """One mask per plan stage: the leads that reached it (a waterfall: each within the one above)."""
    mi, si = stage_indices(plan_stages, definitions)
    masks: list[BoolArray] = []
    for i in range(len(plan_stages)):
        if i == 0:
            mask = np.ones(len(level), dtype=bool)
        elif i < mi:
            mask = (level >= 1) | (recorded >= i)
        elif i == mi:
            mask = level >= 1
        elif i < si:
            mask = (level >= 2) | ((level >= 1) & (recorded >= i))
        elif i == si:
            mask = level >= 2
        else:
            mask = (level >= 2) & (recorded >= i)
        masks.append(mask & masks[-1] if masks else mask)
    return masks


@dataclass(frozen=True)
class ScoreSummary:
    """What a definition produces on a lead export. Immutable.

    ``counts[stage][month]`` and ``by_source[source][stage][month]`` are lead counts; ``rates[i]``
    the conversion from stage i to i + 1 over all months (None where the stage above is empty).
    """

    months: tuple[str, ...]
    stages: tuple[str, ...]
    counts: dict[str, tuple[int, ...]]
    by_source: dict[str, dict[str, tuple[int, ...]]]
    rates: tuple[float | None, ...]
    source_rates: dict[str, tuple[float | None, ...]]
    leads_scored: int
    disqualified: int
    fast_lane: int
    rejected_rows: tuple[RowProblem, ...]
    warnings: tuple[RowProblem, ...]
    formula_cells: tuple[RowProblem, ...]
    missing_fields: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "months": list(self.months),
            "stages": list(self.stages),
            "counts": {s: list(v) for s, v in self.counts.items()},
            "by_source": {src: {s: list(v) for s, v in st.items()} for src, st in self.by_source.items()},
            "rates": list(self.rates),
            "source_rates": {src: list(r) for src, r in self.source_rates.items()},
            "leads_scored": self.leads_scored,
            "disqualified": self.disqualified,
            "fast_lane": self.fast_lane,
            "rejected_rows": [p.to_dict() for p in self.rejected_rows],
            "warnings": [p.to_dict() for p in self.warnings],
            "formula_cells": [p.to_dict() for p in self.formula_cells],
            "missing_fields": list(self.missing_fields),
        }


def _rates(totals: list[int]) -> tuple[float | None, ...]:
    return tuple(totals[i + 1] / totals[i] if totals[i] else None for i in range(len(totals) - 1))


def summarise(
    plan: Plan, imported: LeadImport, *, definitions: Definitions | None = None, as_of: np.datetime64 | None = None
) -> ScoreSummary:
    """Score the imported leads with the plan's (or the given) definitions and count them."""
    definitions = definitions if definitions is not None else plan.definitions
    table = imported.table
    stages = plan.stages
    stage_indices(stages, definitions)
    scored = score_table(table, definitions, as_of=as_of)
    recorded, stage_warnings = recorded_stages(table, stages, definitions)
    masks = stage_masks(scored.level, recorded, stages, definitions)
    missing = tuple(
        sorted(
            {c.field for c in (*definitions.fit, *definitions.disqualifiers)}
            - set(table.fields)
            - {"source", "lifecycle_stage"}
        )
    )
    if len(table):
        month_numbers = table.created.astype("datetime64[M]").astype(np.int64)
        first, last = int(month_numbers.min()), int(month_numbers.max())
    else:
        month_numbers = np.zeros(0, dtype=np.int64)
        first, last = 0, -1
    n_months = last - first + 1
    months = tuple(str(np.datetime64(m, "M")) for m in range(first, last + 1))
    month_idx = month_numbers - first

    plan_names = {s.name.casefold(): s.name for s in plan.sources}
    raw_sources, src_inverse = np.unique(table.source.astype(str), return_inverse=True)
    src_inverse = src_inverse.reshape(-1)
    names = [plan_names.get(str(s).strip().casefold(), str(s).strip() or NO_SOURCE) for s in raw_sources]
    plan_order = [s.name for s in plan.sources]
    order = sorted(
        set(names), key=lambda s: (plan_order.index(s) if s in plan_order else len(plan_order), s.casefold())
    )
    src_of_raw = np.array([order.index(nm) for nm in names], dtype=np.int64)
    src_idx = src_of_raw[src_inverse] if len(src_inverse) else np.zeros(0, dtype=np.int64)
    n_src = len(order)

    counts: dict[str, tuple[int, ...]] = {}
    by_source: dict[str, dict[str, tuple[int, ...]]] = {s: {} for s in order}
    for name, mask in zip(stages, masks, strict=True):
        per_month = np.bincount(month_idx[mask], minlength=n_months) if n_months else np.zeros(0, dtype=np.int64)
        counts[name] = tuple(int(v) for v in per_month)
        cells = np.bincount(src_idx[mask] * n_months + month_idx[mask], minlength=n_src * n_months)
        grid = cells.reshape(n_src, n_months) if n_months else np.zeros((n_src, 0), dtype=np.int64)
        for s, src in enumerate(order):
            by_source[src][name] = tuple(int(v) for v in grid[s])
    rates = _rates([sum(counts[s]) for s in stages])
    source_rates = {src: _rates([sum(by_source[src][s]) for s in stages]) for src in order}
    return ScoreSummary(
        months=months,
        stages=stages,
        counts=counts,
        by_source=by_source,
        rates=rates,
        source_rates=source_rates,
        leads_scored=len(table),
        disqualified=int(scored.disqualified.sum()),
        fast_lane=int(scored.fast_lane.sum()),
        rejected_rows=imported.rejected,
        warnings=imported.warnings + stage_warnings,
        formula_cells=imported.formula_cells,
        missing_fields=missing,
    )


# -- examples --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExampleResult:
    """How one example lead came out: ``passed`` when it matched ``expect``; ``reasons`` explains."""

    name: str
    expect: str
    passed: bool
    level: str
    score: float
    reasons: tuple[str, ...]
    #: The hand-raise events that made it an SQL when its score alone did not (the fast lane).
    hand_raise: tuple[str, ...] = ()

    def outcome(self) -> str:
        """What the definition gives, as a user reads it: ``MQL (score 70)``, ``Not qualified
        (score 15)``, or ``SQL (demo request — fast lane)`` when a hand-raise made it an SQL."""
        if self.level == "SQL" and self.hand_raise:
            return f"SQL ({', '.join(hand_raise_label(e) for e in self.hand_raise)} — fast lane)"
        level = self.level[:1].upper() + self.level[1:]
        return f"{level} (score {self.score:.0f})"


def _example_table(examples: tuple[Example, ...]) -> LeadTable:
    from slaplanner.imports.leads import table_from_records

    records: list[dict[str, Any]] = []
    for ex in examples:
        record: dict[str, Any] = dict(ex.fields)
        record["events"] = {
            key: (fact.count, str(EXAMPLE_DAY - np.timedelta64(math.ceil(fact.days_ago), "D")))
            for key, fact in ex.events
        }
        record["created"] = str(EXAMPLE_DAY)
        records.append(record)
    # The table holds whole days: a fractional ``days_ago`` is rounded up (read as older).
    return table_from_records(records, created=str(EXAMPLE_DAY))


def check_examples(definitions: Definitions) -> tuple[ExampleResult, ...]:
    """Score every example lead of ``definitions`` and say whether it came out as expected.

    Examples are judged as of the day they describe (``days_ago`` counts back from it).
    """
    examples = definitions.examples
    if not examples:
        return ()
    table = _example_table(examples)
    scored = score_table(table, definitions, as_of=EXAMPLE_DAY, detail=True)
    assert scored.points is not None
    labels = [f"fit: {describe_criterion(c)}" for c in definitions.fit] + [
        f"behaviour: {describe_behaviour(b)}" for b in definitions.behaviour
    ]
    columns = _Columns(table)
    disq = [columns.match(d) for d in definitions.disqualifiers]
    results = []
    for i, ex in enumerate(examples):
        level = int(scored.level[i])
        passed = {"sql": level == 2, "mql": level >= 1, "not_qualified": level == 0}[ex.expect]
        reasons = [f"{labels[k]}: {scored.points[k, i]:+g} points" for k in range(len(labels)) if scored.points[k, i]]
        reasons.append(
            f"score {scored.score[i]:g} (MQL at {definitions.mql_threshold:g}, SQL at {definitions.sql_threshold:g})"
        )
        hand_raise: tuple[str, ...] = ()
        if scored.fast_lane[i]:
            lane = {e.casefold() for e in definitions.fast_lane_events}
            hand_raise = tuple(k for k, fact in ex.events if k.casefold() in lane and fact.count > 0)
            reasons.append("fast lane: a hand-raise event makes it an SQL")
        for d, hit in zip(definitions.disqualifiers, disq, strict=True):
            if hit[i]:
                reasons.append(f"disqualified: {d.reason or describe_criterion(d)}")
        results.append(
            ExampleResult(
                name=ex.name,
                expect=ex.expect,
                passed=bool(passed),
                level=LEVELS[level],
                score=float(scored.score[i]),
                reasons=tuple(reasons),
                hand_raise=hand_raise if level == 2 and scored.score[i] < definitions.sql_threshold else (),
            )
        )
    return tuple(results)


# -- into the plan ---------------------------------------------------------------------------


def wilson_interval(successes: int, trials: int, z: float = 1.6449) -> tuple[float, float, float]:
    """(low, rate, high): the observed rate and its Wilson score interval (90 % by default)."""
    if trials <= 0:
        raise ValueError("trials must be positive")
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return max(0.0, min(p, centre - half)), p, min(1.0, max(p, centre + half))


def _history_value(history: dict[str, int], month: str) -> float:
    same = sorted(m for m in history if m[5:] == month[5:])
    if not same:
        return float(sum(history.values()) / len(history)) if history else 0.0
    earlier = [m for m in same if m <= month]
    return float(history[(earlier or same)[-1]])


def plan_with_history(plan: Plan, summary: ScoreSummary, *, volumes: bool = True) -> Plan:
    """The plan with each source's volumes and rates taken from the scored history.

    For every plan source the export has leads for: monthly volumes are the lead counts of the
    same calendar month (the latest year of history on or before that plan month, else the
    latest year); each conversion rate is the observed rate with a 90 % Wilson interval as
    low/high (a transition with no leads above keeps the plan's rate). Sources the export
    lacks are left as they were. With ``volumes=False`` only the rates are taken and every
    source keeps its volumes (an export that covers part of the leads). Apply it as
    ``Edit((), new_plan)`` so it can be undone.
    """
    sources: list[LeadSource] = []
    for src in plan.sources:
        stages = summary.by_source.get(src.name)
        if stages is None or not any(stages[plan.stages[0]]):
            sources.append(src)
            continue
        lead_history = dict(zip(summary.months, stages[plan.stages[0]], strict=True))
        history = tuple(_history_value(lead_history, m) for m in plan.months)
        totals = [sum(stages[s]) for s in plan.stages]
        rates = []
        for i, old in enumerate(src.conversion):
            if totals[i] > 0:
                low, likely, high = wilson_interval(totals[i + 1], totals[i])
                rates.append(RateRange(round(low, 4), round(likely, 4), round(high, 4)))
            else:
                rates.append(old)
        if volumes:
            sources.append(replace(src, volume_mode="monthly", monthly_leads=history, conversion=tuple(rates)))
        else:
            sources.append(replace(src, conversion=tuple(rates)))
    return replace(plan, sources=tuple(sources))
