"""The plan's stages against the CRM's: where the MQL and SQL stages are, how far each lead got.

Stage counts are a waterfall (each stage within the one above); see :mod:`slaplanner.engine.scoring`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from slaplanner.engine.scoring.table import BoolArray
from slaplanner.errors import ValidationError
from slaplanner.imports.leads import LeadTable, RowProblem
from slaplanner.plan.definitions import Definitions

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


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


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
