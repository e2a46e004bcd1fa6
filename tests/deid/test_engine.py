"""PHI detection (presidio + spaCy from PyPI + our recognisers), offline."""

from __future__ import annotations

import pytest

from alliancelens.deid import deidentify_sessions, deidentify_text, detector
from alliancelens.deid.engine import PhiDetector
from alliancelens.domain import Role, Speaker
from alliancelens.errors import DeidentificationError
from alliancelens.testing import make_session

pytest.importorskip("presidio_analyzer")


@pytest.mark.parametrize(
    ("text", "gone", "placeholder"),
    [
        ("My name is Sarah Miller.", "Sarah Miller", "[NAME-1]"),
        ("Call 415-555-0132 tonight.", "415-555-0132", "[PHONE-1]"),
        ("Write to sarah.m@example.org please.", "sarah.m@example.org", "[EMAIL-1]"),
        ("We live at 42 Maple Street now.", "42 Maple Street", "[ADDRESS-1]"),
        ("It happened on March 14, 2025.", "March 14, 2025", "[DATE-1]"),
        ("It happened on 03/14/2025.", "03/14/2025", "[DATE-1]"),
        ("My MRN is 88123456.", "88123456", "[ID-1]"),
        ("The case is CV-2024-00817.", "CV-2024-00817", "[ID-1]"),
        ("Honestly Emily doesn't get it.", "Emily", "[NAME-1]"),
        ("# id: quillon-01\n# date: 2026-09-07", "quillon-01", "# id: [ID-1]"),
    ],
)
def test_each_phi_type_is_replaced(text: str, gone: str, placeholder: str) -> None:
    """Each kind of PHI the issue names is replaced by its placeholder."""
    cleaned = deidentify_text(text)
    assert gone not in cleaned and placeholder in cleaned


@pytest.mark.parametrize(
    "text",
    [
        "I felt really low last week and two years ago.",
        "Hi, how was the week?",
        "I'm fine, thanks. On Monday I went to therapy again.",
    ],
)
def test_ordinary_talk_is_left_alone(text: str) -> None:
    """Relative times, greetings and weekdays are not PHI and stay."""
    assert deidentify_text(text) == text


def test_sessions_get_consistent_placeholders_and_speaker_names() -> None:
    """Names in speaker labels and text share placeholders across sessions; roles stay."""
    first = make_session(
        ("Therapist", "Hello Jordan, you said Casey called?"),
        ("Jordan", "Yes, Casey rang me on 415-555-0132."),
        speakers=[Speaker("Therapist", Role.THERAPIST), Speaker("Jordan", Role.CLIENT)],
        session_id="jordan-01",
    )
    second = make_session(
        ("Therapist", "How is Casey?"),
        ("Jordan", "Casey is fine. Same number, 415-555-0132."),
        speakers=[Speaker("Therapist", Role.THERAPIST), Speaker("Jordan", Role.CLIENT)],
        session_id="jordan-02",
    )
    one, two = deidentify_sessions([first, second])
    assert [s.label for s in one.speakers] == ["Therapist", "[NAME-1]"]
    assert "Jordan" not in one.id and "Jordan" not in one.utterances[0].text
    assert one.utterances[1].text == "Yes, [NAME-2] rang me on [PHONE-1]."
    assert two.utterances[1].text == "[NAME-2] is fine. Same number, [PHONE-1]."
    assert [u.role for u in two.utterances] == [Role.THERAPIST, Role.CLIENT]


def test_missing_model_is_a_clear_error_not_a_download() -> None:
    """An uninstalled spaCy model is refused by name; nothing is downloaded."""
    with pytest.raises(DeidentificationError, match="never downloaded"):
        PhiDetector(model="en_core_web_xx_not_installed")


def test_no_network_for_public_suffixes() -> None:
    """tldextract (used by presidio's e-mail/URL checks) is told not to fetch anything."""
    import tldextract.tldextract as tld

    detector()
    assert tld.TLD_EXTRACTOR.suffix_list_urls == ()
