"""Consistent placeholders."""

from __future__ import annotations

import pytest

from alliancelens.deid.engine import Detection
from alliancelens.deid.placeholders import Placeholders


def test_same_value_same_placeholder() -> None:
    """A repeated phone number (formatted differently) keeps its placeholder."""
    mapping = Placeholders()
    assert mapping.for_span("PHONE", "415-555-0132") == "[PHONE-1]"
    assert mapping.for_span("PHONE", "(415) 555 0132") == "[PHONE-1]"
    assert mapping.for_span("PHONE", "020 7946 0958") == "[PHONE-2]"


@pytest.mark.parametrize("later", ["Sarah", "Ms. Miller", "Miller, Sarah", "SARAH MILLER"])
def test_parts_of_a_name_share_its_placeholder(later: str) -> None:
    """First names, surnames with titles and reordered names map to the full name's placeholder."""
    mapping = Placeholders()
    assert mapping.for_span("NAME", "Sarah Miller") == "[NAME-1]"
    assert mapping.for_span("NAME", later) == "[NAME-1]"
    assert mapping.for_span("NAME", "John") == "[NAME-2]"


def test_apply_replaces_spans_in_order() -> None:
    """apply() swaps each span for its placeholder and keeps the rest of the text."""
    text = "Call Sarah on 555-0100, Sarah."
    spans = [
        Detection(5, 10, "NAME", 1.0),
        Detection(14, 22, "PHONE", 1.0),
        Detection(24, 29, "NAME", 1.0),
    ]
    assert Placeholders().apply(text, spans) == "Call [NAME-1] on [PHONE-1], [NAME-1]."


@pytest.mark.parametrize(
    ("label", "expected"),
    [("Therapist", True), ("Client 2", True), ("Dr. Lee", False), ("Alex", False)],
)
def test_role_labels(label: str, expected: bool) -> None:
    """Role-word speaker labels are kept; names are not."""
    assert Placeholders.is_role_label(label) is expected
