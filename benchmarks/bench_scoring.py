"""Speed of the qualification definitions (issue 4): import and score 100,000 leads.

Builds a 100,000-row HubSpot-like CSV by repeating the rows of ``slaplanner/resources/sample-leads.csv``
with fresh record IDs, then measures, excluding imports and the file build:

* ``import``: :func:`slaplanner.imports.leads.read_leads` (parse, dates, formula check);
* ``score``: :func:`slaplanner.engine.scoring.score_table` with the sample plan's definitions
  (8 fit criteria, 4 behaviour criteria with decay, 3 disqualifiers, a fast lane);
* ``summarise``: scoring plus counts per stage, month and source.

Run:  .venv/bin/python benchmarks/bench_scoring.py  (prints best and median of 5 runs, ms).
The requirement is 100,000 rows scored in under 2 s; figures are in ``docs/definitions.md``.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from slaplanner.engine.scoring import score_table, summarise
from slaplanner.imports.leads import read_leads
from slaplanner.plan.model import Plan
from slaplanner.samples import sample_leads_path, sample_plan_text

ROWS = 100_000
RUNS = 5


def build_csv(path: Path, rows: int = ROWS) -> None:
    text = sample_leads_path().read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    body = [row for row in reader if row[12]]  # the sample's rows with a create date
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for i in range(rows):
            row = list(body[i % len(body)])
            row[0] = str(1_000_000 + i)
            writer.writerow(row)


def measure(label: str, func: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label:<28} best {min(times):8.1f} ms   median {statistics.median(times):8.1f} ms")
    return min(times)


def main() -> None:
    plan = Plan.from_dict(json.loads(sample_plan_text()))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "leads-100k.csv"
        build_csv(path)
        print(f"{ROWS:,} rows, {path.stat().st_size / 1e6:.1f} MB")
        imported = read_leads(path)
        assert len(imported.table) == ROWS
        measure("import (read_leads)", lambda: read_leads(path))
        best = measure("score (score_table)", lambda: score_table(imported.table, plan.definitions))
        measure("score + counts (summarise)", lambda: summarise(plan, imported))
        print(f"requirement: score 100,000 rows in < 2000 ms: {'met' if best < 2000 else 'NOT met'}")


if __name__ == "__main__":
    main()
