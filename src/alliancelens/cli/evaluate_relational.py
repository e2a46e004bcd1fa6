"""``alliancelens evaluate risk``, ``evaluate empathy`` and ``evaluate red-flags``.

Each reads a labelled corpus from outside the repository (``--data``), runs the analyser and
prints the measured numbers (``--json`` for machine output). Exit code 0 on success, 2 when the
folder cannot be used.
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

__all__ = ["evaluate_empathy_cmd", "evaluate_red_flags_cmd", "evaluate_risk_cmd"]

LabelledOpt = Annotated[
    Path,
    typer.Option(
        "--data",
        help="Folder with the labelled sess-*.json / risk-*.json files (ruptures-examples layout).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the results as JSON.")]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _echo_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False))


@evaluate_app.command("risk")
def evaluate_risk_cmd(data: LabelledOpt, as_json: JsonOpt = False) -> None:
    """Measure risk-language flags against labelled utterances and hard negatives."""
    from alliancelens.evaluation.risk_eval import evaluate_risk_folder  # noqa: PLC0415

    with user_errors():
        result = evaluate_risk_folder(data).as_dict()
    if as_json:
        _echo_json(result)
        return
    console = report_console()
    table = Table(title=f"Risk language (risk.language) on {result['examples']} examples")
    for column in ("measure", "value", "counts"):
        table.add_column(column)
    table.add_row(
        "recall",
        _pct(result["recall"]),
        f"{result['true_positives']} of {result['positives']} flagged utterances",
    )
    table.add_row(
        "recall, high severity", _pct(result["recall_high"]), f"of {result['high_positives']}"
    )
    table.add_row(
        "precision (all flags)",
        _pct(result["precision"]),
        f"{result['true_positives']} of {result['predicted']} flags",
    )
    table.add_row(
        "precision on hard negatives",
        _pct(result["precision_on_hard_negatives"]),
        f"{result['hard_negatives_flagged']} of {result['hard_negatives']} hard negatives flagged",
    )
    review = result["with_possible"]
    table.add_row(
        "recall / hard-negative precision, with possible list",
        f"{_pct(review['recall'])} / {_pct(review['precision_on_hard_negatives'])}",
        f"{review['true_positives']} found, {review['hard_negatives_listed']} hard neg. listed",
    )
    table.add_row(
        "therapist screening questions flagged",
        str(result["therapist_screening_questions_flagged"]),
        f"of {result['therapist_screening_questions']}",
    )
    table.add_row(
        "kind / severity agreement on hits",
        f"{_pct(result['kind_agreement'])} / {_pct(result['severity_agreement'])}",
        "",
    )
    console.print(table)
    for kind, counts in result["recall_by_kind"].items():
        console.print(f"  recall {kind}: {counts['found']} of {counts['n']}")
    for tag, counts in result["hard_negatives_by_tag"].items():
        console.print(f"  hard negative {tag}: {counts['flagged']} of {counts['n']} flagged")
    _print_errors(console, "missed", result["misses"])
    _print_errors(console, "false alarm", result["false_alarms"])
    console.print("[dim]Flags are for clinician review; they are not a risk assessment.[/]")


@evaluate_app.command("empathy")
def evaluate_empathy_cmd(
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="Folder with the three EPITOME Reddit CSVs (emotional-reactions-reddit.csv, "
            "interpretations-reddit.csv, explorations-reddit.csv).",
            show_default=False,
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Measure the EPITOME empathy rater: macro-F1 per mechanism on dev, test and all rows."""
    from alliancelens.evaluation.epitome_eval import evaluate_empathy  # noqa: PLC0415

    with user_errors():
        scores = evaluate_empathy(data)
    if as_json:
        _echo_json([s.as_dict() for s in scores])
        return
    console = report_console()
    table = Table(title="EPITOME levels 0/1/2 (relational.markers lexical rater)")
    for column in ("mechanism", "split", "n", "macro-F1", "accuracy", "F1 0 / 1 / 2"):
        table.add_column(column)
    for s in scores:
        per_level = " / ".join(f"{s.f1_by_level[level]:.2f}" for level in (0, 1, 2))
        table.add_row(
            s.mechanism, s.split, str(s.n), f"{s.macro_f1:.3f}", f"{s.accuracy:.3f}", per_level
        )
    console.print(table)
    console.print(
        "[dim]dev = half used for error analysis while writing the cues; test = the "
        "other half, not inspected. Data licence: non-commercial research only.[/]"
    )


@evaluate_app.command("red-flags")
def evaluate_red_flags_cmd(data: LabelledOpt, as_json: JsonOpt = False) -> None:
    """Measure therapist red flags against the labelled session excerpts."""
    from alliancelens.evaluation.red_flags_eval import evaluate_red_flags_folder  # noqa: PLC0415

    with user_errors():
        result = evaluate_red_flags_folder(data).as_dict()
    if as_json:
        _echo_json(result)
        return
    console = report_console()
    table = Table(
        title=f"Therapist red flags (red_flags.therapist) on {result['sessions']} session excerpts"
    )
    for column in ("kind", "TP", "FP", "FN", "precision", "recall"):
        table.add_column(column)
    rows = [
        *result["by_kind"].items(),
        ("overall", result["overall"]),
        ("any flag (kind-blind)", result["any_red_flag_utterance"]),
    ]
    for kind, c in rows:
        table.add_row(
            kind, str(c["tp"]), str(c["fp"]), str(c["fn"]), _pct(c["precision"]), _pct(c["recall"])
        )
    console.print(table)
    if result["unscored_kinds"]:
        console.print(f"  not labelled in the corpus, not scored: {result['unscored_kinds']}")
    _print_errors(console, "missed", result["misses"])
    _print_errors(console, "false alarm", result["false_alarms"])


def _print_errors(console: Console, label: str, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        console.print(f"  {label}: {row['id']} utterance {row['index']} ({row['kind']})")
