"""A tiny synthetic corpus in AnnoMI-full.csv's column layout (invented sentences only)."""

from __future__ import annotations

import csv
from pathlib import Path

from alliancelens.models.training import TrainingConfig

FULL_COLUMNS = [
    "mi_quality",
    "transcript_id",
    "video_title",
    "video_url",
    "topic",
    "utterance_id",
    "interlocutor",
    "timestamp",
    "utterance_text",
    "annotator_id",
    "therapist_input_exists",
    "therapist_input_subtype",
    "reflection_exists",
    "reflection_subtype",
    "question_exists",
    "question_subtype",
    "main_therapist_behaviour",
    "client_talk_type",
]

HABITS = ("biscuits", "cola", "vaping", "late nights", "takeaways", "energy drinks", "gaming")

# (role, text template, main behaviour or client talk, subtype)
SCRIPT = (
    ("therapist", "Hello, thanks for coming in today.", "other", None),
    ("client", "Hi. My doctor said I should talk to someone.", "neutral", None),
    ("therapist", "What would you like to talk about regarding {habit}?", "question", "open"),
    ("client", "I really want to cut down on {habit}, I am sick of it.", "change", None),
    ("therapist", "You want to cut down on {habit}.", "reflection", "simple"),
    ("client", "But honestly {habit} helps me relax after work and I enjoy it.", "sustain", None),
    ("therapist", "Do you have {habit} every single evening?", "question", "closed"),
    ("client", "Most evenings, yes, around nine o'clock.", "neutral", None),
    (
        "therapist",
        "So {habit} is how you unwind, and at the same time it is costing you your health.",
        "reflection",
        "complex",
    ),
    ("client", "I know I need to stop, I will try this week.", "change", None),
    (
        "therapist",
        "Research shows {habit} disturbs sleep for many people.",
        "therapist_input",
        "information",
    ),
    ("client", "I did not know that about sleep.", "neutral", None),
    ("therapist", "You should replace {habit} with a short walk.", "therapist_input", "advice"),
    ("client", "No, walking is boring, I am not going to change that.", "sustain", None),
    (
        "therapist",
        "Shall we agree on a plan for {habit} next week?",
        "therapist_input",
        "negotiation",
    ),
    ("client", "Okay, let us do that.", "neutral", None),
    (
        "therapist",
        "Some people swap {habit} for tea, others for music, others for a bath.",
        "therapist_input",
        "options",
    ),
    ("client", "I could try tea, I am ready to give it a go.", "change", None),
    ("therapist", "Mm-hmm.", "other", None),
    ("client", "Anyway, the weather was nice today.", "neutral", None),
)


def _rows(transcript: int, habit: str, annotators: int) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for position, (role, template, label, subtype) in enumerate(SCRIPT):
        for annotator in range(annotators):
            row = dict.fromkeys(FULL_COLUMNS, "n/a")
            row.update(
                mi_quality="high",
                transcript_id=str(transcript),
                video_title="synthetic",
                video_url="none",
                topic=habit,
                utterance_id=str(position),
                interlocutor=role,
                timestamp=f"00:00:{position:02d}",
                utterance_text=template.format(habit=habit),
                annotator_id=str(annotator),
            )
            if role == "therapist":
                row["main_therapist_behaviour"] = label
                for flag, kind in (
                    ("question", "question"),
                    ("reflection", "reflection"),
                    ("therapist_input", "therapist_input"),
                ):
                    column = "therapist_input" if flag == "therapist_input" else flag
                    row[f"{column}_exists"] = str(label == kind)
                    row[f"{column}_subtype"] = subtype if label == kind and subtype else "n/a"
            else:
                row["client_talk_type"] = label
            rows.append(row)
    return rows


def write_synthetic_annomi(folder: Path, *, transcripts: int = 10, annotators: int = 1) -> Path:
    """Write ``AnnoMI-full.csv`` with ``transcripts`` invented dialogues; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "AnnoMI-full.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=FULL_COLUMNS)
        writer.writeheader()
        for t in range(transcripts):
            # the last transcript is coded by three annotators, like AnnoMI's agreement set
            count = annotators if t < transcripts - 1 else max(annotators, 3)
            writer.writerows(_rows(t, HABITS[t % len(HABITS)], count))
    return path


#: Fast settings for tests: 3 inner folds, small vocabularies.
FAST = TrainingConfig(inner_folds=3, max_terms={"w": 2000, "c": 3000, "p": 1000, "n": 500})
