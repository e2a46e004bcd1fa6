"""The shipped risk model: safe loading, size, features, scores and their explanations."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from alliancelens.errors import ModelFileError
from alliancelens.models.risk_model import (
    GUARD_CLASSES,
    N_BUCKETS,
    RISK_CLASSES,
    SEVERITIES,
    featurise,
    half_precision,
    load_risk_model,
    shipped_risk_dir,
    thread_terms,
)


def test_shipped_files_are_small_and_match_their_digest() -> None:
    """The shipped model is ≤ 5 MB and its manifest records the array file's sha256."""
    import hashlib

    folder = shipped_risk_dir()
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    assert size <= 5_000_000  # 3.2 MB with float16 weights (docs/models/risk.md, "File size")
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    digest = hashlib.sha256((folder / "risk-model.npz").read_bytes()).hexdigest()
    assert manifest["sha256"] == digest == load_risk_model().digest


def test_half_precision_rounds_to_float16_and_refuses_overflow() -> None:
    """Weights are rounded to float16 values (held as float32); one beyond float16 is refused."""
    rounded = half_precision(np.asarray([[0.1, -2.0 / 3.0]]))
    assert rounded.dtype == np.float32
    assert np.array_equal(rounded, np.asarray([[0.1, -2.0 / 3.0]]).astype(np.float16))
    with pytest.raises(ValueError, match="float16"):
        half_precision(np.asarray([1e6]))


def test_model_is_loaded_once() -> None:
    """Loading twice returns the cached object."""
    assert load_risk_model() is load_risk_model(shipped_risk_dir())


def test_features_are_deterministic_hashed_buckets() -> None:
    """Features are bucket numbers in range, identical on every call, context tagged."""
    first = featurise("I want to end it all.", "Have you thought about suicide?", ("hit:x",))
    again = featurise("I want to end it all.", "Have you thought about suicide?", ("hit:x",))
    assert np.array_equal(first.buckets, again.buckets)
    assert np.array_equal(first.values, again.values)
    assert first.buckets.min() >= 0
    assert first.buckets.max() < N_BUCKETS
    assert not np.array_equal(first.buckets, featurise("I want to end it all.").buckets)
    assert "end it all" in first.grams


def test_thread_block_is_empty_outside_a_thread() -> None:
    """Without a thread the features are those of version 5; a thread adds its ``t:`` block."""
    assert thread_terms(None, True, ("denial",), 2) == []
    plain = featurise("three maybe four", "How many times?", ("negator",))
    inside = featurise("three maybe four", "How many times?", ("negator",), thread="self_harm")
    asked = featurise(
        "three maybe four", "How many times?", ("negator",), thread="self_harm", follow_up=True
    )
    assert len(inside.buckets) > len(plain.buckets)
    assert len(asked.buckets) > len(inside.buckets)
    assert set(plain.buckets) < set(asked.buckets)


def test_thread_terms_cross_the_thread_with_rule_cues() -> None:
    """A denial cue inside a thread gets its own term; unrelated cues do not."""
    terms = thread_terms("self_harm", True, ("denial", "hit:self_harm"), 3)
    assert terms == ["t:any", "t:self_harm", "t:q", "t:self_harm|q", "t:short", "t:&denial"]


@pytest.mark.parametrize(
    "text",
    ["I've been saving my tablets in a sock.", "they'd all be better off without me honestly", ""],
)
def test_scores_are_probabilities_with_evidence_from_the_utterance(text: str) -> None:
    """Every probability is in [0, 1] and the evidence n-grams come from the utterance itself."""
    score = load_risk_model().score(featurise(text))
    assert 0.0 <= score.p_risk <= 1.0
    assert 0.0 <= score.p_guard_risk <= 1.0
    assert score.kind in RISK_CLASSES[1:]
    assert score.severity in SEVERITIES
    assert score.guard in GUARD_CLASSES
    assert all(g in " ".join(text.lower().replace(".", " ").split()) for g in score.evidence)


def _copy_shipped(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(shipped_risk_dir(), folder)
    return folder


def test_missing_manifest_is_a_model_file_error(tmp_path: Path) -> None:
    """No manifest: ModelFileError naming the file and how to rebuild it."""
    with pytest.raises(ModelFileError, match="alliancelens train risk"):
        load_risk_model(tmp_path)


def test_wrong_format_version_is_refused(tmp_path: Path) -> None:
    """A manifest of another format version is refused."""
    folder = _copy_shipped(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["format_version"] = 999
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelFileError, match="format 999"):
        load_risk_model(folder)


def test_pickled_array_file_is_refused(tmp_path: Path) -> None:
    """An array file smuggling a pickled object is refused, never unpickled."""
    folder = _copy_shipped(tmp_path)
    member = io.BytesIO()
    np.lib.format.write_array(member, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    with zipfile.ZipFile(folder / "risk-model.npz", "w") as archive:
        archive.writestr("buckets.npy", member.getvalue())
    with pytest.raises(ModelFileError):
        load_risk_model(folder)


def test_inconsistent_arrays_are_refused(tmp_path: Path) -> None:
    """Arrays whose shapes disagree are a ModelFileError, not a crash at scoring time."""
    from alliancelens.models._store import read_arrays, write_arrays

    folder = _copy_shipped(tmp_path)
    arrays = read_arrays(folder / "risk-model.npz", name="x")
    arrays["coef.risk"] = arrays["coef.risk"][:, :2]
    write_arrays(folder / "risk-model.npz", arrays)
    with pytest.raises(ModelFileError, match="inconsistent"):
        load_risk_model(folder)


def test_inference_imports_neither_sklearn_nor_torch() -> None:
    """Scoring a session with the risk analyser imports numpy only (no scikit-learn, no torch)."""
    code = (
        "import sys\n"
        "from alliancelens.analysers.base import FindingSet\n"
        "from alliancelens.analysers.risk import RiskLanguage\n"
        "from alliancelens.testing import make_session\n"
        "s = make_session(('therapist', 'How are you?'), ('client', 'I want to die.'))\n"
        "list(RiskLanguage().analyse(s, upstream=FindingSet()))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'sklearn', 'torch'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
