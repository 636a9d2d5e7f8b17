"""Reading and writing agreements and plans: the ``.slaplan`` file (SQLite via SQLAlchemy) and JSON.

* A ``.slaplan`` file holds one agreement: its proposals, each with its append-only history
  of versions, and the signatures (:mod:`slaplanner.storage.agreements`).
  :func:`load_agreement` opens one; :func:`load_plan` opens the plan a location names
  (``FILE``, ``FILE#PROPOSAL``, ``FILE#PROPOSAL@VERSION``; :mod:`slaplanner.storage.location`);
  :func:`file_store` appends versions, proposals and signatures to a file, one transaction each.
* :func:`save_plan` writes a plan: a new ``.slaplan`` file holds it as version 1, an existing
  one gets it as its next version (nothing earlier is lost); ``.json`` is the plain plan.
* Saving is atomic: the plan is written to a temporary file in the same folder, flushed to
  disk, and only then moved over the target; an interrupted save leaves the old file whole.
* A ``.slaplan`` file carries its schema revision (Alembic's ``alembic_version`` table) and is
  migrated on open; a file from a newer SLA Planner, a file that is not a plan, or a damaged
  one raises :class:`~slaplanner.errors.PlanFileError` with a plain message.
"""

from __future__ import annotations

import functools
import getpass
import json
import os
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.pool import NullPool

from slaplanner import __version__
from slaplanner.agreement.interchange import agreement_from_dict, agreement_to_dict
from slaplanner.agreement.model import Agreement, Proposal, Signatory, Signature, Version, new_agreement
from slaplanner.errors import LocationError, PlanFileError, ReadOnlyFileError, ValidationError, cut_text
from slaplanner.files import atomic_write, is_read_only, made_writable, short_reason
from slaplanner.plan.model import Plan
from slaplanner.storage.agreement_tables import AGREEMENT_TABLES, create_immutability_triggers
from slaplanner.storage.agreements import SqlStore, insert_agreement, read_agreement
from slaplanner.storage.legacy import plan_from_row
from slaplanner.storage.location import DATABASE_SCHEMES, parse_location
from slaplanner.storage.orm import Base, PlanRow, SourceRow

_T = TypeVar("_T")

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
EXPECTED_TABLES = frozenset(AGREEMENT_TABLES) | {"slaplanner_meta", "alembic_version"}
#: Every table name any revision of the file format has (each must be a real table, never a view).
KNOWN_TABLES = frozenset(Base.metadata.tables) | {"alembic_version"}


@dataclass(frozen=True)
class Opened:
    """What a location opened: the agreement, and the proposal and version it names."""

    agreement: Agreement
    proposal: Proposal
    version: Version
    chosen: bool = False  # the location named no proposal: the file's default (Agreement.default_version)

    @property
    def plan(self) -> Plan:
        return self.version.plan

    def warnings(self) -> tuple[str, ...]:
        """Plain sentences about what is wrong but still readable (a version changed by hand), and,
        for a file name alone that holds several proposals, which one was read and why (a version
        changed by hand is no longer agreed, so another proposal is read without a word otherwise)."""
        said = [
            f"{name} version {number} was changed after it was saved: its content no longer matches its "
            "fingerprint, so its signatures no longer count"
            for name, number in self.agreement.tampered()
        ]
        if self.chosen and len(self.agreement.proposals) > 1:
            name, number = self.proposal.name, self.version.number
            why = (
                "the latest agreed version"
                if self.agreement.is_agreed(name, number)
                else "no proposal is agreed, so the first proposal's latest version"
            )
            said.append(f"no proposal named: reading {name} version {number}, {why} (name one as FILE#PROPOSAL)")
        return tuple(said)


def open_location(location: str | os.PathLike[str]) -> Opened:
    """Open the agreement a location names and resolve its proposal and version.

    Raises:
        PlanFileError: the file is missing, unreadable, not a plan, damaged or from a newer version.
        ValidationError: the file holds values outside their allowed ranges.
        LocationError: the location is not of the allowed form or names no such proposal or version
            (a :class:`ValidationError` too).
    """
    where = parse_location(os.fspath(location))
    if where.path is None:
        from slaplanner.storage.database import read_agreement_at  # psycopg only for team databases

        agreement = read_agreement_at(where)
    else:
        agreement = load_agreement(where.path)
    try:
        proposal, version = agreement.resolve(where.proposal, where.version)
    except ValidationError as error:  # the plan is fine; the location asks for what it does not hold
        raise LocationError(error.problems) from None
    return Opened(agreement, proposal, version, chosen=where.proposal is None)


def load_plan(location: str | os.PathLike[str]) -> Plan:
    """The plan a location names: ``FILE`` (the latest agreed version, else the latest version
    of the first proposal), ``FILE#PROPOSAL`` (its latest) or ``FILE#PROPOSAL@VERSION``; a team
    database's ``postgresql://USER@HOST[:PORT]/DATABASE#AGREEMENT[#PROPOSAL[@VERSION]]`` likewise."""
    return open_location(location).plan


