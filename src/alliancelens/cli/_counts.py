"""Counts of deleted rows in words a user reads ("3 analysis jobs"), not table names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["counted"]

#: Singular and plural words per count key the use cases report.
_WORDS: Final[dict[str, tuple[str, str]]] = {
    "sessions": ("session", "sessions"),
    "utterances": ("utterance", "utterances"),
    "analyses": ("analysis", "analyses"),
    "jobs": ("analysis job", "analysis jobs"),
    "consents": ("consent", "consents"),
    "journal_entries": ("journal entry", "journal entries"),
    "measure_forms": ("measure form", "measure forms"),
    "measure_administrations": ("measure form", "measure forms"),
    "measure_forms_unlinked": ("measure form unlinked (kept)", "measure forms unlinked (kept)"),
    "form_links": ("form link", "form links"),
    "client_logins": ("client login", "client logins"),
}


def _words(key: str, n: int) -> str:
    one, many = _WORDS.get(key, (key.replace("_", " "), key.replace("_", " ")))
    return f"{n} {one if n == 1 else many}"


def counted(counts: Mapping[str, int]) -> str:
    """`` (1 session, 3 consents)`` for the non-zero counts, or ``""`` when there are none."""
    shown = ", ".join(_words(k, n) for k, n in counts.items() if n)
    return f" ({shown})" if shown else ""
