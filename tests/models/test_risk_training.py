"""Risk model training: reproducible files, out-of-batch thresholds, the `train risk` command."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from alliancelens.analysers.risk import rule_reading
from alliancelens.cli import app
from alliancelens.evaluation.risk_eval import evaluate_risk_lines
from alliancelens.models.risk_data import RiskExample, read_risk_corpus
from alliancelens.models.risk_model import featurise, load_risk_model
from alliancelens.models.risk_training import (
    RiskTrainingConfig,
    bare_copies,
    decide,
    score_examples,
    train_risk_model,
)

from .risk_synth import write_risk_corpus

FAST = RiskTrainingConfig(max_iter=300)


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three small synthetic batches."""
    return write_risk_corpus(tmp_path_factory.mktemp("risk-data"))


def test_training_twice_gives_identical_files(tiny_data: Path, tmp_path: Path) -> None:
    """Two runs on the same data write byte-identical model files."""
    corpus = read_risk_corpus(tiny_data)
    for name in ("one", "two"):
        train_risk_model(corpus, config=FAST, rules=rule_reading).save(tmp_path / name)
    for file in ("risk-model.npz", "manifest.json"):
        assert (tmp_path / "one" / file).read_bytes() == (tmp_path / "two" / file).read_bytes()


def test_trained_model_separates_its_training_sentences(tiny_data: Path, tmp_path: Path) -> None:
    """A model trained on the tiny corpus scores its risk sentences above its plain talk."""
    corpus = read_risk_corpus(tiny_data)
    train_risk_model(corpus, config=FAST).save(tmp_path / "m")
    model = load_risk_model(tmp_path / "m")

    risk = [model.score(featurise(e.text, e.previous)).p_risk for e in corpus.examples if e.is_risk]
    plain = [
        model.score(featurise(e.text, e.previous)).p_risk
        for e in corpus.examples
        if e.hard_negative is None and not e.is_risk
    ]
    assert min(risk) > max(plain)
    assert model.manifest["data"]["sha256"] == corpus.sha256
    assert model.manifest["data"]["batches"] == ["t1", "t2", "t3"]


def _example(i: int, kind: str, tag: str | None = None) -> RiskExample:
    severity = None if kind == "none" else "low"
    return RiskExample(f"e{i}", "b", "text", "", kind, severity, tag, "test")


def test_decide_keeps_recall_and_flags_fewest_hard_negatives() -> None:
    """Thresholds keep recall at the target and then flag as few hard negatives as possible."""
    examples = [_example(i, "self_harm") for i in range(4)] + [
        _example(4 + i, "none", "negation") for i in range(4)
    ]
    p_risk = np.array([0.9, 0.8, 0.7, 0.3, 0.6, 0.2, 0.1, 0.1])
    p_guard = np.array([0.9, 0.9, 0.9, 0.9, 0.05, 0.9, 0.9, 0.9])
    rules = np.zeros(8, dtype=bool)
    config = RiskTrainingConfig(target_recall=1.0, max_plain_rate=1.0)
    decision = decide(p_risk, p_guard, rules, examples, config)
    assert decision["out_of_batch"]["recall"] == 1.0
    assert decision["threshold"] <= 0.3
    assert decision["out_of_batch"]["hard_negatives_flagged"] == 0  # the guard took the 0.6


def test_score_examples_lists_ids_not_text() -> None:
    """Scoring reports misses and false alarms by id only."""
    examples = [_example(0, "self_harm"), _example(1, "none", "idiom_or_hyperbole")]
    report = score_examples(examples, lambda e: e.id == "e1")
    assert report["misses"] == ["e0"]
    assert report["false_alarms"] == ["e1"]
    assert report["hard_negatives_by_tag"] == {"idiom_or_hyperbole": {"n": 1, "flagged": 1}}
    assert "text" not in json.dumps(report)


def test_score_examples_of_no_lines_is_all_zero() -> None:
    """Scoring an empty part (a batch with no thread lines) gives zeros instead of failing."""
    report = score_examples([], lambda _: True)
    assert (report["positives"], report["true_positives"], report["misses"]) == (0, 0, [])


