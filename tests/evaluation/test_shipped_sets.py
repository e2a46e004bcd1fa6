"""Every labelled set shipped under benchmarks/data loads through the strict label checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.evaluation.agreement import load_coder_labels
from alliancelens.evaluation.labelled_examples import load_examples

_DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
_SETS = sorted(path for path in _DATA.glob("blind-*") if path.is_dir())
_RATER2 = sorted(path for path in _DATA.glob("blind-*/rater2") if path.is_dir())


def test_shipped_sets_are_found() -> None:
    """The glob finds the shipped blind sets (a moved folder cannot make the checks vacuous)."""
    assert len(_SETS) >= 32
    assert len(_RATER2) >= 14


@pytest.mark.parametrize("folder", _SETS, ids=lambda path: path.name)
def test_shipped_set_loads(folder: Path) -> None:
    """A shipped blind set loads, each example's labels pass the strict checks."""
    assert load_examples(folder)


@pytest.mark.parametrize("folder", _RATER2, ids=lambda path: path.parent.name)
def test_shipped_second_coder_labels_load(folder: Path) -> None:
    """A shipped second coder's labels load against coder A's transcripts of the same ids."""
    reference = {example.id: example for example in load_examples(folder.parent)}
    labels = load_coder_labels(folder, reference)
    assert set(labels) <= set(reference)
