"""A stored session: its analysis report and transcript; its progress-note draft."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from alliancelens import services
from alliancelens.errors import NotFoundError
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import Database
from alliancelens.web._analysis_view import session_view
from alliancelens.web._render import page
from alliancelens.web.deps import ActorDep, Csrf, DatabaseDep

__all__ = ["router"]

router = APIRouter(tags=["sessions"])


@router.get("/sessions/open")
def open_session(actor: ActorDep, session_id: Annotated[int, Query(ge=1)]) -> Response:
    """Go to a session by its id (how a supervisor reaches a session shared with them)."""
    del actor  # signed-in users only; the session page applies the policy
    return RedirectResponse(f"/sessions/{session_id}", status_code=303)


@router.get("/sessions/{session_id}")
def session_page(
    request: Request, session_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """The stored analysis (risk first) and the transcript with utterance anchors."""
    try:
        stored = services.stored_result(database, actor, session_id=session_id)
    except NotFoundError:
        # Unknown session (404 again below) or a session without a stored analysis yet.
        plain = services.view_session(database, actor, session_id=session_id)
        view = session_view(None, plain.session)
        client_id, purged, analysed = plain.summary.client_id, plain.summary.text_purged_at, False
        date = plain.session.date
        job = services.analysis_status(database, actor, session_id=session_id)
    else:
        view = session_view(stored.result, stored.result.session)
        client_id, purged, analysed = stored.client_id, stored.text_purged_at, True
        date, job = stored.result.session.date, None
    context = {
        "session_id": session_id,
        "client_id": client_id,
        "client_link": actor.role in (Role.THERAPIST, Role.ADMIN),
        "view": view,
        "purged": purged,
        "analysed": analysed,
        "session_date": date,
        "job": job,
        "can_share": actor.role in (Role.THERAPIST, Role.ADMIN),
        "shared": _shared(database, actor, client_id, session_id),
    }
    return page(request, "session.html", context, actor=actor)


@router.get("/sessions/{session_id}/note")
def note_page(
    request: Request,
    session_id: int,
    database: DatabaseDep,
    actor: ActorDep,
    format: Literal["soap", "dap", "birp"] = "soap",
) -> Response:
    """The progress-note draft of a stored session (a draft for the clinician to edit)."""
    from alliancelens.notes.render import to_text  # noqa: PLC0415 - only this page needs it

    note, _ = services.note_for_stored(database, actor, session_id=session_id, format=format)
    context = {"session_id": session_id, "format": format, "text": to_text(note)}
    return page(request, "note.html", context, actor=actor)


def _shared(database: Database, actor: Actor, client_id: int, session_id: int) -> bool | None:
    """Whether the session is shared for supervision (None: this user may not list sessions)."""
    if actor.role not in (Role.THERAPIST, Role.ADMIN):
        return None
    found = services.list_sessions(database, actor, client_id=client_id)
    return next((s.shared_for_supervision for s in found if s.id == session_id), None)


@router.post("/sessions/{session_id}/share", dependencies=[Csrf])
def share(
    session_id: int,
    database: DatabaseDep,
    actor: ActorDep,
    shared: Annotated[bool, Form()] = True,
) -> Response:
    """Share (or stop sharing) a session with the therapist's supervisors; needs consent."""
    services.share_session(database, actor, session_id=session_id, shared=shared)
    return RedirectResponse(f"/sessions/{session_id}", status_code=303)
