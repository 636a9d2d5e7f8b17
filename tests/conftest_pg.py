"""A throwaway PostgreSQL server for the team-database tests (Debian's ``postgresql`` package).

``postgres_server`` (session scope) runs ``initdb`` in a temporary folder and ``pg_ctl start``
on a Unix socket in that folder and a free port on 127.0.0.1, with password (SCRAM)
authentication over TCP; it stops the server and removes the folder after the session. As root
(initdb refuses root) the server runs as the ``postgres`` user the package creates, or as a
``slaplanner-test`` user made with ``useradd``.

Where the server's programs are missing the tests skip and say which package gives them,
except in CI (``CI`` set), where they fail: ``.ci/run`` installs the package.

``pg_database`` gives each test a new, empty database and its location
``postgresql://postgres@127.0.0.1:PORT/NAME`` with ``PGPASSWORD`` set, as a user's shell would.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SUPERUSER = "postgres"
SUPERUSER_PASSWORD = "owner-secret-for-tests"
TEST_USER = "slaplanner-test"


def server_programs() -> Path | None:
    """The folder holding initdb and pg_ctl (the newest installed PostgreSQL), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> list[str]:
    """The command prefix that runs the server as a user other than root (nothing when not root)."""
    if os.geteuid() != 0:
        return []
    for user in ("postgres", TEST_USER):
        try:
            pwd.getpwnam(user)
            return ["runuser", "-u", user, "--"]
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", TEST_USER], check=True)
    return ["runuser", "-u", TEST_USER, "--"]


@dataclass
class PostgresServer:
    """A running throwaway cluster: where it listens and how its superuser connects."""

    folder: Path
    bin: Path
    port: int
    run_as: list[str]
    host: str = "127.0.0.1"
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@{self.host}:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres", user: str = SUPERUSER) -> str:
        """Run SQL as ``user`` (the superuser) over the Unix socket (trusted); returns psql's output."""
        done = subprocess.run(
            [*self.run_as, str(self.bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At",
             "-h", str(self.socket_dir), "-p", str(self.port), "-U", user, "-d", database, "-f", "-"],
            input=sql, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def new_database(self) -> str:
        """A new empty database's name."""
        name = f"sla_test_{next(self._counter)}"
        self.psql(f"CREATE DATABASE {name}")
        return name

    def stop(self) -> None:
        subprocess.run(
            [*self.run_as, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"],
            capture_output=True, check=False,
        )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server() -> PostgresServer:
    """Start a throwaway cluster (the caller stops it); skips or, in CI, fails when PostgreSQL is absent."""
    programs = server_programs()
    if programs is None:
        reason = "PostgreSQL's server programs (initdb, pg_ctl; Debian package postgresql) are not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI installs them, so the team-database tests must run there")
        pytest.skip(reason)
    run_as = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="slaplanner-pg-"))
    (folder / "socket").mkdir()
    password_file = folder / "pw"
    password_file.write_text(SUPERUSER_PASSWORD + "\n")
    if run_as:
        user = run_as[2]
        shutil.chown(folder, user)
        shutil.chown(folder / "socket", user)
        shutil.chown(password_file, user)
    folder.chmod(0o700)
    port = _free_port()
    server = PostgresServer(folder, programs, port, run_as)
    try:
        subprocess.run(
            [*run_as, str(programs / "initdb"), "-D", str(folder / "data"), "-U", SUPERUSER,
             "--pwfile", str(password_file), "--auth-local=trust", "--auth-host=scram-sha-256",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        settings = (
            f"-p {port} -k {folder / 'socket'} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40"
        )
        subprocess.run(
            [*run_as, str(programs / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "server.log"),
             "-o", settings, "-w", "-t", "60", "start"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    except subprocess.CalledProcessError as error:
        log = folder / "server.log"
        detail = (error.stderr or "") + (log.read_text() if log.exists() else "")
        server.stop()
        pytest.fail(f"the throwaway PostgreSQL server did not start: {detail.strip()[-2000:]}")
    return server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = start_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_database(postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new, empty database: its address ``postgresql://postgres@127.0.0.1:PORT/NAME`` (PGPASSWORD set)."""
    monkeypatch.setenv("PGPASSWORD", SUPERUSER_PASSWORD)
    return postgres_server.url(postgres_server.new_database())
