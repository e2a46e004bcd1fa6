"""The reflection journal (``/journal``): a therapist's private entries; supervisors' shared view.

* Therapists: their entries, newest first; a form to add one (optionally about one of their
  sessions); each entry's share / stop-sharing button, edit form and delete form (with a
  confirm box); a search of their own entries (``POST /journal/search``, so the searched text —
  often a client's name — is in no address, browser history or access log); on request
  (``?prompts=1``) the reflection prompts of their most recent analysed sessions, each with its
  own answer form.
* Supervisors: the entries their supervisees shared (read-only).
* Everyone else (administrators included): 403 — the policy keeps journals private.

Every read and write goes through the journal use cases (``add_journal_entry``,
``list_journal``, ``share_journal_entry``, ``edit_journal_entry``, ``delete_journal_entry``,
``search_journal``: policy and audit by ids). A field that cannot be used shows the form again
naming it, and nothing is stored. Nothing here logs journal text, prompts or search text.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, Final, Protocol, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from alliancelens import services
from alliancelens.errors import AccessDeniedError, ConsentError, NotFoundError, UsageError
from alliancelens.notes import evidence_label
from alliancelens.notes.prompts import reflection_prompts
from alliancelens.records.journal import (
    delete_journal_entry,
    edit_journal_entry,
    search_journal,
)
from alliancelens.records.supervision import supervisee_names
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import Database, SessionSummary
from alliancelens.web._render import page
from alliancelens.web.deps import ActorDep, Csrf, DatabaseDep
from alliancelens.web.routers.sessions import shared_value

__all__ = ["MAX_PROMPT", "MAX_TEXT", "PROMPT_SESSIONS", "router"]

router = APIRouter(tags=["journal"])

#: Longest entry accepted (characters): generous, only to refuse runaway input.
MAX_TEXT: Final = 10_000
#: Longest prompt sent back with an answer (the service's prompts are a few hundred characters).
MAX_PROMPT: Final = 1_000
#: How many of the therapist's most recent sessions the prompts are drawn from.
PROMPT_SESSIONS: Final = 3


@dataclass(frozen=True, slots=True)
class Prompt:
    """One reflection prompt of a stored session, with its evidence read out."""

    session_id: int
    text: str
    evidence: str


def _require_therapist(actor: Actor) -> None:
    if actor.role is not Role.THERAPIST:
        raise AccessDeniedError(
            f"{actor.label} ({actor.role}) may not write in a journal: journals are private "
            "to the therapist who keeps them"
        )


def _own_sessions(database: Database, actor: Actor) -> list[SessionSummary]:
    """The therapist's sessions, newest (highest id) first."""
    found = [
        s
        for client in services.list_clients(database, actor)
        for s in services.list_sessions(database, actor, client_id=client.id)
    ]
    return sorted(found, key=lambda s: s.id, reverse=True)


def _prompts(database: Database, actor: Actor, sessions: list[SessionSummary]) -> list[Prompt]:
    """Prompts of the most recent analysed sessions (stored analysis, no measures file)."""
    prompts: list[Prompt] = []
    for summary in sessions[:PROMPT_SESSIONS]:
        try:
            stored = services.stored_result(database, actor, session_id=summary.id)
        except (NotFoundError, ConsentError):  # not analysed yet: nothing to reflect on
            continue
        prompts += [
            Prompt(summary.id, p.text, evidence_label(p.evidence))
            for p in reflection_prompts(stored.result)
        ]
    return prompts


class _Entry(Protocol):
    """What ordering needs of a journal entry (the web does not import storage types)."""

    @property
    def id(self) -> int: ...

    @property
    def created_at(self) -> dt.datetime: ...


_E = TypeVar("_E", bound=_Entry)


def _newest_first(entries: list[_E]) -> list[_E]:
    return sorted(entries, key=lambda e: (e.created_at, e.id), reverse=True)


def _journal_page(
    request: Request,
    actor: Actor,
    database: Database,
    *,
    show_prompts: bool = False,
    sent: dict[str, str] | None = None,
    errors: list[str] | None = None,
    status_code: int = 200,
    search: str | None = None,
    search_error: str | None = None,
    edit_error: tuple[int, str] | None = None,
) -> Response:
    if actor.role is Role.SUPERVISOR:
        shared = [
            e
            for therapist in sorted(actor.supervisees)
            for e in services.list_journal(database, actor, therapist_id=therapist)
        ]
        # sessions this supervisor may open: the entry links to them ("about session N")
        openable = {s.summary.id for s in services.list_shared_sessions(database, actor)}
        names = supervisee_names(database, actor)
        shown = {"entries": _newest_first(shared), "openable": openable, "therapists": names}
        return page(request, "journal.html", shown, actor=actor, status_code=status_code)
    if search is not None and search_error is None:
        entries = search_journal(database, actor, text=search)  # the author's own entries only
    else:
        entries = services.list_journal(database, actor)  # refuses all but the author (policy)
    sessions = _own_sessions(database, actor)
    context: dict[str, Any] = {
        "entries": _newest_first(entries),
        "search": search,
        "search_error": search_error,
        "edit_error": edit_error,
        "sessions": sessions,
        "prompts": _prompts(database, actor, sessions) if show_prompts else None,
        "prompt_sessions": PROMPT_SESSIONS,
        "sent": sent or {},
        "errors": errors or [],
        "limits": {"text": MAX_TEXT, "prompt": MAX_PROMPT},
    }
    return page(request, "journal.html", context, actor=actor, status_code=status_code)


