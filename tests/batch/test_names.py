"""--therapist/--client names are checked against every input before a batch does any work."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.batch import run_batch
from alliancelens.batch._names import check_override_names
from alliancelens.errors import SpeakerError

LABELLED = "Counsellor: Where shall we begin?\nPatient: With the move, I suppose.\n"
UNLABELLED = (
    "Ines: what has the move been like for you\n"
    "Bo: tiring i miss my old street\n"
    "Ines: so you miss the place you knew\n"
    "Bo: yes very much\n"
)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """One file with role-word labels, one with first names only."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "worded.txt").write_text(LABELLED, "utf-8")
    (folder / "named.txt").write_text(UNLABELLED, "utf-8")
    return folder


@pytest.mark.parametrize("option", ["therapists", "clients"])
def test_a_name_no_input_has_stops_the_run_and_leaves_the_output(
    corpus: Path, tmp_path: Path, option: str
) -> None:
    """A typo in a name: SpeakerError before any work; the previous output is byte-identical."""
    out = tmp_path / "out"
    run_batch([corpus], out, workers=1, therapists=["Ines"])
    before = _snapshot(out)
    with pytest.raises(SpeakerError, match=r"1 name\(s\) match"):
        run_batch([corpus], out, workers=1, **{option: ["Inez"]})  # type: ignore[arg-type]
    assert _snapshot(out) == before


def test_a_refused_name_creates_no_output_folder(corpus: Path, tmp_path: Path) -> None:
    """When the output folder did not exist, a refused name leaves no folder behind."""
    with pytest.raises(SpeakerError):
        run_batch([corpus], tmp_path / "fresh", workers=1, clients=["Nobody Here"])
    assert not (tmp_path / "fresh").exists()


def test_a_name_found_in_one_input_is_enough(corpus: Path, tmp_path: Path) -> None:
    """A name used by one file is accepted; files whose labels give roles simply lack it."""
    run = run_batch([corpus], tmp_path / "out", workers=1, therapists=["ines"])
    assert run.manifest["totals"]["failed"] == 0


def test_one_matching_and_one_mistyped_name_names_only_the_typo(corpus: Path) -> None:
    """In a file without role words, the matching name is not counted with the missing one."""
    with pytest.raises(SpeakerError, match=r"--client: 1 name\(s\)"):
        check_override_names(
            [corpus / "named.txt"], format=None, therapists=["Ines"], clients=["Boo"]
        )


def test_broken_inputs_take_no_part_in_the_check(tmp_path: Path) -> None:
    """An unreadable input neither matches nor refuses a name (the run records its failure)."""
    (tmp_path / "empty.txt").write_text("", "utf-8")
    check_override_names([tmp_path / "empty.txt"], format=None, therapists=["X"], clients=[])
