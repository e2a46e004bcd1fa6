"""One-off speaker labels (group and family sessions) and contradictory speaker options."""

from __future__ import annotations

import pytest

from alliancelens.domain import Role
from alliancelens.errors import SpeakerError, UsageError
from alliancelens.ingest import check_names, read_bytes
from alliancelens.ingest._labels import SpeakerLabels

GROUP_TXT = (
    "Facilitator: Who wants to start?\nAsha: Me. It was a slow week.\n"
    "Facilitator: Thank you, Asha. Anyone else?\n"
    "Bram Okoye: Lately I keep thinking about killing myself.\n"
    "Asha: That sounds heavy.\nFacilitator: Thank you both.\n"
)
GROUP_VTT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nDr. Vale: Who wants to start?\n\n"
    "00:00:02.000 --> 00:00:03.000\nAsha: Me.\n\n"
    "00:00:03.000 --> 00:00:04.000\nDr. Vale: Anyone else?\n\n"
    "00:00:04.000 --> 00:00:05.000\nBram Okoye: Lately I keep thinking about killing myself.\n\n"
    "00:00:05.000 --> 00:00:06.000\nAsha: Same here, a bit.\n"
)


@pytest.mark.parametrize(
    ("name", "data", "therapists"),
    [("group.txt", GROUP_TXT, []), ("group.vtt", GROUP_VTT, ["Dr. Vale"])],
)
def test_a_speaker_who_talks_once_keeps_their_own_utterance(
    name: str, data: str, therapists: list[str]
) -> None:
    """A name-shaped label that starts one turn is its own client speaker, with a line warning."""
    result = read_bytes(data.encode(), name, therapists=therapists)
    session = result.sessions[0]
    once = next(u for u in session.utterances if u.speaker == "Bram Okoye")
    assert once.role is Role.CLIENT
    assert once.text == "Lately I keep thinking about killing myself."
    assert all("killing" not in u.text for u in session.utterances if u.speaker != "Bram Okoye")
    assert any("start only one turn (line(s) " in w for w in result.all_warnings)
    assert all("Bram" not in w for w in result.all_warnings)


def test_several_speakers_made_clients_by_default_are_announced() -> None:
    """Two or more speakers without role words become clients, and a warning says so."""
    result = read_bytes(GROUP_TXT.encode(), "group.txt")
    roles = {s.label: s.role for s in result.sessions[0].speakers}
    assert roles == {"Facilitator": Role.THERAPIST, "Asha": Role.CLIENT, "Bram Okoye": Role.CLIENT}
    assert any("2 speakers have no role word" in w for w in result.all_warnings)


@pytest.mark.parametrize("label", ["note", "bram"])
def test_a_named_option_counts_as_a_speaker_even_when_used_once(label: str) -> None:
    """--client with a one-off label matches it, even one that would otherwise stay text."""
    text = f"Therapist: How was it?\nClient: Hard.\n{label}: I was scared.\nTherapist: Go on?\n"
    result = read_bytes(text.encode(), "s.txt", clients=[label.upper()])
    assert [u.speaker for u in result.sessions[0].utterances][2] == label
    assert result.unmatched_names == ()


def test_a_lower_case_one_off_prefix_stays_text_with_a_warning_naming_the_line() -> None:
    """'so anyway:' on its own is read as text of the turn before, and the line is named."""
    text = "Therapist: How was it?\nClient: Hard.\nso anyway: it passed.\nTherapist: Good?\n"
    result = read_bytes(text.encode(), "s.txt")
    assert result.sessions[0].utterances[1].text == "Hard. so anyway: it passed."
    assert any("read as text of the turn before (line(s) 3)" in w for w in result.all_warnings)


def test_labels_used_twice_or_with_role_words_raise_no_one_off_warning() -> None:
    """Only one-off, role-less labels are reported; 'Client' and repeated names are not."""
    labels = SpeakerLabels(["Client", "Ana", "Ana", "Dad"])
    assert [labels.is_speaker(x, n) for n, x in enumerate(["Client", "Ana", "Dad"], 1)] == [
        True,
        True,
        True,
    ]
    assert labels.one_off_lines == [3]


@pytest.mark.parametrize(
    ("therapists", "clients", "message"),
    [
        (["Client"], [], "--therapist names speaker 2 of 3, whose label says client"),
        ([], ["Therapist"], "--client names speaker 1 of 3, whose label says therapist"),
        (["3"], ["Dr. Vale"], "--therapist and --client both name speaker 3 of 3"),
        (["Dr. Vale"], ["dr.  vale"], "--therapist and --client name the same speaker label"),
    ],
)
def test_contradictory_speaker_options_are_one_usage_error(
    therapists: list[str], clients: list[str], message: str
) -> None:
    """A role word contradicted by an option, or one label in both options, is a usage error."""
    text = "Therapist: Hi?\nClient: Hi.\nDr. Vale: Hello?\nDr. Vale: Yes?\n"
    with pytest.raises(UsageError, match=message):
        read_bytes(text.encode(), "s.txt", therapists=therapists, clients=clients)


def test_a_session_with_no_client_warns_that_nothing_was_screened_for_risk() -> None:
    """When every speaker is a therapist, a warning says risk was not screened."""
    text = "Ana: Hi?\nBo: Hello?\nAna: Ready?\nBo: Yes?\n"
    result = read_bytes(text.encode(), "s.txt", therapists=["Ana", "Bo"])
    assert any(
        "no client identified, so no utterance was screened" in w for w in result.all_warnings
    )


def test_an_unmatched_name_with_one_file_names_the_file_and_import_option() -> None:
    """check_names on one file names it (never '<input>') and the caller's client option."""
    result = read_bytes(b"Therapist: Hi?\nClient: Hi.\n", "week3.txt", clients=["Zed"])
    with pytest.raises(SpeakerError) as caught:
        check_names([result], therapists=[], clients=["Zed"], client_option="--client-speaker")
    assert str(caught.value).startswith("week3.txt: --client-speaker: 1 name(s)")
    assert "Zed" not in str(caught.value)


FAMILY_TXT = (
    "Dr. Okafor: What brings the three of you in?\nPriya: Mostly the arguing at bedtime.\n"
    "Dev: She means me.\nLeela: Everyone shouts, not just Dev.\n"
    "Dr. Okafor: So bedtime is hard for all of you. What would help?\n"
)


@pytest.mark.parametrize(
    ("therapists", "clients", "warned"),
    [
        ((), (), False),  # roles guessed: the guess warning speaks instead
        (("dr. okafor",), (), False),  # QA 22 item 12: the user named the therapist
        (("dr. okafor",), ("Priya", "Dev", "Leela"), False),
    ],
)
def test_family_warning_is_silent_once_the_therapist_is_named(
    therapists: tuple[str, ...], clients: tuple[str, ...], warned: bool
) -> None:
    """--therapist (or --client for each) silences the 'no role word' family warning."""
    result = read_bytes(FAMILY_TXT.encode(), "f.txt", therapists=therapists, clients=clients)
    assert any("no role word" in w for w in result.all_warnings) is warned


def test_family_warning_says_how_to_confirm_the_clients() -> None:
    """With a role-worded therapist, the warning names --client for each client as the fix."""
    text = FAMILY_TXT.replace("Dr. Okafor:", "Therapist:")
    (warning,) = [w for w in read_bytes(text.encode(), "f.txt").all_warnings if "role word" in w]
    assert "3 speakers have no role word" in warning
    assert "--client N for each" in warning and "to silence this warning" in warning
    assert all(name not in warning for name in ("Priya", "Dev", "Leela"))
