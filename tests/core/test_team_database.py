"""Issue 12: the agreement store on PostgreSQL as on SQLite; no lost update with two concurrent
writers; versions and signatures immutable in the database; the roles of docs/team-database.md;
faults said plainly; the password from the keyring or PGPASSWORD.

The store tests run on both back ends (``backend`` is "sqlite" or "postgresql"); PostgreSQL's
are against a throwaway server (``tests/conftest_pg.py``).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest_pg import SUPERUSER_PASSWORD, PostgresServer
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError

from slaplanner.agreement.model import Signatory, new_agreement
from slaplanner.errors import ValidationError
from slaplanner.storage import database as db
from slaplanner.storage import file_store, load_plan, open_location, save_agreement
from slaplanner.storage.session import AgreementSession

DOC = Path(__file__).resolve().parents[2] / "docs" / "team-database.md"


def bigger_deals(plan, amount: float):
    return replace(plan, terms=replace(plan.terms, average_deal_size=amount))


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def open_store(backend, sample_plan, tmp_path, request):
    """A function giving a new store on one shared agreement (each call: another window)."""
    agreement = new_agreement(sample_plan, author="RevOps")
    if backend == "sqlite":
        path = tmp_path / "sla.slaplan"
        save_agreement(agreement, path)
        return lambda: file_store(path)
    url = request.getfixturevalue("pg_database")
    location = f"{url}#FY2026 SLA"
    db.copy_agreement_into(agreement, location)
    stores: list[db.DatabaseStore] = []

    def make() -> db.DatabaseStore:
        stores.append(db.open_store(location))
        return stores[-1]

    request.addfinalizer(lambda: [s.close() for s in stores])
    return make


# -- the same store on both ---------------------------------------------------------------------
def test_an_agreement_reads_back_whole(open_store, sample_plan):
    store = open_store()
    store.add_proposal("Sales counter", copy_of="Plan", author="Sam")
    store.save_version("Sales counter", bigger_deals(sample_plan, 99_000), parent=1, author="Sam", comment="bigger")
    store.sign("Plan", Signatory("Ann", "marketing", "VP Marketing"))
    again = open_store().read()
    assert [p.name for p in again.proposals] == ["Plan", "Sales counter"]
    counter = again.proposal("Sales counter")
    assert counter.head.number == 2 and counter.head.plan.terms.average_deal_size == 99_000
    assert counter.head.author == "Sam" and counter.head.comment == "bigger" and counter.head.intact
    assert again.proposal("Plan").head.plan == sample_plan
    assert [(s.name, s.side, s.title) for s in again.signatures] == [("Ann", "marketing", "VP Marketing")]


def test_a_second_window_is_refused_and_nothing_is_lost(open_store, sample_plan):
    first, second = open_store(), open_store()
    first.save_version("Plan", bigger_deals(sample_plan, 70_000), parent=1, author="Ann")
    with pytest.raises(ValidationError) as refused:
        second.save_version("Plan", bigger_deals(sample_plan, 80_000), parent=1, author="Bob")
    problem = refused.value.problems[0]
    assert problem.kind == "conflict" and "Ann" in str(problem)
    head = open_store().read().proposal("Plan").head
    assert head.number == 2 and head.plan.terms.average_deal_size == 70_000


def test_two_concurrent_writers_one_wins_the_other_is_refused(open_store, sample_plan):
    """Two threads, each with its own connection, save on top of version 1 at the same moment."""
    stores = [open_store(), open_store()]
    start = threading.Barrier(2)
    outcome: dict[float, str] = {}

    def writer(store, amount: float) -> None:
        start.wait()
        try:
            store.save_version("Plan", bigger_deals(sample_plan, amount), parent=1, author=f"writer {amount:.0f}")
            outcome[amount] = "saved"
        except ValidationError as error:
            outcome[amount] = error.problems[0].kind

    threads = [threading.Thread(target=writer, args=(s, a)) for s, a in zip(stores, (61_000.0, 62_000.0))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcome.values()) == ["conflict", "saved"]
    winner = next(a for a, o in outcome.items() if o == "saved")
    plan = open_store().read().proposal("Plan")
    assert [v.number for v in plan.versions] == [1, 2]
    assert plan.head.plan.terms.average_deal_size == winner and plan.head.author == f"writer {winner:.0f}"


@pytest.mark.parametrize("statement", ["UPDATE plan_version SET comment = 'edited'", "DELETE FROM plan_version"])
def test_saved_versions_cannot_be_changed(open_store, statement):
    store = open_store()
    with pytest.raises(DBAPIError, match="never changed or deleted"), store.engine.begin() as conn:
        conn.execute(text(statement))
    assert open_store().read().proposal("Plan").head.comment == "Created"


def test_signatures_cannot_be_changed(open_store):
    store = open_store()
    store.sign("Plan", Signatory("Ann", "marketing"))
    store.sign("Plan", Signatory("Bob", "sales"))
    for statement in ("UPDATE signature SET name = 'Mallory'", "DELETE FROM signature"):
        with pytest.raises(DBAPIError, match="never changed or deleted"), store.engine.begin() as conn:
            conn.execute(text(statement))
    again = open_store().read()
    assert again.status("Plan") == "agreed" and {s.name for s in again.signatures} == {"Ann", "Bob"}


# -- PostgreSQL: waiting writers, faults, roles, several agreements ---------------------------------
def test_a_writer_waiting_on_an_uncommitted_save_is_refused_after_it_commits(pg_database, sample_plan):
    """The compare-and-swap's row lock: the second UPDATE waits for the first transaction, then
    finds the head moved (READ COMMITTED re-checks the WHERE) and changes nothing."""
    location = f"{pg_database}#SLA"
    db.copy_agreement_into(new_agreement(sample_plan, author="RevOps"), location)
    first, second = db.open_store(location), db.open_store(location)
    result: list[object] = []
    try:
        with first.engine.connect() as conn:
            transaction = conn.begin()
            moved = conn.execute(text("UPDATE proposal SET head = 2 WHERE head = 1")).rowcount
            assert moved == 1
            waiting = threading.Thread(
                target=lambda: result.append(_try_save(second, bigger_deals(sample_plan, 5_000)))
            )
            waiting.start()
            time.sleep(0.5)
            assert waiting.is_alive(), "the second writer must wait for the first transaction"
            transaction.rollback()  # the first writer gives up: the second may now save
        waiting.join(30)
        assert result == ["saved"]
        with first.engine.connect() as conn:
            transaction = conn.begin()
            conn.execute(text("UPDATE proposal SET head = 3 WHERE head = 2"))
            waiting = threading.Thread(
                target=lambda: result.append(_try_save(second, bigger_deals(sample_plan, 6_000), parent=2))
            )
            waiting.start()
            time.sleep(0.5)
            assert waiting.is_alive()
            conn.execute(
                text(
                    "INSERT INTO plan_version SELECT proposal_id, 3, fingerprint, content, saved_at, 'Ann', '' "
                    "FROM plan_version WHERE number = 2"
                )
            )
            transaction.commit()
        waiting.join(30)
        assert result == ["saved", "conflict"]
        assert [v.author for v in first.read().proposal("Plan").versions][-1] == "Ann"
    finally:
        first.close()
        second.close()


def _try_save(store, plan, parent: int = 1) -> str:
    try:
        store.save_version("Plan", plan, parent=parent, author="Bob")
    except ValidationError as error:
        return error.problems[0].kind
    return "saved"


def test_a_connection_lost_during_a_save_leaves_the_database_as_it_was(pg_database, sample_plan, monkeypatch):
    import psycopg

    from slaplanner.storage import agreements

    location = f"{pg_database}#SLA"
    store = db.copy_into(new_agreement(sample_plan), location)

    def lost(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, psycopg.OperationalError("server closed the connection unexpectedly"))

    monkeypatch.setattr(agreements, "_version_row", lost)
    with pytest.raises(db.DatabaseError) as failed:
        store.save_version("Plan", bigger_deals(sample_plan, 1_000), parent=1, author="Ann")
    assert failed.value.kind == "unreachable" and "cannot be reached" in str(failed.value)
    monkeypatch.undo()
    assert [v.number for v in store.read().proposal("Plan").versions] == [1]  # the head did not move
    store.save_version("Plan", bigger_deals(sample_plan, 1_000), parent=1, author="Ann")  # and saving still works
    store.close()


def test_faults_are_said_plainly(pg_database, postgres_server, sample_plan, monkeypatch):
    def kind_of(call) -> tuple[str, str]:
        with pytest.raises(db.DatabaseError) as failed:
            call()
        return failed.value.kind, str(failed.value)

    kind, message = kind_of(lambda: db.agreements_at(pg_database))
    assert kind == "not_set_up" and "holds no SLA Planner agreements yet" in message
    db.copy_agreement_into(new_agreement(sample_plan), f"{pg_database}#SLA")
    kind, message = kind_of(lambda: db.copy_agreement_into(new_agreement(sample_plan), f"{pg_database}#sla"))
    assert kind == "name_taken"
    kind, message = kind_of(lambda: load_plan(f"{pg_database}#Nothing"))
    assert kind == "no_agreement" and "slaplanner agreements" in message
    kind, message = kind_of(lambda: db.agreements_at(postgres_server.url("no_such_db")))
    assert kind == "no_database"
    closed = db.DatabaseAddress.from_url(pg_database).port + 1
    kind, message = kind_of(lambda: db.agreements_at(f"postgresql://postgres@127.0.0.1:{closed}/x"))
    assert kind == "unreachable" and f"127.0.0.1:{closed} cannot be reached" in message
    monkeypatch.setenv("PGPASSWORD", "wrong")
    kind, message = kind_of(lambda: db.agreements_at(pg_database))
    assert kind == "authentication" and "password is wrong or missing" in message
    assert "wrong" not in message.replace("is wrong", "")


def test_several_agreements_in_one_database_are_listed(pg_database, sample_plan):
    db.copy_agreement_into(new_agreement(sample_plan, author="Ann"), f"{pg_database}#Beta")
    store = db.copy_into(new_agreement(sample_plan, author="Ann"), f"{pg_database}#Alpha")
    store.save_version("Plan", bigger_deals(sample_plan, 50_000), parent=1, author="Bob")
    store.sign("Plan", Signatory("Ann", "marketing"))
    store.sign("Plan", Signatory("Bob", "sales"))
    store.close()
    found = db.agreements_at(pg_database)
    assert [(a.name, a.status, a.proposals, a.last_author) for a in found] == [
        ("Alpha", "agreed", 1, "Bob"),
        ("Beta", "draft", 1, "Ann"),
    ]
    assert open_location(f"{pg_database}#alpha").plan.terms.average_deal_size == 50_000


def test_a_file_goes_into_the_database_and_back_unchanged(pg_database, sample_plan, tmp_path):
    store = file_store(_saved_file(sample_plan, tmp_path / "a.slaplan"))
    store.add_proposal("Counter", copy_of="Plan", author="Sam")
    store.sign("Plan", Signatory("Ann", "marketing"))
    original = store.read()
    db.copy_agreement_into(original, f"{pg_database}#Copied")
    back = tmp_path / "back.slaplan"
    save_agreement(open_location(f"{pg_database}#Copied").agreement, back)
    assert replace(open_location(back).agreement, name=original.name) == original


def _saved_file(plan, path: Path) -> Path:
    save_agreement(new_agreement(plan, author="RevOps"), path)
    return path


def _doc_sql() -> list[str]:
    blocks = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    create = [b for b in blocks if "CREATE ROLE" in b]
    grants = [b for b in blocks if b.startswith("GRANT")]
    assert len(create) == 1 and len(grants) == 1
    return [create[0], grants[0]]


def test_the_documented_roles_do_what_the_doc_says(postgres_server: PostgresServer, sample_plan, monkeypatch):
    """The SQL of docs/team-database.md, run as written (only the names made unique per run)."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    suffix = f"_{int(time.time() * 1000) % 10**9}"

    def named(sql: str) -> str:
        return re.sub(r"\bsla(_owner|_editor|_reader)?\b", lambda m: f"sla{suffix}{m.group(1) or ''}", sql)

    create, grants = (named(block) for block in _doc_sql())
    postgres_server.psql(create)
    url = {role: postgres_server.url(f"sla{suffix}", f"sla{suffix}_{role}") for role in ("owner", "editor", "reader")}
    password = "change-me"
    db.copy_agreement_into(new_agreement(sample_plan, author="Owner"), f"{url['owner']}#SLA", password)
    postgres_server.psql(grants, database=f"sla{suffix}", user=f"sla{suffix}_owner")

    editor = db.open_store(f"{url['editor']}#SLA", password)
    assert editor.may_save()
    editor.save_version("Plan", bigger_deals(sample_plan, 40_000), parent=1, author="Ed")
    editor.add_proposal("Counter", copy_of="Plan", author="Ed")
    editor.sign("Plan", Signatory("Ed", "marketing"))
    editor.keep_actuals(_small_actuals())  # the editor may replace the review's actuals
    assert editor.kept_actuals() is not None
    with pytest.raises(DBAPIError), editor.engine.begin() as conn:
        conn.execute(text("UPDATE plan_version SET comment = 'x'"))
    with pytest.raises(DBAPIError, match="permission denied"), editor.engine.begin() as conn:
        conn.execute(text("DELETE FROM agreement"))
    editor.close()

    reader = db.open_store(f"{url['reader']}#SLA", password)
    assert not reader.may_save()
    agreement = reader.read()  # open (and so export) works
    assert agreement.proposal("Plan").head.plan.terms.average_deal_size == 40_000
    for refused in (
        lambda: reader.save_version("Plan", sample_plan, parent=2, author="Rita"),
        lambda: reader.sign("Plan", Signatory("Rita", "sales")),
        lambda: reader.add_proposal("Mine", copy_of="Plan"),
        lambda: reader.keep_actuals(None),
    ):
        with pytest.raises(db.DatabaseError) as failed:
            refused()
        assert failed.value.kind == "permission"
        assert str(failed.value).startswith(f"this database role (sla{suffix}_reader) may open and export but not save")
    assert [v.number for v in reader.read().proposal("Plan").versions] == [1, 2]
    reader.close()