def load_agreement(path: str | os.PathLike[str]) -> Agreement:
    """Open a ``.slaplan`` file or a JSON agreement or plan (a plan is one proposal, one version),
    or the agreement a team-database location names (``postgresql://...#AGREEMENT``)."""
    if isinstance(path, str) and path.startswith(DATABASE_SCHEMES):
        return open_location(path).agreement
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
        # A plain plan's one version was saved when its file was last written, not when it is read
        # (`proposals` and the SLA's "saved" changed on every read).
        return agreement_from_dict(_read_json(path), saved_at=_file_time(path))
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
    """A JSON plan (or the plan a JSON agreement opens by default)."""
    return agreement_from_dict(_read_json(path)).default_version()[1].plan


def _read_json(path: Path) -> Any:
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
    return data


def _load_sqlite(path: Path) -> Agreement:
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
        return _read_agreement(path)
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
    for name in sorted(KNOWN_TABLES & set(kinds)):
        if kinds[name] != "table":
            raise _damaged(f"{name} is a {kinds[name]}, not a table")
    if ("plan" not in kinds and "agreement" not in kinds) or "alembic_version" not in kinds:
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


def _load_migrated_copy(path: Path) -> Agreement:
    """Migrate a copy of an older file and read it; the original is upgraded on the next save."""
    with tempfile.TemporaryDirectory(prefix="slaplanner-migrate-") as folder:
        copy = Path(folder) / "plan.slaplan"
        copy.write_bytes(path.read_bytes())
        _check_legacy_counts(copy)
        with _opened(copy) as engine, engine.begin() as conn:
            _upgrade(conn)
        return _read_agreement(copy)


def _read_agreement(path: Path) -> Agreement:
    with _opened(path, READ_TIME_LIMIT) as engine, engine.connect() as conn:
        try:
            return read_agreement(conn)
        except UnicodeDecodeError:
            raise _damaged("it holds text that is not UTF-8") from None


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


def _check_legacy_counts(path: Path) -> None:
    """A schema-0001 file: every child row belongs to the one plan (else the file is damaged)."""
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
        plan_from_row(rows[0])  # values outside their ranges are refused here, with their paths


# -- saving --------------------------------------------------------------------------------------
def author_name() -> str:
    """Who is saving, as versions record it: the operating system's user name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def save_plan(
    plan: Plan,
    path: str | os.PathLike[str],
    *,
    overwrite_read_only: bool = False,
    author: str | None = None,
    comment: str = "",
) -> None:
    """Write ``plan`` to ``path``: ``.json`` as the plain interchange plan; a new ``.slaplan``
    file holds it as version 1 of one proposal; an existing ``.slaplan`` file gets it as the
    next version of the proposal a plain file name opens (nothing earlier is lost; an agreed,
    locked proposal refuses it).

    A symbolic link is followed (the file it points to is written). An existing read-only file
    is refused unless ``overwrite_read_only`` (the window asks first).

    Raises:
        PlanFileError: the file could not be written, or is read-only; any existing file at
            ``path`` is untouched.
        ValidationError: the proposal is agreed and locked.
    """
    path = Path(path)
    who = author_name() if author is None else author
    if path.suffix.lower() == JSON_SUFFIX:
        payload = json.dumps(_tidy_numbers(plan.to_dict()), indent=2, ensure_ascii=False) + "\n"
        atomic_write(
            path, lambda tmp: tmp.write_text(payload, encoding="utf-8"), overwrite_read_only=overwrite_read_only
        )
        return
    if _is_slaplan_file(path):
        target = path.resolve()
        if not overwrite_read_only and is_read_only(target):
            raise ReadOnlyFileError(f"{path}: the file is read-only; it was not changed")
        with made_writable(target):
            store = file_store(target)
            agreement = store.read()
            proposal, _version = agreement.default_version()
            store.save_version(proposal.name, plan, parent=proposal.head.number, author=who, comment=comment)
        return
    save_agreement(
        new_agreement(plan, author=who, comment=comment or "Created"), path, overwrite_read_only=overwrite_read_only
    )


def save_agreement(agreement: Agreement, path: str | os.PathLike[str], *, overwrite_read_only: bool = False) -> None:
    """Write a whole agreement to a new file atomically (Save As, copy, convert): ``.slaplan``,
    or ``.json`` (a plain plan when the agreement is one proposal with one unsigned version,
    else the agreement interchange format)."""
    path = Path(path)
    if path.suffix.lower() == JSON_SUFFIX:
        only = agreement.proposals[0]
        if len(agreement.proposals) == 1 and len(only.versions) == 1 and not agreement.signatures:
            data = only.head.plan.to_dict()
        else:
            data = agreement_to_dict(agreement)
        payload = json.dumps(_tidy_numbers(data), indent=2, ensure_ascii=False) + "\n"
        atomic_write(
            path, lambda tmp: tmp.write_text(payload, encoding="utf-8"), overwrite_read_only=overwrite_read_only
        )
        return
    atomic_write(
        path,
        lambda tmp: _write_sqlite(agreement, tmp),
        errors=(OSError, SQLAlchemyError),
        overwrite_read_only=overwrite_read_only,
    )


def history_at_risk(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """(versions, signatures) of the agreement in the existing file ``path`` when writing a new
    file over it would lose history (more than one version, or any signature); else None (no
    such file, a plain plan, one unsigned version, or not readable as an agreement)."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        agreement = load_agreement(path)
    except (PlanFileError, ValidationError):
        return None
    versions = sum(len(p.versions) for p in agreement.proposals)
    signatures = len(agreement.signatures)
    return (versions, signatures) if versions > 1 or signatures else None


