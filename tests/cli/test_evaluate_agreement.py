"""evaluate agreement command: table, --json and the exit code for a bad folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()


@pytest.fixture
def coders(tmp_path: Path) -> tuple[Path, Path]:
    """Coder A and coder B folders for one risk snippet (text written here)."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    snippet = {
        "id": "risk-1",
        "type": "risk_snippet",
        "utterances": [
            {"index": 0, "speaker": "therapist", "text": "How has your mood been?"},
            {"index": 1, "speaker": "client", "text": "Some nights I wish I didn't wake up."},
            {"index": 2, "speaker": "therapist", "text": "Any thoughts of hurting others?"},
            {"index": 3, "speaker": "client", "text": "No."},
        ],
        "ruptures": [],
        "red_flags": [],
        "risk": [{"index": 1, "kind": "passive_suicidal_ideation", "severity": "low"}],
        "hard_negatives": [],
    }
    (a / "risk-1.json").write_text(json.dumps(snippet), "utf-8")
    labels = {"id": "risk-1", "risk": snippet["risk"]}
    (b / "risk-1.json").write_text(json.dumps(labels), "utf-8")
    return a, b


def test_json_output(coders: tuple[Path, Path]) -> None:
    """--json prints the agreement numbers (identical labels: kappa 1)."""
    a, b = coders
    result = runner.invoke(
        app, ["evaluate", "agreement", "--coder-a", str(a), "--coder-b", str(b), "--json"]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["risk"]["kappa"] == 1.0


def test_table_output(coders: tuple[Path, Path]) -> None:
    """Without --json a table names the compared examples."""
    a, b = coders
    result = runner.invoke(app, ["evaluate", "agreement", "--coder-a", str(a), "--coder-b", str(b)])
    assert result.exit_code == 0
    assert "on 1 examples" in result.stdout


def test_missing_folder_exits_2(coders: tuple[Path, Path], tmp_path: Path) -> None:
    """A coder-B folder that does not exist is a usage error (exit 2, no traceback)."""
    result = runner.invoke(
        app,
        ["evaluate", "agreement", "--coder-a", str(coders[0]), "--coder-b", str(tmp_path / "x")],
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ({"id": "risk-1"}, "risk-1.json: risk is missing"),
        (
            {"id": "risk-1", "risk": [{"index": 7, "kind": "self_harm", "severity": "low"}]},
            "risk-1.json: risk[0].index 7 is outside the transcript (0–3)",
        ),
    ],
)
def test_bad_coder_b_labels_exit_2_with_one_line(
    coders: tuple[Path, Path], labels: dict[str, object], message: str
) -> None:
    """A missing list or an index outside A's transcript exits 2 with one line naming the field."""
    a, b = coders
    (b / "risk-1.json").write_text(json.dumps(labels), "utf-8")
    result = runner.invoke(app, ["evaluate", "agreement", "--coder-a", str(a), "--coder-b", str(b)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
