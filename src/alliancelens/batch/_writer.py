"""Assemble the stored parts into the final tables: Parquet and CSV, one pass, bounded memory.

The column set of a table is the union over all inputs (an analyser code seen in one session
is a column for all, null elsewhere). A column whose type differs between inputs is widened:
integers and floats to float, anything else mixed to text. Inputs come in their discovery order,
so the same inputs give the same tables on any engine and with any number of workers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from alliancelens.batch._parts import BASE_COLUMNS, KNOWN_TYPES, TABLES, PartStore

__all__ = ["DonePart", "WrittenTable", "write_tables"]

#: Rows buffered before a Parquet row group is written.
ROW_GROUP_ROWS = 100_000
_TEXT_ONLY = frozenset({"speaker_label", "text"})


@dataclass(frozen=True, slots=True)
class DonePart:
    """One finished input, in output order."""

    key: str
    path: str
    sha256: str
    format: str


@dataclass(frozen=True, slots=True)
class WrittenTable:
    """A table written to temporary files, ready to be moved into place."""

    name: str
    rows: int
    columns: int
    files: dict[str, Path]  # final name -> temporary path


def _constants(table: str, part: DonePart, rows: int) -> dict[str, pa.Array]:
    values = {"input_path": part.path}
    if table == "sessions":
        values |= {"input_sha256": part.sha256, "input_format": part.format}
    return {name: pa.array([value] * rows, pa.string()) for name, value in values.items()}


def _constant_names(table: str) -> list[str]:
    if table == "sessions":
        return ["input_path", "input_sha256", "input_format"]
    return ["input_path"]


def _widest(types: Sequence[pa.DataType]) -> pa.DataType:
    real = {t for t in types if not pa.types.is_null(t)}
    if not real:
        return pa.null()
    if len(real) == 1:
        return real.pop()
    if all(pa.types.is_integer(t) or pa.types.is_floating(t) for t in real):
        return pa.float64()
    return pa.string()


def _target_schema(
    table: str, schemas: Sequence[pa.Schema], *, include_text: bool, run_id: str
) -> pa.Schema:
    found: dict[str, list[pa.DataType]] = {}
    for schema in schemas:
        for field in schema:
            found.setdefault(field.name, []).append(field.type)
    if not schemas:  # no input analysed: the base columns, so readers still see the layout
        base = [c for c in BASE_COLUMNS[table] if include_text or c not in _TEXT_ONLY]
        found = {c: [KNOWN_TYPES[c]] for c in base}
    base = [c for c in BASE_COLUMNS[table] if c in found]
    names = base + sorted(c for c in found if c not in base)
    fields = [pa.field(n, pa.string()) for n in _constant_names(table)]
    fields += [pa.field(n, _widest(found[n])) for n in names]
    metadata = {"alliancelens.run_id": run_id, "alliancelens.table": table}
    return pa.schema(fields, metadata=metadata)


def _as_text(array: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Text for CSV cells and mixed columns; lists of integers as JSON (``[1, 2]``), vectorised."""
    if pa.types.is_list(array.type) and pa.types.is_integer(array.type.value_type):
        joined = pc.binary_join(array.cast(pa.list_(pa.string())), ", ")
        return pc.binary_join_element_wise("[", joined, "]", "")
    if pa.types.is_list(array.type) or pa.types.is_struct(array.type):
        return pa.array(
            [None if v is None else json.dumps(v) for v in array.to_pylist()], pa.string()
        )
    return pc.cast(array, pa.string())


def _conformed(table: pa.Table, part: DonePart, name: str, schema: pa.Schema) -> pa.Table:
    columns = _constants(name, part, table.num_rows)
    existing = dict(zip(table.column_names, table.columns, strict=True))
    for field in schema:
        if field.name in columns:
            continue
        column = existing.get(field.name)
        if column is None:
            columns[field.name] = pa.nulls(table.num_rows, field.type)
        elif column.type == field.type:
            columns[field.name] = column
        elif pa.types.is_string(field.type):
            columns[field.name] = _as_text(column)
        else:
            columns[field.name] = column.cast(field.type)
    return pa.table(columns, schema=schema)


def _csv_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema(
        [pa.field(f.name, pa.string()) if pa.types.is_list(f.type) else f for f in schema]
    )


def _for_csv(table: pa.Table, schema: pa.Schema) -> pa.Table:
    columns = {
        f.name: _as_text(table.column(f.name)) if pa.types.is_list(f.type) else table.column(f.name)
        for f in table.schema
    }
    return pa.table(columns, schema=schema)


def write_table(
    name: str,
    store: PartStore,
    parts: Sequence[DonePart],
    directory: Path,
    *,
    include_text: bool,
    run_id: str,
) -> WrittenTable:
    """Write ``DIR/.<name>.parquet.tmp`` and ``.csv.tmp`` from the parts, in order."""
    schemas = [schema for p in parts for schema in store.schemas(p.key, name)]
    schema = _target_schema(name, schemas, include_text=include_text, run_id=run_id)
    csv_schema = _csv_schema(schema)
    parquet_tmp = directory / f".{name}.parquet.tmp"
    csv_tmp = directory / f".{name}.csv.tmp"
    for tmp in (parquet_tmp, csv_tmp):
        _private_file(tmp)
    rows = 0
    buffer: list[pa.Table] = []
    buffered = 0
    with (
        pq.ParquetWriter(str(parquet_tmp), schema) as parquet,
        pa_csv.CSVWriter(str(csv_tmp), csv_schema) as csv,
    ):

        def flush() -> None:
            if buffer:
                joined = pa.concat_tables(buffer)
                parquet.write_table(joined)
                csv.write_table(_for_csv(joined, csv_schema))
                buffer.clear()

        for part in parts:
            for stored in store.tables(part.key, name):
                table = _conformed(stored, part, name, schema)
                rows += table.num_rows
                buffered += table.num_rows
                buffer.append(table)
            if buffered >= ROW_GROUP_ROWS:
                flush()
                buffered = 0
        flush()
    files = {f"{name}.parquet": parquet_tmp, f"{name}.csv": csv_tmp}
    return WrittenTable(name, rows, len(schema), files)


def _private_file(path: Path) -> None:
    """Create (or truncate) ``path`` readable by its owner only before a writer opens it.

    The tables may hold transcript text (``--include-text``) and file names that may be names
    (QA27 #3): like every other export they are mode 0600 from the first byte, whatever the umask.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(descriptor)
    path.chmod(0o600)  # an existing file keeps its mode on O_CREAT: set it


def write_tables(
    store: PartStore,
    parts: Sequence[DonePart],
    directory: Path,
    *,
    include_text: bool,
    run_id: str,
) -> list[WrittenTable]:
    """Write every table to temporary files in ``directory`` (the caller moves them in place).

    The tables are written in parallel threads: Arrow's Parquet and CSV writers release the GIL.
    """
    with ThreadPoolExecutor(max_workers=len(TABLES)) as pool:
        futures = [
            pool.submit(
                write_table, name, store, parts, directory, include_text=include_text, run_id=run_id
            )
            for name in TABLES
        ]
        return [future.result() for future in futures]
