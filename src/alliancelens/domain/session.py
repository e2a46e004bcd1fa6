"""Sessions, utterances, speakers and roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

__all__ = ["Role", "Session", "Speaker", "Utterance"]


class Role(StrEnum):
    """What a speaker is in the session. Sessions may have several clients (couples, families)."""

    THERAPIST = "therapist"
    CLIENT = "client"
    OTHER = "other"


#: ``Session.metadata`` key set to ``"yes"`` by the readers when speaker roles were guessed (no
#: role labels, no --therapist/--client): risk screening then also reads the guessed therapist.
ROLES_GUESSED = "roles_guessed"


@dataclass(frozen=True, slots=True)
class Speaker:
    """A participant, known by the label the transcript uses (e.g. ``Therapist``, ``Dr. Lee``)."""

    label: str
    role: Role


@dataclass(frozen=True, slots=True)
class Utterance:
    """One turn of talk. ``index`` is its stable position; ``start``/``end`` are seconds or None."""

    index: int
    speaker: str
    role: Role
    text: str
    start: float | None = None
    end: float | None = None

    @property
    def words(self) -> int:
        """Number of whitespace-separated words."""
        return len(self.text.split())


def _frozen_mapping(value: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True, slots=True)
class Session:
    """One therapy session: ordered utterances plus who spoke and what kind of session it was.

    ``metadata`` holds free-form string facts from the source (e.g. ``source_format``); it must
    never be logged, because it may identify a client.
    """

    id: str
    utterances: tuple[Utterance, ...]
    speakers: tuple[Speaker, ...]
    date: dt.date | None = None
    modality: str | None = None
    notes: str | None = None
    metadata: Mapping[str, str] = field(default_factory=_frozen_mapping)

    def __post_init__(self) -> None:
        if not isinstance(self.metadata, MappingProxyType):
            object.__setattr__(self, "metadata", _frozen_mapping(self.metadata))

    def by_index(self, index: int) -> Utterance:
        """Return the utterance with ``index`` (indexes need not start at 0 or be contiguous)."""
        for utterance in self.utterances:
            if utterance.index == index:
                return utterance
        raise KeyError(index)

    @property
    def indexes(self) -> frozenset[int]:
        """All utterance indexes of this session."""
        return frozenset(u.index for u in self.utterances)

    def role_of(self, label: str) -> Role:
        """Role of the speaker with ``label`` (``Role.OTHER`` when unknown)."""
        for speaker in self.speakers:
            if speaker.label == label:
                return speaker.role
        return Role.OTHER

    @property
    def has_therapist_client_pair(self) -> bool:
        """True when at least one therapist and one client utterance are in the session."""
        roles = {u.role for u in self.utterances}
        return Role.THERAPIST in roles and Role.CLIENT in roles

    @property
    def has_timestamps(self) -> bool:
        """True when every utterance has both a start and an end time."""
        return bool(self.utterances) and all(
            u.start is not None and u.end is not None for u in self.utterances
        )
