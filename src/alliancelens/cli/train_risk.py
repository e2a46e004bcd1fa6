"""``alliancelens train risk``: rebuild the risk-language model (byte-reproducible)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from alliancelens.cli._errors import fail, user_errors
from alliancelens.cli._groups import train_app
from alliancelens.cli._output import model_files_table, progress_steps, report_console

__all__ = ["train_risk"]


def _held_out_report(model_dir: Path, data: Path, batches: list[str]) -> dict[str, Any]:
    """Run the whole analyser (rules + the new model) on the held-out batches' lines.

    Each line is read in its context, as the batch evaluation reads it
    (:func:`alliancelens.evaluation.risk_eval.evaluate_risk_lines`): after its ``previous``
    therapist turn and, with a ``thread``, after that thread's opener (``risk.thread_turns``).
    The top level scores all lines (flags, and ``with_possible``: flags plus the
    lower-confidence *possible* list); ``thread`` and ``no_thread`` split them.
    """
    from alliancelens.analysers.risk import RiskLanguage  # noqa: PLC0415 - keep CLI start fast
    from alliancelens.evaluation.risk_eval import evaluate_risk_lines  # noqa: PLC0415
    from alliancelens.models.risk_data import read_risk_corpus  # noqa: PLC0415

    examples = [e for e in read_risk_corpus(data).examples if e.batch in batches]
    parts = evaluate_risk_lines(examples, RiskLanguage(model_dir=str(model_dir)))
    return {
        "batches": batches,
        **parts["all"],
        "thread": parts["thread"],
        "no_thread": parts["no_thread"],
    }


@train_app.command("risk")
def train_risk(
    data: Annotated[
        Path, typer.Option("--data", help="Folder with the labelled risk batches (*.jsonl).")
    ] = Path("training-data/risk"),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Folder for the model files (default: the package's own)."
        ),
    ] = None,
    hold_out: Annotated[
        list[str] | None,
        typer.Option(
            "--hold-out",
            help="Leave this batch out of training and report the analyser's recall and "
            "hard-negative precision on it (repeatable; needs --output).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON.")] = False,
) -> None:
    """Train the risk-language model and write its files (byte-reproducible)."""
    from alliancelens.analysers.risk import rule_reading  # noqa: PLC0415 - keep CLI start fast
    from alliancelens.models.risk_data import read_risk_corpus  # noqa: PLC0415
    from alliancelens.models.risk_model import shipped_risk_dir  # noqa: PLC0415
    from alliancelens.models.risk_training import train_risk_model  # noqa: PLC0415

    held = list(hold_out or [])
    if held and output is None:
        raise fail("--hold-out trains a partial model: give --output for its files")
    with user_errors():
        corpus = read_risk_corpus(data, exclude=held)
        folder = output or shipped_risk_dir()
        with progress_steps("training the risk model") as step:
            model = train_risk_model(corpus, rules=rule_reading, progress=step)
            model.save(folder)
        files = {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())
            if p.is_file()
        }
        report = _held_out_report(folder, data, held) if held else None
    if as_json:
        out = {"folder": str(folder), "files": files, "manifest": model.manifest}
        typer.echo(json.dumps({**out, "held_out": report}, indent=2))
        return
    _render(report_console(), model.manifest, folder, files, report)


def _render(
    console: Console,
    manifest: dict[str, Any],
    folder: Path,
    files: dict[str, str],
    report: dict[str, Any] | None,
) -> None:
    data, decision = manifest["data"], manifest["decision"]
    console.print(
        f"Trained on {data['sentences']} sentences in {len(data['batches'])} batches "
        f"(sha256 {data['sha256'][:12]}…), threshold {decision['threshold']}, "
        f"guard threshold {decision['guard_threshold']}."
    )
    oob = decision["out_of_batch"]
    console.print(
        f"Out of batch (rules + model at the review threshold): recall {oob['recall']} "
        f"({oob['true_positives']} of {oob['positives']}), precision on hard negatives "
        f"{oob['precision_on_hard_negatives']} ({oob['hard_negatives_flagged']} of "
        f"{oob['hard_negatives']} flagged)."
    )
    if report is not None:
        parts = [("flags", report), ("flags + possible", report["with_possible"])]
        parts += [
            (f"flags, {name.replace('_', ' ')}", report[name])
            for name in ("thread", "no_thread")
            if report[name]["positives"] or report[name]["hard_negatives"]
        ]
        for label, part in parts:
            console.print(
                f"Held out {', '.join(report['batches'])}, {label}: recall {part['recall']} "
                f"({part['true_positives']} of {part['positives']}), precision on hard "
                f"negatives {part['precision_on_hard_negatives']} "
                f"({part['hard_negatives_flagged']} of {part['hard_negatives']} flagged)."
            )
    console.print(model_files_table(folder, files))
