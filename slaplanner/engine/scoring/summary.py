"""What a definition produces on a lead export: counts per stage, month and source, and the rates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from slaplanner.engine.scoring.stages import recorded_stages, stage_indices, stage_masks
from slaplanner.engine.scoring.table import score_table
from slaplanner.imports.leads import LeadImport, RowProblem
from slaplanner.plan.definitions import Definitions
from slaplanner.plan.model import Plan

NO_SOURCE = "(no source)"


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
