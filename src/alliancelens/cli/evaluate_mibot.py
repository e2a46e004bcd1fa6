"""``alliancelens evaluate mibot``: silver-code agreement and self-report correlations on MIBot.

Reads the MIBot folder from outside the repository (``--data``), runs the default pipeline on
every conversation and prints agreement with the AutoMISC silver labels and how the transcript
estimates line up with the participants' own CARE and helpfulness ratings. Exit 0 on success, 2
when the folder cannot be used.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from alliancelens.cli._errors import user_errors
from alliancelens.cli._groups import evaluate_app
from alliancelens.cli._output import report_console

__all__ = ["evaluate_mibot_cmd"]


def _rho(part: dict[str, Any]) -> str:
    if part["rho"] is None:
        return f"– ({part['reason']})"
    low, high = part.get("ci95", (None, None))
    interval = f" [{low:.2f}, {high:.2f}]" if low is not None else ""
    return f"{part['rho']:.2f}{interval} (n {part['n']})"


def _print(result: dict[str, Any]) -> None:
    console = report_console()
    talk, counsellor = result["client_talk_agreement"], result["counsellor_agreement"]
    table = Table(title=f"Agreement with AutoMISC silver labels ({result['conversations']} chats)")
    for column in ("code", "utterances", "F1 (agreement)"):
        table.add_column(column)
    if talk["utterances"]:
        table.add_row("client_talk (macro)", str(talk["utterances"]), f"{talk['macro_f1']:.2f}")
        for label, part in talk["per_class"].items():
            table.add_row(f"  {label}", str(part["support"]), f"{part['f1']:.2f}")
    for behaviour in ("reflection", "question"):
        part = counsellor[behaviour]
        table.add_row(f"counsellor {behaviour}", str(part["silver"]), f"{part['f1']:.2f}")
    console.print(table)
    flags = Table(title="MITI flags vs silver flags read from AutoMISC explanations")
    for column in ("flag", "silver", "flagged", "precision", "recall"):
        flags.add_column(column)
    for name, part in result["miti_flag_agreement"].items():
        flags.add_row(
            name,
            str(part["silver"]),
            str(part["predicted"]),
            f"{part['precision']:.2f}",
            f"{part['recall']:.2f}",
        )
    console.print(flags)
    ratings = Table(title="Transcript estimates vs the participants' own ratings")
    for column in ("estimate", "Spearman rho vs CARE [95% CI]", "AUC found helpful"):
        ratings.add_column(column)
    reports = result["self_reports"]
    for key in ("index", "goal", "task", "bond"):
        auc = reports[f"helpful_auc_{key}"]
        ratings.add_row(
            f"alliance {key}", _rho(reports[f"care_vs_{key}"]), "–" if auc is None else f"{auc:.2f}"
        )
    console.print(ratings)
    console.print(
        f"  change-talk share vs silver share: {_rho(reports['change_share_vs_silver_share'])}\n"
        "  change-talk share vs confidence ruler change: "
        f"{_rho(reports['change_share_vs_confidence_change'])}"
    )
    if result["not_analysed"]:
        console.print(f"  not analysed: {len(result['not_analysed'])} conversation(s)")
    console.print(
        "[dim]Silver labels are LLM-generated (AutoMISC), so F1 is agreement, not accuracy. CARE "
        "rates empathy, not the alliance, and every chat had the same counsellor.[/]"
    )


@evaluate_app.command("mibot")
def evaluate_mibot_cmd(
    data: Annotated[
        Path,
        typer.Option(
            "--data", help="The MIBot folder (data.csv and transcripts/).", show_default=False
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    half: Annotated[
        str,
        typer.Option(
            "--half",
            help="all, or the fixed dev/test half of the participants (tune on dev, report test).",
        ),
    ] = "all",
) -> None:
    """Agreement with MIBot's silver codes; alliance estimates vs CARE and helpfulness ratings."""
    from alliancelens.evaluation.mibot_eval import evaluate_mibot, load_mibot  # noqa: PLC0415

    with user_errors():
        result = evaluate_mibot(load_mibot(data, half=half)).as_dict()
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    _print(result)
