"""QA40 #13: a note sentence lists a dozen utterances at most, then says how many in all."""

from __future__ import annotations

import pytest

from alliancelens.notes._transcript_text import MAX_LISTED, indexes
from alliancelens.notes.model import Evidence
from alliancelens.notes.render import evidence_label


@pytest.mark.parametrize("count", [1, MAX_LISTED, MAX_LISTED + 1, 3000])
def test_index_lists_are_capped_with_the_count(count: int) -> None:
    """Up to MAX_LISTED indexes are listed in full; past it the first ones and "N in all"."""
    text = indexes(range(0, 2 * count, 2))
    if count <= MAX_LISTED:
        assert text == ", ".join(str(i) for i in range(0, 2 * count, 2))
    else:
        assert text.startswith("0, 2, 4") and f"({count} in all;" in text
        assert text.count(",") <= MAX_LISTED + 1
        assert len(text) < 120


def test_an_uncapped_list_is_still_possible() -> None:
    """``limit=None`` lists every index (for callers that must)."""
    assert indexes(range(20), limit=None).count(",") == 19


def test_evidence_label_caps_utterances_but_the_evidence_keeps_them() -> None:
    """The rendered label is short; the sentence's evidence (the JSON note) keeps all 500."""
    evidence = [Evidence.utterance(i) for i in range(500)] + [
        Evidence("finding", {"analyser": "microskills.codes"})
    ]
    label = evidence_label(evidence)
    assert "(500 in all;" in label and label.endswith("microskills.codes")
    assert len(label) < 160 and len(evidence) == 501
