"""``alliancelens evaluate ruptures`` and ``alliancelens evaluate alliance``.

Both read labelled data from outside the repository (``--data``), run the shipped analysers with
their default parameters and print the measured numbers (``--json`` for machine output). Exit
code 0 on success, 2 when the data cannot be used.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from alliancelens.cli._errors import user_errors
from alliancelens.cli._groups import evaluate_app
from alliancelens.cli._output import report_console

__all__ = ["evaluate_alliance_cmd", "evaluate_ruptures_cmd"]

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the results as JSON.")]


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _counts(part: dict[str, Any]) -> str:
    return f"tp {part['tp']}, fp {part['fp']}, fn {part['fn']}"


@evaluate_app.command("ruptures")
def evaluate_ruptures_cmd(
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="Folder with the labelled sess-*.json files (ruptures-examples layout).",
            show_default=False,
        ),
    ],
    as_json: JsonOpt = False,
    speed: Annotated[
        bool,
        typer.Option(
            "--speed", help="Also time the whole default pipeline on a 600-utterance session."
        ),
    ] = False,
) -> None:
    """Score rupture episodes, markers, strategies and resolution against labelled sessions."""
    from alliancelens.evaluation.labelled_examples import load_examples  # noqa: PLC0415
    from alliancelens.evaluation.ruptures_eval import evaluate_ruptures  # noqa: PLC0415
    from alliancelens.evaluation.speed import long_session, time_pipeline  # noqa: PLC0415

    with user_errors():
        examples = load_examples(data, pattern="sess-*.json")
        result = evaluate_ruptures(examples).as_dict()
        if speed:
            result["speed"] = time_pipeline(long_session(examples, 600), repeats=3)
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    _print_ruptures(report_console(), result)


def _print_ruptures(console: Console, result: dict[str, Any]) -> None:
    episodes = result["episodes"]
    table = Table(title=f"Ruptures (ruptures.detector) on {result['sessions']} sessions")
    for column in ("measure", "value", "counts"):
        table.add_column(column)
    table.add_row(
        "episode recall",
        _num(episodes["recall"]),
        f"{episodes['gold_hit']} of {episodes['gold']} labelled episodes overlapped (same kind)",
    )
    table.add_row(
        "episode precision",
        _num(episodes["precision"]),
        f"{episodes['predicted_hit']} of {episodes['predicted']} predicted episodes",
    )
    table.add_row("mean |start offset|", _num(episodes["mean_abs_start_offset"]), "utterances")
    for key, label in (
        ("markers", "marker P / R (index, subtype)"),
        ("utterance_kinds", "utterance P / R (index, kind)"),
        ("strategies", "strategy P / R (index, strategy)"),
    ):
        part = result[key]
        table.add_row(label, f"{_num(part['precision'])} / {_num(part['recall'])}", _counts(part))
    resolution = result["resolution"]
    confusion = ", ".join(f"{k} {v}" for k, v in resolution["confusion"].items())
    table.add_row(
        "resolved accuracy", _num(resolution["accuracy"]), f"on {resolution['matched']} matched"
    )
    console.print(table)
    console.print(f"  resolution confusion: {confusion or 'none'}")
    negatives = result["hard_negatives"]
    console.print(
        f"  hard negatives flagged: {negatives['flagged']} of {negatives['client_utterances']}"
    )
    for row in result["rows"]:
        console.print(
            f"  {row['id']} ({row['category']}): labelled {', '.join(row['gold']) or 'none'}"
            f" | predicted {', '.join(row['predicted']) or 'none'}"
        )
    if "speed" in result:
        _print_speed(console, result["speed"])


def _print_speed(console: Console, speed: dict[str, Any]) -> None:
    console.print(
        f"  whole default pipeline on {speed['utterances']} utterances: {speed['seconds']:.3f} s "
        f"wall, {speed['cpu_seconds']:.3f} s CPU (fastest of {speed['repeats']})"
    )
    for name, run in speed["analysers"].items():
        console.print(f"    {name}: {run['seconds']:.3f} s ({run['status']})")


@evaluate_app.command("alliance")
def evaluate_alliance_cmd(
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="AnnoMI CSV with mi_quality (e.g. AnnoMI-simple.csv), or the folder holding "
            "it (AnnoMI-simple.csv is used, else AnnoMI-full.csv).",
            show_default=False,
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """AUC of the alliance index (and sub-scores) for high vs low MI quality on AnnoMI."""
    from alliancelens.evaluation.alliance_eval import evaluate_alliance  # noqa: PLC0415

    with user_errors():
        result = evaluate_alliance(data).as_dict()
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    console = report_console()
    sessions = result["sessions"]
    table = Table(
        title=f"Alliance (alliance.bordin) on AnnoMI: {sessions['high']} high-, "
        f"{sessions['low']} low-quality MI sessions"
    )
    for column in ("score", "AUC high vs low", "mean high", "mean low"):
        table.add_column(column)
    for key, auc in result["auc"].items():
        table.add_row(
            key, _num(auc), str(result["mean"]["high"][key]), str(result["mean"]["low"][key])
        )
    console.print(table)
    if result["not_analysed"]:
        console.print(f"  not analysed: {len(result['not_analysed'])} session(s)")
    console.print(
        "[dim]MI quality is a proxy: the index is a transcript estimate, not the client's own "
        "alliance rating.[/]"
    )
