"""Generate ``slaplanner/resources/sample-leads.csv``: a HubSpot-like lead export for the sample plan.

Run ``python resources/make_sample_leads.py`` from the repository root; the output is the
same for the same seed. What it holds:

* leads created 2025-01-01 to 2026-09-30 (21 full months) from the 7 sources of
  ``sample-plan.json``, a tenth of the plan's volume (its baseline, seasonality and growth,
  Poisson noise; Trade shows by its monthly list);
* each lead's attributes and events are drawn so that, scored with the sample plan's own
  definitions, each source's share of MQLs and SQLs matches the plan's likely rates (lead to
  MQL, MQL to SAL times SAL to SQL); the recorded lifecycle stage then follows the plan's
  later rates (SAL, opportunity, customer);
* a few rows are messy on purpose, as real exports are: three without a create date (the
  importer rejects them with their row numbers) and two cells that look like formulas.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "slaplanner" / "resources"
sys.path.insert(0, str(ROOT))

from slaplanner.engine.scoring import score_table  # noqa: E402
from slaplanner.imports.leads import LeadTable  # noqa: E402
from slaplanner.plan.model import Plan  # noqa: E402

SEED = 20260401
SCALE = 0.1
FIRST, LAST = np.datetime64("2025-01", "M"), np.datetime64("2026-09", "M")
POOL = 60_000

HEADERS = [
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Company Name",
    "Job Title",
    "Seniority",
    "Industry",
    "Country/Region",
    "Number of Employees",
    "Annual Revenue",
    "Lead Source",
    "Create Date",
    "Lifecycle Stage",
    "Lead Status",
    "Number of Pricing Page Views",
    "Last Pricing Page View Date",
    "Number of Webinars Attended",
    "Last Webinar Attended Date",
    "Number of Content Downloads",
    "Last Content Download Date",
    "Number of Email Clicks",
    "Last Email Click Date",
    "Demo Request Date",
    "Contact Request Date",
    "Last Activity Date",
]
EVENTS = ("pricing_page_view", "webinar_attended", "content_download", "email_click", "demo_request", "contact_request")

FIRST_NAMES = (
    "Ana",
    "Ben",
    "Chloé",
    "Dev",
    "Elif",
    "Femi",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kai",
    "Lena",
    "Mateo",
    "Nora",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Vera",
    "Wei",
    "Yusuf",
)
LAST_NAMES = (
    "Andersen",
    "Baker",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Hughes",
    "Ito",
    "Jensen",
    "Kowalski",
    "López",
    "Müller",
    "Nakamura",
    "O'Brien",
    "Patel",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Weber",
)
COMPANY_WORDS = (
    "Alpine",
    "Blue",
    "Cedar",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Maple",
    "Nimbus",
    "Orchid",
    "Pioneer",
    "Quarry",
    "Ridge",
    "Summit",
    "Tidal",
)
COMPANY_KINDS = ("Labs", "Group", "Systems", "Retail", "Foods", "Health", "Capital", "Logistics", "Works", "GmbH")
SIZES = ((12, 0.25), (85, 0.3), (450, 0.28), (2400, 0.17))
GOOD_INDUSTRIES = ("Software", "Financial Services", "Retail", "Manufacturing", "Healthcare")
OTHER_INDUSTRIES = ("Education", "Government", "Non-profit", "Hospitality", "Media")
GOOD_COUNTRIES = ("United States", "Canada", "United Kingdom", "Germany", "France", "Netherlands")
OTHER_COUNTRIES = ("Brazil", "India", "Australia", "Spain", "Japan")
TITLES = {
    "C-level": ("Chief Data Officer", "CFO", "COO", "CEO"),
    "VP": ("VP Data & Analytics", "VP Finance", "VP Operations", "VP Sales"),
    "Director": ("Director of Analytics", "Finance Director", "Director, Business Intelligence", "IT Director"),
    "Manager": ("Analytics Manager", "Marketing Manager", "Data Engineering Manager", "Operations Manager"),
    "Individual contributor": ("Data Analyst", "Marketing Coordinator", "Accountant", "Data Engineer", "Student"),
}
SENIORITY = (("C-level", 0.06), ("VP", 0.1), ("Director", 0.17), ("Manager", 0.3), ("Individual contributor", 0.37))
FREE_MAIL = ("gmail.com", "outlook.com")


def choice(rng: np.random.Generator, options: tuple[tuple[object, float], ...]) -> object:
    values, weights = zip(*options, strict=True)
    return values[rng.choice(len(values), p=np.array(weights) / sum(weights))]


def candidate_pool(rng: np.random.Generator) -> list[dict[str, object]]:
    """Random leads (attributes and events relative to their create day) to draw from."""
    pool = []
    for _ in range(POOL):
        seniority = str(choice(rng, SENIORITY))
        title = str(rng.choice(TITLES[seniority]))
        free = rng.random() < 0.07
        events: dict[str, tuple[int, int]] = {}  # event -> (count, day after creation of the last one)
        if rng.random() < 0.35:
            events["pricing_page_view"] = (int(rng.integers(1, 5)), int(rng.integers(0, 40)))
        if rng.random() < 0.25:
            events["webinar_attended"] = (int(rng.integers(1, 3)), int(rng.integers(0, 40)))
        if rng.random() < 0.5:
            events["content_download"] = (int(rng.integers(1, 4)), int(rng.integers(0, 40)))
        if rng.random() < 0.4:
            events["email_click"] = (int(rng.integers(1, 7)), int(rng.integers(0, 40)))
        if rng.random() < 0.06:
            events["demo_request" if rng.random() < 0.7 else "contact_request"] = (1, int(rng.integers(0, 30)))
        pool.append(
            {
                "size": int(choice(rng, SIZES)) + int(rng.integers(0, 40)),
                "industry": str(rng.choice(GOOD_INDUSTRIES if rng.random() < 0.6 else OTHER_INDUSTRIES)),
                "country": str(rng.choice(GOOD_COUNTRIES if rng.random() < 0.7 else OTHER_COUNTRIES)),
                "seniority": seniority,
                "title": title,
                "free_mail": free,
                "events": events,
            }
        )
    return pool


def pool_levels(plan: Plan, pool: list[dict[str, object]]) -> np.ndarray:
    """Score the pool with the plan's definitions (every candidate created on one day)."""
    day = np.datetime64("2026-01-01", "D")
    n = len(pool)
    counts = {e: np.zeros(n) for e in EVENTS}
    lasts = {e: np.full(n, np.datetime64("NaT"), dtype="datetime64[D]") for e in EVENTS}
    for i, lead in enumerate(pool):
        for e, (count, after) in lead["events"].items():  # type: ignore[attr-defined]
            counts[e][i] = count
            lasts[e][i] = day + np.timedelta64(after, "D")
    table = LeadTable(
        rows=np.arange(n),
        created=np.full(n, day),
        source=np.full(n, "", dtype=object),
        stage=np.full(n, "", dtype=object),
        fields={
            "company_size": np.array([str(p["size"]) for p in pool], dtype=object),
            "industry": np.array([p["industry"] for p in pool], dtype=object),
            "country": np.array([p["country"] for p in pool], dtype=object),
            "seniority": np.array([p["seniority"] for p in pool], dtype=object),
            "job_title": np.array([p["title"] for p in pool], dtype=object),
            "email": np.array(["x@" + ("gmail.com" if p["free_mail"] else "corp.example") for p in pool], dtype=object),
            "company": np.array(["Example Co"] * n, dtype=object),
        },
        event_counts=counts,
        event_last=lasts,
    )
    return score_table(table, plan.definitions).level


