"""The note data model enforces the evidence rule in its constructors."""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.notes import NOT_DISCUSSED, Evidence, Note, Section, Sentence

UTTERANCE = Evidence.utterance(3)


def test_sentence_without_evidence_is_refused() -> None:
    """A sentence other than 'Nothing detected' cannot be built without evidence."""
    with pytest.raises(ValueError, match="needs evidence"):
        Sentence("Client denies suicidal ideation.")


def test_not_discussed_needs_no_evidence() -> None:
    """The fixed 'Nothing detected automatically' line is the one sentence without evidence."""
    assert Sentence(NOT_DISCUSSED).evidence == ()


def test_blank_sentence_is_refused() -> None:
    """A sentence needs text."""
    with pytest.raises(ValueError, match="needs text"):
        Sentence("  ", (UTTERANCE,))


@pytest.mark.parametrize(
    ("kind", "details", "message"),
    [
        ("quote", {"index": 1}, "unknown evidence kind"),
        ("utterance", {}, "needs"),
        ("measure", {"measure": "SRS", "session": "s-1"}, "needs"),
        ("finding", {"kind": "risk"}, "needs"),
    ],
)
def test_evidence_needs_a_known_kind_and_its_keys(
    kind: Any, details: dict[str, Any], message: str
) -> None:
    """Evidence has one of three kinds and the keys that locate what it points at."""
    with pytest.raises(ValueError, match=message):
        Evidence(kind, details)


def test_empty_section_is_refused_and_of_says_not_discussed() -> None:
    """A section is never empty: Section.of fills it with the 'Nothing detected' line."""
    with pytest.raises(ValueError, match="empty"):
        Section("Plan", ())
    assert Section.of("Plan", []).sentences == (Sentence(NOT_DISCUSSED),)


def test_not_discussed_cannot_sit_beside_findings() -> None:
    """A section either reports something or says 'Nothing detected', never both."""
    with pytest.raises(ValueError, match="mixes"):
        Section("Plan", (Sentence("Task accepted.", (UTTERANCE,)), Sentence(NOT_DISCUSSED)))


def test_note_refuses_unknown_format() -> None:
    """Only soap, dap and birp notes exist."""
    with pytest.raises(ValueError, match="unknown note format"):
        Note("narrative", "s-1", (Section.of("Plan", []),))  # type: ignore[arg-type]


def test_note_json_layout() -> None:
    """to_json gives format, draft flag and sections of sentences with kind-tagged evidence."""
    note = Note("dap", "s-1", (Section("Data", (Sentence("Quote.", (UTTERANCE,)),)),))
    assert note.to_json() == {
        "format": "dap",
        "session": "s-1",
        "draft": True,
        "notice": note.notice,
        "sections": [
            {
                "name": "Data",
                "sentences": [{"text": "Quote.", "evidence": [{"kind": "utterance", "index": 3}]}],
            }
        ],
    }
