"""Speed of team databases (issue 12): open an agreement with 50 versions, list 1,000 agreements.

Against a local PostgreSQL: a throwaway cluster started like the tests' (``tests/conftest_pg.py``:
Debian's ``postgresql``, initdb in a temporary folder, stopped afterwards), or an existing
database given as ``--url postgresql://USER@HOST:PORT/DATABASE`` (an empty one: the benchmark
adds its agreements; the password from PGPASSWORD or ~/.pgpass). Run:

    .venv/bin/python benchmarks/bench_team_database.py

Prints the best and the median of repeated runs in milliseconds, imports excluded. "cold"
connects anew each time (what a command or the window's Open does); "warm" reuses the open
store's connection (the window's reload after a conflict).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from slaplanner.agreement.model import add_version, new_agreement  # noqa: E402
from slaplanner.plan.model import Plan  # noqa: E402
from slaplanner.storage import database as db  # noqa: E402
from slaplanner.storage import open_location  # noqa: E402
from slaplanner.storage.agreements import insert_agreement, list_agreements  # noqa: E402

TARGET_MS = 300.0


def timed(work: Callable[[], object], repeat: int = 15) -> tuple[float, float]:
    work()  # warm up (imports, the server's caches)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def run(url: str) -> list[tuple[str, float, float]]:
    plan = Plan.from_dict(json.loads((ROOT / "slaplanner" / "resources" / "sample-plan.json").read_text()))
    agreement = new_agreement(plan, author="RevOps")
    for n in range(2, 51):
        changed = replace(plan, terms=replace(plan.terms, average_deal_size=20_000.0 + n))
        agreement = add_version(agreement, "Plan", changed, parent=n - 1, author=f"editor {n % 3}")
    location = f"{url}#Fifty versions"
    store = db.copy_into(agreement, location)
    assert len(store.read().proposal("Plan").versions) == 50
    rows: list[tuple[str, float, float]] = []
    rows.append(("open an agreement with 50 versions (cold: connect + read)", *timed(lambda: open_location(location))))
    rows.append(("open an agreement with 50 versions (warm connection)", *timed(store.read)))
    store.close()

    address = db.DatabaseAddress.from_url(url)
    engine = db.connect(address)
    with engine.begin() as conn:
        for i in range(999):
            insert_agreement(conn, replace(new_agreement(plan, author=f"author {i % 7}"), name=f"Agreement {i:04d}"))
    assert len(db.agreements_at(address)) == 1000
    rows.append(("list 1,000 agreements (cold: connect + list)", *timed(lambda: db.agreements_at(address))))

    def warm_list() -> object:
        with engine.connect() as conn:
            return list_agreements(conn)

    rows.append(("list 1,000 agreements (warm connection)", *timed(warm_list)))
    engine.dispose()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an empty database to use instead of a throwaway server")
    args = parser.parse_args()
    server = None
    url = args.url
    if url is None:
        from conftest_pg import SUPERUSER_PASSWORD, start_server

        server = start_server()
        os.environ["PGPASSWORD"] = SUPERUSER_PASSWORD
        url = server.url(server.new_database())
    try:
        rows = run(url)
    finally:
        if server is not None:
            server.stop()
    width = max(len(name) for name, _, _ in rows)
    for name, best, median in rows:
        verdict = "ok" if median < TARGET_MS else f"over the {TARGET_MS:.0f} ms target"
        print(f"{name:<{width}}  best {best:7.1f} ms  median {median:7.1f} ms  ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