def test_a_session_saves_signs_and_keeps_work_on_a_conflict(pg_database, sample_plan, tmp_path):
    """Two windows on one database agreement: one saves, the other is refused and keeps its work."""
    location = f"{pg_database}#SLA"
    db.copy_agreement_into(new_agreement(sample_plan, author="RevOps"), location)
    ann, bob = AgreementSession(), AgreementSession()
    ann.open(location)
    bob.open(f"{location}#Plan")
    assert ann.location == f"{db.DatabaseAddress.from_url(pg_database).url}#SLA" and ann.path is None
    saved = ann.save(bigger_deals(sample_plan, 70_000))
    assert (saved.proposal, saved.version, saved.path) == ("Plan", 2, None)
    bobs_work = bigger_deals(sample_plan, 80_000)
    with pytest.raises(ValidationError) as refused:
        bob.save(bobs_work)
    assert refused.value.problems[0].kind == "conflict"
    assert bob.reload().terms.average_deal_size == 70_000 and bob.base == 2
    assert bob.save(bobs_work).version == 3
    ann.reload()
    ann.sign(Signatory("Ann", "marketing"))
    bob.reload()
    bob.sign(Signatory("Bob", "sales"))
    assert db.read_agreement_at(location).status("Plan") == "agreed"
    with pytest.raises(ValidationError) as locked:  # Ann's window has not seen Bob's signature yet
        ann.save(bigger_deals(sample_plan, 90_000))
    assert locked.value.problems[0].kind == "locked"
    ann.reload()
    amended = ann.save(bigger_deals(sample_plan, 90_000))  # an agreed proposal is never changed
    assert amended.branched and amended.proposal == "Plan (amendment)"
    copy = ann.save(ann.plan_at_base, tmp_path / "copy.slaplan")  # Save As: the session goes on in the file
    assert copy.path == (tmp_path / "copy.slaplan").resolve() and ann.database is None
    for session in (ann, bob):
        if session.database is not None:
            session.database.close()


