"""How long ``slaplanner export`` takes for the sample plan: all three files, and each part.

Run: ``.venv/bin/python benchmarks/bench_export.py [--repeat 3] [--runs N] (default: the app's DEFAULT_RUNS)``.
Prints the machine and, for the best of ``--repeat`` rounds, the seconds spent computing the
results (funnel per scenario, conflicts, examples, a seeded simulation of ``--runs`` runs),
building the document model (with its charts), writing the .docx, the .pdf and the .xlsx,
and the total. The budget (issue 6) is 3 seconds for all three exports.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from slaplanner.engine.simulation import DEFAULT_RUNS  # noqa: E402
from slaplanner.exports.document import build_document  # noqa: E402
from slaplanner.exports.docx import write_docx  # noqa: E402
from slaplanner.exports.pdf import write_pdf  # noqa: E402
from slaplanner.exports.workbook import write_workbook  # noqa: E402
from slaplanner.results import ResultSettings, compute_results  # noqa: E402
from slaplanner.samples import sample_plan_path  # noqa: E402
from slaplanner.storage import load_plan  # noqa: E402

BUDGET_SECONDS = 3.0


def one_round(plan_path: Path, folder: Path, runs: int) -> dict[str, float]:
    times: dict[str, float] = {}
    start = mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        times[name] = now - mark
        mark = now

    plan = load_plan(plan_path)
    lap("load plan")
    results = compute_results(plan, ResultSettings(runs=runs))
    lap(f"results (simulation {runs} runs)")
    document = build_document(plan, results)
    lap("document model and charts")
    write_docx(document, folder / "sla.docx")
    lap("write .docx")
    write_pdf(document, folder / "sla.pdf")
    lap("write .pdf")
    write_workbook(plan, folder / "sla.xlsx", results)
    lap("write .xlsx")
    times["total"] = time.perf_counter() - start
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    parser.add_argument("--plan", type=Path, default=sample_plan_path())
    args = parser.parse_args()
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        rounds = [one_round(args.plan, Path(tmp), args.runs) for _ in range(args.repeat)]
        sizes = {p.suffix: p.stat().st_size for p in Path(tmp).iterdir()}
    best = min(rounds, key=lambda r: r["total"])
    first = rounds[0]["total"]
    for name, seconds in best.items():
        print(f"{name:<34}{seconds:8.3f} s")
    print(f"{'first round (cold imports)':<34}{first:8.3f} s")
    print("file sizes: " + ", ".join(f"{ext} {size / 1024:.0f} KiB" for ext, size in sorted(sizes.items())))
    verdict = "within" if best["total"] < BUDGET_SECONDS else "OVER"
    print(f"{verdict} the {BUDGET_SECONDS:g} s budget")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
