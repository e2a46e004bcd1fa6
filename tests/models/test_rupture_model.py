"""The shipped rupture classifiers: safe loading, numpy-only inference, sane outputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from alliancelens.analysers.ruptures import CONFRONTATION_MARKERS, STRATEGIES, WITHDRAWAL_MARKERS
from alliancelens.analysers.ruptures._model_cues import rupture_labels
from alliancelens.errors import ModelFileError
from alliancelens.models._features import Featurizer, Turn, Vocabulary, parse_turns, term_id
from alliancelens.models._store import write_arrays
from alliancelens.models.rupture_evaluation import (
    model_only_markers,
    model_only_strategies,
    score_examples,
)
from alliancelens.models.rupture_model import (
    DENSE_FEATURES,
    MODEL_FILE,
    Pair,
    RuptureModel,
    dense_features,
    design,
    load_rupture_model,
    read_rupture_model,
    save_rupture_model,
    shipped_rupture_dir,
)
from alliancelens.models.rupture_training import read_examples

OPEN = "What was it like for you when your brother didn't ring?"


@pytest.fixture(scope="module")
def model() -> RuptureModel:
    """The shipped model (loaded once)."""
    return load_rupture_model()


def test_shipped_file_is_small_and_plain_arrays() -> None:
    """The model file stays under 3 MB and holds no Python objects (allow_pickle=False)."""
    path = shipped_rupture_dir() / MODEL_FILE
    assert path.stat().st_size <= 3 * 1024 * 1024
    with np.load(path, allow_pickle=False) as archive:
        assert all(not archive[name].dtype.hasobject for name in archive.files)


def test_heads_cover_the_taxonomy(model: RuptureModel) -> None:
    """Kinds, the 14 marker subtypes and the 9 strategies are the corpus identifiers."""
    assert model.kind.classes == ("none", "withdrawal", "confrontation")
    assert model.marker.classes == (*WITHDRAWAL_MARKERS, *CONFRONTATION_MARKERS)
    assert model.strategy.classes == STRATEGIES
    columns = len(model.vocabulary) + len(DENSE_FEATURES)
    assert {h.coef.shape[0] for h in (model.kind, model.marker, model.strategy)} == {columns}


def test_loading_is_cached(model: RuptureModel) -> None:
    """The shipped model is read once per process."""
    assert load_rupture_model() is model


def test_model_round_trips_through_its_file(model: RuptureModel, tmp_path: Path) -> None:
    """Saving and reading back gives the same arrays."""
    save_rupture_model(model, tmp_path)
    again = read_rupture_model(tmp_path)
    assert again.manifest_text == model.manifest_text
    assert np.array_equal(again.kind.coef, model.kind.coef)
    assert np.array_equal(again.vocabulary.ids, model.vocabulary.ids)


def test_missing_file_is_a_model_file_error(tmp_path: Path) -> None:
    """A folder without the model file raises ModelFileError, not a traceback of numpy's."""
    with pytest.raises(ModelFileError):
        read_rupture_model(tmp_path)


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    """A file of another format version is refused with a message naming the train command."""
    write_arrays(tmp_path / MODEL_FILE, {"format_version": np.asarray([99], dtype=np.int64)})
    with pytest.raises(ModelFileError, match="train ruptures"):
        read_rupture_model(tmp_path)


def test_incomplete_file_is_refused(tmp_path: Path) -> None:
    """A file lacking an array is refused, naming the array."""
    write_arrays(tmp_path / MODEL_FILE, {"format_version": np.asarray([1], dtype=np.int64)})
    with pytest.raises(ModelFileError, match="lacks array"):
        read_rupture_model(tmp_path)


def test_design_matches_the_shared_featurizer(model: RuptureModel) -> None:
    """The lean word featurizer gives the shared Featurizer's numbers for a word-only vocabulary."""
    pairs = [Pair("client", "Honestly it's fine, whatever."), Pair("client", "")]
    mine = design(model.vocabulary, pairs)
    parsed = parse_turns([Turn("client", p.text) for p in pairs])
    shared = Featurizer(model.vocabulary).transform(parsed, [0, 1])
    assert np.array_equal(mine[0], shared[0]) and np.array_equal(mine[1], shared[1])
    assert np.allclose(mine[2], shared[2])


def test_design_memo_is_per_vocabulary(model: RuptureModel) -> None:
    """A second call gives the same arrays, and another vocabulary gets its own columns."""
    pairs = [Pair("client", "It's fine, whatever."), Pair("client", "Whatever, it's fine.")]
    first, again = design(model.vocabulary, pairs), design(model.vocabulary, pairs)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    small = Vocabulary(
        np.asarray([term_id("w|whatever"), term_id("w|fine")], dtype=np.uint32),
        np.asarray([2.0, 1.0], dtype=np.float32),
        np.asarray([0, 0], dtype=np.int8),
    )
    indptr, indices, data = design(small, pairs)
    assert indptr.tolist() == [0, 2, 4] and indices.tolist() == [0, 1, 0, 1]
    assert np.allclose(data[:2], np.asarray([2.0, 1.0]) / np.sqrt(5.0))


