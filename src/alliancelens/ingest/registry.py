"""Readers registered by format name, and format detection by content and suffix.

Detection order: an explicit ``--format``; then content that clearly is one format (a ``WEBVTT``
header, SRT cue numbering, a JSON document, an AnnoMI CSV header, a Word document); then the file
suffix; then plain text if it has speaker labels. Anything else is an
:class:`~alliancelens.errors.UnknownFormatError`.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TypeVar

from alliancelens.errors import BinaryFileError, IngestError, UnknownFormatError, UsageError
from alliancelens.ingest._decode import decode, looks_binary
from alliancelens.ingest.base import Reader

__all__ = ["detect", "formats", "get", "register"]

_READERS: dict[str, Reader] = {}
R = TypeVar("R", bound=type[Reader])
#: The plain-text reader is the fallback, so it is asked last.
_FALLBACK = "text"


def register(cls: R) -> R:
    """Class decorator: register a reader class under its format ``name``."""
    _READERS[cls.name] = cls()
    return cls


def _load_builtin() -> None:
    # Importing the modules runs their @register decorators.
    from alliancelens.ingest import (  # noqa: F401, PLC0415
        annomi_csv,
        docx,
        jsonfmt,
        plaintext,
        srtfmt,
        vtt,
    )


def formats() -> dict[str, Reader]:
    """All registered readers by format name."""
    _load_builtin()
    return dict(sorted(_READERS.items()))


def get(name: str) -> Reader:
    """The reader for format ``name``; a :class:`UsageError` naming the known formats otherwise."""
    readers = formats()
    if name not in readers:
        raise UsageError(
            f"unknown format {name!r}; known formats: {', '.join(readers)} "
            "(see `alliancelens formats`)"
        )
    return readers[name]


def detect(data: bytes, path: PurePath | None = None) -> Reader:
    """Pick the reader for ``data`` (and ``path``'s suffix); see the module docstring."""
    readers = formats()
    binary_readers = [r for r in readers.values() if r.binary]
    for reader in binary_readers:
        if reader.sniff(data, None):
            return reader
    text: str | None = None
    if not looks_binary(data):
        try:
            text = decode(data).text
        except IngestError:
            text = None
    for reader in readers.values():
        if not reader.binary and reader.name != _FALLBACK and text is not None:
            if reader.sniff(data, text):
                return reader
    suffix = path.suffix.lower() if path is not None else ""
    for reader in readers.values():
        if suffix and suffix in reader.suffixes:
            return reader
    fallback = readers.get(_FALLBACK)
    if fallback is not None and fallback.sniff(data, text):
        return fallback
    if text is None:
        raise BinaryFileError(
            "the file holds binary data, not a transcript",
            hint="export the transcript as .txt, .vtt, .srt, .json, .csv or .docx",
        )
    raise UnknownFormatError(
        "not a recognised transcript format",
        hint="pass --format (see `alliancelens formats` for the formats and their suffixes)",
    )
