"""Team databases: agreements kept in a shared PostgreSQL database (psycopg 3 through SQLAlchemy).

A location ``postgresql://USER@HOST[:PORT]/DATABASE#AGREEMENT[#PROPOSAL[@VERSION]]`` names one
agreement of a database that holds several (names are unique, compared without case). The
tables are the plan file's (:mod:`slaplanner.storage.agreement_tables`), created and carried
forward by the same Alembic migrations; :class:`DatabaseStore` is the file's
:class:`~slaplanner.storage.agreements.SqlStore` with PostgreSQL's faults said plainly.

The password comes from the caller (the window asks for it), else the system keyring (the
``keyring`` library), else PostgreSQL's own ``PGPASSWORD`` and ``~/.pgpass``, which libpq reads
itself when none is given. It is never written anywhere in plain text by SLA Planner.

No lost update: a save moves the proposal's head by compare-and-swap in one transaction
(:meth:`SqlStore.save_version`). Under PostgreSQL's default READ COMMITTED isolation a second
writer's ``UPDATE proposal ... WHERE head = :parent`` waits for the first to commit, then finds
the head moved and changes no row: the save is refused and nothing of either is lost.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from slaplanner.agreement.model import Agreement, Signatory, Signature
from slaplanner.errors import PlanFileError, cut_text
from slaplanner.files import short_reason
from slaplanner.imports.actuals import Actuals
from slaplanner.plan.model import Plan
from slaplanner.storage import APP_ID, _script_directory, _upgrade, head_revision, known_revisions
from slaplanner.storage.agreements import AgreementInfo, SqlStore, insert_agreement, list_agreements
from slaplanner.storage.location import Location, parse_location

_T = TypeVar("_T")

DEFAULT_PORT = 5432
#: The keyring's service name; the account is :meth:`DatabaseAddress.keyring_account`.
KEYRING_SERVICE = "SLA Planner team database"
#: How long connecting may take before the server counts as unreachable, in seconds.
CONNECT_TIMEOUT = 10
#: Migrations of one database never run twice at once (any number; SLA Planner's own).
_MIGRATION_LOCK = 0x51A_9_1A2
#: Everything a role needs to save and sign (the editor role of docs/team-database.md).
_MAY_SAVE = (
    "SELECT has_column_privilege('proposal', 'head', 'UPDATE') AND has_table_privilege('plan_version', 'INSERT') "
    "AND has_table_privilege('signature', 'INSERT')"
)

#: What went wrong with a team database; the window chooses its words from this, not the text.
FAULT_KINDS = (
    "unreachable",  # the server cannot be reached (down, wrong host or port, the connection broke)
    "authentication",  # the password is wrong or missing
    "permission",  # the role may read but not save or sign
    "no_database",  # no database of that name on the server
    "not_set_up",  # the database holds no SLA Planner tables yet
    "newer",  # written by a newer SLA Planner
    "no_agreement",  # no agreement of that name
    "name_taken",  # an agreement of that name exists already
    "failed",  # anything else the server refused
)


class DatabaseError(PlanFileError):
    """A team database could not be used: ``kind`` (one of :data:`FAULT_KINDS`) says why, as data;
    the message is the plain sentence for people."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class DatabaseAddress:
    """Where a team database is: host, port, database and user (never the password).

    ``host`` "" is libpq's default (the local socket); ``options`` holds extra connection
    settings from the URL's query (``sslmode=require``, ``host=/run/postgresql``).
    """

    host: str = ""
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""
    options: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_url(cls, url: str) -> DatabaseAddress:
        """``postgresql://USER@HOST[:PORT]/DATABASE`` (``postgres://`` too; a password in it is ignored)."""
        try:
            parsed = make_url(url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url)
        except (ArgumentError, ValueError):
            raise DatabaseError("failed", f"{cut_text(url)}: not a database address") from None
        if not parsed.database:
            raise DatabaseError(
                "failed", f"{parsed.render_as_string()}: name the database: postgresql://USER@HOST[:PORT]/DATABASE"
            )
        options = tuple(
            sorted((k, v if isinstance(v, str) else v[-1]) for k, v in parsed.query.items() if k != "password")
        )
        return cls(parsed.host or "", parsed.port or DEFAULT_PORT, parsed.database, parsed.username or "", options)

    @property
    def url(self) -> str:
        """The address as a location starts: ``postgresql://USER@HOST:PORT/DATABASE`` (no password)."""
        return self._url(None).render_as_string(hide_password=True).replace("postgresql+psycopg://", "postgresql://")

    def _url(self, password: str | None) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=self.user or None,
            password=password or None,
            host=self.host or None,
            port=self.port,
            database=self.database,
            query=dict(self.options),
        )

    @property
    def keyring_account(self) -> str:
        """The keyring's account name for this address's password."""
        return f"{self.user}@{self.host or 'localhost'}:{self.port}/{self.database}"

    def describe(self) -> str:
        """The database as people read it: "sla on db.example.com:5432"."""
        return f"{self.database} on {self.host or 'localhost'}:{self.port}"


