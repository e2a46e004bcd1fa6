"""Administrators: the list of users (``services.list_users`` refuses everyone else)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from alliancelens import services
from alliancelens.web._render import page
from alliancelens.web.deps import ActorDep, DatabaseDep

__all__ = ["router"]

router = APIRouter(tags=["users"])


@router.get("/users")
def users_page(request: Request, database: DatabaseDep, actor: ActorDep) -> Response:
    """Every user: name, role, active, linked client id (no password hashes)."""
    users = services.list_users(database, actor)
    return page(request, "users.html", {"users": users}, actor=actor)
