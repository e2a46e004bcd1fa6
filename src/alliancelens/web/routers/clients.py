"""The caseload dashboard (``/``), a client's page (``/clients/{id}``), its export and erasure.

Erasure (``/clients/{id}/delete``): a confirmation page, then ``alliancelens delete-client``'s
use case (:func:`~alliancelens.records.deletion.erase_client`: the same policy, deletion, audit
entry and erasure-register line). The form must carry the client's number typed again and a
one-time form token (:mod:`alliancelens.web._once`): a resent form never deletes twice.
"""

from __future__ import annotations

import functools
import json
import logging
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from alliancelens import services
from alliancelens.errors import (
    AccessDeniedError,
    DecryptionError,
    NotFoundError,
    StoreError,
    UsageError,
)
from alliancelens.insights import Insight
from alliancelens.records.deletion import ClientErasure, erase_client, register_line
from alliancelens.records.freshness import RISK_ANALYSER, outdated_notice
from alliancelens.records.supervision import sharing_blocked
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ClientRecord, Database
from alliancelens.web._consent_view import recording_gap
from alliancelens.web._forms import FieldError, form_fields
from alliancelens.web._measures_view import SPARK_HEIGHT, SPARK_WIDTH, client_measures
from alliancelens.web._once import FORM_TOKEN_FIELD, new_form_token, once_response
from alliancelens.web._render import page
from alliancelens.web._risk_screen import CaseloadRisk, caseload_risk
from alliancelens.web._supervision_view import supervision_groups
from alliancelens.web.deps import ActorDep, Csrf, DatabaseDep

__all__ = ["CONFIRM_FIELD", "router", "supervisor_home"]

router = APIRouter(tags=["clients"])
log = logging.getLogger("alliancelens.web")

#: The delete form's field where the client's number is typed again, and its control's id.
CONFIRM_FIELD: Final = "confirm_code"
_CONFIRM_ID: Final = "confirm-code"


@router.get("/")
def dashboard(request: Request, database: DatabaseDep, actor: ActorDep) -> Response:
    """Therapists and administrators: the caseload; supervisors: the sessions shared with them."""
    if actor.role is Role.SUPERVISOR:
        context = supervisor_home(database, actor)
        return page(request, "home_other.html", context, actor=actor)
    if actor.role not in (Role.THERAPIST, Role.ADMIN):
        return page(request, "home_other.html", {"shared": []}, actor=actor)
    rows = [
        _caseload_row(database, actor, client) for client in services.list_clients(database, actor)
    ]
    therapists = (
        {u.id: u.username for u in services.list_users(database, actor)}
        if actor.role is Role.ADMIN
        else {}
    )  # the administrator's "All clients" names each client's therapist (sign-in name)
    return page(request, "dashboard.html", {"rows": rows, "therapists": therapists}, actor=actor)


def supervisor_home(database: Database, actor: Actor) -> dict[str, Any]:
    """The supervisor's start page: shared sessions grouped by client, with linked forms."""
    shared = services.list_shared_sessions(database, actor)
    ids = [item.summary.id for item in shared]
    return {
        "shared": shared,
        "groups": supervision_groups(database, actor, shared),
        "older": _older_risk(database, actor, ids),
        "supervises_nobody": not actor.supervisees,
        "errors": [],
        "sent": "",
    }


def _caseload_row(database: Database, actor: Actor, client: ClientRecord) -> dict[str, Any]:
    """One caseload row; a client whose data cannot be decrypted is one unreadable row.

    A missing key (docs/security.md, "Key rotation") must never take the whole caseload down: the
    row says so and links nowhere else; the log names ids only.
    """
    if client.missing_key is not None:
        return {"client": client, "unreadable": True}
    try:
        return {
            "client": client,
            "measures": client_measures(database, actor, client_id=client.id),
            "risk": _client_risk(database, actor, client.id),
            "outdated": _outdated(database, actor, client.id),
        }
    except DecryptionError:
        log.warning("caseload: client %s has data that cannot be decrypted", client.id)
        return {"client": client, "unreadable": True}


