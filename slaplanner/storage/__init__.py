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
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.pool import NullPool

from slaplanner import __version__
from slaplanner.errors import PlanFileError, ValidationError, cut_text
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
#: How long one read of a plan file may take before it is abandoned (a crafted file must not hang).
READ_TIME_LIMIT = 20.0


def _connector(path: Path, time_limit: float | None) -> Callable[[], sqlite3.Connection]:
    """A function opening ``path`` itself: the name is never parsed as an address or URI.

    SQLAlchemy's ``sqlite:///PATH`` URL decodes ``%XX`` and cuts at ``?``; handing SQLite an
    absolute path (never starting ``file:``) with ``uri=False`` keeps every character literal.
    """
    target = os.fspath(path.absolute())

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(target, check_same_thread=False)
        if time_limit is not None:
            deadline = time.monotonic() + time_limit
            connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        connection.execute("PRAGMA foreign_keys=ON")
        return connection

    return connect


def _engine(path: Path, time_limit: float | None = None) -> Engine:
    return create_engine("sqlite://", creator=_connector(path, time_limit), poolclass=NullPool)


@contextmanager
def _opened(path: Path, time_limit: float | None = None) -> Iterator[Engine]:
    engine = _engine(path, time_limit)
    try:
        yield engine
    finally:
        engine.dispose()


# -- loading -------------------------------------------------------------------------------------
#: A JSON plan larger than this is refused before it is read (the documented limits need far less).
MAX_JSON_BYTES = 64 * 1024 * 1024
#: The tables a plan file at the current revision holds, all real tables (never views).
EXPECTED_TABLES = frozenset(Base.metadata.tables) | {"alembic_version"}


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Open a ``.slaplan`` or ``.json`` plan file.

    Raises:
        PlanFileError: the file is missing, unreadable, not a plan, damaged or from a newer version.
        ValidationError: the file is readable but holds values outside their allowed ranges.
    """
    path = Path(path)
    _check_regular_file(path)
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as error:
        raise PlanFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        if head == SQLITE_HEADER:
            return _load_sqlite(path)
        if path.suffix.lower() == PLAN_SUFFIX:
            raise PlanFileError(f"{path}: not an SLA Planner plan (the file is not a SQLite database)")
        return load_json(path)
    except RecursionError:
        raise PlanFileError(f"{path}: not an SLA Planner plan (its values are nested too deeply)") from None


def _check_regular_file(path: Path) -> None:
    """Refuse, before opening, what is not a plain file: a folder, a pipe, a device (a pipe would block)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise PlanFileError(f"{path}: no such file") from None
    except OSError as error:
        raise PlanFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    if stat.S_ISDIR(info.st_mode):
        raise PlanFileError(f"{path}: is a folder, not a plan file")
    if not stat.S_ISREG(info.st_mode):
        raise PlanFileError(f"{path}: not a regular file (a device, pipe or socket), so not a plan file")


def load_json(path: Path) -> Plan:
    _check_regular_file(path)
    if path.stat().st_size > MAX_JSON_BYTES:
        raise PlanFileError(f"{path}: too large to be a plan (over {MAX_JSON_BYTES // 2**20} MB)")
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
    except ValueError as error:  # an integer of more than 4,300 digits
        raise PlanFileError(f"{path}: not an SLA Planner plan ({short_reason(error)})") from None
    except RecursionError:
        raise PlanFileError(f"{path}: not an SLA Planner plan (its values are nested too deeply)") from None
    if not isinstance(data, dict) or ("sources" not in data and "format" not in data):
        raise PlanFileError(f"{path}: JSON, but not an SLA Planner plan (no 'format' or 'sources')")
    return Plan.from_dict(data)


def _load_sqlite(path: Path) -> Plan:
    try:
        with _opened(path, READ_TIME_LIMIT) as engine, engine.connect() as conn:
            revision = _check_file(conn)
        head = head_revision()
        if revision != head:
            if revision not in known_revisions():
                raise PlanFileError(
                    f"{path}: written by a newer version of SLA Planner (file schema {revision}, "
                    f"this version reads up to {head}); update SLA Planner to open it"
                )
            return _load_migrated_copy(path)
        return _read_plan(path)
    except PlanFileError as error:
        message = str(error)
        raise PlanFileError(message if message.startswith(f"{path}:") else f"{path}: {message}") from None
    except UnicodeDecodeError:
        raise PlanFileError(f"{path}: the plan file is damaged (it holds text that is not UTF-8)") from None
    except (DatabaseError, sqlite3.DatabaseError) as error:
        if "interrupted" in short_reason(error):
            raise PlanFileError(
                f"{path}: reading the plan file took over {READ_TIME_LIMIT:.0f} seconds; it is damaged or not a plan"
            ) from None
        raise PlanFileError(f"{path}: the plan file is damaged ({short_reason(error)})") from None
    except SQLAlchemyError as error:
        raise PlanFileError(f"{path}: the plan file cannot be read ({short_reason(error)})") from None


