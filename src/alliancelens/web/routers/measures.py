"""A therapist's measure actions on a client: one-time form links and paper/in-session forms.

* ``/clients/{id}/form-link``: pick an *administrable* measure (the definition decides: item
  wording and electronic use licensed) and an expiry; ``create_form_link`` makes the link and the
  result page shows its path ``/f/<token>`` once (only a hash is stored; the token is never
  logged, and every page is ``Cache-Control: no-store``).
* ``/clients/{id}/record-measure``: pick any measure, enter the date and one response per item
  (label-only measures show item numbers and labels only), the population (default: the
  client's most recent stored form's, else adult) and who completed it. ``record_measure``
  checks, scores and stores the form (the client page then shows its alerts), or the form is
  shown again naming every bad item and the allowed range (a decimal comma, ``9,5``, reads as
  ``9.5``). A second form of the same measure on the same date by the same respondent is
  refused unless *Replace* is ticked; another respondent's form (a caregiver's ORS next to the
  child's) is stored in that rater's own series. The form is linked to one of the client's
  stored sessions (newest first; by default the session of the form's date when exactly one
  has that date) or to none, as the CLI's ``--session``; a session of another client or an
  unknown value shows the form again (400) and stores nothing.

The use cases check the access policy (the client's therapist or an administrator); refusals
become the usual 403/404 pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from alliancelens import services
from alliancelens.errors import AccessDeniedError, MeasureError, NotFoundError, UsageError
from alliancelens.measures import MeasureDefinition, Registry
from alliancelens.measures.entry import RESPONDENTS, known_populations
from alliancelens.measures.scoring import (
    allowed_range,
    decimal_point,
    item_name,
    parse_responses,
)
from alliancelens.records.measures import registry_for
from alliancelens.security.policy import Actor
from alliancelens.storage import Database, SessionSummary
from alliancelens.web._forms import FieldError, form_fields, item_error, parse_day, today
from alliancelens.web._measures_view import scale_choices
from alliancelens.web._messages import licence_message, web_message
from alliancelens.web._render import page
from alliancelens.web._security import public_url
from alliancelens.web.deps import ActorDep, Csrf, DatabaseDep

__all__ = ["LINK_HOURS", "router"]

router = APIRouter(tags=["measures"])

#: Expiry choices offered for a form link (hours); only these are accepted. 72 is the CLI's
#: default, 720 the maximum ``create_form_link`` accepts (MAX_LINK_HOURS).
LINK_HOURS: Final = (24, 72, 168, 720)
_DEFAULT_HOURS: Final = 72
#: Typed into an item to say the client left it blank (the service's own missing tokens).
_BLANK: Final = "NA"
#: The session choice's values besides a session id: the one session of the form's date (when
#: exactly one has it, else none) and "not linked to a session".
SAME_DAY: Final = "same-day"
NOT_LINKED: Final = "none"


def _administrable(registry: Registry) -> list[MeasureDefinition]:
    return [defn for defn in registry if defn.administrable]


def _link_page(
    request: Request,
    actor: Actor,
    database: Database,
    client_id: int,
    *,
    errors: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    client = services.get_client(database, actor, client_id=client_id)
    context = {
        "client": client,
        "measures": _administrable(registry_for(database)),
        "hours": LINK_HOURS,
        "default_hours": _DEFAULT_HOURS,
        "errors": errors or [],
    }
    return page(request, "measure_link.html", context, actor=actor, status_code=status_code)


@router.get("/clients/{client_id}/form-link")
def form_link_page(
    request: Request, client_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """The form to create a one-time link (only measures that may be given electronically)."""
    return _link_page(request, actor, database, client_id)


@router.post("/clients/{client_id}/form-link", dependencies=[Csrf])
async def create_link(
    request: Request, client_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Create the link; show its path once, or the form again with the service's message."""
    sent = await form_fields(request)
    return await run_in_threadpool(_create_link, request, actor, database, client_id, sent)