def _is_slaplan_file(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _no_implicit_transactions(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event starts each transaction


def _begin_immediate(conn: Connection) -> None:
    """SQLite: take the write lock when the transaction starts, so two writers queue, never deadlock."""
    conn.exec_driver_sql("BEGIN IMMEDIATE")


class FileStore(SqlStore):
    """The agreement store of one ``.slaplan`` file: a disk or database fault while writing
    becomes one plain :class:`PlanFileError`, and the transaction leaves the file as it was."""

    def __init__(self, engine: Engine, agreement_id: int, path: Path):
        super().__init__(engine, agreement_id)
        self.path = path

    def _guard(self, work: Callable[[], _T]) -> _T:
        try:
            return work()
        except (OSError, SQLAlchemyError, sqlite3.Error) as error:
            reason = short_reason(error)
            if "readonly" in reason.replace(" ", "").lower():
                raise ReadOnlyFileError(f"{self.path}: the file is read-only; it was not changed") from None
            raise PlanFileError(f"{self.path}: could not be saved ({reason}); the previous file is unchanged") from None

    def save_version(self, proposal: str, plan: Plan, *, parent: int, author: str, comment: str = "") -> Agreement:
        return self._guard(
            lambda: super(FileStore, self).save_version(proposal, plan, parent=parent, author=author, comment=comment)
        )

    def add_proposal(
        self, name: str, *, copy_of: str | None = None, version: int | None = None, author: str = ""
    ) -> Agreement:
        return self._guard(
            lambda: super(FileStore, self).add_proposal(name, copy_of=copy_of, version=version, author=author)
        )

    def sign(self, proposal: str, signatory: Signatory, *, version: int | None = None) -> Signature:
        return self._guard(lambda: super(FileStore, self).sign(proposal, signatory, version=version))


def file_store(path: str | os.PathLike[str]) -> FileStore:
    """The agreement store of an existing ``.slaplan`` file (brought to today's schema first).

    Each change is one SQLite transaction in place: the file grows by the rows it appends, and
    SQLite's atomic commit keeps it whole if the process stops half-way.
    """
    path = Path(path)
    load_agreement(path)  # checks the file (and that an older one migrates) before anything is written
    with _opened(path) as engine, engine.begin() as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        if revision != head_revision():
            _upgrade(conn)
    engine = create_engine("sqlite://", creator=_connector(path, READ_TIME_LIMIT), poolclass=NullPool)
    event.listen(engine, "connect", _no_implicit_transactions)
    event.listen(engine, "begin", _begin_immediate)
    return FileStore(engine, _only_agreement_id(engine), path)


def _only_agreement_id(engine: Engine) -> int:
    with engine.connect() as conn:
        value = conn.exec_driver_sql("SELECT min(id) FROM agreement").scalar()
    return int(value or 1)


def _tidy_numbers(data: Any) -> Any:
    """Whole floats as integers (50 rather than 50.0), so a JSON plan reads as people wrote it."""
    if isinstance(data, float) and data.is_integer() and abs(data) < 2**53:
        return int(data)
    if isinstance(data, dict):
        return {k: _tidy_numbers(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_tidy_numbers(v) for v in data]
    return data


def _write_sqlite(agreement: Agreement, path: Path) -> None:
    with _opened(path) as engine:
        tables = [Base.metadata.tables[name] for name in ("slaplanner_meta", *AGREEMENT_TABLES)]
        Base.metadata.create_all(engine, tables=tables)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
            conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": head_revision()})
            conn.execute(
                text("INSERT INTO slaplanner_meta (key, value) VALUES ('application', :a), ('written_by', :w)"),
                {"a": APP_ID, "w": __version__},
            )
            create_immutability_triggers(conn)
        with engine.begin() as conn:
            insert_agreement(conn, agreement)


def _file_time(path: Path) -> str | None:
    """When ``path`` was last written, as ISO 8601 in UTC to the second (None if it cannot be told)."""
    from datetime import datetime, timezone

    try:
        return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).replace(microsecond=0).isoformat()
    except (OSError, OverflowError, ValueError):
        return None
