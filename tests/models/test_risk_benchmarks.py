"""Risk training batches built from labelled benchmark folders: labels, context, provenance."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from alliancelens.domain import Utterance
from alliancelens.errors import UsageError
from alliancelens.models.risk_benchmarks import benchmark_lines, write_benchmark_batch
from alliancelens.models.risk_data import read_risk_corpus

SNIPPET: dict[str, Any] = {
    "id": "risk-1",
    "type": "risk_snippet",
    "style": "CBT",
    "utterances": [
        {"index": 0, "speaker": "therapist", "text": "How have the nights been?"},
        {"index": 1, "speaker": "client", "text": "Some nights I wish I didn't wake up."},
        {"index": 2, "speaker": "therapist", "text": "Have you thought of ending your life?"},
        {"index": 3, "speaker": "client", "text": "No, nothing like that."},
        {"index": 4, "speaker": "client", "text": "My brother nearly killed himself once."},
        {"index": 5, "speaker": "client", "text": "Anyway."},
        {"index": 6, "speaker": "therapist", "text": "   "},
        {"index": 7, "speaker": "client", "text": "  "},
    ],
    "risk": [{"index": 1, "kind": "passive_suicidal_ideation", "severity": "low"}],
    "hard_negatives": [
        {"index": 2, "kind": "therapist_screening_question"},
        {"index": 3, "kind": "negation"},
        {"index": 4, "kind": "third_party"},
        {"index": 5, "kind": "short_answer_to_closed_question"},
    ],
}


def _threads(
    utterances: Sequence[Utterance], gold: Mapping[int, tuple[str, str]]
) -> dict[int, str | None]:
    """A stand-in thread reader: the kind of the last labelled utterance before each turn."""
    out: dict[int, str | None] = {}
    current = None
    for u in utterances:
        out[u.index] = current
        current = gold[u.index][0] if u.index in gold else current
    return out


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A labelled folder named like a blind set, holding one snippet (text written here)."""
    root = tmp_path / "blind-x"
    root.mkdir()
    (root / "risk-1.json").write_text(json.dumps(SNIPPET), "utf-8")
    return root


def test_every_client_turn_becomes_one_line_with_its_label(folder: Path) -> None:
    """Risk labels, risk hard-negative tags and plain talk map to kind / hard_negative."""
    lines = benchmark_lines(folder, _threads)
    got = [(x["id"], x["kind"], x["severity"], x["hard_negative"]) for x in lines]
    assert got == [
        ("blind-x/risk-1#1", "passive_suicidal_ideation", "low", None),
        ("blind-x/risk-1#3", "none", None, "negation"),
        ("blind-x/risk-1#4", "none", None, "third_party"),
        ("blind-x/risk-1#5", "none", None, None),
    ]


def test_lines_carry_context_thread_batch_and_source(folder: Path) -> None:
    """previous is the therapist turn just before ('' after a client turn); thread is injected."""
    lines = benchmark_lines(folder, _threads)
    assert [x["previous"] for x in lines] == [
        "How have the nights been?",
        "Have you thought of ending your life?",
        "",
        "",
    ]
    assert [x["thread"] for x in lines] == [None] + ["passive_suicidal_ideation"] * 3
    assert {x["batch"] for x in lines} == {"blind-x"}
    assert lines[0]["source"] == "blind-x/risk-1.json#1"
    assert lines[0]["style"] == "risk_snippet:CBT"


def test_written_batch_is_byte_reproducible_and_readable(folder: Path, tmp_path: Path) -> None:
    """Two writes give identical bytes, and the training reader accepts the batch."""
    first = write_benchmark_batch(folder, tmp_path / "a", _threads)
    second = write_benchmark_batch(folder, tmp_path / "b", _threads)
    assert first.name == "batch-blind-x.jsonl"
    assert first.read_bytes() == second.read_bytes()
    corpus = read_risk_corpus(tmp_path / "a")
    assert corpus.batches == ("blind-x",)
    assert [e.thread for e in corpus.examples][:2] == [None, "passive_suicidal_ideation"]


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not a labelled example"), ('{"id": "x"}', "not a labelled example")],
)
def test_a_bad_file_is_named_in_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    """An unreadable example names its file and says what layout is expected."""
    (tmp_path / "risk-9.json").write_text(content, "utf-8")
    with pytest.raises(UsageError, match=message) as info:
        benchmark_lines(tmp_path, _threads)
    assert "risk-9.json" in str(info.value)


def test_a_folder_without_examples_is_a_usage_error(tmp_path: Path) -> None:
    """An empty folder is refused with a hint, not turned into an empty batch."""
    with pytest.raises(UsageError, match="no labelled"):
        benchmark_lines(tmp_path, _threads)