def _create_link(
    request: Request, actor: Actor, database: Database, client_id: int, sent: dict[str, str]
) -> Response:
    measure, hours = sent.get("measure", ""), sent.get("hours") or str(_DEFAULT_HOURS)
    try:
        defn = _link_measure(registry_for(database), measure)
        link = services.create_form_link(
            database, actor, client_id=client_id, measure=defn.name, hours=_hours(hours)
        )
    except (AccessDeniedError, NotFoundError):
        raise
    except (UsageError, MeasureError) as exc:
        return _link_page(
            request, actor, database, client_id, errors=[web_message(exc, 400)], status_code=400
        )
    path = f"/f/{link.token}"
    context = {
        "client_id": client_id,
        "measure": defn.short,
        "path": path,
        "url": public_url(request, path),
        "expires_at": f"{link.expires_at:%Y-%m-%d %H:%M} UTC",
    }
    return page(request, "measure_link_done.html", context, actor=actor)


def _link_measure(registry: Registry, measure: str) -> MeasureDefinition:
    """The measure, if it may be given through a link (the page's wording, not the CLI's)."""
    defn = registry.get(measure)
    if not defn.administrable:
        raise UsageError(licence_message(defn.short))
    return defn


def _hours(text: str) -> int:
    """One of the offered expiry choices (anything else is refused, naming the choices)."""
    if text.isdigit() and int(text) in LINK_HOURS:
        return int(text)
    choices = ", ".join(str(h) for h in LINK_HOURS)
    raise UsageError(f"Expiry: choose one of {choices} hours")


def _item_rows(defn: MeasureDefinition) -> list[dict[str, Any]]:
    """Per item: its name, licensed wording (else none) and anchors, as the definition has them."""
    wording = defn.licence.wording_included
    return [
        {
            "id": item.id,
            "name": item_name(item),
            "text": item.text if wording else None,
            "left": item.left_anchor,
            "right": item.right_anchor,
        }
        for item in defn.items
    ]


