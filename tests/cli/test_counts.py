"""Deleted-row counts in words: no table names, singular for one."""

from __future__ import annotations

import pytest

from alliancelens.cli._counts import counted


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ({"sessions": 1, "consents": 3, "jobs": 2}, " (1 session, 3 consents, 2 analysis jobs)"),
        (
            {"journal_entries": 1, "measure_administrations": 2},
            " (1 journal entry, 2 measure forms)",
        ),
        ({"measure_forms_unlinked": 1, "utterances": 0}, " (1 measure form unlinked (kept))"),
        ({"new_kind_rows": 2}, " (2 new kind rows)"),
        ({"sessions": 0}, ""),
    ],
    ids=["plural-and-singular", "table-names", "zero-left-out", "unknown-key", "nothing"],
)
def test_counts_read_as_words(counts: dict[str, int], shown: str) -> None:
    """Each non-zero count reads as words, with the singular for one and no underscores."""
    assert counted(counts) == shown
