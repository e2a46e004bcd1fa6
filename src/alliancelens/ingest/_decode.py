"""Decode transcript bytes: UTF-8 (with or without BOM), UTF-16 with BOM, cp1252 fallback."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from alliancelens.errors import BinaryFileError, EmptyFileError, EncodingError

__all__ = ["Decoded", "decode", "looks_binary"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Control characters other than tab, line feed, vertical tab, form feed and carriage return.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")
#: Share of control characters above which decoded text is treated as binary data.
_MAX_CONTROL_SHARE = 0.05


@dataclass(slots=True)
class Decoded:
    """Decoded text, the encoding used, and warnings about it."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def looks_binary(data: bytes) -> bool:
    """Tell whether ``data`` has NUL bytes and no UTF-16 byte-order mark."""
    return b"\x00" in data[:8192] and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    )


def decode(data: bytes) -> Decoded:
    """Decode ``data``; raise a clear :class:`~alliancelens.errors.IngestError` when impossible."""
    decoded = _decode(data)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyFileError("the file is empty", hint="check that the export finished")
    controls = len(_CONTROLS.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise BinaryFileError(
            "the file holds binary data, not a text transcript",
            hint="export the transcript as .txt, .vtt, .srt, .json, .csv or .docx",
        )
    decoded.text = text
    return decoded


def _decode(data: bytes) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding.replace("-sig", "") + " (BOM)")
            except UnicodeDecodeError as exc:
                raise _encoding_error(data, exc, encoding) from exc
    if looks_binary(data):
        raise BinaryFileError(
            "the file holds binary data (NUL bytes), not a text transcript",
            hint="if it is UTF-16 text, save it as UTF-8 or UTF-16 with a byte-order mark",
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _encoding_error(data, exc, "utf-8 or cp1252") from exc
    return Decoded(
        text,
        "cp1252",
        [
            "not valid UTF-8: decoded as Windows-1252 (cp1252); check accented characters, "
            "or save the file as UTF-8"
        ],
    )


def _encoding_error(data: bytes, exc: UnicodeDecodeError, tried: str) -> EncodingError:
    line = data[: exc.start].count(b"\n") + 1
    return EncodingError(
        f"byte {exc.start} cannot be decoded as {tried}",
        line=line,
        hint="save the file as UTF-8 and try again",
    )
