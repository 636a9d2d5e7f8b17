"""Stored codes read as words and words read back as the same codes (the plan file keeps its codes)."""

from __future__ import annotations

import pytest

from slaplanner.errors import ValidationError
from slaplanner.plan.definitions import EVENT_LABELS, fast_lane_from_text, fast_lane_text
from slaplanner.plan.engagement import (
    HANDOFF_ACTION_LABELS,
    HANDOFF_ACTIONS,
    StageRule,
    handoff_actions_from_text,
    handoff_actions_text,
)
from slaplanner.plan.labels import code_of, humanise


def test_every_hand_off_action_has_words_without_commas_and_reads_back():
    assert set(HANDOFF_ACTIONS) == set(HANDOFF_ACTION_LABELS)
    for code, words in HANDOFF_ACTION_LABELS.items():
        assert "," not in words and "_" not in words
        assert handoff_actions_from_text(words) == (code,)
        assert handoff_actions_from_text(words.upper()) == (code,)
        assert handoff_actions_from_text(code) == (code,)  # a code typed (or pasted from an old file) still works
    everything = handoff_actions_text(HANDOFF_ACTIONS)
    assert handoff_actions_from_text(everything) == HANDOFF_ACTIONS


def test_hand_off_words_in_the_issue():
    assert handoff_actions_text(("notify_owner",)) == "Notify the owner"
    assert StageRule("SAL", handoff_actions=handoff_actions_from_text("Notify the owner")).to_dict()[
        "handoff_actions"
    ] == ["notify_owner"]


def test_unknown_hand_off_words_are_refused_with_the_choices_in_words():
    with pytest.raises(ValidationError) as refused:
        handoff_actions_from_text("Notify the owner, Fly")
    problem = refused.value.problems[0]
    assert problem.field == "handoff_actions" and problem.value == "Fly"
    assert "Notify the owner" in problem.allowed and "notify_owner" not in problem.allowed


@pytest.mark.parametrize("code", [*EVENT_LABELS, "trade_show_visit", "analysis_download"])
def test_fast_lane_events_read_as_words_and_back(code):
    words = fast_lane_text((code,))
    assert "_" not in words and words[0].isupper()
    assert fast_lane_from_text(words) == (code,)


def test_fast_lane_takes_plurals_and_codes():
    assert fast_lane_text(("demo_request",)) == "Demo request"
    assert fast_lane_from_text("Demo requests; contact_request, Demo request") == ("demo_request", "contact_request")


def test_code_of_matches_words_or_code_in_any_case():
    labels = {"round_robin": "round-robin", "segment": "by segment"}
    assert code_of(labels, " Round-Robin ") == "round_robin"
    assert code_of(labels, "round robin") == "round_robin"
    assert code_of(labels, "BY  segment") == "segment"
    assert code_of(labels, "territory") is None
    assert humanise("trade_show_visit") == "Trade show visit"
