"""Word (.docx) reader: paragraphs as plain-text lines, sniffing, damaged documents."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from alliancelens.domain import Role
from alliancelens.errors import EmptyFileError, ParseError
from alliancelens.ingest import read_bytes, read_file
from alliancelens.ingest.docx import DocxReader

COUPLE = [
    "# date: 2024-05-01",
    "# modality: couple",
    "",
    "Therapist: What would you each like from today?",
    "Client 1: For us to stop arguing about money.",
    "It happens every week.",
    "Client 2 [00:01:10]: I want to be listened to.\nJust once.",
]


def test_reads_paragraphs_as_turns_with_header_and_continuations(write, make_docx) -> None:
    """Paragraphs are turns; '#' paragraphs are the header; unlabelled ones and breaks continue."""
    result = read_file(write("couple.docx", make_docx(COUPLE)))
    session = result.sessions[0]
    assert result.format == "docx"
    assert (session.date.isoformat() if session.date else None, session.modality) == (
        "2024-05-01",
        "couple",
    )
    assert [(u.speaker, u.role, u.text, u.start) for u in session.utterances] == [
        ("Therapist", Role.THERAPIST, "What would you each like from today?", None),
        (
            "Client 1",
            Role.CLIENT,
            "For us to stop arguing about money. It happens every week.",
            None,
        ),
        ("Client 2", Role.CLIENT, "I want to be listened to. Just once.", 70.0),
    ]


def test_detected_by_content_whatever_the_suffix(make_docx) -> None:
    """A Word document is recognised from its bytes even with a misleading suffix."""
    assert read_bytes(make_docx(COUPLE), "notes.txt").format == "docx"


def test_line_numbers_are_paragraph_numbers(make_docx) -> None:
    """Errors name the paragraph number as the line and say so in the hint."""
    with pytest.raises(ParseError) as caught:
        read_bytes(make_docx(["", "Zebedee wrote this.", "and more of it"]), "x.docx")
    assert caught.value.line == 2
    assert "paragraphs" in (caught.value.hint or "")
    assert "Zebedee" not in str(caught.value)


def test_document_without_text_is_empty(make_docx) -> None:
    """A document with only empty paragraphs raises EmptyFileError."""
    with pytest.raises(EmptyFileError):
        read_bytes(make_docx(["", "  "]), "x.docx")


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda _data: b"PK\x03\x04" + b"\x00" * 64,
        lambda _data: zip_of({"word/document.xml": b"<w:document><unclosed"}),
        lambda _data: zip_of({"content.xml": b"<office/>"}),
        lambda _data: b"Therapist: not a zip at all\nClient: no\n",
    ],
    ids=["truncated", "zip-header-only", "bad-xml", "not-word", "plain-text"],
)
def test_damaged_documents_raise_parse_error(make_docx, damage) -> None:
    """A damaged or non-Word file read as docx raises ParseError, never a raw exception."""
    with pytest.raises(ParseError):
        read_bytes(damage(make_docx(COUPLE)), "x.docx", format="docx")


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        ("docx", True),
        ("zip", False),
        ("truncated", False),
        ("text", False),
    ],
)
def test_sniff(make_docx, build: str, expected: bool) -> None:
    """Content is a Word document when it is a zip holding word/document.xml."""
    data = {
        "docx": make_docx(COUPLE),
        "zip": zip_of({"mimetype": b"application/epub+zip"}),
        "truncated": make_docx(COUPLE)[:100],
        "text": b"PK\x03\x04 is how zips start",
    }[build]
    assert DocxReader().sniff(data, None) is expected


def test_tables_holding_turns_are_read_in_document_order(write) -> None:
    """A Speaker|Text table and a table of 'Name: text' cells are read where they stand."""
    document = docx.Document()
    document.add_paragraph("Therapist: How was the week?")
    table = document.add_table(rows=0, cols=2)
    for row in (("Speaker", "Text"), ("Client", "Hard."), ("Therapist", "Hard how?")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = row
    document.add_paragraph("Client: I slept badly.")
    small = document.add_table(rows=1, cols=2)
    small.rows[0].cells[0].text, small.rows[0].cells[1].text = "Client", "Asha Iyer"
    buffer = io.BytesIO()
    document.save(buffer)
    result = read_file(write("t.docx", buffer.getvalue()))
    texts = [u.text for u in result.sessions[0].utterances]
    assert texts == ["How was the week?", "Hard.", "Hard how?", "I slept badly."]
    assert any("1 table(s) read as turns" in w for w in result.all_warnings)
    assert any("1 small table(s)" in w for w in result.all_warnings)


def _styled_docx(paragraphs: list[tuple[str, str]]) -> bytes:
    """A .docx with one paragraph per (style name, text) pair."""
    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("style", ["Title", "Heading 1", "Heading 2", "Subtitle"])
def test_heading_paragraphs_before_the_first_turn_are_skipped(write, style: str) -> None:
    """A title or heading paragraph above the turns is skipped, with a warning holding no text."""
    data = _styled_docx(
        [
            (style, "Counselling record for Wendeline Okoro, week 4"),
            ("Normal", "Counsellor: Where would you like to begin?"),
            ("Normal", "Client: With the move, I think."),
        ]
    )
    result = read_file(write("w.docx", data))
    assert result.sessions[0].utterances[0].text == "Where would you like to begin?"
    (warning,) = [w for w in result.all_warnings if "heading" in w]
    assert "1 heading paragraph(s) before the first turn were skipped (line(s) 1)" in warning
    assert "Wendeline" not in " ".join(result.all_warnings)


def test_heading_after_the_first_turn_is_read_as_text(write) -> None:
    """Only headings before the first turn are skipped; one later is text of the turn before."""
    data = _styled_docx(
        [
            ("Normal", "Counsellor: Shall we start?"),
            ("Heading 2", "Second half"),
            ("Normal", "Client: Sure."),
        ]
    )
    result = read_file(write("h.docx", data))
    assert result.sessions[0].utterances[0].text == "Shall we start? Second half"
    assert not any("heading" in w for w in result.all_warnings)


def test_unlabelled_paragraphs_before_the_first_turn_are_skipped(write) -> None:
    """Normal-style lines without a speaker label above the turns are skipped; numbers only."""
    data = _styled_docx(
        [
            ("Normal", "Family work, third meeting with Ottoline"),
            ("Normal", ""),
            ("Normal", "Recorded on the ward"),
            ("Normal", "Counsellor: Where shall we pick up?"),
            ("Normal", "Client: Where we stopped."),
        ]
    )
    result = read_file(write("n.docx", data))
    assert [u.text for u in result.sessions[0].utterances] == [
        "Where shall we pick up?",
        "Where we stopped.",
    ]
    (warning,) = [w for w in result.all_warnings if "without a speaker label" in w]
    assert "2 paragraph(s) without a speaker label before the first turn" in warning
    assert "(line(s) 1, 3)" in warning
    assert "Ottoline" not in " ".join(result.all_warnings)


def test_unlabelled_paragraph_after_the_first_turn_continues_that_turn(write) -> None:
    """Only leading unlabelled paragraphs are skipped; later ones stay part of the turn before."""
    data = _styled_docx(
        [("Normal", "Counsellor: Ready?"), ("Normal", "and then some"), ("Normal", "Client: Yes.")]
    )
    result = read_file(write("c.docx", data))
    assert result.sessions[0].utterances[0].text == "Ready? and then some"
    assert not any("without a speaker label" in w for w in result.all_warnings)


def test_plain_text_keeps_its_error_for_a_leading_unlabelled_line() -> None:
    """The skipping is for .docx only: a .txt title line still fails, with the '#' advice."""
    data = b"Weekly notes\nCounsellor: Hi?\nClient: Hi.\n"
    with pytest.raises(ParseError, match="start header lines with '#'"):
        read_bytes(data, "n.txt")


def test_document_of_unlabelled_paragraphs_still_fails() -> None:
    """A document without any speaker label is not turned into an empty transcript."""
    data = _styled_docx([("Normal", f"Line {n} of prose") for n in range(3)])
    with pytest.raises(ParseError):
        read_bytes(data, "p.docx")
