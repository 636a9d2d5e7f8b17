"""The agreement: versions are immutable and fingerprinted, agreed is derived from signatures,
and every refusal is one clear problem with its kind."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

import pytest

from slaplanner.agreement.canonical import canonical_json, fingerprint
from slaplanner.agreement.model import (
    Signatory,
    Signature,
    add_proposal,
    add_version,
    new_agreement,
    sign,
)
from slaplanner.errors import SENTENCE_KINDS, ValidationError

ANNA = Signatory("Anna Berg", "marketing", "VP Marketing")
SAM = Signatory("Sam Ortiz", "sales", "VP Sales")


def kinds(caught: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [p.kind for p in caught.value.problems]


def test_canonical_form_is_sorted_compact_and_numbers_one_way(sample_plan):
    text = canonical_json(sample_plan)
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert list(data) == sorted(data)
    assert '"horizon_months":12' in text and '"average_deal_size":' in text
    # the same plan with whole floats written as 12.0 has the same form
    assert canonical_json(replace(sample_plan, horizon_months=12)) == text
    assert fingerprint(sample_plan) == hashlib.sha256(text.encode()).hexdigest()


def test_any_change_changes_the_fingerprint(sample_plan):
    changed = replace(sample_plan, terms=replace(sample_plan.terms, average_deal_size=25_001))
    assert fingerprint(changed) != fingerprint(sample_plan)
    assert fingerprint(replace(sample_plan)) == fingerprint(sample_plan)


def test_a_new_version_appends_and_keeps_history(sample_plan):
    agreement = new_agreement(sample_plan, author="RevOps")
    changed = replace(sample_plan, terms=replace(sample_plan.terms, average_deal_size=30_000))
    later = add_version(agreement, "Plan", changed, parent=1, author="Anna", comment="bigger deals")
    versions = later.proposal("plan").versions
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].plan == sample_plan and versions[1].plan == changed
    assert versions[1].author == "Anna" and versions[1].comment == "bigger deals"
    assert agreement.proposal("Plan").versions == (versions[0],)  # the old agreement is unchanged


def test_a_save_from_an_old_version_is_refused(sample_plan):
    agreement = add_version(new_agreement(sample_plan), "Plan", sample_plan, parent=1, author="Sam")
    with pytest.raises(ValidationError) as caught:
        add_version(agreement, "Plan", sample_plan, parent=1, author="Anna")
    assert kinds(caught) == ["conflict"]
    assert "version 2 was saved by Sam" in str(caught.value.problems[0])


def test_agreed_needs_both_sides_on_the_same_version(sample_plan):
    agreement = add_proposal(new_agreement(sample_plan), "Compromise")
    assert agreement.status("Compromise") == "draft"
    agreement, signature = sign(agreement, "Compromise", ANNA)
    assert signature.fingerprint == fingerprint(sample_plan) and signature.version == 1
    assert agreement.status("Compromise") == "draft"
    agreement, _ = sign(agreement, "Compromise", SAM)
    assert agreement.status("Compromise") == "agreed"
    assert agreement.status("Plan") == "draft"
    proposal, version = agreement.resolve()
    assert (proposal.name, version.number) == ("Compromise", 1)


def test_signing_twice_or_an_agreed_or_an_old_version_is_refused(sample_plan):
    agreement = new_agreement(sample_plan)
    agreement, _ = sign(agreement, "Plan", ANNA)
    with pytest.raises(ValidationError) as caught:
        sign(agreement, "Plan", Signatory("Someone Else", "marketing"))
    assert kinds(caught) == ["already_signed"]
    agreement = add_version(agreement, "Plan", sample_plan, parent=1)
    with pytest.raises(ValidationError) as caught:
        sign(agreement, "Plan", SAM, version=1)
    assert "only it can be signed" in caught.value.problems[0].allowed
    agreement, _ = sign(agreement, "Plan", SAM)
    assert agreement.status("Plan") == "draft"  # marketing signed version 1, sales version 2
    agreement, _ = sign(agreement, "Plan", ANNA)
    assert agreement.status("Plan") == "agreed"
    with pytest.raises(ValidationError) as caught:
        sign(agreement, "Plan", SAM)
    assert kinds(caught) == ["locked"]
    with pytest.raises(ValidationError) as caught:
        add_version(agreement, "Plan", sample_plan, parent=2)
    assert kinds(caught) == ["locked"]


def test_a_changed_version_is_no_longer_agreed(sample_plan):
    agreement = new_agreement(sample_plan)
    for person in (ANNA, SAM):
        agreement, _ = sign(agreement, "Plan", person)
    version = agreement.proposal("Plan").head
    edited = replace(version, plan=replace(sample_plan, name="Edited by hand"))
    tampered = replace(agreement, proposals=(replace(agreement.proposals[0], versions=(edited,)),))
    assert tampered.tampered() == (("Plan", 1),)
    assert tampered.status("Plan") == "draft"


def test_two_proposals_with_one_name_are_refused(sample_plan):
    agreement = add_proposal(new_agreement(sample_plan), "Sales counter")
    with pytest.raises(ValidationError) as caught:
        add_proposal(agreement, "sales COUNTER")
    assert caught.value.problems[0].field == "proposals[2].name"


def test_a_signatory_is_validated():
    with pytest.raises(ValidationError) as caught:
        Signatory("", "finance")
    assert {p.field for p in caught.value.problems} == {"name", "side"}


def test_the_agreement_json_matches_its_schema_and_reads_back(sample_plan):
    from slaplanner.agreement.interchange import agreement_from_dict, agreement_to_dict
    from slaplanner.schema import agreement_validator

    agreement = add_proposal(new_agreement(sample_plan, author="RevOps"), "Sales counter")
    agreement = add_version(agreement, "Sales counter", replace(sample_plan, name="Counter"), parent=1, author="Sam")
    agreement, _ = sign(agreement, "Plan", ANNA)
    data = json.loads(json.dumps(agreement_to_dict(agreement)))
    errors = sorted(agreement_validator().iter_errors(data), key=str)
    assert errors == []
    assert agreement_from_dict(data) == agreement
    data["signatures"][0]["side"] = "finance"
    assert list(agreement_validator().iter_errors(data))
    with pytest.raises(ValidationError):
        agreement_from_dict(data)


# -- who may sign (a new user's trial: one person completed the "two-party" sign-off) ---------
MIA = Signatory("Mia Chen", "marketing", "CMO")
SAM_CRO = Signatory("Sam Ortiz", "sales", "CRO")


def declared(sample_plan):
    """An agreement that names Mia Chen (CMO) for marketing and Sam Ortiz (CRO) for sales."""
    return replace(new_agreement(sample_plan), signatories=(MIA, SAM_CRO))


def test_one_person_cannot_sign_for_both_sides(sample_plan):
    agreement, _ = sign(new_agreement(sample_plan), "Plan", MIA)
    with pytest.raises(ValidationError) as caught:
        sign(agreement, "Plan", Signatory(" mia  CHEN ", "sales"))  # the same person, spelt otherwise
    assert kinds(caught) == ["same_person"]
    assert str(caught.value) == (
        "Mia Chen already signed Plan version 1 for marketing; one person cannot sign for both sides, "
        "so someone else signs for sales"
    )
    agreement, _ = sign(agreement, "Plan", SAM)
    assert agreement.status("Plan") == "agreed"


def test_only_a_declared_signatory_signs_for_their_side(sample_plan):
    agreement = declared(sample_plan)
    for intruder in (Signatory("Random Intern", "marketing"), Signatory("Sam Ortiz", "marketing")):
        with pytest.raises(ValidationError) as caught:
            sign(agreement, "Plan", intruder)
        assert kinds(caught) == ["not_signatory"]
        assert str(caught.value) == (
            f"{intruder.name} may not sign for marketing: only Mia Chen (CMO) may sign for marketing in this agreement"
        )
    agreement, signature = sign(agreement, "Plan", Signatory("mia chen", "marketing"))
    assert (signature.name, signature.title) == ("Mia Chen", "CMO")  # the declared name and title
    assert agreement.signatories == (MIA, SAM_CRO)  # no new signatory row
    with pytest.raises(ValidationError) as caught:
        sign(agreement, "Plan", Signatory("Mia Chen", "sales"))
    assert kinds(caught) == ["not_signatory"] and "only Sam Ortiz (CRO) may sign for sales" in str(caught.value)


def test_the_first_signer_of_a_side_becomes_its_signatory(sample_plan):
    agreement, _ = sign(new_agreement(sample_plan), "Plan", ANNA)
    assert agreement.signatories == (ANNA,)
    agreement = add_version(agreement, "Plan", replace(sample_plan, name="Second"), parent=1)
    with pytest.raises(ValidationError) as caught:
        sign(agreement, "Plan", Signatory("Someone Else", "marketing"))
    assert kinds(caught) == ["not_signatory"]
    with pytest.raises(ValidationError) as caught:  # marketing's signatory cannot take the sales side
        sign(agreement, "Plan", Signatory("Anna Berg", "sales"))
    assert kinds(caught) == ["same_person"]
    agreement, _ = sign(agreement, "Plan", SAM)
    assert agreement.signatories == (ANNA, SAM)


def test_an_omitted_title_keeps_the_declared_one(sample_plan):
    agreement, signature = sign(declared(sample_plan), "Plan", Signatory("Mia Chen", "marketing"))
    assert signature.title == "CMO" and agreement.signatories[0] == MIA
    agreement, signature = sign(agreement, "Plan", Signatory("Sam Ortiz", "sales", "Chief Revenue Officer"))
    assert signature.title == "Chief Revenue Officer"  # a title given is the one signed with
    assert agreement.signatories == (MIA, Signatory("Sam Ortiz", "sales", "Chief Revenue Officer"))


def test_a_signature_with_another_fingerprint_is_shown_and_signing_that_side_is_refused(sample_plan):
    agreement = new_agreement(sample_plan)
    forged = Signature("Plan", 1, "0" * 64, "Sam Ortiz", "sales", "")
    agreement = replace(agreement, signatures=(forged,))
    assert not agreement.signature_matches(forged)
    assert agreement.status("Plan") == "draft"
    with pytest.raises(ValidationError) as caught:
        sign(agreement, "Plan", SAM)
    assert kinds(caught) == ["signature_mismatch"] and "signature_mismatch" in SENTENCE_KINDS
    assert str(caught.value).startswith("The sales signature on Plan version 1 (Sam Ortiz, no time recorded) does not")
    agreement, _ = sign(agreement, "Plan", ANNA)  # the other side still signs
    assert agreement.status("Plan") == "draft"


def test_a_file_signed_by_one_person_for_both_sides_stays_agreed_and_says_so(sample_plan):
    """Signed before the rule: versions and signatures never change, so it stays agreed as signed."""
    agreement = new_agreement(sample_plan)
    head = agreement.proposal("Plan").head
    both = tuple(Signature("Plan", 1, head.fingerprint, name, side, "2026-01-01T00:00:00+00:00")
                 for name, side in (("Mia Chen", "marketing"), ("mia chen", "sales")))  # fmt: skip
    agreement = replace(agreement, signatures=both)
    assert agreement.status("Plan") == "agreed"
    assert agreement.signed_for_both_sides("Plan", 1) == ("Mia Chen",)
    assert new_agreement(sample_plan).signed_for_both_sides("Plan", 1) == ()
