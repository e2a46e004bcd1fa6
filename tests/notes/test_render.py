"""Text, Markdown, HTML and PDF renderings keep the DRAFT notice and every sentence's evidence."""

from __future__ import annotations

import pytest

from alliancelens.notes import (
    DRAFT_NOTICE,
    NOT_DISCUSSED,
    Evidence,
    Note,
    Section,
    Sentence,
    evidence_label,
    to_html,
    to_markdown,
    to_pdf,
    to_text,
)

MEASURE = Evidence("measure", {"measure": "SRS", "session": "s-1", "date": "2026-09-21"})
NOTE = Note(
    "soap",
    "s-1",
    (
        Section(
            "Subjective",
            (Sentence('Client (utterance 4): "I *never* <win>"', (Evidence.utterance(4),)),),
        ),
        Section("Objective", (Sentence("SRS total 33.4.", (MEASURE,)),)),
        Section.of("Plan", []),
    ),
)


def test_evidence_label_names_utterances_measures_and_analysers() -> None:
    """The label lists utterance indexes, then measures and analysers, without repeats."""
    evidence = (
        Evidence.utterance(1),
        Evidence.utterance(5),
        MEASURE,
        Evidence("finding", {"analyser": "risk.language"}),
        Evidence("finding", {"analyser": "risk.language", "index": 5}),
    )
    assert evidence_label(evidence) == "utterance 1, 5; SRS 2026-09-21; risk.language"


@pytest.mark.parametrize(
    ("session", "title"),
    [("s-1", "session s-1"), ("session-02", "session-02"), ("Session 3", "Session 3")],
)
def test_title_does_not_double_the_word_session(session: str, title: str) -> None:
    """An id that already starts with 'session' is not prefixed with the word again."""
    note = Note("soap", session, NOTE.sections)
    assert to_text(note).startswith(f"DRAFT SOAP progress note — {title}\n")


def test_text_has_draft_notice_sections_and_evidence() -> None:
    """Plain text starts with DRAFT, keeps the notice and puts evidence after each sentence."""
    text = to_text(NOTE)
    assert text.startswith("DRAFT SOAP progress note — session s-1")
    assert DRAFT_NOTICE in text
    assert "- SRS total 33.4. [evidence: SRS 2026-09-21]" in text
    assert f"PLAN\n- {NOT_DISCUSSED}\n" in text


def test_markdown_escapes_transcript_text() -> None:
    """Markdown escapes emphasis and HTML characters from quotes and keeps the evidence."""
    markdown = to_markdown(NOTE)
    assert "## Subjective" in markdown
    assert r'"I \*never\* \<win\>"' in markdown
    assert "*(evidence: utterance 4)*" in markdown


def test_html_escapes_and_needs_nothing_external() -> None:
    """HTML escapes transcript text and links no external resource."""
    page = to_html(NOTE)
    assert "&lt;win&gt;" in page and "<win>" not in page
    assert "http" not in page


def test_pdf_is_a_pdf() -> None:
    """PDF export (optional 'pdf' extra) gives a PDF document."""
    pytest.importorskip("weasyprint")
    assert to_pdf(NOTE).startswith(b"%PDF-")
