"""Fixtures for batch tests: a small synthetic corpus written into tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

TEXT_A = (
    "# id: alpha\n"
    "[00:00:01] Therapist: What would you like to focus on today?\n"
    "[00:00:05] Client: Mostly sleep. It has been awful lately.\n"
    "[00:00:11] Therapist: Sleep has been awful, and you want that to change?\n"
    "[00:00:15] Client: Yes. I want to feel rested again.\n"
)
TEXT_B = (
    "Therapist: How was the week?\n"
    "Client: Hard. My manager shouted again.\n"
    "Therapist: That sounds exhausting. What did you do?\n"
    "Client: I went for a walk, which helped a bit.\n"
    "Therapist: A walk helped.\n"
)
CSV = "transcript_id,utterance_id,interlocutor,timestamp,utterance_text\n" + "".join(
    f"s{t},{i},{'therapist' if i % 2 == 0 else 'client'},00:00:{10 + i:02d},"
    f"Turn {i} of session {t} said plainly{'?' if i % 2 == 0 else '.'}\n"
    for t in range(1, 6)
    for i in range(4)
)
BAD = "Client: I talk alone.\nClient: Still me.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with two text transcripts, a five-session AnnoMI CSV and one unreadable file."""
    folder = tmp_path / "corpus"
    (folder / "nested").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT_A, "utf-8")
    (folder / "nested" / "b.txt").write_text(TEXT_B, "utf-8")
    (folder / "many.csv").write_text(CSV, "utf-8")
    (folder / "bad.txt").write_text(BAD, "utf-8")
    (folder / "README.md").write_text("# Not a transcript\n", "utf-8")
    return folder


@pytest.fixture
def good_corpus(corpus: Path) -> Path:
    """The corpus without its unreadable file."""
    (corpus / "bad.txt").unlink()
    return corpus
