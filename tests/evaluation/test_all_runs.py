"""evaluate all: headline verdicts against the issue targets."""

from __future__ import annotations

import pytest

from alliancelens.evaluation.all_runs import TARGETS, Headline
from alliancelens.models.evaluation import TARGETS as MICROSKILL_TARGETS


@pytest.mark.parametrize(
    ("headline", "verdict"),
    [
        (Headline("recall", 0.80, 0.80), "met"),
        (Headline("recall", 0.79, 0.80), "missed"),
        (Headline("cpu seconds", 0.4, 0.5, at_most=True), "met"),
        (Headline("cpu seconds", 0.6, 0.5, at_most=True), "missed"),
        (Headline("EPITOME macro-F1", 0.7), "reported"),
        (Headline("recall", None, 0.80), "not measured"),
        (Headline("macro-F1", 0.97, 0.78, in_sample=True), "in-sample (not a measure of accuracy)"),
    ],
)
def test_verdict(headline: Headline, verdict: str) -> None:
    """A value at the target is met; at_most flips the bound; no target is reported only."""
    assert headline.verdict == verdict


def test_microskill_targets_match_the_model_evaluation() -> None:
    """The micro-skill targets are the ones evaluate microskills uses."""
    assert TARGETS["behaviour_macro_f1"] == MICROSKILL_TARGETS["behaviour"]
    assert TARGETS["client_talk_macro_f1"] == MICROSKILL_TARGETS["client_talk"]


def test_as_dict_names_the_bound() -> None:
    """The JSON form carries the value, target, bound and verdict."""
    assert Headline("speed", 0.4, 0.5, at_most=True).as_dict() == {
        "measure": "speed",
        "value": 0.4,
        "target": 0.5,
        "target_bound": "<=",
        "verdict": "met",
    }
