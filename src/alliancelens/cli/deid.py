"""``alliancelens deidentify FILE`` and ``alliancelens evaluate deid``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from alliancelens.cli._app import app
from alliancelens.cli._errors import user_errors
from alliancelens.cli._groups import evaluate_app
from alliancelens.cli._output import write_output
from alliancelens.cli._store import JsonOpt, echo_json
from alliancelens.deid import Placeholders, deidentify_text, detector
from alliancelens.deid.evaluate import evaluate, load_examples, shipped_test_set
from alliancelens.errors import IngestError, UsageError
from alliancelens.ingest import decode

__all__ = ["deidentify", "evaluate_deid"]


@app.command()
def deidentify(
    file: Annotated[
        Path, typer.Argument(help="A text file (any transcript format as plain text).")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Replace names, phone numbers, e-mails, addresses, dates and ID numbers with placeholders."""
    from alliancelens.config import load_settings  # noqa: PLC0415 - keeps start-up fast

    with user_errors():
        try:
            data = file.read_bytes()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise UsageError(f"{file}: cannot read the file ({reason})") from exc
        try:
            text = decode(data).text  # UTF-8 / UTF-16 with BOM / cp1252, as transcripts
        except IngestError as exc:
            raise exc.located(file) from None
        mapping = Placeholders()
        model = load_settings().deid_model
        cleaned = "".join(
            deidentify_text(line, placeholders=mapping, model=model)
            for line in text.splitlines(keepends=True)
        )
        if output is not None:
            write_output(output, cleaned)
            return
    typer.echo(cleaned, nl=False)


@evaluate_app.command("deid")
def evaluate_deid(
    test_set: Annotated[
        Path | None,
        typer.Option(
            "--test-set", help="File with {TYPE:text} marks (default: the shipped synthetic set)."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Measure de-identification recall per PHI type on a marked-up test set."""
    from alliancelens.config import load_settings  # noqa: PLC0415 - keeps start-up fast

    with user_errors():
        examples = load_examples(test_set or shipped_test_set())
        score = evaluate(examples, detector(load_settings().deid_model))
    kinds = sorted(score.gold)
    if as_json:
        echo_json(
            {
                "examples": len(examples),
                "recall": score.recall(),
                "partial_recall": score.partial_recall(),
                "precision": score.precision,
                "by_type": {k: {"spans": score.gold[k], "recall": score.recall(k)} for k in kinds},
                "missed_types": [kind for kind, _ in score.missed],
            }
        )
        return
    table = Table(title=f"De-identification on {len(examples)} utterances")
    for column in ("type", "PHI spans", "removed", "recall"):
        table.add_column(column)
    for kind in kinds:
        table.add_row(
            kind,
            str(score.gold[kind]),
            str(score.removed.get(kind, 0)),
            f"{score.recall(kind):.1%}",
        )
    table.add_row(
        "all",
        str(sum(score.gold.values())),
        str(sum(score.removed.values())),
        f"{score.recall():.1%}",
    )
    Console().print(table)
    typer.echo(f"partial recall {score.partial_recall():.1%}, precision {score.precision:.1%}")
