"""Decoding: UTF-8 with/without BOM, UTF-16 with BOM, cp1252 fallback, binary and empty data."""

from __future__ import annotations

import codecs

import pytest

from alliancelens.errors import BinaryFileError, EmptyFileError, EncodingError
from alliancelens.ingest import read_file
from alliancelens.ingest._decode import decode, looks_binary

TEXT = "Therapist: Café tomorrow?\r\nClient: Naïve hope – maybe.\n"
NORMALISED = TEXT.replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8 (BOM)"),
        (TEXT.encode("utf-16"), "utf-16 (BOM)"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16 (BOM)"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16 (BOM)"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-native", "utf-16-be", "utf-16-le"],
)
def test_unicode_encodings_decode_without_warnings(data: bytes, encoding: str) -> None:
    """UTF-8 (with or without BOM) and UTF-16 with BOM decode silently; newlines become LF."""
    decoded = decode(data)
    assert (decoded.text, decoded.encoding, decoded.warnings) == (NORMALISED, encoding, [])


def test_cp1252_fallback_is_reported_as_a_warning() -> None:
    """Text that is not UTF-8 is decoded as cp1252, and the user is warned."""
    decoded = decode(TEXT.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (NORMALISED, "cp1252")
    assert len(decoded.warnings) == 1
    assert "cp1252" in decoded.warnings[0]


@pytest.mark.parametrize(
    ("data", "error", "line"),
    [
        (b"Therapist: hi\nClient: \x81\x8d\n", EncodingError, 2),
        (codecs.BOM_UTF16_LE + b"T\x00:\x00 ", EncodingError, 1),
        (b"\x00\x01\x02Therapist: hi", BinaryFileError, None),
        (bytes(range(1, 32)) * 20, BinaryFileError, None),
        (codecs.BOM_UTF8 + b" \n\t\n", EmptyFileError, None),
    ],
    ids=["not-utf8-nor-cp1252", "odd-utf16", "nul-bytes", "control-characters", "blank-with-bom"],
)
def test_undecodable_data_raises_the_right_error(
    data: bytes, error: type, line: int | None
) -> None:
    """Undecodable, binary and blank data raise EncodingError / BinaryFileError / EmptyFileError."""
    with pytest.raises(error) as caught:
        decode(data)
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"abc\x00def", True),
        (codecs.BOM_UTF16_LE + "abc".encode("utf-16-le"), False),
        (b"plain text", False),
    ],
)
def test_looks_binary(data: bytes, expected: bool) -> None:
    """NUL bytes mean binary unless a UTF-16 byte-order mark explains them."""
    assert looks_binary(data) is expected


@pytest.mark.parametrize(
    ("data", "encoding", "warned"),
    [
        (TEXT.encode("utf-8"), "utf-8", False),
        (TEXT.encode("utf-16"), "utf-16 (BOM)", False),
        (TEXT.encode("cp1252"), "cp1252", True),
    ],
)
def test_read_file_reports_encoding(write, data: bytes, encoding: str, warned: bool) -> None:
    """read_file records the encoding on the result and session; cp1252 adds a file warning."""
    result = read_file(write("s.txt", data))
    assert result.encoding == encoding
    assert result.sessions[0].metadata["source_encoding"] == encoding
    assert result.sessions[0].utterances[0].text == "Café tomorrow?"
    assert any("cp1252" in w for w in result.warnings) is warned


@pytest.mark.parametrize("code", range(32), ids=lambda c: f"U+{c:04X}")
def test_each_control_character_counts_towards_binary_unless_it_is_layout(code: int) -> None:
    """Every C0 control except tab, LF, VT, FF and CR counts towards the binary-data share."""
    data = b"Therapist: hi\n" + bytes([code]) * 100
    if code in (0x09, 0x0A, 0x0B, 0x0C, 0x0D):
        assert decode(data).text.startswith("Therapist: hi")
    else:
        with pytest.raises(BinaryFileError):
            decode(data)
