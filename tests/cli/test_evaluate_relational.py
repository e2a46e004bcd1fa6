"""evaluate risk / empathy / red-flags commands: tables, --json and exit codes."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.evaluation.epitome_eval import FILES

runner = CliRunner()
HERE = Path(__file__).resolve().parent


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    """A labelled folder: one risk snippet and one session excerpt (text written here)."""
    snippet = {
        "id": "risk-1",
        "type": "risk_snippet",
        "category": "risk_positive",
        "utterances": [
            {"index": 0, "speaker": "therapist", "text": "How has your mood been?"},
            {"index": 1, "speaker": "client", "text": "Some nights I wish I didn't wake up."},
        ],
        "risk": [{"index": 1, "kind": "passive_suicidal_ideation", "severity": "low"}],
        "red_flags": [],
        "hard_negatives": [],
        "ruptures": [],
    }
    session = {
        "id": "sess-1",
        "type": "session",
        "category": "red_flags",
        "utterances": [
            {"index": 0, "speaker": "therapist", "text": "You should just go to the gym."},
            {"index": 1, "speaker": "client", "text": "Maybe."},
        ],
        "risk": [],
        "red_flags": [{"index": 0, "kind": "unsolicited_advice"}],
        "hard_negatives": [],
        "ruptures": [],
    }
    for example in (snippet, session):
        (tmp_path / f"{example['id']}.json").write_text(json.dumps(example), encoding="utf-8")
    return tmp_path


def test_evaluate_risk_prints_recall_and_review_note(labelled: Path) -> None:
    """evaluate risk prints recall and the clinician-review note."""
    result = runner.invoke(app, ["evaluate", "risk", "--data", str(labelled)])
    assert result.exit_code == 0, result.output
    assert "recall" in result.stdout and "for clinician review" in result.stdout


def test_evaluate_risk_json(labelled: Path) -> None:
    """--json prints the numbers as JSON."""
    result = runner.invoke(app, ["evaluate", "risk", "--data", str(labelled), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["recall"] == 1.0


def test_evaluate_red_flags_json(labelled: Path) -> None:
    """evaluate red-flags scores the session excerpts."""
    result = runner.invoke(app, ["evaluate", "red-flags", "--data", str(labelled), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["by_kind"]["unsolicited_advice"]["tp"] == 1


def test_evaluate_empathy_table(tmp_path: Path) -> None:
    """evaluate empathy prints macro-F1 per mechanism and split."""
    for name in FILES.values():
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(
                ["sp_id", "rp_id", "seeker_post", "response_post", "level", "rationales"]
            )
            writer.writerow(["p1", "r1", "sad", "I'm so sorry. What happened?", "2", ""])
    result = runner.invoke(app, ["evaluate", "empathy", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.stdout and "explorations" in result.stdout


@pytest.mark.parametrize("command", ["risk", "red-flags", "empathy"])
def test_unusable_folder_exits_2(tmp_path: Path, command: str) -> None:
    """A folder without the expected files is a usage error (exit 2, one line)."""
    shutil.rmtree(tmp_path)
    result = runner.invoke(app, ["evaluate", command, "--data", str(tmp_path)])
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["risk", "red-flags"])
@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (
            {"risk": [{"index": 77, "kind": "self_harm", "severity": "low"}]},
            "sess-1.json: risk[0].index 77 is outside the transcript (0–1)",
        ),
        (
            {"risk": [{"index": 1, "kind": "suicidal_ideaton", "severity": "low"}]},
            "sess-1.json: risk[0].kind 'suicidal_ideaton' is not a known risk kind",
        ),
        ({"risk": [{"index": 1, "kind": "self_harm"}]}, "sess-1.json: risk[0].severity is missing"),
        (
            {"red_flags": [{"index": 500, "kind": "unsolicited_advice"}]},
            "sess-1.json: red_flags[0].index 500 is outside the transcript (0–1)",
        ),
    ],
)
def test_malformed_labels_exit_2_before_scoring(
    labelled: Path, command: str, labels: dict[str, object], message: str
) -> None:
    """A label the README forbids stops every evaluate command with one line, exit 2."""
    path = labelled / "sess-1.json"
    path.write_text(json.dumps({**json.loads(path.read_text("utf-8")), **labels}), "utf-8")
    result = runner.invoke(app, ["evaluate", command, "--data", str(labelled), "--json"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
