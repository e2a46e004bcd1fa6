"""Retention purge: remove a session's raw text and pseudonymise what still identifies the client.

That is the file-name-derived session key, speaker labels, and quoted phrases inside findings.

What is kept: utterance positions, roles and timings, the session date, and the findings' codes
and scores (with quotes and speaker names taken out). See docs/security.md, "Retention".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session as DbSession

from alliancelens.storage.tables import AnalysisRow, FindingRow, SessionRow, UtteranceRow

__all__ = ["REMOVED", "pseudonyms", "purge_session", "scrub_value"]

#: What replaces a quoted phrase (or a ``matched`` value) in a purged session's findings.
REMOVED = "[removed: text purged]"
#: Keys of finding values that hold words copied from the transcript.
_QUOTE_KEYS = frozenset({"matched", "quote", "quotes", "text", "excerpt", "phrase", "words"})
#: A phrase in single or double quotes (or typographic quotes) inside a sentence.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|‘[^’]*’|“[^”]*”")


def pseudonyms(speakers: list[Mapping[str, Any]] | None) -> dict[str, str]:
    """Speaker label -> ``"<role> <n>"`` (``therapist 1``, ``client 1``, ``client 2``, …)."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for speaker in speakers or ():
        role = str(speaker.get("role") or "speaker")
        counts[role] = counts.get(role, 0) + 1
        names.setdefault(str(speaker.get("label")), f"{role} {counts[role]}")
    return names


def scrub_value(value: Any, names: Mapping[str, str], *, key: str | None = None) -> Any:
    """A finding value with quotes removed and speaker labels replaced by their pseudonyms."""
    if isinstance(value, dict):
        return {
            names.get(str(k), str(k)): scrub_value(v, names, key=str(k)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [scrub_value(v, names, key=key) for v in value]
    if isinstance(value, str):
        if key in _QUOTE_KEYS:
            return REMOVED
        if value in names:
            return names[value]
        return _QUOTED.sub(REMOVED, value)
    return value


def purge_session(db: DbSession, *, session_id: int, now: dt.datetime) -> None:
    """Purge one session in the caller's transaction (idempotent: purging twice is harmless)."""
    row = db.get(SessionRow, session_id)
    if row is None:
        return
    names = pseudonyms(row.speakers)
    row.speakers = [
        {"label": names.get(str(s.get("label")), "speaker"), "role": s.get("role")}
        for s in row.speakers or ()
    ]
    row.source_key = f"session-{session_id}"
    row.source_name = None
    row.notes = None
    row.extra = None
    if row.text_purged_at is None:
        row.text_purged_at = now
    for utterance in db.scalars(select(UtteranceRow).where(UtteranceRow.session_id == session_id)):
        utterance.text = None
        utterance.speaker = names.get(utterance.speaker, utterance.role)
    analyses = select(AnalysisRow.id).where(AnalysisRow.session_id == session_id)
    for finding in db.scalars(select(FindingRow).where(FindingRow.analysis_id.in_(analyses))):
        if finding.value is not None:
            scrubbed = scrub_value(finding.value, names)
            db.execute(update(FindingRow).where(FindingRow.id == finding.id).values(value=scrubbed))
    db.flush()
