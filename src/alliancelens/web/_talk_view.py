"""Session-page data for "who talked": the talk statistics, and the note's change-talk rule.

The talk panel shows ``talk.statistics``'s own numbers (talk share by words or by time, turns,
questions per speaker). The change-talk line says how the progress-note draft counts change and
sustain talk (risk-screen utterances left out; notes/_transcript.py ``talk_balance``), so the
session page and the note never show two figures without saying why.
"""

from __future__ import annotations

from typing import Any

from alliancelens.analysers import AnalysisResult
from alliancelens.domain import RunStatus

__all__ = ["change_talk_rule", "talk_panel"]

_TALK = "talk.statistics"


def talk_panel(result: AnalysisResult) -> tuple[dict[str, Any] | None, str | None]:
    """Per-speaker rows (share, words, turns, questions) and the basis; or why it is missing."""
    run = result.run_of(_TALK)
    if run is None:
        return None, "not in the pipeline"
    if run.status is not RunStatus.OK:
        return None, f"{run.status.value}: {run.reason or 'no reason given'}"
    value = next((f.value for f in result.findings if f.kind == "talk.summary"), None)
    if not isinstance(value, dict):
        return None, "no result stored"
    rows = [
        {
            "speaker": str(s.get("speaker", "")),
            "role": str(s.get("role", "")),
            "share": _percent(s.get("talk_share")),
            "words": s.get("words", 0),
            "turns": s.get("turns", 0),
            "mean_turn_words": s.get("mean_turn_words"),
            "questions": s.get("questions", 0),
        }
        for s in value.get("by_speaker") or []
        if isinstance(s, dict)
    ]
    basis = "speaking time" if value.get("basis") == "time" else "words"
    return {"rows": rows, "basis": basis, "words": value.get("words", 0)}, None


def _percent(share: object) -> str:
    return f"{float(share) * 100:.0f}%" if isinstance(share, int | float) else "–"


def change_talk_rule(result: AnalysisResult) -> str | None:
    """How the note's change-talk figure differs from the page's, when it does (else None).

    The page counts every client utterance the coder labelled change or sustain talk; the note
    leaves out utterances in the risk screen or the risk follow-up (never read as change talk).
    """
    from alliancelens.errors import AllianceLensError  # noqa: PLC0415
    from alliancelens.notes._transcript import TranscriptFacts  # noqa: PLC0415

    try:
        sentences = TranscriptFacts.of(result).talk_balance()
    except AllianceLensError:  # several client speakers: the note needs a member
        return None
    if not sentences:
        return None
    left_out: list[int] = next(
        (
            list(e.details.get("not_counted") or [])
            for e in sentences[0].evidence
            if e.kind == "finding"
        ),
        [],
    )
    if not left_out:
        return None
    return (
        "This table counts every client utterance coded change or sustain talk; the "
        "progress-note draft leaves out the ones in the risk screen or the risk follow-up, so "
        f"its figure differs. {sentences[0].text}"
    )
