"""The talk reading of a session whose turns hold no words (QA qa36 #10). Lines written here."""

from __future__ import annotations

from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.talk import TalkStatistics
from alliancelens.cli._render import _talk_reading
from alliancelens.testing import make_session


def _talk(*turns: tuple[str, str]) -> dict[str, object]:
    found = TalkStatistics().analyse(make_session(*turns), upstream=FindingSet())
    return dict(next(f.value for f in found if f.kind == "talk.summary"))


def test_no_words_says_so_rather_than_a_missing_role() -> None:
    """Both roles speak only punctuation: the reading says there are no words to compare."""
    reading = _talk_reading(_talk(("therapist", "?"), ("client", "…")))
    assert "no words to compare" in reading
    assert "role is missing" not in reading


def test_a_missing_role_is_still_named() -> None:
    """Only the client spoke: the reading still says a role is missing."""
    reading = _talk_reading(_talk(("client", "I came on my own today.")))
    assert "a role is missing" in reading
