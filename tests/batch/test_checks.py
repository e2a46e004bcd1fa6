"""Corpus-level checks: reader warnings counted by kind, duplicated inputs and session ids."""

from __future__ import annotations

from pathlib import Path

from alliancelens.batch import run_batch
from alliancelens.batch._checks import duplicates, reader_warnings
from alliancelens.batch._manifest import InputRecord

GUESSED = "x.vtt: session x: 2 speaker role(s) guessed: therapist = speaker 1 of 2 ..."
CP1252 = "y.txt: not valid UTF-8: decoded as Windows-1252 (cp1252); check accents"


def test_reader_warnings_count_inputs_once_per_kind() -> None:
    """An input with two guessed-roles warnings counts once; kinds and 'other' are separate."""
    records = [
        InputRecord("a", warnings=[GUESSED, GUESSED]),
        InputRecord("b", warnings=[CP1252, GUESSED]),
        InputRecord("c", warnings=["c.txt: something else"]),
        InputRecord("d"),
    ]
    assert reader_warnings(records) == {
        "inputs": 3,
        "roles_guessed": 2,
        "encoding_guessed": 1,
        "other": 1,
    }


def test_identical_content_is_grouped_but_failed_inputs_are_not() -> None:
    """Finished inputs with one sha256 form a group; a failed copy is not part of it."""
    records = [
        InputRecord("p/1.txt", sha256="aa", status="analysed"),
        InputRecord("p/2.txt", sha256="aa", status="resumed"),
        InputRecord("p/3.txt", sha256="aa", status="failed"),
        InputRecord("p/4.txt", sha256="bb", status="analysed"),
    ]
    found = duplicates(records, {})
    assert found["content"] == [{"sha256": "aa", "inputs": ["p/1.txt", "p/2.txt"]}]


def test_session_ids_shared_by_inputs_are_counted_not_named() -> None:
    """Ids repeated across inputs are counted per group of inputs; ids within one input are not."""
    found = duplicates([], {"m.csv": ["s1", "s2", "s2"], "n.csv": ["s1", "s2"], "o.txt": ["o"]})
    assert found["session_ids"] == [{"inputs": ["m.csv", "n.csv"], "repeated_ids": 2}]


def test_a_run_records_copies_in_the_manifest(tmp_path: Path) -> None:
    """Two byte-identical files with one '# id:' header: both groups appear in the manifest."""
    text = "# id: visit-9\nTherapist: How are things at home?\nClient: Quieter lately.\n"
    for name in ("first.txt", "copy.txt"):
        (tmp_path / name).write_text(text, "utf-8")
    run = run_batch([tmp_path], tmp_path / "out", workers=1)
    found = run.manifest["duplicates"]
    assert len(found["content"]) == 1 and len(found["content"][0]["inputs"]) == 2
    assert found["session_ids"][0]["repeated_ids"] == 1
    assert "visit-9" not in str(found)
