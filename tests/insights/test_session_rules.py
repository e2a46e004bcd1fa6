"""Rules within one session: each fires on the pattern and stays quiet without it."""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.insights import (
    InsightConfig,
    InsightKind,
    insights_for_caseload,
    session_record,
)
from alliancelens.testing import make_session

from .insights_helpers import caseload, episode, record

CONFIG = InsightConfig()


def _run(rule: str, **summary: Any) -> list[Any]:
    return insights_for_caseload(caseload(record(**summary)), CONFIG, rules=[rule])


def test_unresolved_rupture_is_an_alert_with_the_episode_evidence() -> None:
    """An unresolved withdrawal episode gives an alert citing 3RS and its marker indexes."""
    (found,) = _run("unresolved_rupture", ruptures=[episode(resolved=False)])
    assert found.kind is InsightKind.ALERT
    assert "3RS" in found.explanation and "withdrawal" in found.explanation
    assert found.evidence[0].utterance_indexes == (3, 5)


def test_unresolved_rupture_names_the_repair_attempt() -> None:
    """An unresolved episode with a repair strategy says a repair was tried, not "no sign"."""
    tried = {
        **episode(resolved=False),
        "resolution_strategies": ["change_tasks_or_goals"],
        "strategy_evidence": [{"index": 6, "strategy": "change_tasks_or_goals"}],
    }
    (found,) = _run("unresolved_rupture", ruptures=[tried])
    assert "no sign of repair" not in found.explanation
    assert "repair was attempted (change tasks or goals at utterance 6)" in found.explanation
    assert "no re-engagement by the client was detected automatically" in found.explanation


def test_unresolved_rupture_without_attempt_says_no_sign_of_repair() -> None:
    """An unresolved episode with no strategy at all still says there was no sign of repair."""
    (found,) = _run("unresolved_rupture", ruptures=[episode(resolved=False)])
    assert "no sign of repair" in found.explanation


@pytest.mark.parametrize("ruptures", [[], [episode(resolved=True)], None])
def test_unresolved_rupture_quiet_without_one(ruptures: Any) -> None:
    """No episode, a resolved one, or ruptures not analysed: no unresolved-rupture insight."""
    summary = {} if ruptures is None else {"ruptures": ruptures}
    assert _run("unresolved_rupture", **summary) == []


def test_repaired_rupture_is_a_strength_naming_the_strategy() -> None:
    """A resolved episode is a strength naming the 3RS strategy and its utterances."""
    (found,) = _run("repaired_rupture", ruptures=[episode("confrontation", resolved=True)])
    assert found.kind is InsightKind.STRENGTH
    assert "invite discussion of thoughts and feelings" in found.explanation
    assert found.evidence[0].utterance_indexes == (5, 7)


def test_repaired_rupture_quiet_when_unresolved() -> None:
    """An unresolved episode is not named as a strength."""
    assert _run("repaired_rupture", ruptures=[episode(resolved=False)]) == []


def _own(share: float) -> dict[str, Any]:
    return {"index": 4, "kind": "therapist_own_problems", "share_of_therapist_words": share}


@pytest.mark.parametrize(("share", "fires"), [(0.19, True), (0.05, False), (0.01, False)])
def test_own_problems_fires_above_the_share(share: float, fires: bool) -> None:
    """Own-problems talk is named only above the documented 5% share of therapist words."""
    found = _run("therapist_own_problems", red_flags=[_own(share)])
    assert bool(found) is fires
    if fires:
        assert found[0].evidence[0].scores["share_of_therapist_words"] == share


def _advice(*indexes: int) -> list[dict[str, Any]]:
    return [{"index": i, "kind": "unsolicited_advice", "evidence": [i]} for i in indexes]


@pytest.mark.parametrize(("indexes", "fires"), [((0, 2, 4), True), ((0,), False), ((), False)])
def test_advice_without_permission_fires_above_the_share(
    indexes: tuple[int, ...], fires: bool
) -> None:
    """Advice without permission is named above 10% of the 10 therapist turns, citing MITI."""
    skills = {"counts": {"therapist_utterances": 10}}
    found = _run("advice_without_permission", red_flags=_advice(*indexes), skills=skills)
    assert bool(found) is fires
    if fires:
        assert "MITI" in found[0].explanation
        assert found[0].evidence[0].utterance_indexes == indexes