# -- the system keyring ------------------------------------------------------------------------
def keyring_problem() -> str | None:
    """None when a system keyring can keep passwords, else a sentence saying there is none."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        chained = getattr(backend, "backends", None)
        if isinstance(backend, fail.Keyring) or chained == []:
            return "no system keyring is available on this computer, so the password is asked for each time"
    except Exception as error:  # a keyring backend may fail in many ways; none may stop the app
        return f"the system keyring cannot be used ({short_reason(error)}), so the password is asked for each time"
    return None


def stored_password(address: DatabaseAddress) -> str | None:
    """The password the system keyring keeps for ``address``, or None (no keyring, none kept)."""
    try:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, address.keyring_account)
    except Exception:  # no backend, a locked keyring, no D-Bus: libpq's PGPASSWORD / ~/.pgpass then
        return None
    return value if isinstance(value, str) and value else None


def keep_password(address: DatabaseAddress, password: str) -> str | None:
    """Keep ``password`` in the system keyring; None when kept, else why it was not."""
    problem = keyring_problem()
    if problem is not None:
        return problem
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, address.keyring_account, password)
    except Exception as error:
        return f"the password was not kept in the system keyring ({short_reason(error)})"
    return None


# -- faults, said plainly --------------------------------------------------------------------------
def fault(error: BaseException, address: DatabaseAddress) -> DatabaseError:
    """The :class:`DatabaseError` for a driver or SQLAlchemy error met while using ``address``."""
    if isinstance(error, DatabaseError):
        return error
    original = getattr(error, "orig", None) or error
    sqlstate = str(getattr(original, "sqlstate", "") or "")
    reason = " ".join(short_reason(original).split())
    lowered = reason.lower()
    where = f"{address.host or 'localhost'}:{address.port}"
    if sqlstate == "42501" or "permission denied" in lowered:
        return DatabaseError(
            "permission",
            f"this database role ({address.user or 'your user'}) may open and export but not save or sign; "
            "ask the database's owner for the editor role (docs/team-database.md)",
        )
    if sqlstate in ("28P01", "28000") or "password authentication failed" in lowered or "no password" in lowered:
        return DatabaseError(
            "authentication",
            f"authentication failed for {address.user or 'your user'} on {where}: the password is wrong or missing "
            "(give it when asked, keep it in the system keyring, or set PGPASSWORD or ~/.pgpass)",
        )
    if sqlstate == "3D000" or ("database" in lowered and "does not exist" in lowered):
        return DatabaseError("no_database", f"there is no database {address.database} on {where}")
    if sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03") or _is_connection_error(original):
        lines = [line.strip() for line in short_reason(original).splitlines() if line.strip()] or [reason]
        why = lines[0].rsplit("failed:", 1)[-1].strip() or reason  # libpq: "connection to server at ... failed: WHY"
        return DatabaseError(
            "unreachable", f"the database server {where} cannot be reached ({cut_text(why)}); nothing was changed there"
        )
    return DatabaseError("failed", f"{address.describe()}: the database refused it ({cut_text(reason)})")


def _is_connection_error(error: BaseException) -> bool:
    import psycopg

    return isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError, OSError))


def _guarded(address: DatabaseAddress, work: Callable[[], _T]) -> _T:
    try:
        return work()
    except DatabaseError:
        raise
    except (SQLAlchemyError, OSError) as error:
        raise fault(error, address) from None
    except Exception as error:
        if _is_connection_error(error):
            raise fault(error, address) from None
        raise


# -- connecting and the schema ---------------------------------------------------------------------
def connect(address: DatabaseAddress, password: str | None = None) -> Engine:
    """An engine for ``address``; the password is ``password``, else the keyring's, else libpq's own
    (``PGPASSWORD``, ``~/.pgpass``). Nothing connects until the engine is used."""
    secret = password or stored_password(address)
    return create_engine(
        address._url(secret),
        pool_size=2,
        max_overflow=4,
        pool_pre_ping=True,  # a server restart between two saves is met by a new connection
        connect_args={"connect_timeout": CONNECT_TIMEOUT, "application_name": APP_ID},
    )


def schema_revision(conn: Connection) -> str | None:
    """The database's schema revision (Alembic's), or None when it holds no SLA Planner tables."""
    if conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None:
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _check_revision(conn: Connection, address: DatabaseAddress) -> None:
    revision = schema_revision(conn)
    if revision is None:
        raise DatabaseError(
            "not_set_up",
            f"{address.describe()} holds no SLA Planner agreements yet; copy one in with "
            f"'slaplanner convert FILE {address.url}#NAME' (as the database's owner)",
        )
    if revision != head_revision():
        if revision not in known_revisions():
            raise DatabaseError(
                "newer",
                f"{address.describe()} was set up by a newer version of SLA Planner (schema {revision}, "
                f"this version reads up to {head_revision()}); update SLA Planner to open it",
            )
        raise _older(address, revision)


def _older(address: DatabaseAddress, revision: str) -> DatabaseError:
    return DatabaseError(
        "not_set_up",
        f"{address.describe()} holds agreements in an older layout (schema {revision}); the database's owner "
        "brings it up to date by opening it once with this version of SLA Planner",
    )


def _up_to_date(engine: Engine, address: DatabaseAddress) -> None:
    """Carry an older database forward when this role may (the owner); else say who can."""

    def work() -> str | None:
        with engine.connect() as conn:
            return schema_revision(conn)

    revision = _guarded(address, work)
    if revision is None or revision == head_revision() or revision not in known_revisions():
        return  # nothing to carry forward (the read that follows says what is wrong, if anything)
    try:
        prepare(engine, address)
    except DatabaseError as error:
        if error.kind != "permission":
            raise
        raise _older(address, revision) from None


def prepare(engine: Engine, address: DatabaseAddress) -> None:
    """Create or carry forward SLA Planner's tables (Alembic migrations; needs the owner role).

    Two clients never migrate at once (an advisory lock); a database already at today's schema
    is left alone, so editors and readers never need the right to create tables.
    """

    def work() -> None:
        with engine.begin() as conn:
            revision = schema_revision(conn)
            if revision == head_revision():
                return
            if revision is not None and revision not in known_revisions():
                _check_revision(conn, address)
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            if schema_revision(conn) != head_revision():
                _script_directory()  # loaded outside Alembic's run, once
                _upgrade(conn)

    _guarded(address, work)


# -- agreements in a database --------------------------------------------------------------------
def _agreement_id(conn: Connection, name: str) -> int | None:
    value = conn.execute(
        text("SELECT id FROM agreement WHERE lower(name) = lower(:n) ORDER BY id LIMIT 1"), {"n": name}
    ).scalar()
    return int(value) if value is not None else None


class DatabaseStore(SqlStore):
    """The agreement store of one agreement in a team database: every change is one transaction
    (a broken connection leaves the database as it was) and every fault one plain
    :class:`DatabaseError`; a conflict or a locked proposal is the model's ``ValidationError``."""

    def __init__(self, engine: Engine, agreement_id: int, address: DatabaseAddress, name: str):
        super().__init__(engine, agreement_id)
        self.address = address
        self.name = name

    @property
    def location(self) -> str:
        """The agreement's location: ``postgresql://USER@HOST:PORT/DATABASE#NAME``."""
        return f"{self.address.url}#{self.name}"

    def describe(self) -> str:
        return f"{self.name} in {self.address.describe()}"

    def may_save(self) -> bool:
        """Whether this role may save versions and sign (the editor's or owner's rights)."""

        def work() -> bool:
            with self.engine.connect() as conn:
                return bool(conn.execute(text(_MAY_SAVE)).scalar())

        return _guarded(self.address, work)

    def read(self) -> Agreement:
        return _guarded(self.address, super().read)

    def keep_actuals(self, actuals: Actuals | None) -> None:
        """Keep the review's actuals with this agreement (replacing earlier ones), one transaction."""
        from slaplanner.storage.actuals import store_actuals

        _guarded(self.address, lambda: store_actuals(self, actuals))

    def kept_actuals(self) -> Actuals | None:
        """The actuals kept with this agreement, or None."""
        from slaplanner.storage.actuals import stored_actuals

        return _guarded(self.address, lambda: stored_actuals(self))

    def save_version(self, proposal: str, plan: Plan, *, parent: int, author: str, comment: str = "") -> Agreement:
        return _guarded(
            self.address,
            lambda: super(DatabaseStore, self).save_version(
                proposal, plan, parent=parent, author=author, comment=comment
            ),
        )

    def add_proposal(
        self, name: str, *, copy_of: str | None = None, version: int | None = None, author: str = ""
    ) -> Agreement:
        return _guarded(
            self.address,
            lambda: super(DatabaseStore, self).add_proposal(name, copy_of=copy_of, version=version, author=author),
        )

    def sign(self, proposal: str, signatory: Signatory, *, version: int | None = None) -> Signature:
        return _guarded(self.address, lambda: super(DatabaseStore, self).sign(proposal, signatory, version=version))

    def close(self) -> None:
        """Close the store's connections (a new use connects again)."""
        self.engine.dispose()


