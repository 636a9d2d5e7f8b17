"""Test configuration shared by every test: offscreen Qt, the sample plan, hypothesis profile."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

import json
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PLAN = ROOT / "slaplanner" / "resources" / "sample-plan.json"  # the package data, as checked out

# The throwaway PostgreSQL server of the team-database tests (fixtures postgres_server, pg_database).
pytest_plugins = ["conftest_pg"]

settings.register_profile("ci", max_examples=100, deadline=None)
settings.load_profile("ci")


@pytest.fixture
def sample_plan_path() -> Path:
    return SAMPLE_PLAN


@pytest.fixture
def sample_plan():
    from slaplanner.plan.model import Plan

    return Plan.from_dict(json.loads(SAMPLE_PLAN.read_text(encoding="utf-8")))


# -- leaving the test process ------------------------------------------------------------------
_exit_status = 0


def pytest_sessionfinish(session, exitstatus):
    global _exit_status
    _exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave without Python's final garbage collection once a Qt session has run.

    PySide6 (seen with 6.12) can abort while the interpreter finalises after a long Qt test
    session ("Fatal Python error: bool_dealloc: deallocating True or False" inside the final
    garbage collection), which turns a run whose tests all passed into exit code 134. Every
    result has been reported by now, so the process ends here with pytest's own exit status.
    Set SLAPLANNER_TEST_FINALIZE=1 to finalise normally (to look for the crash).
    """
    import sys

    if "PySide6" in sys.modules and os.environ.get("SLAPLANNER_TEST_FINALIZE") != "1":
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status)