# -- the password ------------------------------------------------------------------------------
def _memory_keyring():
    """A keyring backend kept in memory (the machine's own keyring is never touched)."""
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.kept: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.kept.get((service, username))

        def set_password(self, service, username, password):
            self.kept[(service, username)] = password

        def delete_password(self, service, username):
            self.kept.pop((service, username), None)

    return MemoryKeyring()


def test_the_password_comes_from_the_keyring(pg_database, sample_plan, monkeypatch):
    import keyring

    db.copy_agreement_into(new_agreement(sample_plan), f"{pg_database}#SLA")
    monkeypatch.delenv("PGPASSWORD")
    address = db.DatabaseAddress.from_url(pg_database)
    previous = keyring.get_keyring()
    memory = _memory_keyring()
    keyring.set_keyring(memory)
    try:
        with pytest.raises(db.DatabaseError) as failed:
            db.agreements_at(address)
        assert failed.value.kind == "authentication"
        assert db.keyring_problem() is None
        assert db.keep_password(address, SUPERUSER_PASSWORD) is None
        assert memory.kept == {(db.KEYRING_SERVICE, address.keyring_account): SUPERUSER_PASSWORD}
        assert [a.name for a in db.agreements_at(address)] == ["SLA"]
    finally:
        keyring.set_keyring(previous)


