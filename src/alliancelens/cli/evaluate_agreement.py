"""``alliancelens evaluate agreement``: how far two coders' labels of the same sessions agree.

Thin over :mod:`alliancelens.evaluation.agreement`. Exit code 0 on success, 2 when a folder or a
label file cannot be used (the message names the file and field).
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

__all__ = ["evaluate_agreement_cmd"]


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _table(result: dict[str, Any]) -> Table:
    ruptures, risk, flags = result["ruptures"], result["risk"], result["red_flags"]
    episodes, resolution = ruptures["episodes"], ruptures["resolution"]
    table = Table(title=f"Agreement of coder B with coder A on {result['compared']} examples")
    for column in ("measure", "value", "counts"):
        table.add_column(column)
    table.add_row(
        "rupture episodes A also found by B",
        _num(episodes["recall"]),
        f"{episodes['gold_hit']} of {episodes['gold']}",
    )
    table.add_row(
        "rupture episodes of B that A has",
        _num(episodes["precision"]),
        f"{episodes['predicted_hit']} of {episodes['predicted']}",
    )
    table.add_row(
        "resolved / unresolved agreement",
        _num(resolution["accuracy"]),
        f"on {resolution['matched']} matched episodes",
    )
    table.add_row(
        "utterance kind (withdrawal / confrontation / none) kappa",
        _num(ruptures["utterance_kind_kappa"]),
        f"raw agreement {_num(ruptures['utterance_kind_agreement'])}",
    )
    table.add_row("marker subtype F1", _num(ruptures["markers"]["f1"]), "")
    table.add_row(
        "red flags of A that B has",
        _num(flags["share_of_a_b_has"]),
        f"{flags['both']} shared, {flags['only_a']} only A, {flags['only_b']} only B",
    )
    table.add_row(
        "risk flags (client utterances) kappa",
        _num(risk["kappa"]),
        f"A {risk['flagged_by_a']}, B {risk['flagged_by_b']}, both {risk['flagged_by_both']}",
    )
    table.add_row(
        "risk kind / severity agreement on shared flags",
        f"{_num(risk['kind_agreement'])} / {_num(risk['severity_agreement'])}",
        f"severity weighted kappa {_num(risk['severity_weighted_kappa'])}",
    )
    return table


@evaluate_app.command("agreement")
def evaluate_agreement_cmd(
    coder_a: Annotated[
        Path,
        typer.Option(
            "--coder-a",
            help="Folder with the complete labelled examples (sess-*.json / risk-*.json).",
            show_default=False,
        ),
    ],
    coder_b: Annotated[
        Path,
        typer.Option(
            "--coder-b",
            help="Folder with the second coder's label files (id + ruptures/red_flags/risk).",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Inter-rater agreement of two coders on the same labelled sessions and snippets."""
    from alliancelens.evaluation.agreement import agreement_folders  # noqa: PLC0415

    with user_errors():
        result = agreement_folders(coder_a, coder_b)
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    console = report_console()
    console.print(_table(result))
    for side, ids in (("A", result["only_in_a"]), ("B", result["only_in_b"])):
        if ids:
            console.print(f"  only coder {side} has: {', '.join(ids)}")
