"""Reading and writing plans: the ``.slaplan`` file (SQLite via SQLAlchemy) and JSON.

* :func:`load_plan` opens a ``.slaplan`` or ``.json`` file; :func:`save_plan` writes either,
  chosen by the extension.
* Saving is atomic: the plan is written to a temporary file in the same folder, flushed to
  disk, and only then moved over the target; an interrupted save leaves the old file whole.
* A ``.slaplan`` file carries its schema revision (Alembic's ``alembic_version`` table) and is
  migrated on open; a file from a newer SLA Planner, a file that is not a plan, or a damaged
  one raises :class:`~slaplanner.errors.PlanFileError` with a plain message.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from slaplanner import __version__
from slaplanner.errors import PlanFileError, ValidationError
from slaplanner.files import atomic_write, short_reason
from slaplanner.plan.model import SECTIONS, CommercialTerms, LeadSource, Plan, RateRange
from slaplanner.storage.orm import (
    Base,
    MetaRow,
    PlanRow,
    RateRow,
    SeasonalityRow,
    SectionRow,
    SourceMonthRow,
    SourceRow,
    StageRow,
    TargetRow,
)

PLAN_SUFFIX = ".slaplan"
JSON_SUFFIX = ".json"
APP_ID = "SLA Planner"
MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_HEADER = b"SQLite format 3\x00"


# -- schema revisions --------------------------------------------------------------------------
@functools.cache
def _script_directory() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS))


@functools.cache
def head_revision() -> str:
    """The newest schema revision this version of SLA Planner writes."""
    return str(_script_directory().get_current_head())


def known_revisions() -> set[str]:
    return {rev.revision for rev in _script_directory().walk_revisions()}


def _upgrade(connection: Connection) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


# -- engines -------------------------------------------------------------------------------------
def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", poolclass=None)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


@contextmanager
def _opened(path: Path) -> Iterator[Engine]:
    engine = _engine(path)
    try:
        yield engine
    finally:
        engine.dispose()


# -- loading -------------------------------------------------------------------------------------
def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Open a ``.slaplan`` or ``.json`` plan file.

    Raises:
        PlanFileError: the file is missing, unreadable, not a plan, damaged or from a newer version.
        ValidationError: the file is readable but holds values outside their allowed ranges.
    """
    path = Path(path)
    if not path.exists():
        raise PlanFileError(f"{path}: no such file")
    if path.is_dir():
        raise PlanFileError(f"{path}: is a folder, not a plan file")
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as error:
        raise PlanFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    if head == SQLITE_HEADER:
        return _load_sqlite(path)
    if path.suffix.lower() == PLAN_SUFFIX:
        raise PlanFileError(f"{path}: not an SLA Planner plan (the file is not a SQLite database)")
    return load_json(path)


def load_json(path: Path) -> Plan:
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PlanFileError(f"{path}: not an SLA Planner plan (neither a plan file nor UTF-8 JSON)") from None
    except OSError as error:
        raise PlanFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise PlanFileError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if not isinstance(data, dict) or ("sources" not in data and "format" not in data):
        raise PlanFileError(f"{path}: JSON, but not an SLA Planner plan (no 'format' or 'sources')")
    return Plan.from_dict(data)


def _load_sqlite(path: Path) -> Plan:
    try:
        with _opened(path) as engine, engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if "plan" not in tables or "alembic_version" not in tables:
                raise PlanFileError(f"{path}: a SQLite database, but not an SLA Planner plan")
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        head = head_revision()
        if revision != head:
            if revision not in known_revisions():
                raise PlanFileError(
                    f"{path}: written by a newer version of SLA Planner (file schema {revision}, "
                    f"this version reads up to {head}); update SLA Planner to open it"
                )
            return _load_migrated_copy(path)
        return _read_plan(path)
    except PlanFileError:
        raise
    except (DatabaseError, sqlite3.DatabaseError) as error:
        raise PlanFileError(f"{path}: the plan file is damaged ({short_reason(error)})") from None
    except SQLAlchemyError as error:
        raise PlanFileError(f"{path}: the plan file cannot be read ({short_reason(error)})") from None


def _load_migrated_copy(path: Path) -> Plan:
    """Migrate a copy of an older file and read it; the original is upgraded on the next save."""
    with tempfile.TemporaryDirectory(prefix="slaplanner-migrate-") as folder:
        copy = Path(folder) / path.name
        copy.write_bytes(path.read_bytes())
        with _opened(copy) as engine, engine.begin() as conn:
            _upgrade(conn)
        return _read_plan(copy)


def _read_plan(path: Path) -> Plan:
    with _opened(path) as engine, Session(engine) as session:
        rows = session.scalars(
            select(PlanRow).options(
                selectinload(PlanRow.stages),
                selectinload(PlanRow.targets),
                selectinload(PlanRow.sections),
                selectinload(PlanRow.sources).selectinload(SourceRow.months),
                selectinload(PlanRow.sources).selectinload(SourceRow.seasonality),
                selectinload(PlanRow.sources).selectinload(SourceRow.rates),
            )
        ).all()
        if len(rows) != 1:
            raise PlanFileError(f"{path}: the plan file holds {len(rows)} plans; expected exactly one")
        return _plan_from_row(rows[0])