def _where(location: str | Location) -> Location:
    where = parse_location(location) if isinstance(location, str) else location
    if where.url is None:
        raise DatabaseError("failed", f"{where.describe()}: not a database location")
    if not where.agreement:
        raise DatabaseError(
            "no_agreement", f"{where.url}: name the agreement: {where.url}#AGREEMENT (slaplanner agreements lists them)"
        )
    return where


def open_store(location: str | Location, password: str | None = None) -> DatabaseStore:
    """The store of the agreement a database location names (``URL#AGREEMENT[...]``)."""
    where = _where(location)
    assert where.url is not None and where.agreement is not None
    address = DatabaseAddress.from_url(where.url)
    engine = connect(address, password)
    name = where.agreement

    def work() -> int | None:
        with engine.connect() as conn:
            _check_revision(conn, address)
            return _agreement_id(conn, name)

    try:
        _up_to_date(engine, address)
        agreement_id = _guarded(address, work)
    except DatabaseError:
        engine.dispose()
        raise
    if agreement_id is None:
        engine.dispose()
        raise DatabaseError(
            "no_agreement",
            f"there is no agreement named {name} in {address.describe()} ('slaplanner agreements {address.url}' "
            "lists them)",
        )
    return DatabaseStore(engine, agreement_id, address, name)