@router.get("/journal")
def journal_page(
    request: Request, database: DatabaseDep, actor: ActorDep, prompts: int = 0
) -> Response:
    """Therapists: their journal; supervisors: their supervisees' shared entries."""
    return _journal_page(request, actor, database, show_prompts=prompts == 1)


def _entry_errors(sent: dict[str, str]) -> tuple[list[str], int | None]:
    """One message per field that cannot be used (never echoing the text), and the session."""
    errors = []
    text = sent.get("text", "")
    if not text.strip():
        errors.append("Entry: write your reflection (the entry is empty).")
    elif len(text) > MAX_TEXT:
        errors.append(f"Entry: at most {MAX_TEXT} characters (this one has {len(text)}).")
    if len(sent.get("prompt", "")) > MAX_PROMPT:
        errors.append(f"Prompt: at most {MAX_PROMPT} characters.")
    session_id = None
    if sent.get("session_id"):
        try:
            session_id = int(sent["session_id"])
        except ValueError:
            errors.append("Session: choose one of your sessions from the list, or none.")
    return errors, session_id


def _add(request: Request, actor: Actor, database: Database, sent: dict[str, str]) -> Response:
    errors, session_id = _entry_errors(sent)
    if not errors:
        try:
            entry = services.add_journal_entry(
                database,
                actor,
                text=sent["text"],
                session_id=session_id,
                prompt=sent.get("prompt") or None,
            )
        except (AccessDeniedError, NotFoundError):  # the session is not one of theirs
            errors = ["Session: choose one of your own sessions from the list, or none."]
        except UsageError as exc:
            errors = [f"Entry: {exc.message}"]
        else:
            return RedirectResponse(f"/journal#entry-{entry.id}", status_code=303)
    return _journal_page(request, actor, database, sent=sent, errors=errors, status_code=400)


@router.post("/journal", dependencies=[Csrf])
async def add_entry(request: Request, database: DatabaseDep, actor: ActorDep) -> Response:
    """Store the entry (private) and return to the journal; else the form again naming the field."""
    _require_therapist(actor)
    form = await request.form()
    sent = {k: v for k, v in form.items() if isinstance(v, str)}
    sent = {**sent, "session_id": sent.get("session_id", "").strip()}
    return await run_in_threadpool(_add, request, actor, database, sent)


@router.post("/journal/{entry_id}/share", dependencies=[Csrf])
async def share_entry(
    request: Request, entry_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Share the entry with the therapist's supervisors (``shared=true``) or stop (``false``)."""
    shared = shared_value(await request.form())
    await run_in_threadpool(
        services.share_journal_entry, database, actor, entry_id=entry_id, shared=shared
    )
    return RedirectResponse(f"/journal#entry-{entry_id}", status_code=303)


def _text_error(text: str) -> str | None:
    """Why an entry's text cannot be stored (never echoing it), or None."""
    if not text.strip():
        return "write your reflection (the entry is empty)."
    if len(text) > MAX_TEXT:
        return f"at most {MAX_TEXT} characters (this one has {len(text)})."
    return None


@router.post("/journal/search", dependencies=[Csrf])
async def search_entries(request: Request, database: DatabaseDep, actor: ActorDep) -> Response:
    """The therapist's own entries containing the text (any case); sent by POST, never logged."""
    _require_therapist(actor)
    text = (await request.form()).get("text")
    text = text.strip() if isinstance(text, str) else ""
    error = None
    if not text:
        error = "Search: type the text to look for, e.g. a client's name."
    elif len(text) > MAX_PROMPT:
        error = f"Search: at most {MAX_PROMPT} characters."
    return await run_in_threadpool(
        functools.partial(
            _journal_page,
            request,
            actor,
            database,
            search=text,
            search_error=error,
            status_code=400 if error else 200,
        )
    )


@router.post("/journal/{entry_id}/edit", dependencies=[Csrf])
async def edit_entry(
    request: Request, entry_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Replace the entry's text (its author only); an unusable text shows the page naming it."""
    text = (await request.form()).get("text")
    text = text if isinstance(text, str) else ""
    error = _text_error(text)
    if error is not None:
        _require_therapist(actor)
        return await run_in_threadpool(
            functools.partial(
                _journal_page,
                request,
                actor,
                database,
                edit_error=(entry_id, f"Entry {entry_id}: {error}"),
                status_code=400,
            )
        )
    await run_in_threadpool(
        functools.partial(edit_journal_entry, database, actor, entry_id=entry_id, text=text)
    )
    return RedirectResponse(f"/journal#entry-{entry_id}", status_code=303)


@router.post("/journal/{entry_id}/delete", dependencies=[Csrf])
async def delete_entry(
    request: Request, entry_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Delete the entry (its author only) once the confirm box is ticked; back to the journal.

    The permission is checked first (others get 403 with or without the box); then, without the
    box ticked, nothing is deleted (400 naming it).
    """
    ticked = (await request.form()).get("confirm") == "yes"

    def confirm() -> bool:
        if not ticked:  # asked only once the actor is known to be the author
            raise UsageError("Confirm: tick the box to delete the entry; nothing was deleted.")
        return True

    await run_in_threadpool(
        functools.partial(delete_journal_entry, database, actor, entry_id=entry_id, confirm=confirm)
    )
    return RedirectResponse("/journal", status_code=303)
