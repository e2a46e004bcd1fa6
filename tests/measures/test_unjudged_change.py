"""A change no reliable-change rule can judge is said with its size (QA43 #8)."""

from __future__ import annotations

from alliancelens.measures import load_registry
from alliancelens.measures.change import classify_change, unjudged_change_text


def test_phq9_change_is_said_with_no_invented_threshold() -> None:
    """PHQ-9 9 -> 17: "change since first form: +8 (no reliable-change value … shipped …)"."""
    phq = load_registry().get("phq-9")
    text = unjudged_change_text(phq, classify_change(phq, 9, 17))
    assert text.startswith("change since first form: +8 (no reliable-change value for PHQ-9")
    assert "docs/measures/definitions.md" in text


def test_ors_child_change_names_the_population() -> None:
    """ORS for a child has no reliable-change value: the reason names the population."""
    ors = load_registry().get("ors")
    text = unjudged_change_text(ors, classify_change(ors, 20.0, 14.5, population="child"))
    assert text.startswith("change since first form: -5.5 (ORS has no reliable-change value for")
    assert "(child)" in text


def test_judged_change_and_intake_have_no_line() -> None:
    """A change the ORS rule judges, and the first form (no change), give no line."""
    ors = load_registry().get("ors")
    assert unjudged_change_text(ors, classify_change(ors, 24.0, 19.0)) == ""
    assert unjudged_change_text(ors, None) == ""
