"""Plain-language labels for code identifiers in people-facing text."""

from __future__ import annotations

import pytest

from alliancelens.domain.labels import kind_label, plain_label


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        ("invite_discussion_of_thoughts_feelings", "invite discussion of thoughts and feelings"),
        ("redirect_refocus", "redirect or refocus"),
        ("self_harm", "self-harm"),
        ("avoidant_storytelling_or_topic_shift", "avoidant storytelling or topic shift"),
        ("minimal_response", "minimal response"),
    ],
)
def test_plain_label_reads_as_words(identifier: str, expected: str) -> None:
    """Labelled identifiers use their label; others read with spaces and 'or'."""
    assert plain_label(identifier) == expected


def test_plain_label_can_join_alternatives_with_a_slash() -> None:
    """Tables may show 'x/y' instead of 'x or y' for an ``_or_`` identifier."""
    assert plain_label("self_criticism_or_hopelessness", or_as="/") == "self criticism/hopelessness"


def test_kind_label_keeps_unknown_identifiers() -> None:
    """An identifier without a label is returned as it is."""
    assert kind_label("new_kind") == "new_kind"
