"""``alliancelens note``: a SOAP, DAP or BIRP progress-note draft (transcript or stored session)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from alliancelens import services
from alliancelens.analysers import AnalysisResult
from alliancelens.cli._app import app
from alliancelens.cli._errors import EXIT_ANALYSER_FAILED, EXIT_OK, fail, stderr, user_errors
from alliancelens.cli._output import ReservedOutput, reserved_output
from alliancelens.cli._store import AsOpt, opened
from alliancelens.cli._targets import StoreTarget, malformed_target, store_target
from alliancelens.domain import RunStatus
from alliancelens.errors import UsageError

# The notes and measures libraries load pydantic settings: commands import them when they run.
if TYPE_CHECKING:
    from alliancelens.llm import OpenAICompatiblePhraser
    from alliancelens.measures import MeasuresReport
    from alliancelens.notes import Note

__all__ = ["note"]


class NoteFormatChoice(StrEnum):
    """The note layouts ``--format`` accepts."""

    SOAP = "soap"
    DAP = "dap"
    BIRP = "birp"


SessionArg = Annotated[
    str,
    typer.Argument(
        help="A transcript file (.txt .vtt .srt .json .csv .docx), analysed now; or a stored "
        "session: session:ID or a bare ID (its latest stored analysis is used).",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    NoteFormatChoice, typer.Option("--format", "-f", help="Note layout: soap, dap or birp.")
]
MeasuresOpt = Annotated[
    Path | None,
    typer.Option("--measures", help="Measures CSV/FHIR file; rows with this session id are used."),
]
SessionIdOpt = Annotated[
    str | None,
    typer.Option("--session", help="Session id to use when the file holds several sessions."),
]
TherapistOpt = Annotated[
    list[str] | None, typer.Option("--therapist", help="Speaker label of the therapist.")
]
ClientOpt = Annotated[list[str] | None, typer.Option("--client", help="Speaker label of a client.")]
MemberOpt = Annotated[
    str | None,
    typer.Option(
        "--member",
        help="Couple, family or group session: the client (speaker label) whose note to draft; "
        "only their words and risk items go in it.",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (mode 0600); .md Markdown, .html, .pdf, .json, else text.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the note as JSON with evidence.")]
PhraseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--phrase-url",
        help="Reword with an OpenAI-compatible endpoint (API root, e.g. http://127.0.0.1:8080/v1).",
    ),
]
PhraseModelOpt = Annotated[
    str, typer.Option("--phrase-model", help="Model name sent to --phrase-url.")
]


@app.command()
def note(
    session: SessionArg,
    format: FormatOpt = NoteFormatChoice.SOAP,
    measures: MeasuresOpt = None,
    session_id: SessionIdOpt = None,
    therapist: TherapistOpt = None,
    client: ClientOpt = None,
    member: MemberOpt = None,
    output: OutputOpt = None,
    as_json: JsonOpt = False,
    phrase_url: PhraseUrlOpt = None,
    phrase_model: PhraseModelOpt = "default",
    as_user: AsOpt = None,
) -> None:
    """Draft a progress note (DRAFT: the clinician edits and signs it), every line with evidence."""
    from alliancelens.llm import OpenAICompatiblePhraser  # noqa: PLC0415
    from alliancelens.notes import build_note, neutral_title  # noqa: PLC0415

    refusal = malformed_target(session)
    if refusal is not None:  # `session:abc` is no file to look for (one line, what to do)
        raise fail(refusal)
    if output is not None and output.suffix.lower() == ".pdf":
        _check_pdf()  # before anything is read (and audited), not after
    # QA39 #5: the output file is created (empty, hidden) before a stored session is read
    phraser = None if phrase_url is None else OpenAICompatiblePhraser(phrase_url, phrase_model)
    with reserved_output(output) as reserved, user_errors():
        target = store_target(session, bare_session=True)
        deliver = functools.partial(_deliver, phraser=phraser, output=reserved, as_json=as_json)
        if target is None:
            result = _analysed(Path(session), session_id, therapist or [], client or [])
            deliver(  # file names often hold the client's name: neutral title
                build_note(
                    result,
                    format.value,
                    measures=_measures(measures),
                    title=neutral_title(result),
                    member=member,
                ),
                result,
            )
        else:  # written (and fsynced) before the audit entries of the read commit
            result = _stored(
                target, format, measures=measures, member=member, as_user=as_user, deliver=deliver
            )
        if reserved is not None:
            reserved.commit(failed_note=_READ_AUDITED if target is not None else "")
            stderr.print(f"note written to {reserved.path}", highlight=False, markup=False)
    if any(run.status is not RunStatus.OK for run in result.runs):
        stderr.print("warning: some analysers did not run; the note says which (not analysed)")
        raise typer.Exit(EXIT_ANALYSER_FAILED)
    raise typer.Exit(EXIT_OK)


def _check_pdf() -> None:
    """Refuse ``-o note.pdf`` at once when WeasyPrint (or its Pango library) is missing.

    Reading a stored session is audited (``view session``/``analysis``/``measure``), so a PDF
    that fails only after the read would leave views in the audit log for a note nobody got.
    """
    try:
        import weasyprint  # type: ignore[import-untyped]  # noqa: F401, PLC0415
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint found no Pango library
        raise fail(
            "--output: PDF needs the optional 'pdf' extra and Pango: pip install "
            "'alliancelens[pdf]' (docs/cli.md, note), or choose a .txt, .md or .html output "
            f"({type(exc).__name__})"
        ) from None


def _analysed(
    path: Path, session_id: str | None, therapists: list[str], clients: list[str]
) -> AnalysisResult:
    """Analyse the transcript file now and pick its (one, or ``--session``) session."""
    batch = services.analyse_paths([path], therapists=therapists, clients=clients)
    if batch.failures:
        failure = batch.failures[0]
        raise fail(f"{failure.message} [{failure.code}]")
    for file in batch.files:
        for warning in file.ingest.all_warnings:
            stderr.print(f"warning: {escape(warning)}")
    return _pick(batch.results, session_id)


def _stored(
    target: StoreTarget,
    format: NoteFormatChoice,
    *,
    measures: Path | None,
    member: str | None,
    as_user: str | None,
    deliver: Callable[[Note, AnalysisResult], None],
) -> AnalysisResult:
    """Deliver the note of a stored session from its latest stored analysis, as the acting user.

    ``deliver`` runs inside the transaction of the audited read: a note that cannot be written
    leaves no ``view`` entry (the read is rolled back with it).
    """
    if target.kind != "session":
        raise UsageError(f"{target}: a note is for one session; give session:ID")

    def warned(drafted: Note, stored: services.StoredResult) -> None:
        if stored.text_purged_at is not None:
            stderr.print("warning: session text was purged (retention); the note has no quotes")
        if stored.outdated_notice is not None:
            stderr.print(f"warning: {stored.outdated_notice}", highlight=False, markup=False)
        deliver(drafted, stored.result)

    with opened(as_user) as (database, actor, _):
        _, stored = services.note_for_stored(
            database,
            actor,
            session_id=target.id,
            format=format.value,
            measures=_measures(measures),
            member=member,
            deliver=warned,
        )
    return stored.result


def _pick(results: tuple[AnalysisResult, ...], session_id: str | None) -> AnalysisResult:
    if session_id is not None:
        for result in results:
            if result.session.id == session_id:
                return result
        raise UsageError(  # the id often holds the client's name or the date: not repeated
            "--session: no session with that id in the file; `alliancelens analyze FILE` lists "
            "the ids"
        )
    if len(results) != 1:
        raise UsageError(
            f"the file holds {len(results)} sessions; choose one with --session ID "
            "(`alliancelens analyze` lists the ids)"
        )
    return results[0]


def _phrased(drafted: Note, result: AnalysisResult, phraser: OpenAICompatiblePhraser) -> Note:
    from alliancelens.notes.phrasing import phrase_note  # noqa: PLC0415

    names = [speaker.label for speaker in result.session.speakers]
    phrased, outcome = phrase_note(drafted, phraser, names=names)
    reasons = sorted({reason for _, reason in outcome.dropped})
    stderr.print(
        f"phrasing: {len(outcome.accepted)} of {outcome.sent} sentence(s) reworded; "
        f"{len(outcome.dropped)} answer(s) dropped"
        + (f" ({', '.join(reasons)})" if reasons else "")
    )
    return phrased


def _measures(path: Path | None) -> MeasuresReport | None:
    from alliancelens.measures import report_for_csv  # noqa: PLC0415

    if path is None:
        return None
    if not path.is_file():
        raise UsageError(f"--measures {path}: no such file; give a measures CSV or FHIR JSON file")
    return report_for_csv(path, history=True)


def _deliver(
    drafted: Note,
    result: AnalysisResult,
    *,
    phraser: OpenAICompatiblePhraser | None,
    output: ReservedOutput | None,
    as_json: bool,
) -> None:
    """Reword the note (``--phrase-url``), then print it or fill the reserved output file."""
    from alliancelens.notes import to_html, to_markdown, to_pdf, to_text  # noqa: PLC0415

    if phraser is not None:
        drafted = _phrased(drafted, result, phraser)
    suffix = output.path.suffix.lower() if output else ""
    if as_json or suffix == ".json":
        data: str | bytes = json.dumps(drafted.to_json(), indent=2, ensure_ascii=False) + "\n"
    elif suffix == ".pdf":
        data = to_pdf(drafted)
    elif suffix in {".md", ".markdown"}:
        data = to_markdown(drafted)
    elif suffix in {".html", ".htm"}:
        data = to_html(drafted)
    else:
        data = to_text(drafted)
    if output is None:
        typer.echo(data, nl=False)
        return
    output.fill(data, mode=0o600)  # client quotes, decrypted: owner-only, as export


#: Said when the filled note of a stored session could not be moved into place after the read
#: was committed to the audit log (a rename that fails in the file's own folder: rare).
_READ_AUDITED = " (the audit log records that the session was read for it)"
