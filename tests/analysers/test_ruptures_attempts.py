"""ruptures.detector: repair attempts straight after an unresolved episode's last marker.

Every dialogue here was written for these tests (none comes from a data set or corpus).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.pipeline import Pipeline
from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.report import result_to_json
from alliancelens.testing import Turn, make_session

T, C = "therapist", "client"

#: An unresolved confrontation: the client's last marker is utterance 3.
COMPLAINT: list[Turn] = [
    (T, "Shall we review how the last few weeks have gone?"),
    (C, "I'm not getting any better. Eight sessions and I'm still panicking every morning."),
    (T, "That's really disappointing to hear."),
    (C, "We're just going round in circles."),
]
#: The therapist owns a part and asks about the room (R5, R4), the client does not take it up.
OWNED = (T, "I think I pushed you too fast, that's on me. What's it like being here right now?")
NOT_TAKEN_UP = (C, "Go on then. Quickly.")


def episodes(*turns: Turn, **params: Any) -> list[dict[str, Any]]:
    """The ``ruptures.summary`` episodes for a dialogue."""
    found = RuptureDetector(**params).analyse(make_session(*turns))
    (summary,) = (f.value for f in found if f.kind == "ruptures.summary")
    return list(summary)


@pytest.mark.parametrize("use_model", [True, False])
def test_attempt_after_unresolved_end_is_listed(use_model: bool) -> None:
    """The therapist turn after the last marker is listed as an attempt; the span is unchanged."""
    (episode,) = episodes(*COMPLAINT, OWNED, NOT_TAKEN_UP, use_model=use_model)
    assert not episode["resolved"] and episode["end_index"] == 3
    after = [item for item in episode["strategy_evidence"] if item.get("after_end")]
    assert {(item["index"], item["strategy"]) for item in after} >= {
        (4, "acknowledge_own_contribution"),
        (4, "invite_discussion_of_thoughts_feelings"),
    }
    assert "acknowledge_own_contribution" in episode["resolution_strategies"]
    assert 4 in episode["evidence_indexes"]


def test_in_span_strategies_carry_no_after_end_flag() -> None:
    """Strategy turns inside start_index..end_index are not marked as after the end."""
    (episode,) = episodes(*COMPLAINT, OWNED, NOT_TAKEN_UP, use_model=False)
    inside = [i for i in episode["strategy_evidence"] if i["index"] <= episode["end_index"]]
    assert all("after_end" not in item for item in inside)


def test_attempt_stops_at_the_next_client_turn() -> None:
    """A strategy turn after the client's next turn is not attached to the episode."""
    late = (T, "That's on me, I should have asked first.")
    (episode,) = episodes(*COMPLAINT, (T, "What day is best?"), NOT_TAKEN_UP, late)
    assert all(item["index"] != 6 for item in episode["strategy_evidence"])
    assert 6 not in episode["evidence_indexes"]


@pytest.mark.parametrize(
    ("filler", "listed"),
    [(0, True), (1, True), (2, True), (3, False)],
)
def test_attempt_window_counts_utterances(filler: int, listed: bool) -> None:
    """Split therapist cues count: an owned part in the first three utterances is an attempt."""
    cues = [(T, "Okay.")] * filler
    (episode,) = episodes(*COMPLAINT, *cues, OWNED, NOT_TAKEN_UP, use_model=False)
    found = any(
        item["index"] == 4 + filler and item.get("after_end")
        for item in episode["strategy_evidence"]
    )
    assert found is listed


def test_resolved_episode_has_no_attempt_after_end() -> None:
    """When the client re-engages, the repair lies inside the span and nothing is after it."""
    reengaged = (
        C,
        "Honestly, it stung. I feel like I'm failing at work and then failing here too, and I "
        "just want someone to get how hard the mornings are for me.",
    )
    (episode,) = episodes(*COMPLAINT, OWNED, reengaged)
    assert episode["resolved"] and episode["resolution_index"] == 5
    assert 4 in {item["index"] for item in episode["strategy_evidence"]}
    assert not any(item.get("after_end") for item in episode["strategy_evidence"])


def test_attempts_reach_utterance_codes() -> None:
    """An attempt after the end appears in codes.resolution_strategies of its utterance."""
    result = Pipeline([RuptureDetector(use_model=False)]).run(
        make_session(*COMPLAINT, OWNED, NOT_TAKEN_UP)
    )
    codes = {u["index"]: u["codes"] for u in result_to_json(result)["utterances"]}
    assert "acknowledge_own_contribution" in codes[4]["resolution_strategies"]
