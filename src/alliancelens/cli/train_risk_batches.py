"""``alliancelens train risk-batches``: labelled benchmark folders -> risk training batches."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated

import typer

from alliancelens.cli._errors import user_errors
from alliancelens.cli._groups import train_app

__all__ = ["train_risk_batches"]


@train_app.command("risk-batches")
def train_risk_batches(
    folders: Annotated[
        list[Path], typer.Argument(help="Labelled folders (sess-*.json / risk-*.json).")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for the batch-<folder>.jsonl files.")
    ] = Path("training-data/risk-heldout"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the files as JSON.")] = False,
) -> None:
    """Write one risk training batch per labelled folder (deterministic, with provenance)."""
    from alliancelens.analysers._risk_thread import gold_threads  # noqa: PLC0415 - fast start
    from alliancelens.models.risk_benchmarks import write_benchmark_batch  # noqa: PLC0415

    with user_errors():
        written = [write_benchmark_batch(folder, output, gold_threads) for folder in folders]
    files = {
        str(path): {
            "lines": path.read_bytes().count(b"\n"),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
        for path in written
    }
    if as_json:
        typer.echo(json.dumps(files, indent=2))
        return
    for path, info in files.items():
        typer.echo(f"{path}: {info['lines']} lines, sha256 {info['sha256']}")
