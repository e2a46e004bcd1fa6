"""Rules across a client's sessions: repeated patterns, skills runs, SRS against bond, fit."""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.insights import InsightConfig, InsightKind, insights_for_caseload, session_record
from alliancelens.insights.model import SessionRecord
from alliancelens.testing import make_session

from .insights_helpers import caseload, episode, ors, record, srs

CONFIG = InsightConfig()


def _rq(value: float) -> dict[str, Any]:
    index = {"value": value, "fair": 1.0, "good": 2.0}
    return {"indices": {"reflection_to_question": index}}


@pytest.mark.parametrize(
    ("values", "fires"),
    [
        ((0.3, 0.5, 0.2), True),
        ((0.3, 1.2, 0.2, 0.4), False),
        ((0.3, 0.5), False),
        ((1.5, 0.9, 0.9, 0.9), True),
    ],
    ids=["three-running", "broken-run", "only-two", "run-after-a-good-one"],
)
def test_low_reflection_to_question_needs_three_sessions_running(
    values: tuple[float, ...], fires: bool
) -> None:
    """R:Q below the MITI fair threshold (1:1) in 3 consecutive sessions is a growth area."""
    records = [record(f"s{i}", skills=_rq(v)) for i, v in enumerate(values)]
    found = insights_for_caseload(caseload(*records), CONFIG, rules=["low_reflection_to_question"])
    assert bool(found) is fires
    if fires:
        assert found[0].kind is InsightKind.GROWTH_AREA
        assert "MITI 4.2.1 'fair' threshold of 1:1" in found[0].explanation
        assert len(found[0].evidence) == 3


def _homework_session(session_id: str, opener: str, withdrawal_at: int) -> SessionRecord:
    session = make_session(
        ("therapist", "Hello again."),
        ("client", "Hi."),
        ("therapist", opener),
        ("client", "Fine."),
        ("therapist", "Tell me more."),
        ("client", "Nothing really."),
        session_id=session_id,
    )
    return session_record(session, {"ruptures": [episode(resolved=True, start=withdrawal_at)]})


HOMEWORK = "Shall we look at the diary you kept this week?"


@pytest.mark.parametrize(
    ("openers", "fires"),
    [
        ((HOMEWORK, "Did you manage the walk we talked about?"), True),
        ((HOMEWORK, "How has your week been?"), False),
        ((HOMEWORK,), False),
    ],
    ids=["twice", "once-plus-other-opener", "single-session"],
)
def test_withdrawal_after_homework_review_in_several_sessions(
    openers: tuple[str, ...], fires: bool
) -> None:
    """Withdrawal just after homework review in 2+ sessions is named as a pattern (3RS)."""
    records = [_homework_session(f"s{i}", text, 3) for i, text in enumerate(openers)]
    found = insights_for_caseload(caseload(*records), CONFIG, rules=["homework_withdrawal_pattern"])
    assert bool(found) is fires
    if fires:
        assert [e.session_id for e in found[0].evidence] == ["s0", "s1"]
        assert 2 in found[0].evidence[0].utterance_indexes
        assert "3RS withdrawal" in found[0].explanation


def test_homework_review_far_from_the_withdrawal_does_not_count() -> None:
    """A homework review more than the window before the withdrawal start is not linked."""
    config = InsightConfig(homework_window_before=0, homework_window_after=0)
    records = [_homework_session(f"s{i}", HOMEWORK, 5) for i in range(2)]
    found = insights_for_caseload(caseload(*records), config, rules=["homework_withdrawal_pattern"])
    assert found == []


def _bond(score: float) -> dict[str, Any]:
    return {"alliance": {"bond": {"score": score}}}


