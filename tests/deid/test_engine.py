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
    "address",
    [
        "f.quayle@wardnine.local",
        "on-call.rota@estates.internal",
        "kit@flat.lan",
        "n.brightwater-oyelaran@mock.test",
        "dot.ted+notes@pharmacy.example.co.uk",
    ],
)
def test_any_email_shape_is_replaced_whole(address: str) -> None:
    """Every x@y.z address becomes one [EMAIL-n], whatever its top-level domain; nothing of it
    (name part, domain, a cut-off suffix) is left behind."""
    cleaned = deidentify_text(f"My partner writes to {address} every night.")
    assert cleaned == "My partner writes to [EMAIL-1] every night."


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("we rent a room in Kettering NN16 8PQ these days.", ("NN16", "8PQ")),
        ("it went to Cumbria CA3 8QT by mistake.", ("CA3", "8QT")),
        ("the old flat was G12 8QQ, top floor.", ("G12", "8QQ")),
    ],
)
def test_uk_postcode_is_never_left_half(text: str, gone: tuple[str, ...]) -> None:
    """Both halves of a postcode go, also when a place name next to it is taken for a name."""
    cleaned = deidentify_text(text)
    assert not [part for part in gone if part in cleaned]
    assert "[ADDRESS-1]" in cleaned


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("my sister's place is eh7 4qz near the park", "eh7 4qz"),
        ("post it to bs16 2wr when you can", "bs16 2wr"),
        ("the clinic is at Nw1 6Xe i think", "Nw1 6Xe"),
    ],
)
def test_lower_and_mixed_case_uk_postcodes_are_replaced(text: str, gone: str) -> None:
    """Speech-to-text writes postcodes in lower case; they are addresses all the same."""
    cleaned = deidentify_text(text)
    assert gone not in cleaned and "[ADDRESS-1]" in cleaned


@pytest.mark.parametrize(
    "text",
    ["it was the b2 2nd time she asked", "we won 3 4th places and a1 1st prize"],
)
def test_ordinals_after_a_short_code_are_not_postcodes(text: str) -> None:
    """Ordinals ("2nd", "4th") after a letter-digit token stay: they are not inward codes."""
    assert "[ADDRESS" not in deidentify_text(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("then dr. ferncastle rang me back.", "then [NAME-1] rang me back."),
        ("i told mrs quennell about the dog.", "i told [NAME-1] about the dog."),
        ("prof. ambrose-lyle said to rest.", "[NAME-1] said to rest."),
        ("miss. tregarthen teaches my son.", "[NAME-1] teaches my son."),
    ],
)
def test_lower_case_titled_names_are_replaced(text: str, expected: str) -> None:
    """A title followed by a lower-case name (speech-to-text, hurried typing) is a name."""
    assert deidentify_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "i miss her a lot these days.",
        "the dr said it would heal.",
        "my ms is worse in the heat.",
    ],
)
def test_lower_case_titles_without_a_name_stay(text: str) -> None:
    """A title-like word followed by a common word is left alone ("miss" as a verb, "ms")."""
    assert deidentify_text(text) == text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("my social security number is 612-44-0918.", "612-44-0918"),
        ("the SSN they have is 666-20-1984, apparently.", "666-20-1984"),
        ("for the claim: 000-47-2291.", "000-47-2291"),
    ],
)
def test_ssn_shaped_numbers_are_ids_not_phones(text: str, number: str) -> None:
    """A 3-2-4 digit number is replaced as an ID (also one no SSN validator accepts), never
    labelled a phone number."""
    cleaned = deidentify_text(text)
    assert number not in cleaned
    assert "[ID-1]" in cleaned and "PHONE" not in cleaned


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


def test_session_ids_become_pseudonymous() -> None:
    """De-identified sessions are named by position, never by their file name or `# id:`."""
    sessions = [
        make_session(("Therapist", "Hello."), ("Client", "Hi."), session_id=name)
        for name in ("harriet_vole_2025-06-02", "vole-harriet-second")
    ]
    assert [s.id for s in deidentify_sessions(sessions)] == ["session-1", "session-2"]


@pytest.mark.parametrize(
    ("text", "leak"),
    [
        ("I met Mr. Delacroix-Fenwick at the gate.", "Fenwick"),
        ("Then Mrs. O'Halloran-Price rang me.", "Price"),
        ("Yesterday Aoibhín came round with the baby.", "bhín"),
    ],
)
def test_hyphenated_and_accented_names_are_replaced_whole(text: str, leak: str) -> None:
    """No part of a hyphenated, apostrophe or accented name is left after its placeholder."""
    cleaned = deidentify_text(text)
    assert leak not in cleaned and "[NAME-1]" in cleaned
