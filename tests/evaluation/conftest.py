"""A tiny labelled folder in the ruptures-examples layout (text written for these tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliancelens.testing import labelled_example


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    """Two risk snippets and one session excerpt with red flags."""
    examples = [
        labelled_example(
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
        labelled_example(
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
        labelled_example(
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
