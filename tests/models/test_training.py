"""Training on a tiny synthetic corpus: deterministic, byte-reproducible, and usable."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from alliancelens.models._corpus import Corpus
from alliancelens.models._features import Turn
from alliancelens.models._linear import Calibration, fit_bias
from alliancelens.models.coder import MicroskillCoder, read_coder, save_coder
from alliancelens.models.training import grouped_folds, train_coder

from .annomi_synth import FAST


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_training_twice_gives_byte_identical_files(
    synthetic_corpus: Corpus, synthetic_coder: MicroskillCoder, tmp_path: Path
) -> None:
    """Same data and settings → the same model files, byte for byte."""
    save_coder(synthetic_coder, tmp_path / "first")
    save_coder(train_coder(synthetic_corpus, FAST), tmp_path / "second")
    assert _digests(tmp_path / "first") == _digests(tmp_path / "second")


def test_manifest_records_data_hash_config_and_versions(
    synthetic_corpus: Corpus, synthetic_coder: MicroskillCoder
) -> None:
    """The manifest names the training file's SHA-256, the settings and library versions."""
    manifest = synthetic_coder.manifest
    assert manifest["training_data"]["sha256"] == synthetic_corpus.sha256
    assert manifest["config"]["inner_folds"] == FAST.inner_folds
    assert {"python", "numpy", "scipy", "scikit-learn"} <= set(manifest["versions"])


def test_saved_model_reads_back_with_the_same_predictions(
    synthetic_coder: MicroskillCoder, tmp_path: Path
) -> None:
    """A model written and read back codes a dialogue exactly as before."""
    save_coder(synthetic_coder, tmp_path)
    turns = [
        Turn("therapist", "What would you like to talk about regarding cola?"),
        Turn("client", "I really want to cut down on cola."),
        Turn("therapist", "You want to cut down on cola."),
    ]
    assert read_coder(tmp_path).code(turns) == synthetic_coder.code(turns)


def test_trained_coder_learns_the_synthetic_script(
    synthetic_corpus: Corpus, synthetic_coder: MicroskillCoder
) -> None:
    """On its own (trivially learnable) training data the coder gets most labels right."""
    dialogue = synthetic_corpus.dialogues[0]
    codes = synthetic_coder.code(dialogue.turns)
    gold = [b or t for b, t in zip(dialogue.behaviour, dialogue.client_talk, strict=True)]
    predicted = [c.labels.get("behaviour") or c.labels.get("client_talk") for c in codes if c]
    agreement = np.mean([g == p for g, p in zip(gold, predicted, strict=True)])
    assert agreement >= 0.8


@pytest.mark.parametrize(("groups", "folds"), [(10, 3), (3, 5), (1, 5), (106, 5)])
def test_grouped_folds_are_balanced_and_seeded(groups: int, folds: int) -> None:
    """Every group gets a fold, fold sizes differ by at most one, and the seed fixes them."""
    assigned = grouped_folds(groups, folds, seed=1)
    sizes = np.bincount(assigned)
    assert len(assigned) == groups
    assert sizes.max() - sizes.min() <= 1
    assert np.array_equal(assigned, grouped_folds(groups, folds, seed=1))


def test_bias_raises_macro_f1_for_a_rare_class() -> None:
    """Offsets fitted on probabilities that under-call a rare class recover it."""
    probs = np.array([[0.6, 0.4]] * 8 + [[0.9, 0.1]] * 8)
    gold = np.array([1] * 8 + [0] * 8)
    bias = fit_bias(probs, gold)
    assert bias[0] == 0.0 and bias[1] > 0.0
    assert np.array_equal(Calibration(1.0, 0.0, bias).decide(probs)[0], gold)


def test_calibrated_confidence_tracks_accuracy() -> None:
    """Over-confident probabilities are scaled so mean confidence matches the hit rate."""
    rng = np.random.default_rng(0)
    p = rng.uniform(0.5, 1.0, 2000)
    probs = np.column_stack([p, 1 - p])
    gold = (rng.uniform(size=2000) > 0.7).astype(np.int64)
    calibration = Calibration.fit(probs, gold)
    best, chosen = calibration.decide(probs)
    hit_rate = float(np.mean(best == gold))
    assert abs(float(np.mean(calibration.confidence(chosen))) - hit_rate) < 0.02
    assert abs(float(np.mean(chosen)) - hit_rate) > 0.05  # the raw probabilities were not