def _damaged(reason: str) -> PlanFileError:
    return PlanFileError(f"the plan file is damaged ({reason})")


def _check_file(conn: Connection) -> str:
    """Check the file's shape before reading any data; return its one schema revision.

    Only ``sqlite_master`` is read until every expected name is known to be a real table (a
    view could run any query, even an endless one). Then: exactly one revision row, SQLite's
    own quick check, and no row referring to a missing parent.
    """
    kinds: dict[str, str] = {}
    for name, kind in conn.exec_driver_sql("SELECT name, type FROM sqlite_master"):
        if isinstance(name, str):
            kinds.setdefault(name.lower(), str(kind))
    for name in sorted(EXPECTED_TABLES & set(kinds)):
        if kinds[name] != "table":
            raise _damaged(f"{name} is a {kinds[name]}, not a table")
    if "plan" not in kinds or "alembic_version" not in kinds:
        raise PlanFileError("a SQLite database, but not an SLA Planner plan")
    revisions = [row[0] for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version LIMIT 3")]
    if not revisions:
        raise _damaged("it records no schema revision")
    if len(revisions) > 1:
        count = conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar()
        raise _damaged(f"it records {count} schema revisions; a plan file has exactly one")
    revision = revisions[0]
    if not isinstance(revision, str):
        raise _damaged(f"its schema revision is {revision!r}, not a name")
    if revision == head_revision():
        missing = sorted(EXPECTED_TABLES - set(kinds))
        if missing:
            raise _damaged(f"the table {missing[0]} is missing")
    check = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check(1)")]
    if check != ["ok"]:
        raise _damaged(cut_text(str(check[0]) if check else "the integrity check gave no answer"))
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
    if broken is not None:
        table, _rowid, parent = broken[0], broken[1], broken[2]
        raise _damaged(f"a row of {table} refers to a {parent} row that is not there")
    return revision


def _load_migrated_copy(path: Path) -> Plan:
    """Migrate a copy of an older file and read it; the original is upgraded on the next save."""
    with tempfile.TemporaryDirectory(prefix="slaplanner-migrate-") as folder:
        copy = Path(folder) / "plan.slaplan"
        copy.write_bytes(path.read_bytes())
        with _opened(copy) as engine, engine.begin() as conn:
            _upgrade(conn)
        return _read_plan(copy)


#: Each child table and how to count its rows in a loaded plan: a row the plan does not hold is damage.
_CHILD_COUNTS: tuple[tuple[str, Callable[[PlanRow], int]], ...] = (
    ("stage", lambda p: len(p.stages)),
    ("lead_source", lambda p: len(p.sources)),
    ("revenue_target", lambda p: len(p.targets)),
    ("plan_section", lambda p: len(p.sections)),
    ("source_month", lambda p: sum(len(s.months) for s in p.sources)),
    ("source_seasonality", lambda p: sum(len(s.seasonality) for s in p.sources)),
    ("conversion_rate", lambda p: sum(len(s.rates) for s in p.sources)),
)


def _read_plan(path: Path) -> Plan:
    with _opened(path, READ_TIME_LIMIT) as engine, Session(engine) as session:
        try:
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
        except RecursionError:
            raise _damaged("a plan section is nested too deeply") from None
        except UnicodeDecodeError:
            raise _damaged("it holds text that is not UTF-8") from None
        except ValueError as error:  # the JSON columns
            raise _damaged(f"a plan section is not valid JSON: {short_reason(error)}") from None
        if len(rows) != 1:
            raise PlanFileError(f"{path}: the plan file holds {len(rows)} plans; expected exactly one")
        for table, count in _CHILD_COUNTS:
            stored = session.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            if stored != count(rows[0]):
                raise _damaged(f"{table} holds {stored} rows, of which {count(rows[0])} belong to the plan")
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
def save_plan(plan: Plan, path: str | os.PathLike[str], *, overwrite_read_only: bool = False) -> None:
    """Write ``plan`` to ``path`` atomically: ``.json`` as interchange JSON, else a ``.slaplan`` file.

    A symbolic link is followed (the file it points to is replaced). An existing read-only file
    is refused unless ``overwrite_read_only`` (the window asks first).

    Raises:
        PlanFileError: the file could not be written, or is read-only; any existing file at
            ``path`` is untouched.
    """
    path = Path(path)
    if path.suffix.lower() == JSON_SUFFIX:
        payload = json.dumps(_tidy_numbers(plan.to_dict()), indent=2, ensure_ascii=False) + "\n"
        atomic_write(
            path, lambda tmp: tmp.write_text(payload, encoding="utf-8"), overwrite_read_only=overwrite_read_only
        )
    else:
        atomic_write(
            path,
            lambda tmp: _write_sqlite(plan, tmp),
            errors=(OSError, SQLAlchemyError),
            overwrite_read_only=overwrite_read_only,
        )


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
