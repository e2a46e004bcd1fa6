"""Corpus-level checks of a finished run: reader warnings counted, duplicated inputs found.

Both go into the manifest (``reader_warnings`` and ``duplicates``, see ``docs/batch.md``) and
the CLI prints one line each, so a researcher learns that roles were guessed in 700 of 1,000
Zoom exports, or that two inputs hold the same session, without reading the manifest first.
Inputs are named as in the manifest (``input-<n>``, or by path with ``--keep-ids``) and sessions
are counted, never named (a session id can be a name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from alliancelens.batch._manifest import InputRecord
from alliancelens.ingest.assemble import ROLES_GUESSED_WARNING

__all__ = ["duplicates", "reader_warnings"]

#: Reader warning kinds and a phrase that every warning of that kind contains.
_KINDS = {
    "roles_guessed": ROLES_GUESSED_WARNING,
    "encoding_guessed": "not valid UTF-8",  # alliancelens.ingest._decode
}


def reader_warnings(records: Sequence[InputRecord]) -> dict[str, int]:
    """How many inputs have reader warnings, in all and by kind (an input counts once a kind)."""
    counts = {"inputs": 0, **dict.fromkeys(_KINDS, 0), "other": 0}
    for record in records:
        if not record.warnings:
            continue
        counts["inputs"] += 1
        kinds = {_kind(w) for w in record.warnings}
        for kind in kinds:
            counts[kind] += 1
    return counts


def _kind(warning: str) -> str:
    return next((kind for kind, phrase in _KINDS.items() if phrase in warning), "other")


def duplicates(
    records: Sequence[InputRecord], session_ids: dict[str, Sequence[str]]
) -> dict[str, list[dict[str, Any]]]:
    """Inputs with identical content, and inputs that share session ids.

    ``session_ids`` maps an input's name to the ids of its sessions. Rows grouped by
    ``session_id`` would silently merge or double-count such inputs.
    """
    by_content: dict[str, list[str]] = defaultdict(list)
    for record in records:
        if record.sha256 and record.status in {"analysed", "resumed"}:
            by_content[record.sha256].append(record.name)
    content: list[dict[str, Any]] = [
        {"sha256": sha, "inputs": paths} for sha, paths in by_content.items() if len(paths) > 1
    ]
    owners: dict[str, list[str]] = defaultdict(list)
    for path, ids in session_ids.items():
        for session_id in dict.fromkeys(ids):
            owners[session_id].append(path)
    shared: dict[tuple[str, ...], int] = defaultdict(int)
    for paths in owners.values():
        if len(paths) > 1:
            shared[tuple(paths)] += 1
    repeated: list[dict[str, Any]] = [
        {"inputs": list(paths), "repeated_ids": n} for paths, n in shared.items()
    ]
    return {"content": content, "session_ids": repeated}
