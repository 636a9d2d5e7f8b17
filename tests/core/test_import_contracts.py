"""The import contracts in pyproject.toml can fail: each one breaks on the import it forbids.

``test_no_qt.py`` runs ``lint-imports`` on the real tree (every contract kept). Here each contract
is checked on the real import graph plus one import that must never be, so a contract that
matches nothing (a misspelt module, a wrong ignore) is caught instead of passing for ever.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import grimp
import pytest
from importlinter import configuration
from importlinter.application.use_cases import read_user_options
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parents[2]
configuration.configure()
OPTIONS = read_user_options(str(ROOT / "pyproject.toml"))  # read as lint-imports reads it
CONTRACTS = {c["name"]: c for c in OPTIONS.contracts_options}
KINDS = {"forbidden": ForbiddenContract, "layers": LayersContract}

#: One forbidden import per contract (importer, imported), chosen by hand from the issue's rules.
FORBIDDEN = {
    "The core (slaplanner) never imports Qt or the UI": [
        ("slaplanner.engine.funnel", "PySide6"),
        ("slaplanner.plan.model", "ui.qt"),
    ],
    "Only ui.qt imports the Qt binding (a Qt upgrade touches one file)": [
        ("ui.pages.overview", "PySide6"),
        ("ui.tables", "shiboken6"),
    ],
    "The window never imports a command-line module; both faces call the core": [
        ("ui.mainwindow", "slaplanner.cli.main"),
    ],
    "Computations (engine) never import exports, storage or the command line": [
        ("slaplanner.engine.funnel", "slaplanner.exports.workbook"),
        ("slaplanner.engine.scoring.summary", "slaplanner.storage"),
        ("slaplanner.engine.erlang", "slaplanner.cli.main"),
    ],
    "The plan imports nothing above it": [
        ("slaplanner.plan.model", "slaplanner.engine.funnel"),
        ("slaplanner.plan.definitions", "slaplanner.imports.leads"),
        ("slaplanner.plan.edits", "slaplanner.storage"),
    ],
    "Exports never import the command line": [
        ("slaplanner.exports.pdf", "slaplanner.cli.main"),
    ],
    "The core's layers: each imports only what is below it": [
        ("slaplanner.engine.funnel", "slaplanner.exports.document"),
        ("slaplanner.plan.model", "slaplanner.engine.funnel"),
        ("slaplanner.files", "slaplanner.plan.model"),
    ],
    "Scoring imports downwards: table, stages, summary, then examples and history": [
        ("slaplanner.engine.scoring.table", "slaplanner.engine.scoring.stages"),
        ("slaplanner.engine.scoring.summary", "slaplanner.engine.scoring.history"),
    ],
}


@cache
def real_graph() -> grimp.ImportGraph:
    return grimp.build_graph(*OPTIONS.session_options["root_packages"], include_external_packages=True, cache_dir=None)


def check(name: str, extra: tuple[str, str] | None = None) -> bool:
    graph = copy.deepcopy(real_graph())  # the contract edits its graph (ignored imports)
    if extra is not None:
        importer, imported = extra
        graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="import it")
    options: dict[str, Any] = dict(CONTRACTS[name])
    del options["name"]
    contract = KINDS[options.pop("type")](name, OPTIONS.session_options, options)
    return bool(contract.check(graph, verbose=False).kept)


def test_every_contract_has_a_forbidden_import_here():
    assert set(FORBIDDEN) == set(CONTRACTS)


@pytest.mark.parametrize(
    ("name", "extra"), [(name, extra) for name, imports in FORBIDDEN.items() for extra in imports], ids=str
)
def test_the_contract_breaks_on_a_forbidden_import(name, extra):
    assert check(name), "kept on the real tree (lint-imports says why if not)"
    assert not check(name, extra)
