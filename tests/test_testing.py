"""Test helpers: the labelled examples they build pass the evaluation's checks on load."""

from __future__ import annotations

import json
from pathlib import Path

from alliancelens.evaluation.labelled_examples import load_examples
from alliancelens.testing import labelled_example, withdrawal_episode


def test_labelled_example_loads_with_its_labels(tmp_path: Path) -> None:
    """A session built by the helper is a valid labelled example with its episode and risk."""
    example = labelled_example(
        "sess-1",
        "session",
        [
            ("therapist", "How was it?"),
            ("client", "Fine."),
            ("therapist", "And?"),
            ("client", "Eh."),
        ],
        ruptures=[withdrawal_episode([1, 3])],
        risk=[],
    )
    (tmp_path / "sess-1.json").write_text(json.dumps(example), encoding="utf-8")
    (loaded,) = load_examples(tmp_path)
    assert loaded.id == "sess-1" and len(loaded.session.utterances) == 4
    assert [(e["start_index"], e["end_index"]) for e in loaded.ruptures] == [(1, 3)]
