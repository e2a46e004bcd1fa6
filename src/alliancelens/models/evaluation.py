"""Grouped cross-validation of the micro-skill coder, scored on transcripts it never saw.

For each fold the whole coder is retrained (:func:`~alliancelens.models.training.train_coder`,
with its own inner grouped folds) and then codes the held-out transcripts exactly as the
analyser does. Reported per code: macro-F1, per-class precision/recall/F1/support, the
confusion matrix (rows = human label, columns = predicted), and the expected calibration error
of the confidences. Subtypes (open/closed, simple/complex, input kind) are scored on the
utterances whose *human* main behaviour has that subtype. Throughput is utterances coded per
second on one thread, feature extraction included. MITI rule flags have no AnnoMI labels;
only how often they fire is reported.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import numpy as np

from alliancelens.models._corpus import (
    BEHAVIOURS,
    CLIENT_TALK,
    INPUT_SUBTYPES,
    QUESTION_SUBTYPES,
    REFLECTION_SUBTYPES,
    Corpus,
    Dialogue,
)
from alliancelens.models.coder import MicroskillCoder
from alliancelens.models.miti_rules import miti_flags
from alliancelens.models.session_indices import session_index_report
from alliancelens.models.training import Progress, TrainingConfig, grouped_folds, train_coder

__all__ = ["TARGETS", "evaluate", "evaluate_model"]

#: Issue 3 targets: macro-F1 on transcripts the model never saw.
TARGETS = {"behaviour": 0.78, "client_talk": 0.60}
LABELS = {
    "behaviour": BEHAVIOURS,
    "client_talk": CLIENT_TALK,
    "question": QUESTION_SUBTYPES,
    "reflection": REFLECTION_SUBTYPES,
    "input": INPUT_SUBTYPES,
}
_SUBTYPE_OF = {"question": "question", "reflection": "reflection", "therapist_input": "input"}
_FLAGS = ("affirm", "seeking_collaboration", "emphasising_autonomy", "confront", "persuade")


class _Tally:
    """Gold labels, predictions and confidences collected over folds."""

    def __init__(self) -> None:
        self.gold: dict[str, list[str]] = {code: [] for code in LABELS}
        self.pred: dict[str, list[str]] = {code: [] for code in LABELS}
        self.conf: dict[str, list[float]] = {code: [] for code in LABELS}
        self.flags: dict[str, int] = dict.fromkeys(_FLAGS, 0)
        self.therapist = 0
        self.utterances = 0
        self.seconds = 0.0
        #: Per transcript: (counts from the human codes, counts from the coder's codes).
        self.sessions: list[tuple[Counter[str], Counter[str]]] = []

    def add(self, code: str, gold: str, pred: str, confidence: float) -> None:
        self.gold[code].append(gold)
        self.pred[code].append(pred)
        self.conf[code].append(confidence)


def _score_dialogue(coder: MicroskillCoder, dialogue: Dialogue, tally: _Tally) -> None:
    started = time.perf_counter()
    codes = coder.code(dialogue.turns)
    tally.seconds += time.perf_counter() - started
    tally.utterances += len(dialogue.turns)
    raw = coder.raw(dialogue.turns)
    therapist_rows = {i: j for j, i in enumerate(raw.rows["therapist"])}
    said: list[str] = []
    client = ""
    human: Counter[str] = Counter()
    machine: Counter[str] = Counter()
    tally.sessions.append((human, machine))
    for i, (turn, coded) in enumerate(zip(dialogue.turns, codes, strict=True)):
        behaviour, talk = dialogue.behaviour[i], dialogue.client_talk[i]
        human.update(_index_codes(behaviour, dialogue.subtype[i], talk))
        if coded is not None:
            predicted = coded.labels.get("behaviour", "")
            machine.update(
                _index_codes(
                    predicted,
                    coded.labels.get(_SUBTYPE_OF.get(predicted, ""), ""),
                    coded.labels.get("client_talk", ""),
                )
            )
        if coded is not None and behaviour:
            tally.add(
                "behaviour", behaviour, coded.labels["behaviour"], coded.confidence["behaviour"]
            )
            subtype = dialogue.subtype[i]
            if behaviour in _SUBTYPE_OF and subtype and behaviour in raw.subtypes:
                _add_subtype(
                    coder, tally, behaviour, subtype, raw.subtypes[behaviour][therapist_rows[i]]
                )
        if coded is not None and talk:
            tally.add(
                "client_talk", talk, coded.labels["client_talk"], coded.confidence["client_talk"]
            )
        if turn.role == "therapist" and coded is not None:
            flags = miti_flags(
                turn.text,
                advice=coded.labels.get("input") == "advice",
                previous_therapist=said,
                previous_client=client,
            )
            for name, fired in flags.as_dict().items():
                tally.flags[name] += fired
            tally.therapist += 1
            said = [*said[-1:], turn.text]
        elif turn.role == "client":
            client = turn.text


def _index_codes(behaviour: str | None, subtype: str | None, talk: str | None) -> list[str]:
    """The session-index counters one utterance adds (``models.session_indices`` keys)."""
    found: list[str] = []
    if behaviour in {"reflection", "question"}:
        found.append(behaviour)
        if subtype:
            found.append(subtype)
    if talk in {"change", "sustain"}:
        found.append(talk)
    return found


def _add_subtype(
    coder: MicroskillCoder, tally: _Tally, behaviour: str, gold: str, probs: Any
) -> None:
    code = _SUBTYPE_OF[behaviour]
    model = coder.therapist.subtypes[behaviour]
    calibration = coder.therapist.calibration[code]
    choice, chosen = calibration.decide(np.asarray(probs, dtype=np.float64).reshape(1, -1))
    confidence = calibration.confidence(chosen)
    tally.add(code, gold, model.classes[int(choice[0])], float(confidence[0]))


def _expected_calibration_error(confidence: Sequence[float], correct: Sequence[bool]) -> float:
    """Mean |accuracy − confidence| over 10 equal-width bins, weighted by bin size."""
    conf = np.asarray(confidence, dtype=np.float64)
    right = np.asarray(correct, dtype=np.float64)
    bins = np.minimum((conf * 10).astype(int), 9)
    total = 0.0
    for b in np.unique(bins):
        mask = bins == b
        total += mask.sum() * abs(right[mask].mean() - conf[mask].mean())
    return float(total / len(conf)) if len(conf) else 0.0


def _code_report(code: str, tally: _Tally) -> dict[str, Any]:
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support  # noqa: PLC0415

    gold, pred = tally.gold[code], tally.pred[code]
    labels = list(LABELS[code])
    if not gold:
        return {"labels": labels, "support": 0, "macro_f1": None}
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, pred, labels=labels, zero_division=0
    )
    present = [label for label in labels if label in set(gold)]
    return {
        "labels": labels,
        "support": len(gold),
        "macro_f1": round(
            float(f1_score(gold, pred, labels=present, average="macro", zero_division=0)), 4
        ),
        "accuracy": round(float(np.mean(np.asarray(gold) == np.asarray(pred))), 4),
        "per_class": {
            label: {
                "precision": round(float(p), 4),
                "recall": round(float(r), 4),
                "f1": round(float(f), 4),
                "support": int(s),
            }
            for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
        },
        "confusion": confusion_matrix(gold, pred, labels=labels).tolist(),
        "expected_calibration_error": round(
            _expected_calibration_error(
                tally.conf[code], [g == p for g, p in zip(gold, pred, strict=True)]
            ),
            4,
        ),
    }


def evaluate(
    corpus: Corpus,
    *,
    folds: int = 5,
    seed: int = 2024,
    config: TrainingConfig | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Grouped ``folds``-fold cross-validation by transcript; a JSON-ready report."""
    config = config or TrainingConfig()
    report = progress or (lambda _step: None)
    fold_of = grouped_folds(len(corpus.dialogues), folds, seed)
    tally = _Tally()
    for fold in range(int(fold_of.max()) + 1 if len(fold_of) else 0):
        report(f"fold {fold + 1}/{folds}: training")
        train = Corpus(
            tuple(d for d, f in zip(corpus.dialogues, fold_of, strict=True) if f != fold),
            corpus.sha256,
            corpus.source,
        )
        coder = train_coder(train, config)
        report(f"fold {fold + 1}/{folds}: coding held-out transcripts")
        for dialogue, f in zip(corpus.dialogues, fold_of, strict=True):
            if f == fold:
                _score_dialogue(coder, dialogue, tally)
    protocol = {
        "folds": folds,
        "grouped_by": "transcript",
        "seed": seed,
        "config": asdict(config),
        "subtypes": "scored on utterances whose human main behaviour has that subtype",
    }
    return _report(corpus, tally, protocol)


