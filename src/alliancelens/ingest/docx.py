"""Word documents (.docx): one ``Speaker: text`` turn per paragraph, as in plain text.

The paragraphs of the document body are read with python-docx and parsed by the plain-text rules
(:func:`~alliancelens.ingest.plaintext.parse_speaker_lines`), including ``#`` header paragraphs and
time stamps. Tables in the body are read in document order, one line per row: a row of two or more
cells is ``Speaker | [time |] text`` (Word and Otter exports; a first row naming the columns, such
as ``Speaker | Text``, is skipped), a one-cell row is read like a paragraph. A table without such a
header row and with fewer than three rows (document details such as ``Client | name``) is skipped.
Warnings say how many tables were read and skipped. Line numbers in messages count paragraphs and
table rows (empty paragraphs included); a line break inside a paragraph keeps the paragraph's
number. Headers, footers, comments and text boxes are not read.

Paragraphs in a Word heading or title style (``Heading 1``, ``Title``, ``Subtitle`` …) before the
first turn are skipped with a warning that names their line numbers only (QA29 item 12: most
therapists' documents start with a title); a heading after the first turn is read as text, like
any other paragraph. So are up to 10 paragraphs in any style that have text but no speaker label
before the first turn (a title typed in the Normal style, QA36 item 9); plain text keeps its
error for such lines, since a ``.txt`` can mark headers with ``#``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from alliancelens.errors import EmptyFileError, IngestError, ParseError
from alliancelens.ingest._times import parse_clock
from alliancelens.ingest.base import RawTranscript, Reader, ReadOutput
from alliancelens.ingest.plaintext import BEFORE_FIRST_LABEL, NO_LABELS, parse_speaker_lines
from alliancelens.ingest.registry import register

__all__ = ["DocxReader"]

_ZIP_MAGIC = b"PK\x03\x04"
_DOCUMENT_PART = "word/document.xml"
#: Refuse documents that would unpack to more than this (a guard against zip bombs).
_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: What can go wrong when a damaged zip file is opened or listed.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError)
_PARAGRAPH_HINT = "in a .docx file, line numbers count paragraphs and table rows"
#: A table of two-cell rows without a header row is read as turns from this many rows on.
_MIN_TURN_ROWS = 3
_COLUMN_NAMES = frozenset({"speaker", "name", "who", "text", "utterance", "transcript", "time"})
#: At most this many unlabelled paragraphs before the first turn are skipped as title lines.
_MAX_TITLE_LINES = 10
#: Word paragraph styles (names as python-docx gives them, case-folded) that mark a heading.
_HEADING_STYLES = ("heading", "title", "subtitle")


def _members(data: bytes) -> list[zipfile.ZipInfo] | None:
    """The zip entries of ``data``, or None when it is not a readable zip file."""
    if not data.startswith(_ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except _ZIP_ERRORS:
        return None


def _row_line(cells: list[str]) -> str:
    """One table row as ``[time] Speaker: text`` (cells that hold ``Name:`` turns: one a line)."""
    cells = [c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]]  # merged cells
    if len(cells) < 2 or ":" in cells[0]:
        return "\n".join(cells)
    speaker, rest = cells[0].strip(), [c.strip() for c in cells[1:]]
    stamp = ""
    if rest and parse_clock(rest[0]) is not None:
        stamp, rest = f"[{rest[0]}] ", rest[1:]
    return f"{stamp}{speaker}: {' '.join(' '.join(rest).split())}" if speaker else " ".join(rest)


def _table_lines(table: Table) -> list[str] | None:
    """A table's rows as lines, or None for a small key/value table (document metadata).

    A table of ``Speaker | text`` rows is read when a first row names its columns or it has at
    least :data:`_MIN_TURN_ROWS` rows; cells that hold ``Name: text`` turns are always read.
    """
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    if not rows:
        return None
    headed = {c.strip().casefold() for c in rows[0]} <= _COLUMN_NAMES
    labelled = any(":" in (row[0] if row else "") for row in rows)
    if not (headed or labelled or len(rows) >= _MIN_TURN_ROWS):
        return None
    return ["" if headed and n == 0 else _row_line(row) for n, row in enumerate(rows)]


def _is_heading(paragraph: Paragraph) -> bool:
    """Whether the paragraph has a Word heading or title style."""
    style = paragraph.style
    name = (style.name or "") if style is not None else ""
    return name.casefold().startswith(_HEADING_STYLES)


def _blocks(document: object) -> tuple[list[str], int, int, set[int]]:
    """Body paragraphs and table rows in document order, and what else was found.

    Also returns how many tables were read and skipped, and the (1-based) line numbers of the
    heading-style paragraphs.
    """
    body = document.element.body  # type: ignore[attr-defined]
    lines: list[str] = []
    headings: set[int] = set()
    read = skipped = 0
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)  # type: ignore[arg-type]
            lines.append(paragraph.text)
            if _is_heading(paragraph):
                headings.add(len(lines))
        elif tag == "tbl":
            rows = _table_lines(Table(child, document))  # type: ignore[arg-type]
            read, skipped = (read + 1, skipped) if rows is not None else (read, skipped + 1)
            lines.extend(rows or [])
    return lines, read, skipped, headings


def _leading_headings(paragraphs: list[str], headings: set[int]) -> list[int]:
    """Numbers of the heading paragraphs before the first paragraph that is text (a turn)."""
    leading: list[int] = []
    for number, paragraph in enumerate(paragraphs, start=1):
        if number in headings:
            if paragraph.strip():
                leading.append(number)
        elif paragraph.strip() and not paragraph.lstrip().startswith("#"):
            break
    return leading


def _paragraphs(data: bytes) -> tuple[list[str], int, int, set[int]]:
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
        return _blocks(docx.Document(io.BytesIO(data)))
    except Exception as exc:  # deliberately broad: see below
        # python-docx, lxml and zipfile raise many unrelated exception types on damaged files
        # (KeyError, ValueError, XMLSyntaxError, BadZipFile, zlib.error …); all of them mean the
        # same thing to the user, and none may escape as a raw exception.
        raise ParseError(
            "the Word document is damaged and cannot be read",
            hint="open it in Word and save it again, or export the transcript as plain text",
        ) from exc


def _parse(
    paragraphs: list[str], titles: set[int], names: Collection[str]
) -> tuple[RawTranscript, list[int]]:
    """Parse the paragraphs not in ``titles``, skipping unlabelled ones before the first turn.

    A Word transcript often starts with a title typed in the Normal style ("Session notes"),
    which has no speaker label (QA36 item 9). Such paragraphs, up to :data:`_MAX_TITLE_LINES`,
    are skipped and returned by number; after the first turn, unlabelled text is read as the
    previous turn's continuation, as in plain text (which keeps its error for leading text).
    """
    plain: list[int] = []
    first: ParseError | None = None
    while True:
        lines = [
            (number, line)
            for number, paragraph in enumerate(paragraphs, start=1)
            if number not in titles and number not in plain
            for line in paragraph.split("\n")
        ]
        try:
            return parse_speaker_lines(lines, names=names), plain
        except ParseError as exc:
            if first is not None and exc.problem == NO_LABELS:
                raise first from None  # no turn at all: the first unlabelled line says more
            if exc.problem != BEFORE_FIRST_LABEL or exc.line is None:
                raise
            if len(plain) >= _MAX_TITLE_LINES or exc.line in plain:
                raise
            first = first or exc
            plain.append(exc.line)


def _numbers(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5])
    return shown + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")


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

    def read(self, data: bytes, *, names: Collection[str] = ()) -> ReadOutput:
        """Parse the document's paragraphs as one session."""
        paragraphs, tables, skipped, headings = _paragraphs(data)
        titles = _leading_headings(paragraphs, headings)
        if not any(paragraph.strip() for paragraph in paragraphs):
            raise EmptyFileError(
                "the document has no text in its body paragraphs or tables",
                hint="check that it is the transcript; headers, footers and text boxes are not "
                "read",
            )
        try:
            raw, plain = _parse(paragraphs, set(titles), names)
        except IngestError as exc:
            hint = f"{exc.hint}; {_PARAGRAPH_HINT}" if exc.hint else _PARAGRAPH_HINT
            raise type(exc)(exc.problem, line=exc.line, field=exc.field, hint=hint) from exc
        warnings = [f"{tables} table(s) read as turns, one row per line"] if tables else []
        if titles:
            shown = ", ".join(str(n) for n in titles[:5])
            more = f" and {len(titles) - 5} more" if len(titles) > 5 else ""
            warnings.append(
                f"{len(titles)} heading paragraph(s) before the first turn were skipped "
                f"(line(s) {shown}{more}); they are not part of the transcript"
            )
        if plain:
            warnings.append(
                f"{len(plain)} paragraph(s) without a speaker label before the first turn were "
                f"skipped as title lines (line(s) {_numbers(plain)}); check that no turn is "
                "missing its label"
            )
        if skipped:
            warnings.append(
                f"{skipped} small table(s) without a Speaker/Text header row were not read "
                "(taken for document details, not turns)"
            )
        return ReadOutput([raw], warnings=warnings)
