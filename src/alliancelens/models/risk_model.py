"""The shipped risk-language classifier: hashed n-grams → three linear heads (numpy only).

Used by :mod:`alliancelens.analysers.risk` next to its rules (docs/models/risk.md). Features:
``w:`` word 1–3-grams and ``c:`` character 3–5-grams of the utterance; ``p:`` word 1–2-grams of
the therapist turn before it (``p:<none>`` without one), so "yes, most days" after "have you
thought about ending your life?" reads as risk; ``r:`` the rule layer's cues; ``t:`` the open
disclosure thread (version 6, :func:`thread_terms`; empty outside a thread). Each block is
binary, L2-normalised on its own and scaled by :data:`CONTEXT_WEIGHT`, :data:`CUE_WEIGHT` and
:data:`THREAD_WEIGHT`. Features are CRC-32 hashes modulo :data:`N_BUCKETS`; the model file holds
bucket numbers and weights only, no words; the weights are stored as float16
(:func:`half_precision`, since 2026-11-22: the file shrank from 6.4 to 3.2 MB, scores moved by
less than 3e-4). Three multinomial logistic heads share them:
``risk`` (``none`` or one of the four kinds; ``p_risk = 1 - P(none)``, Platt-calibrated on
leave-one-batch-out predictions), ``severity`` (low / moderate / high) and ``guard`` (``risk``
against the hard-negative families: the model-based hard-negative check).

Inference needs numpy only; the files are read with ``allow_pickle=False``
(:mod:`alliancelens.models._store`). Nothing is loaded at import time: :func:`load_risk_model`
loads once, lazily, and caches per folder. The features are built in
:mod:`alliancelens.models.risk_features` (re-exported here); the hashing featuriser, scoring
functions and folder cache are shared with the other text classifiers
(:mod:`alliancelens.models._text_classifier`).
"""

from __future__ import annotations

import heapq
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from alliancelens.errors import ModelFileError
from alliancelens.models._linear import platt_scale, softmax
from alliancelens.models._store import (
    decode_strings,
    encode_strings,
    files_digest,
    read_arrays,
    write_arrays,
)
from alliancelens.models._text_classifier import FolderCache
from alliancelens.models.risk_features import (
    CONTEXT_WEIGHT,
    CUE_WEIGHT,
    N_BUCKETS,
    THREAD_WEIGHT,
    Features,
    featurise,
    thread_terms,
)

__all__ = [
    "CONTEXT_WEIGHT",
    "CUE_WEIGHT",
    "FORMAT_VERSION",
    "GUARD_CLASSES",
    "N_BUCKETS",
    "RISK_CLASSES",
    "SEVERITIES",
    "THREAD_WEIGHT",
    "Features",
    "RiskModel",
    "RiskScore",
    "featurise",
    "half_precision",
    "load_risk_model",
    "risk_model_digest",
    "shipped_risk_dir",
    "thread_terms",
]

FORMAT_VERSION: Final = 1
RISK_CLASSES: Final = (
    "none",
    "suicidal_ideation",
    "passive_suicidal_ideation",
    "self_harm",
    "harm_to_others",
)
SEVERITIES: Final = ("low", "moderate", "high")
#: The guard head's classes: ``risk`` or the hard-negative family the utterance resembles.
GUARD_CLASSES: Final = (
    "risk",
    "negation",
    "idiom_or_hyperbole",
    "third_party",
    "past_resolved",
    "ego_dystonic_intrusive_thought",
    "fear_of_death_not_wish",
    "grief_language",
    "other_topic",
)
_HEADS: Final = ("risk", "severity", "guard")
_MODEL_FILE: Final = "risk-model.npz"
_MANIFEST_FILE: Final = "manifest.json"
#: Function words never shown alone as evidence ("to", "i've" explain nothing to a reader).
_FUNCTION_WORDS: Final = frozenset(
    re.findall(
        r"\S+",
        "a an the and or but so to of in on at for with it is was be been am are i i'm i've i'd "
        "i'll me my you your we they he she him her his them their that this just like really "
        "um uh yeah well do did have has had not no if then when what how all any some",
    )
)


def half_precision(weights: NDArray[np.floating[Any]]) -> NDArray[np.float32]:
    """``weights`` rounded to float32, then to float16 (the file's precision), held as float32."""
    with np.errstate(over="ignore"):
        rounded = np.asarray(weights, dtype=np.float32).astype(np.float16)
    if not np.isfinite(rounded).all():
        raise ValueError("a risk model weight is too large for float16; check the training data")
    return rounded.astype(np.float32)


@dataclass(frozen=True, slots=True)
class RiskScore:
    """The model's reading of one utterance (probabilities are calibrated where stated)."""

    p_risk: float  #: calibrated probability that the utterance is risk language
    kind: str  #: most likely statement kind (given risk)
    kind_proba: float
    severity: str
    guard: str  #: ``risk`` or the hard-negative family it most resembles
    guard_proba: float  #: probability of ``guard``
    p_guard_risk: float  #: the guard head's probability of ``risk``
    evidence: tuple[str, ...]  #: the utterance's own word n-grams that pushed most towards risk


