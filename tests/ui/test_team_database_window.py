"""File > Open from Team Database… against a throwaway PostgreSQL server: the dialog lists the
agreements and remembers the connection without the password; two windows on one agreement:
one saves, the other is refused and keeps its work; a read-only role is told plainly."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest_pg import SUPERUSER_PASSWORD

from slaplanner.agreement.model import new_agreement
from slaplanner.storage import database as db
from ui.document import PlanDocument
from ui.mainwindow import MainWindow
from ui.qt import QDialog
from ui.team_database import TeamDatabaseDialog, open_from_team_database


def deals(plan, amount):
    return replace(plan, terms=replace(plan.terms, average_deal_size=amount))


@pytest.fixture
def agreement_location(pg_database, sample_plan):
    db.copy_agreement_into(new_agreement(sample_plan, author="RevOps"), f"{pg_database}#FY2026 SLA")
    db.copy_agreement_into(new_agreement(sample_plan, author="Ann"), f"{pg_database}#Other")
    return f"{pg_database}#FY2026 SLA"


def fill(dialog: TeamDatabaseDialog, url: str, password: str = "") -> None:
    address = db.DatabaseAddress.from_url(url)
    dialog.host.setText(address.host)
    dialog.port.setValue(address.port)
    dialog.database.setText(address.database)
    dialog.user.setText(address.user)
    dialog.secret.setText(password)


def test_the_dialog_lists_agreements_and_remembers_the_connection_not_the_password(
    qtbot, settings, pg_database, agreement_location, monkeypatch, tmp_path
):
    monkeypatch.delenv("PGPASSWORD")
    dialog = TeamDatabaseDialog(None, settings)
    qtbot.addWidget(dialog)
    fill(dialog, pg_database, "wrong")
    assert not dialog.list_agreements()
    assert dialog.status.text().startswith("Authentication failed for postgres")
    dialog.secret.setText(SUPERUSER_PASSWORD)
    assert dialog.list_agreements()
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert names == ["FY2026 SLA", "Other"]
    assert [dialog.table.item(r, 1).text() for r in range(2)] == ["draft", "draft"]
    assert dialog.table.item(1, 3).text() == "Ann"
    dialog.accept_selected()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.location == agreement_location
    settings.sync()
    stored = (tmp_path / "settings.ini").read_text()
    assert db.DatabaseAddress.from_url(pg_database).database in stored and SUPERUSER_PASSWORD not in stored
    again = TeamDatabaseDialog(None, settings)
    qtbot.addWidget(again)
    assert again.address() == db.DatabaseAddress.from_url(pg_database) and again.secret.text() == ""


def test_without_a_keyring_the_dialog_says_so(qtbot, monkeypatch):
    monkeypatch.setattr("ui.team_database.keyring_problem", lambda: "no system keyring is available here")
    dialog = TeamDatabaseDialog()
    qtbot.addWidget(dialog)
    assert not dialog.keep.isEnabled() and "No keyring" in dialog.status.text()


def test_two_windows_one_saves_the_other_is_told_and_loses_nothing(
    qtbot, window, settings, recovery_dir, sample_plan, agreement_location, monkeypatch
):
    def choose(self):
        self.location, self.password = agreement_location, None
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TeamDatabaseDialog, "exec", choose)
    other = MainWindow(PlanDocument(sample_plan), settings=settings)
    qtbot.addWidget(other)
    other.errors = []
    for win in (window, other):
        assert open_from_team_database(win)
        assert win.document.display_name == "FY2026 SLA" and win.document.path is None
    window.document.commit(deals(sample_plan, 70_000), "deal size")
    assert window.files.save()
    assert window.errors == [] and "version 2" in window.statusBar().currentMessage()
    mine = deals(sample_plan, 80_000)
    other.document.commit(mine, "deal size")
    assert not other.files.save()
    title, message = other.errors[-1]
    assert title == "The plan was not saved" and "your work is still open" in message
    assert other.document.plan == mine and other.document.is_modified  # nothing lost
    assert db.read_agreement_at(agreement_location).proposal("Plan").head.plan.terms.average_deal_size == 70_000
    for win in (window, other):
        win.document.session.database.close()


def test_a_read_only_role_is_told_plainly(qtbot, window, postgres_server, sample_plan, agreement_location, monkeypatch):
    name = db.DatabaseAddress.from_url(agreement_location.partition("#")[0]).database
    postgres_server.psql(
        f"CREATE ROLE {name}_reader LOGIN PASSWORD 'read'; "
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {name}_reader",
        database=name,
    )
    location = agreement_location.replace("postgres@", f"{name}_reader@")

    def choose(self):
        self.location, self.password = location, "read"
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TeamDatabaseDialog, "exec", choose)
    assert open_from_team_database(window)
    assert "may open and export but not save or sign" in window.statusBar().currentMessage()
    window.document.commit(deals(sample_plan, 1_000), "deal size")
    assert not window.files.save()
    assert window.errors[-1][1].startswith(f"This database role ({name}_reader) may open and export but not save")
    window.document.session.database.close()
