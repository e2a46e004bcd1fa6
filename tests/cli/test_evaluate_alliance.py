"""The evaluate ruptures / evaluate alliance commands: output, JSON and exit codes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.testing import labelled_example, withdrawal_episode

runner = CliRunner()

#: A labelled excerpt in the ruptures-examples layout, written for this test.
SESSION = labelled_example(
    "sess-801",
    "session",
    [
        ("therapist", "How have things been since we last spoke?"),
        ("client", "Alright."),
        ("therapist", "What's been on your mind this week?"),
        ("client", "Not much."),
        ("therapist", "What's it like being here today?"),
        ("client", "Dunno."),
    ],
    category="withdrawal",
    ruptures=[withdrawal_episode([1, 3, 5])],
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with one labelled session."""
    (tmp_path / "sess-801.json").write_text(json.dumps(SESSION), encoding="utf-8")
    return tmp_path


def test_evaluate_ruptures_table(folder: Path) -> None:
    """The table names the measures and the per-session comparison."""
    result = runner.invoke(app, ["evaluate", "ruptures", "--data", str(folder)])
    assert result.exit_code == 0, result.output
    assert "episode recall" in result.stdout and "resolved accuracy" in result.stdout
    assert "labelled W- [1-5] | predicted W- [1-5]" in result.stdout


def test_evaluate_ruptures_json_with_speed(folder: Path) -> None:
    """--json prints the numbers; --speed adds the timing of the whole pipeline."""
    result = runner.invoke(
        app, ["evaluate", "ruptures", "--data", str(folder), "--json", "--speed"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["episodes"]["recall"] == 1.0
    assert document["speed"]["utterances"] == 600
    assert "ruptures.detector" in document["speed"]["analysers"]


def test_evaluate_ruptures_bad_folder(tmp_path: Path) -> None:
    """A folder that is not there is a usage error: exit 2, one line, no traceback."""
    result = runner.invoke(app, ["evaluate", "ruptures", "--data", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("episode", "message"),
    [
        ({"kind": None}, "sess-801.json: ruptures[0].kind must be text, not null"),
        ({"end_index": 999}, "sess-801.json: ruptures[0].end_index 999 is outside the transcript"),
        ({"kind": "mixed"}, "sess-801.json: ruptures[0].kind 'mixed' is not a known rupture kind"),
    ],
)
def test_evaluate_ruptures_bad_labels_exit_2(
    folder: Path, episode: dict[str, object], message: str
) -> None:
    """Malformed labels are one line naming file and JSON path with exit 2, not a crash."""
    data = {**SESSION, "ruptures": [{**SESSION["ruptures"][0], **episode}]}
    (folder / "sess-801.json").write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "ruptures", "--data", str(folder)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_evaluate_ruptures_missing_kind_is_named(folder: Path) -> None:
    """An episode without kind (QA finding 4) names ruptures[0].kind instead of a KeyError."""
    episode = {k: v for k, v in SESSION["ruptures"][0].items() if k != "kind"}
    (folder / "sess-801.json").write_text(
        json.dumps({**SESSION, "ruptures": [episode]}), encoding="utf-8"
    )
    result = runner.invoke(app, ["evaluate", "ruptures", "--data", str(folder)])
    assert result.exit_code == 2
    assert "ruptures[0].kind is missing" in result.stderr
    assert "KeyError" not in result.output


def _annomi(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            ["transcript_id", "mi_quality", "utterance_id", "interlocutor", "utterance_text"]
        )
        writer.writerow(["1", "high", 0, "therapist", "It sounds like that was hard."])
        writer.writerow(["1", "high", 1, "client", "Exactly. Thank you."])
        writer.writerow(["2", "low", 0, "therapist", "You need to stop. You're in denial."])
        writer.writerow(["2", "low", 1, "client", "That's not the problem."])
    return path


@pytest.mark.parametrize("name", ["AnnoMI-simple.csv", "AnnoMI-full.csv"])
def test_evaluate_alliance_accepts_the_annomi_folder(tmp_path: Path, name: str) -> None:
    """--data may name the folder (as evaluate all records it); the AnnoMI CSV in it is used."""
    _annomi(tmp_path / name)
    result = runner.invoke(app, ["evaluate", "alliance", "--data", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["auc"]["index"] == 1.0


def test_evaluate_alliance_folder_without_annomi_csv(tmp_path: Path) -> None:
    """A folder with neither AnnoMI CSV exits 2 naming both file names."""
    result = runner.invoke(app, ["evaluate", "alliance", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "no AnnoMI-simple.csv or AnnoMI-full.csv" in result.stderr


def test_evaluate_alliance(tmp_path: Path) -> None:
    """evaluate alliance reads an AnnoMI-layout CSV and prints AUCs (JSON too)."""
    path = _annomi(tmp_path / "mi.csv")
    table = runner.invoke(app, ["evaluate", "alliance", "--data", str(path)])
    assert table.exit_code == 0, table.output
    assert "AUC high vs low" in table.stdout and "not the client's own" in table.stdout
    document = json.loads(
        runner.invoke(app, ["evaluate", "alliance", "--data", str(path), "--json"]).stdout
    )
    assert document["auc"]["index"] == 1.0


def test_evaluate_alliance_without_labels(tmp_path: Path) -> None:
    """A CSV without mi_quality exits 2 with a message naming the column."""
    path = tmp_path / "plain.csv"
    path.write_text(
        "transcript_id,utterance_id,interlocutor,utterance_text\n1,0,client,Hi\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["evaluate", "alliance", "--data", str(path)])
    assert result.exit_code == 2 and "mi_quality" in result.output
