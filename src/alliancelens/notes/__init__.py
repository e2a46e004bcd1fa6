"""Progress-note drafts (SOAP, DAP, BIRP) in which every sentence carries its evidence.

::

    from alliancelens.notes import build_note, to_markdown
    note = build_note(result, "soap", measures=measures_report)   # AnalysisResult, MeasuresReport
    print(to_markdown(note))

Also :mod:`~alliancelens.notes.prompts` (reflection prompts after ruptures and SRS alerts) and
:mod:`~alliancelens.notes.phrasing` (optional, checked language-model rewording through any
:class:`~alliancelens.notes.phrasing.Phraser`). Pure: no I/O (PDF rendering returns bytes).
Imports ``domain``, ``errors``, ``analysers`` (the result type), ``measures`` and ``report``.
docs/notes.md describes formats, evidence rules and limits.
"""

from __future__ import annotations

from alliancelens.notes.build import SECTIONS, build_note, neutral_title
from alliancelens.notes.model import (
    DRAFT_NOTICE,
    EVIDENCE_KINDS,
    FORMATS,
    NOT_DISCUSSED,
    NOTHING_DETECTED,
    Evidence,
    EvidenceKind,
    Note,
    NoteFormat,
    Section,
    Sentence,
)
from alliancelens.notes.render import evidence_label, to_html, to_markdown, to_pdf, to_text

__all__ = [
    "DRAFT_NOTICE",
    "EVIDENCE_KINDS",
    "FORMATS",
    "NOTHING_DETECTED",
    "NOT_DISCUSSED",
    "SECTIONS",
    "Evidence",
    "EvidenceKind",
    "Note",
    "NoteFormat",
    "Section",
    "Sentence",
    "build_note",
    "evidence_label",
    "neutral_title",
    "to_html",
    "to_markdown",
    "to_pdf",
    "to_text",
]
