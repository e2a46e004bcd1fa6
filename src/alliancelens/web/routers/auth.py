"""Sign in (user name + password, argon2id via ``services.authenticate``) and sign out."""

from __future__ import annotations

import logging
import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from alliancelens import services
from alliancelens.errors import AuthenticationError, NotFoundError
from alliancelens.web._render import page
from alliancelens.web._security import LoginThrottle
from alliancelens.web.deps import Csrf, DatabaseDep, sign_in, sign_out

__all__ = ["router"]

router = APIRouter(tags=["auth"])
log = logging.getLogger("alliancelens.web")

#: The one message for every failed sign-in (never says whether the name exists).
WRONG = "Wrong user name or password."


def _throttle(request: Request) -> LoginThrottle:
    throttle: LoginThrottle = request.app.state.throttle
    return throttle


@router.get("/login")
def login_form(request: Request, expired: int = 0) -> Response:
    """The sign-in form."""
    notice = "You were signed out after a period of inactivity." if expired else None
    return page(request, "login.html", {"notice": notice})


@router.post("/login", dependencies=[Csrf])
def login(
    request: Request,
    database: DatabaseDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """Check the password; too many failures for one user name lock it for a while."""
    throttle = _throttle(request)
    wait = throttle.locked_for(username)
    if wait > 0:
        minutes = math.ceil(wait / 60)
        log.info("sign-in refused: too many failures (throttled)")
        error = f"Too many failed sign-ins. Try again in {minutes} minute(s)."
        return page(request, "login.html", {"error": error}, status_code=429)
    try:
        actor = services.authenticate(database, username, password)
        services.resolve_actor(database, username)  # refuses a deactivated user
    except (AuthenticationError, NotFoundError):
        throttle.failed(username)
        return page(request, "login.html", {"error": WRONG}, status_code=401)
    throttle.succeeded(username)
    sign_in(request, actor, username)
    return RedirectResponse("/", status_code=303)


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request) -> Response:
    """Sign out and go back to the sign-in page."""
    sign_out(request)
    return RedirectResponse("/login", status_code=303)
