"""Public helpers for tests (ours and plugin authors'): build sessions without files.

Example::

    session = make_session(("therapist", "How was the week?"), ("client", "Hard."))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from alliancelens.domain import Role, Session, Speaker, Utterance

__all__ = ["make_session"]

Turn = tuple[str, str] | tuple[str, str, float | None, float | None]


def make_session(
    *turns: Turn,
    session_id: str = "test-session",
    speakers: Sequence[Speaker] | None = None,
    indexes: Iterable[int] | None = None,
) -> Session:
    """A session from ``(speaker, text)`` or ``(speaker, text, start, end)`` tuples.

    A speaker label that is a role name (``therapist``, ``client``, ``other``) gets that role;
    any other label is a client unless ``speakers`` says otherwise.
    """
    roles = {s.label: s.role for s in speakers or ()}
    utterances: list[Utterance] = []
    index_list = list(indexes) if indexes is not None else list(range(len(turns)))
    for index, turn in zip(index_list, turns, strict=True):
        label, text = turn[0], turn[1]
        start, end = (turn[2], turn[3]) if len(turn) == 4 else (None, None)
        role = roles.get(label) or (
            Role(label) if label in Role._value2member_map_ else Role.CLIENT
        )
        roles.setdefault(label, role)
        utterances.append(Utterance(index, label, role, text, start, end))
    return Session(
        id=session_id,
        utterances=tuple(utterances),
        speakers=tuple(Speaker(label, role) for label, role in roles.items()),
    )
