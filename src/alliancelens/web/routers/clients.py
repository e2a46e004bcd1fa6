"""The caseload dashboard (``/``) and a client's page (``/clients/{id}``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from alliancelens import services
from alliancelens.errors import NotFoundError
from alliancelens.insights import Insight
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import Database
from alliancelens.web._measures_view import SPARK_HEIGHT, SPARK_WIDTH, client_measures
from alliancelens.web._render import page
from alliancelens.web.deps import ActorDep, DatabaseDep

__all__ = ["router"]

router = APIRouter(tags=["clients"])


@router.get("/")
def dashboard(request: Request, database: DatabaseDep, actor: ActorDep) -> Response:
    """Therapists and administrators: the caseload; supervisors: the sessions shared with them."""
    if actor.role is Role.SUPERVISOR:
        shared = services.list_shared_sessions(database, actor)
        return page(request, "home_other.html", {"shared": shared}, actor=actor)
    if actor.role not in (Role.THERAPIST, Role.ADMIN):
        return page(request, "home_other.html", {"shared": []}, actor=actor)
    rows = [
        {"client": client, "measures": client_measures(database, actor, client_id=client.id)}
        for client in services.list_clients(database, actor)
    ]
    return page(request, "dashboard.html", {"rows": rows}, actor=actor)


@router.get("/clients/{client_id}")
def client_page(
    request: Request, client_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """One client: measures over time, alerts, consents and sessions."""
    client = services.get_client(database, actor, client_id=client_id)
    context = {
        "client": client,
        "measures": client_measures(database, actor, client_id=client_id),
        "consents": services.consent_history(database, actor, client_id=client_id),
        "sessions": services.list_sessions(database, actor, client_id=client_id),
        "insights": _insights(database, actor, client_id),
        "spark_width": SPARK_WIDTH,
        "spark_height": SPARK_HEIGHT,
    }
    return page(request, "client.html", context, actor=actor)


def _insights(database: Database, actor: Actor, client_id: int) -> tuple[Insight, ...] | None:
    """Supervision-style insights over the client's analysed sessions; None when none is."""
    try:
        result, _ = services.insights_for_stored(database, actor, client_id=client_id)
    except NotFoundError:  # no stored sessions, or none analysed yet
        return None
    return result.insights
