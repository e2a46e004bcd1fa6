"""risk.language version 24: a denial of ideation that names feeling a burden (QA qa35 #7).

Every dialogue here was written for these tests.
"""

from __future__ import annotations

from risk_helpers import risk_readings

from alliancelens.analysers.risk import RiskLanguage

T, C = "therapist", "client"

_ASKED = (
    (T, "Hi Sam. How has the fortnight been?"),
    (C, "Rough. Some days I think my family would manage fine without me."),
    (T, "I'd like to ask you plainly: are you having thoughts of killing yourself?"),
)


def test_version_is_24() -> None:
    """The output changed in version 24 (QA qa35 #7), so the analyser's version says so."""
    assert RiskLanguage.version >= 24


def test_denial_with_burden_is_listed_for_review_not_flagged() -> None:
    """A denial plus "I'm a burden" answering a direct question is listed, not flagged."""
    found = risk_readings(
        *_ASKED,
        (C, "No, nothing like that. It's more that I'm a burden to everyone lately."),
    )
    assert 3 not in found["flags"]
    assert "denied suicidal thoughts when asked" in found["possible"][3]["reason"]


def test_the_turn_after_a_denied_burden_does_not_continue_a_disclosure() -> None:
    """The answer to the therapist's next question is neither flagged nor listed."""
    found = risk_readings(
        *_ASKED,
        (C, "No, nothing like that. It's more that I'm a burden to everyone lately."),
        (T, "Thank you for being straight with me. What happens when you feel like a burden?"),
        (C, "I go quiet at dinner and then my wife gets annoyed with me."),
    )
    assert 5 not in found["flags"]
    assert 5 not in found["possible"]


def test_burden_without_a_denial_stays_a_flag() -> None:
    """Burden wording that does not deny the question is still flagged for review."""
    found = risk_readings(*_ASKED, (C, "Sometimes. I feel like such a burden to them."))
    assert 3 in found["flags"]


def test_burden_without_a_question_about_ideation_stays_a_flag() -> None:
    """A "no" plus burden wording answering another question is not a denial of ideation."""
    found = risk_readings(
        (T, "Did you get to the gym this week?"),
        (C, "No. I'm a burden to everyone at home right now."),
    )
    assert 1 in found["flags"]