@pytest.mark.parametrize(
    ("bonds", "items", "title"),
    [
        ((90.0, 60.0), (9.5, 9.5), "highly while transcript bond signals fall"),
        ((50.0, 80.0), (9.5, 8.0), "low while the transcript bond rises"),
        ((90.0, 80.0), (9.5, 9.5), None),
        ((90.0, 60.0), (9.5, 8.0), None),
        ((50.0, 80.0), (9.5, 9.5), None),
    ],
    ids=["high-srs-bond-falls", "low-srs-bond-rises", "small-fall", "both-fall", "both-rise"],
)
def test_bond_against_srs_fires_only_when_they_disagree(
    bonds: tuple[float, float], items: tuple[float, float], title: str | None
) -> None:
    """SRS at/above 36 with bond down ≥15, or SRS below 36 with bond up ≥15, is a prompt."""
    records = [record(f"s{i}", **_bond(b)) for i, b in enumerate(bonds)]
    admins = [srs(f"s{i}", i + 1, item) for i, item in enumerate(items)]
    found = insights_for_caseload(
        caseload(*records, measures=admins), CONFIG, rules=["bond_against_srs"]
    )
    assert [i.title for i in found if title and title in i.title] == [i.title for i in found]
    assert len(found) == (1 if title else 0)
    if title:
        assert found[0].evidence[0].session_id == "s1"
        assert found[0].evidence[0].scores["cutoff"] == 36.0


def _unmeasured_bond() -> dict[str, Any]:
    """The alliance analyser's neutral 50 when no bond signal was heard in the session."""
    return {"alliance": {"bond": {"score": 50.0, "positive": 0, "negative": 0, "evidence": []}}}


def _measured_bond(score: float) -> dict[str, Any]:
    part = {"score": score, "positive": 2.0, "negative": 0, "evidence": [{"index": 1}]}
    return {"alliance": {"bond": part}}


@pytest.mark.parametrize(
    ("summaries", "items"),
    [
        ((_measured_bond(82.0), _unmeasured_bond()), (9.6, 9.6)),
        ((_unmeasured_bond(), _measured_bond(78.0)), (8.1, 8.1)),
        ((_measured_bond(85.0), _unmeasured_bond(), _measured_bond(55.0)), (9.7, 9.7, 9.7)),
    ],
    ids=["fall-to-no-evidence", "rise-from-no-evidence", "not-bridged-over-a-gap"],
)
def test_bond_with_no_evidence_is_never_compared(
    summaries: tuple[dict[str, Any], ...], items: tuple[float, ...]
) -> None:
    """A bond of neutral 50 with no evidence is no measurement: no prompt either way (QA35 #2)."""
    records = [record(f"v{i}", **summary) for i, summary in enumerate(summaries)]
    admins = [srs(f"v{i}", i + 1, item) for i, item in enumerate(items)]
    found = insights_for_caseload(
        caseload(*records, measures=admins), CONFIG, rules=["bond_against_srs"]
    )
    assert found == []


def test_bond_against_srs_still_compares_two_measured_bonds() -> None:
    """Two sessions with bond evidence are compared as before (the guard is not a mute)."""
    records = [record("w0", **_measured_bond(88.0)), record("w1", **_measured_bond(61.0))]
    admins = [srs("w0", 1, 9.6), srs("w1", 2, 9.6)]
    found = insights_for_caseload(
        caseload(*records, measures=admins), CONFIG, rules=["bond_against_srs"]
    )
    assert [i.evidence[0].scores["bond_change"] for i in found] == [-27.0]


def test_bond_against_srs_quiet_without_measures() -> None:
    """Without SRS there is nothing to compare the transcript with."""
    records = [record("s0", **_bond(90.0)), record("s1", **_bond(40.0))]
    assert insights_for_caseload(caseload(*records), CONFIG, rules=["bond_against_srs"]) == []


@pytest.mark.parametrize(
    ("items", "fires"),
    [((4.5, 4.5, 4.5, 4.5, 4.5), True), ((4.5, 5.5, 6.5, 7.0, 7.5), False), ((4.5,) * 3, False)],
    ids=["flat-not-on-track", "improving", "too-few-sessions"],
)
def test_not_on_track_at_sessions_4_to_6_prompts_the_fit_conversation(
    items: tuple[float, ...], fires: bool
) -> None:
    """ORS below the expected-response curve at session 4-6 gives the fit-conversation alert."""
    admins = [ors(f"s{i}", i + 1, item) for i, item in enumerate(items)]
    found = insights_for_caseload(caseload(measures=admins), CONFIG, rules=["not_on_track_fit"])
    assert bool(found) is fires
    if fires:
        assert found[0].kind is InsightKind.ALERT
        numbers = [e.scores["session_number"] for e in found[0].evidence]
        assert numbers and all(4 <= n <= 6 for n in numbers)
