"""The note data model: every sentence carries the evidence it was built from.

``Note(format, sections[Section(name, sentences[Sentence(text, evidence[Evidence])])])``. The
constructors enforce the evidence rule: a sentence without evidence is refused, except the one
fixed sentence :data:`NOTHING_DETECTED`, which is what a section with nothing to report says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

__all__ = [
    "DRAFT_NOTICE",
    "EVIDENCE_KINDS",
    "FORMATS",
    "NOTHING_DETECTED",
    "NOT_DISCUSSED",
    "Evidence",
    "EvidenceKind",
    "Note",
    "NoteFormat",
    "Section",
    "Sentence",
]

EvidenceKind = Literal["utterance", "measure", "finding"]
NoteFormat = Literal["soap", "dap", "birp"]
EVIDENCE_KINDS: tuple[EvidenceKind, ...] = ("utterance", "measure", "finding")
FORMATS: tuple[NoteFormat, ...] = ("soap", "dap", "birp")
#: The only sentence allowed without evidence: a section with nothing to report. QA 22 item 9:
#: it used to read "Not discussed in this session.", a claim about the session that the
#: automated reading cannot make (a plan agreed in words it does not know is still a plan).
NOTHING_DETECTED = "Nothing detected automatically — complete from the session."
#: The former name of :data:`NOTHING_DETECTED`, kept for importers.
NOT_DISCUSSED = NOTHING_DETECTED
DRAFT_NOTICE = (
    "DRAFT progress note assembled automatically from the transcript and measures. "
    "The clinician must review, edit and sign it; automated estimates are labelled as such "
    "and are not clinical judgements."
)
#: Keys each evidence kind must carry so a reader can find what it points at.
_REQUIRED: Mapping[str, tuple[str, ...]] = {
    "utterance": ("index",),
    "measure": ("measure", "session", "date"),
    "finding": ("analyser",),
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a sentence rests on: an utterance index, a measure administration or a finding."""

    kind: EvidenceKind
    details: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if self.kind not in EVIDENCE_KINDS:
            raise ValueError(f"unknown evidence kind {self.kind!r}; use one of {EVIDENCE_KINDS}")
        missing = [key for key in _REQUIRED[self.kind] if key not in self.details]
        if missing:
            raise ValueError(f"{self.kind} evidence needs {missing}")
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))

    @classmethod
    def utterance(cls, index: int) -> Evidence:
        """Evidence pointing at one utterance by index."""
        return cls("utterance", {"index": index})

    def to_json(self) -> dict[str, Any]:
        """``{"kind": ..., **details}``."""
        return {"kind": self.kind, **self.details}


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a note and its evidence (never empty, except for :data:`NOT_DISCUSSED`)."""

    text: str
    evidence: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "evidence", tuple(self.evidence))
        if not self.text.strip():
            raise ValueError("a note sentence needs text")
        if not self.evidence and self.text != NOT_DISCUSSED:
            raise ValueError("every note sentence needs evidence (only 'Not discussed' has none)")

    def to_json(self) -> dict[str, Any]:
        """``{"text", "evidence": [...]}``."""
        return {"text": self.text, "evidence": [e.to_json() for e in self.evidence]}


@dataclass(frozen=True, slots=True)
class Section:
    """A named section; with nothing to report it holds exactly the :data:`NOT_DISCUSSED` line."""

    name: str
    sentences: tuple[Sentence, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "sentences", tuple(self.sentences))
        if not self.sentences:
            raise ValueError(f"section {self.name!r} is empty; say {NOT_DISCUSSED!r} instead")
        if len(self.sentences) > 1 and any(s.text == NOT_DISCUSSED for s in self.sentences):
            raise ValueError(f"section {self.name!r} mixes findings with {NOT_DISCUSSED!r}")

    @classmethod
    def of(cls, name: str, sentences: list[Sentence]) -> Section:
        """The section, or the :data:`NOT_DISCUSSED` line when there is nothing to report."""
        return cls(name, tuple(sentences) or (Sentence(NOT_DISCUSSED),))

    def to_json(self) -> dict[str, Any]:
        """``{"name", "sentences": [...]}``."""
        return {"name": self.name, "sentences": [s.to_json() for s in self.sentences]}


@dataclass(frozen=True, slots=True)
class Note:
    """A progress-note draft for one session in one format (always a DRAFT to edit and sign)."""

    format: NoteFormat
    session: str
    sections: tuple[Section, ...]
    notice: str = DRAFT_NOTICE

    def __post_init__(self) -> None:
        object.__setattr__(self, "sections", tuple(self.sections))
        if self.format not in FORMATS:
            raise ValueError(f"unknown note format {self.format!r}; use one of {FORMATS}")

    def to_json(self) -> dict[str, Any]:
        """``{"format", "session", "draft", "notice", "sections": [...]}``."""
        return {
            "format": self.format,
            "session": self.session,
            "draft": True,
            "notice": self.notice,
            "sections": [s.to_json() for s in self.sections],
        }
