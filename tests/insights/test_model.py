"""Insight records refuse to exist without evidence, and serialise to the documented JSON."""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.insights import Insight, InsightEvidence, InsightKind


def _insight(evidence: tuple[InsightEvidence, ...], **overrides: Any) -> Insight:
    fields: dict[str, Any] = {
        "kind": InsightKind.ALERT,
        "title": "t",
        "explanation": "e",
        "evidence": evidence,
        "suggestion": "s",
        "rule": "r",
    }
    fields.update(overrides)
    return Insight(**fields)


def test_insight_without_evidence_is_refused() -> None:
    """An insight with an empty evidence list raises (an insight with no evidence is a bug)."""
    with pytest.raises(ValueError, match="no evidence"):
        _insight(())


@pytest.mark.parametrize(
    ("session_id", "indexes", "scores"),
    [("s1", (), {}), ("", (3,), {})],
    ids=["neither-indexes-nor-scores", "no-session-id"],
)
def test_empty_evidence_item_is_refused(
    session_id: str, indexes: tuple[int, ...], scores: dict[str, float]
) -> None:
    """Evidence needs a session id and at least one utterance index or score value."""
    with pytest.raises(ValueError, match="evidence needs"):
        InsightEvidence(session_id, indexes, scores)


@pytest.mark.parametrize("missing", ["title", "explanation", "suggestion", "rule"])
def test_insight_needs_every_text_field(missing: str) -> None:
    """Title, explanation, suggestion and rule id are all required."""
    with pytest.raises(ValueError, match="needs a title"):
        _insight((InsightEvidence("s1", (1,)),), **{missing: ""})


def test_insight_json_has_the_documented_keys() -> None:
    """JSON carries kind, title, explanation, evidence, suggestion, rule (and client)."""
    found = _insight((InsightEvidence("s1", (4, 2, 4), {"x": 1.0}),), client="c1").to_json()
    assert found == {
        "kind": "alert",
        "title": "t",
        "explanation": "e",
        "evidence": [{"session_id": "s1", "utterance_indexes": [2, 4], "scores": {"x": 1.0}}],
        "suggestion": "s",
        "rule": "r",
        "client": "c1",
    }
