"""`batch` output is pseudonymous by default (QA39 #3): no `# id:` header, no file name."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
#: An invented client's name, put in a file name, a folder name and an `# id:` header.
NAME = "Rosalind Quenby-Hart"
SESSION = (
    f"# id: {NAME} 2026-10-02\n"
    "Therapist: What brings you here today?\n"
    "Client: Mostly my sleep. It has been poor for a month.\n"
    "Therapist: A month of poor sleep sounds draining.\n"
    "Client: It is. I want to feel rested again.\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A good session named after the client, an unreadable one, and an empty folder."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / f"{NAME} intake.txt").write_text(SESSION, "utf-8")
    (folder / f"{NAME} broken.json").write_text("{not json", "utf-8")
    (tmp_path / f"{NAME} empty").mkdir()
    return folder


def _everything(folder: Path) -> bytes:
    """Every byte under ``folder``: tables, manifest and the checkpoints in .parts/."""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["batch", *args, "--no-progress"])
    return result.exit_code, result.stdout, result.stderr


def test_default_output_names_no_file_and_no_id(corpus: Path, tmp_path: Path) -> None:
    """Tables, manifest and parts hold neither the name nor the date; stderr names the files."""
    out = tmp_path / "out"
    code, _, err = _run(str(corpus), str(tmp_path / f"{NAME} empty"), "-o", str(out))
    assert code == 2  # the broken file failed
    stored = _everything(out)
    for word in ("Quenby", "Rosalind", "2026-10-02", "intake", "broken"):
        assert word.encode() not in stored, word
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [i["path"] for i in manifest["inputs"]] == ["input-0001", "input-0002"]
    assert manifest["empty_inputs"] == ["<empty folder 1>"]
    assert manifest["options"]["keep_ids"] is False
    row = (out / "sessions.csv").read_text("utf-8").splitlines()[1]
    assert row.startswith('"input-0002",') and '"s-' in row
    # the operator's terminal still says which file failed and which folder was empty
    assert f"failed: {corpus / (NAME + ' broken.json')}" in err
    assert f"{tmp_path / (NAME + ' empty')}: folder holds no transcript" in err


def test_resume_keeps_the_pseudonyms(corpus: Path, tmp_path: Path) -> None:
    """A resumed run gives the same session ids and input names as the first."""
    out = tmp_path / "out"
    _run(str(corpus), "-o", str(out))
    first = (out / "sessions.csv").read_text("utf-8")
    code, stdout, _ = _run(str(corpus), "-o", str(out), "--resume", "--json")
    assert code == 2 and json.loads(stdout)["totals"]["resumed"] == 1
    assert (out / "sessions.csv").read_text("utf-8").split("\n")[1:] == first.split("\n")[1:]


@pytest.mark.parametrize("option", ["--keep-ids", "--include-text"])
def test_keep_ids_and_include_text_keep_real_names(
    corpus: Path, tmp_path: Path, option: str
) -> None:
    """--keep-ids (and --include-text, which implies it) write the real id and path."""
    out = tmp_path / "out"
    _run(str(corpus), "-o", str(out), option)
    sessions = (out / "sessions.csv").read_text("utf-8")
    assert f"{NAME} 2026-10-02" in sessions and f"{NAME} intake.txt" in sessions
    assert json.loads((out / "manifest.json").read_text("utf-8"))["options"]["keep_ids"] is True


@pytest.fixture
def dated(tmp_path: Path) -> Path:
    """One good session whose `# date:` header is its only date."""
    folder = tmp_path / "dated"
    folder.mkdir()
    text = SESSION.replace(f"# id: {NAME} 2026-10-02\n", "# id: s1\n# date: 2025-07-14\n")
    (folder / "s1.txt").write_text(text, "utf-8")
    return folder


def _date_cell(out: Path) -> str:
    with (out / "sessions.csv").open(encoding="utf-8", newline="") as stream:
        return str(next(csv.DictReader(stream))["date"])


@pytest.mark.parametrize(
    ("options", "date"),
    [([], ""), (["--keep-dates"], "2025-07-14"), (["--keep-ids"], "2025-07-14")],
    ids=["default", "keep-dates", "keep-ids"],
)
def test_session_date_is_written_only_when_kept(
    dated: Path, tmp_path: Path, options: list[str], date: str
) -> None:
    """The sessions table's date is empty by default; --keep-dates or --keep-ids keep it."""
    out = tmp_path / "out"
    code, stdout, _ = _run(str(dated), "-o", str(out), "--json", *options)
    assert code == 0
    assert _date_cell(out) == date
    if not options:
        assert b"2025-07-14" not in _everything(out)
    manifest = json.loads(stdout)
    assert manifest["options"]["keep_dates"] is bool(options)
    assert manifest["pipeline"]["keep_dates"] is bool(options)


def test_resume_with_keep_dates_analyses_again(dated: Path, tmp_path: Path) -> None:
    """--keep-dates is part of the fingerprint: a resumed run with it redoes the input."""
    out = tmp_path / "out"
    _run(str(dated), "-o", str(out))
    code, stdout, _ = _run(str(dated), "-o", str(out), "--resume", "--json")
    assert code == 0 and json.loads(stdout)["totals"]["resumed"] == 1
    code, stdout, _ = _run(str(dated), "-o", str(out), "--resume", "--keep-dates", "--json")
    assert code == 0 and json.loads(stdout)["totals"]["analysed"] == 1
    assert _date_cell(out) == "2025-07-14"
