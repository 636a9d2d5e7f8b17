"""Import last quarter's actuals: a lead export with when each lead moved and how sales answered.

The file is read by the lead import (:func:`slaplanner.imports.leads.read_leads`: encodings,
separators, rows reported by number, formula-looking text kept inert, the column mapping),
with the fields of :data:`ACTUALS_SYNONYMS` added to what it recognises. This module then reads
the actuals' own cells: timestamps with their time of day, touches and amounts.

Timestamps: with an explicit offset (``2026-01-09T16:50:00-05:00``), in UTC (``Z``, ``UTC``,
``GMT``, epoch milliseconds), or local without an offset (HubSpot exports use the portal's
time zone): those are taken as the team's time zone and a warning says so. A date without a
time is taken as midnight local time. A cell that cannot be read is reported (row, column,
reason) and treated as blank; a row without a readable create date is rejected.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from slaplanner.imports.leads import (
    IGNORE,
    ColumnMappingNeeded,
    DateReader,
    LeadFileError,
    LeadImport,
    RowProblem,
    _read_bytes,
    crm_number,
    mapping_target_problem,
    parse_leads,
)
from slaplanner.plan.model import Plan
from slaplanner.plan.team import WorkCalendar

FloatArray = npt.NDArray[np.float64]
TextArray = npt.NDArray[np.object_]

#: The timestamp fields (UTC minutes since 1970 in :class:`Actuals`, NaN when unknown).
TIME_FIELDS = (
    "became_mql_at",
    "became_sql_at",
    "first_touch_at",
    "accepted_at",
    "rejected_at",
    "opportunity_at",
    "won_at",
)
NUMBER_FIELDS = ("touches", "amount")
TEXT_FIELDS = ("lead_id", "source", "segment", "tier", "owner", "reject_reason")
#: Every field of the actuals, in the order people read them (``created_at`` is required).
ACTUALS_FIELDS = (
    "created_at",
    "source",
    "segment",
    "tier",
    "became_mql_at",
    "became_sql_at",
    "first_touch_at",
    "touches",
    "accepted_at",
    "rejected_at",
    "reject_reason",
    "opportunity_at",
    "won_at",
    "amount",
    "owner",
    "lead_id",
)

#: Field -> normalised headers (HubSpot's "Became a ... Date" columns, Salesforce names).
ACTUALS_SYNONYMS: dict[str, tuple[str, ...]] = {
    "segment": ("segment", "market segment", "customer segment", "segment c"),
    "tier": ("tier", "lead tier", "sla tier", "priority", "lead priority", "tier c"),
    "became_mql_at": (
        "became a marketing qualified lead date",
        "became an mql date",
        "mql date",
        "became mql at",
        "mql date c",
        "marketing qualified date",
    ),
    "became_sql_at": (
        "became a sales qualified lead date",
        "became an sql date",
        "sql date",
        "became sql at",
        "sql date c",
        "sales qualified date",
        "converted date",
    ),
    "first_touch_at": (
        "first outreach date",
        "first engagement date",
        "date of first engagement",
        "first touch at",
        "first touch date",
        "first activity date",
        "first activity",
        "first call date",
        "first sales activity date",
    ),
    "touches": (
        "number of sales activities",
        "number of touches",
        "touches",
        "sales touches",
        "activity count",
        "number of activities",
    ),
    "accepted_at": ("accepted at", "accepted date", "sales accepted date", "date accepted", "accepted date c"),
    "rejected_at": ("rejected at", "rejected date", "sales rejected date", "date rejected", "rejected date c"),
    "reject_reason": (
        "reject reason",
        "rejection reason",
        "rejected reason",
        "disqualification reason",
        "unqualified reason",
        "reject reason c",
    ),
    "opportunity_at": (
        "became an opportunity date",
        "opportunity date",
        "opportunity created date",
        "opportunity at",
        "converted opportunity date",
    ),
    "won_at": ("became a customer date", "won date", "close date", "closed won date", "won at", "customer date"),
    "amount": ("amount", "deal amount", "opportunity amount", "won amount", "closed won amount"),
    "owner": ("contact owner", "lead owner", "owner", "hubspot owner", "owner name", "sales owner", "owner id"),
}

_TIME_TAIL = re.compile(
    r"^(?P<date>.+?)(?:[ T](?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}:?\d{2})?$"
)
_EPOCH_MS = re.compile(r"^\d{12,13}$")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True, eq=False)
class Actuals:
    """Imported actuals as columns (row ``i`` of every array is one lead) and where they came from.

    Times are UTC minutes since 1970-01-01 (NaN: the file has no date for this lead);
    ``created`` is the create day; ``columns`` are the fields the file has a column for.
    """

    rows: npt.NDArray[np.int64]
    created: npt.NDArray[np.datetime64]
    times: Mapping[str, FloatArray]
    numbers: Mapping[str, FloatArray]
    texts: Mapping[str, TextArray]
    columns: frozenset[str]
    file_name: str = ""
    imported_at: str = ""
    rows_read: int = 0
    rejected: tuple[RowProblem, ...] = ()
    warnings: tuple[RowProblem, ...] = ()
    mapping: Mapping[str, str] = field(default_factory=dict)
    time_zone: str = "UTC"
    kind: str = "other"

    def __len__(self) -> int:
        return len(self.rows)

    def time(self, name: str) -> FloatArray:
        return self.times.get(name, np.full(len(self.rows), np.nan))

    def number(self, name: str) -> FloatArray:
        return self.numbers.get(name, np.full(len(self.rows), np.nan))

    def text(self, name: str) -> TextArray:
        return self.texts.get(name, np.full(len(self.rows), "", dtype=object))

    def has(self, name: str) -> bool:
        return name in self.columns

    @property
    def rows_rejected(self) -> int:
        return len({p.row for p in self.rejected})


def mapping_problem(target: str) -> str | None:
    """A plain message when ``target`` is not an actuals field (or ``ignore``); None when it is."""
    if target == IGNORE or target in ACTUALS_FIELDS or target == "created":
        return None
    return f"unknown field {target!r}; known fields: {', '.join(ACTUALS_FIELDS)} or {IGNORE}"


def parse_map_options(items: list[str]) -> dict[str, str]:
    """``["Signup=created_at", ...]`` as a mapping, checked; raises :class:`LeadFileError`."""
    mapping: dict[str, str] = {}
    for item in items:
        header, sep, target = item.rpartition("=")
        if not sep or not header.strip() or not target.strip():
            raise LeadFileError(f"--map {item!r}: allowed: HEADER=FIELD, e.g. 'SQL Date=became_sql_at'")
        problem = mapping_problem(target.strip())
        if problem:
            raise LeadFileError(f"--map {item!r}: {problem}")
        mapping[header.strip()] = target.strip()
    return mapping


def _lead_mapping(mapping: Mapping[str, str] | None) -> dict[str, str] | None:
    """The actuals' mapping in the lead import's words (``created_at`` is its ``created``)."""
    if not mapping:
        return None
    out = {}
    for header, target in mapping.items():
        problem = mapping_problem(target) or mapping_target_problem(target, ACTUALS_FIELDS)
        if problem and target != "created_at":
            raise LeadFileError(f"column mapping {header!r} -> {target!r}: {problem}")
        out[header] = "created" if target == "created_at" else target
    return out


def team_calendar(plan: Plan) -> WorkCalendar:
    """The calendar first touches are measured in: the SDR role's, else the first role's."""
    role = plan.team.role("SDR") or (plan.team.roles[0] if plan.team.roles else None)
    return role.calendar if role is not None else WorkCalendar()


def read_actuals(
    path: str | os.PathLike[str],
    *,
    time_zone: str,
    mapping: Mapping[str, str] | None = None,
    dayfirst: bool | None = None,
    imported_at: str = "",
) -> Actuals:
    """Read an actuals export from ``path``; see :func:`parse_actuals`."""
    return parse_actuals(
        _read_bytes(path),
        name=Path(path).name,
        time_zone=time_zone,
        mapping=mapping,
        dayfirst=dayfirst,
        imported_at=imported_at,
    )


def parse_actuals(
    data: bytes,
    *,
    name: str = "the file",
    time_zone: str,
    mapping: Mapping[str, str] | None = None,
    dayfirst: bool | None = None,
    imported_at: str = "",
) -> Actuals:
    """Read an actuals export from bytes; local times without an offset are in ``time_zone``.

    Raises :class:`ColumnMappingNeeded` (no create date column; map one to ``created_at``) or
    :class:`LeadFileError` (not a CSV file, or a mapping to an unknown field).
    """
    try:
        imported = parse_leads(
            data, name=name, mapping=_lead_mapping(mapping), dayfirst=dayfirst, extra_synonyms=ACTUALS_SYNONYMS
        )
    except ColumnMappingNeeded as error:
        shown = {h: ("created_at" if t == "created" else t) for h, t in error.mapping.items()}
        raise ColumnMappingNeeded(
            str(error).replace("Map one column to 'created'", "Map one column to 'created_at'"),
            error.headers,
            shown,
            ("created_at",),
        ) from None
    stamp = imported_at or datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    return actuals_from_import(imported, name=name, time_zone=time_zone, dayfirst=dayfirst, imported_at=stamp)


def _header_of(imported: LeadImport, target: str) -> str:
    return next((h for h, t in imported.mapping.items() if t == target), target)


def actuals_from_import(
    imported: LeadImport, *, name: str, time_zone: str, dayfirst: bool | None = None, imported_at: str = ""
) -> Actuals:
    """The actuals in a lead import's table: timestamps, counts and amounts read from its cells."""
    table = imported.table
    n = len(table)
    tz = zoneinfo.ZoneInfo(time_zone)
    warnings = list(imported.warnings)
    mapped = {t for t in imported.mapping.values() if t != IGNORE}
    columns = {"created_at"} | {f for f in ACTUALS_FIELDS if f in mapped}
    if "source" in mapped:
        columns.add("source")
    local_columns: list[str] = []
    times: dict[str, FloatArray] = {}
    for f in TIME_FIELDS:
        cells = table.fields.get(f)
        if cells is None:
            continue
        header = _header_of(imported, f)
        values, local, problems = parse_timestamps(list(cells), tz, dayfirst)
        times[f] = values
        warnings.extend(RowProblem(int(table.rows[k]), header, reason) for k, reason in problems)
        if local:
            local_columns.append(header)
    numbers: dict[str, FloatArray] = {}
    for f in NUMBER_FIELDS:
        cells = table.fields.get(f)
        if cells is None:
            continue
        header = _header_of(imported, f)
        values = np.full(n, np.nan)
        for k, text in enumerate(cells):
            if not text:
                continue
            value = crm_number(str(text))
            if value is None or value < 0:
                allowed = "a whole number >= 0" if f == "touches" else "an amount >= 0"
                warnings.append(RowProblem(int(table.rows[k]), header, f"{text!r} is not a number; allowed: {allowed}"))
            else:
                values[k] = value
        numbers[f] = values
    texts: dict[str, TextArray] = {"source": np.asarray(table.source, dtype=object)}
    for f in TEXT_FIELDS:
        if f != "source" and f in table.fields:
            texts[f] = np.asarray(table.fields[f], dtype=object)
    if local_columns:
        warnings.append(
            RowProblem(
                0,
                "",
                f"times without a UTC offset ({', '.join(local_columns)}) were taken as the team's time zone, "
                f"{time_zone}",
            )
        )
    warnings.sort(key=lambda p: p.row)
    return Actuals(
        rows=table.rows,
        created=table.created,
        times=times,
        numbers=numbers,
        texts=texts,
        columns=frozenset(columns),
        file_name=name,
        imported_at=imported_at,
        rows_read=imported.rows_read,
        rejected=imported.rejected,
        warnings=tuple(warnings),
        mapping={h: ("created_at" if t == "created" else t) for h, t in imported.mapping.items()},
        time_zone=time_zone,
        kind=imported.kind,
    )