def monthly_volume(plan: Plan, source_index: int, month: np.datetime64) -> float:
    src = plan.sources[source_index]
    calendar = int(str(month)[5:7])
    offset = int((month - np.datetime64(plan.start_month, "M")).astype(int))
    if src.volume_mode == "monthly":
        return src.monthly_leads[calendar - 1] * SCALE
    return src.baseline * src.seasonality[calendar - 1] * (1 + src.growth) ** offset * SCALE


def stage_label(rank: int, rng: np.random.Generator) -> tuple[str, str]:
    """A HubSpot lifecycle stage and lead status for how far the lead got (0 lead ... 5 won)."""
    if rank == 0:
        return ("Subscriber" if rng.random() < 0.2 else "Lead"), str(rng.choice(("New", "Open", "Unqualified")))
    return {
        1: ("Marketing Qualified Lead", "Open"),
        2: ("Sales Accepted Lead", "In Progress"),
        3: ("Sales Qualified Lead", "Connected"),
        4: ("Opportunity", "Connected"),
        5: ("Customer", "Connected"),
    }[rank]


def main() -> None:
    rng = np.random.default_rng(SEED)
    plan = Plan.from_dict(json.loads((RESOURCES / "sample-plan.json").read_text(encoding="utf-8")))
    pool = candidate_pool(rng)
    levels = pool_levels(plan, pool)
    buckets = {lvl: np.flatnonzero(levels == lvl) for lvl in (0, 1, 2)}
    rows = []
    record_id = 100_000
    months = np.arange(FIRST, LAST + 1)
    for s, src in enumerate(plan.sources):
        r = [c.likely for c in src.conversion]
        p_mql, p_sql_given_mql = r[0], r[1] * r[2]
        # Among MQLs that are not SQLs, the share the CRM records as accepted (SAL).
        p_sal_given_mql_only = (r[1] - r[1] * r[2]) / (1 - r[1] * r[2])
        for month in months:
            n = int(rng.poisson(monthly_volume(plan, s, month)))
            days = int((np.datetime64(month + 1, "D") - np.datetime64(month, "D")).astype(int))
            for _ in range(n):
                record_id += 1
                level = 0
                if rng.random() < p_mql:
                    level = 2 if rng.random() < p_sql_given_mql else 1
                lead = pool[int(rng.choice(buckets[level]))]
                if level == 2:
                    rank = 3
                    if rng.random() < r[3]:
                        rank = 5 if rng.random() < r[4] else 4
                elif level == 1:
                    rank = 2 if rng.random() < p_sal_given_mql_only else 1
                else:
                    rank = 3 if rng.random() < 0.02 else 0  # sales-sourced upgrades outside the definition
                created = np.datetime64(month, "D") + np.timedelta64(int(rng.integers(0, days)), "D")
                rows.append(make_row(rng, record_id, src.name, created, lead, rank))
    rows.sort(key=lambda row: (row[12], row[0]))
    # Messy on purpose: rows without a create date, formula-looking text.
    for k in (57, 1203, 4410):
        rows[k][12] = ""
    rows[88][4] = '=HYPERLINK("http://example.com","Click")'
    rows[2999][5] = "@Head of Data"
    out = RESOURCES / "sample-leads.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    print(f"wrote {len(rows)} leads to {out.relative_to(ROOT)}")


