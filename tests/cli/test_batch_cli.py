"""``alliancelens batch``: tables, manifest, exit codes, resume, JSON output and ConvoKit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.batch import BatchInterrupted, _runner
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


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "error: --format: unknown format 'pdf'; known formats: "),
        (["--therapist", ""], "error: --therapist: a name is empty"),
        (["--client", " "], "error: --client: a name is empty"),
    ],
)
def test_options_that_fail_every_input_are_one_line_before_any_work(
    corpus: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    """--format pdf or an empty name: exit 2, exactly one stderr line, previous output intact."""
    out = tmp_path / "out"
    runner.invoke(app, ["batch", str(corpus), "-o", str(out), "-w", "1"])
    before = _snapshot(out)
    result = runner.invoke(app, ["batch", str(corpus), "-o", str(out), "-w", "1", *args])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(message)
    assert _snapshot(out) == before


def test_a_mistyped_path_leaves_the_previous_output_untouched(corpus: Path, tmp_path: Path) -> None:
    """`batch corpsu --resume`: exit 2, 'nothing written', tables/manifest/.parts unchanged."""
    out = tmp_path / "out"
    runner.invoke(app, ["batch", str(corpus), "-o", str(out), "-w", "1"])
    before = _snapshot(out)
    result = runner.invoke(
        app, ["batch", str(tmp_path / "corpsu"), "-o", str(out), "--resume", "--no-progress"]
    )
    assert result.exit_code == 2
    assert "0 analysed, 0 resumed, 1 failed; nothing written" in result.stderr
    assert "corpsu: no such file or folder [AL001]" in result.stderr
    assert _snapshot(out) == before


def test_an_empty_folder_among_inputs_is_one_warning_and_keeps_parts(
    corpus: Path, tmp_path: Path
) -> None:
    """The empty folder is named in one warning line; other inputs' checkpoints are kept."""
    empty, out = tmp_path / "empty", tmp_path / "out"
    empty.mkdir()
    runner.invoke(app, ["batch", str(corpus), "-o", str(out), "-w", "1"])
    result = runner.invoke(
        app, ["batch", str(empty), str(corpus / "one.txt"), "-o", str(out), "-w", "1"]
    )
    assert result.exit_code in {0, 3}, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {empty}: folder holds no transcript files (searched recursively; hidden "
        "files and .md are skipped); check the path"
    ]
    assert "note: 1 checkpoint(s) of inputs not in this run were kept" in result.stderr
    assert len(list((out / ".parts").iterdir())) == 2


def test_only_an_empty_folder_names_it_and_says_what_to_do(tmp_path: Path) -> None:
    """Alone, an empty folder is a one-line error naming it, with the way out."""
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["batch", str(empty), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: no transcript files found in {empty} (")
    assert "name the files explicitly [AL001]" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_mistyped_client_name_is_one_error_before_any_work(corpus: Path, tmp_path: Path) -> None:
    """--client naming no label of any input: exit 2, one line, previous output byte-identical."""
    out = tmp_path / "out"
    runner.invoke(app, ["batch", str(corpus), "-o", str(out), "-w", "1"])
    before = _snapshot(out)
    result = runner.invoke(
        app, ["batch", str(corpus), "-o", str(out), "-w", "1", "--client", "Clinet"]
    )
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--client: 1 name(s)" in result.stderr and "Clinet" not in result.stderr
    assert _snapshot(out) == before


def test_reader_warnings_and_copies_get_one_summary_line_each(tmp_path: Path) -> None:
    """Guessed roles are counted on one line pointing at the manifest; a copy is named."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    unlabelled = (
        "Ari: how have the evenings been\nDee: long i sit alone\n"
        "Ari: so you feel cut off\nDee: yes mostly\n"
    )
    (folder / "zoom.txt").write_text(unlabelled, "utf-8")
    (folder / "zoom-again.txt").write_text(unlabelled, "utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(folder), "-o", str(out), "-w", "1", "--no-progress"])
    said = "".join(result.stderr.split())  # rich wraps long lines
    expected = (
        "warning: 2 input(s) with reader warnings (roles guessed: 2); see inputs[].warnings in "
        f"{out / 'manifest.json'}"
    )
    assert "".join(expected.split()) in said
    assert "warning:2inputshaveidenticalcontent" in said


def test_a_stop_with_nothing_checkpointed_does_not_suggest_resume(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM before any input finished: 'run the same command again', no --resume."""

    def stopped(*args: object, **kwargs: object) -> None:
        raise BatchInterrupted(15, 0)

    monkeypatch.setattr(_runner, "run_batch", stopped)
    result = runner.invoke(app, ["batch", str(corpus), "-o", str(tmp_path / "out")])
    assert result.exit_code == 143
    assert "--resume" not in result.stderr
    assert "nothing was finished" in result.stderr


@pytest.mark.parametrize(("signum", "code"), [(2, 130), (15, 143)])
def test_an_interrupted_run_prints_one_stopped_line(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int, code: int
) -> None:
    """Ctrl-C (130) or SIGTERM (143): one line with the checkpointed count and --resume."""

    def stopped(*args: object, **kwargs: object) -> None:
        raise BatchInterrupted(signum, 3)

    monkeypatch.setattr(_runner, "run_batch", stopped)
    result = runner.invoke(app, ["batch", str(corpus), "-o", str(tmp_path / "out")])
    assert result.exit_code == code
    assert result.stderr == (
        "stopped: 3 input(s) checkpointed; run the same command with --resume to continue\n"
    )


def test_a_bad_session_of_a_csv_is_one_failed_line_and_the_rest_is_analysed(
    tmp_path: Path,
) -> None:
    """The summary counts the failed session; its line names file, position and the CSV advice."""
    folder = tmp_path / "csvs"
    folder.mkdir()
    (folder / "trial.csv").write_text(
        "transcript_id,utterance_id,interlocutor,utterance_text\n"
        "p1,0,therapist,Shall we look at the diary?\n"
        "p1,1,client,I filled in most days.\n"
        "p2,0,client,Hello?\n"
        "p2,1,client,Is this recording?\n",
        "utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(folder), "-o", str(out), "-w", "1"])
    assert result.exit_code == 2, result.output
    assert "1 analysed, 0 resumed, 0 failed; 1 session(s) of multi-session files failed" in (
        result.stderr
    )
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("failed:")]
    assert "trial.csv, session 2 of 2, line 4:" in line and "interlocutor column" in line
    assert "recording" not in result.stderr
