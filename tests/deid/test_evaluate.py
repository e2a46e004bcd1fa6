"""Measured recall on the shipped synthetic PHI test sets (the numbers in docs/security.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.deid import detector
from alliancelens.deid.evaluate import evaluate, load_examples, parse_line, shipped_test_set

pytest.importorskip("presidio_analyzer")
HELDOUT = shipped_test_set().with_name("synthetic-phi-heldout.txt")


def test_parse_line_marks() -> None:
    """{TYPE:text} marks become gold spans over the plain text."""
    example = parse_line("Call {NAME:Sam} on {PHONE:555-0100}.")
    assert example.text == "Call Sam on 555-0100."
    assert [(example.text[s:e], t) for s, e, t in example.spans] == [
        ("Sam", "NAME"),
        ("555-0100", "PHONE"),
    ]


@pytest.mark.parametrize(
    ("path", "minimum"),
    [(shipped_test_set(), 0.95), (HELDOUT, 0.90)],
    ids=["development", "held-out"],
)
def test_recall_stays_at_the_documented_level(path: Path, minimum: float) -> None:
    """Overall recall does not fall below the level reported in docs/security.md."""
    score = evaluate(load_examples(path), detector())
    assert score.recall() >= minimum, score.missed
    assert {"NAME", "PHONE", "EMAIL", "ADDRESS", "DATE", "ID"} <= set(score.gold)