@router.get("/clients/{client_id}")
def client_page(
    request: Request, client_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """One client: measures over time, alerts, consents and sessions."""
    client = services.get_client(database, actor, client_id=client_id)
    sessions = services.list_sessions(database, actor, client_id=client_id)
    context = {
        "client": client,
        "measures": client_measures(database, actor, client_id=client_id),
        "consents": services.consent_history(database, actor, client_id=client_id),
        "sessions": sessions,
        "consent_gap": recording_gap(
            database, actor, client_id=client_id, dated=[(s.id, s.session_date) for s in sessions]
        ),
        "shared_blocked": sharing_blocked(database, actor, client_id=client_id),
        "insights": _insights(database, actor, client_id),
        "risk": _client_risk(database, actor, client_id),
        "outdated": _outdated(database, actor, client_id),
        "spark_width": SPARK_WIDTH,
        "spark_height": SPARK_HEIGHT,
    }
    return page(request, "client.html", context, actor=actor)


@router.post("/clients/{client_id}/export", dependencies=[Csrf])
async def export_record(client_id: int, database: DatabaseDep, actor: ActorDep) -> Response:
    """Download the client's whole record as JSON (QA40 #9): ``alliancelens export``'s use case.

    ``services.export_client`` applies the policy (the client's therapist or an administrator)
    and audits the export as for the CLI. The file is decrypted health information: it is sent
    as an attachment named by the client id only, never cached (``no-store``), never logged.
    """
    record = await run_in_threadpool(services.export_client, database, actor, client_id=client_id)
    body = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return Response(
        body.encode("utf-8"),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="alliancelens-client-{client_id}.json"',
            "Cache-Control": "no-store",
        },
    )


class _NotConfirmedError(UsageError):
    """The client's number was not typed into the delete form (nothing is deleted)."""


