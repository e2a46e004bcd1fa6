"""Word documents (.docx): one ``Speaker: text`` turn per paragraph, as in plain text.

The paragraphs of the document body are read with python-docx and parsed by the plain-text rules
(:func:`~alliancelens.ingest.plaintext.parse_speaker_lines`), including ``#`` header paragraphs
and time stamps. Line numbers in messages count paragraphs (empty paragraphs included); a line
break inside a paragraph keeps the paragraph's number. Tables, headers, footers, comments and
text boxes are not read.
"""

from __future__ import annotations

import io
import zipfile

import docx

from alliancelens.errors import EmptyFileError, IngestError, ParseError
from alliancelens.ingest.base import Reader, ReadOutput
from alliancelens.ingest.plaintext import parse_speaker_lines
from alliancelens.ingest.registry import register

__all__ = ["DocxReader"]

_ZIP_MAGIC = b"PK\x03\x04"
_DOCUMENT_PART = "word/document.xml"
#: Refuse documents that would unpack to more than this (a guard against zip bombs).
_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: What can go wrong when a damaged zip file is opened or listed.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError)
_PARAGRAPH_HINT = "in a .docx file, line numbers count paragraphs"


def _members(data: bytes) -> list[zipfile.ZipInfo] | None:
    """The zip entries of ``data``, or None when it is not a readable zip file."""
    if not data.startswith(_ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except _ZIP_ERRORS:
        return None


def _paragraphs(data: bytes) -> list[str]:
    members = _members(data)
    if members is None or _DOCUMENT_PART not in {m.filename for m in members}:
        raise ParseError(
            "not a Word (.docx) document",
            hint="save it from Word as .docx, or export it as plain text",
        )
    if sum(m.file_size for m in members) > _MAX_UNPACKED_BYTES:
        raise ParseError(
            "the document unpacks to more than 200 MB",
            hint="save the transcript as plain text and read that instead",
        )
    try:
        document = docx.Document(io.BytesIO(data))
        return [paragraph.text for paragraph in document.paragraphs]
    except Exception as exc:  # deliberately broad: see below
        # python-docx, lxml and zipfile raise many unrelated exception types on damaged files
        # (KeyError, ValueError, XMLSyntaxError, BadZipFile, zlib.error …); all of them mean the
        # same thing to the user, and none may escape as a raw exception.
        raise ParseError(
            "the Word document is damaged and cannot be read",
            hint="open it in Word and save it again, or export the transcript as plain text",
        ) from exc


@register
class DocxReader(Reader):
    """Word documents with one ``Speaker: text`` turn per paragraph."""

    name = "docx"
    suffixes = (".docx",)
    description = "Word document (.docx) with 'Speaker: text' paragraphs"
    binary = True

    def sniff(self, data: bytes, text: str | None) -> bool:
        """Tell whether ``data`` is a zip file holding ``word/document.xml``."""
        del text
        members = _members(data)
        return members is not None and _DOCUMENT_PART in {m.filename for m in members}

    def read(self, data: bytes) -> ReadOutput:
        """Parse the document's paragraphs as one session."""
        lines = [
            (number, line)
            for number, paragraph in enumerate(_paragraphs(data), start=1)
            for line in paragraph.split("\n")
        ]
        if not any(line.strip() for _, line in lines):
            raise EmptyFileError("the document has no text", hint="check that it is the transcript")
        try:
            raw = parse_speaker_lines(lines)
        except IngestError as exc:
            hint = f"{exc.hint}; {_PARAGRAPH_HINT}" if exc.hint else _PARAGRAPH_HINT
            raise type(exc)(exc.problem, line=exc.line, field=exc.field, hint=hint) from exc
        return ReadOutput([raw])