@dataclass(frozen=True)
class RiskModel:
    """Weights of the three heads over the rows ``buckets`` (sorted), and the decision settings."""

    buckets: NDArray[np.int64]
    coef: dict[str, NDArray[np.float32]]
    intercept: dict[str, NDArray[np.float32]]
    platt: tuple[float, float]
    manifest: dict[str, Any]

    def __post_init__(self) -> None:
        position = np.full(N_BUCKETS, -1, dtype=np.int32)
        position[self.buckets] = np.arange(len(self.buckets), dtype=np.int32)
        stacked = np.hstack([self.coef[h] for h in _HEADS]).astype(np.float64)
        object.__setattr__(self, "_position", position)
        object.__setattr__(self, "_stacked", stacked)
        object.__setattr__(self, "_bias", np.concatenate([self.intercept[h] for h in _HEADS]))

    @property
    def threshold(self) -> float:
        """Calibrated ``p_risk`` at or above which the model flags (recall-oriented)."""
        return float(self.manifest["decision"]["threshold"])

    @property
    def guard_threshold(self) -> float:
        """A model-only flag is set aside when the guard head's P(risk) is below this."""
        return float(self.manifest["decision"]["guard_threshold"])

    @property
    def digest(self) -> str:
        """sha256 of the array file, recorded with every flag's provenance."""
        return str(self.manifest.get("sha256", ""))

    def _scores(self, batch: Sequence[Features]) -> NDArray[np.float64]:
        """Raw scores of every head for every utterance (one gather for the whole batch)."""
        position: NDArray[np.int32] = object.__getattribute__(self, "_position")
        stacked: NDArray[np.float64] = object.__getattribute__(self, "_stacked")
        bias: NDArray[np.float64] = object.__getattribute__(self, "_bias")
        out = np.tile(bias, (len(batch), 1))
        if not batch:
            return out
        rows = position[np.concatenate([f.buckets for f in batch])]
        values = np.concatenate([f.values for f in batch])
        owner = np.repeat(np.arange(len(batch)), [len(f.buckets) for f in batch])
        known = rows >= 0
        owner, rows, values = owner[known], rows[known], values[known]
        if not len(rows):
            return out
        starts = np.searchsorted(owner, np.arange(len(batch)))
        sums = np.add.reduceat(stacked[rows] * values[:, None], np.minimum(starts, len(rows) - 1))
        present = np.bincount(owner, minlength=len(batch)) > 0
        out[present] += sums[present]
        return out

    def score_many(
        self, batch: Sequence[Features], *, explain_at: float | None = None
    ) -> list[RiskScore]:
        """Scores for a batch of utterances (one matrix gather for the whole batch).

        Evidence is computed for utterances with ``p_risk`` at or above ``explain_at`` (default:
        :attr:`threshold`; ``2.0`` explains none).
        """
        scores = self._scores(batch)
        sizes = [len(RISK_CLASSES), len(SEVERITIES), len(GUARD_CLASSES)]
        risk, severity, guard = np.split(scores, np.cumsum(sizes)[:2], axis=1)
        risk, severity, guard = softmax(risk), softmax(severity), softmax(guard)
        p_risk = platt_scale(1.0 - risk[:, 0], *self.platt)
        kinds = np.argmax(risk[:, 1:], axis=1) + 1
        guards = np.argmax(guard, axis=1)
        cut = self.threshold if explain_at is None else explain_at
        results = []
        for i, features in enumerate(batch):
            kind = int(kinds[i])
            flagged = p_risk[i] >= cut
            results.append(
                RiskScore(
                    p_risk=float(p_risk[i]),
                    kind=RISK_CLASSES[kind],
                    kind_proba=float(risk[i, kind] / max(1e-9, 1.0 - risk[i, 0])),
                    severity=SEVERITIES[int(np.argmax(severity[i]))],
                    guard=GUARD_CLASSES[int(guards[i])],
                    guard_proba=float(guard[i, guards[i]]),
                    p_guard_risk=float(guard[i, 0]),
                    evidence=self._evidence(features, kind) if flagged else (),
                )
            )
        return results

    def score(self, features: Features) -> RiskScore:
        """Probabilities, kind, severity, guard reading and evidence for one utterance."""
        score = self.score_many([features], explain_at=2.0)[0]
        return replace(score, evidence=self._evidence(features, RISK_CLASSES.index(score.kind)))

    def _evidence(self, features: Features, kind_index: int, top: int = 3) -> tuple[str, ...]:
        """Word n-grams of the utterance whose weights pushed most towards ``kind``."""
        if not features.grams:
            return ()
        position: NDArray[np.int32] = object.__getattribute__(self, "_position")
        rows = position[features.gram_buckets]
        coef = self.coef["risk"]
        content = np.asarray([not _FUNCTION_WORDS.issuperset(g.split()) for g in features.grams])
        push = np.where(
            (rows >= 0) & content,
            features.gram_values
            * (coef[rows, kind_index].astype(np.float64) - coef[rows, 0].astype(np.float64)),
            0.0,
        ).tolist()  # Python floats: the same values, compared without a numpy scalar each
        order = heapq.nsmallest(top, range(len(push)), key=lambda i: (-push[i], i))
        return tuple(features.grams[i] for i in order if push[i] > 0)

    def arrays(self) -> dict[str, NDArray[Any]]:
        """What :func:`save` writes."""
        out: dict[str, NDArray[Any]] = {
            "buckets": self.buckets.astype(np.uint32),
            "platt": np.asarray(self.platt, dtype=np.float64),
            "classes.risk": encode_strings(RISK_CLASSES),
            "classes.severity": encode_strings(SEVERITIES),
            "classes.guard": encode_strings(GUARD_CLASSES),
        }
        for head in _HEADS:
            out[f"coef.{head}"] = half_precision(self.coef[head]).astype(np.float16)
            out[f"intercept.{head}"] = self.intercept[head]
        return out

    def save(self, folder: Path) -> dict[str, str]:
        """Write the array file and the manifest into ``folder``; return their sha256."""
        import hashlib  # noqa: PLC0415 - only needed when writing

        folder.mkdir(parents=True, exist_ok=True)
        write_arrays(folder / _MODEL_FILE, self.arrays())
        digest = hashlib.sha256((folder / _MODEL_FILE).read_bytes()).hexdigest()
        manifest = {**self.manifest, "sha256": digest}
        text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        (folder / _MANIFEST_FILE).write_text(text, encoding="utf-8")
        return {
            _MODEL_FILE: digest,
            _MANIFEST_FILE: hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }


