"""Speaker role resolution: role words, stated roles, overrides, the heuristic and its warning."""

from __future__ import annotations

import pytest

from alliancelens.domain import Role
from alliancelens.errors import SpeakerError
from alliancelens.ingest import read_bytes, resolve_roles, role_from_label
from alliancelens.ingest.base import RawTurn


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Therapist", Role.THERAPIST),
        ("therapist (JL)", Role.THERAPIST),
        ("Counsellor", Role.THERAPIST),
        ("Co-therapist", Role.THERAPIST),
        ("T", Role.THERAPIST),
        ("Th", Role.THERAPIST),
        ("Client", Role.CLIENT),
        ("Client 2", Role.CLIENT),
        ("C", Role.CLIENT),
        ("C1", Role.CLIENT),
        ("P2", Role.CLIENT),
        ("Patient", Role.CLIENT),
        ("Partner A", Role.CLIENT),
        ("Interpreter", Role.OTHER),
        ("Dr. Lee", None),
        ("Sam", None),
        ("Tom", None),
        ("Clientele", None),
    ],
)
def test_role_from_label(label: str, role: Role | None) -> None:
    """A leading role word or role letter in a label names the role; names name none."""
    assert role_from_label(label) is role


def turns(*pairs: tuple[str, str]) -> list[RawTurn]:
    return [RawTurn(speaker, text) for speaker, text in pairs]


def test_override_beats_stated_role_which_beats_role_word() -> None:
    """Precedence: --therapist/--client, then roles the file states, then role words."""
    resolution = resolve_roles(
        turns(("Client", "a"), ("Therapist", "b"), ("Sam", "c")),
        stated={"Therapist": Role.OTHER, "Sam": Role.CLIENT},
        therapists=["sam"],
    )
    assert resolution.roles == {
        "Client": Role.CLIENT,
        "Therapist": Role.OTHER,
        "Sam": Role.THERAPIST,
    }
    assert resolution.guessed == ()


def test_role_on_a_turn_counts_as_stated() -> None:
    """A role given on a turn (JSON 'role', AnnoMI interlocutor) is used for that speaker."""
    raw = [RawTurn("A", "hi", role=Role.THERAPIST), RawTurn("B", "hello")]
    assert resolve_roles(raw).roles == {"A": Role.THERAPIST, "B": Role.CLIENT}


def test_heuristic_picks_the_speaker_who_asks() -> None:
    """Without a known therapist, the speaker whose turns ask questions is the therapist."""
    pairs = (("Sam", "Tired."), ("Dr. Lee", "Why?"), ("Sam", "No sleep."), ("Dr. Lee", "When?"))
    resolution = resolve_roles(turns(*pairs))
    assert [label for label, role in resolution.roles.items() if role is Role.THERAPIST] == [
        "Dr. Lee"
    ]
    assert set(resolution.guessed) == {"Sam", "Dr. Lee"}


def test_even_evidence_takes_the_first_speaker_weakly() -> None:
    """Two speakers who ask equally: the first to speak is taken, as a weak, tied guess."""
    resolution = resolve_roles(turns(("Sam", "Hello?"), ("Dr. Lee", "Hi?")))
    assert resolution.roles["Sam"] is Role.THERAPIST
    assert resolution.weak and resolution.guess is not None and resolution.guess.tied


def test_even_evidence_says_no_evidence_in_the_warning() -> None:
    """The warning for a tie says there was no evidence either way and how to settle it."""
    text = b"Mo: Lunch?\nKit: Lunch?\nMo: Soon?\nKit: Soon?\n"
    (warning,) = read_bytes(text, "even.txt").all_warnings
    assert "NO evidence either way" in warning and "--therapist" in warning


def test_known_therapist_makes_other_names_clients_without_guessing() -> None:
    """When a therapist is known, unnamed-role speakers are clients and nothing is guessed."""
    resolution = resolve_roles(turns(("Therapist", "Hi?"), ("Sam", "Why?"), ("Jo", "Why?")))
    assert resolution.roles["Sam"] is resolution.roles["Jo"] is Role.CLIENT
    assert resolution.guessed == ()


def test_unmatched_override_names_are_reported() -> None:
    """Override names that match no label are returned for the caller to refuse."""
    resolution = resolve_roles(turns(("A", "x"), ("B", "y")), therapists=["a"], clients=["Zed"])
    assert resolution.unmatched_overrides == ("Zed",)


REAL_NAMES = b"Dr. Lee: How are you?\nSam: Fine.\nDr. Lee: Fine?\nSam: Yes.\n"


def test_real_names_are_resolved_by_heuristic_with_a_warning() -> None:
    """'Dr. Lee:'/'Sam:' get roles from the heuristic and the user is told how to override."""
    result = read_bytes(REAL_NAMES, "x.txt")
    session = result.sessions[0]
    assert (session.role_of("Dr. Lee"), session.role_of("Sam")) == (Role.THERAPIST, Role.CLIENT)
    assert len(result.all_warnings) == 1
    assert "--therapist" in result.all_warnings[0]