def parse_timestamps(
    cells: list[str], tz: zoneinfo.ZoneInfo, dayfirst: bool | None = None
) -> tuple[FloatArray, bool, list[tuple[int, str]]]:
    """UTC minutes since 1970 for each cell (NaN blank or unreadable), whether any cell was a
    local time without an offset, and the (index, reason) of each unreadable cell."""
    index: dict[str, int] = {}
    inverse = np.array([index.setdefault(c, len(index)) for c in cells], dtype=np.intp)
    uniques = list(index)
    parts = [_TIME_TAIL.match(u.strip()) for u in uniques]
    reader = DateReader([m.group("date") if m else u for m, u in zip(parts, uniques, strict=True)], dayfirst)
    values = np.full(len(uniques), np.nan)
    reasons: list[str | None] = [None] * len(uniques)
    local = False
    for u, text in enumerate(uniques):
        t = text.strip()
        if not t:
            continue
        if _EPOCH_MS.match(t):
            values[u] = int(t) / 60000.0
            continue
        m = parts[u]
        day = reader.read(m.group("date")) if m else reader.read(t)
        if isinstance(day, str):
            reasons[u] = f"{day} (read as no date)"
            continue
        hour = minute = second = 0
        if m and m.group("h") is not None:
            hour, minute, second = int(m.group("h")), int(m.group("m")), int(m.group("s") or 0)
            ampm = (m.group("ampm") or "").lower().replace(".", "")
            if ampm:
                if not 1 <= hour <= 12:
                    reasons[u] = f"{t!r} has an hour {hour} with {ampm.upper()} (read as no date)"
                    continue
                hour = hour % 12 + (12 if ampm == "pm" else 0)
            if hour > 23 or minute > 59 or second > 59:
                reasons[u] = f"{t!r} is not a time of day (read as no date)"
                continue
        y, mo, d = (int(x) for x in str(day).split("-"))
        zone = m.group("zone") if m else None
        if zone in ("Z", "UTC", "GMT"):
            when = datetime(y, mo, d, hour, minute, second, tzinfo=timezone.utc)
        elif zone:
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            offset = sign * (int(digits[:2]) * 60 + int(digits[2:]))
            naive = datetime(y, mo, d, hour, minute, second, tzinfo=timezone.utc)
            values[u] = (naive - _EPOCH).total_seconds() / 60.0 - offset
            continue
        else:
            local = True
            when = datetime(y, mo, d, hour, minute, second, tzinfo=tz)
        values[u] = (when - _EPOCH).total_seconds() / 60.0
    problems = [(k, str(reasons[u])) for k, u in enumerate(inverse.tolist()) if reasons[u] is not None]
    return values[inverse], local, problems


