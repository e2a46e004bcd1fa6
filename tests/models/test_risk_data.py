"""Risk training data: the shipped batches, strict reading with located errors, augmentation."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from alliancelens.errors import UsageError
from alliancelens.models.risk_data import (
    HARD_NEGATIVE_TAGS,
    RiskExample,
    augment,
    guard_label,
    read_risk_corpus,
    thread_kind,
)
from alliancelens.models.risk_model import RISK_CLASSES

from .risk_synth import write_risk_corpus

REPO_DATA = Path(__file__).resolve().parents[2] / "training-data" / "risk"
SECRET = "a sentence that must never appear in an error"  # noqa: S105 - not a password


def test_shipped_batches_are_broad() -> None:
    """The repository's training data has ≥ 1,500 sentences, every kind and every tag."""
    corpus = read_risk_corpus(REPO_DATA)
    kinds = Counter(e.kind for e in corpus.examples)
    tags = {e.hard_negative for e in corpus.examples if e.hard_negative}
    assert len(corpus.examples) >= 1500
    assert set(kinds) == set(RISK_CLASSES)
    assert tags == set(HARD_NEGATIVE_TAGS)
    assert len(corpus.batches) >= 10


def test_corpus_hash_is_stable(tmp_path: Path) -> None:
    """Reading the same files twice gives the same sha256; a changed file changes it."""
    folder = write_risk_corpus(tmp_path / "data")
    first = read_risk_corpus(folder).sha256
    assert read_risk_corpus(folder).sha256 == first
    path = folder / "batch-t1.jsonl"
    path.write_text(path.read_text("utf-8").replace("walk", "run"), encoding="utf-8")
    assert read_risk_corpus(folder).sha256 != first


def test_hold_out_excludes_a_batch(tmp_path: Path) -> None:
    """``exclude`` leaves the named batch out; an unknown batch name is a usage error."""
    folder = write_risk_corpus(tmp_path / "data")
    corpus = read_risk_corpus(folder, exclude=["t2"])
    assert corpus.batches == ("t1", "t3")
    with pytest.raises(UsageError, match="no batch named nope"):
        read_risk_corpus(folder, exclude=["nope"])


def _row(**changes: object) -> str:
    row = {
        "id": "x-1",
        "batch": "x",
        "text": SECRET,
        "previous": "",
        "kind": "self_harm",
        "severity": "moderate",
        "hard_negative": None,
        "style": "test",
    }
    row.update(changes)
    return json.dumps({k: v for k, v in row.items() if v != "<drop>"})


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (_row(kind="<drop>"), "field 'kind' is missing"),
        (_row(kind="suicide"), "field 'kind'"),
        (_row(severity="extreme"), "field 'severity'"),
        (_row(kind="none", severity="low"), "field 'severity'"),
        (_row(hard_negative="negation"), "field 'hard_negative'"),
        (_row(text=""), "field 'text'"),
        (_row(thread="none"), "field 'thread'"),
        (_row(thread="suicide"), "field 'thread'"),
    ],
)
def test_bad_lines_name_file_line_and_field(tmp_path: Path, line: str, field: str) -> None:
    """A bad line stops reading with file:line and the field, never the sentence itself."""
    (tmp_path / "batch-x.jsonl").write_text(_row(id="x-0") + "\n" + line + "\n", "utf-8")
    with pytest.raises(UsageError) as info:
        read_risk_corpus(tmp_path)
    assert f"batch-x.jsonl:2: {field}" in str(info.value)
    assert SECRET not in str(info.value)


def test_repeated_id_is_refused(tmp_path: Path) -> None:
    """Two lines with the same id are a usage error naming the second line."""
    (tmp_path / "batch-x.jsonl").write_text(_row() + "\n" + _row() + "\n", "utf-8")
    with pytest.raises(UsageError, match=r"batch-x\.jsonl:2: field 'id' repeats"):
        read_risk_corpus(tmp_path)


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    """A folder without *.jsonl files says what to give instead."""
    with pytest.raises(UsageError, match=r"no \*\.jsonl files"):
        read_risk_corpus(tmp_path)


