"""A stored session: its analysis report and transcript; its progress-note draft."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Final

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool

from alliancelens import services
from alliancelens.domain import Role as SpeakerRole
from alliancelens.errors import AccessDeniedError, ConsentError, NotFoundError, UsageError
from alliancelens.insights import Insight
from alliancelens.measures import session_alerts
from alliancelens.notes.model import FORMATS as NOTE_FORMATS
from alliancelens.records._web_export import session_supervisors
from alliancelens.records.measures import registry_for
from alliancelens.records.supervision import (
    LINKED_ONLY_TEXT,
    scored_forms,
    sharing_blocked,
    visible_forms,
)
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database
from alliancelens.web._analysis_view import session_view
from alliancelens.web._consent_view import recording_gap
from alliancelens.web._forms import FieldError, form_fields, today
from alliancelens.web._messages import web_message
from alliancelens.web._once import FORM_TOKEN_FIELD, once_response
from alliancelens.web._render import page
from alliancelens.web._roles_view import ROLES_FIELD, chosen_speaker, session_notes
from alliancelens.web._supervision_view import linked_forms
from alliancelens.web._text import TRANSCRIPT_PART, transcript_part_of
from alliancelens.web.deps import ActorDep, Csrf, DatabaseDep
from alliancelens.web.routers.clients import supervisor_home

__all__ = ["NOTE_FORMATS", "SHARED_VALUES", "linked_note", "router", "shared_value"]

router = APIRouter(tags=["sessions"])


#: A session number as typed in the "Open a session by number" box (ids fit in 63 bits).
_SESSION_NUMBER: Final = re.compile(r"[1-9][0-9]{0,17}")
_OPEN_ERROR: Final = "Session number: enter a whole number such as 3."


@router.get("/sessions/open")
def open_session(
    request: Request, actor: ActorDep, database: DatabaseDep, session_id: str = ""
) -> Response:
    """Go to a session by its id (how a supervisor reaches a session shared with them).

    A number that is not a whole number from 1 gives the form again (400) with an error summary
    naming the field; the session page applies the access policy.
    """
    typed = session_id.strip()
    if _SESSION_NUMBER.fullmatch(typed):
        return RedirectResponse(f"/sessions/{typed}", status_code=303)
    if actor.role is not Role.SUPERVISOR:
        raise UsageError(_OPEN_ERROR)
    context = supervisor_home(database, actor)
    context["errors"] = [FieldError(_OPEN_ERROR, "session_id")]
    context["sent"] = typed
    return page(request, "home_other.html", context, actor=actor, status_code=400)


@router.get("/sessions/{session_id}")
def session_page(
    request: Request, session_id: int, database: DatabaseDep, actor: ActorDep, part: int = 1
) -> Response:
    """The stored analysis (risk first) and the transcript with utterance anchors.

    A long transcript is shown in parts of ``TRANSCRIPT_PART`` utterances (``?part=k``, QA40
    #13); the analysis panels are on every part and link to the part of each utterance.
    """
    try:
        stored = services.stored_result(database, actor, session_id=session_id)
    except NotFoundError:
        # Unknown session (404 again below) or a session without a stored analysis yet.
        plain = services.view_session(database, actor, session_id=session_id)
        view = session_view(None, plain.session)
        client_id, purged, analysed = plain.summary.client_id, plain.summary.text_purged_at, False
        date = plain.session.date
        job = services.analysis_status(database, actor, session_id=session_id)
        outdated, risk_outdated = None, None
        consent = _analysis_consent_state(database, actor, client_id) if job is None else None
        session = plain.session
    else:
        view = session_view(stored.result, stored.result.session)
        session = stored.result.session
        client_id, purged, analysed = stored.client_id, stored.text_purged_at, True
        date, job = stored.result.session.date, None
        outdated, risk_outdated = stored.outdated_notice, stored.risk_outdated
        consent = None
    parts = sorted({transcript_part_of(u.index) for u in view.utterances}) or [1]
    if part not in parts:
        raise HTTPException(404)
    staff = actor.role in (Role.THERAPIST, Role.ADMIN)
    context = {
        "session_id": session_id,
        "transcript_part": part,
        "transcript_parts": parts,
        "transcript_part_size": TRANSCRIPT_PART,
        "transcript": [u for u in view.utterances if transcript_part_of(u.index) == part],
        "client_id": client_id,
        "client_link": staff,
        # QA40 #12: the client's own therapist sees whose session it is (never a supervisor)
        "client_name": services.get_client(database, actor, client_id=client_id).name
        if staff
        else None,
        "supervisors": _supervisors(database, actor, session_id) if staff else None,
        "view": view,
        "purged": purged,
        "analysed": analysed,
        "session_date": date,
        "job": job,
        "analysis_consent": consent,
        "can_share": actor.role in (Role.THERAPIST, Role.ADMIN),
        "can_analyse": actor.role in (Role.THERAPIST, Role.ADMIN),
        "shared": (shared := _shared(database, actor, client_id, session_id)),
        "shared_blocked": sharing_blocked(database, actor, client_id=client_id) if shared else None,
        "outdated_notice": outdated,
        "risk_outdated": risk_outdated.text if risk_outdated else None,
        "can_delete": actor.role in (Role.THERAPIST, Role.ADMIN),
        "session_insights": _session_insights(database, actor, session_id) if analysed else None,
        "consent_gap": recording_gap(
            database, actor, client_id=client_id, dated=[(session_id, date)]
        ),
        **session_notes(session, staff=staff and purged is None),
        **_linked_forms(database, actor, client_id, session_id),
    }
    return page(request, "session.html", context, actor=actor)


def _supervisors(database: Database, actor: Actor, session_id: int) -> int | None:
    """How many supervisors a share of the session reaches (None: this user may not share it)."""
    try:
        return session_supervisors(database, actor, session_id=session_id)
    except AccessDeniedError:
        return None


def _analysis_consent_state(database: Database, actor: Actor, client_id: int) -> str | None:
    """Why analysis consent is not in force today, as the CLI says it; None when it is in force.

    ``was withdrawn on 2026-11-20``, ``is not yet in force (recorded from …)`` or ``has not
    been recorded``; None too when the actor may not view the client's consents (QA29 #15).
    """
    try:
        history = services.consent_history(database, actor, client_id=client_id)
    except AccessDeniedError:
        return None
    now = today()
    grants = [c for c in history if c.kind is ConsentKind.ANALYSIS]
    if any(c.active_on(now) for c in grants):
        return None
    upcoming = [c.granted_on for c in grants if c.withdrawn_on is None and c.granted_on > now]
    ended = [c.withdrawn_on for c in grants if c.withdrawn_on is not None]
    if upcoming:
        return f"is not yet in force (recorded from {min(upcoming).isoformat()})"
    if ended:
        return f"was withdrawn on {max(ended).isoformat()}"
    return "has not been recorded"


def _session_insights(database: Database, actor: Actor, session_id: int) -> tuple[Insight, ...]:
    """The insight rules over this one session (what ``insights session:ID`` lists).

    Less ``session_measure_alerts``: the page lists those alerts with the linked forms already.
    """
    result, _ = services.insights_for_stored(database, actor, session_id=session_id)
    return tuple(i for i in result.insights if i.rule != "session_measure_alerts")


def _linked_forms(
    database: Database, actor: Actor, client_id: int, session_id: int
) -> dict[str, object]:
    """The SRS/ORS forms linked to this session, with the alerts raised at them (read-only).

    A supervisor sees them under the linked-forms rule (records/supervision.py) with the line
    saying what is withheld; ``linked_forms`` is None when the actor may see no form.
    """
    found = visible_forms(database, actor, client_id=client_id)
    if found is None:
        return {"linked_forms": None}
    report, partial = scored_forms(found, registry_for(database))
    cells = linked_forms(report, session_id)
    return {
        "linked_forms": cells,
        # raised at this session's own forms, as when each was recorded (QA43 #3)
        "linked_alerts": list(session_alerts(report, str(session_id))),
        "linked_only": LINKED_ONLY_TEXT if found.linked_only else None,
        "partial_series": partial,
    }


@router.get("/sessions/{session_id}/note")
def note_page(
    request: Request,
    session_id: int,
    database: DatabaseDep,
    actor: ActorDep,
    *,
    format: str = "soap",
    member: str | None = None,
) -> Response:
    """The progress-note draft of a stored session (a draft for the clinician to edit).

    A couple, family or group session's note goes into one client's record: without ``member``
    the page lists the session's client speakers to choose from (the viewer sees their labels in
    the transcript anyway); with it — the client's number in that list, never their label, so no
    name reaches the server's access log — only that client's words and risk items are in the
    draft.
    """
    from alliancelens.notes.render import to_text  # noqa: PLC0415 - only this page needs it

    chosen = next((f for f in NOTE_FORMATS if f == format.strip().lower()), None)
    if chosen is None:
        raise UsageError("Format: choose soap, dap or birp.")
    try:
        stored = services.stored_result(database, actor, session_id=session_id)
    except NotFoundError:
        return _no_note_yet(request, database, actor, session_id)
    members = [s.label for s in stored.result.session.speakers if s.role is SpeakerRole.CLIENT]
    label = _member_label(members, member)
    context: dict[str, object] = {
        "session_id": session_id,
        "format": chosen,
        "members": members if len(members) > 1 else [],
        "member": member if label is not None else None,
        "member_label": label,
    }
    if len(members) > 1 and label is None:
        problem = None if member is None else "Choose one of this session's clients below."
        return page(
            request,
            "note.html",
            {**context, "text": None, "problem": problem},
            actor=actor,
            status_code=200 if member is None else 400,
        )
    note, _ = services.note_for_stored(
        database, actor, session_id=session_id, format=chosen, member=label, stored=stored
    )
    context["text"] = linked_note(to_text(note), session_id)
    return page(request, "note.html", context, actor=actor)


def _member_label(members: list[str], member: str | None) -> str | None:
    """The client label the 1-based ``member`` number names, or None (none or not a number)."""
    if member is None or len(members) < 2 or not member.isdigit():
        return None
    number = int(member)
    return members[number - 1] if 1 <= number <= len(members) else None


def _no_note_yet(request: Request, database: Database, actor: Actor, session_id: int) -> Response:
    """409 for a session without a stored analysis (404 when it does not exist): links back."""
    client_id = services.view_session(database, actor, session_id=session_id).summary.client_id
    links = [(f"/sessions/{session_id}", f"Open session {session_id}")]
    if actor.role in (Role.THERAPIST, Role.ADMIN):
        links.append((f"/clients/{client_id}", f"Client {client_id}"))
    context: dict[str, object] = {
        "title": f"No note draft yet: session {session_id} is not analysed",
        "message": "A progress-note draft is built from the session's stored analysis. Open the "
        "session to see its analysis status (and, for its therapist, the Analyse this session "
        "button).",
        "links": links,
        "status": 409,
    }
    return page(request, "error.html", context, actor=actor, status_code=409)


#: A note's evidence bracket ("[evidence: utterance 1, 3; microskills.codes]") and its numbers.
_EVIDENCE = re.compile(r"\[evidence: utterances? ([0-9, ]+)")
_NUMBER = re.compile(r"\d+")


def linked_note(text: str, session_id: int) -> Markup:
    """The note text, escaped, with each evidence utterance a link to the session page anchor.

    The bracket already says "utterance" in visible text, so the links carry the bare number (a
    visually hidden "utterance " in them made screen readers say "utterance utterance 7").
    """

    def href(number: str) -> str:
        part = transcript_part_of(int(number))
        return f"/sessions/{session_id}{f'?part={part}' if part > 1 else ''}#u{number}"

    def link(found: re.Match[str]) -> str:
        numbers = _NUMBER.sub(lambda n: f'<a href="{href(n[0])}">{n[0]}</a>', found[1])
        return found[0][: found.start(1) - found.start(0)] + numbers

    return Markup(_EVIDENCE.sub(link, str(escape(text))))  # noqa: S704 - escaped; our links only


def _shared(database: Database, actor: Actor, client_id: int, session_id: int) -> bool | None:
    """Whether the session is shared for supervision (None: this user may not list sessions)."""
    if actor.role not in (Role.THERAPIST, Role.ADMIN):
        return None
    found = services.list_sessions(database, actor, client_id=client_id)
    return next((s.shared_for_supervision for s in found if s.id == session_id), None)


#: The ``shared`` values of the share forms (session and journal entry): one vocabulary.
SHARED_VALUES: Final = {"true": True, "false": False}


def shared_value(form: Mapping[str, object]) -> bool:
    """The form's ``shared`` field as a bool; a missing or unknown value is a 400 naming it."""
    value = form.get("shared")
    if not isinstance(value, str) or value not in SHARED_VALUES:
        raise UsageError("Shared: send shared=true to share or shared=false to stop sharing.")
    return SHARED_VALUES[value]


