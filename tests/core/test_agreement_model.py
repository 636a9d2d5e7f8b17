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
    add_proposal,
    add_version,
    new_agreement,
    sign,
)
from slaplanner.errors import ValidationError

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