def _plan_from_row(row: PlanRow) -> Plan:
    sources = []
    for i, s in enumerate(row.sources):
        try:
            sources.append(
                LeadSource(
                    name=s.name,
                    segment=s.segment,
                    channel=s.channel,
                    volume_mode=s.volume_mode,
                    monthly_leads=tuple(m.leads for m in s.months),
                    baseline=s.baseline,
                    seasonality=tuple(x.factor for x in s.seasonality),
                    growth=s.growth,
                    conversion=tuple(RateRange(r.low, r.likely, r.high) for r in s.rates),
                )
            )
        except ValidationError as error:
            raise error.prefixed(f"sources[{i}].") from None
    sections: dict[str, Any] = {}
    for sec in row.sections:
        if sec.name in SECTIONS:
            try:
                sections[sec.name] = SECTIONS[sec.name].from_dict(sec.data)
            except ValidationError as error:
                raise error.prefixed(f"{sec.name}.") from None
    try:
        terms = CommercialTerms(
            average_deal_size=row.average_deal_size,
            sales_cycle_days=row.sales_cycle_days,
            revenue_target=tuple(t.amount for t in row.targets) if row.has_revenue_target else (),
            marketing_share=row.marketing_share,
        )
    except ValidationError as error:
        raise error.prefixed("terms.") from None
    return Plan(
        name=row.name,
        currency=row.currency,
        start_month=row.start_month,
        horizon_months=row.horizon_months,
        stages=tuple(s.name for s in row.stages),
        sources=tuple(sources),
        terms=terms,
        **sections,
    )


# -- saving --------------------------------------------------------------------------------------
def save_plan(plan: Plan, path: str | os.PathLike[str]) -> None:
    """Write ``plan`` to ``path`` atomically: ``.json`` as interchange JSON, else a ``.slaplan`` file.

    Raises:
        PlanFileError: the file could not be written; any existing file at ``path`` is untouched.
    """
    path = Path(path)
    if path.suffix.lower() == JSON_SUFFIX:
        payload = json.dumps(_tidy_numbers(plan.to_dict()), indent=2, ensure_ascii=False) + "\n"
        atomic_write(path, lambda tmp: tmp.write_text(payload, encoding="utf-8"))
    else:
        atomic_write(path, lambda tmp: _write_sqlite(plan, tmp), errors=(OSError, SQLAlchemyError))


def _tidy_numbers(data: Any) -> Any:
    """Whole floats as integers (50 rather than 50.0), so a JSON plan reads as people wrote it."""
    if isinstance(data, float) and data.is_integer() and abs(data) < 2**53:
        return int(data)
    if isinstance(data, dict):
        return {k: _tidy_numbers(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_tidy_numbers(v) for v in data]
    return data


def _write_sqlite(plan: Plan, path: Path) -> None:
    with _opened(path) as engine:
        Base.metadata.create_all(engine)
        with Session(engine) as session, session.begin():
            session.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
            session.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": head_revision()})
            session.add_all([MetaRow(key="application", value=APP_ID), MetaRow(key="written_by", value=__version__)])
            session.add(_plan_to_row(plan))


def _plan_to_row(plan: Plan) -> PlanRow:
    row = PlanRow(
        id=1,
        name=plan.name,
        currency=plan.currency,
        start_month=plan.start_month,
        horizon_months=plan.horizon_months,
        average_deal_size=plan.terms.average_deal_size,
        sales_cycle_days=plan.terms.sales_cycle_days,
        marketing_share=plan.terms.marketing_share,
        has_revenue_target=1 if plan.terms.revenue_target else 0,
    )
    row.stages = [StageRow(position=i, name=s) for i, s in enumerate(plan.stages)]
    row.targets = [TargetRow(month_index=i, amount=a) for i, a in enumerate(plan.terms.revenue_target)]
    row.sources = [
        SourceRow(
            position=i,
            name=s.name,
            segment=s.segment,
            channel=s.channel,
            volume_mode=s.volume_mode,
            baseline=s.baseline,
            growth=s.growth,
            months=[SourceMonthRow(month_index=m, leads=v) for m, v in enumerate(s.monthly_leads)],
            seasonality=[SeasonalityRow(month_of_year=m + 1, factor=f) for m, f in enumerate(s.seasonality)],
            rates=[RateRow(transition=t, low=r.low, likely=r.likely, high=r.high) for t, r in enumerate(s.conversion)],
        )
        for i, s in enumerate(plan.sources)
    ]
    row.sections = [
        SectionRow(name=key, data=getattr(plan, key).to_dict()) for key in SECTIONS if getattr(plan, key).to_dict()
    ]
    return row