def test_cli_trains_and_reports_held_out(tiny_data: Path, tmp_path: Path) -> None:
    """`train risk --hold-out t3 -o DIR --json` writes the files and scores the held-out batch."""
    result = CliRunner().invoke(
        app,
        [
            "train",
            "risk",
            "--data",
            str(tiny_data),
            "-o",
            str(tmp_path),
            "--hold-out",
            "t3",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report["files"]) == {"risk-model.npz", "manifest.json"}
    assert report["manifest"]["data"]["batches"] == ["t1", "t2"]
    assert report["held_out"]["positives"] == 9
    assert 0.0 <= report["held_out"]["recall"] <= report["held_out"]["with_possible"]["recall"]


def test_cli_held_out_report_reads_lines_in_their_thread(tiny_data: Path, tmp_path: Path) -> None:
    """The held-out report equals the batch evaluation (thread lines read after their opener)."""
    from alliancelens.analysers.risk import RiskLanguage

    args = ["train", "risk", "--data", str(tiny_data), "-o", str(tmp_path), "--json"]
    result = CliRunner().invoke(app, [*args, "--hold-out", "t3"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)["held_out"]
    held = [e for e in read_risk_corpus(tiny_data).examples if e.batch == "t3"]
    expected = evaluate_risk_lines(held, RiskLanguage(model_dir=str(tmp_path)))
    assert report["thread"] == expected["thread"]
    assert report["no_thread"] == expected["no_thread"]
    assert {k: report[k] for k in expected["all"]} == expected["all"]
    assert report["thread"]["positives"] == 1
    assert report["thread"]["hard_negatives"] == 1


def test_saved_weights_are_float16_and_score_as_trained(tiny_data: Path, tmp_path: Path) -> None:
    """The file stores float16 weights; the model read back scores exactly as the trained one."""
    corpus = read_risk_corpus(tiny_data)
    trained = train_risk_model(corpus, config=FAST, rules=rule_reading)
    trained.save(tmp_path)
    with np.load(tmp_path / "risk-model.npz", allow_pickle=False) as arrays:
        assert {arrays[f"coef.{h}"].dtype for h in ("risk", "severity", "guard")} == {
            np.dtype(np.float16)
        }
    features = [featurise(e.text, e.previous) for e in corpus.examples]
    loaded = load_risk_model(tmp_path)
    assert loaded.score_many(features) == trained.score_many(features)


def test_cli_hold_out_needs_output(tiny_data: Path) -> None:
    """Holding out a batch without --output stops with exit 2 (the shipped model stays)."""
    result = CliRunner().invoke(
        app, ["train", "risk", "--data", str(tiny_data), "--hold-out", "t1"]
    )
    assert result.exit_code == 2
    assert "--output" in result.output


def test_cli_bad_data_is_one_line_exit_2(tmp_path: Path) -> None:
    """A folder without batches is a usage error: exit 2, no traceback."""
    result = CliRunner().invoke(
        app, ["train", "risk", "--data", str(tmp_path), "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_manifest_reports_threads_and_writers(tiny_data: Path) -> None:
    """The manifest counts thread lines and synthesised thread rows and records the thread block."""
    corpus = read_risk_corpus(tiny_data)
    manifest = train_risk_model(corpus, config=FAST, rules=rule_reading).manifest
    assert manifest["data"]["threads"] == {"None": 54, "self_harm": 6}
    assert manifest["data"]["synthesised_thread_rows"] > 0
    assert manifest["features"]["thread_weight"] > 0
    assert manifest["decision"]["out_of_batch_by_writer"] == {}


def _rules(text: str, previous: str, thread: str | None) -> tuple[bool, tuple[str, ...], bool]:
    """A stand-in rule reading: 'kill' is a rule hit, nothing else is."""
    del previous, thread
    hit = "kill" in text
    return hit, ("hit:suicidal_ideation",) if hit else (), False


@pytest.mark.parametrize(
    ("text", "previous", "kind", "copied"),
    [
        ("Most nights.", "Do you hope you won't wake up?", "passive_suicidal_ideation", True),
        ("Most nights.", "", "passive_suicidal_ideation", False),
        ("I want to kill myself.", "How are you?", "suicidal_ideation", False),
        ("Most nights.", "How do you sleep?", "none", False),
        ("one two three four five six seven eight nine", "Q?", "self_harm", False),
    ],
)
def test_bare_copies_only_of_short_context_only_risk_lines(
    text: str, previous: str, kind: str, copied: bool
) -> None:
    """Only short risk lines with context and no rule cue of their own get a ``none`` copy."""
    severity = None if kind == "none" else "low"
    example = RiskExample("x-1", "x", text, previous, kind, severity, None, "t", "self_harm")
    copies = bare_copies([example], _rules)
    assert bool(copies) is copied
    if copies:
        assert copies[0].kind == "none"
        assert copies[0].thread is None
        assert copies[0].augmented
        assert copies[0].previous != previous
