"""Domain model: immutability, lookups and derived properties."""

from __future__ import annotations

import dataclasses

import pytest

from alliancelens.domain import Role, Session, Speaker, Utterance
from alliancelens.testing import make_session


def test_session_is_immutable() -> None:
    """Sessions and their metadata cannot be changed after creation."""
    session = Session(
        "s",
        (Utterance(0, "T", Role.THERAPIST, "Hi"),),
        (Speaker("T", Role.THERAPIST),),
        metadata={"k": "v"},
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        session.id = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        session.metadata["k"] = "changed"  # type: ignore[index]


def test_lookups() -> None:
    """by_index finds sparse indexes; role_of falls back to OTHER for unknown labels."""
    session = make_session(("therapist", "a"), ("client", "b c"), indexes=[3, 7])
    assert session.by_index(7).text == "b c"
    assert session.indexes == {3, 7}
    assert session.role_of("client") is Role.CLIENT
    assert session.role_of("nobody") is Role.OTHER
    with pytest.raises(KeyError):
        session.by_index(4)


@pytest.mark.parametrize(
    ("times", "expected"),
    [((0.0, 1.0), True), ((0.0, None), False), ((None, None), False)],
)
def test_has_timestamps_needs_start_and_end(
    times: tuple[float | None, float | None], expected: bool
) -> None:
    """has_timestamps is true only when every utterance has both times."""
    session = make_session(("therapist", "a", *times), ("client", "b", 2.0, 3.0))
    assert session.has_timestamps is expected


def test_words_counts_whitespace_separated_tokens() -> None:
    """Utterance.words counts whitespace-separated words."""
    assert Utterance(0, "C", Role.CLIENT, "  I  feel\tfine \n").words == 3
