"""Labelled risk-language sentences for training (``training-data/risk/*.jsonl``).

Each line of a batch file is one JSON object (our own synthetic wording; see
``training-data/risk/README.md``)::

    {"id": "b1-001", "batch": "b1", "text": "...", "previous": "<therapist turn or ''>",
     "kind": "none|suicidal_ideation|passive_suicidal_ideation|self_harm|harm_to_others",
     "severity": "low|moderate|high|null", "hard_negative": "<tag or null>", "style": "...",
     "thread": "<risk kind or null; optional, version 6>"}

``thread`` is the risk kind the client disclosed earlier in the conversation that this line
follows up (absent = null). Errors name the file, line and field, never the sentence.
:func:`augment` adds deterministic variants (ASR-style: lower case without punctuation; the
statement buried between neutral carrier clauses; for a quarter of the eligible lines a copy
inside a thread, see :func:`thread_kind`) so the model sees speech-to-text wording, long turns
and lines that keep their label inside a disclosure thread.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from alliancelens.errors import UsageError
from alliancelens.models.risk_model import RISK_CLASSES, SEVERITIES

__all__ = [
    "HARD_NEGATIVE_TAGS",
    "RiskCorpus",
    "RiskExample",
    "augment",
    "guard_label",
    "neutral_prompt",
    "read_risk_corpus",
    "thread_kind",
]

#: Hard-negative tags and the guard-head class each one trains.
HARD_NEGATIVE_TAGS: Final = {
    "negation": "negation",
    "denial_of_screening_question": "negation",
    "idiom_or_hyperbole": "idiom_or_hyperbole",
    "dark_humour": "idiom_or_hyperbole",
    "sport_trash_talk": "idiom_or_hyperbole",
    "third_party": "third_party",
    "past_resolved": "past_resolved",
    "ego_dystonic_intrusive_thought": "ego_dystonic_intrusive_thought",
    "fear_of_death_not_wish": "fear_of_death_not_wish",
    "grief_language": "grief_language",
    "media_or_game_violence": "other_topic",
    "medical_talk": "other_topic",
}
_FIELDS: Final = ("id", "batch", "text", "previous", "kind", "severity", "hard_negative", "style")
#: Neutral clauses (our own) that bury a statement mid-utterance in the augmented copies.
_CARRIERS: Final = (
    ("so yeah work has been the same really and", "and then i made some tea"),
    ("i don't know, the week was busy and", "but anyway that's where i'm at"),
    ("um, we had my sister round on sunday and", "and the weather was awful too"),
    ("honestly it's hard to say, i was on the bus and", "and then i got home and watched telly"),
    ("well, the kids were off school and", "so, yeah, that's the week"),
    ("okay so, after the appointment last time", "and i didn't tell anyone that"),
)
#: Neutral therapist turns (our own) given as context to the augmented copies of lines that have
#: none, so that ordinary therapist words before an answer never become a risk cue by accident.
_PROMPTS: Final = (
    "How has your week been?",
    "What would you like to focus on today?",
    "Tell me a bit more about that.",
    "How did that feel?",
    "Mm-hmm.",
    "So it's been a mixed week.",
    "What was going through your mind?",
    "How are things at home?",
    "And how did you respond?",
    "You sound tired today.",
    "What's been on your mind since we last met?",
    "How did the homework go?",
    "It sounds like that was hard.",
    "What do you make of that?",
    "Where would you like to start?",
    "And work, how's that been?",
    "Right. Go on.",
    "What happened next?",
    "How are you feeling right now, in the room?",
    "It sounds like a lot is going on.",
    "Last time we talked about your sleep. How has it been?",
    "What would be different if things were better?",
    "How do you feel about that?",
    "Okay. And then?",
)
_PUNCT = re.compile(r"[^\w\s']")
#: Hard negatives whose label holds inside any thread (writers' brief 4: a denial, past and
#: resolved talk or someone else's story inside a thread is still not risk).
_THREAD_SAFE_TAGS: Final = frozenset(
    {"negation", "denial_of_screening_question", "past_resolved", "third_party"}
)
#: Ordinary lines need this many words to get a thread copy: a short answer ("a few times")
#: can become risk inside a thread, so it keeps no label there.
_THREAD_MIN_WORDS: Final = 8


@dataclass(frozen=True, slots=True)
class RiskExample:
    """One labelled client utterance and the therapist turn before it."""

    id: str
    batch: str
    text: str
    previous: str
    kind: str
    severity: str | None
    hard_negative: str | None
    style: str
    thread: str | None = None
    augmented: bool = False

    @property
    def is_risk(self) -> bool:
        """Whether the label is one of the four risk kinds."""
        return self.kind != "none"


@dataclass(frozen=True, slots=True)
class RiskCorpus:
    """All examples of a training folder, the files read and their combined sha256."""

    examples: tuple[RiskExample, ...]
    files: tuple[str, ...]
    sha256: str

    @property
    def batches(self) -> tuple[str, ...]:
        """Batch names in file order."""
        return tuple(dict.fromkeys(e.batch for e in self.examples))


def guard_label(example: RiskExample) -> str:
    """The guard-head class of an example (plain non-risk talk counts as ``other_topic``)."""
    if example.is_risk:
        return "risk"
    return HARD_NEGATIVE_TAGS.get(example.hard_negative or "", "other_topic")


def _parse(line: str, where: str) -> RiskExample:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{where}: not valid JSON ({exc.msg}); one object per line") from exc
    if not isinstance(data, dict):
        raise UsageError(f"{where}: expected a JSON object with fields {', '.join(_FIELDS)}")
    for name in _FIELDS:
        if name not in data:
            raise UsageError(f"{where}: field '{name}' is missing")
    for name in ("id", "batch", "text", "previous", "kind", "style"):
        if not isinstance(data[name], str) or (name != "previous" and not data[name].strip()):
            raise UsageError(f"{where}: field '{name}' must be a non-empty string")
    if data["kind"] not in RISK_CLASSES:
        raise UsageError(f"{where}: field 'kind' must be one of {', '.join(RISK_CLASSES)}")
    risk = data["kind"] != "none"
    if risk and data["severity"] not in SEVERITIES:
        raise UsageError(f"{where}: field 'severity' must be low, moderate or high for risk")
    if not risk and data["severity"] is not None:
        raise UsageError(f"{where}: field 'severity' must be null when kind is none")
    tag = data["hard_negative"]
    if tag is not None and (risk or tag not in HARD_NEGATIVE_TAGS):
        raise UsageError(
            f"{where}: field 'hard_negative' must be null on risk lines, else one of "
            f"{', '.join(sorted(HARD_NEGATIVE_TAGS))}"
        )
    thread = data.get("thread")
    if thread is not None and thread not in RISK_CLASSES[1:]:
        raise UsageError(
            f"{where}: field 'thread' must be null or one of {', '.join(RISK_CLASSES[1:])}"
        )
    return replace(RiskExample(*(data[name] for name in _FIELDS)), thread=thread)


def read_risk_corpus(folder: str | Path, *, exclude: Sequence[str] = ()) -> RiskCorpus:
    """Every ``*.jsonl`` file in ``folder`` (sorted by name), minus the batches in ``exclude``."""
    root = Path(folder)
    paths = sorted(root.glob("*.jsonl")) if root.is_dir() else []
    if not paths:
        raise UsageError(f"{root}: no *.jsonl files; give the folder with the risk batches")
    digest = hashlib.sha256()
    examples: list[RiskExample] = []
    seen: set[str] = set()
    batches: set[str] = set()
    for path in paths:
        raw = path.read_bytes()
        digest.update(path.name.encode("utf-8") + b"\0" + raw)
        for number, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            example = _parse(line, f"{path}:{number}")
            if example.id in seen:
                raise UsageError(f"{path}:{number}: field 'id' repeats an earlier id")
            seen.add(example.id)
            batches.add(example.batch)
            if example.batch not in exclude:
                examples.append(example)
    unknown = set(exclude) - batches
    if unknown:
        raise UsageError(f"{root}: no batch named {', '.join(sorted(unknown))} to hold out")
    return RiskCorpus(tuple(examples), tuple(p.name for p in paths), digest.hexdigest())


def _asr(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def neutral_prompt(example: RiskExample) -> str:
    """An ordinary therapist turn for a copy of ``example`` (chosen by the CRC-32 of its id)."""
    return _PROMPTS[(zlib.crc32(example.id.encode("utf-8")) // 7) % len(_PROMPTS)]


def thread_kind(example: RiskExample) -> str | None:
    """The thread of the synthesised in-thread copy of a line without one, or ``None``.

    Only lines whose label cannot change inside a thread get a copy, one in four (by the CRC-32
    of the id): a risk line inside a thread of its own kind; a denial, past-and-resolved or
    third-party line, or ordinary talk of at least eight words, inside a thread of a kind chosen
    by the same hash. Short ordinary answers, idioms and the like get none.
    """
    seed = zlib.crc32(example.id.encode("utf-8"))
    if example.thread is not None or example.augmented or seed % 4 != 1:
        return None
    if example.is_risk:
        return example.kind
    plain = example.hard_negative is None and len(example.text.split()) >= _THREAD_MIN_WORDS
    if plain or example.hard_negative in _THREAD_SAFE_TAGS:
        return RISK_CLASSES[1 + (seed // 4) % 4]
    return None


def augment(examples: Sequence[RiskExample]) -> list[RiskExample]:
    """The examples plus an ASR-style copy, a buried copy and some in-thread copies.

    Copies of a line without a therapist turn before it get a neutral therapist prompt, so the
    model sees risk and non-risk answers after ordinary questions alike. Deterministic.
    """
    out: list[RiskExample] = []
    for example in examples:
        out.append(example)
        seed = zlib.crc32(example.id.encode("utf-8"))
        previous = example.previous or neutral_prompt(example)
        asr = _asr(example.text)
        if asr != example.text:
            out.append(
                replace(
                    example, id=example.id + "~asr", text=asr, previous=previous, augmented=True
                )
            )
        before, after = _CARRIERS[seed % len(_CARRIERS)]
        text = example.text[0].lower() + example.text[1:]
        buried = f"{before} {text.rstrip('.!?')}, {after}."
        out.append(
            replace(
                example, id=example.id + "~buried", text=buried, previous=previous, augmented=True
            )
        )
        thread = thread_kind(example)
        if thread is not None:
            copy = replace(example, id=example.id + "~thread", thread=thread, previous=previous)
            out.append(replace(copy, augmented=True))
    return out
