"""Language-model rewording keeps only sentences its draft supports; nothing identifying is sent."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

import pytest

from alliancelens.analysers import AnalysisResult
from alliancelens.notes import Evidence, Note, Section, Sentence, build_note
from alliancelens.notes.phrasing import phrase_note

QUOTE = '"My brother Tomasz never calls me back."'
NOTE = Note(
    "soap",
    "s-1",
    (
        Section(
            "Subjective",
            (
                Sentence(
                    f"Jordan (utterance 4, sustain talk by automated coding): {QUOTE}",
                    (Evidence.utterance(4),),
                ),
                Sentence(
                    "The client's share of the talk was 38% (by time; automated count).",
                    (Evidence("finding", {"analyser": "talk.statistics"}),),
                ),
            ),
        ),
        Section.of("Plan", []),
    ),
)


class Fake:
    """A phraser that answers with ``reply(sent sentences)`` and records what it was sent."""

    def __init__(self, reply: Callable[[dict[int, str]], object]) -> None:
        self.reply = reply
        self.sent: list[str] = []

    def complete(self, messages: Sequence[dict[str, str]]) -> str:
        self.sent.extend(m["content"] for m in messages)
        sentences = json.loads(messages[-1]["content"])["sentences"]
        return json.dumps(self.reply({s["id"]: s["text"] for s in sentences}))


def _sentences(*items: tuple[int, str]) -> dict[str, object]:
    return {"sentences": [{"id": i, "text": t} for i, t in items]}


def test_quotes_and_names_never_leave_and_are_restored() -> None:
    """The request holds placeholders only; an accepted rewording gets the quote back."""
    fake = Fake(
        lambda s: _sentences(
            (0, s[0].replace("sustain talk by automated coding", "automated coding: sustain talk"))
        )
    )
    phrased, report = phrase_note(NOTE, fake, names=["Jordan"])
    sent = " ".join(fake.sent)
    assert "Tomasz" not in sent and "Jordan" not in sent and "[Q1]" in sent and "[S1]" in sent
    assert report.accepted == (0,)
    first = phrased.sections[0].sentences[0]
    assert first.text == f"Jordan (utterance 4, automated coding: sustain talk): {QUOTE}"
    assert first.evidence == NOTE.sections[0].sentences[0].evidence
    assert "language model" in phrased.notice


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ((1, "The client denies suicidal ideation; talk share 38%."), "new claim or negation"),
        ((1, "The client's share of the talk was 62% (by time; automated count)."), "new number"),
        ((0, "Jordan spoke about family (utterance 4)."), "placeholders changed"),
        (
            (1, "Client appeared anxious, tearful and guarded; share 38% by time count."),
            "too much new content",
        ),
        ((7, "An extra sentence."), "no such draft sentence"),
    ],
)
def test_unsupported_answers_are_dropped(answer: tuple[int, str], reason: str) -> None:
    """A rewording with a new claim, number, changed quote, new content or no draft is dropped."""
    phrased, report = phrase_note(NOTE, Fake(lambda _s: _sentences(answer)), names=["Jordan"])
    assert phrased.sections == NOTE.sections
    assert [r for _, r in report.dropped] == [reason]


@pytest.mark.parametrize("reply", ["not json", ["a", "list"]])
def test_unreadable_reply_keeps_the_draft(reply: object) -> None:
    """A reply that is not the expected JSON leaves the deterministic draft unchanged."""

    class Raw:
        def complete(self, messages: Sequence[dict[str, str]]) -> str:
            return reply if isinstance(reply, str) else json.dumps(reply)

    phrased, report = phrase_note(NOTE, Raw())
    assert phrased.sections == NOTE.sections and not report.accepted


def test_echoed_demo_note_is_fully_accepted(demo_results: dict[str, AnalysisResult]) -> None:
    """Echoing every masked sentence back is supported: the note comes back word for word."""
    note = build_note(demo_results["jordan-casey-couple"], "dap", member="Casey")
    labels = [s.label for s in demo_results["jordan-casey-couple"].session.speakers]
    phrased, report = phrase_note(note, Fake(lambda s: _sentences(*s.items())), names=labels)
    assert not report.dropped and phrased.sections == note.sections