def shipped_risk_dir() -> Path:
    """The folder of the model files shipped inside the package."""
    return Path(str(resources.files("alliancelens.models") / "risk"))


def _read(folder: Path) -> RiskModel:
    manifest_path = folder / _MANIFEST_FILE
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(
            f"{manifest_path}: risk model manifest missing or unreadable ({type(exc).__name__}); "
            "reinstall AllianceLens or rebuild it with `alliancelens train risk`"
        ) from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(
            f"{manifest_path}: risk model format {manifest.get('format_version')!r}, expected "
            f"{FORMAT_VERSION}; rebuild it with `alliancelens train risk`"
        )
    arrays = read_arrays(  # QA31 #20: the risk model's own rebuild command
        folder / _MODEL_FILE, name=str(folder / _MODEL_FILE), rebuild="alliancelens train risk"
    )
    problem = _inconsistency(arrays)
    if problem is not None:
        raise ModelFileError(
            f"{folder / _MODEL_FILE}: risk model arrays inconsistent ({problem}); reinstall "
            "AllianceLens or rebuild it with `alliancelens train risk`"
        )
    buckets = arrays["buckets"].astype(np.int64)
    coef = {h: arrays[f"coef.{h}"].astype(np.float32) for h in _HEADS}
    intercept = {h: arrays[f"intercept.{h}"].astype(np.float32) for h in _HEADS}
    platt = [float(x) for x in arrays["platt"].astype(np.float64)]
    return RiskModel(buckets, coef, intercept, (platt[0], platt[1]), manifest)


def _inconsistency(arrays: dict[str, NDArray[Any]]) -> str | None:
    """What is wrong with a model file's arrays, or ``None``."""
    expected = {"risk": RISK_CLASSES, "severity": SEVERITIES, "guard": GUARD_CLASSES}
    names = {"buckets", "platt"} | {
        f"{k}.{h}" for h in _HEADS for k in ("classes", "coef", "intercept")
    }
    missing = names - set(arrays)
    if missing:
        return f"missing {', '.join(sorted(missing))}"
    for head, classes in expected.items():
        if decode_strings(arrays[f"classes.{head}"]) != classes:
            return f"classes of head {head}"
        if arrays[f"coef.{head}"].shape != (len(arrays["buckets"]), len(classes)):
            return f"shape of head {head}"
        if arrays[f"intercept.{head}"].shape != (len(classes),):
            return f"intercept of head {head}"
    if arrays["platt"].shape != (2,):
        return "calibration"
    return None


_MODELS: Final = FolderCache(_read)


def load_risk_model(folder: str | Path | None = None) -> RiskModel:
    """The risk model in ``folder`` (default: the shipped one), loaded once and cached."""
    return _MODELS.get(Path(folder) if folder is not None else shipped_risk_dir())


def risk_model_digest(folder: str | Path | None = None) -> str:
    """SHA-256 of the risk model's array file and manifest in ``folder`` (default: shipped)."""
    base = Path(folder) if folder else shipped_risk_dir()
    return files_digest(
        [base / _MODEL_FILE, base / _MANIFEST_FILE], rebuild="alliancelens train risk"
    )
