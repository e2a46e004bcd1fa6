"""Public helpers for tests (ours and plugin authors'): build sessions without files.

Example::

    session = make_session(("therapist", "How was the week?"), ("client", "Hard."))
    example = labelled_example("sess-1", "session", [("therapist", "Hi?"), ("client", "Fine.")])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from alliancelens.domain import Role, Session, Speaker, Utterance

__all__ = ["labelled_example", "make_session", "withdrawal_episode"]

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


def labelled_example(
    example_id: str,
    example_type: str,
    lines: Sequence[tuple[str, str]],
    **labels: Any,
) -> dict[str, Any]:
    """A labelled example in the ruptures-examples JSON layout (``json.dumps`` it to a file).

    ``example_type`` is ``session`` or ``risk_snippet``; ``lines`` are ``(speaker, text)`` with
    speaker ``therapist`` or ``client``; ``labels`` may set ``category``, ``ruptures``,
    ``red_flags``, ``risk`` and ``hard_negatives`` (each an empty list by default).
    """
    return {
        "id": example_id,
        "synthetic": True,
        "type": example_type,
        "category": labels.get("category", ""),
        "utterances": [
            {"index": i, "speaker": speaker, "text": text}
            for i, (speaker, text) in enumerate(lines)
        ],
        **{
            key: list(labels.get(key, []))
            for key in ("ruptures", "red_flags", "risk", "hard_negatives")
        },
    }


def withdrawal_episode(indexes: Sequence[int], marker: str = "minimal_response") -> dict[str, Any]:
    """An unresolved withdrawal episode over client lines ``indexes``, with no repair attempt."""
    return {
        "kind": "withdrawal",
        "start_index": indexes[0],
        "end_index": indexes[-1],
        "resolved": False,
        "resolution_index": None,
        "markers": [marker],
        "marker_evidence": [{"index": i, "marker": marker} for i in indexes],
        "strategy_evidence": [],
        "resolution_strategies": [],
    }
