"""The shipped resources: found through importlib.resources, written out by ``write_samples``."""

from __future__ import annotations

import json

import pytest

from slaplanner import samples
from slaplanner.errors import PlanFileError
from slaplanner.plan.model import Plan


def test_the_sample_plan_is_package_data_and_builds():
    path = samples.sample_plan_path()
    assert path.is_file() and path.parent.name == "resources" and path.parent.parent.name == "slaplanner"
    plan = Plan.from_dict(json.loads(samples.sample_plan_text()))
    assert plan.sources  # the sample has its lead sources
    assert samples.resource_bytes(samples.SAMPLE_PLAN) == path.read_bytes()


def test_the_sample_leads_and_icons_ship_beside_it():
    assert samples.sample_leads_path().read_text(encoding="utf-8").startswith("Record ID,First Name")
    assert samples.resource_bytes(samples.ICON_PNG)[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in samples.resource_bytes(samples.ICON_SVG)
    assert samples.resources_folder() == samples.sample_plan_path().parent


def test_a_missing_resource_says_so():
    with pytest.raises(FileNotFoundError, match="nothing.txt is missing"):
        samples.resource_path("nothing.txt")


def test_write_samples_copies_the_three_files_into_a_new_folder(tmp_path):
    """The plan, the lead export (for ``score``) and the actuals (for ``review``: without them a
    new user had nothing the review could read)."""
    plan, leads, actuals = samples.write_samples(tmp_path / "new" / "folder")
    assert (plan.name, leads.name, actuals.name) == ("sample-plan.json", "sample-leads.csv", "sample-actuals.csv")
    assert plan.read_bytes() == samples.sample_plan_path().read_bytes()
    assert leads.read_bytes() == samples.sample_leads_path().read_bytes()
    assert actuals.read_bytes() == samples.sample_actuals_path().read_bytes()
    # Written again over an edited copy: the shipped content comes back.
    plan.write_text("{}", encoding="utf-8")
    samples.write_samples(tmp_path / "new" / "folder")
    assert plan.read_bytes() == samples.sample_plan_path().read_bytes()


def test_write_samples_into_a_file_is_a_plain_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(PlanFileError, match="cannot make this folder"):
        samples.write_samples(blocker)
