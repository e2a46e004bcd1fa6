"""Finished inputs, kept as Arrow files under ``DIR/.parts/``: the checkpoint ``--resume`` uses.

Each analysed input is stored as three Arrow IPC files (its utterance, session and finding rows)
plus a small JSON marker written last; an input counts as done only when its marker exists, so a
run killed at any moment leaves whole parts or no part. Parts are named by
:func:`~alliancelens.batch._spec.part_key` (resolved path, content hash, run fingerprint).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from alliancelens.batch._rows import FINDING_COLUMNS, SESSION_COLUMNS, SessionRows

__all__ = ["BASE_COLUMNS", "KNOWN_TYPES", "TABLES", "PartStore", "rows_table", "write_atomically"]

TABLES = ("utterances", "sessions", "findings")
BASE_COLUMNS: dict[str, tuple[str, ...]] = {
    "utterances": (
        "session_id",
        "index",
        "speaker",
        "speaker_label",
        "role",
        "start",
        "end",
        "words",
        "text",
    ),
    "sessions": SESSION_COLUMNS,
    "findings": FINDING_COLUMNS,
}
#: Columns whose type is fixed, whatever the values of one input happen to be.
KNOWN_TYPES: dict[str, pa.DataType] = {
    "session_id": pa.string(),
    "index": pa.int64(),
    "speaker": pa.string(),
    "speaker_label": pa.string(),
    "role": pa.string(),
    "text": pa.string(),
    "start": pa.float64(),
    "end": pa.float64(),
    "words": pa.int64(),
    "date": pa.string(),
    "modality": pa.string(),
    "utterances": pa.int64(),
    "speakers": pa.int64(),
    "therapists": pa.int64(),
    "clients": pa.int64(),
    "timed": pa.bool_(),
    "analysers_not_ok": pa.int64(),
    "finding": pa.int64(),
    "kind": pa.string(),
    "family": pa.string(),
    "analyser": pa.string(),
    "analyser_version": pa.int64(),
    "scope": pa.string(),
    "utterance_index": pa.int64(),
    "evidence_indexes": pa.list_(pa.int64()),
    "evidence_scores": pa.string(),
    "value": pa.string(),
}


def _array(name: str, values: list[Any]) -> pa.Array:
    """An Arrow array; values of mixed kinds (text and numbers) become JSON text."""
    known = KNOWN_TYPES.get(name)
    if known is not None:
        return pa.array(values, type=known)
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return pa.array(
            [v if v is None or isinstance(v, str) else json.dumps(v) for v in values],
            type=pa.string(),
        )


def rows_table(rows: Sequence[dict[str, Any]], base: Sequence[str]) -> pa.Table:
    """Rows as a table: ``base`` columns first (those present), then the others sorted."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    names = [c for c in base if c in seen] + sorted(c for c in seen if c not in base)
    arrays = [_array(name, [row.get(name) for row in rows]) for name in names]
    return pa.table(dict(zip(names, arrays, strict=True)))


def write_atomically(path: Path, write: Any) -> None:
    """Call ``write(temp_path)`` for a temporary file beside ``path``, then move it into place."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(Path(tmp))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class PartStore:
    """The ``.parts`` folder of one output directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _file(self, key: str, table: str) -> Path:
        return self.directory / f"{key}.{table}.arrow"

    def _marker(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def marker(self, key: str) -> dict[str, Any] | None:
        """The marker of a finished part, or None if there is none (or it is unreadable)."""
        path = self._marker(key)
        if not path.is_file() or not all(self._file(key, t).is_file() for t in TABLES):
            return None
        try:
            loaded: dict[str, Any] = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return loaded

    def write(self, key: str, sessions: Iterable[SessionRows], marker: dict[str, Any]) -> None:
        """Store one input's rows; the marker goes last."""
        self.directory.mkdir(parents=True, exist_ok=True)
        chosen = list(sessions)
        tables = {
            "utterances": rows_table(
                [r for s in chosen for r in s.utterances], BASE_COLUMNS["utterances"]
            ),
            "sessions": rows_table([s.session for s in chosen], BASE_COLUMNS["sessions"]),
            "findings": rows_table(
                [r for s in chosen for r in s.findings], BASE_COLUMNS["findings"]
            ),
        }
        for name, table in tables.items():
            write_atomically(self._file(key, name), lambda p, t=table: _write_ipc(p, t))
        text = json.dumps(marker, sort_keys=True)
        write_atomically(self._marker(key), lambda p: p.write_text(text, "utf-8"))

    def schema(self, key: str, table: str) -> pa.Schema:
        """The schema of one stored table (read without loading the data)."""
        with pa.OSFile(str(self._file(key, table))) as source:
            return pa.ipc.open_file(source).schema

    def read(self, key: str, table: str) -> pa.Table:
        """One stored table."""
        with pa.OSFile(str(self._file(key, table))) as source:
            return pa.ipc.open_file(source).read_all()

    def prune(self, keep: set[str]) -> int:
        """Delete parts (and stray temporary files) not in ``keep``; return how many parts went."""
        if not self.directory.is_dir():
            return 0
        removed: set[str] = set()
        for path in self.directory.iterdir():
            key = path.name.split(".", 1)[0]
            if path.name.startswith(".") or key not in keep:
                path.unlink(missing_ok=True)
                removed.add(key)
        return len(removed - {""})


def _write_ipc(path: Path, table: pa.Table) -> None:
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
