"""The core never imports Qt: imported and used in a Python that cannot import PySide6."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "ui"):
            raise ImportError(f"the core imported {name}")
sys.meta_path.insert(0, Block())
import slaplanner
for info in pkgutil.walk_packages(slaplanner.__path__, "slaplanner."):
    if ".migrations" in info.name:
        continue
    importlib.import_module(info.name)
from slaplanner.cli.main import main
sys.exit(main(["report", sys.argv[1], "--json"]))
"""


def test_core_imports_and_runs_without_qt(sample_plan_path):
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(sample_plan_path)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert '"months"' in proc.stdout


def test_import_contracts_hold():
    """import-linter's contracts in pyproject.toml: the core never imports Qt or ui, only ui.qt imports
    PySide6, the window never imports the command line, and the core's layers import only downwards."""
    exe = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(exe)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
