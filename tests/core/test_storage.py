"""The plan file and the JSON interchange: round trips, atomic saves, clear errors."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slaplanner import storage
from slaplanner.errors import PlanFileError, ValidationError
from slaplanner.plan.model import CommercialTerms, LeadSource, Plan, RateRange
from slaplanner.schema import plan_schema
from slaplanner.storage import load_plan, save_plan


@pytest.mark.parametrize("suffix", [".slaplan", ".json"])
def test_sample_round_trips_losslessly(sample_plan, tmp_path, suffix):
    path = tmp_path / f"plan{suffix}"
    save_plan(sample_plan, path)
    assert load_plan(path) == sample_plan
    # and again, through the other format
    other = tmp_path / ("again.json" if suffix == ".slaplan" else "again.slaplan")
    save_plan(load_plan(path), other)
    assert load_plan(other) == sample_plan


LEGACY = Path(__file__).parents[1] / "data" / "format-0001.slaplan"


def test_json_export_is_the_documented_interchange(sample_plan, tmp_path):
    path = tmp_path / "plan.json"
    save_plan(sample_plan, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, plan_schema())
    assert data["format"] == "slaplanner-plan" and data["format_version"] == 1
    assert Plan.from_dict(data) == sample_plan


def test_schema_refuses_what_the_model_refuses(sample_plan):
    data = sample_plan.to_dict()
    data["sources"][0]["conversion"][0]["likely"] = 1.7
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, plan_schema())
    with pytest.raises(ValidationError):
        Plan.from_dict(data)


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip()
)


@st.composite
def plans(draw):
    horizon = draw(st.integers(1, 36))
    n_stages = draw(st.integers(2, 6))
    sources = []
    for i in range(draw(st.integers(0, 4))):
        lo, mid, hi = sorted(draw(st.floats(0, 1)) for _ in range(3))
        sources.append(
            LeadSource(
                f"{draw(names)} {i}",
                segment=draw(names),
                channel=draw(st.sampled_from(["", "Paid", "Inbound — ünïcode"])),
                volume_mode=draw(st.sampled_from(["monthly", "baseline"])),
                monthly_leads=tuple(draw(st.floats(0, 1e9)) for _ in range(horizon)),
                baseline=draw(st.floats(0, 1e9)),
                seasonality=tuple(draw(st.floats(0, 10)) for _ in range(12)),
                growth=draw(st.floats(-0.5, 1)),
                conversion=tuple(RateRange(lo, mid, hi) for _ in range(n_stages - 1)),
            )
        )
    return Plan(
        name=draw(names),
        currency=draw(st.sampled_from(["USD", "EUR", "GBP"])),
        start_month="2027-03",
        horizon_months=horizon,
        stages=tuple(f"Stage {k}" for k in range(n_stages)),
        sources=tuple(sources),
        terms=CommercialTerms(
            average_deal_size=draw(st.floats(0.01, 1e9)),
            sales_cycle_days=draw(st.floats(0, 730)),
            revenue_target=draw(st.sampled_from([(), tuple(float(i) for i in range(horizon))])),
            marketing_share=draw(st.floats(0, 1)),
        ),
    )


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plans())
def test_any_valid_plan_round_trips(tmp_path, plan):
    for suffix in (".slaplan", ".json"):
        path = tmp_path / f"p{suffix}"
        save_plan(plan, path)
        assert load_plan(path) == plan


def test_interrupted_save_leaves_the_previous_file_intact(sample_plan, tmp_path, monkeypatch):
    """A new file is written whole or not at all (a temporary file replaces the target)."""
    path = tmp_path / "plan.slaplan"
    save_plan(sample_plan, path)
    before = path.read_bytes()

    def crash(agreement, tmp):
        tmp.write_bytes(b"half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage, "_write_sqlite", crash)
    with pytest.raises(PlanFileError, match="could not be saved .*No space left on device.*previous file is unchanged"):
        storage.save_agreement(storage.load_agreement(path), path)
    assert path.read_bytes() == before
    assert load_plan(path) == sample_plan
    assert [p.name for p in tmp_path.iterdir()] == ["plan.slaplan"]  # no temporary file left behind


def test_interrupted_append_leaves_the_file_as_it_was(sample_plan, tmp_path, monkeypatch):
    """Saving into an existing file appends a version in one transaction: a fault rolls it back."""
    import slaplanner.storage.agreements as agreements

    path = tmp_path / "plan.slaplan"
    save_plan(sample_plan, path)

    def crash(proposal_id, version):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(agreements, "_version_row", crash)
    with pytest.raises(PlanFileError, match="could not be saved .*No space left on device.*previous file is unchanged"):
        save_plan(replace(sample_plan, name="Changed"), path)
    agreement = storage.load_agreement(path)
    assert [v.number for v in agreement.proposals[0].versions] == [1]
    assert load_plan(path) == sample_plan


def test_saving_again_appends_a_version_and_keeps_the_first(sample_plan, tmp_path):
    path = tmp_path / "plan.slaplan"
    save_plan(sample_plan, path, author="Anna")
    size = path.stat().st_size
    changed = replace(sample_plan, name="Changed")
    save_plan(changed, path, author="Sam", comment="renamed")
    agreement = storage.load_agreement(path)
    versions = agreement.proposals[0].versions
    assert [(v.number, v.author, v.comment) for v in versions] == [(1, "Anna", "Created"), (2, "Sam", "renamed")]
    assert versions[0].plan == sample_plan and load_plan(path) == changed
    assert load_plan(f"{path}#Plan@1") == sample_plan
    assert path.stat().st_size < 2 * size  # the file grows by the version, not by a copy of everything


def test_saving_into_a_missing_folder_is_a_clear_error(sample_plan, tmp_path):
    with pytest.raises(PlanFileError, match="does not exist"):
        save_plan(sample_plan, tmp_path / "nowhere" / "plan.slaplan")


def test_not_a_plan_gives_a_clear_error(tmp_path):
    text = tmp_path / "notes.slaplan"
    text.write_text("hello")
    with pytest.raises(PlanFileError, match="not an SLA Planner plan"):
        load_plan(text)
    other_db = tmp_path / "other.slaplan"
    with sqlite3.connect(other_db) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(PlanFileError, match="a SQLite database, but not an SLA Planner plan"):
        load_plan(other_db)
    with pytest.raises(PlanFileError, match="no such file"):
        load_plan(tmp_path / "missing.slaplan")
    with pytest.raises(PlanFileError, match="is a folder"):
        load_plan(tmp_path)


def test_bad_json_gives_line_and_column(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"name": "x",\n "sources": [}', encoding="utf-8")
    with pytest.raises(PlanFileError, match=r"not valid JSON \(line 2, column"):
        load_plan(path)
    path.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(PlanFileError, match="not an SLA Planner plan"):
        load_plan(path)
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(PlanFileError):
        load_plan(path)


def test_json_with_a_bom_is_read(sample_plan, tmp_path):
    path = tmp_path / "plan.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(sample_plan.to_dict()).encode())
    assert load_plan(path) == sample_plan


def test_corrupt_file_gives_a_clear_error(sample_plan, tmp_path):
    path = tmp_path / "plan.slaplan"
    save_plan(sample_plan, path)
    data = bytearray(path.read_bytes())
    data[100:] = b"\x00\xff" * ((len(data) - 100) // 2)
    path.write_bytes(bytes(data))
    with pytest.raises(PlanFileError, match="damaged|not an SLA Planner plan|cannot be read"):
        load_plan(path)


def test_file_from_a_newer_version_is_refused(sample_plan, tmp_path):
    path = tmp_path / "plan.slaplan"
    save_plan(sample_plan, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(PlanFileError, match=r"written by a newer version of SLA Planner \(file schema 9999"):
        load_plan(path)


def test_out_of_range_values_in_a_file_are_reported_with_their_path(sample_plan, tmp_path):
    path = tmp_path / "plan.slaplan"
    save_plan(sample_plan, path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER plan_version_no_update")  # a hand edit
        content = json.loads(conn.execute("SELECT content FROM plan_version").fetchone()[0])
        content["sources"][0]["conversion"][0] = {"low": 1.7, "likely": 1.7, "high": 1.7}
        conn.execute("UPDATE plan_version SET content = ?", (json.dumps(content),))
    with pytest.raises(ValidationError, match=r"sources\[0\]\..*1.7"):
        load_plan(path)
    legacy = tmp_path / "legacy.slaplan"
    legacy.write_bytes(LEGACY.read_bytes())
    with sqlite3.connect(legacy) as conn:
        conn.execute("UPDATE conversion_rate SET likely = 1.7, high = 1.7 WHERE transition = 0 AND source_id = 1")
    with pytest.raises(ValidationError, match=r"sources\[0\]\..*1.7"):
        load_plan(legacy)


def test_migrations_build_the_schema_the_code_expects(tmp_path):
    """Alembic's migrations and the ORM must agree: a file made by migrating an empty database
    has exactly the tables and columns the ORM maps (no autogenerate differences)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from slaplanner.storage.agreement_tables import current_metadata

    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.slaplan'}")
    with engine.begin() as conn:
        storage._upgrade(conn)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), current_metadata())
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    engine.dispose()
    assert diff == []
    assert version == storage.head_revision()


