"""``alliancelens batch``: analyse a whole corpus into Parquet/CSV tables and a manifest."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from alliancelens.cli._app import app
from alliancelens.cli._errors import (
    EXIT_ANALYSER_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    stderr,
    user_errors,
)

if TYPE_CHECKING:
    from alliancelens.batch import BatchInterrupted, BatchProgress, BatchRun

__all__ = ["batch"]


class _SessionRate(ProgressColumn):
    """Sessions analysed so far and sessions per second."""

    def render(self, task: Task) -> Text:
        sessions = int(task.fields.get("sessions", 0))
        elapsed = task.elapsed or 0.0
        rate = f"{sessions / elapsed:.1f}/s" if elapsed > 0 else "–/s"
        return Text(f"{sessions} sessions {rate}", style="progress.data.speed")


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[BatchProgress], None] | None]:
    """A rich progress bar on stderr; yields the callback ``run_batch`` reports to.

    The bar appears with the first report, so an error found before any work (a usage error)
    is the only line printed.
    """
    if not enabled:
        yield None
        return
    bar = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        _SessionRate(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=stderr,
        transient=False,
    )
    task_id = bar.add_task("analysing", total=None, sessions=0)
    shown = ExitStack()

    def update(state: BatchProgress) -> None:
        if not bar.live.is_started:
            shown.enter_context(bar)
        label = "writing tables" if state.phase == "writing" else state.phase
        failed = f" ({state.failed} failed)" if state.failed else ""
        bar.update(
            task_id,
            total=state.total,
            completed=state.done,
            sessions=state.sessions,
            description=f"{label}{failed}",
        )

    with shown:
        yield update


def _summary(run: BatchRun) -> None:
    totals = run.manifest["totals"]
    counts = (
        f"{totals['inputs']} input(s): {totals['analysed']} analysed, {totals['resumed']} "
        f"resumed, {totals['failed']} failed"
    )
    if totals.get("sessions_failed"):
        counts += f"; {totals['sessions_failed']} session(s) of multi-session files failed"
    if run.written:
        stderr.print(
            f"{counts}; {totals['sessions']} session(s), {totals['utterances_rows']} utterance "
            f"row(s), {totals['findings_rows']} finding row(s) → {escape(str(run.directory))}",
            highlight=False,
        )
    else:
        stderr.print(
            f"{counts}; nothing written: {escape(str(run.directory))} was left as it was "
            "(tables, manifest and checkpoints)",
            highlight=False,
        )
    for folder in run.empty_inputs:
        stderr.print(
            f"[yellow]warning:[/] {escape(run.real_name(folder))}: folder holds no transcript "
            "files (searched "
            "recursively; hidden files and .md are skipped); check the path",
            highlight=False,
        )
    for failure in run.failures:  # the operator's own terminal: real file names
        stderr.print(
            f"[bold red]failed:[/] {escape(run.with_real_names(failure['message']))} "
            f"\\[{failure['code']}]",
            highlight=False,
        )
    for name, runs in run.manifest["analyser_runs"].items():
        if runs["failed"] or runs["skipped"]:
            reason = max(runs["reasons"], key=runs["reasons"].get, default="")
            stderr.print(
                f"[yellow]not analysed:[/] {escape(name)} failed in {runs['failed']} and was "
                f"skipped in {runs['skipped']} session(s); most often: {escape(reason)}",
                highlight=False,
            )
    _corpus_warnings(run)
    kept = run.manifest["output"]["stale_parts_kept"]
    if kept:
        stderr.print(
            f"[yellow]note:[/] {kept} checkpoint(s) of inputs not in this run were kept, because "
            "an input above named no readable transcript (they go after a run where every input "
            "is found)",
            highlight=False,
        )


def _corpus_warnings(run: BatchRun) -> None:
    """One line for reader warnings (counts by kind), one per group of duplicated inputs."""
    where = (
        f"see inputs[].warnings in {escape(str(run.directory / 'manifest.json'))}"
        if run.written
        else "see inputs[].warnings with --json"
    )
    counts = run.manifest.get("reader_warnings", {})
    if counts.get("inputs"):
        kinds = ", ".join(
            f"{label}: {counts[key]}" for key, label in _WARNING_KINDS.items() if counts.get(key)
        )
        stderr.print(
            f"[yellow]warning:[/] {counts['inputs']} input(s) with reader warnings ({kinds}); "
            f"{where}",
            highlight=False,
        )
    duplicates = run.manifest.get("duplicates", {})
    for group in duplicates.get("content", []):
        stderr.print(
            f"[yellow]warning:[/] {len(group['inputs'])} inputs have identical content (sha256 "
            f"{group['sha256'][:12]}…): "
            f"{escape(', '.join(map(run.real_name, group['inputs'])))}; each was "
            "analysed, so its rows appear more than once",
            highlight=False,
        )
    for group in duplicates.get("session_ids", []):
        stderr.print(
            f"[yellow]warning:[/] {group['repeated_ids']} session id(s) occur in each of "
            f"{escape(', '.join(map(run.real_name, group['inputs'])))}; rows grouped by "
            "session_id would merge "
            "them (tell them apart by input_path)",
            highlight=False,
        )


#: Manifest ``reader_warnings`` keys and how the summary line names them.
_WARNING_KINDS = {
    "roles_guessed": "roles guessed",
    "encoding_guessed": "encoding guessed",
    "other": "other",
}


def _stopped(stop: BatchInterrupted) -> typer.Exit:
    """The one line after Ctrl-C or SIGTERM, and the exit code (130 or 143)."""
    if stop.checkpointed:
        advice = (
            f"{stop.checkpointed} input(s) checkpointed; run the same command with --resume "
            "to continue"
        )
    else:
        advice = "nothing was finished, so nothing was kept; run the same command again"
    stderr.print(f"stopped: {advice}", highlight=False)
    return typer.Exit(stop.exit_code)


@app.command()
def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Transcript files, folders (searched recursively) or globs."),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for the tables and manifest.json.")
    ],
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-w", help="Worker processes (default: one per CPU core)."),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="Where to run: local (process pool) or ray.")
    ] = "local",
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address", help="Ray cluster to join (default: start Ray locally)."),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Skip inputs already done with the same content and setup."),
    ] = False,
    include_text: Annotated[
        bool,
        typer.Option(
            "--include-text",
            help="Add utterance text and real speaker labels (implies --keep-ids).",
        ),
    ] = False,
    keep_ids: Annotated[
        bool,
        typer.Option(
            "--keep-ids",
            help="Name sessions and inputs by their real ids and paths (default: pseudonyms).",
        ),
    ] = False,
    keep_dates: Annotated[
        bool,
        typer.Option(
            "--keep-dates",
            help="Keep session dates in the sessions table (default: empty; implied by "
            "--keep-ids).",
        ),
    ] = False,
    convokit: Annotated[
        Path | None,
        typer.Option("--convokit", help="Also export a ConvoKit corpus here (implies text)."),
    ] = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="Read every file as this format.")
    ] = None,
    therapist: Annotated[
        list[str] | None, typer.Option("--therapist", help="Therapist speaker label (repeatable).")
    ] = None,
    client: Annotated[
        list[str] | None, typer.Option("--client", help="Client speaker label (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print manifest.json on stdout.")] = False,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Show the progress bar.")
    ] = True,
) -> None:
    """Analyse a whole corpus into tables (Parquet + CSV) with a run manifest."""
    from alliancelens.batch import (  # noqa: PLC0415 - keep CLI light
        BatchInterrupted,
        export_convokit,
        run_batch,
    )

    try:
        with user_errors(), _progress_bar(progress and not as_json) as callback:
            run = run_batch(
                inputs,
                output,
                workers=workers,
                engine=engine,
                ray_address=ray_address,
                resume=resume,
                include_text=include_text or convokit is not None,
                keep_ids=keep_ids,
                keep_dates=keep_dates,
                format=format,
                therapists=therapist or [],
                clients=client or [],
                progress=callback,
            )
    except BatchInterrupted as stop:
        raise _stopped(stop) from None
    with user_errors():
        if convokit is not None:
            export_convokit(run.directory, convokit)
            stderr.print(f"ConvoKit corpus written to {escape(str(convokit))}", highlight=False)
    _summary(run)
    if as_json:
        typer.echo(json.dumps(run.manifest, indent=2, ensure_ascii=False))
    if run.failures:
        raise typer.Exit(EXIT_USAGE)
    if run.manifest["totals"]["sessions_not_fully_analysed"]:
        raise typer.Exit(EXIT_ANALYSER_FAILED)
    raise typer.Exit(EXIT_OK)
