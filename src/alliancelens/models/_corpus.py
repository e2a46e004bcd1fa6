"""Read AnnoMI CSVs into labelled dialogues for training and evaluation (never shipped data).

``AnnoMI-full.csv`` holds one row per utterance and annotator. Seven transcripts were coded by
all ten annotators, so their utterances appear ten times; every utterance is collapsed to one
label by **majority vote** (ties go to the first label in a fixed order, so the result never
depends on row order; upstream's ``AnnoMI-simple.csv`` resolved a handful of 5:5 ties the other
way). Subtypes are voted among the annotators who chose the winning main
behaviour. ``AnnoMI-simple.csv`` (main labels only) is read when the full file is absent; it
then has no subtype labels.

Only labels and the utterance text are read; nothing here is logged.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from alliancelens.errors import UsageError
from alliancelens.models._features import Turn

__all__ = [
    "BEHAVIOURS",
    "CLIENT_TALK",
    "INPUT_SUBTYPES",
    "QUESTION_SUBTYPES",
    "REFLECTION_SUBTYPES",
    "Corpus",
    "Dialogue",
    "read_corpus",
]

BEHAVIOURS = ("other", "question", "reflection", "therapist_input")
CLIENT_TALK = ("change", "neutral", "sustain")
QUESTION_SUBTYPES = ("closed", "open")
REFLECTION_SUBTYPES = ("complex", "simple")
INPUT_SUBTYPES = ("advice", "information", "negotiation", "options")
#: Subtype column of AnnoMI-full.csv for each main behaviour that has subtypes.
_SUBTYPE_COLUMN = {
    "question": "question_subtype",
    "reflection": "reflection_subtype",
    "therapist_input": "therapist_input_subtype",
}
_SUBTYPES = {
    "question": QUESTION_SUBTYPES,
    "reflection": REFLECTION_SUBTYPES,
    "therapist_input": INPUT_SUBTYPES,
}
_REQUIRED = (
    "transcript_id",
    "utterance_id",
    "interlocutor",
    "utterance_text",
    "main_therapist_behaviour",
    "client_talk_type",
)
FULL_NAME = "AnnoMI-full.csv"
SIMPLE_NAME = "AnnoMI-simple.csv"


@dataclass(frozen=True, slots=True)
class Dialogue:
    """One transcript: its turns and, per turn, the voted labels (``None`` where not coded)."""

    id: str
    turns: tuple[Turn, ...]
    behaviour: tuple[str | None, ...]
    subtype: tuple[str | None, ...]
    client_talk: tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class Corpus:
    """Dialogues read from one CSV file, with the file's SHA-256 and name."""

    dialogues: tuple[Dialogue, ...]
    sha256: str
    source: str

    @property
    def utterances(self) -> int:
        """Number of utterances over all dialogues."""
        return sum(len(d.turns) for d in self.dialogues)


def _resolve(path: Path) -> Path:
    if path.is_dir():
        for name in (FULL_NAME, SIMPLE_NAME):
            if (path / name).is_file():
                return path / name
        raise UsageError(f"--data {path}: no {FULL_NAME} or {SIMPLE_NAME} in this folder")
    if not path.is_file():
        raise UsageError(f"--data {path}: no such file or folder")
    return path


def _vote(values: Iterable[str], order: Sequence[str]) -> str | None:
    counts = Counter(v for v in values if v in order)
    if not counts:
        return None
    best = max(counts.values())
    return next(label for label in order if counts.get(label) == best)


def read_corpus(path: str | Path) -> Corpus:
    """Read ``path`` (a folder holding the AnnoMI CSVs, or one CSV) into voted dialogues."""
    source = _resolve(Path(path))
    data = source.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"--data {source}: not UTF-8 text ({exc.reason})") from exc
    reader = csv.DictReader(text.splitlines(keepends=True))
    missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise UsageError(
            f"--data {source}: missing AnnoMI column(s) {', '.join(missing)}; "
            "expected the AnnoMI-full.csv or AnnoMI-simple.csv layout"
        )
    rows: dict[str, dict[int, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for line, row in enumerate(reader, start=2):
        try:
            position = int(row["utterance_id"])
        except ValueError as exc:
            raise UsageError(f"--data {source}, line {line}: utterance_id is not an integer") from (
                exc
            )
        rows[row["transcript_id"]][position].append(row)
    dialogues = tuple(_dialogue(tid, rows[tid]) for tid in sorted(rows, key=lambda t: (len(t), t)))
    return Corpus(dialogues, hashlib.sha256(data).hexdigest(), source.name)


def _dialogue(transcript_id: str, by_position: dict[int, list[dict[str, str]]]) -> Dialogue:
    turns: list[Turn] = []
    behaviours: list[str | None] = []
    subtypes: list[str | None] = []
    talk: list[str | None] = []
    for position in sorted(by_position):
        group = by_position[position]
        first = group[0]
        role = "therapist" if first["interlocutor"].strip() == "therapist" else "client"
        turns.append(Turn(role, first["utterance_text"]))
        if role == "therapist":
            behaviour = _vote((r["main_therapist_behaviour"] for r in group), BEHAVIOURS)
            behaviours.append(behaviour)
            talk.append(None)
            column = _SUBTYPE_COLUMN.get(behaviour or "")
            agreeing = [r for r in group if r["main_therapist_behaviour"] == behaviour]
            subtypes.append(
                _vote((r.get(column, "") for r in agreeing), _SUBTYPES[behaviour or ""])
                if column
                else None
            )
        else:
            behaviours.append(None)
            subtypes.append(None)
            talk.append(_vote((r["client_talk_type"] for r in group), CLIENT_TALK))
    return Dialogue(transcript_id, tuple(turns), tuple(behaviours), tuple(subtypes), tuple(talk))
