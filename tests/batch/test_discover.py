"""Finding transcript files in INPUTS: folders, globs, files, the output folder excluded."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.batch._discover import discover, nothing_found, transcript_suffixes
from alliancelens.errors import UsageError


def _names(paths: tuple[Path, ...]) -> list[str]:
    return [p.name for p in paths]


def test_folders_are_searched_recursively_for_transcript_suffixes(corpus: Path) -> None:
    """A folder yields its transcripts (nested too) sorted by path, without README.md."""
    found = discover([corpus])
    assert _names(found.files) == ["a.txt", "bad.txt", "many.csv", "b.txt"]
    assert not found.missing


def test_hidden_files_and_the_output_folder_are_skipped(corpus: Path) -> None:
    """Dot-folders and anything inside the output folder are not inputs."""
    (corpus / ".cache").mkdir()
    (corpus / ".cache" / "x.txt").write_text("Therapist: hi\nClient: hi\n", "utf-8")
    (corpus / "out").mkdir()
    (corpus / "out" / "sessions.csv").write_text("a,b\n", "utf-8")
    found = discover([corpus], exclude=corpus / "out")
    assert "x.txt" not in _names(found.files)
    assert "sessions.csv" not in _names(found.files)


def test_globs_are_expanded(corpus: Path) -> None:
    """A glob pattern (with **) is expanded and matches are sorted."""
    found = discover([f"{corpus}/**/*.txt"])
    assert _names(found.files) == ["a.txt", "bad.txt", "b.txt"]


def test_an_explicit_file_is_taken_whatever_its_suffix(tmp_path: Path) -> None:
    """A named file with an unknown suffix is still an input (the reader detects the format)."""
    path = tmp_path / "session.log"
    path.write_text("Therapist: hi\nClient: hello\n", "utf-8")
    assert discover([path]).files == (path,)


def test_a_file_reached_twice_is_taken_once(corpus: Path) -> None:
    """Overlapping inputs do not duplicate a file."""
    found = discover([corpus / "a.txt", corpus, f"{corpus}/*.txt"])
    assert _names(found.files).count("a.txt") == 1
    assert _names(found.files)[0] == "a.txt"


@pytest.mark.parametrize(
    ("item", "message"),
    [("nowhere.txt", "no such file or folder"), ("nowhere/*.vtt", "matches no file")],
)
def test_missing_inputs_are_recorded_not_fatal(tmp_path: Path, item: str, message: str) -> None:
    """A path that does not exist, or an empty glob, is reported with its own message."""
    found = discover([str(tmp_path / item)])
    assert found.files == ()
    assert len(found.missing) == 1 and message in found.missing[0][1]


def test_no_inputs_is_a_usage_error() -> None:
    """An empty INPUTS list is refused."""
    with pytest.raises(UsageError):
        discover([])


def test_suffixes_come_from_the_registered_readers() -> None:
    """The folder suffixes are those of the readers, except Markdown."""
    assert {".txt", ".vtt", ".srt", ".json", ".csv", ".docx"} <= transcript_suffixes()
    assert ".md" not in transcript_suffixes()


def test_an_empty_folder_is_reported_not_failed(corpus: Path, tmp_path: Path) -> None:
    """A folder without transcripts goes to ``empty`` (not ``missing``); the others are found."""
    empty = tmp_path / "empty"
    (empty / ".hidden").mkdir(parents=True)
    (empty / "notes.md").write_text("# notes\n", "utf-8")
    found = discover([empty, corpus / "a.txt"])
    assert found.empty == (str(empty),) and not found.missing
    assert _names(found.files) == ["a.txt"]


@pytest.mark.parametrize(
    ("folders", "shown"),
    [(["one"], "in one ("), (["a", "b", "c", "d", "e"], "in a, b, c and 2 more (")],
)
def test_nothing_found_names_the_folders_and_what_to_do(folders: list[str], shown: str) -> None:
    """The error names up to three folders, the suffixes searched, and the way out."""
    message = nothing_found(folders)
    assert shown in message and ".vtt" in message
    assert message.endswith("check the path, or name the files explicitly")