def test_a_file_of_every_earlier_format_opens_with_nothing_lost(tmp_path):
    """tests/data holds a file written by the first format (schema 0001) and the plan it was
    written from: opening it migrates a copy (the user's file is untouched) and finds that plan
    as version 1 of one proposal; saving into it migrates it in place and appends version 2."""
    path = tmp_path / "old.slaplan"
    path.write_bytes(LEGACY.read_bytes())
    before = path.read_bytes()
    expected = Plan.from_dict(json.loads(LEGACY.with_suffix(".json").read_text(encoding="utf-8")))
    agreement = storage.load_agreement(path)
    assert [(p.name, [v.number for v in p.versions]) for p in agreement.proposals] == [("Plan", [1])]
    assert agreement.proposals[0].head.plan == expected and agreement.proposals[0].head.intact
    assert agreement.name == expected.name
    assert path.read_bytes() == before
    save_plan(replace(expected, name="Next quarter"), path)
    agreement = storage.load_agreement(path)
    assert [v.plan.name for v in agreement.proposals[0].versions] == [expected.name, "Next quarter"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(storage.head_revision(),)]
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'lead_source'").fetchall() == []


def test_file_records_its_application(sample_plan, tmp_path):
    path = tmp_path / "plan.slaplan"
    save_plan(sample_plan, path)
    with sqlite3.connect(path) as conn:
        meta = dict(conn.execute("SELECT key, value FROM slaplanner_meta"))
    assert meta["application"] == "SLA Planner"


