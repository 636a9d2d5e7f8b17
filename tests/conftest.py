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
RESOURCES = ROOT / "resources"
SAMPLE_PLAN = RESOURCES / "sample-plan.json"

settings.register_profile("ci", max_examples=100, deadline=None)
settings.load_profile("ci")


@pytest.fixture
def sample_plan_path() -> Path:
    return SAMPLE_PLAN


@pytest.fixture
def sample_plan():
    from slaplanner.model import Plan

    return Plan.from_dict(json.loads(SAMPLE_PLAN.read_text(encoding="utf-8")))
