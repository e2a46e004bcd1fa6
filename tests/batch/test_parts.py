"""Rows as Arrow tables, and the part files that make --resume possible."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from alliancelens.batch._parts import PartStore, encode_tables, rows_table, write_atomically
from alliancelens.batch._rows import SessionRows


def _session(session_id: str, code: object) -> SessionRows:
    return SessionRows(
        utterances=[{"session_id": session_id, "index": 0, "codes.x": code}],
        session={"session_id": session_id, "utterances": 1, "analysers_not_ok": 0},
        findings=[{"session_id": session_id, "finding": 0, "evidence_indexes": []}],
        analyser_seconds={},
    )


def test_rows_table_orders_base_columns_first_then_sorted() -> None:
    """Base columns keep their order; others follow alphabetically; gaps are null."""
    table = rows_table([{"z": 1, "index": 0}, {"a": "x", "index": 1}], ("session_id", "index"))
    assert table.column_names == ["index", "a", "z"]
    assert table.column("z").to_pylist() == [1, None]


def test_mixed_value_kinds_become_text() -> None:
    """A column mixing text and numbers is stored as text (numbers as JSON)."""
    table = rows_table([{"c": "yes"}, {"c": 2}, {"c": True}, {"c": None}], ())
    assert table.column("c").type == pa.string()
    assert table.column("c").to_pylist() == ["yes", "2", "true", None]


def test_known_columns_have_fixed_types() -> None:
    """Times are floats and evidence lists are lists of integers even when values suggest else."""
    table = rows_table([{"start": 1, "evidence_indexes": []}], ())
    assert table.schema.field("start").type == pa.float64()
    assert table.schema.field("evidence_indexes").type == pa.list_(pa.int64())


def test_parts_round_trip_with_slices(tmp_path: Path) -> None:
    """A part keeps every slice's tables in order, under its marker."""
    store = PartStore(tmp_path / ".parts")
    slices = [encode_tables([_session("a", 1)]), encode_tables([_session("b", "text")])]
    store.write("k1", slices, {"path": "x.csv", "sessions": 2})
    assert store.marker("k1") is not None
    assert store.marker("k1")["sessions"] == 2
    tables = store.tables("k1", "utterances")
    assert [t.column("session_id").to_pylist() for t in tables] == [["a"], ["b"]]
    assert [s.field("codes.x").type for s in store.schemas("k1", "utterances")] == [
        pa.int64(),
        pa.string(),
    ]


def test_missing_or_damaged_parts_have_no_marker(tmp_path: Path) -> None:
    """A part that is absent or whose header is not JSON does not count as done."""
    store = PartStore(tmp_path)
    assert store.marker("nope") is None
    (tmp_path / "bad.part").write_bytes(b"\x00\x01 not json\n")
    assert store.marker("bad") is None


def test_prune_keeps_only_the_parts_of_this_run(tmp_path: Path) -> None:
    """Parts of inputs no longer in the run, and stray temporary files, are removed."""
    store = PartStore(tmp_path)
    for key in ("keep", "old"):
        store.write(key, [encode_tables([_session(key, 1)])], {})
    (tmp_path / ".keep.part.123.tmp").write_text("half", "utf-8")
    assert store.prune({"keep"}) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.part"]


def test_write_atomically_leaves_nothing_on_failure(tmp_path: Path) -> None:
    """A failed write removes its temporary file and leaves the old file intact."""
    target = tmp_path / "t.json"
    target.write_text(json.dumps({"old": True}), "utf-8")

    def explode(path: Path) -> None:
        path.write_text("partial", "utf-8")
        raise RuntimeError

    with pytest.raises(RuntimeError):
        write_atomically(target, explode)
    assert json.loads(target.read_text("utf-8")) == {"old": True}
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]


def test_stale_counts_what_prune_would_delete_without_deleting(tmp_path: Path) -> None:
    """``stale`` counts parts outside ``keep`` (not temporary files) and removes nothing."""
    store = PartStore(tmp_path / "parts")
    assert store.stale(set()) == 0  # no folder yet
    for key in ("keep", "old", "older"):
        store.write(key, [encode_tables([_session(key, 1)])], {})
    (store.directory / ".keep.part.123.tmp").write_text("half", "utf-8")
    assert store.stale({"keep"}) == 2
    assert len(list(store.directory.iterdir())) == 4
