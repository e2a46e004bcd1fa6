"""The shipped demo caseload: each example insight appears where the data shows it, only there.

Alex has three transcripts plus six sessions of measures; Riley (session 7) and the Jordan/Casey
couple session have no measures, so each is a caseload of its own.
"""

from __future__ import annotations

from collections import Counter

import pytest

from alliancelens import services
from alliancelens.insights import Direction, Insight


@pytest.fixture(scope="module")
def demo() -> services.InsightsResult:
    """Insights for the whole demo caseload (analysed once for this module)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALLIANCELENS_MEASURES_DIR", "/nonexistent-alliancelens-test-defs")
        return services.insights_for(demo=True)


#: (client, rule) pairs left out of the exact comparison because an analyser misses the data.
KNOWN_GAPS: set[tuple[str, str]] = set()


def _rules(found: tuple[Insight, ...], client: str) -> Counter[str]:
    return Counter(i.rule for i in found if i.client == client)


EXPECTED = {
    "alex": {
        "repaired_rupture": 2,  # withdrawal in alex-02; confrontation (17-27) in alex-03
        # alex-03's late withdrawal (51-65) is only partly resolved (demo README: doubt again at
        # 69), which ruptures.detector v4 reads as unresolved
        "unresolved_rupture": 1,
        "low_reflection_to_question": 1,  # R:Q 0.35, 0.33, 0.30 (< MITI fair 1:1)
        "bond_against_srs": 1,  # alex-02: SRS 36.9 ≥ 36 while bond fell 91 → 68
        "not_on_track_fit": 1,  # ORS not on track at sessions 4, 5, 6
        # the caseload's latest-form alerts: PHQ-9 item 9 (urgent); SRS below cut-off, drop,
        # fit check, item low (ORS not on track is left to not_on_track_fit)
        "measure_alerts": 5,
        # strengths (QA37 #4): feedback asked at the end of all three sessions; complex
        # reflections at MITI 'good' (86%, 86%, 50%); one entry each, merged across sessions
        "feedback_elicited": 1,
        "complex_reflections": 1,
        # MI-adherent turns (affirm, seeking collaboration, autonomy) with none non-adherent,
        # cited from the per-utterance codes `insights_for` now passes on
        "mi_adherent_responses": 1,
    },
    "riley-07": {
        "risk_language": 1,  # passive SI wording at utterance 27 (demo README)
        "unresolved_rupture": 2,
        "therapist_own_problems": 1,  # 19% of therapist words
        "advice_without_permission": 1,  # 7 of 26 therapist turns
        "feedback_not_elicited": 1,
    },
    # feedback asked of both at 62; complex reflections 56% (MITI 'good' 50%)
    "jordan-casey-couple": {
        "repaired_rupture": 1,
        "feedback_elicited": 1,
        "complex_reflections": 1,
        "mi_adherent_responses": 1,
    },
    "robin": {"measure_alerts": 1},  # ORS discuss_ending (26+ at the last 3 forms)
}


@pytest.mark.parametrize("client", sorted(EXPECTED))
def test_demo_insights_per_client(demo: services.InsightsResult, client: str) -> None:
    """Exactly the expected rules fire for each demo client, the expected number of times."""
    found = _rules(demo.insights, client)
    for gap_client, rule in KNOWN_GAPS:
        if gap_client == client:
            del found[rule]
    assert found == Counter(EXPECTED[client])


def test_couple_feedback_at_the_end_is_recognised(demo: services.InsightsResult) -> None:
    """The couple session asks for feedback at 62, so 'feedback not elicited' should not fire."""
    assert _rules(demo.insights, "jordan-casey-couple")["feedback_not_elicited"] == 0


def test_repeated_homework_withdrawal_not_claimed_from_one_session(
    demo: services.InsightsResult,
) -> None:
    """Alex withdraws after homework review only in alex-02, so no repeated pattern is named."""
    assert all(i.rule != "homework_withdrawal_pattern" for i in demo.insights)


def test_every_demo_insight_points_at_real_evidence(demo: services.InsightsResult) -> None:
    """Each insight has evidence, and its utterance indexes exist in the session named."""
    sessions = {s.session_id: s for c in demo.caseloads for s in c.sessions}
    for insight in demo.insights:
        assert insight.evidence
        for item in insight.evidence:
            if item.utterance_indexes:
                known = {u.index for u in sessions[item.session_id].utterances}
                assert set(item.utterance_indexes) <= known


def test_repaired_rupture_names_the_strategy_that_worked(demo: services.InsightsResult) -> None:
    """Alex-02's repaired withdrawal names validating the defensive stance among its strategies."""
    (found,) = [
        i for i in demo.insights if i.rule == "repaired_rupture" and i.session_ids == ("alex-02",)
    ]
    assert "validate defensive posture" in found.explanation


def test_demo_trends_only_call_clear_changes(demo: services.InsightsResult) -> None:
    """Only Robin's ORS rise passes the change test; Alex's three transcripts are too few."""
    called = {
        (t.subject, t.metric)
        for t in (*demo.client_trends, *demo.therapist_trends)
        if t.direction in (Direction.RISING, Direction.FALLING)
    }
    assert called == {("robin", "measure.ORS")}
    alex = [t for t in demo.client_trends if t.subject == "alex" and t.metric.startswith("alli")]
    assert alex and all(t.direction is Direction.NOT_ENOUGH_SESSIONS for t in alex)
