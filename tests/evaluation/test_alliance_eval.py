"""evaluate alliance: the AUC helper, MI-quality labels and an end-to-end run on a tiny CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from alliancelens.errors import UsageError
from alliancelens.evaluation.alliance_eval import evaluate_alliance, load_mi_quality, roc_auc

HEADER = [
    "transcript_id",
    "mi_quality",
    "utterance_id",
    "interlocutor",
    "timestamp",
    "utterance_text",
]
#: Synthetic MI-style dialogues written for this test.
GOOD = [
    ("therapist", "What would you like to talk about today?"),
    ("client", "My smoking. I want to cut down for my kids."),
    (
        "therapist",
        "It sounds like your kids are a big reason. Would it be okay if I shared an idea?",
    ),
    ("client", "Yes. That makes sense, thank you."),
]
POOR = [
    ("therapist", "You need to stop smoking. It can cause cancer."),
    ("client", "That's not the problem. You're not listening."),
    ("therapist", "You're in denial. You have to stop."),
    ("client", "This is a waste of time."),
]


def _write(path: Path, sessions: dict[str, tuple[str, list[tuple[str, str]]]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for tid, (quality, turns) in sessions.items():
            for i, (who, text) in enumerate(turns):
                writer.writerow([tid, quality, i, who, f"00:00:{10 + i:02d}", text])
    return path


@pytest.mark.parametrize(
    ("positives", "negatives", "expected"),
    [
        ([3, 4], [1, 2], 1.0),
        ([1, 2], [3, 4], 0.0),
        ([1, 1], [1, 1], 0.5),
        ([2, 4], [1, 3], 0.75),
        ([5], [], None),
    ],
)
def test_roc_auc(positives: list[float], negatives: list[float], expected: float | None) -> None:
    """AUC = P(positive > negative) + P(tie)/2; undefined when one side is empty."""
    assert roc_auc(positives, negatives) == expected


def test_roc_auc_matches_scikit_learn() -> None:
    """The rank formula agrees with scikit-learn's roc_auc_score, ties included."""
    metrics = pytest.importorskip("sklearn.metrics")
    positives, negatives = [0.9, 0.4, 0.4, 0.7, 0.1], [0.4, 0.2, 0.8, 0.1]
    labels = [1] * len(positives) + [0] * len(negatives)
    expected = metrics.roc_auc_score(labels, positives + negatives)
    assert roc_auc(positives, negatives) == pytest.approx(expected)


def test_end_to_end_on_a_tiny_csv(tmp_path: Path) -> None:
    """Good MI sessions rank above poor ones; labels are read from the mi_quality column."""
    path = _write(
        tmp_path / "mi.csv",
        {"a": ("high", GOOD), "b": ("low", POOR), "c": ("high", GOOD[:2]), "d": ("low", POOR[:2])},
    )
    result = evaluate_alliance(path)
    summary = result.as_dict()
    assert summary["sessions"] == {"high": 2, "low": 2}
    assert summary["auc"]["index"] == 1.0
    assert summary["mean"]["high"]["index"] > summary["mean"]["low"]["index"]
    assert {row["id"] for row in summary["rows"]} == {"a", "b", "c", "d"}


def test_missing_label_column_is_a_usage_error(tmp_path: Path) -> None:
    """A CSV without mi_quality is refused with a message naming the column."""
    path = tmp_path / "plain.csv"
    path.write_text(
        "transcript_id,utterance_id,interlocutor,utterance_text\n1,0,client,Hi\n", encoding="utf-8"
    )
    with pytest.raises(UsageError, match="mi_quality"):
        load_mi_quality(path)


def test_unknown_label_is_a_usage_error(tmp_path: Path) -> None:
    """mi_quality must be high or low."""
    path = _write(tmp_path / "odd.csv", {"a": ("medium", GOOD)})
    with pytest.raises(UsageError, match="'high' or 'low'"):
        load_mi_quality(path)


@pytest.mark.shared_data
def test_annomi_auc(shared_data: Path) -> None:
    """On the shared AnnoMI portion (88 high, 18 low) the index separates MI quality well."""
    result = evaluate_alliance(shared_data / "annomi" / "AnnoMI-simple.csv")
    summary = result.as_dict()
    assert summary["sessions"] == {"high": 88, "low": 18}
    assert summary["auc"]["index"] >= 0.85