def test_without_a_keyring_the_app_says_so(monkeypatch):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        problem = db.keyring_problem()
        assert problem is not None and "asked for each time" in problem
        address = db.DatabaseAddress("db.example.com", 5432, "sla", "ann")
        assert db.stored_password(address) is None
        assert db.keep_password(address, "secret") == problem
    finally:
        keyring.set_keyring(previous)


def test_addresses_read_and_print_without_the_password():
    address = db.DatabaseAddress.from_url("postgres://ann:secret@db.example.com:6543/sla?sslmode=require")
    assert (address.user, address.host, address.port, address.database) == ("ann", "db.example.com", 6543, "sla")
    assert address.options == (("sslmode", "require"),)
    assert "secret" not in address.url and address.url.startswith("postgresql://ann@db.example.com:6543/sla")
    assert address.keyring_account == "ann@db.example.com:6543/sla"
    with pytest.raises(db.DatabaseError, match="name the database"):
        db.DatabaseAddress.from_url("postgresql://ann@db.example.com")


def _small_actuals():
    from pathlib import Path

    from slaplanner.imports.actuals import read_actuals

    small = Path(__file__).parents[1] / "data" / "actuals-small.csv"
    return read_actuals(small, time_zone="America/New_York", imported_at="2026-04-01T09:00:00+00:00")


def test_actuals_are_kept_with_the_agreement_in_either_store(open_store):
    """Issue 12: each agreement keeps its actuals too; a second import replaces the first."""
    actuals = _small_actuals()
    store = open_store()
    keep = store.keep_actuals if hasattr(store, "keep_actuals") else None
    if keep is None:  # a plan file: the same functions as the window's
        from slaplanner.storage.actuals import store_actuals, stored_actuals

        store_actuals(store, actuals)
        again = stored_actuals(open_store())
        store_actuals(store, None)
        assert stored_actuals(open_store()) is None
    else:
        keep(actuals)
        again = open_store().kept_actuals()
        keep(None)
        assert open_store().kept_actuals() is None
    assert again is not None and again.file_name == actuals.file_name and again.rows_read == actuals.rows_read
