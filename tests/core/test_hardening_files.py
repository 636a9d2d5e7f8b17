"""Issue 17, saving: no stale temporary copies, links followed, read-only files respected."""

from __future__ import annotations

import os
import stat
import time
from dataclasses import replace
from pathlib import Path

import pytest

from slaplanner import files
from slaplanner.errors import PlanFileError
from slaplanner.files import atomic_write
from slaplanner.storage import load_plan, save_plan


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_stale_temporary_copies_of_the_same_target_are_removed(sample_plan, tmp_path):
    target = tmp_path / "plan.slaplan"
    stale = tmp_path / ".plan.slaplan.abcd1234.tmp"
    fresh = tmp_path / ".plan.slaplan.efgh5678.tmp"  # perhaps another save still running
    other = tmp_path / ".other.slaplan.abcd1234.tmp"
    for path in (stale, fresh, other):
        path.write_bytes(b"half a plan")
    _age(stale, 3600)
    _age(other, 3600)
    save_plan(sample_plan, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, fresh.name, other.name])


def test_the_folder_is_synced_after_the_rename(tmp_path, monkeypatch):
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(files.os, "fsync", fsync)
    atomic_write(tmp_path / "a.txt", lambda tmp: tmp.write_text("x"))
    assert synced == [False, True]  # the file, then its folder


def test_saving_through_a_link_writes_the_target(sample_plan, tmp_path):
    real = tmp_path / "real" / "plan.slaplan"
    real.parent.mkdir()
    save_plan(sample_plan, real)
    link = tmp_path / "link.slaplan"
    link.symlink_to(real)
    save_plan(replace(sample_plan, name="Through the link"), link)
    assert link.is_symlink()
    assert load_plan(real).name == "Through the link"


def test_saving_over_a_read_only_file_is_refused_unless_asked(sample_plan, tmp_path):
    path = tmp_path / "plan.slaplan"
    save_plan(sample_plan, path)
    path.chmod(0o444)
    with pytest.raises(PlanFileError, match="read-only"):
        save_plan(replace(sample_plan, name="Changed"), path)
    assert load_plan(path).name == sample_plan.name
    save_plan(replace(sample_plan, name="Changed"), path, overwrite_read_only=True)
    assert load_plan(path).name == "Changed"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_name_too_long_for_the_temporary_copy_still_saves(sample_plan, tmp_path):
    """A 250-character name is allowed; its temporary copy must not be longer than the system allows."""
    path = tmp_path / ("p" * 242 + ".slaplan")
    save_plan(sample_plan, path)
    assert load_plan(path) == sample_plan


def test_a_name_too_long_for_the_system_is_one_line(sample_plan, tmp_path):
    path = tmp_path / ("p" * 300 + ".slaplan")
    with pytest.raises(PlanFileError) as caught:
        save_plan(sample_plan, path)
    assert "\n" not in str(caught.value) and "too long" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_permission_is_one_line(sample_plan, tmp_path):
    """As an ordinary user in a folder they may not write. Root writes anywhere, so under root
    (CI) the command runs as the user 'nobody' (setpriv), in a folder only root may write."""
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir(mode=0o500)
        with pytest.raises(PlanFileError, match="cannot write"):
            save_plan(sample_plan, folder / "plan.slaplan")
        return
    import json
    import shutil
    import subprocess
    import sys
    import tempfile

    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) runs the command as another user"
    base = Path(tempfile.mkdtemp(prefix="slaplanner-perm-"))
    try:
        base.chmod(0o755)
        plan = base / "plan.json"
        plan.write_text(json.dumps(sample_plan.to_dict()), encoding="utf-8")
        plan.chmod(0o644)
        (base / "locked").mkdir(mode=0o555)
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "main.py",
                   "convert", str(plan), str(base / "locked" / "plan.slaplan")]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, cwd=Path(__file__).parents[2], timeout=60)
        assert done.returncode == 2, done.stderr
        assert "cannot write" in done.stderr and done.stderr.count("\n") == 1
        assert list((base / "locked").iterdir()) == []
    finally:
        shutil.rmtree(base)