def _delete_page(
    request: Request,
    actor: Actor,
    database: Database,
    client_id: int,
    *,
    token: str = "",
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    """The confirmation page: what deleting does, and the field for the client's number."""
    context = {
        "client": services.get_client(database, actor, client_id=client_id),
        "errors": errors or [],
        "confirm_field": CONFIRM_FIELD,
        "confirm_id": _CONFIRM_ID,
        "form_token_field": FORM_TOKEN_FIELD,
        "form_token": token or new_form_token(),  # one per form shown; kept when shown again
    }
    return page(request, "client_delete.html", context, actor=actor, status_code=status_code)


@router.get("/clients/{client_id}/delete")
def delete_page(
    request: Request, client_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Confirm deleting the client (the client's therapist or an administrator; others 403)."""
    return _delete_page(request, actor, database, client_id)


@router.post("/clients/{client_id}/delete", dependencies=[Csrf])
async def delete_client(
    request: Request, client_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Erase the client as ``alliancelens delete-client`` does, once the number is typed.

    The permission is checked first (a supervisor gets 403 whatever was typed); a missing or
    wrong number deletes nothing (the page again, 400, naming the field); a form sent again
    with the same one-time token goes to the start page instead of deleting twice.
    """
    sent = await form_fields(request)
    return await run_in_threadpool(_erase, request, actor, database, client_id, sent)


def _erase(
    request: Request, actor: Actor, database: Database, client_id: int, sent: dict[str, str]
) -> Response:
    return once_response(
        request,
        actor.user_id,
        sent,
        functools.partial(_erase_once, request, actor, database, client_id, sent),
    )


def _erase_once(
    request: Request, actor: Actor, database: Database, client_id: int, sent: dict[str, str]
) -> tuple[Response, str | None]:
    """The erasure: the page to show, and where a resent form goes (None: nothing deleted)."""
    typed = sent.get(CONFIRM_FIELD, "").removeprefix("#").strip()

    def confirm() -> bool:  # asked by the use case only once the actor may delete the client
        if typed != str(client_id):
            raise _NotConfirmedError(
                f"Client number: type {client_id}, the number of the client to delete; "
                "nothing was deleted."
            )
        return True

    try:
        report = erase_client(database, actor, client_id=client_id, confirm=confirm)
    except _NotConfirmedError as exc:
        error = FieldError(exc.message, _CONFIRM_ID)
        token = sent.get(FORM_TOKEN_FIELD, "")
        shown = _delete_page(
            request, actor, database, client_id, token=token, errors=[error], status_code=400
        )
        return shown, None
    except StoreError:  # refused (403), unknown (404), the store: the usual error pages
        raise
    except UsageError as exc:
        if "erasure register" not in exc.message:
            raise
        # the register cannot be written: refused before anything was deleted
        error = FieldError(
            "The erasure register (erasure-register.tsv in the data folder) cannot be written, "
            "so nothing was deleted. Ask the administrator to make it writable, then try again."
        )
        shown = _delete_page(request, actor, database, client_id, errors=[error], status_code=503)
        return shown, None
    return _deleted_page(request, actor, report), "/"


def _deleted_page(request: Request, actor: Actor, report: ClientErasure) -> Response:
    """What the erasure did: the register line (or the line to add by hand), journal caveat."""
    context = {
        "client_id": report.client_id,
        "register_error": report.register_error,
        "register_line": register_line(report.erasure).strip(),
        "unlinked_journal": report.unlinked_journal,
    }
    return page(request, "client_deleted.html", context, actor=actor)


def _insights(database: Database, actor: Actor, client_id: int) -> tuple[Insight, ...] | None:
    """Insights over the analysed sessions, after a "Session not analysed" row per other session.

    The rows ``insights client:N`` lists too (such a session was not screened for risk language:
    not "no risk"); None when the client has no stored session at all.
    """
    try:
        result, caseload = services.insights_for_stored(database, actor, client_id=client_id)
    except NotFoundError:  # no stored sessions, or none analysed yet
        missing = services.not_analysed_insights(database, actor, client_id=client_id, web=True)
        return missing or None
    unanalysed = services.not_analysed_insights(
        database, actor, client_id=client_id, session_ids=caseload.unanalysed, web=True
    )
    return (*unanalysed, *result.insights)


def _client_risk(database: Database, actor: Actor, client_id: int) -> CaseloadRisk | None:
    """Each stored session's transcript-risk state; None when the actor may not see analyses.

    A screen that read none of the client's words is *not analysed*, with its reason (QA40 #1).
    """
    try:
        return caseload_risk(database, actor, client_id=client_id)
    except AccessDeniedError:
        return None


def _outdated(database: Database, actor: Actor, client_id: int) -> dict[str, dict[str, str]]:
    """Sessions (id as text) whose stored analysis is outdated: the notice, and the risk run's.

    ``{"7": {"notice": "...", "risk": "risk.language v1; current v15"}}`` ("risk" only when the
    risk screen itself is outdated); empty when the actor may not see analyses.
    """
    try:
        states = services.session_analyses(database, actor, client_id=client_id)
    except AccessDeniedError:
        return {}
    found: dict[str, dict[str, str]] = {}
    for state in states.values():
        if not state.outdated:
            continue
        purged = state.state.value == "purged"
        entry = {"notice": outdated_notice(state.session_id, state.outdated, purged=purged)}
        risk = next((r for r in state.outdated if r.name == RISK_ANALYSER), None)
        if risk is not None:
            entry["risk"] = risk.text
        found[str(state.session_id)] = entry
    return found


def _older_risk(database: Database, actor: Actor, session_ids: list[int]) -> dict[int, str]:
    """Shared sessions whose risk screen an older risk analyser made, with what to do.

    ``{7: "risk.language v1; current v17; re-analyse"}`` (a purged session's says it cannot be
    re-analysed); the supervisor start page never calls such a screen "none flagged".
    """
    found: dict[int, str] = {}
    for session_id in session_ids:
        try:
            state = services.session_analysis(database, actor, session_id=session_id)
        except (AccessDeniedError, NotFoundError):
            continue
        risk = next((r for r in state.outdated if r.name == RISK_ANALYSER), None)
        if risk is None or state.state.value == "not analysed":
            continue
        purged = state.state.value == "purged"
        todo = "text purged, cannot be re-analysed" if purged else "re-analyse"
        found[session_id] = f"{risk.text}; {todo}"
    return found
