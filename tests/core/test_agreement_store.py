"""The agreement store on a plan file: appends only, no lost update, agreed versions locked."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace

import pytest

from slaplanner.agreement.model import Signatory, Signature, new_agreement
from slaplanner.errors import ValidationError
from slaplanner.storage import file_store, load_agreement, save_agreement, save_plan
from slaplanner.storage.session import AgreementSession


def bigger_deals(plan, amount):
    return replace(plan, terms=replace(plan.terms, average_deal_size=amount))


@pytest.fixture
def path(sample_plan, tmp_path):
    target = tmp_path / "sla.slaplan"
    save_plan(sample_plan, target, author="RevOps")
    return target


def test_two_windows_never_overwrite_each_other(sample_plan, path):
    anna, sam = AgreementSession(), AgreementSession()
    anna_plan, sam_plan = anna.open(path), sam.open(path)
    anna.save(bigger_deals(anna_plan, 30_000))
    with pytest.raises(ValidationError) as caught:
        sam.save(bigger_deals(sam_plan, 28_000))
    (problem,) = caught.value.problems
    assert problem.kind == "conflict" and "version 2 was saved" in str(problem)
    history = load_agreement(path).proposal("Plan").versions
    assert [v.plan.terms.average_deal_size for v in history] == [sample_plan.terms.average_deal_size, 30_000]
    # Sam keeps his work: save it as a proposal of its own, then both are there
    sam.new_proposal("Sales counter", copy_of="Plan")
    sam.save(bigger_deals(sam_plan, 28_000), comment="our number")
    agreement = load_agreement(path)
    assert [p.name for p in agreement.proposals] == ["Plan", "Sales counter"]
    assert agreement.proposal("Sales counter").head.plan.terms.average_deal_size == 28_000
    # after a reload Anna's edits start from the latest version again
    sam.reload()
    assert sam.base == 2


def test_concurrent_writers_one_wins_the_other_is_refused(sample_plan, path):
    """Two threads, each with its own connection, save on top of version 1 at the same moment."""
    results: list[str] = []
    start = threading.Barrier(2)

    def writer(amount: float) -> None:
        store = file_store(path)
        start.wait()
        try:
            store.save_version("Plan", bigger_deals(sample_plan, amount), parent=1, author=str(amount))
            results.append("saved")
        except ValidationError as error:
            results.append(error.problems[0].kind)

    threads = [threading.Thread(target=writer, args=(a,)) for a in (30_000, 31_000)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "saved"]
    assert [v.number for v in load_agreement(path).proposal("Plan").versions] == [1, 2]


def test_saved_versions_and_signatures_cannot_be_updated_or_deleted(path):
    file_store(path).sign("Plan", Signatory("Anna", "marketing"))
    with sqlite3.connect(path) as conn:
        for statement in (
            "UPDATE plan_version SET comment = 'rewritten'",
            "DELETE FROM plan_version",
            "UPDATE signature SET name = 'Mallory'",
            "DELETE FROM signature",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="never changed or deleted"):
                conn.execute(statement)


def test_editing_an_agreed_proposal_starts_a_new_one(sample_plan, path):
    store = file_store(path)
    store.sign("Plan", Signatory("Anna", "marketing"))
    store.sign("Plan", Signatory("Sam", "sales"))
    session = AgreementSession()
    plan = session.open(path)
    assert session.is_locked
    saved = session.save(bigger_deals(plan, 40_000))
    assert saved.branched and saved.proposal == "Plan (amendment)" and saved.version == 2
    agreement = load_agreement(path)
    assert agreement.status("Plan") == "agreed" and agreement.proposal("Plan").versions[0].plan == sample_plan
    assert agreement.proposal("Plan (amendment)").based_on == ("Plan", 1)


def test_save_as_writes_the_whole_history(sample_plan, path, tmp_path):
    session = AgreementSession()
    plan = session.open(path)
    session.save(bigger_deals(plan, 26_000))
    copy = tmp_path / "copy.slaplan"
    session.save(bigger_deals(plan, 27_000), copy)
    assert [v.number for v in load_agreement(copy).proposal("Plan").versions] == [1, 2, 3]
    assert [v.number for v in load_agreement(path).proposal("Plan").versions] == [1, 2]


def test_signing_keeps_the_declared_signatories_and_their_titles(sample_plan, tmp_path):
    path = tmp_path / "declared.slaplan"
    mia, sam = Signatory("Mia Chen", "marketing", "CMO"), Signatory("Sam Ortiz", "sales", "CRO")
    save_agreement(replace(new_agreement(sample_plan), signatories=(mia, sam)), path)
    store = file_store(path)
    with pytest.raises(ValidationError) as caught:
        store.sign("Plan", Signatory("Random Intern", "marketing"))
    assert caught.value.problems[0].kind == "not_signatory"
    signature = store.sign("Plan", Signatory("MIA CHEN", "marketing"))
    assert (signature.name, signature.title) == ("Mia Chen", "CMO")
    agreement = load_agreement(path)
    assert agreement.signatories == (mia, sam)  # one row each, the title kept
    assert [(s.name, s.title) for s in agreement.signatures] == [("Mia Chen", "CMO")]


def test_a_signature_of_other_content_is_refused_plainly_not_by_the_database(sample_plan, tmp_path):
    """A signature carrying another fingerprint holds the side's one place on the version: signing
    that side again is the model's refusal, never the store's UNIQUE constraint."""
    path = tmp_path / "forged.slaplan"
    forged = Signature("Plan", 1, "0" * 64, "Sam Ortiz", "sales", "")
    save_agreement(replace(new_agreement(sample_plan), signatures=(forged,)), path)
    with pytest.raises(ValidationError) as caught:
        file_store(path).sign("Plan", Signatory("Sam Ortiz", "sales"))
    assert caught.value.problems[0].kind == "signature_mismatch"
    assert len(load_agreement(path).signatures) == 1
