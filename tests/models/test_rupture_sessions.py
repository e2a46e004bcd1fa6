"""Training pairs from labelled session excerpts: pair construction, digest, errors, CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from alliancelens.analysers.ruptures._model_cues import rupture_labels
from alliancelens.cli import app
from alliancelens.errors import UsageError
from alliancelens.models.rupture_model import MODEL_FILE
from alliancelens.models.rupture_sessions import SESSION_BATCH_BASE, read_session_examples

runner = CliRunner()
LABELS = rupture_labels()

#: A tiny synthetic excerpt written for these tests: (speaker, text).
TURNS = [
    ("therapist", "How has the week been for you?"),
    ("client", "Fine."),
    ("therapist", "Fine in what way?"),
    ("client", "Dunno. Just fine."),
    ("therapist", "I may have pushed too fast there. What was it like, coming in today?"),
    ("client", "Honestly I nearly didn't come. Work has been grim and I felt judged last time."),
    ("therapist", "Did you sleep much?"),
    ("client", "About five hours."),
]
EPISODE = {
    "kind": "withdrawal",
    "start_index": 1,
    "end_index": 5,
    "resolved": True,
    "resolution_index": 5,
    "marker_evidence": [
        {"index": 1, "marker": "minimal_response"},
        {"index": 3, "marker": "minimal_response"},
        {"index": 3, "marker": "denial"},
    ],
    "strategy_evidence": [
        {"index": 4, "strategy": "acknowledge_own_contribution"},
        {"index": 4, "strategy": "invite_discussion_of_thoughts_feelings"},
    ],
}


def write_batch(folder: Path) -> Path:
    """Write a small JSONL training batch (two markers of each kind, two plain lines)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        ("Dunno.", ["minimal_response"]),
        ("Dunno, really.", ["minimal_response"]),
        ("This is pointless, you never listen.", ["complaint_about_therapist"]),
        ("Pointless again, you never listen.", ["complaint_about_therapist"]),
        ("Good, really good.", []),
        ("Good week, I slept.", []),
    ]
    lines = [
        {"id": f"t-{n}", "batch": 1, "role": "client", "text": text, "markers": markers}
        | {"previous": {"speaker": "therapist", "text": "How was it?"}, "strategies": []}
        for n, (text, markers) in enumerate(rows)
    ]
    (folder / "batch-1.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    return folder


def write_session(folder: Path, sid: str = "sess-001", **changes: Any) -> Path:
    """Write one labelled excerpt (ruptures-examples layout) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    record = {
        "id": sid,
        "type": "session",
        "style": "uk",
        "utterances": [{"index": i, "speaker": s, "text": t} for i, (s, t) in enumerate(TURNS)],
        "ruptures": [EPISODE],
        "hard_negatives": [{"index": 7, "kind": "short_answer_to_closed_question"}],
    } | changes
    (folder / f"{sid}.json").write_text(json.dumps(record), "utf-8")
    return folder


def test_every_utterance_becomes_a_pair_with_its_labels(tmp_path: Path) -> None:
    """Each utterance is one example with the turn before it and the labels at its index."""
    examples, digest, names = read_session_examples([write_session(tmp_path / "set")], LABELS)
    assert len(examples) == len(TURNS) and len(digest) == 64 and names == ["set"]
    first, marked, repair, negative = examples[0], examples[3], examples[4], examples[7]
    assert first.pair.previous_role is None and first.markers == ()
    assert marked.pair.previous_text == TURNS[2][1] and marked.pair.previous_role == "therapist"
    assert marked.markers == ("minimal_response", "denial") and marked.kind == "withdrawal"
    assert repair.strategies == (
        "acknowledge_own_contribution",
        "invite_discussion_of_thoughts_feelings",
    )
    assert examples[5].markers == () and examples[5].kind == "none"  # the resolution
    assert negative.hard_negative == "short_answer_to_closed_question"
    assert first.id == "set/sess-001#0" and first.batch == SESSION_BATCH_BASE + 1


def test_folders_are_read_in_name_order_whatever_the_order_given(tmp_path: Path) -> None:
    """Batch numbers, example order and digest do not depend on the order of the folders."""
    late, early = write_session(tmp_path / "z-set"), write_session(tmp_path / "a-set", "sess-9")
    one = read_session_examples([late, early], LABELS)
    two = read_session_examples([early, late], LABELS)
    assert one[1] == two[1] and one[2] == ["a-set", "z-set"]
    assert [e.id for e in one[0]] == [e.id for e in two[0]]
    assert one[0][0].batch == SESSION_BATCH_BASE + 1 and one[0][-1].batch == SESSION_BATCH_BASE + 2


def test_digest_changes_with_the_labels(tmp_path: Path) -> None:
    """Changing one label changes the data digest recorded in the manifest."""
    before = read_session_examples([write_session(tmp_path / "s")], LABELS)[1]
    write_session(tmp_path / "s", ruptures=[])
    assert read_session_examples([tmp_path / "s"], LABELS)[1] != before


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"ruptures": [EPISODE | {"marker_evidence": [{"index": 1, "marker": "sulk"}]}]},
            "unknown",
        ),
        (
            {"ruptures": [EPISODE | {"marker_evidence": [{"index": 2, "marker": "denial"}]}]},
            "marker",
        ),
        ({"ruptures": [EPISODE | {"marker_evidence": [{"marker": "denial"}]}]}, "'index'"),
        ({"utterances": [{"index": 0, "speaker": "coach", "text": "Hi."}]}, "'speaker'"),
        ({"utterances": None}, "labelled session"),
        ({"hard_negatives": [{"index": 3}]}, "'hard_negatives'"),
    ],
)
def test_bad_sessions_name_the_file_not_the_text(
    tmp_path: Path, changes: dict[str, Any], problem: str
) -> None:
    """A malformed excerpt stops reading with folder/file and the problem, never the text."""
    write_session(tmp_path / "set", **changes)
    with pytest.raises(UsageError, match=problem) as caught:
        read_session_examples([tmp_path / "set"], LABELS)
    assert "set/sess-001.json" in str(caught.value) and "Dunno" not in str(caught.value)


def test_a_folder_without_sessions_is_refused(tmp_path: Path) -> None:
    """A --sessions folder without sess-*.json files is a usage error naming the option."""
    with pytest.raises(UsageError, match="--sessions"):
        read_session_examples([tmp_path], LABELS)


def test_two_folders_with_one_name_are_refused(tmp_path: Path) -> None:
    """Two folders with the same last name would collide in ids and digest: refused."""
    folders = [write_session(tmp_path / "x" / "set"), write_session(tmp_path / "y" / "set")]
    with pytest.raises(UsageError, match="same name"):
        read_session_examples(folders, LABELS)


def _train(tmp_path: Path, out: str, *extra: str) -> dict[str, Any]:
    data = write_batch(tmp_path / "data")
    args = ["train", "ruptures", "--data", str(data), "-o", str(tmp_path / out), "--json"]
    result = runner.invoke(app, [*args, *extra])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_cli_trains_on_sessions_reproducibly(tmp_path: Path) -> None:
    """`train ruptures --sessions` adds the pairs, records them and rebuilds the same bytes."""
    sessions = str(write_session(tmp_path / "blind-x"))
    first = _train(tmp_path, "a", "--sessions", sessions)
    second = _train(tmp_path, "b", "--sessions", sessions)
    data = first["manifest"]["training_data"]
    assert data["sessions"]["folders"] == ["blind-x"] and data["sessions"]["examples"] == len(TURNS)
    assert data["examples"] == 6 + len(TURNS) and SESSION_BATCH_BASE + 1 in data["batches"]
    assert first["sha256"] == second["sha256"]
    assert (tmp_path / "a" / MODEL_FILE).read_bytes() == (tmp_path / "b" / MODEL_FILE).read_bytes()


def test_cli_without_sessions_keeps_the_batch_only_manifest(tmp_path: Path) -> None:
    """Without --sessions the manifest has no sessions entry (the shipped file still rebuilds)."""
    assert "sessions" not in _train(tmp_path, "m")["manifest"]["training_data"]


def test_cli_bad_sessions_folder_exits_2(tmp_path: Path) -> None:
    """An empty --sessions folder exits 2 with one line and no traceback."""
    (tmp_path / "empty").mkdir()
    args = ["train", "ruptures", "--data", str(write_batch(tmp_path / "d")), "-o", str(tmp_path)]
    result = runner.invoke(app, [*args, "--sessions", str(tmp_path / "empty")])
    assert result.exit_code == 2 and "Traceback" not in result.output