@pytest.mark.parametrize(
    ("asked", "fires"),
    [([], True), ([2], True), ([18], False), ([16], False)],
    ids=["never", "only-early", "at-end", "last-fifth-boundary"],
)
def test_feedback_not_elicited_looks_at_the_session_end(asked: list[int], fires: bool) -> None:
    """Feedback must be asked in the last 20% of utterances (16-19 of 20) to count."""
    relational = {"feedback_elicitation": {"count": len(asked), "indexes": asked}}
    found = _run("feedback_not_elicited", relational=relational)
    assert bool(found) is fires
    if fires:
        assert found[0].evidence[0].utterance_indexes == (16, 18)


def test_feedback_not_elicited_quiet_when_not_analysed() -> None:
    """Without a relational summary the rule says nothing (not analysed is not 'never')."""
    assert _run("feedback_not_elicited") == []


def _closing(last_therapist_turn: str) -> list[Any]:
    """Run feedback_not_elicited on a 10-turn session whose last therapist turn is given."""
    turns = [("therapist" if i % 2 == 0 else "client", f"turn {i}") for i in range(10)]
    turns[8] = ("therapist", last_therapist_turn)
    session = make_session(*turns, session_id="s1")
    relational = {"feedback_elicitation": {"count": 0, "indexes": []}}
    found = session_record(session, {"relational": relational})
    return insights_for_caseload(caseload(found), CONFIG, rules=["feedback_not_elicited"])


@pytest.mark.parametrize(
    "question",
    ["How did the session go?", "So how was our session today?", "How has today been?"],
)
def test_feedback_not_elicited_reads_a_bare_question_about_the_session(question: str) -> None:
    """A closing "how did the session go?" counts as asking even when the cues missed it."""
    assert _closing(question) == []


@pytest.mark.parametrize("other", ["How was the walk?", "See you next week."])
def test_feedback_not_elicited_still_fires_on_other_closing_turns(other: str) -> None:
    """A closing question about something else is not feedback on the session."""
    (found,) = _closing(other)
    assert 8 in found.evidence[0].utterance_indexes


@pytest.mark.parametrize(
    "question", ["How did today's session feel for you?", "How was this session for each of you?"]
)
def test_feedback_not_elicited_reads_for_you_questions(question: str) -> None:
    """A closing "how was this session for each of you?" counts as asking (qa24 item 3)."""
    assert _closing(question) == []


def _srs_form(session: str, completed_by: str = "client", measure: str = "srs") -> Any:
    """One form of ``measure`` linked to ``session`` (imports kept local: QA 32 #6 block)."""
    import datetime as dt

    from alliancelens.domain import MeasureAdministration

    return MeasureAdministration(
        "c1",
        dt.date(2026, 1, 9),
        measure,
        (9.0,) * 4,
        session,
        completed_by=completed_by,
        population="adult" if completed_by == "client" else "caregiver",
    )


@pytest.mark.parametrize(
    ("form", "fires"),
    [
        (("s1", "client", "srs"), False),
        (("s1", "caregiver", "srs"), True),
        (("s2", "client", "srs"), True),
        (("s1", "client", "ors"), True),
    ],
    ids=["own-srs-linked", "caregiver-srs", "srs-of-another-session", "ors-not-feedback"],
)
def test_feedback_not_elicited_counts_a_linked_client_srs(
    form: tuple[str, str, str], fires: bool
) -> None:
    """A client-rated SRS linked to the session is feedback asked (PCOMS); nothing else is."""
    relational = {"feedback_elicitation": {"count": 0, "indexes": []}}
    loaded = caseload(record(relational=relational), measures=[_srs_form(*form)])
    found = insights_for_caseload(loaded, CONFIG, rules=["feedback_not_elicited"])
    assert bool(found) is fires
