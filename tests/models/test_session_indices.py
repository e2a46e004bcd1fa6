"""Session-level MITI indices: from code counts, and agreement of coder with human codes."""

from __future__ import annotations

from collections import Counter

import pytest

from alliancelens.models.session_indices import index_values, session_index_report


def _counts(**kw: int) -> Counter[str]:
    return Counter(kw)


def test_index_values_follow_the_summary_definitions() -> None:
    """R:Q, % complex, % open and C/(C+S) from counts; None when a denominator is zero."""
    values = index_values(
        _counts(reflection=6, question=4, complex=3, simple=3, open=1, closed=3, change=2)
    )
    assert values == {
        "reflection_to_question": 1.5,
        "percent_complex_reflections": 0.5,
        "percent_open_questions": 0.25,
        "change_talk_share": 1.0,
    }
    assert index_values(Counter())["reflection_to_question"] is None


def test_identical_codes_agree_perfectly() -> None:
    """A coder that matches the human codes on every transcript has r = 1 and no difference."""
    sessions = [
        (c, Counter(c))
        for c in (
            _counts(reflection=r, question=10, complex=r // 2, simple=r - r // 2, open=5, closed=5)
            for r in (4, 9, 14, 25)
        )
    ]
    report = session_index_report(sessions)
    rq = report["reflection_to_question"]
    assert rq["transcripts"] == 4 and rq["pearson_r"] == pytest.approx(1.0)
    assert rq["mean_absolute_difference"] == 0 and rq["bands"]["same_band_share"] == 1.0


def test_band_confusion_counts_sessions_the_coder_puts_in_another_band() -> None:
    """Rows are the human band, columns the coder's: below fair → fair is counted off-diagonal."""
    human = _counts(reflection=5, question=10)  # 0.5: below fair
    coder = _counts(reflection=12, question=10)  # 1.2: fair
    report = session_index_report([(human, coder)])["reflection_to_question"]
    assert report["bands"]["confusion"] == [[0, 1, 0], [0, 0, 0], [0, 0, 0]]
    assert report["bands"]["same_band"] == 0 and report["pearson_r"] is None


def test_transcripts_with_too_few_human_units_are_left_out() -> None:
    """A ratio over fewer than ``min_units`` human codes is not compared."""
    few = (_counts(reflection=1, question=2), _counts(reflection=1, question=2))
    assert session_index_report([few])["reflection_to_question"]["transcripts"] == 0
