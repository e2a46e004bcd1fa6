"""What readers produce, and the reader interface.

A reader turns the bytes of one file into one or more :class:`RawTranscript` objects: speaker
labels, text, optional times and, when the format states it, an explicit role. Role resolution,
ordering checks and the final :class:`~alliancelens.domain.Session` are done once, in
:mod:`alliancelens.ingest.assemble`, for every format alike.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import ClassVar

from alliancelens.domain import Role
from alliancelens.errors import IngestError
from alliancelens.ingest._decode import Decoded, decode

__all__ = ["RawTranscript", "RawTurn", "ReadOutput", "Reader", "TextReader"]


@dataclass(slots=True)
class RawTurn:
    """One utterance as read: speaker label, text, where it was, and what the file says of it."""

    speaker: str
    text: str
    line: int | None = None
    start: float | None = None
    end: float | None = None
    role: Role | None = None
    index: int | None = None


@dataclass(slots=True)
class RawTranscript:
    """One session as read from a file, before roles are resolved."""

    turns: list[RawTurn]
    id: str | None = None
    date: dt.date | None = None
    modality: str | None = None
    notes: str | None = None
    roles: dict[str, Role] = field(default_factory=dict)
    #: what the user should check about this session (line numbers only, no transcript text)
    warnings: list[str] = field(default_factory=list)
    #: a problem confined to this session of a multi-session file (e.g. an invalid ``date``):
    #: ``read_bytes`` raises it, or with ``per_session=True`` fails only this session
    error: IngestError | None = None


@dataclass(slots=True)
class ReadOutput:
    """What a reader returns: transcripts, plus warnings a user should see (no transcript text)."""

    transcripts: list[RawTranscript]
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None


class Reader(ABC):
    """A transcript format; subclasses are registered with ``@register`` (see ``registry``)."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    description: ClassVar[str]
    binary: ClassVar[bool] = False
    #: What to check when a session has only one speaker, in this format's own terms.
    speaker_hint: ClassVar[str] = (
        "check that every turn starts with its speaker label, e.g. 'Client: ...'"
    )

    def sniff(self, data: bytes, text: str | None) -> bool:
        """Tell whether the content (not the file name) clearly is this format."""
        del data, text
        return False

    @abstractmethod
    def read(self, data: bytes, *, names: Collection[str] = ()) -> ReadOutput:
        """Parse ``data``; raise an :class:`~alliancelens.errors.IngestError` for bad input.

        ``names`` are the ``--therapist``/``--client`` labels: a reader that finds speakers in
        ``Name:`` prefixes counts them as speaker labels even when they start only one turn.
        """


class TextReader(Reader):
    """A reader of a text format: decoding (UTF-8/UTF-16/cp1252) is done once, here."""

    def read(self, data: bytes, *, names: Collection[str] = ()) -> ReadOutput:
        """Decode ``data`` and parse the text."""
        decoded: Decoded = decode(data)
        output = self.read_text(decoded.text, names=names)
        output.encoding = decoded.encoding
        output.warnings[:0] = decoded.warnings
        return output

    @abstractmethod
    def read_text(self, text: str, *, names: Collection[str] = ()) -> ReadOutput:
        """Parse decoded text (newlines normalised to line feeds)."""