def make_row(
    rng: np.random.Generator, record_id: int, source: str, created: np.datetime64, lead: dict[str, object], rank: int
) -> list[str]:
    first, last = str(rng.choice(FIRST_NAMES)), str(rng.choice(LAST_NAMES))
    company = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)}"
    domain = str(rng.choice(FREE_MAIL)) if lead["free_mail"] else company.lower().replace(" ", "") + ".example"
    local = (first + "." + last).lower().replace("'", "").replace("é", "e").replace("á", "a").replace("ó", "o")
    local = local.replace("ü", "ue")
    stage, status = stage_label(rank, rng)
    hour, minute = int(rng.integers(7, 20)), int(rng.integers(0, 60))
    events: dict[str, tuple[int, int]] = lead["events"]  # type: ignore[assignment]

    def count(e: str) -> str:
        return str(events[e][0]) if e in events else "0"

    def last_day(e: str) -> str:
        return str(created + np.timedelta64(events[e][1], "D")) if e in events else ""

    last_activity = max([created] + [created + np.timedelta64(a, "D") for _, a in events.values()])
    size = int(lead["size"])  # type: ignore[call-overload]
    return [
        str(record_id),
        first,
        last,
        f"{local}@{domain}",
        company,
        str(lead["title"]),
        str(lead["seniority"]),
        str(lead["industry"]),
        str(lead["country"]),
        str(size),
        str(size * int(rng.integers(80, 260)) * 1000),
        source,
        f"{created} {hour:02d}:{minute:02d}",
        stage,
        status,
        count("pricing_page_view"),
        last_day("pricing_page_view"),
        count("webinar_attended"),
        last_day("webinar_attended"),
        count("content_download"),
        last_day("content_download"),
        count("email_click"),
        last_day("email_click"),
        last_day("demo_request"),
        last_day("contact_request"),
        f"{last_activity} {hour:02d}:{minute:02d}",
    ]


if __name__ == "__main__":
    main()