def read_agreement_at(location: str | Location, password: str | None = None) -> Agreement:
    """The whole agreement a database location names."""
    store = open_store(location, password)
    try:
        return store.read()
    finally:
        store.close()


def agreements_at(address: DatabaseAddress | str, password: str | None = None) -> list[AgreementInfo]:
    """Every agreement in a team database, by name: status, proposals, last change and who made it."""
    address = DatabaseAddress.from_url(address) if isinstance(address, str) else address
    engine = connect(address, password)

    def work() -> list[AgreementInfo]:
        with engine.connect() as conn:
            _check_revision(conn, address)
            return list_agreements(conn)

    try:
        _up_to_date(engine, address)
        return _guarded(address, work)
    finally:
        engine.dispose()


def copy_into(agreement: Agreement, location: str | Location, password: str | None = None) -> DatabaseStore:
    """Copy a whole agreement (every proposal, version and signature) into a team database under
    the name the location gives; the database's tables are created or carried forward first
    (the owner's right). Refused when an agreement of that name is there already."""
    where = _where(location)
    assert where.url is not None and where.agreement is not None
    address = DatabaseAddress.from_url(where.url)
    name = where.agreement
    engine = connect(address, password)
    taken = DatabaseError(
        "name_taken",
        f"{address.describe()} already holds an agreement named {name}; choose another name "
        "(agreement names are unique in a database)",
    )

    def work() -> int:
        try:
            with engine.begin() as conn:
                if _agreement_id(conn, name) is not None:
                    raise taken
                return insert_agreement(conn, dataclasses.replace(agreement, name=name))
        except IntegrityError:  # another client copied one of that name in at the same moment
            raise taken from None

    try:
        prepare(engine, address)
        agreement_id = _guarded(address, work)
    except BaseException:
        engine.dispose()
        raise
    return DatabaseStore(engine, agreement_id, address, name)


def copy_agreement_into(agreement: Agreement, location: str | Location, password: str | None = None) -> str:
    """:func:`copy_into`, closing the store; returns the agreement's location."""
    store = copy_into(agreement, location, password)
    store.close()
    return store.location
