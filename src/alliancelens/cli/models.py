"""``alliancelens train microskills`` and ``alliancelens evaluate microskills``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from alliancelens.cli._errors import user_errors
from alliancelens.cli._groups import evaluate_app, train_app
from alliancelens.cli._output import model_files_table, progress_steps, report_console, write_output

__all__ = ["evaluate_microskills", "train_microskills"]

DataOpt = Annotated[
    Path,
    typer.Option(
        "--data",
        help="Folder with AnnoMI-full.csv (or AnnoMI-simple.csv), or one such CSV file.",
        show_default=False,
    ),
]


@train_app.command("microskills")
def train_microskills(
    data: DataOpt,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Folder for the model files (default: the package's own)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON.")] = False,
) -> None:
    """Train the micro-skill coder and write its model files (byte-reproducible)."""
    from alliancelens.models._corpus import read_corpus  # noqa: PLC0415 - keep CLI start fast
    from alliancelens.models.coder import save_coder, shipped_model_dir  # noqa: PLC0415
    from alliancelens.models.training import train_coder  # noqa: PLC0415

    with user_errors():
        corpus = read_corpus(data)
        folder = output or shipped_model_dir()
        with progress_steps("training micro-skill models") as step:
            coder = train_coder(corpus, progress=step)
            save_coder(coder, folder)
        files = {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())
            if p.is_file()
        }
    if as_json:
        typer.echo(
            json.dumps(
                {"folder": str(folder), "files": files, "manifest": coder.manifest}, indent=2
            )
        )
        return
    console = report_console()
    console.print(
        f"Trained on {corpus.source} (sha256 {corpus.sha256[:12]}…), "
        f"{len(corpus.dialogues)} transcripts, {corpus.utterances} utterances."
    )
    console.print(model_files_table(folder, files))


@evaluate_app.command("microskills")
def evaluate_microskills(
    data: DataOpt,
    folds: Annotated[int, typer.Option("--folds", min=2, help="Number of folds.")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the transcript folds.")] = 2024,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the JSON report here.")
    ] = None,
    shipped: Annotated[
        bool,
        typer.Option(
            "--shipped",
            help="Score the installed model as it is (no retraining): for held-out transcripts.",
        ),
    ] = False,
) -> None:
    """Grouped cross-validation by transcript (or --shipped: the installed model as it is).

    Cross-validation retrains the micro-skill coder once per fold: 5 models with --folds 5.

    That takes minutes: on AnnoMI about 6 min of CPU (15 min wall on a busy 2-core machine).

    --shipped retrains nothing and takes seconds.
    """
    from alliancelens.models._corpus import read_corpus  # noqa: PLC0415
    from alliancelens.models.coder import load_coder, model_digest  # noqa: PLC0415
    from alliancelens.models.evaluation import evaluate, evaluate_model  # noqa: PLC0415

    with user_errors():
        corpus = read_corpus(data)
        if shipped:
            coder = load_coder()
            trained_on = coder.manifest.get("training_data", {}).get("sha256")
            report = evaluate_model(
                corpus, coder, digest=model_digest(), training_sha256=trained_on
            )
        else:
            with progress_steps("evaluating micro-skill models") as step:
                report = evaluate(corpus, folds=folds, seed=seed, progress=step)
    text = json.dumps(report, indent=2) + "\n"
    if output is not None:
        write_output(output, text)
    if as_json:
        typer.echo(text, nl=False)
        return
    _render(report_console(), report)


def _render(console: Console, report: dict[str, Any]) -> None:
    corpus, codes, protocol = report["corpus"], report["codes"], report["protocol"]
    how = (
        f"The installed model (digest {str(protocol['model_digest'])[:12]}…), not retrained,"
        if "folds" not in protocol
        else f"{protocol['folds']}-fold cross-validation grouped by transcript"
    )
    console.print(
        f"{how} on {corpus['file']} ({corpus['dialogues']} transcripts, "
        f"{corpus['utterances']} utterances)"
    )
    if protocol.get("in_sample"):
        console.print(
            "[bold red]In-sample:[/] this is the file the model was trained on, so these numbers "
            "say nothing about unseen transcripts; use cross-validation (without --shipped)."
        )
    title = "Macro-F1 on unseen transcripts" if "folds" in protocol else "Macro-F1"
    summary = Table(title=title, title_justify="left")
    for column in ("code", "utterances", "macro-F1", "accuracy", "target", "ECE"):
        summary.add_column(column, justify="left" if column == "code" else "right")
    for code, result in codes.items():
        target = report["targets"].get(code)
        f1 = result["macro_f1"]
        mark = "" if target is None or f1 is None else (" ✓" if f1 >= target else " ✗")
        summary.add_row(
            code,
            str(result["support"]),
            "–" if f1 is None else f"{f1:.3f}{mark}",
            "–" if f1 is None else f"{result['accuracy']:.3f}",
            "–" if target is None else f"{target:.2f}",
            "–" if f1 is None else f"{result['expected_calibration_error']:.3f}",
        )
    console.print(summary)
    for code, result in codes.items():
        if result["macro_f1"] is not None:
            console.print(_confusion(code, result))
    indices = report.get("session_indices")
    if indices:
        console.print(_session_indices(indices))
    speed = report["throughput"]
    console.print(f"Throughput: {speed['utterances_per_second']} utterances/s (one thread).")


def _session_indices(indices: dict[str, Any]) -> Table:
    """Agreement of the session summary's indices, coder against human codes, per transcript."""
    table = Table(
        title=(
            "Session indices: coder vs human codes per transcript "
            f"(transcripts with at least {indices['min_units']} human codes in the denominator)"
        ),
        title_justify="left",
    )
    for column in (
        "index",
        "transcripts",
        "Pearson r",
        "Spearman",
        "mean |diff|",
        "same MITI band",
    ):
        table.add_column(column, justify="left" if column == "index" else "right")
    for name, entry in indices.items():
        if name == "min_units":
            continue
        bands = entry.get("bands")
        table.add_row(
            name.replace("_", " "),
            str(entry["transcripts"]),
            _number(entry.get("pearson_r")),
            _number(entry.get("spearman_rho")),
            _number(entry.get("mean_absolute_difference")),
            "–" if not bands else f"{bands['same_band']}/{entry['transcripts']}",
        )
    return table


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _confusion(code: str, result: dict[str, Any]) -> Table:
    labels = result["labels"]
    table = Table(title=f"{code}: rows = human, columns = predicted", title_justify="left")
    table.add_column("")
    for label in labels:
        table.add_column(label, justify="right")
    for column in ("precision", "recall", "F1"):
        table.add_column(column, justify="right")
    for label, row in zip(labels, result["confusion"], strict=True):
        scores = result["per_class"][label]
        table.add_row(
            label,
            *(str(v) for v in row),
            f"{scores['precision']:.3f}",
            f"{scores['recall']:.3f}",
            f"{scores['f1']:.3f}",
        )
    return table
