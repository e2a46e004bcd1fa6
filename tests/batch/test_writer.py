"""Assembling parts into the final Parquet and CSV tables."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from alliancelens.batch._parts import PartStore, encode_tables
from alliancelens.batch._rows import SessionRows
from alliancelens.batch._writer import DonePart, write_tables


def _session(session_id: str, **codes: object) -> SessionRows:
    utterance = {
        "session_id": session_id,
        "index": 0,
        **{f"codes.{k}": v for k, v in codes.items()},
    }
    return SessionRows(
        utterances=[utterance],
        session={"session_id": session_id, "utterances": 1, "analysers_not_ok": 0},
        findings=[{"session_id": session_id, "finding": 0, "evidence_indexes": [0, 2]}],
        analyser_seconds={},
    )


def _write(tmp_path: Path, sessions: list[SessionRows]) -> dict[str, Path]:
    store = PartStore(tmp_path / ".parts")
    parts = []
    for number, session in enumerate(sessions):
        key = f"k{number}"
        store.write(key, [encode_tables([session])], {})
        parts.append(DonePart(key, f"in/{number}.txt", f"sha{number}", "text"))
    written = write_tables(store, parts, tmp_path, include_text=False, run_id="run-1")
    return {name: path for table in written for name, path in table.files.items()}


def test_columns_are_the_union_and_types_are_widened(tmp_path: Path) -> None:
    """Ints and floats widen to float; text and numbers to text; absent codes are null."""
    files = _write(
        tmp_path,
        [_session("a", n=1, mixed=1, only_a=True), _session("b", n=2.5, mixed="x")],
    )
    table = pq.read_table(files["utterances.parquet"])
    assert table.column_names[:3] == ["input_path", "session_id", "index"]
    assert table.schema.field("codes.n").type == pa.float64()
    assert table.column("codes.n").to_pylist() == [1.0, 2.5]
    assert table.column("codes.mixed").to_pylist() == ["1", "x"]
    assert table.column("codes.only_a").to_pylist() == [True, None]
    assert table.column("input_path").to_pylist() == ["in/0.txt", "in/1.txt"]


def test_sessions_table_names_the_input_and_its_hash(tmp_path: Path) -> None:
    """The sessions table starts with the input path, content hash and format."""
    files = _write(tmp_path, [_session("a")])
    row = pq.read_table(files["sessions.parquet"]).to_pylist()[0]
    assert (row["input_path"], row["input_sha256"], row["input_format"]) == (
        "in/0.txt",
        "sha0",
        "text",
    )


def test_csv_twin_has_the_same_rows_with_lists_as_json(tmp_path: Path) -> None:
    """The CSV twin matches the Parquet table; list columns are JSON text."""
    files = _write(tmp_path, [_session("a"), _session("b")])
    with files["findings.csv"].open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    parquet = pq.read_table(files["findings.parquet"]).to_pylist()
    assert [r["session_id"] for r in rows] == [r["session_id"] for r in parquet]
    assert json.loads(rows[0]["evidence_indexes"]) == [0, 2]


def test_run_id_is_in_the_parquet_metadata(tmp_path: Path) -> None:
    """Each Parquet file names the run it belongs to."""
    files = _write(tmp_path, [_session("a")])
    metadata = pq.read_schema(files["sessions.parquet"]).metadata
    assert metadata[b"alliancelens.run_id"] == b"run-1"


def test_no_inputs_still_gives_tables_with_the_base_columns(tmp_path: Path) -> None:
    """With nothing analysed, the tables exist, empty, with their base columns."""
    files = _write(tmp_path, [])
    table = pq.read_table(files["utterances.parquet"])
    assert table.num_rows == 0
    assert {"input_path", "session_id", "index", "role"} <= set(table.column_names)
    assert "text" not in table.column_names
    assert files["utterances.csv"].read_text("utf-8").startswith('"input_path"')
