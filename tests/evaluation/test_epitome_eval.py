"""evaluate empathy: macro-F1, the dev/test split and the CSV reader."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from alliancelens.errors import UsageError
from alliancelens.evaluation.epitome_eval import (
    FILES,
    evaluate_empathy,
    load_epitome,
    macro_f1,
    split_of,
)


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ([0, 1, 2], [0, 1, 2], 1.0),
        ([0, 0, 1, 2], [0, 0, 0, 0], round((2 * 2 / (2 * 2 + 2)) / 3, 4)),
        ([0, 1], [1, 0], 0.0),
    ],
)
def test_macro_f1(gold: list[int], predicted: list[int], expected: float) -> None:
    """Macro-F1 is the unweighted mean of per-level F1 over levels 0, 1 and 2."""
    assert macro_f1(gold, predicted)[0] == expected


def test_split_is_deterministic_and_two_way() -> None:
    """The split depends only on the seeker-post id."""
    ids = [f"post{i}" for i in range(200)]
    assert [split_of(i) for i in ids] == [split_of(i) for i in ids]
    assert {split_of(i) for i in ids} == {"dev", "test"}


def _write(folder: Path, rows: list[tuple[str, str, str, int]]) -> None:
    for name in FILES.values():
        with (folder / name).open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(
                ["sp_id", "rp_id", "seeker_post", "response_post", "level", "rationales"]
            )
            for sp, rp, text, level in rows:
                writer.writerow([sp, rp, "seeker text", text, level, ""])


def test_duplicates_collapse_and_conflicts_drop(tmp_path: Path) -> None:
    """Identical duplicate pairs count once; pairs with conflicting levels are dropped."""
    _write(
        tmp_path, [("a", "1", "x", 0), ("a", "1", "x", 0), ("b", "2", "y", 1), ("b", "2", "y", 2)]
    )
    rows = load_epitome(tmp_path, "interpretations")
    assert [(r.sp_id, r.level) for r in rows] == [("a", 0)]


def test_evaluate_reports_every_mechanism(tmp_path: Path) -> None:
    """Every mechanism gets a score on the 'all' split."""
    _write(tmp_path, [("a", "1", "I'm so sorry. What happened?", 2), ("b", "2", "Ok.", 0)])
    scores = evaluate_empathy(tmp_path, splits=("all",))
    assert {s.mechanism for s in scores} == set(FILES)
    assert all(s.n == 2 for s in scores)


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    """A folder without the CSVs is a usage error that names the file."""
    with pytest.raises(UsageError, match=r"emotional-reactions-reddit\.csv"):
        load_epitome(tmp_path, "emotional_reactions")


@pytest.mark.shared_data
def test_floor_on_epitome(shared_data: Path) -> None:
    """Macro-F1 on the held-back test half stays above a regression floor per mechanism."""
    scores = {s.mechanism: s for s in evaluate_empathy(shared_data / "epitome", splits=("test",))}
    assert scores["emotional_reactions"].macro_f1 >= 0.65
    assert scores["interpretations"].macro_f1 >= 0.5
    assert scores["explorations"].macro_f1 >= 0.6
