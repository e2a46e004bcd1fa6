"""Training the rupture classifiers: data checks, reproducibility, manifest and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from alliancelens.analysers.ruptures._model_cues import rupture_labels
from alliancelens.cli import app
from alliancelens.errors import UsageError
from alliancelens.models.rupture_model import MODEL_FILE, save_rupture_model
from alliancelens.models.rupture_training import read_examples, train_rupture_model

runner = CliRunner()
LABELS = rupture_labels()
ASK = "How did it feel when that happened?"

#: Tiny synthetic training set written for these tests: (batch, role, previous, text, labels).
ROWS: list[tuple[int, str, str, str, list[str]]] = [
    (1, "client", ASK, "Dunno.", ["minimal_response"]),
    (1, "client", ASK, "Whatever.", ["minimal_response"]),
    (1, "client", ASK, "You never listen to me, this is pointless.", ["complaint_about_therapist"]),
    (1, "client", ASK, "Scared, honestly. I thought I'd lose the job.", []),
    (1, "client", "How many hours did you sleep?", "About five.", []),
    (
        1,
        "therapist",
        "You never listen.",
        "You're right, that's on me.",
        ["acknowledge_own_contribution"],
    ),
    (1, "therapist", "Scared.", "What scared you most?", []),
    (2, "client", ASK, "Don't know.", ["minimal_response"]),
    (2, "client", ASK, "Are you even listening? Pointless.", ["complaint_about_therapist"]),
    (2, "client", ASK, "Sad. I miss her every day.", []),
    (2, "therapist", "Pointless.", "That's on me, I rushed you.", ["acknowledge_own_contribution"]),
    (2, "therapist", "Sad.", "Tell me about her.", []),
]


def _record(n: int, row: tuple[int, str, str, str, list[str]]) -> dict[str, Any]:
    batch, role, previous, text, labels = row
    other = "therapist" if role == "client" else "client"
    return {
        "id": f"t-{n}",
        "batch": batch,
        "role": role,
        "previous": {"speaker": other, "text": previous},
        "text": text,
        "markers": labels if role == "client" else [],
        "strategies": labels if role == "therapist" else [],
        "hard_negative": "short_answer_to_closed_question" if text == "About five." else None,
        "style": "uk",
    }


def write_data(folder: Path, rows: list[tuple[int, str, str, str, list[str]]] = ROWS) -> Path:
    """Write ``rows`` as one JSONL file per batch into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for batch in sorted({r[0] for r in rows}):
        lines = [json.dumps(_record(n, r)) for n, r in enumerate(rows) if r[0] == batch]
        (folder / f"batch-{batch}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def test_examples_are_read_with_their_context(tmp_path: Path) -> None:
    """Every line becomes an example with its previous turn, labels and a data digest."""
    examples, digest = read_examples(write_data(tmp_path), LABELS)
    assert len(examples) == len(ROWS) and len(digest) == 64
    first = examples[0]
    assert first.pair.previous_role == "therapist" and first.pair.previous_text == ASK
    assert first.markers == ("minimal_response",) and first.batch == 1


@pytest.mark.parametrize(("batch", "number"), [(3, 3), ("r1", 101), ("r12", 112)])
def test_writer_round_batches_sort_after_numbered_ones(
    tmp_path: Path, batch: int | str, number: int
) -> None:
    """A batch label "rN" (a later writer round) is numbered after every numbered batch."""
    record = {"id": "x", "batch": batch, "role": "client", "previous": None, "text": "hm"}
    line = json.dumps(record | {"markers": [], "strategies": []})
    (tmp_path / "b.jsonl").write_text(line + "\n", "utf-8")
    (example,), _ = read_examples(tmp_path, LABELS)
    assert example.batch == number


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "not a JSON object"),
        ('{"id": "x"}', "'batch' is missing"),
        (
            '{"id":"x","batch":1,"role":"client","previous":null,"text":"hm","markers":["sulking"],'
            '"strategies":[]}',
            "unknown id",
        ),
        (
            '{"id":"x","batch":1,"role":"therapist","previous":null,"text":"hm",'
            '"markers":["denial"],"strategies":[]}',
            "therapist line",
        ),
        (
            '{"id":"x","batch":1,"role":"supervisor","previous":null,"text":"hm","markers":[],'
            '"strategies":[]}',
            "'role'",
        ),
        (
            '{"id":"x","batch":"second","role":"client","previous":null,"text":"hm",'
            '"markers":[],"strategies":[]}',
            "'batch'",
        ),
    ],
)
def test_bad_lines_name_file_and_line_not_text(tmp_path: Path, line: str, problem: str) -> None:
    """A bad line stops reading with the file name, line number and problem, never the text."""
    (tmp_path / "bad.jsonl").write_text("\n" + line + "\n", "utf-8")
    with pytest.raises(UsageError, match=problem) as caught:
        read_examples(tmp_path, LABELS)
    assert "bad.jsonl line 2" in str(caught.value) and "hm" not in str(caught.value)


def test_a_folder_without_data_is_a_usage_error(tmp_path: Path) -> None:
    """No *.jsonl files: a usage error that says to pass --data."""
    with pytest.raises(UsageError, match="--data"):
        read_examples(tmp_path, LABELS)


def test_training_is_byte_reproducible(tmp_path: Path) -> None:
    """Training twice on the same data writes byte-identical model files."""
    examples, digest = read_examples(write_data(tmp_path / "data"), LABELS)
    paths = [
        save_rupture_model(
            train_rupture_model(examples, labels=LABELS, data_sha256=digest), tmp_path / name
        )
        for name in ("a", "b")
    ]
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_manifest_records_data_and_versions(tmp_path: Path) -> None:
    """The manifest inside the model names the data digest, counts, config and versions."""
    examples, digest = read_examples(write_data(tmp_path), LABELS)
    manifest = json.loads(
        train_rupture_model(examples, labels=LABELS, data_sha256=digest).manifest_text
    )
    assert manifest["training_data"]["sha256"] == digest
    assert manifest["training_data"]["client"] == 8 and manifest["training_data"]["batches"] == [
        1,
        2,
    ]
    assert {"numpy", "scikit-learn", "python"} <= set(manifest["versions"])


def test_cli_trains_and_reports_json(tmp_path: Path) -> None:
    """`train ruptures --data --output --json` writes the model and prints its hash."""
    out = tmp_path / "model"
    args = ["train", "ruptures", "--data", str(write_data(tmp_path / "d")), "-o", str(out)]
    result = runner.invoke(app, [*args, "--json", "--cross-batch"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (out / MODEL_FILE).is_file() and len(report["sha256"]) == 64
    assert set(report["cross_batch"][0]["systems"]) == {"model", "rules", "rules+model"}


def test_cli_renders_a_table(tmp_path: Path) -> None:
    """Without --json the command prints what it trained on and the cross-batch table."""
    args = ["train", "ruptures", "--data", str(write_data(tmp_path / "d")), "-o", str(tmp_path)]
    result = runner.invoke(app, [*args, "--cross-batch"])
    assert result.exit_code == 0, result.output
    assert "Trained on 12 utterances" in result.stdout and "rules+model" in result.stdout


def test_cli_bad_data_exits_2_with_one_line(tmp_path: Path) -> None:
    """Bad training data exits 2 with a one-line message naming the file and line."""
    (tmp_path / "x.jsonl").write_text("{oops\n", "utf-8")
    result = runner.invoke(app, ["train", "ruptures", "--data", str(tmp_path), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "x.jsonl line 1" in result.output and "Traceback" not in result.output
