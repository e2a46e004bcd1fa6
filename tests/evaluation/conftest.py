"""A tiny labelled folder in the ruptures-examples layout (text written for these tests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


def _example(
    example_id: str, kind: str, lines: list[tuple[str, str]], **labels: Any
) -> dict[str, Any]:
    return {
        "id": example_id,
        "synthetic": True,
        "type": kind,
        "category": labels.pop("category", ""),
        "utterances": [
            {"index": i, "speaker": speaker, "text": text}
            for i, (speaker, text) in enumerate(lines)
        ],
        "ruptures": [],
        "red_flags": labels.get("red_flags", []),
        "risk": labels.get("risk", []),
        "hard_negatives": labels.get("hard_negatives", []),
    }


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    """Two risk snippets and one session excerpt with red flags."""
    examples = [
        _example(
            "risk-901",
            "risk_snippet",
            [
                ("therapist", "Have you had thoughts of ending your life?"),
                ("client", "Yes. Most nights."),
                ("therapist", "Have you thought about how?"),
                ("client", "I keep my tablets counted in a drawer."),
            ],
            risk=[
                {"index": 1, "kind": "suicidal_ideation", "severity": "moderate"},
                {"index": 3, "kind": "suicidal_ideation", "severity": "high"},
            ],
            hard_negatives=[{"index": 0, "kind": "therapist_screening_question"}],
        ),
        _example(
            "risk-902",
            "risk_snippet",
            [
                ("therapist", "How's work?"),
                ("client", "This job is killing me."),
                ("therapist", "Any thoughts of hurting yourself?"),
                ("client", "No. Never."),
            ],
            hard_negatives=[
                {"index": 1, "kind": "idiom_or_hyperbole"},
                {"index": 3, "kind": "negation"},
            ],
        ),
        _example(
            "sess-901",
            "session",
            [
                ("therapist", "Did you do the diary?"),
                ("client", "It doesn't fit my shifts, I can't do it at nine."),
                ("therapist", "I hear you, but let's just stick with nine."),
                ("client", "Fine."),
                ("therapist", "You should go to bed earlier. That's a bit lazy, honestly."),
                ("client", "Okay."),
            ],
            red_flags=[
                {"index": 2, "kind": "ignoring_client_feedback"},
                {"index": 4, "kind": "unsolicited_advice"},
                {"index": 4, "kind": "judgmental_remark"},
                {"index": 4, "kind": "therapist_own_problems"},
            ],
        ),
    ]
    for example in examples:
        (tmp_path / f"{example['id']}.json").write_text(json.dumps(example), encoding="utf-8")
    return tmp_path
