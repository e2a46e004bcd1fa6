"""train risk-batches: one deterministic training batch per labelled folder, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()


def _folder(root: Path) -> Path:
    """A labelled folder with one snippet (text written here)."""
    root.mkdir()
    snippet = {
        "id": "risk-1",
        "type": "risk_snippet",
        "utterances": [
            {"index": 0, "speaker": "client", "text": "I cut my arms again last night."},
            {"index": 1, "speaker": "therapist", "text": "How often has that happened?"},
            {"index": 2, "speaker": "client", "text": "Most nights."},
        ],
        "risk": [
            {"index": 0, "kind": "self_harm", "severity": "moderate"},
            {"index": 2, "kind": "self_harm", "severity": "moderate"},
        ],
        "hard_negatives": [],
    }
    (root / "risk-1.json").write_text(json.dumps(snippet), "utf-8")
    return root


def test_writes_a_batch_with_the_analyser_thread(tmp_path: Path) -> None:
    """The follow-up answer is written inside the self-harm thread; --json names the file."""
    folder = _folder(tmp_path / "blind-z")
    result = runner.invoke(
        app, ["train", "risk-batches", str(folder), "-o", str(tmp_path / "out"), "--json"]
    )
    assert result.exit_code == 0, result.output
    files = json.loads(result.output)
    path = tmp_path / "out" / "batch-blind-z.jsonl"
    assert files[str(path)]["lines"] == 2
    lines = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
    assert [x["thread"] for x in lines] == [None, "self_harm"]


def test_a_missing_folder_exits_2_with_one_line(tmp_path: Path) -> None:
    """A folder without labelled files is a usage error (exit 2), not a traceback."""
    result = runner.invoke(
        app, ["train", "risk-batches", str(tmp_path / "nope"), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