def evaluate_model(
    corpus: Corpus,
    coder: MicroskillCoder,
    *,
    digest: str | None = None,
    training_sha256: str | None = None,
) -> dict[str, Any]:
    """Score an already trained coder (e.g. the shipped one) on every transcript of ``corpus``.

    No retraining: this is the check for transcripts held out from training (independent
    evaluation). Only meaningful on transcripts the coder never saw; on its own training data the
    numbers are in-sample.
    """
    tally = _Tally()
    for dialogue in corpus.dialogues:
        _score_dialogue(coder, dialogue, tally)
    protocol = {
        "mode": "fixed model, no retraining",
        "model_digest": digest,
        # The very file the model was trained on: every number is in-sample (optimistic).
        "in_sample": training_sha256 is not None and training_sha256 == corpus.sha256,
        "subtypes": "scored on utterances whose human main behaviour has that subtype",
    }
    return _report(corpus, tally, protocol)


def _report(corpus: Corpus, tally: _Tally, protocol: dict[str, Any]) -> dict[str, Any]:
    return {
        "corpus": {
            "file": corpus.source,
            "sha256": corpus.sha256,
            "dialogues": len(corpus.dialogues),
            "utterances": corpus.utterances,
        },
        "protocol": protocol,
        "codes": {code: _code_report(code, tally) for code in LABELS},
        "targets": TARGETS,
        "session_indices": session_index_report(tally.sessions),
        "rule_firing_rate": {
            name: round(count / tally.therapist, 4) if tally.therapist else None
            for name, count in tally.flags.items()
        },
        "throughput": {
            "utterances": tally.utterances,
            "seconds": round(tally.seconds, 3),
            "utterances_per_second": round(tally.utterances / tally.seconds)
            if tally.seconds
            else None,
        },
    }
