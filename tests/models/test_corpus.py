"""Reading AnnoMI CSVs: majority votes, subtypes, and errors the user can fix."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from alliancelens.errors import UsageError
from alliancelens.models._corpus import read_corpus

from .annomi_synth import FULL_COLUMNS, SCRIPT, write_synthetic_annomi


def test_repeated_annotator_rows_collapse_to_one_utterance(tmp_path: Path) -> None:
    """Utterances coded by several annotators appear once per transcript."""
    corpus = read_corpus(write_synthetic_annomi(tmp_path, transcripts=3, annotators=2))
    assert [len(d.turns) for d in corpus.dialogues] == [len(SCRIPT)] * 3
    assert corpus.utterances == 3 * len(SCRIPT)


def test_labels_and_subtypes_are_read(tmp_path: Path) -> None:
    """Main behaviour, subtype and client talk come from their columns."""
    dialogue = read_corpus(write_synthetic_annomi(tmp_path, transcripts=2)).dialogues[0]
    expected = [(label, subtype) for _role, _text, label, subtype in SCRIPT]
    got = [
        (b or t, s)
        for b, s, t in zip(dialogue.behaviour, dialogue.subtype, dialogue.client_talk, strict=True)
    ]
    assert got == expected


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=FULL_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _row(annotator: int, behaviour: str, subtype: str = "n/a") -> dict[str, str]:
    row = dict.fromkeys(FULL_COLUMNS, "n/a")
    row.update(
        transcript_id="7",
        utterance_id="0",
        interlocutor="therapist",
        utterance_text="How are things?",
        annotator_id=str(annotator),
        main_therapist_behaviour=behaviour,
        question_subtype=subtype,
    )
    return row


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        (
            [("question", "open"), ("question", "closed"), ("question", "open")],
            ("question", "open"),
        ),
        (
            [("other", "n/a"), ("question", "closed"), ("question", "closed")],
            ("question", "closed"),
        ),
        ([("reflection", "n/a"), ("question", "open")], ("question", "open")),
        ([("other", "n/a"), ("reflection", "n/a")], ("other", None)),
    ],
)
def test_majority_vote_with_fixed_tie_order(
    tmp_path: Path, votes: list[tuple[str, str]], expected: tuple[str, str | None]
) -> None:
    """The most frequent label wins; ties go to the first label in the fixed label order."""
    rows = [_row(i, behaviour, subtype) for i, (behaviour, subtype) in enumerate(votes)]
    dialogue = read_corpus(_write(tmp_path / "AnnoMI-full.csv", rows)).dialogues[0]
    assert (dialogue.behaviour[0], dialogue.subtype[0]) == expected


def test_folder_without_annomi_files_is_a_usage_error(tmp_path: Path) -> None:
    """A folder with neither AnnoMI CSV is refused with a message naming both files."""
    with pytest.raises(UsageError, match=r"AnnoMI-full\.csv"):
        read_corpus(tmp_path)


def test_missing_columns_are_a_usage_error(tmp_path: Path) -> None:
    """A CSV lacking the label columns is refused and the columns are named."""
    path = tmp_path / "x.csv"
    path.write_text("transcript_id,utterance_id,interlocutor,utterance_text\n1,0,client,Hi\n")
    with pytest.raises(UsageError, match="main_therapist_behaviour"):
        read_corpus(path)


def test_file_hash_is_recorded(tmp_path: Path) -> None:
    """The corpus carries the SHA-256 of the file it was read from."""
    import hashlib

    path = write_synthetic_annomi(tmp_path, transcripts=2)
    assert read_corpus(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
