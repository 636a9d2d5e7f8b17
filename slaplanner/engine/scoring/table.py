"""Scoring a lead table: each lead's fit and behaviour points, disqualifiers, fast lane and level.

The rules are in :mod:`slaplanner.engine.scoring`. A condition is evaluated once per distinct
cell value of its field (:class:`LeadColumns`), then spread to the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from slaplanner.imports.leads import LeadTable, crm_number
from slaplanner.plan.definitions import BLANK_OPERATORS, NUMBER_OPERATORS, Condition, Definitions

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


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


class LeadColumns:
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
            value = crm_number(text)
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
    columns = LeadColumns(table)
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
