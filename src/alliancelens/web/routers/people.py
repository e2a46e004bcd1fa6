"""Add a client and record or withdraw a client's consents from the dashboard.

* ``/clients/new``: name, optional identifier (record number) and notes; an administrator also
  chooses the owning therapist. ``create_client`` stores the client (encrypted) and the browser
  lands on the new client's page.
* ``POST /clients/{id}/consents``: record a consent (``grant_consent``) given on a date (default
  today; not in the future). A second grant while one is recorded is refused; with "Correct the
  start date" ticked the recorded grant's start moves to the date given (audited as a
  correction, never as a withdrawal). "In force" everywhere means in force today.
* ``/clients/{id}/consents/withdraw?kind=...``: a confirmation page saying what withdrawing
  does (or, for a consent not in force, says so with no button), then ``withdraw_consent``
  (withdrawing analysis consent cancels the client's queued analysis jobs).

Everything goes through the use cases (policy and audit). Therapists and administrators only:
supervisors and client accounts get 403, another therapist's client 403. A field that cannot be
used shows the form again naming it and nothing is stored. Nothing here logs a client's name,
identifier or notes.

This router must be registered before :mod:`.clients`: ``/clients/new`` would otherwise be read
as ``/clients/{client_id}`` with a non-numeric id (a 404).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from alliancelens import services
from alliancelens.errors import AccessDeniedError, NotFoundError, UsageError
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ClientRecord, ConsentKind, ConsentRecord, Database
from alliancelens.web._consent_view import recorded_by_text, recorder_names
from alliancelens.web._drafts import DRAFT_KEY, draft_store
from alliancelens.web._forms import form_fields, parse_day, today
from alliancelens.web._messages import web_message
from alliancelens.web._once import FORM_TOKEN_FIELD, new_form_token, once_response
from alliancelens.web._render import TEMPLATES, page
from alliancelens.web.deps import ActorDep, Csrf, DatabaseDep

__all__ = ["MAX_IDENTIFIER", "MAX_NAME", "MAX_NOTES", "router"]

router = APIRouter(tags=["people"])

#: Input limits of the add-client form (characters): generous, only to refuse runaway input.
MAX_NAME: Final = 200
MAX_IDENTIFIER: Final = 64
MAX_NOTES: Final = 5000

#: What withdrawing each consent does, shown on the confirmation page.
_WITHDRAW_EFFECT: Final = {
    ConsentKind.RECORDING: "No new transcript can be imported for this client.",
    ConsentKind.ANALYSIS: (
        "No further analysis runs for this client: queued analysis jobs are cancelled and a "
        "running one stores nothing. Stored analyses stay until you delete them."
    ),
    ConsentKind.SUPERVISION_SHARING: (
        "Supervisors can no longer open this client's shared sessions."
    ),
}


#: Added to a refused grant: the way to change the date of the grant already recorded.
_CORRECT_HINT: Final = (
    ' If the date recorded is wrong, tick "Correct the start date" and record it again.'
)


def _today_text() -> str:
    return today().isoformat()


def _in_force(consents: Iterable[ConsentRecord]) -> list[ConsentKind]:
    """The kinds in force *today* (QA27 #6: a grant recorded from 2030 read "In force")."""
    now = today()
    return sorted({c.kind for c in consents if c.active_on(now)}, key=list(ConsentKind).index)


def _upcoming(consents: Iterable[ConsentRecord]) -> list[ConsentRecord]:
    """Open grants recorded to start after today (stored before such dates were refused)."""
    now = today()
    return [c for c in consents if c.withdrawn_on is None and c.granted_on > now]


def _consent_state(consent: ConsentRecord) -> str:
    """One grant's state today, for the history table."""
    if consent.withdrawn_on is not None:
        return f"withdrawn {consent.withdrawn_on.isoformat()}"
    return "in force" if consent.granted_on <= today() else "not yet in force"


# ``_client_consents.html`` is also included by the client page, whose route does not know
# about consent actions: the choices, today's date and the states come from template globals.
TEMPLATES.env.globals.update(
    consent_kinds=tuple(ConsentKind),
    consent_today=_today_text,
    consents_in_force=_in_force,
    consents_upcoming=_upcoming,
    consent_state=_consent_state,
)


def _require_staff(actor: Actor) -> None:
    """Therapists and administrators only (the use cases check the client itself)."""
    if actor.role not in (Role.THERAPIST, Role.ADMIN):
        raise AccessDeniedError(
            f"{actor.label} ({actor.role}) may not manage clients or consents: "
            "therapists and administrators only"
        )


def _therapists(database: Database, actor: Actor) -> list[str]:
    """User names of active therapists an administrator may choose (empty for a therapist)."""
    if actor.role is not Role.ADMIN:
        return []
    users = services.list_users(database, actor)
    return sorted(u.username for u in users if u.role == Role.THERAPIST and u.active)


def _new_page(
    request: Request,
    actor: Actor,
    database: Database,
    *,
    sent: dict[str, str] | None = None,
    errors: list[str] | None = None,
    duplicates: list[ClientRecord] | None = None,
    restored: bool = False,
    status_code: int = 200,
) -> Response:
    sent = dict(sent or {})
    if not sent.get(FORM_TOKEN_FIELD):  # one token per form shown; kept when shown again
        sent[FORM_TOKEN_FIELD] = new_form_token()
    context = {
        "therapists": _therapists(database, actor),
        "sent": sent,
        "errors": errors or [],
        "duplicates": duplicates or [],
        "restored": restored,
        "form_token_field": FORM_TOKEN_FIELD,
        "limits": {"name": MAX_NAME, "identifier": MAX_IDENTIFIER, "notes": MAX_NOTES},
    }
    return page(request, "client_new.html", context, actor=actor, status_code=status_code)


@router.get("/clients/new")
def new_client_page(request: Request, database: DatabaseDep, actor: ActorDep) -> Response:
    """The add-a-client form (filled in with what was typed when the sign-in expired)."""
    _require_staff(actor)
    draft = draft_store(request.app.state).take(
        request.session.pop(DRAFT_KEY, None), user_id=actor.user_id, page="/clients/new"
    )
    return _new_page(request, actor, database, sent=draft, restored=draft is not None)


@router.post("/clients/new", dependencies=[Csrf])
async def new_client(request: Request, database: DatabaseDep, actor: ActorDep) -> Response:
    """Store the client and go to its page; else the form again naming the field."""
    _require_staff(actor)
    sent = await form_fields(request)
    return await run_in_threadpool(_create, request, actor, database, sent)


def _client_errors(sent: dict[str, str], actor: Actor, therapists: list[str]) -> list[str]:
    """One message per field that cannot be used (never echoing the values)."""
    errors = []
    if not sent.get("name"):
        errors.append("Name: give the client's name (it is stored encrypted).")
    for field, label, limit in (
        ("name", "Name", MAX_NAME),
        ("identifier", "Identifier", MAX_IDENTIFIER),
        ("notes", "Notes", MAX_NOTES),
    ):
        if len(sent.get(field, "")) > limit:
            errors.append(f"{label}: at most {limit} characters.")
    if actor.role is Role.ADMIN and sent.get("therapist", "") not in therapists:
        errors.append("Therapist: choose the therapist who will own this client from the list.")
    return errors


def _create(request: Request, actor: Actor, database: Database, sent: dict[str, str]) -> Response:
    """Add the client once per form token (QA40 #4); a resent form goes to the client it made."""
    work = functools.partial(_create_once, request, actor, database, sent)
    return once_response(request, actor.user_id, sent, work)


def _key(text: str | None) -> str:
    """A name or record number as compared for duplicates (case and spacing ignored)."""
    return " ".join((text or "").split()).casefold()


def _duplicates(database: Database, actor: Actor, sent: dict[str, str]) -> list[ClientRecord]:
    """Clients the actor can see with the same record number, or the same name, as ``sent``."""
    name, identifier = _key(sent.get("name")), _key(sent.get("identifier"))
    return [
        c
        for c in services.list_clients(database, actor)
        if c.missing_key is None
        and ((identifier and _key(c.identifier) == identifier) or _key(c.name) == name)
    ]


def _duplicate_error(sent: dict[str, str], found: list[ClientRecord]) -> str:
    """The warning naming the clients already recorded (ids; the page lists them as links)."""
    ids = ", ".join(f"#{c.id}" for c in found)
    identifier = _key(sent.get("identifier"))
    same_number = identifier and any(_key(c.identifier) == identifier for c in found)
    what = "this record number" if same_number else "this name"
    return (
        f"Duplicate: a client with {what} already exists ({ids}); nothing was added. Open "
        "the existing record below, or, if this is a different person, tick 'Add anyway' and "
        "send the form again."
    )


def _create_once(
    request: Request, actor: Actor, database: Database, sent: dict[str, str]
) -> tuple[Response, str | None]:
    """The add-a-client work: the response, and the new client's path (None: nothing added)."""
    therapists = _therapists(database, actor)
    errors = _client_errors(sent, actor, therapists)
    found: list[ClientRecord] = []
    if not errors and sent.get("confirm_duplicate") != "1":
        found = _duplicates(database, actor, sent)
        if found:
            errors = [_duplicate_error(sent, found)]
            shown = _new_page(
                request,
                actor,
                database,
                sent=sent,
                errors=errors,
                duplicates=found,
                status_code=409,
            )
            return shown, None
    if not errors:
        try:
            client = services.create_client(
                database,
                actor,
                name=sent["name"],
                identifier=sent.get("identifier") or None,
                notes=sent.get("notes") or None,
                therapist=sent.get("therapist") if actor.role is Role.ADMIN else None,
            )
        except AccessDeniedError:
            raise
        except (UsageError, NotFoundError) as exc:
            errors = [web_message(exc, 400)]
        else:
            path = f"/clients/{client.id}"
            return RedirectResponse(path, status_code=303), path
    shown = _new_page(request, actor, database, sent=sent, errors=errors, status_code=400)
    return shown, None


def _kind(text: str) -> ConsentKind | None:
    try:
        return ConsentKind(text)
    except ValueError:
        return None


def _date(text: str, what: str) -> tuple[dt.date | None, str | None]:
    """The date typed (empty: today), or an error naming the field; never in the future."""
    if not text:
        return today(), None
    day = parse_day(text)
    if day is None:
        return None, f"Date: give the day the consent was {what} as YYYY-MM-DD."
    if day > today():
        return None, f"Date: the day the consent was {what} cannot be in the future."
    return day, None


def _consents_page(
    request: Request,
    actor: Actor,
    database: Database,
    client_id: int,
    *,
    sent: dict[str, str] | None = None,
    errors: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    client = services.get_client(database, actor, client_id=client_id)
    history = services.consent_history(database, actor, client_id=client_id)
    names = recorder_names(database, actor, request.session.get("user"))
    context = {
        "client": client,
        "consents": history,
        "recorded_by": {c.recorded_by: recorded_by_text(c.recorded_by, names) for c in history},
        "consent_sent": sent or {},
        "errors": errors or [],
    }
    return page(request, "consents.html", context, actor=actor, status_code=status_code)


@router.get("/clients/{client_id}/consents")
def consents_page(
    request: Request, client_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """The client's consent history with the record and withdraw actions."""
    _require_staff(actor)
    return _consents_page(request, actor, database, client_id)


@router.post("/clients/{client_id}/consents", dependencies=[Csrf])
async def grant(
    request: Request, client_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Record a consent and go back to the client page; else the consents page naming the field."""
    _require_staff(actor)
    sent = await form_fields(request)
    return await run_in_threadpool(_grant, request, actor, database, client_id, sent)


def _grant(
    request: Request, actor: Actor, database: Database, client_id: int, sent: dict[str, str]
) -> Response:
    services.get_client(database, actor, client_id=client_id)  # 403/404 before anything else
    kind = _kind(sent.get("kind", ""))
    day, date_error = _date(sent.get("date", ""), "given")
    errors = [] if kind else ["Consent: choose one of " + ", ".join(ConsentKind) + "."]
    if date_error:
        errors.append(date_error)
    if kind is None or day is None or errors:
        return _consents_page(
            request, actor, database, client_id, sent=sent, errors=errors, status_code=400
        )
    correct = sent.get("correct_start") == "1"
    try:
        services.grant_consent(
            database, actor, client_id=client_id, kind=kind, on=day, correct_start=correct
        )
    except AccessDeniedError:
        raise
    except UsageError as exc:  # one open grant at a time; nothing open to correct; overlap
        # the refusal of a second grant (records.people) is the one a correction resolves
        hint = _CORRECT_HINT if not correct and "already recorded from" in exc.message else ""
        return _consents_page(
            request,
            actor,
            database,
            client_id,
            sent=sent,
            errors=[f"Consent: {web_message(exc, 400).rstrip('.')}.{hint}"],
            status_code=400,
        )
    return RedirectResponse(f"/clients/{client_id}", status_code=303)


def _withdraw_page(
    request: Request,
    actor: Actor,
    database: Database,
    client_id: int,
    kind: ConsentKind,
    *,
    sent: dict[str, str] | None = None,
    errors: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    client = services.get_client(database, actor, client_id=client_id)
    history = services.consent_history(database, actor, client_id=client_id)
    context = {
        "client": client,
        "kind": kind,
        "in_force": kind in _in_force(history),
        "effect": _WITHDRAW_EFFECT[kind],
        "sent": sent or {"date": today().isoformat()},
        "errors": errors or [],
    }
    return page(request, "consent_withdraw.html", context, actor=actor, status_code=status_code)


@router.get("/clients/{client_id}/consents/withdraw")
def withdraw_page(
    request: Request, client_id: int, database: DatabaseDep, actor: ActorDep, kind: str = ""
) -> Response:
    """Confirm withdrawing one consent (says what it stops)."""
    _require_staff(actor)
    chosen = _kind(kind)
    if chosen is None:
        raise UsageError("Consent: choose one of " + ", ".join(ConsentKind) + ".")
    return _withdraw_page(request, actor, database, client_id, chosen)


@router.post("/clients/{client_id}/consents/withdraw", dependencies=[Csrf])
async def withdraw(
    request: Request, client_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Withdraw the consent and go back to the client page; else the confirmation again."""
    _require_staff(actor)
    sent = await form_fields(request)
    return await run_in_threadpool(_withdraw, request, actor, database, client_id, sent)


def _withdraw(
    request: Request, actor: Actor, database: Database, client_id: int, sent: dict[str, str]
) -> Response:
    kind = _kind(sent.get("kind", ""))
    if kind is None:
        raise UsageError("Consent: choose one of " + ", ".join(ConsentKind) + ".")
    day, error = _date(sent.get("date", ""), "withdrawn")
    history = services.consent_history(database, actor, client_id=client_id)
    granted = [c.granted_on for c in history if c.kind is kind and c.withdrawn_on is None]
    if day is not None and granted and day < max(granted):
        day, error = (
            None,
            f"Date: the consent was given on {max(granted)}; withdraw it on or after that day.",
        )
    if day is not None:
        try:
            services.withdraw_consent(database, actor, client_id=client_id, kind=kind, on=day)
        except UsageError as exc:  # nothing of this kind in force
            error = web_message(exc, 400)
        else:
            return RedirectResponse(f"/clients/{client_id}", status_code=303)
    return _withdraw_page(
        request, actor, database, client_id, kind, sent=sent, errors=[error or ""], status_code=400
    )
