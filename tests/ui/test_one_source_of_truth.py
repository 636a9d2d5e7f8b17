"""Issue 9: one source of truth. The same plan, runs and seed give the same numbers in the
Simulation page, the exported SLA (PDF text) and ``slaplanner simulate --json``; a plan whose
SQL stage is called "Sales-qualified" gives the numbers of the sample plan everywhere.

The expected values are never computed by the code under test: each face is read back the
way a user reads it (the command's JSON, the PDF's text, the page's label) and the faces are
compared with each other, and the renamed plan with the sample.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from slaplanner.cli.main import main as cli
from slaplanner.plan.model import Plan, with_stages
from slaplanner.results import ResultSettings, compute_results
from slaplanner.storage import load_plan

RUNS, SEED = 200, 5
RENAMED = "Sales-qualified"


@pytest.fixture
def renamed_path(tmp_path, sample_plan_path) -> Path:
    """The sample plan written by hand with its SQL stage renamed, in the stages, the
    definitions and the rules of engagement (every ``"SQL"`` string of the file)."""
    text = Path(sample_plan_path).read_text(encoding="utf-8").replace('"SQL"', f'"{RENAMED}"')
    path = tmp_path / "renamed.json"
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(capsys, *args: str) -> tuple[int, str]:
    code = cli(list(args))
    out, _ = capsys.readouterr()
    return code, out


def test_the_sql_stage_is_one_rule_of_the_model(sample_plan, renamed_path):
    renamed = load_plan(renamed_path)
    assert sample_plan.sql_stage == "SQL" and renamed.sql_stage == RENAMED
    assert sample_plan.sql_stage_index == renamed.sql_stage_index == 3
    # renaming the stage in the window carries the definitions and rules with it
    stages = tuple(RENAMED if s == "SQL" else s for s in sample_plan.stages)
    assert with_stages(sample_plan, stages) == renamed


def test_a_definition_naming_a_stage_the_plan_lacks_is_refused(sample_plan_path, tmp_path, capsys):
    data = json.loads(Path(sample_plan_path).read_text(encoding="utf-8"))
    data["stages"] = [RENAMED if s == "SQL" else s for s in data["stages"]]  # the stage only, not the definitions
    path = tmp_path / "half-renamed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _ = run_cli(capsys, "validate", str(path))
    assert code == 1
    with pytest.raises(Exception) as caught:
        Plan.from_dict(data)
    fields = {(p.field, p.kind) for p in caught.value.problems}  # type: ignore[attr-defined]
    assert ("definitions.sql_stage", "unknown_reference") in fields
    assert ("engagement.stages[3].stage", "unknown_reference") in fields


def test_renamed_plan_reports_and_simulates_like_the_sample(capsys, sample_plan_path, renamed_path):
    _, sample = run_cli(capsys, "report", str(sample_plan_path), "--json")
    _, renamed = run_cli(capsys, "report", str(renamed_path), "--json")
    a, b = json.loads(sample), json.loads(renamed)
    assert a["forward"]["SQL"] == b["forward"][RENAMED]
    assert a["required"]["SQL"] == b["required"][RENAMED]
    assert a["totals"] == json.loads(json.dumps(b["totals"]).replace(RENAMED, "SQL"))
    args = ("--runs", str(RUNS), "--seed", str(SEED), "--json")
    _, sim_a = run_cli(capsys, "simulate", str(sample_plan_path), *args)
    code, sim_b = run_cli(capsys, "simulate", str(renamed_path), *args)
    assert code == 0
    assert json.loads(sim_a) == json.loads(sim_b)


def test_renamed_plan_commitments_page_counts_the_sql_stage(qtbot, sample_plan, renamed_path):
    from ui.document import PlanDocument
    from ui.pages.commitments import CommitmentsPage

    shown = []
    for plan in (sample_plan, load_plan(renamed_path)):
        page = CommitmentsPage(PlanDocument(plan))
        qtbot.addWidget(page)
        page.refresh(plan)
        model = page.marketing_model
        shown.append([model.value(r, 1) for r in range(model.rowCount())])
    assert shown[0] == shown[1] and all(v > 0 for v in shown[0])


def _pdf_probabilities(pdf: Path) -> dict[str, str]:
    """The 'Probability of meeting each commitment' rows of the exported PDF, read with pdftotext."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = {}
    for tier in ("Hot", "Warm"):
        match = re.search(rf"{tier}: first touch within .*?of leads\s+(\d+) %", text, flags=re.S)
        assert match, f"no {tier} probability row in the PDF"
        found[tier] = match.group(1)
    assert "Funnel figures use the likely conversion rates" in " ".join(text.split())
    assert f"{RUNS:,} simulation runs (seed {SEED})" in " ".join(text.split())
    return found


@pytest.mark.parametrize("plan_file", ["sample", "renamed"])
def test_page_pdf_and_command_agree(qtbot, capsys, tmp_path, sample_plan_path, renamed_path, plan_file):
    """The Simulation page, the exported PDF and ``simulate --json`` show one P(met) per tier."""
    from ui.document import PlanDocument
    from ui.pages.export import ExportPage
    from ui.pages.simulation import SimulationPage

    path = sample_plan_path if plan_file == "sample" else renamed_path
    plan = load_plan(path)
    _, out = run_cli(capsys, "simulate", str(path), "--runs", str(RUNS), "--seed", str(SEED), "--json")
    command = {tier: round(100 * v["p_met"]) for tier, v in json.loads(out)["response"].items()}

    document = PlanDocument(plan)
    sim_page = SimulationPage(document)
    qtbot.addWidget(sim_page)
    sim_page.refresh(plan)
    sim_page.runs.setValue(RUNS)
    sim_page.seed.setValue(SEED)
    sim_page.start()
    qtbot.waitUntil(lambda: sim_page.result is not None, timeout=60_000)
    page_text = sim_page.summary.text().replace("&nbsp;", " ")  # shown unbroken: "100&nbsp;%"
    promise = r"chance we keep the promise over the whole plan <b>(\d+) ?%</b>"
    kept = re.findall(r"<b>(\w+)</b>[^:<]*: .*?" + promise, page_text)
    shown = {t: int(m) for t, m in kept}
    assert shown == command

    export = ExportPage(document)
    qtbot.addWidget(export)
    export.folder.setText(str(tmp_path))
    export.stem.setText("sla")
    for key, check in export.formats.items():
        check.setChecked(key == "pdf")
    export.start()
    qtbot.waitUntil(lambda: bool(export.written), timeout=60_000)
    pdf = {t: int(v) for t, v in _pdf_probabilities(tmp_path / "sla.pdf").items()}
    assert pdf == command
    # one run: the export reused the page's simulation instead of simulating again
    assert document.results.service.cached(plan, RUNS, SEED) is sim_page.result


def test_export_uses_the_rate_level_on_screen(sample_plan):
    """The document leads with the rate level the results were computed with, and says so."""
    from slaplanner.exports.document import build_document

    for level in ("low", "high"):
        results = compute_results(sample_plan, ResultSettings(scenario=level, runs=0))
        assert results.funnel is results.scenarios[level]
        paragraphs = [getattr(b, "text", "") for b in build_document(sample_plan, results).blocks]
        assert f"Funnel figures use the {level} conversion rates." in paragraphs