@pytest.mark.parametrize(
    ("previous", "factual"),
    [("How many hours did you sleep?", 1.0), ("What was that like for you?", 0.0)],
)
def test_dense_features_read_the_previous_question(previous: str, factual: float) -> None:
    """The dense block tells a factual question from an open one."""
    row = dense_features(Pair("client", "About six.", "therapist", previous))
    assert len(row) == len(DENSE_FEATURES)
    assert row[DENSE_FEATURES.index("prev_factual_question")] == factual


def test_client_scores_are_probabilities(model: RuptureModel) -> None:
    """Kind probabilities lie in [0, 1] and subtypes are ranked most likely first."""
    (scores,) = model.client_scores([Pair("client", "Dunno.", "therapist", OPEN)])
    assert 0.0 <= scores.withdrawal <= 1.0 and 0.0 <= scores.confrontation <= 1.0
    assert scores.withdrawal + scores.confrontation <= 1.0 + 1e-9
    probabilities = [p for _, p in scores.markers]
    assert probabilities == sorted(probabilities, reverse=True) and len(probabilities) == 14


def test_empty_inputs_give_empty_outputs(model: RuptureModel) -> None:
    """No utterances, no scores."""
    assert model.client_scores([]) == [] and model.strategy_scores([]) == []


def test_clear_cases_go_the_right_way(model: RuptureModel) -> None:
    """An attack on the therapist reads as confrontation, a shrugged "Dunno." as withdrawal."""
    attack, shrug = model.client_scores(
        [
            Pair(
                "client",
                "You never listen to me. This is a total waste of my time.",
                "therapist",
                "It sounds like the week was hard.",
            ),
            Pair("client", "Dunno.", "therapist", OPEN),
        ]
    )
    assert attack.confrontation > max(attack.withdrawal, 0.5)
    assert shrug.withdrawal > max(shrug.confrontation, 0.5)


def test_strategy_scores_name_every_strategy(model: RuptureModel) -> None:
    """Each therapist utterance gets a probability for all nine strategies."""
    (probs,) = model.strategy_scores(
        [Pair("therapist", "You're right, I rushed you. That's on me.", "client", "Too fast.")]
    )
    assert set(probs) == set(STRATEGIES)
    assert max(probs, key=lambda s: probs[s]) == "acknowledge_own_contribution"


def test_inference_imports_neither_scikit_learn_nor_scipy() -> None:
    """Loading and scoring need numpy only (scikit-learn and scipy are for training)."""
    code = (
        "import sys\n"
        "from alliancelens.models.rupture_model import Pair, load_rupture_model\n"
        "m = load_rupture_model()\n"
        "m.client_scores([Pair('client', 'Fine.', 'therapist', 'How was it?')])\n"
        "m.strategy_scores([Pair('therapist', 'Say more?', 'client', 'Fine.')])\n"
        "print(sorted(n for n in ('sklearn', 'scipy', 'torch') if n in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_marker_kinds_travel_with_the_model(model: RuptureModel) -> None:
    """The file says which rupture kind each subtype belongs to, so scores can name the top one."""
    kinds = dict(zip(model.marker.classes, model.marker_kinds, strict=True))
    assert {kinds[m] for m in WITHDRAWAL_MARKERS} == {"withdrawal"}
    assert {kinds[m] for m in CONFRONTATION_MARKERS} == {"confrontation"}
    (scores,) = model.client_scores([Pair("client", "Whatever.", "therapist", OPEN)])
    assert scores.top("withdrawal") in WITHDRAWAL_MARKERS
    assert scores.top("confrontation") in CONFRONTATION_MARKERS


TRAINING_DATA = Path(__file__).resolve().parents[2] / "training-data" / "ruptures"


@pytest.mark.skipif(not TRAINING_DATA.is_dir(), reason="training data not in this checkout")
def test_shipped_model_still_fits_its_training_data(model: RuptureModel) -> None:
    """Guards against feature drift: the shipped file still reproduces its own training fit."""
    examples, digest = read_examples(TRAINING_DATA, rupture_labels())
    scores = score_examples(model, examples, model_only_markers(0.5), model_only_strategies(0.5))
    assert scores["kind"]["recall"] >= 0.95 and scores["kind"]["precision"] >= 0.95
    assert scores["strategy"]["recall"] >= 0.95
    assert f'"sha256": "{digest}"' in model.manifest_text  # shipped file matches the data
