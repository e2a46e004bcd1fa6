"""``alliancelens deidentify FILE`` and ``alliancelens evaluate deid``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from alliancelens.cli._app import app
from alliancelens.cli._errors import stderr, user_errors
from alliancelens.cli._groups import evaluate_app
from alliancelens.cli._output import report_console, write_output
from alliancelens.cli._store import JsonOpt, echo_json
from alliancelens.deid import deidentify_lines, deidentify_sessions, detector
from alliancelens.deid.evaluate import evaluate, load_examples, shipped_test_set
from alliancelens.deid.writers import pseudonymise_labels, write_sessions
from alliancelens.errors import EmptyFileError, IngestError, ParseError, SpeakerError, UsageError
from alliancelens.ingest import decode, read_file

__all__ = ["deidentify", "evaluate_deid"]


@app.command()
def deidentify(
    file: Annotated[
        Path,
        typer.Argument(help="A transcript (.txt .vtt .srt .json .csv .docx) or a plain text file."),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here (mode 0600) instead of stdout."),
    ] = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="Read the file as this format.")
    ] = None,
    therapist: Annotated[
        list[str] | None, typer.Option("--therapist", help="Speaker label of the therapist.")
    ] = None,
    client: Annotated[
        list[str] | None, typer.Option("--client", help="Speaker label of a client.")
    ] = None,
) -> None:
    """Replace names, phone numbers, e-mails, addresses, dates and ID numbers with placeholders.

    A transcript is parsed and written back in its own format (readable by `analyze` and
    `import`); a text file that is not a transcript is de-identified line by line.
    """
    from alliancelens.config import load_settings  # noqa: PLC0415 - keeps start-up fast

    with user_errors():
        model = load_settings().deid_model
        cleaned = _deidentified(file, format, therapist or [], client or [], model)
        if isinstance(cleaned, bytes) and output is None:
            raise UsageError(f"{file}: a Word document is written as .docx; give -o FILE.docx")
        if output is not None:
            # owner-only (0600), as `export`: de-identification is not anonymisation
            write_output(output, cleaned, mode=0o600)
            return
    typer.echo(cleaned, nl=False)


def _deidentified(
    file: Path, format: str | None, therapists: list[str], clients: list[str], model: str
) -> str | bytes:
    """The de-identified file: parsed and rewritten, or line by line for non-transcript text."""
    try:
        ingested = read_file(file, format=format, therapists=therapists, clients=clients)
    except (ParseError, SpeakerError, EmptyFileError) as exc:
        if format not in (None, "text") or file.suffix.casefold() == ".docx":
            raise
        stderr.print(
            f"[yellow]warning:[/] {escape(exc.message)}; not read as a transcript, so it is "
            "de-identified line by line (the output is plain text)",
            highlight=False,
        )
        return _by_line(file, model)
    for warning in ingested.all_warnings:
        stderr.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)
    sessions = pseudonymise_labels(deidentify_sessions(ingested.sessions, model=model))
    return write_sessions(sessions, ingested.format)


def _by_line(file: Path, model: str) -> str:
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise UsageError(f"{file}: cannot read the file ({exc.strerror})") from exc
    try:
        text = decode(data).text  # UTF-8 / UTF-16 with BOM / cp1252, as transcripts
    except IngestError as exc:
        raise exc.located(file) from None
    # all lines together: a name seen on one line is also caught in lower case on another
    return "".join(deidentify_lines(text.splitlines(keepends=True), model=model))


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
                "label_accuracy": score.label_accuracy(),
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
    report_console().print(table)
    typer.echo(
        f"partial recall {score.partial_recall():.1%}, precision {score.precision:.1%}, "
        f"removed spans labelled as their type {sum(score.labelled.values())}/"
        f"{sum(score.removed.values())}"
    )
