"""``alliancelens train microskills`` and ``alliancelens evaluate microskills``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from alliancelens.cli import app

from .annomi_synth import write_synthetic_annomi

runner = CliRunner()


def test_train_writes_model_files_and_reports_hashes(tmp_path: Path) -> None:
    """Training from a folder writes the model files and prints their SHA-256 as JSON."""
    data = tmp_path / "data"
    write_synthetic_annomi(data, transcripts=6)
    result = runner.invoke(
        app,
        ["train", "microskills", "--data", str(data), "--output", str(tmp_path / "m"), "--json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["files"]) == {"therapist.npz", "client.npz", "manifest.json"}
    assert report["manifest"]["training_data"]["dialogues"] == 6


def test_evaluate_reports_every_code(tmp_path: Path) -> None:
    """Evaluation prints macro-F1, per-class scores and confusion matrices for every code."""
    data = write_synthetic_annomi(tmp_path, transcripts=6)
    out = tmp_path / "eval.json"
    result = runner.invoke(
        app,
        ["evaluate", "microskills", "--data", str(data), "--folds", "2", "--json", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text("utf-8"))
    assert set(report["codes"]) == {"behaviour", "client_talk", "question", "reflection", "input"}
    behaviour = report["codes"]["behaviour"]
    assert len(behaviour["confusion"]) == len(behaviour["labels"]) == 4
    assert 0.0 <= behaviour["macro_f1"] <= 1.0
    assert report["throughput"]["utterances_per_second"] > 0
    indices = report["session_indices"]
    assert {"reflection_to_question", "change_talk_share"} <= set(indices)
    assert indices["reflection_to_question"]["transcripts"] <= 6


def test_evaluate_renders_tables_for_people(tmp_path: Path) -> None:
    """Without --json the evaluation is printed as tables with the targets."""
    data = write_synthetic_annomi(tmp_path, transcripts=6)
    result = runner.invoke(app, ["evaluate", "microskills", "--data", str(data), "--folds", "2"])
    assert result.exit_code == 0, result.output
    assert "Macro-F1 on unseen transcripts" in result.stdout
    assert "rows = human" in result.stdout
    assert "Session indices" in result.stdout


def test_bad_data_path_exits_with_usage_error(tmp_path: Path) -> None:
    """A folder without AnnoMI CSVs is a usage error (exit 2) with one line on stderr."""
    result = runner.invoke(app, ["train", "microskills", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "AnnoMI-full.csv" in result.stderr


def test_shipped_scores_the_installed_model_without_retraining(tmp_path: Path) -> None:
    """--shipped codes the corpus with the installed model and names its digest."""
    data = write_synthetic_annomi(tmp_path, transcripts=3)
    result = runner.invoke(app, ["evaluate", "microskills", "--data", str(data), "--shipped"])
    assert result.exit_code == 0, result.output
    assert "not retrained" in result.stdout and "In-sample" not in result.stdout
    shown = runner.invoke(
        app, ["evaluate", "microskills", "--data", str(data), "--shipped", "--json"]
    )
    report = json.loads(shown.stdout)
    assert report["protocol"]["mode"] == "fixed model, no retraining"
    assert len(report["protocol"]["model_digest"]) == 64
    assert report["protocol"]["in_sample"] is False
