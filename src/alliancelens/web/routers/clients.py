"""The caseload dashboard (``/``), a client's page (``/clients/{id}``) and its record export."""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from alliancelens import services
from alliancelens.errors import AccessDeniedError, DecryptionError, NotFoundError
from alliancelens.insights import Insight
from alliancelens.records.freshness import RISK_ANALYSER, outdated_notice
from alliancelens.records.supervision import sharing_blocked
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ClientRecord, Database
from alliancelens.web._consent_view import recording_gap
from alliancelens.web._measures_view import SPARK_HEIGHT, SPARK_WIDTH, client_measures
from alliancelens.web._render import page
from alliancelens.web._risk_screen import CaseloadRisk, caseload_risk
from alliancelens.web._supervision_view import supervision_groups
from alliancelens.web.deps import ActorDep, Csrf, DatabaseDep

__all__ = ["router", "supervisor_home"]

router = APIRouter(tags=["clients"])
log = logging.getLogger("alliancelens.web")


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


def _insights(database: Database, actor: Actor, client_id: int) -> tuple[Insight, ...] | None:
    """Insights over the analysed sessions, after a "Session not analysed" row per other session.

    The rows ``insights client:N`` lists too (such a session was not screened for risk language:
    not "no risk"); None when the client has no stored session at all.
    """
    try:
        result, caseload = services.insights_for_stored(database, actor, client_id=client_id)
    except NotFoundError:  # no stored sessions, or none analysed yet
        missing = services.not_analysed_insights(database, actor, client_id=client_id)
        return missing or None
    unanalysed = services.not_analysed_insights(
        database, actor, client_id=client_id, session_ids=caseload.unanalysed
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
