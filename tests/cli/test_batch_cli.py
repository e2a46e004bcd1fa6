"""``alliancelens batch``: tables, manifest, exit codes, resume, JSON output and ConvoKit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
GOOD = "Therapist: What brings you in today?\nClient: My sister said I should come.\n"
OTHER = "Therapist: How was the week?\nClient: Long. Work was hard.\nTherapist: Hard how?\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two readable transcripts in a folder."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "one.txt").write_text(GOOD, "utf-8")
    (folder / "two.txt").write_text(OTHER, "utf-8")
    return folder


def _expected_exit(manifest: dict[str, object]) -> int:
    totals = manifest["totals"]
    assert isinstance(totals, dict)
    if totals["failed"]:
        return 2
    return 3 if totals["sessions_not_fully_analysed"] else 0


def test_batch_writes_tables_and_prints_a_summary(corpus: Path, tmp_path: Path) -> None:
    """The command writes the six table files and manifest, and summarises on stderr."""
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(corpus), "-o", str(out), "-w", "1"])
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert result.exit_code == _expected_exit(manifest), result.output
    assert "2 input(s): 2 analysed, 0 resumed, 0 failed; 2 session(s)" in result.stderr
    for table in ("utterances", "sessions", "findings"):
        assert (out / f"{table}.parquet").is_file() and (out / f"{table}.csv").is_file()
    assert "My sister" not in result.output


def test_failed_inputs_exit_2_and_are_listed(corpus: Path, tmp_path: Path) -> None:
    """A missing input and an unreadable file are reported; the good files are still done."""
    (corpus / "bad.txt").write_text("Client: alone\nClient: still alone\n", "utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["batch", str(corpus), str(tmp_path / "gone.vtt"), "-o", str(out), "-w", "1"]
    )
    assert result.exit_code == 2
    assert "failed: " in result.stderr and "[AL207]" in result.stderr and "[AL001]" in result.stderr
    assert "alone" not in result.stderr.replace("bad.txt", "")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["totals"]["analysed"] == 2 and manifest["totals"]["failed"] == 2


def test_json_prints_the_manifest_and_resume_skips(corpus: Path, tmp_path: Path) -> None:
    """--json prints manifest.json; a second run with --resume analyses nothing again."""
    out = tmp_path / "out"
    runner.invoke(app, ["batch", str(corpus), "-o", str(out), "-w", "1"])
    result = runner.invoke(
        app, ["batch", str(corpus), "-o", str(out), "-w", "1", "--resume", "--json"]
    )
    manifest = json.loads(result.stdout)
    assert result.exit_code == _expected_exit(manifest)
    assert manifest["totals"]["resumed"] == 2 and manifest["totals"]["analysed"] == 0
    assert manifest == json.loads((out / "manifest.json").read_text("utf-8"))


def test_convokit_export_implies_text(corpus: Path, tmp_path: Path) -> None:
    """--convokit writes a ConvoKit corpus (and therefore tables with text)."""
    out, ck = tmp_path / "out", tmp_path / "ck"
    result = runner.invoke(
        app, ["batch", str(corpus / "*.txt"), "-o", str(out), "-w", "1", "--convokit", str(ck)]
    )
    assert result.exit_code in {0, 3}, result.output
    lines = (ck / "utterances.jsonl").read_text("utf-8").splitlines()
    assert json.loads(lines[0])["text"] == "What brings you in today?"
    assert "ConvoKit corpus written" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "spark"], "unknown engine"),
        (["--workers", "0"], "at least 1"),
        (["--ray-address", "ray://h:1"], "--ray-address needs --engine ray"),
    ],
)
def test_bad_options_exit_2_with_one_line(
    corpus: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    """Unusable options are one error line and exit code 2."""
    result = runner.invoke(app, ["batch", str(corpus), "-o", str(tmp_path / "o"), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