@router.post("/sessions/{session_id}/share", dependencies=[Csrf])
async def share(
    request: Request, session_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Share (or stop sharing) a session with the therapist's supervisors; needs consent.

    Sharing is refused (409, nothing changed) when the therapist has no supervisor, since nobody
    would see it (QA40 #11), and without the client's consent (409 linking to the Consents box
    and back to the session, QA40 #5).
    """
    shared = shared_value(await request.form())
    return await run_in_threadpool(_share, request, database, actor, session_id, shared)


def _share(
    request: Request, database: Database, actor: Actor, session_id: int, shared: bool
) -> Response:
    if shared and session_supervisors(database, actor, session_id=session_id) == 0:
        return _back_to_session(
            request,
            actor,
            session_id,
            status=409,
            title="Nobody to share with",
            message=NO_SUPERVISOR,
        )
    try:
        services.share_session(database, actor, session_id=session_id, shared=shared)
    except ConsentError as exc:
        return _consent_needed(request, database, actor, session_id, exc)
    return RedirectResponse(f"/sessions/{session_id}", status_code=303)


#: Why a share is refused when the session's therapist has no supervisor (QA40 #11).
NO_SUPERVISOR: Final = (
    "Nobody supervises this session's therapist, so sharing it would show it to nobody; "
    "nothing was changed. The practice administrator links a supervisor to the therapist; "
    "then share the session again."
)


def _back_to_session(
    request: Request,
    actor: Actor,
    session_id: int,
    *,
    status: int,
    title: str,
    message: str,
    anchor: str = "",
) -> Response:
    """An error page for an action on the session page, leading back to it (no dead end)."""
    context: dict[str, object] = {
        "status": status,
        "title": title,
        "message": message,
        "links": [(f"/sessions/{session_id}{anchor}", f"Back to session {session_id}")],
    }
    return page(request, "error.html", context, actor=actor, status_code=status)


@router.post("/sessions/{session_id}/analyse", dependencies=[Csrf])
async def analyse(
    request: Request, session_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Queue the analysis of a stored session (needs analysis consent); back to its page.

    With the in-process job backend the analysis runs before the response; with a queue the
    session page shows the job's state until a worker has run it. Without the consent, the
    409 page links to the client's Consents box and back to the session.
    """
    try:
        await run_in_threadpool(services.request_analysis, database, actor, session_id=session_id)
    except ConsentError as exc:
        return await run_in_threadpool(_consent_needed, request, database, actor, session_id, exc)
    return RedirectResponse(f"/sessions/{session_id}", status_code=303)


@router.post("/sessions/{session_id}/roles", dependencies=[Csrf])
async def set_roles(
    request: Request, session_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Set who the therapist is (the others are clients) and re-analyse (QA42 #4).

    The same use case and rules as ``alliancelens sessions roles``: the session's therapist or an
    administrator (a supervisor gets 403), text not purged. No speaker chosen shows the page
    again leading to the form (400, nothing changed); a form sent twice acts once.
    """
    sent = await form_fields(request)
    return await run_in_threadpool(_set_roles, request, database, actor, session_id, sent)


def _set_roles(
    request: Request, database: Database, actor: Actor, session_id: int, sent: dict[str, str]
) -> Response:
    def work() -> tuple[Response, str | None]:
        number = chosen_speaker(sent.get(ROLES_FIELD, ""))
        if number is None:
            refused = _back_to_session(
                request,
                actor,
                session_id,
                status=400,
                title="Nothing was changed",
                message="Therapist: choose the speaker who is the therapist, then send the form "
                "again; nothing was changed.",
                anchor="#roles",
            )
            return refused, None
        report = services.set_speaker_roles(
            database, actor, session_id=session_id, therapists=[str(number)]
        )
        back = f"/sessions/{session_id}#risk"
        if report.analysis_skipped is not None:
            shown = _back_to_session(
                request,
                actor,
                session_id,
                status=200,
                title="Roles set, not re-analysed",
                message=f"The speaker roles were set; {report.analysis_skipped}.",
            )
            return shown, back
        return RedirectResponse(back, status_code=303), back

    return once_response(
        request, actor.user_id, {FORM_TOKEN_FIELD: sent.get(FORM_TOKEN_FIELD, "")}, work
    )


def _consent_needed(
    request: Request, database: Database, actor: Actor, session_id: int, exc: ConsentError
) -> Response:
    client_id = services.view_session(database, actor, session_id=session_id).summary.client_id
    context: dict[str, object] = {
        "status": 409,
        "title": "Consent needed",
        "message": web_message(exc, 409),
        "links": [
            (f"/clients/{client_id}#consents", f"Record the consent on client {client_id}'s page"),
            (f"/sessions/{session_id}", f"Back to session {session_id}"),
        ],
    }
    return page(request, "error.html", context, actor=actor, status_code=409)


class _NotConfirmedError(UsageError):
    """The delete form was sent without its confirmation box ticked (nothing is deleted)."""


@router.post("/sessions/{session_id}/delete", dependencies=[Csrf])
async def delete(
    request: Request, session_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Delete a stored session (its therapist or an administrator) after the confirm box.

    The permission is checked first (a supervisor gets 403 with or without the box); then,
    without the box ticked, nothing is deleted (400 naming it); then back to the client's page.
    """
    ticked = (await request.form()).get("confirm") == "yes"

    def confirm() -> bool:
        if not ticked:  # asked by the service only once the actor may delete the session
            raise _NotConfirmedError(
                "Confirm: tick the box to delete the session; nothing was deleted."
            )
        return True

    try:
        report = await run_in_threadpool(
            functools.partial(
                services.delete_session, database, actor, session_id=session_id, confirm=confirm
            )
        )
    except _NotConfirmedError as exc:  # the box was not ticked: lead back to it (QA40 #5)
        return _back_to_session(
            request,
            actor,
            session_id,
            status=400,
            title="Nothing was deleted",
            message=web_message(exc, 400),
            anchor="#delete",
        )
    target = f"/clients/{report.client_id}" if actor.role is not Role.SUPERVISOR else "/"
    return RedirectResponse(target, status_code=303)
