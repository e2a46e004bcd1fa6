"""The labelled-example reader in ingest (shared by evaluation and training code)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliancelens.errors import UsageError
from alliancelens.evaluation import labelled_examples
from alliancelens.ingest.labelled import read_example


def _write(path: Path, **extra: object) -> Path:
    data = {
        "id": "sess-1",
        "type": "session_excerpt",
        "utterances": [
            {"index": 0, "speaker": "therapist", "text": "How was the week?"},
            {"index": 1, "speaker": "client", "text": "Fine."},
        ],
        **extra,
    }
    path.write_text(json.dumps(data), "utf-8")
    return path


@pytest.mark.parametrize(("extra", "style"), [({"style": "CBT"}, "CBT"), ({}, "")])
def test_style_is_read_and_defaults_to_empty(
    tmp_path: Path, extra: dict[str, str], style: str
) -> None:
    """The example's style field is kept (training batches record it); absent means ''."""
    assert read_example(_write(tmp_path / "sess-1.json", **extra)).style == style


def test_ingest_reader_leaves_label_checks_to_evaluation(tmp_path: Path) -> None:
    """Ingest (shared with training) does not check label vocabularies; evaluation's loader does."""
    risk = [{"index": 1, "kind": "unknown"}]
    lists = {"ruptures": [], "red_flags": [], "hard_negatives": []}
    path = _write(tmp_path / "sess-1.json", type="session", risk=risk, **lists)
    assert read_example(path).risk == ({"index": 1, "kind": "unknown"},)
    with pytest.raises(UsageError, match=r"risk\[0\]\.kind"):
        labelled_examples.read_example(path)


def test_a_file_outside_the_layout_names_the_file(tmp_path: Path) -> None:
    """A file without utterances is a UsageError naming the file."""
    path = tmp_path / "sess-2.json"
    path.write_text('{"id": "x"}', "utf-8")
    with pytest.raises(UsageError, match=r"sess-2\.json"):
        read_example(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"id": "x",\n "utterances": [}',
            r"sess-3\.json: not a labelled example: line 2 column 17 is not valid JSON",
        ),
        ('{"id": "x"}', r"sess-3\.json: not a labelled example: utterances is missing"),
        ("[1, 2]", r"sess-3\.json: not a labelled example: the file must hold one JSON object"),
        ('{"utterances": [{"index": 0, "speaker": "client", "text": "Hi."}]}', "id is missing"),
        (
            '{"id": "x", "utterances": [{"index": 0, "speaker": "nurse", "text": "Hi."}]}',
            r"utterances\[0\]\.speaker must be one of 'therapist' or 'client'",
        ),
        (
            '{"id": "x", "utterances": [{"index": 1, "speaker": "client", "text": "Hi."}]}',
            r"utterances\[0\]\.index is 1; line n must have index n",
        ),
        (
            '{"id": "x", "n_utterances": 3, '
            '"utterances": [{"index": 0, "speaker": "client", "text": "Hi."}]}',
            "n_utterances is 3 but the file has 1 utterances",
        ),
        ('{"id": "x", "utterances": []}', "utterances must not be empty"),
        (
            '{"id": "x", "ruptures": {}, '
            '"utterances": [{"index": 0, "speaker": "client", "text": "Hi."}]}',
            "ruptures must be a list, not an object",
        ),
    ],
)
def test_layout_errors_name_file_line_or_field(tmp_path: Path, text: str, message: str) -> None:
    """Syntax errors give line and column; layout errors name the JSON path, in one line."""
    path = tmp_path / "sess-3.json"
    path.write_text(text, "utf-8")
    with pytest.raises(UsageError, match=message) as caught:
        read_example(path)
    assert "\n" not in str(caught.value)


def test_layout_errors_never_quote_transcript_text(tmp_path: Path) -> None:
    """An utterance of the wrong type is described by JSON type, not by its content."""
    path = tmp_path / "sess-4.json"
    data = {"id": "x", "utterances": [{"index": 0, "speaker": "client", "text": ["Secret words"]}]}
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(UsageError, match=r"utterances\[0\]\.text must be text, not a list") as c:
        read_example(path)
    assert "Secret" not in str(c.value)
