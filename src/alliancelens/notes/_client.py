"""What the client said, for the note's subjective: MI talk only in MI-like sessions, and mood.

QA 22 item 7: change and sustain talk (MISC) are defined against a *target behaviour*; in a CBT,
EMDR or family session there is none, and the coder's labels ("Yeah. Exactly that." as sustain
talk, a safety-plan warning sign as change talk) put a false picture of resistance or
motivation in a client's record. The note therefore quotes and counts change/sustain talk only
when the session is *MI-like* (:func:`mi_like`): the therapist asked at least
:data:`MIN_EVOKING` questions that evoke change talk, or one such question while naming a target
behaviour (:data:`TARGET_BEHAVIOUR`) in two or more turns (:data:`EVOKING`: the good and less
good things about the behaviour, what would be different, importance and confidence rulers,
reasons and next steps; MI's evoking process, clinical-reference.md §6.1 [MITI]). The
analysis JSON and the skills panel keep every code; only the note is gated.

QA 22 item 9: the subjective also quotes what the client reported about their mood
(:data:`MOOD_QUESTION` answered, or a first-person mood statement, :data:`MOOD_REPORT`), so a
client's "low, just flat" is not left to an index in the risk list. Rule-based readings of the
words, labelled as such.
"""

from __future__ import annotations

import re
from typing import Final

from alliancelens.analysers import _mi_like
from alliancelens.analysers._mi_like import EVOKING, MIN_EVOKING, TARGET_BEHAVIOUR
from alliancelens.analysers._risk_text import normalise
from alliancelens.domain import Role
from alliancelens.notes._followup import screening_question
from alliancelens.notes._transcript import TranscriptFacts, quote
from alliancelens.notes.model import Evidence, Sentence

__all__ = [
    "EVOKING",
    "MIN_EVOKING",
    "MOOD_QUESTION",
    "MOOD_REPORT",
    "TARGET_BEHAVIOUR",
    "evoking_turns",
    "mi_like",
    "mood",
    "subjective",
]

#: A therapist question about the client's mood or feelings lately. [S] our wording.
MOOD_QUESTION: Final = re.compile(
    r"\b(?:mood|how (?:have|are|were) you (?:been )?feeling(?! about)|how (?:have|has) (?:you|"
    r"your week|things) been|how are you sleeping|feeling (?:lately|recently|this week))\b"
)
#: A first-person report of mood ("I've been feeling low", "nothing is fun", "I cried"); an
#: answer to a mood question is quoted whatever its words.
#: [S] our wording (docs/notes.md); not a symptom checklist and never a diagnosis.
MOOD_REPORT: Final = re.compile(
    r"\b(?:i(?:'ve| have)? (?:been )?(?:feel|felt|feeling)|i(?:'ve| have) been|i(?:'m| am)|"
    r"feeling) (?:so |really |quite |very |a bit |pretty |kind of |just )?(?:low|flat|sad|empty|"
    r"numb|hopeless|miserable|exhausted|down)\b|\bmy mood\b|\bnothing (?:is|feels) (?:fun|good|"
    r"worth)\b|\blost interest\b|\bi (?:cried|(?:have|'ve) been crying|can't stop crying)\b"
)
#: Mood reports quoted per note, in transcript order.
MOOD_QUOTES: Final = 2


def mi_like(facts: TranscriptFacts) -> bool:
    """Whether the analysed session is MI-like (:func:`alliancelens.analysers._mi_like.mi_like`)."""
    return _mi_like.mi_like(facts.result.session.utterances)


def subjective(facts: TranscriptFacts) -> list[Sentence]:
    """The client's mood in their words; change/sustain talk only in an MI-like session."""
    if not mi_like(facts):
        return mood(facts)  # no target behaviour: MI talk codes mislead (QA 22 item 7)
    return mood(facts) + facts.client_quotes() + facts.talk_balance()


def evoking_turns(facts: TranscriptFacts) -> list[int]:
    """Therapist turns asking an evoking (change-talk eliciting) question."""
    return _mi_like.evoking_turns(facts.result.session.utterances)


def mood(facts: TranscriptFacts) -> list[Sentence]:
    """Up to :data:`MOOD_QUOTES` client mood reports, each with the question it answers."""
    utterances = facts.result.session.utterances
    flagged = {int(item["index"]) for item in facts.summary.get("risk") or [] if "index" in item}
    # an answer to a risk screening question is quoted in the risk block already
    flagged |= {u.index for u in utterances if screening_question(utterances, u.index) is not None}
    found: list[tuple[int, int | None]] = []
    for u in utterances:
        if u.role is not Role.CLIENT or not facts.own(u.index) or u.index in flagged:
            continue
        earlier = reversed(utterances[: u.index])
        before = next((v for v in earlier if v.role is Role.THERAPIST), None)
        asked = before is not None and before.index >= u.index - 2 and _asks_mood(before.text)
        if asked or (MOOD_REPORT.search(normalise(u.text)) and _first_person(u.text)):
            found.append((u.index, before.index if asked and before is not None else None))
        if len(found) >= MOOD_QUOTES:
            break
    return [
        Sentence(
            f"Mood as the client described it (utterance {i}"
            + (f", answering the therapist's question at utterance {q}" if q is not None else "")
            + f'; automated selection): "{quote(utterances[i].text)}"',
            tuple(Evidence.utterance(j) for j in (i, *([q] if q is not None else []))),
        )
        for i, q in found
    ]


def _asks_mood(text: str) -> bool:
    """Whether a question sentence of the turn asks about mood (not a statement naming it)."""
    parts = re.split(r"(?<=[.!?])\s+", normalise(text))
    return any(p.endswith("?") and MOOD_QUESTION.search(p) for p in parts)


def _first_person(text: str) -> bool:
    """The client speaks of themself (not "my dad's been low"): "I", "me" or a bare answer."""
    norm = normalise(text)
    return bool(re.search(r"\b(?:i|i'm|i've|me|my mood)\b", norm)) or len(norm.split()) <= 6
