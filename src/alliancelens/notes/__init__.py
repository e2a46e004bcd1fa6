"""Progress-note drafts (SOAP, DAP, BIRP) in which every sentence carries its evidence.

::

    from alliancelens.notes import build_note, to_markdown
    note = build_note(result, "soap", measures=measures_report)   # AnalysisResult, MeasuresReport
    print(to_markdown(note))

Pure: no I/O (PDF rendering returns bytes). Imports ``domain``, ``errors``, ``analysers`` (the
result type), ``measures`` and ``report``. docs/notes.md describes formats and evidence rules.
"""

from __future__ import annotations

from alliancelens.notes.build import SECTIONS, build_note
from alliancelens.notes.model import (
    DRAFT_NOTICE,
    EVIDENCE_KINDS,
    FORMATS,
    NOT_DISCUSSED,
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
    "to_html",
    "to_markdown",
    "to_pdf",
    "to_text",
]
