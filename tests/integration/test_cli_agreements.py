"""Issue 10 on the command line: proposals, versions, what changed, compare and sign, with the
exact JSON keys and exit codes of the issue, and one clear line for every refusal."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from slaplanner.agreement.interchange import agreement_to_dict
from slaplanner.agreement.model import Signatory, new_agreement
from slaplanner.cli.main import main
from slaplanner.storage import file_store, load_agreement, load_plan, save_agreement, save_plan


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def workshop(sample_plan, tmp_path) -> Path:
    """The sample as an agreement with a marketing proposal and a sales counter (two versions)."""
    path = tmp_path / "sla.slaplan"
    save_plan(sample_plan, path, author="RevOps")
    store = file_store(path)
    store.add_proposal("Sales counter", copy_of="Plan", author="Sam")
    marketing = tuple(
        replace(c, sqls_per_month=120.0) if c.segment == "Enterprise" else c for c in sample_plan.commitments.marketing
    )
    counter = replace(sample_plan, commitments=replace(sample_plan.commitments, marketing=marketing))
    store.save_version("Sales counter", counter, parent=1, author="Sam", comment="Enterprise 120")
    return path


def test_proposals_json_has_the_issue_keys(capsys, workshop):
    code, out, _ = run(capsys, "proposals", str(workshop), "--json")
    assert code == 0
    data = json.loads(out)
    assert [p["name"] for p in data["proposals"]] == ["Plan", "Sales counter"]
    counter = data["proposals"][1]
    assert {"name", "status", "version", "fingerprint", "signatures", "versions"} <= set(counter)
    assert counter["status"] == "draft" and counter["version"] == 2 and len(counter["fingerprint"]) == 64
    assert [{k: v[k] for k in ("version", "author", "comment")} for v in counter["versions"]] == [
        {"version": 1, "author": "Sam", "comment": "Copy of Plan version 1"},
        {"version": 2, "author": "Sam", "comment": "Enterprise 120"},
    ]
    assert all({"version", "saved_at", "author", "comment"} <= set(v) for v in counter["versions"])


def test_diff_says_what_changed_and_exits_like_diff(capsys, workshop):
    code, out, _ = run(capsys, "diff", f"{workshop}#Sales counter@1", f"{workshop}#Sales counter@2", "--json")
    assert code == 1
    changes = json.loads(out)["changes"]
    assert [(c["label"], c["old"], c["new"]) for c in changes] == [
        ("Marketing's SQL commitment (Enterprise): 100 -> 120 a month", 100, 120)
    ]
    assert {"path", "label", "old", "new"} <= set(changes[0])
    code, out, _ = run(capsys, "diff", f"{workshop}#Plan", f"{workshop}#Sales counter@1")
    assert code == 0 and "No changes" in out and "fingerprints differ" not in out
    code, _, err = run(capsys, "diff", str(workshop), str(workshop.with_name("missing.slaplan")))
    assert code == 2 and err.count("\n") - err.count(": warning: no proposal named") == 1


def test_diff_of_unrelated_files_lists_changes_not_a_traceback(capsys, workshop, tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"name": "Other", "sources": []}', encoding="utf-8")
    code, out, err = run(capsys, "diff", str(workshop), str(other))
    assert code == 1 and "Traceback" not in out + err and "Lead source removed" in out


def test_compare_json_has_the_issue_keys(capsys, workshop):
    code, out, _ = run(
        capsys, "compare", f"{workshop}#Plan", f"{workshop}#Sales counter", "--runs", "60", "--seed", "3", "--json"
    )
    assert code == 0
    proposals = json.loads(out)["proposals"]
    keys = {
        "name",
        "sqls_committed",
        "sqls_planned",
        "revenue_planned",
        "revenue_required",
        "p_met",
        "headcount_needed",
    }
    assert all(keys <= set(p) for p in proposals)
    assert [p["sqls_committed"] for p in proposals] == [335, 355]  # 165 + 70 + 100, and Enterprise at 120
    assert set(proposals[0]["p_met"]) >= {"Hot", "Warm"}


def test_both_sides_sign_and_the_version_is_agreed_and_locked(capsys, workshop):
    code, out, _ = run(capsys, "sign", f"{workshop}#Sales counter", "--name", "Anna Berg", "--side", "marketing",
                       "--title", "VP Marketing")  # fmt: skip
    assert code == 0 and "Waiting for sales" in out
    code, _, err = run(capsys, "sign", f"{workshop}#Sales counter", "--name", "Anna Berg", "--side", "marketing")
    assert code == 1 and err.count("\n") == 1 and "already signed" in err
    code, out, _ = run(capsys, "sign", f"{workshop}#Sales counter", "--name", "Sam Ortiz", "--side", "sales")
    assert code == 0 and "agreed by both sides and locked" in out
    _, out, _ = run(capsys, "proposals", str(workshop), "--json")
    counter = json.loads(out)["proposals"][1]
    assert counter["status"] == "agreed"
    assert [(s["name"], s["side"]) for s in counter["signatures"]] == [
        ("Anna Berg", "marketing"),
        ("Sam Ortiz", "sales"),
    ]
    # a plain file name now opens the agreed version
    assert load_plan(workshop) == load_plan(f"{workshop}#Sales counter@2")
    code, _, err = run(capsys, "sign", f"{workshop}#Sales counter", "--name", "Sam Ortiz", "--side", "sales")
    assert code == 1 and "already agreed" in err and err.count("\n") == 1
    # saving into a locked proposal is refused, and the file keeps everything
    before = workshop.read_bytes()
    with pytest.raises(Exception, match="locked"):
        file_store(workshop).save_version("Sales counter", load_plan(workshop), parent=2, author="x")
    assert load_agreement(workshop) == load_agreement(workshop) and workshop.read_bytes() == before


def test_a_hand_edited_signed_version_is_caught(capsys, workshop):
    for name, side in (("Anna", "marketing"), ("Sam", "sales")):
        run(capsys, "sign", f"{workshop}#Sales counter", "--name", name, "--side", side)
    with sqlite3.connect(workshop) as conn:
        with pytest.raises(sqlite3.DatabaseError, match="never changed"):
            conn.execute("UPDATE plan_version SET content = replace(content, '120', '999')")
        conn.execute("DROP TRIGGER plan_version_no_update")  # someone determined to change it
        conn.execute("UPDATE plan_version SET content = replace(content, '\"sqls_per_month\":120', "
                     "'\"sqls_per_month\":999') WHERE number = 2")  # fmt: skip
    _, out, _ = run(capsys, "proposals", str(workshop), "--json")
    counter = json.loads(out)["proposals"][1]
    assert counter["status"] == "draft"
    assert counter["versions"][1]["intact"] is False
    code, _, err = run(capsys, "sign", f"{workshop}#Sales counter", "--name", "Eve", "--side", "sales")
    assert code == 1 and "no longer matches its fingerprint" in err
    # A new user's trial: the file name alone then read another proposal without a word (the changed
    # version is no longer agreed); every command says which it read and why.
    code, out, err = run(capsys, "report", str(workshop), "--json")
    assert code == 0 and json.loads(out)["months"]
    assert f"slaplanner: {workshop}: warning: Sales counter version 2 was changed after it was saved" in err
    assert (
        f"slaplanner: {workshop}: warning: no proposal named: reading Plan version 1, no proposal is agreed, so "
        "the first proposal's latest version (name one as FILE#PROPOSAL)"
    ) in err


def test_only_the_latest_version_can_be_signed(capsys, workshop):
    code, _, err = run(capsys, "sign", f"{workshop}#Sales counter@1", "--name", "Anna", "--side", "marketing")
    assert code == 1 and "only it can be signed" in err


def test_convert_keeps_the_whole_agreement(capsys, workshop, tmp_path):
    out_json = tmp_path / "sla.json"
    assert run(capsys, "convert", str(workshop), str(out_json))[0] == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["format"] == "slaplanner-agreement" and len(data["proposals"]) == 2
    back = tmp_path / "back.slaplan"
    assert run(capsys, "convert", str(out_json), str(back))[0] == 0
    assert load_agreement(back) == load_agreement(workshop)
    one = tmp_path / "one.json"
    assert run(capsys, "convert", f"{workshop}#Sales counter@1", str(one))[0] == 0
    assert json.loads(one.read_text(encoding="utf-8"))["format"] == "slaplanner-plan"


def test_every_command_takes_a_proposal_and_version(capsys, workshop):
    code, out, _ = run(capsys, "report", f"{workshop}#Sales counter@2", "--json")
    assert code == 0 and json.loads(out)["months"]
    # no such proposal or version: a usage error (2), not a problem of the plan (1); the line names the location
    code, _, err = run(capsys, "report", f"{workshop}#No such proposal")
    assert code == 2 and "Sales counter" in err and err.count("\n") == 1 and f"{workshop}#No such proposal" in err
    code, out, err = run(capsys, "validate", f"{workshop}#Plan@9")
    assert code == 2 and out == "" and "one of this proposal's versions (1)" in err


# -- a new user's trial: who may sign, titles, forged signatures, convert over an agreement ------
@pytest.fixture
def declared(sample_plan, tmp_path) -> Path:
    """The sample as an agreement naming Mia Chen (CMO) for marketing and Sam Ortiz (CRO) for sales."""
    path = tmp_path / "declared.slaplan"
    people = (Signatory("Mia Chen", "marketing", "CMO"), Signatory("Sam Ortiz", "sales", "CRO"))
    save_agreement(replace(new_agreement(sample_plan), signatories=people), path)
    return path


def test_one_person_cannot_complete_the_two_party_sign_off(capsys, workshop):
    code, _, _ = run(capsys, "sign", str(workshop), "--name", "Mia Chen", "--side", "marketing", "--title", "CMO")
    assert code == 0
    code, out, err = run(capsys, "sign", str(workshop), "--name", "mia chen ", "--side", "sales")
    assert code == 1 and out == "" and err.count("\n") - err.count(": warning: no proposal named") == 1
    assert "one person cannot sign for both sides" in err
    _, out, _ = run(capsys, "proposals", str(workshop), "--json")
    plan = json.loads(out)["proposals"][0]
    assert plan["status"] == "draft" and [s["side"] for s in plan["signatures"]] == ["marketing"]


def test_only_the_declared_signatory_signs_and_keeps_the_declared_title(capsys, declared):
    code, _, err = run(capsys, "sign", str(declared), "--name", "Random Intern", "--side", "marketing")
    assert code == 1 and err == (
        "slaplanner: Random Intern may not sign for marketing: only Mia Chen (CMO) may sign for marketing "
        "in this agreement\n"
    )
    code, out, _ = run(capsys, "sign", f"{declared}#Plan", "--name", "Mia Chen", "--side", "marketing")
    assert code == 0 and out.startswith("Mia Chen signed Plan version 1 for marketing")
    agreement = load_agreement(declared)
    assert [(s.name, s.title) for s in agreement.signatures] == [("Mia Chen", "CMO")]
    assert [(s.name, s.title, s.side) for s in agreement.signatories] == [
        ("Mia Chen", "CMO", "marketing"),
        ("Sam Ortiz", "CRO", "sales"),
    ]


def test_a_signature_of_other_content_is_marked_and_signing_refused_plainly(capsys, declared, tmp_path):
    data = json.loads(json.dumps(agreement_to_dict(load_agreement(declared))))
    data["signatures"] = [
        {"proposal": "Plan", "version": 1, "fingerprint": "0" * 64, "name": "Sam Ortiz", "side": "sales"}
    ]
    forged_json = tmp_path / "forged.json"
    forged_json.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "proposals", str(forged_json))
    assert code == 0
    line = next(x for x in out.splitlines() if "signed by Sam Ortiz" in x)
    assert "no time recorded" in line and "signed other content: fingerprint 000000000000 does not match" in line
    _, out, _ = run(capsys, "proposals", str(forged_json), "--json")
    assert json.loads(out)["proposals"][0]["signatures"][0]["matches"] is False
    forged = tmp_path / "forged.slaplan"
    assert run(capsys, "convert", str(forged_json), str(forged))[0] == 0
    code, _, err = run(capsys, "sign", str(forged), "--name", "Sam Ortiz", "--side", "sales")
    assert code == 1 and err.count("\n") == 1
    assert "does not match the version's fingerprint" in err and "UNIQUE" not in err


def test_proposals_flags_a_version_one_person_signed_for_both_sides(capsys, workshop, tmp_path):
    """A file signed before the rule: it stays agreed as signed, and proposals says so."""
    data = agreement_to_dict(load_agreement(workshop))
    fp = data["proposals"][0]["versions"][0]["fingerprint"]
    data["signatures"] = [
        {"proposal": "Plan", "version": 1, "fingerprint": fp, "name": "Mia Chen", "side": side, "signed_at": ""}
        for side in ("marketing", "sales")
    ]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    _, out, _ = run(capsys, "proposals", str(old))
    assert "Plan: AGREED" in out
    assert "[Mia Chen signed version 1 for both sides, which is no longer allowed; it stays as it was signed]" in out
    _, out, _ = run(capsys, "proposals", str(old), "--json")
    assert json.loads(out)["proposals"][0]["versions"][0]["signed_for_both_sides"] == ["Mia Chen"]


def test_convert_does_not_overwrite_an_agreement_with_history(capsys, workshop, sample_plan_path, tmp_path):
    before = load_agreement(workshop)
    code, out, err = run(capsys, "convert", str(sample_plan_path), str(workshop))
    assert code == 2 and out == "" and err == (
        f"slaplanner: {workshop}: already holds an agreement with 3 versions and 0 signatures, which converting "
        "over it would lose; pass --force to overwrite it\n"
    )
    assert load_agreement(workshop) == before
    signed = tmp_path / "signed.slaplan"
    save_plan(load_plan(sample_plan_path), signed)
    file_store(signed).sign("Plan", Signatory("Mia Chen", "marketing"))
    code, _, err = run(capsys, "convert", str(sample_plan_path), str(signed))
    assert code == 2 and "1 version and 1 signature" in err
    assert run(capsys, "convert", str(sample_plan_path), str(signed), "--force")[0] == 0
    assert load_agreement(signed).signatures == ()
    # a new file, or a plain plan (JSON or one unsigned version), is converted over as before
    plain = tmp_path / "plain.json"
    assert run(capsys, "convert", str(sample_plan_path), str(plain))[0] == 0
    assert run(capsys, "convert", str(workshop), str(plain))[0] == 0
    assert run(capsys, "convert", str(sample_plan_path), str(signed))[0] == 0


def test_diff_of_a_reordered_plan_says_the_fingerprints_differ(capsys, sample_plan, tmp_path):
    """A new user's trial: two sources swapped gave "No changes: ... hold the same plan" (exit 0) while
    their fingerprints differ, so a signature of one does not hold for the other."""
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    save_plan(sample_plan, a)
    save_plan(replace(sample_plan, sources=sample_plan.sources[::-1]), b)
    code, out, _ = run(capsys, "diff", str(a), str(b))
    assert code == 0 and "hold the same plan" in out
    assert "Only the order of some records differs, so their fingerprints differ (" in out
    assert "a signature of one is not a signature of the other." in out
    code, out, _ = run(capsys, "diff", str(a), str(b), "--json")
    assert json.loads(out) == {"changes": [], "same_fingerprint": False}
    code, out, _ = run(capsys, "diff", str(a), str(a), "--json")
    assert json.loads(out)["same_fingerprint"] is True


def test_a_file_name_alone_says_which_agreed_proposal_it_read(capsys, workshop):
    for name, side in (("Anna", "marketing"), ("Sam", "sales")):
        run(capsys, "sign", f"{workshop}#Sales counter", "--name", name, "--side", side)
    code, _, err = run(capsys, "simulate", str(workshop), "--runs", "10")
    assert code in (0, 1)
    assert "warning: no proposal named: reading Sales counter version 2, the latest agreed version" in err
    _, _, err = run(capsys, "report", f"{workshop}#Plan")
    assert "warning" not in err  # a proposal named: nothing to say


def test_sign_with_a_file_name_alone_says_which_proposal_it_signs(capsys, workshop):
    """Verification of today's warnings: `sign FILE` on a file with two proposals signed 'Plan'
    without a word, where report and diff said which proposal they read."""
    code, out, err = run(capsys, "sign", str(workshop), "--name", "Anna", "--side", "marketing")
    assert code == 0 and out.startswith("Anna signed Plan version 1 for marketing")
    assert "warning: no proposal named: reading Plan version 1" in err
