"""Readers registered by format name, and format detection by content and suffix.

Detection order: an explicit ``--format``; then content that clearly is one format (a ``WEBVTT``
header, SRT cue numbering, a JSON document, an AnnoMI CSV header, a Word document); then the file
suffix; then plain text if it has speaker labels. Anything else is an
:class:`~alliancelens.errors.UnknownFormatError`.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TypeVar

from alliancelens.errors import IngestError, UnknownFormatError, UsageError
from alliancelens.ingest._decode import decode
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
    """Return the reader for ``name``; raise a :class:`UsageError` listing known formats if none."""
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
    for reader in readers.values():
        if reader.binary and reader.sniff(data, None):
            return reader
    text: str | None = None
    problem: IngestError | None = None
    try:
        text = decode(data).text
    except IngestError as exc:  # binary, undecodable or blank: kept for the error below
        problem = exc
    if text is not None:
        for reader in readers.values():
            if not reader.binary and reader.name != _FALLBACK and reader.sniff(data, text):
                return reader
    suffix = path.suffix.lower() if path is not None else ""
    for reader in readers.values():
        if suffix and suffix in reader.suffixes:
            return reader
    fallback = readers.get(_FALLBACK)
    if fallback is not None and fallback.sniff(data, text):
        return fallback
    if problem is not None:
        raise problem
    raise UnknownFormatError(
        "not a recognised transcript format",
        hint="pass --format; `alliancelens formats` lists the formats and their suffixes",
    )
