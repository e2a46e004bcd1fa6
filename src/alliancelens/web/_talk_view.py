"""Session-page data for "who talked": the talk statistics, and the note's change-talk rule.

The talk panel shows ``talk.statistics``'s own numbers (talk share by words or by time, turns,
questions per speaker). The change-talk line says how the progress-note draft counts change and
sustain talk (risk-screen utterances left out; notes/_transcript.py ``talk_balance``) when it
leaves out more lines than the micro-skills table (``microskills.summary`` v4 already leaves
out flagged and *possible* risk lines), so the session page and the note never show two
figures without saying why, nor say they differ when they agree.
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
    table_left_out = _table_left_out(result)
    if table_left_out is None:  # a summary before v4 counted every coded line
        return (
            "This table counts every client utterance coded change or sustain talk; the "
            "progress-note draft leaves out the ones in the risk screen or the risk follow-up, "
            f"so its figure differs. {sentences[0].text}"
        )
    more = sorted(set(left_out) - table_left_out)
    if not more:  # the table left out the same lines: the two figures agree
        return None
    return (
        "This table already leaves out the client lines the risk screen flagged or listed as "
        f"possible; the progress-note draft also leaves out {len(more)} more in the risk "
        f"screen or the risk follow-up, so its figure differs. {sentences[0].text}"
    )


def _table_left_out(result: AnalysisResult) -> set[int] | None:
    """Lines the micro-skills summary left out of the table (v4 ``risk_not_counted``), or None.

    None for a summary stored before version 4, which counted every coded client line.
    """
    summary = next((f.value for f in result.findings if f.kind == "skills.summary"), None)
    found = summary.get("risk_not_counted") if isinstance(summary, dict) else None
    if not isinstance(found, dict):
        return None
    return {int(i) for i in found.get("indexes") or []}