@pytest.mark.parametrize("name", ["Dr. Lee", "dr. lee", " DR. LEE "])
def test_therapist_override_settles_real_names_without_warning(name: str) -> None:
    """--therapist (any case) names the therapist; the others are clients, with no warning."""
    result = read_bytes(REAL_NAMES, "x.txt", therapists=[name])
    session = result.sessions[0]
    assert (session.role_of("Dr. Lee"), session.role_of("Sam")) == (Role.THERAPIST, Role.CLIENT)
    assert result.all_warnings == ()


def test_couples_with_numbered_clients() -> None:
    """'Client 1' and 'Client 2' are two clients of one therapist."""
    text = b"Therapist: Who starts?\nClient 1: Me.\nClient 2: Fine.\n"
    session = read_bytes(text, "x.txt").sessions[0]
    assert [(s.label, s.role) for s in session.speakers] == [
        ("Therapist", Role.THERAPIST),
        ("Client 1", Role.CLIENT),
        ("Client 2", Role.CLIENT),
    ]


def test_no_therapist_identified_is_warned() -> None:
    """A session whose labels name only clients is read, with a warning."""
    result = read_bytes(b"Client 1: Hi.\nClient 2: Hi.\n", "x.txt")
    assert any("no therapist identified" in w for w in result.all_warnings)


def test_override_matching_no_speaker_is_a_speaker_error() -> None:
    """A --therapist name that is no speaker label raises SpeakerError (name not echoed)."""
    with pytest.raises(SpeakerError) as caught:
        read_bytes(REAL_NAMES, "x.txt", therapists=["Zebedee"])
    assert "Zebedee" not in str(caught.value)


#: Three speakers with name labels; the header id holds a made-up client name and date.
_NAMED = (
    "# id: thorvald-mbeki-2030-02-14\n"
    "Ines Carvalho: What brings you in today?\n"
    "Thorvald Mbeki: My brother and I keep fighting.\n"
    "Ruaidhri Mbeki: He is not wrong.\n"
    "Ines Carvalho: What happens when you fight?\n"
)


@pytest.mark.parametrize(
    ("therapists", "clients", "expected"),
    [
        (["1"], [], {1: Role.THERAPIST, 2: Role.CLIENT, 3: Role.CLIENT}),
        ([], ["2", "3"], {1: Role.THERAPIST, 2: Role.CLIENT, 3: Role.CLIENT}),
        (["1"], ["ruaidhri mbeki"], {1: Role.THERAPIST, 2: Role.CLIENT, 3: Role.CLIENT}),
    ],
)
def test_speakers_can_be_named_by_number(
    therapists: list[str], clients: list[str], expected: dict[int, Role]
) -> None:
    """--therapist N / --client N name the N-th speaker in order of first turn."""
    session = read_bytes(_NAMED.encode(), "x.txt", therapists=therapists, clients=clients)
    order = [s.label for s in session.sessions[0].speakers]
    roles = {n: s.role for n, s in enumerate(session.sessions[0].speakers, start=1)}
    assert order[0] == "Ines Carvalho"
    assert roles == expected


def test_a_number_beyond_the_speakers_matches_none() -> None:
    """A speaker number larger than the number of speakers says how many speakers there are."""
    with pytest.raises(SpeakerError, match="--client 4: the file has only 3 speakers"):
        read_bytes(_NAMED.encode(), "x.txt", clients=["4"])


def test_a_label_that_is_a_number_wins_over_the_position() -> None:
    """A speaker labelled '2' is named by '2' even when it is the first to speak."""
    turns = [RawTurn("2", "How are you?"), RawTurn("1", "Tired."), RawTurn("2", "How?")]
    assert resolve_roles(turns, therapists=["2"]).roles == {"2": Role.THERAPIST, "1": Role.CLIENT}


@pytest.mark.parametrize("client_option", ["--client", "--client-speaker"])
def test_warnings_name_sessions_by_position_never_by_header_id(client_option: str) -> None:
    """Warnings say 'session 1 of 1 in FILE', never the `# id:` header or a speaker label."""
    result = read_bytes(_NAMED.encode(), "in/x.txt", client_option=client_option)
    text = " ".join(result.all_warnings)
    assert result.sessions[0].id == "thorvald-mbeki-2030-02-14"  # kept as the session id
    assert result.all_warnings and all(
        w.startswith(("session 1 of 1 in in/x.txt: ", "in/x.txt: ")) for w in result.all_warnings
    )
    for secret in ("Thorvald", "Mbeki", "Ines", "Carvalho", "Ruaidhri", "2030"):
        assert secret not in text
    assert f"{client_option} N" in text


def test_import_spelling_of_the_client_option_reaches_every_hint() -> None:
    """With client_option='--client-speaker', no hint tells the user to pass --client NAME."""
    text = "Sam: Hi?\nJo: Hi.\nLee: Yes.\nsomeone: said this\nSam: And?\n"
    result = read_bytes(text.encode(), "t.txt", client_option="--client-speaker")
    joined = " ".join(result.all_warnings)
    assert "--client-speaker" in joined
    assert "--client " not in joined and "--client/" not in joined