def _record_page(
    request: Request,
    actor: Actor,
    database: Database,
    client_id: int,
    measure: str | None,
    *,
    sent: dict[str, str] | None = None,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    client = services.get_client(database, actor, client_id=client_id)
    registry = registry_for(database)
    defn = registry.get(measure) if measure else None
    context = {
        "client": client,
        "measures": list(registry),
        "defn": defn,
        "items": _item_rows(defn) if defn else [],
        "choices": scale_choices(defn) if defn else [],
        "allowed": allowed_range(defn) if defn else "",
        "blank": _BLANK if defn and _prorates(defn) else None,
        "populations": known_populations(defn) if defn else (),
        "respondents": RESPONDENTS,
        "sessions": _session_rows(_sessions(database, actor, client_id)),
        "same_day": SAME_DAY,
        "not_linked": NOT_LINKED,
        "sent": sent or {"date": today().isoformat(), "session": SAME_DAY},
        "errors": errors or [],
    }
    return page(request, "measure_record.html", context, actor=actor, status_code=status_code)


@router.get("/clients/{client_id}/record-measure")
def record_measure_page(
    request: Request,
    client_id: int,
    database: DatabaseDep,
    actor: ActorDep,
    measure: str | None = None,
) -> Response:
    """Choose a measure, then enter the date and one response per item."""
    return _record_page(request, actor, database, client_id, measure or None)


@router.post("/clients/{client_id}/record-measure", dependencies=[Csrf])
async def record_measure(
    request: Request, client_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Check, score and store the form, then back to the client page; else the form again."""
    sent = await form_fields(request)
    return await run_in_threadpool(_record, request, actor, database, client_id, sent)


def _record(
    request: Request, actor: Actor, database: Database, client_id: int, sent: dict[str, str]
) -> Response:
    measure = sent.get("measure", "")
    defn = registry_for(database).get(measure)  # unknown measure: a 400 page
    # a decimal comma (9,5) reads as 9.5: the scoring code's rule, as on every path
    items = [decimal_point(sent.get(f"item_{item.id}", "").strip()) for item in defn.items]
    errors = _item_errors(defn, items)
    date = parse_day(sent.get("date", ""))
    if date is None:
        errors.insert(0, _date_error("Date: give the day the form was completed as YYYY-MM-DD."))
    elif date > today():
        future = f"Date: {date} is in the future; give the day the form was completed."
        errors.insert(0, _date_error(future))
        date = None
    sessions = _sessions(database, actor, client_id)
    session_id, session_error = _chosen_session(sent.get("session", SAME_DAY), sessions, date)
    if session_error is not None:
        errors.append(FieldError(session_error, "session"))
    if date is not None and not errors:
        try:
            services.record_measure(
                database,
                actor,
                client_id=client_id,
                measure=defn.name,
                items=items,
                date=date,
                session_id=session_id,
                replace=sent.get("replace") == "1",
                # empty: the client's most recent stored form's population, else adult
                population=sent.get("population") or None,
                completed_by=sent.get("completed_by") or "client",
            )
        except (AccessDeniedError, NotFoundError):
            raise
        except (UsageError, MeasureError) as exc:
            errors = [item_error(defn, web_message(exc, 400))]
    if errors:
        return _record_page(
            request,
            actor,
            database,
            client_id,
            defn.name,
            sent=sent,
            errors=errors,
            status_code=400,
        )
    return RedirectResponse(f"/clients/{client_id}", status_code=303)


def _prorates(defn: MeasureDefinition) -> bool:
    """Whether the measure's manual allows a missing item (so ``NA`` may be entered)."""
    return defn.prorating.max_missing > 0


def _date_error(text: str) -> FieldError:
    return FieldError(text, "date")


def _item_errors(defn: MeasureDefinition, items: list[str]) -> list[FieldError]:
    """One message per empty or bad item (all of them, not the first), each tied to its control.

    Each response is checked alone by the measure's own parser (the others read as missing), so
    the words and ranges are the scoring code's, never re-implemented here.
    """
    blank = f"; {_BLANK} if the client left it blank" if _prorates(defn) else ""
    errors: list[FieldError] = []
    for number, (item, token) in enumerate(zip(defn.items, items, strict=True)):
        if not token:
            errors.append(
                FieldError(
                    f"Please enter {item_name(item)} ({allowed_range(defn)}{blank}).",
                    f"item_{item.id}",
                )
            )
            continue
        alone = [token if other == number else _BLANK for other in range(len(items))]
        try:
            parse_responses(defn, alone)
        except MeasureError as exc:
            errors.append(item_error(defn, web_message(exc, 400)))
    return errors


def _sessions(database: Database, actor: Actor, client_id: int) -> list[SessionSummary]:
    """The client's stored sessions, newest first (by session date, else import time)."""
    found = services.list_sessions(database, actor, client_id=client_id)
    return sorted(found, key=lambda s: (_day(s), s.id), reverse=True)


def _day(summary: SessionSummary) -> dt.date:
    return summary.session_date or summary.imported_at.date()


def _session_rows(sessions: list[SessionSummary]) -> list[dict[str, str]]:
    """The session choice's options: ``session 7 — 2026-11-16``."""
    return [{"value": str(s.id), "label": f"session {s.id} — {_day(s)}"} for s in sessions]


def _chosen_session(
    value: str, sessions: list[SessionSummary], date: dt.date | None
) -> tuple[int | None, str | None]:
    """The session id to link (or None) and an error message when the choice is not allowed.

    ``same-day`` links the one session whose date is the form's date (none when zero or several
    have it); a session id must be one of this client's sessions.
    """
    if value in ("", NOT_LINKED):
        return None, None
    if value == SAME_DAY:
        same = [s.id for s in sessions if s.session_date is not None and s.session_date == date]
        return (same[0] if len(same) == 1 else None), None
    if value.isdigit() and int(value) in {s.id for s in sessions}:
        return int(value), None
    return None, (
        "Session: choose one of this client's sessions from the list, or 'not linked to a session'."
    )