def test_augment_adds_asr_and_buried_copies(tmp_path: Path) -> None:
    """Each sentence gets an ASR-style copy (when it differs) and a buried copy, same label."""
    corpus = read_risk_corpus(write_risk_corpus(tmp_path / "data", batches=1))
    first = corpus.examples[0]
    copies = [
        e
        for e in augment(corpus.examples)
        if e.id.startswith(first.id) and not e.id.endswith("~thread")
    ]
    assert [e.id for e in copies] == [first.id, f"{first.id}~asr", f"{first.id}~buried"]
    assert copies[1].text == copies[1].text.lower()
    assert "." not in copies[1].text
    assert first.text.rstrip(".").lower() in copies[2].text.lower()
    assert {(e.kind, e.severity, e.batch) for e in copies} == {
        (first.kind, first.severity, first.batch)
    }
    assert augment(corpus.examples) == augment(corpus.examples)


@pytest.mark.parametrize(
    ("kind", "tag", "expected"),
    [
        ("self_harm", None, "risk"),
        ("none", "denial_of_screening_question", "negation"),
        ("none", "sport_trash_talk", "idiom_or_hyperbole"),
        ("none", "medical_talk", "other_topic"),
        ("none", None, "other_topic"),
    ],
)
def test_guard_label(tmp_path: Path, kind: str, tag: str | None, expected: str) -> None:
    """Hard-negative tags map onto the guard head's classes; plain talk is ``other_topic``."""
    severity = None if kind == "none" else "moderate"
    (tmp_path / "batch-x.jsonl").write_text(
        _row(kind=kind, severity=severity, hard_negative=tag) + "\n", "utf-8"
    )
    assert guard_label(read_risk_corpus(tmp_path).examples[0]) == expected


def test_thread_field_is_optional_and_read(tmp_path: Path) -> None:
    """``thread`` is read when given (version 6) and ``None`` on older lines without it."""
    lines = [_row(id="x-1", thread="self_harm"), _row(id="x-2", thread=None), _row(id="x-3")]
    (tmp_path / "batch-x.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    assert [e.thread for e in read_risk_corpus(tmp_path).examples] == ["self_harm", None, None]


def _example(n: int, kind: str = "none", tag: str | None = None, text: str = "") -> RiskExample:
    severity = None if kind == "none" else "moderate"
    words = text or "we went to the shops and then had our tea at my mum's house"
    return RiskExample(f"x-{n}", "x", words, "", kind, severity, tag, "test")


@pytest.mark.parametrize(
    ("kind", "tag", "text", "allowed"),
    [
        ("self_harm", None, "", {"self_harm"}),
        ("none", "negation", "", set(RISK_CLASSES[1:])),
        ("none", "past_resolved", "", set(RISK_CLASSES[1:])),
        ("none", None, "", set(RISK_CLASSES[1:])),
        ("none", None, "a few times", set()),
        ("none", "idiom_or_hyperbole", "", set()),
    ],
)
def test_synthesised_threads_keep_the_label_valid(
    kind: str, tag: str | None, text: str, allowed: set[str]
) -> None:
    """One line in four gets a thread copy, only where its label holds inside a thread."""
    threads = [thread_kind(_example(n, kind, tag, text)) for n in range(200)]
    given = [t for t in threads if t is not None]
    assert set(given) <= allowed
    assert (40 <= len(given) <= 60) if allowed else not given
    assert threads == [thread_kind(_example(n, kind, tag, text)) for n in range(200)]


def test_augment_marks_thread_copies(tmp_path: Path) -> None:
    """Thread copies are augmented rows with the same label and a therapist turn before them."""
    corpus = read_risk_corpus(write_risk_corpus(tmp_path / "data", batches=3))
    copies = [e for e in augment(corpus.examples) if e.id.endswith("~thread")]
    assert copies
    assert all(e.augmented and e.thread and e.previous for e in copies)
    originals = {e.id: e for e in corpus.examples}
    assert all(e.kind == originals[e.id.removesuffix("~thread")].kind for e in copies)
