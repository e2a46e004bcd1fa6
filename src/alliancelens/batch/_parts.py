"""Rows as Arrow tables, and finished inputs kept under ``DIR/.parts/`` for ``--resume``.

Workers turn their rows into Arrow IPC bytes (:func:`encode_tables`), so the parent process only
writes bytes. Each finished input is one part file, written atomically: a run killed at any
moment leaves whole parts or none. Parts are named by
:func:`~alliancelens.batch._spec.part_key` (resolved path, content hash, run fingerprint).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from alliancelens.batch._rows import FINDING_COLUMNS, SESSION_COLUMNS, SessionRows

__all__ = [
    "BASE_COLUMNS",
    "KNOWN_TYPES",
    "TABLES",
    "PartStore",
    "encode_tables",
    "rows_table",
    "write_atomically",
]

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
    "risk_flags": pa.int64(),
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
    columns = _columns(rows)
    names = [c for c in base if c in columns] + sorted(c for c in columns if c not in base)
    arrays = [_array(name, columns[name]) for name in names]
    return pa.table(dict(zip(names, arrays, strict=True)))


def _columns(rows: Sequence[dict[str, Any]]) -> dict[str, list[Any]]:
    """Column name -> its value in every row (None where a row lacks it), in one pass.

    Names are in order of first appearance. One walk over the rows' items instead of one
    lookup per row and column: rows of different sessions have different ``codes.*`` columns.
    """
    columns: dict[str, list[Any]] = {}
    for number, row in enumerate(rows):
        for name, value in row.items():
            column = columns.get(name)
            if column is None:
                column = columns[name] = [None] * number
            elif len(column) < number:
                column.extend([None] * (number - len(column)))
            column.append(value)
    for column in columns.values():
        if len(column) < len(rows):
            column.extend([None] * (len(rows) - len(column)))
    return columns


def encode_tables(sessions: Sequence[SessionRows]) -> dict[str, bytes]:
    """The three tables of some sessions as Arrow IPC stream bytes (built in the worker)."""
    rows = {
        "utterances": [r for s in sessions for r in s.utterances],
        "sessions": [s.session for s in sessions],
        "findings": [r for s in sessions for r in s.findings],
    }
    return {name: _ipc(rows_table(rows[name], BASE_COLUMNS[name])) for name in TABLES}


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


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
    """The ``.parts`` folder of one output directory: one ``<key>.part`` file per input.

    A part file is one line of JSON (the marker: what the input was, plus where each table of
    each slice lies in the file) followed by the Arrow IPC streams. It is written to a
    temporary file and moved into place, so it is whole or absent.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _file(self, key: str) -> Path:
        return self.directory / f"{key}.part"

    def marker(self, key: str) -> dict[str, Any] | None:
        """The marker of a finished part, or None if there is none (or it is unreadable)."""
        try:
            with self._file(key).open("rb") as stream:
                loaded: dict[str, Any] = json.loads(stream.readline())
        except (OSError, ValueError):
            return None
        return loaded if isinstance(loaded, dict) and "blobs" in loaded else None

    def write(self, key: str, slices: Sequence[dict[str, bytes]], marker: dict[str, Any]) -> None:
        """Store one input: the tables of each of its slices, in order, under ``marker``."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        blobs: list[list[Any]] = []
        payload: list[bytes] = []
        offset = 0
        for number, tables in enumerate(slices):
            for name in TABLES:
                data = tables[name]
                blobs.append([number, name, offset, len(data)])
                payload.append(data)
                offset += len(data)
        header = json.dumps({**marker, "blobs": blobs}, sort_keys=True).encode("utf-8")

        def write(path: Path) -> None:
            with path.open("wb") as stream:
                stream.write(header + b"\n")
                stream.writelines(payload)

        write_atomically(self._file(key), write)

    def _readers(self, key: str, name: str) -> list[pa.ipc.RecordBatchStreamReader]:
        """Readers of table ``name``'s blobs only (the others are not read from disk)."""
        readers = []
        with self._file(key).open("rb") as stream:
            header = stream.readline()
            for _, table, offset, size in json.loads(header)["blobs"]:
                if table == name:
                    stream.seek(len(header) + offset)
                    readers.append(pa.ipc.open_stream(pa.py_buffer(stream.read(size))))
        return readers

    def tables(self, key: str, name: str) -> list[pa.Table]:
        """Every slice's table ``name`` of one part, in slice order."""
        return [reader.read_all() for reader in self._readers(key, name)]

    def schemas(self, key: str, name: str) -> list[pa.Schema]:
        """The schemas of :meth:`tables` (without decoding the data)."""
        return [reader.schema for reader in self._readers(key, name)]

    def stale(self, keep: set[str]) -> int:
        """How many parts :meth:`prune` would delete (temporary files not counted)."""
        if not self.directory.is_dir():
            return 0
        return sum(
            not p.name.startswith(".") and p.name.removesuffix(".part") not in keep
            for p in self.directory.iterdir()
        )

    def prune(self, keep: set[str]) -> int:
        """Delete parts (and stray temporary files) not in ``keep``; return how many went."""
        if not self.directory.is_dir():
            return 0
        removed = 0
        for path in self.directory.iterdir():
            if path.name.startswith(".") or path.name.removesuffix(".part") not in keep:
                path.unlink(missing_ok=True)
                removed += not path.name.startswith(".")
        return removed
