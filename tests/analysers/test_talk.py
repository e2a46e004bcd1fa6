"""Talk statistics: shares, turns, questions, overlaps and interruptions."""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.talk import TalkStatistics, spoken_words
from alliancelens.testing import make_session


def _summary(*turns: Any, **params: Any) -> dict[str, Any]:
    findings = TalkStatistics(**params).analyse(make_session(*turns))
    assert len(findings) == 1
    value: dict[str, Any] = findings[0].value
    return value


def test_word_based_shares_and_turns() -> None:
    """Without times, shares come from words; consecutive utterances of a speaker form one turn."""
    talk = _summary(
        ("therapist", "How was your week?"),
        ("client", "Long."),
        ("client", "Really long and tiring."),
        ("therapist", "Tiring?"),
    )
    assert talk["basis"] == "words"
    therapist, client = talk["by_role"]["therapist"], talk["by_role"]["client"]
    assert (therapist["words"], client["words"]) == (5, 5)
    assert therapist["talk_share"] == client["talk_share"] == 0.5
    assert client["turns"] == 1 and client["mean_turn_words"] == 5.0
    assert client["longest_turn_index"] == 1
    assert therapist["questions"] == 2 and client["questions"] == 0
    assert talk["overlaps"] is None and talk["interruptions"] is None


def test_time_based_shares_overlaps_and_interruptions() -> None:
    """With start/end times, shares come from speaking time; overlaps ≥ 1 s are interruptions."""
    talk = _summary(
        ("therapist", "Tell me more about that.", 0.0, 4.0),
        ("client", "Well it started when", 3.5, 8.0),  # 0.5 s overlap: not an interruption
        ("therapist", "Sorry, when was this?", 6.0, 10.0),  # 2 s overlap: interruption
    )
    assert talk["basis"] == "time"
    assert talk["by_role"]["therapist"]["speaking_seconds"] == 8.0
    assert talk["by_role"]["client"]["talk_share"] == pytest.approx(4.5 / 12.5, abs=1e-4)
    assert talk["overlaps"] == 2 and talk["overlap_indexes"] == [1, 2]
    assert talk["interruptions"] == 1 and talk["interruption_indexes"] == [2]
    assert talk["by_role"]["therapist"]["interruptions"] == 1
    assert talk["duration_seconds"] == 10.0


def test_start_times_only_run_to_next_start() -> None:
    """With start times only, speaking time runs to the next start; the last uses the word rate."""
    talk = _summary(
        ("therapist", "one two", 0.0, None),
        ("client", "one two three four", 2.0, None),
        ("therapist", "one two", 6.0, None),
    )
    assert talk["basis"] == "time"
    # 6 s for 6 words -> 1 s per word -> the last utterance gets 2 s.
    assert talk["by_role"]["therapist"]["speaking_seconds"] == 4.0
    assert talk["overlaps"] is None


@pytest.mark.parametrize("minimum", [0.4, 3.0])
def test_interruption_threshold_is_a_parameter(minimum: float) -> None:
    """The minimum overlap that counts as an interruption is configurable."""
    talk = _summary(
        ("therapist", "a b c", 0.0, 3.0),
        ("client", "d e f", 2.5, 5.0),
        interruption_min_overlap=minimum,
    )
    assert talk["interruptions"] == (1 if minimum <= 0.5 else 0)


def test_several_clients_are_counted_separately() -> None:
    """Couples and families: each client appears in by_speaker; by_role sums them."""
    talk = _summary(
        ("therapist", "What brings you both here?"),
        ("Jordan", "We argue."),
        ("Casey", "All the time, about money."),
    )
    speakers = {row["speaker"]: row for row in talk["by_speaker"]}
    assert speakers["Jordan"]["words"] == 2 and speakers["Casey"]["words"] == 5
    assert talk["by_role"]["client"]["words"] == 7


@pytest.mark.parametrize("marker", ["(silence)", "...", "[long pause]", "(pause) …"])
def test_non_speech_lines_count_for_nobody(marker: str) -> None:
    """A line with no word outside brackets is not speech: no utterance, word or turn for anyone."""
    talk = _summary(
        ("therapist", "What comes up for you?"),
        ("client", marker),
        ("therapist", "Take your time."),
        ("client", "(sighs) I miss her."),
    )
    client = talk["by_role"]["client"]
    assert (client["utterances"], client["words"], client["turns"]) == (1, 3, 1)
    assert talk["silence_indexes"] == [1]
    assert client["talk_share"] == pytest.approx(3 / 11, abs=1e-4)


def test_a_short_turn_is_not_credited_with_the_silence_after_it() -> None:
    """Start times only: a 2-word turn before a 60 s gap gets at most 1 s per word, not 60 s."""
    talk = _summary(
        ("therapist", "one two three four five six", 0.0, None),
        ("client", "I see.", 6.0, None),
        ("therapist", "one two three four", 66.0, None),
    )
    assert talk["by_role"]["client"]["speaking_seconds"] == 2.0
    assert talk["bounded_indexes"] == [1]
    assert talk["by_role"]["client"]["talk_share"] == pytest.approx(2 / 12, abs=1e-4)


def test_a_silence_line_with_a_time_ends_the_turn_before_it() -> None:
    """A timed "(silence)" cue gets no time and stops the client's turn before it from growing."""
    talk = _summary(
        ("client", "one two three", 0.0, None),
        ("client", "(silence)", 3.0, None),
        ("therapist", "one two three", 40.0, None),
        max_seconds_per_word=5.0,
    )
    assert talk["by_role"]["client"]["speaking_seconds"] == 3.0
    assert talk["silence_indexes"] == [1] and talk["bounded_indexes"] == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("(crying) Sorry.", 1),
        ("(silence)", 0),
        ("... - -- I mean,\tit's fine\u00a0now", 5),
        ("well...so [long pause] yes", 2),
        ("", 0),
        ("\u2026 \u2014 !!", 0),
    ],
)
def test_spoken_words_counts_tokens_with_a_letter_or_digit(text: str, words: int) -> None:
    """Whitespace-split tokens outside annotations count when they hold a letter or digit."""
    assert spoken_words(text) == words
