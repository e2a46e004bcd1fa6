"""``alliancelens journal``: reflection prompts and the therapist's private journal."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from alliancelens import services
from alliancelens.cli._app import app
from alliancelens.cli._errors import fail, stderr, user_errors
from alliancelens.cli._store import AsOpt, JsonOpt, echo_json, opened

if TYPE_CHECKING:
    from alliancelens.storage.journal import JournalRecord

__all__ = ["journal_app"]

journal_app = typer.Typer(
    help="Reflection prompts and your private journal (supervisors see only what you share).",
    no_args_is_help=True,
)
app.add_typer(journal_app, name="journal")


@journal_app.command("prompts")
def journal_prompts(
    session: Annotated[Path, typer.Argument(help="A transcript file, analysed now.")],
    measures: Annotated[
        Path | None, typer.Option("--measures", help="Measures file: SRS alerts of this session.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Reflection prompts after a possible rupture or a low/falling SRS in one session."""
    from alliancelens.measures import report_for_csv  # noqa: PLC0415 - keeps start-up fast
    from alliancelens.notes import evidence_label  # noqa: PLC0415
    from alliancelens.notes.prompts import reflection_prompts  # noqa: PLC0415

    with user_errors():
        batch = services.analyse_paths([session])
        if batch.failures:
            raise fail(f"{batch.failures[0].message} [{batch.failures[0].code}]")
        if measures is not None and not measures.is_file():
            raise fail(f"--measures {measures}: no such file; give a measures CSV or FHIR file")
        report = report_for_csv(measures, history=True) if measures else None
        prompts = [p for r in batch.results for p in reflection_prompts(r, measures=report)]
    if as_json:
        echo_json([p.to_json() for p in prompts])
    elif not prompts:
        typer.echo("No possible rupture or SRS alert in this session: no prompts.")
    for p in [] if as_json else prompts:
        typer.echo(f"- {p.text} [evidence: {evidence_label(p.evidence)}]")


def _json(entry: JournalRecord) -> dict[str, Any]:
    return {
        "id": entry.id,
        "therapist_id": entry.therapist_id,
        "session_id": entry.session_id,
        "prompt": entry.prompt,
        "text": entry.text,
        "shared": entry.shared,
        "created_at": entry.created_at.isoformat(),
    }


@journal_app.command("add")
def journal_add(
    text: Annotated[str, typer.Argument(help="Your reflection.")],
    session: Annotated[
        int | None, typer.Option("--session", help="Stored session id it is about.")
    ] = None,
    prompt: Annotated[str | None, typer.Option("--prompt", help="The prompt you answered.")] = None,
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add an entry to your journal (private; stored encrypted)."""
    from alliancelens.records.journal import mentions_own_client  # noqa: PLC0415 - start-up

    with user_errors(), opened(as_user) as (database, actor, _):
        entry = services.add_journal_entry(
            database, actor, text=text, session_id=session, prompt=prompt
        )
        names_client = session is None and mentions_own_client(database, actor, text=text)
    if as_json:
        echo_json(_json(entry))
    else:
        typer.echo(f"journal entry {entry.id} saved (private)")
    if names_client:  # QA39 #1: such an entry is not deleted with the client
        stderr.print(
            f"warning: journal entry {entry.id} holds a word of one of your clients' names or "
            "an identifier, and is about no session, so it is not deleted with that client. "
            f"Link it (next time: --session ID), or take the name out with `alliancelens journal "
            f"edit {entry.id} TEXT`.",
            markup=False,
        )


@journal_app.command("list")
def journal_list(
    therapist: Annotated[
        int | None,
        typer.Option("--therapist", help="Supervisors: a supervisee's user id (shared entries)."),
    ] = None,
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List your journal entries (a supervisor sees only entries a supervisee shared)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        entries = services.list_journal(database, actor, therapist_id=therapist)
    if as_json:
        echo_json([_json(e) for e in entries])
        return
    _print_entries(entries, "no journal entries")


def _print_entries(entries: list[JournalRecord], none: str) -> None:
    if not entries:
        typer.echo(none)
    for e in entries:
        about = f" (session {e.session_id})" if e.session_id is not None else ""
        shared = " [shared]" if e.shared else ""
        typer.echo(f"{e.id}  {e.created_at:%Y-%m-%d %H:%M}{about}{shared}")
        if e.prompt:
            typer.echo(f"    prompt: {e.prompt}")
        typer.echo(f"    {e.text}")


@journal_app.command("search")
def journal_search(
    text: Annotated[str, typer.Argument(help="Text to look for (any case), e.g. a client's name.")],
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Find your entries that contain TEXT (e.g. to delete those naming an erased client)."""
    from alliancelens.records.journal import search_journal  # noqa: PLC0415 - start-up time

    with user_errors(), opened(as_user) as (database, actor, _):
        entries = search_journal(database, actor, text=text)
    if as_json:
        echo_json([_json(e) for e in entries])
        return
    _print_entries(entries, "no journal entry of yours contains that text")


@journal_app.command("edit")
def journal_edit(
    entry: Annotated[int, typer.Argument(help="Journal entry id.")],
    text: Annotated[str, typer.Argument(help="The new text (replaces the old one).")],
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Replace the text of one of your entries (the old text is overwritten)."""
    from alliancelens.records.journal import edit_journal_entry  # noqa: PLC0415 - start-up time

    with user_errors(), opened(as_user) as (database, actor, _):
        edited = edit_journal_entry(database, actor, entry_id=entry, text=text)
    if as_json:
        echo_json(_json(edited))
    else:
        typer.echo(f"journal entry {entry} changed")


@journal_app.command("delete")
def journal_delete(
    entry: Annotated[int, typer.Argument(help="Journal entry id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    as_user: AsOpt = None,
) -> None:
    """Delete one of your entries (cannot be undone)."""
    from alliancelens.records.journal import delete_journal_entry  # noqa: PLC0415 - start-up

    def ask() -> bool:  # asked only once the acting user is known to be the author
        answer: bool = typer.confirm(f"Delete journal entry {entry}?")
        return answer

    with user_errors(), opened(as_user) as (database, actor, _):
        delete_journal_entry(database, actor, entry_id=entry, confirm=None if yes else ask)
    typer.echo(f"journal entry {entry} deleted")


@journal_app.command("share")
def journal_share(
    entry: Annotated[int, typer.Argument(help="Journal entry id.")],
    undo: Annotated[bool, typer.Option("--undo", help="Stop sharing it.")] = False,
    as_user: AsOpt = None,
) -> None:
    """Share one of your entries with your supervisors (or stop sharing with --undo)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        services.share_journal_entry(database, actor, entry_id=entry, shared=not undo)
    typer.echo(
        f"journal entry {entry} {'no longer shared' if undo else 'shared with your supervisors'}"
    )
