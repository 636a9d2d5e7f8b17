"""The actuals of a review, kept in the ``.slaplan`` file (table ``actuals_import``, schema 0003).

One row per agreement: where the actuals came from (file name, when, rows read and rejected,
the time zone local times were taken in, the column mapping) and the leads as compact JSON
columns (times as whole seconds since 1970 UTC, ``null`` unknown). :func:`save_actuals`
replaces what was there in one transaction; :func:`load_actuals` reads it back (None when the
file holds none), so a review can be reopened and exported again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import delete, inspect, select

from slaplanner.errors import PlanFileError
from slaplanner.imports.actuals import NUMBER_FIELDS, TEXT_FIELDS, TIME_FIELDS, Actuals
from slaplanner.imports.leads import RowProblem
from slaplanner.storage.agreement_tables import ActualsImportRow
from slaplanner.storage.agreements import SqlStore
from slaplanner.storage.orm import Base

FORMAT = "slaplanner-actuals"
FORMAT_VERSION = 1
TABLE = Base.metadata.tables[ActualsImportRow.__tablename__]


def actuals_to_json(actuals: Actuals) -> str:
    """The leads and what was noticed while reading them, as compact JSON text."""

    def seconds(values: np.ndarray[Any, Any]) -> list[int | None]:
        return [None if np.isnan(v) else round(v * 60) for v in values.tolist()]

    def numbers(values: np.ndarray[Any, Any]) -> list[float | None]:
        return [None if np.isnan(v) else (int(v) if float(v).is_integer() else v) for v in values.tolist()]

    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "columns": sorted(actuals.columns),
        "kind": actuals.kind,
        "rows": actuals.rows.tolist(),
        "created": [str(d) for d in actuals.created.tolist()],
        "times": {k: seconds(v) for k, v in actuals.times.items()},
        "numbers": {k: numbers(v) for k, v in actuals.numbers.items()},
        "texts": {k: [str(x) for x in v.tolist()] for k, v in actuals.texts.items()},
        "rejected": [p.to_dict() for p in actuals.rejected],
        "warnings": [p.to_dict() for p in actuals.warnings],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def actuals_from_json(
    text: str,
    *,
    file_name: str = "",
    imported_at: str = "",
    rows_read: int = 0,
    time_zone: str = "UTC",
    mapping: dict[str, str] | None = None,
) -> Actuals:
    """Actuals from :func:`actuals_to_json`'s text; raises :class:`PlanFileError` if it is not that."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not actuals")
        if int(data.get("format_version", 0)) > FORMAT_VERSION:
            raise PlanFileError("the actuals in this file were written by a newer SLA Planner; update to read them")
        rows = np.array(data["rows"], dtype=np.int64)
        n = len(rows)

        def floats(values: list[Any], scale: float = 1.0) -> np.ndarray[Any, Any]:
            if len(values) != n:
                raise ValueError("a column has another length")
            return np.array([np.nan if v is None else float(v) / scale for v in values], dtype=np.float64)

        return Actuals(
            rows=rows,
            created=np.array(data["created"], dtype="datetime64[D]"),
            times={k: floats(v, 60.0) for k, v in data["times"].items() if k in TIME_FIELDS},
            numbers={k: floats(v) for k, v in data["numbers"].items() if k in NUMBER_FIELDS},
            texts={
                k: np.array([str(x) for x in v], dtype=object) for k, v in data["texts"].items() if k in TEXT_FIELDS
            },
            columns=frozenset(str(c) for c in data["columns"]),
            file_name=file_name,
            imported_at=imported_at,
            rows_read=rows_read,
            rejected=tuple(RowProblem(int(p["row"]), str(p["column"]), str(p["reason"])) for p in data["rejected"]),
            warnings=tuple(RowProblem(int(p["row"]), str(p["column"]), str(p["reason"])) for p in data["warnings"]),
            mapping=dict(mapping or {}),
            time_zone=time_zone,
            kind=str(data.get("kind", "other")),
        )
    except PlanFileError:
        raise
    except (ValueError, KeyError, TypeError) as error:
        raise PlanFileError(f"the actuals kept in the plan file are damaged ({error})") from None


def store_actuals(store: SqlStore, actuals: Actuals | None) -> None:
    """Keep ``actuals`` with the agreement in ``store`` (a plan file or a team database),
    replacing earlier ones (None: remove them), in one transaction."""
    with store.engine.begin() as conn:
        conn.execute(delete(TABLE).where(TABLE.c.agreement_id == store.agreement_id))
        if actuals is None:
            return
        conn.execute(
            TABLE.insert().values(
                agreement_id=store.agreement_id,
                file_name=actuals.file_name[:260],
                imported_at=actuals.imported_at[:40],
                rows_read=actuals.rows_read,
                rows_rejected=actuals.rows_rejected,
                time_zone=actuals.time_zone,
                mapping=json.dumps(dict(actuals.mapping), ensure_ascii=False),
                content=actuals_to_json(actuals),
            )
        )


def stored_actuals(store: SqlStore) -> Actuals | None:
    """The actuals kept with the agreement in ``store``, or None."""
    with store.engine.connect() as conn:
        if not inspect(conn).has_table(TABLE.name):
            return None
        row = conn.execute(
            select(TABLE).where(TABLE.c.agreement_id == store.agreement_id).order_by(TABLE.c.id).limit(1)
        ).first()
    return None if row is None else _from_row(row)


def _from_row(row: Any) -> Actuals:
    try:
        mapping = json.loads(row.mapping)
    except ValueError:
        mapping = {}
    return actuals_from_json(
        row.content,
        file_name=row.file_name,
        imported_at=row.imported_at,
        rows_read=row.rows_read,
        time_zone=row.time_zone,
        mapping=mapping if isinstance(mapping, dict) else {},
    )


def save_actuals(path: str | os.PathLike[str], actuals: Actuals | None) -> None:
    """Keep ``actuals`` in the ``.slaplan`` file at ``path``, replacing earlier ones (None: remove
    them). One transaction: a fault leaves the file as it was (:class:`PlanFileError`)."""
    from slaplanner.storage import file_store

    store = file_store(Path(path))
    try:
        store._guard(lambda: store_actuals(store, actuals))
    finally:
        store.engine.dispose()


def load_actuals(path: str | os.PathLike[str]) -> Actuals | None:
    """The actuals kept in the ``.slaplan`` file at ``path``, or None (none kept, a JSON plan, or
    a file from before schema 0003)."""
    from slaplanner.storage import JSON_SUFFIX, _opened, head_revision, load_agreement

    p = Path(path)
    if p.suffix.lower() == JSON_SUFFIX or not p.is_file():
        return None
    load_agreement(p)  # checks the file is a plan before any of its tables is read
    with _opened(p) as engine, engine.connect() as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        if revision != head_revision() and "actuals_import" not in _tables(conn):
            return None
        row = conn.execute(select(TABLE).order_by(TABLE.c.id).limit(1)).first()
    return None if row is None else _from_row(row)


def actuals_at(location: str | os.PathLike[str]) -> Actuals | None:
    """The actuals kept with the agreement a location names (a ``.slaplan`` file or a team
    database), or None (a JSON plan, none kept)."""
    from slaplanner.storage.session import AgreementSession

    session = AgreementSession()
    session.open(location)
    return session.load_actuals()


def _tables(conn: Any) -> set[str]:
    return {str(r[0]) for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
