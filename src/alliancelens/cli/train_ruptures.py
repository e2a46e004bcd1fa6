"""``alliancelens train ruptures``: rebuild the rupture classifiers from the synthetic data."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from alliancelens.cli._errors import user_errors
from alliancelens.cli._groups import train_app
from alliancelens.cli._output import report_console

__all__ = ["train_ruptures"]

_DEFAULT_DATA = Path("training-data/ruptures")


def _systems() -> dict[str, Any]:
    """The predictors scored across batches: the model alone, the rules alone, both."""
    from alliancelens.analysers.ruptures import strategies_in  # noqa: PLC0415
    from alliancelens.analysers.ruptures._markers import pair_markers  # noqa: PLC0415
    from alliancelens.analysers.ruptures._model_cues import (  # noqa: PLC0415
        ModelThresholds,
        model_strategies,
    )
    from alliancelens.models.rupture_evaluation import (  # noqa: PLC0415
        model_only_markers,
        model_only_strategies,
    )

    limits = ModelThresholds()
    return {
        "model": (model_only_markers(limits.threshold), model_only_strategies(limits.strategy)),
        "rules": (
            lambda pair, _scores: pair_markers(pair.previous_text, pair.text),
            lambda pair, _probs: set(strategies_in(pair.text)),
        ),
        "rules+model": (
            lambda pair, scores: pair_markers(pair.previous_text, pair.text, scores, limits),
            lambda pair, probs: (
                set(strategies_in(pair.text)) | set(model_strategies(probs, limits))
            ),
        ),
    }


def _session_examples(folders: list[Path], labels: Any) -> tuple[list[Any], dict[str, Any] | None]:
    """Examples from labelled session folders and their manifest entry (None without folders)."""
    if not folders:
        return [], None
    from alliancelens.models.rupture_sessions import read_session_examples  # noqa: PLC0415

    examples, digest, names = read_session_examples(folders, labels)
    return examples, {"folders": names, "sha256": digest, "examples": len(examples)}


@train_app.command("ruptures")
def train_ruptures(
    data: Annotated[
        Path,
        typer.Option("--data", help="Folder of *.jsonl training files (one utterance a line)."),
    ] = _DEFAULT_DATA,
    sessions: Annotated[
        list[Path] | None,
        typer.Option(
            "--sessions",
            help="Also train on the labelled sess-*.json excerpts in this folder (repeatable; "
            "spent blind sets only).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Folder for the model file (default: the package's own)."
        ),
    ] = None,
    cross_batch: Annotated[
        bool,
        typer.Option(
            "--cross-batch",
            help="Also train on earlier batches and score each later batch (takes a minute).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Train the rupture marker and strategy classifiers (byte-reproducible)."""
    from alliancelens.analysers.ruptures._model_cues import rupture_labels  # noqa: PLC0415
    from alliancelens.models.rupture_evaluation import (  # noqa: PLC0415
        cross_batch_report,
        pooled,
    )
    from alliancelens.models.rupture_model import (  # noqa: PLC0415 - keep CLI start fast
        save_rupture_model,
        shipped_rupture_dir,
    )
    from alliancelens.models.rupture_training import (  # noqa: PLC0415
        read_examples,
        train_rupture_model,
    )

    labels = rupture_labels()
    with user_errors():
        examples, digest = read_examples(data, labels)
        extra, provenance = _session_examples(sessions or [], labels)
        examples += extra
        model = train_rupture_model(
            examples, labels=labels, data_sha256=digest, sessions=provenance
        )
        path = save_rupture_model(model, output or shipped_rupture_dir())
        report = cross_batch_report(examples, labels, _systems()) if cross_batch else None
    result = {
        "file": str(path),
        "bytes": path.stat().st_size,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "manifest": json.loads(model.manifest_text),
        "cross_batch": report,
        "cross_batch_pooled": pooled(report) if report else None,
    }
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    _render(report_console(), result)


def _render(console: Console, result: dict[str, Any]) -> None:
    data = result["manifest"]["training_data"]
    console.print(
        f"Trained on {data['examples']} utterances ({data['client']} client, "
        f"{data['therapist']} therapist; batches {data['batches']}; data sha256 "
        f"{data['sha256'][:12]}…)."
    )
    console.print(f"Wrote {result['file']} ({result['bytes']} bytes, sha256 {result['sha256']}).")
    if not result["cross_batch"]:
        return
    table = Table(
        title="Cross-batch: train on earlier batches, score the next", title_justify="left"
    )
    for column in ("test batch", "system", "kind P/R", "marker P/R", "strategy P/R", "hard neg."):
        table.add_column(column)
    rows = [(str(r["test_batch"]), r["systems"]) for r in result["cross_batch"]]
    for batch, systems in [*rows, ("pooled", result["cross_batch_pooled"])]:
        for name, scores in systems.items():
            table.add_row(
                batch,
                name,
                *(_pr(scores[k]) for k in ("kind", "marker", "strategy")),
                f"{scores['hard_negatives']['flagged']}/"
                f"{scores['hard_negatives']['client_utterances']}",
            )
    console.print(table)


def _pr(counts: dict[str, Any]) -> str:
    def rate(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    return f"{rate(counts['precision'])}/{rate(counts['recall'])}"