def test_save_keeps_the_file_mode(sample_plan, tmp_path):
    path = tmp_path / "plan.slaplan"
    save_plan(sample_plan, path)
    path.chmod(0o600)
    save_plan(sample_plan, path)
    assert path.stat().st_mode & 0o777 == 0o600


def test_sample_file_is_readable_by_path(sample_plan_path: Path):
    assert load_plan(sample_plan_path).name.startswith("Northwind")


def test_a_failed_first_save_says_no_file_was_written(sample_plan, tmp_path, monkeypatch):
    def crash(agreement, tmp):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage, "_write_sqlite", crash)
    path = tmp_path / "new.slaplan"
    with pytest.raises(PlanFileError, match="no file was written"):
        save_plan(sample_plan, path)
    assert not path.exists()


def test_a_plain_json_plan_was_saved_when_its_file_was_written(sample_plan, tmp_path):
    """A new user's trial: a .json plan's one version was stamped when it was read, so `proposals`
    changed on every call and the SLA said 'Version 1, saved' today."""
    import os

    from slaplanner.storage import load_agreement, save_plan

    path = tmp_path / "plan.json"
    save_plan(sample_plan, path)
    os.utime(path, (1_772_618_400, 1_772_618_400))  # 2026-03-04 10:00 UTC
    first = load_agreement(path).proposals[0].head
    assert first.saved_at == "2026-03-04T10:00:00+00:00"
    assert load_agreement(path) == load_agreement(path)
