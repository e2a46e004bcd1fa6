"""The ruptures section says W6 is not assessable when the transcript has no transcriber notes."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from alliancelens.analysers.pipeline import Pipeline
from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.cli._render_alliance import render_ruptures
from alliancelens.testing import make_session

_NOT_ASSESSABLE = "W6 content/affect split: not assessable (no transcriber notes)"
_WITHDRAWN = [
    ("therapist", "How have things been since we last spoke?"),
    ("client", "Alright."),
    ("therapist", "What's been on your mind this week?"),
    ("client", "Not much."),
    ("therapist", "What's it like being here today?"),
    ("client", "Dunno."),
]


def _shown(turns: list[tuple[str, str]]) -> str:
    result = Pipeline([RuptureDetector(use_model=False)]).run(make_session(*turns))
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(render_ruptures(result))
    return console.export_text()


@pytest.mark.parametrize(
    ("turns", "said"),
    [
        (_WITHDRAWN, True),  # episodes, no notes
        (_WITHDRAWN[:2], True),  # no episode, no notes
        ([*_WITHDRAWN[:3], ("client", "Not much (sighs).")], False),  # a note: assessable
    ],
)
def test_w6_not_assessable_line(turns: list[tuple[str, str]], said: bool) -> None:
    """The line appears exactly when no utterance carries a transcriber note (QA qa28 #12)."""
    assert (_NOT_ASSESSABLE in _shown(turns)) is said
