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

The modules, one concept each:

* :mod:`.table`: scoring a lead table (conditions, fit, behaviour, disqualifiers, fast lane).
* :mod:`.stages`: the plan's stages against the CRM's recorded stages, as a waterfall.
* :mod:`.summary`: counts per stage, month and source, and the observed rates.
* :mod:`.examples`: the definition's example leads, scored and explained.
* :mod:`.history`: a plan's volumes and rates taken from the scored history.
"""

from slaplanner.engine.scoring.examples import EXAMPLE_DAY, LEVELS, ExampleResult, check_examples
from slaplanner.engine.scoring.history import plan_with_history, wilson_interval
from slaplanner.engine.scoring.stages import STAGE_RANKS, recorded_stages, stage_indices, stage_masks, stage_ranks
from slaplanner.engine.scoring.summary import NO_SOURCE, ScoreSummary, summarise
from slaplanner.engine.scoring.table import BoolArray, FloatArray, ScoredLeads, reference_days, score_table

__all__ = [
    "EXAMPLE_DAY",
    "LEVELS",
    "NO_SOURCE",
    "STAGE_RANKS",
    "BoolArray",
    "ExampleResult",
    "FloatArray",
    "ScoreSummary",
    "ScoredLeads",
    "check_examples",
    "plan_with_history",
    "recorded_stages",
    "reference_days",
    "score_table",
    "stage_indices",
    "stage_masks",
    "stage_ranks",
    "summarise",
    "wilson_interval",
]
