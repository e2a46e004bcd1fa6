"""The labelled-example reader in ingest (shared by evaluation and training code)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliancelens.errors import UsageError
from alliancelens.evaluation import labelled_examples
from alliancelens.ingest.labelled import load_examples, read_example


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


def test_evaluation_path_re_exports_the_same_reader() -> None:
    """alliancelens.evaluation.labelled_examples is the ingest reader, not a copy."""
    assert labelled_examples.load_examples is load_examples
    assert labelled_examples.read_example is read_example


def test_a_file_outside_the_layout_names_the_file(tmp_path: Path) -> None:
    """A file without utterances is a UsageError naming the file."""
    path = tmp_path / "sess-2.json"
    path.write_text('{"id": "x"}', "utf-8")
    with pytest.raises(UsageError, match=r"sess-2\.json"):
        read_example(path)