def minutes_of(moment: datetime) -> float:
    """UTC minutes since 1970 of an aware datetime (for tests and callers building actuals)."""
    return (moment.astimezone(timezone.utc) - _EPOCH).total_seconds() / 60.0


def build_actuals(records: list[dict[str, Any]], *, time_zone: str = "UTC") -> Actuals:
    """Actuals built in code (tests, benchmarks): each record maps fields to values; times are
    aware datetimes or minutes, ``created_at`` a ``YYYY-MM-DD`` day."""
    n = len(records)
    present = {k for r in records for k in r}
    times = {
        f: np.array(
            [
                minutes_of(v) if isinstance(v, datetime) else (np.nan if v is None else float(v))
                for v in (r.get(f) for r in records)
            ],
            dtype=np.float64,
        )
        for f in TIME_FIELDS
        if f in present
    }
    numbers = {
        f: np.array([np.nan if r.get(f) is None else float(r[f]) for r in records])
        for f in NUMBER_FIELDS
        if f in present
    }
    texts = {f: np.array([str(r.get(f, "")) for r in records], dtype=object) for f in TEXT_FIELDS}
    return Actuals(
        rows=np.arange(2, n + 2, dtype=np.int64),
        created=np.array([r["created_at"] for r in records], dtype="datetime64[D]"),
        times=times,
        numbers=numbers,
        texts=texts,
        columns=frozenset({"created_at", *(present & set(ACTUALS_FIELDS))}),
        time_zone=time_zone,
    )


__all__ = [
    "ACTUALS_FIELDS",
    "ACTUALS_SYNONYMS",
    "Actuals",
    "ColumnMappingNeeded",
    "LeadFileError",
    "build_actuals",
    "parse_actuals",
    "parse_map_options",
    "read_actuals",
    "team_calendar",
]
