"""Sign in (user name + password, argon2id via ``services.authenticate``) and sign out.

Two throttles guard the form: failures per user name (guessing one account's password) and
failures per client address over any names (password spraying). Either refuses with the same
429 message, also for the right password; a success forgets the name's failures only, so an
attacker with an account of their own cannot reset their address's count.

The throttles live in this process's memory, but a user name's lockout is audited by user id
(``lockout``) and an administrator lifts it from any process: an ``unlock`` (``alliancelens users
unlock``), ``reset-password`` or ``activate`` audit entry newer than the lock's last failure
clears it here at the user's next attempt (``records.accounts.lock_lifted_since``).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from alliancelens import services
from alliancelens.errors import AuthenticationError, NotFoundError
from alliancelens.records import accounts
from alliancelens.storage import Database
from alliancelens.web._drafts import DRAFT_KEY, draft_store
from alliancelens.web._render import page
from alliancelens.web._security import LoginThrottle
from alliancelens.web.deps import (
    RENEWED_KEY,
    Csrf,
    DatabaseDep,
    LoginRequired,
    current_actor,
    get_web_settings,
    sign_in,
    sign_out,
)

__all__ = ["router"]

router = APIRouter(tags=["auth"])
log = logging.getLogger("alliancelens.web")

#: The one message for every failed sign-in (never says whether the name exists).
WRONG = "Wrong user name or password."


def _throttles(request: Request) -> tuple[LoginThrottle, LoginThrottle]:
    """The per-name and per-address sign-in throttles of the app."""
    by_name: LoginThrottle = request.app.state.throttle
    by_address: LoginThrottle = request.app.state.address_throttle
    return by_name, by_address


def _address(request: Request) -> str:
    """The client address uvicorn reports (the proxy's forwarded one only behind HTTPS)."""
    return request.client.host if request.client else "unknown"


#: Why a browser was sent back to the sign-in form (``/login?expired=1`` or ``?ended=1``).
EXPIRED_NOTICE = "You were signed out after a period of inactivity. Please sign in again."
ENDED_NOTICE = (
    "Your sign-in ended because your account was changed (for example a new password or role, "
    "or it was deactivated). Please sign in again; if that fails, ask the practice administrator."
)
#: Added to :data:`EXPIRED_NOTICE` when the form sent at expiry was kept (QA40 #8).
DRAFT_NOTICE = (
    "What you had typed into the form was kept (nothing was saved yet): sign in again as the "
    "same user to go back to it, check it and send it."
)
#: ``?ended=1`` for a cookie of an older release (the upgrade changed how sign-ins are kept).
RENEWED_NOTICE = (
    "AllianceLens was updated, and sign-ins from before the update no longer work. "
    "Please sign in again."
)


@router.api_route("/login", methods=["GET", "HEAD"])
def login_form(request: Request, expired: int = 0, ended: int = 0) -> Response:
    """The sign-in form, with why the user was signed out when they were (HEAD: a probe)."""
    renewed = request.session.pop(RENEWED_KEY, None)
    notice = (
        EXPIRED_NOTICE
        if expired
        else (RENEWED_NOTICE if renewed else ENDED_NOTICE)
        if ended
        else None
    )
    if expired and draft_store(request.app.state).peek(request.session.get(DRAFT_KEY)):
        notice = f"{EXPIRED_NOTICE} {DRAFT_NOTICE}"
    return page(request, "login.html", {"notice": notice})


def _name_lock(request: Request, database: Database, username: str) -> float:
    """Seconds ``username`` stays locked, 0 once an administrator lifted the lock (any process)."""
    by_name, _ = _throttles(request)
    wait = by_name.locked_for(username)
    age = by_name.since_last_failure(username) if wait > 0 else None
    if age is None:
        return wait
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=age)
    if accounts.lock_lifted_since(database, username=username, since=since):
        by_name.succeeded(username)
        log.info("sign-in lock lifted by an administrator")
        return 0.0
    return wait


def _failed(request: Request, database: Database, username: str) -> None:
    """Count a failure; when it locks the name, audit the lockout by user id."""
    by_name, by_address = _throttles(request)
    by_name.failed(username)
    by_address.failed(_address(request))
    if by_name.locked_for(username) > 0:
        user_id = accounts.record_lockout(database, username=username)
        who = f"user {user_id}" if user_id is not None else "a user name that does not exist"
        log.warning("sign-in locked for %s after %d failures", who, by_name.attempts)


@router.post("/login", dependencies=[Csrf])
def login(
    request: Request,
    database: DatabaseDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """Check the password; too many failures for a user name or an address lock it a while."""
    by_name, by_address = _throttles(request)
    wait = max(_name_lock(request, database, username), by_address.locked_for(_address(request)))
    if wait > 0:
        minutes = math.ceil(wait / 60)
        log.info("sign-in refused: too many failures (throttled)")
        error = (
            f"Too many failed sign-ins. Try again in {minutes} minute(s), or ask the practice "
            "administrator to unlock the account."
        )
        context = {"error": error, "typed_username": username}
        return page(request, "login.html", context, status_code=429)
    try:
        actor = services.authenticate(database, username, password)
        services.resolve_actor(database, username)  # refuses a deactivated user
    except (AuthenticationError, NotFoundError):
        _failed(request, database, username)
        context = {"error": WRONG, "typed_username": username}
        return page(request, "login.html", context, status_code=401)
    by_name.succeeded(username)
    draft_id = request.session.get(DRAFT_KEY)
    sign_in(request, actor, username)
    return RedirectResponse(_after_sign_in(request, actor.user_id, draft_id), status_code=303)


def _after_sign_in(request: Request, user_id: int | None, draft_id: object) -> str:
    """Where a sign-in lands: the kept form of this user's expired sign-in, else the start page.

    A draft left by another user on this browser is discarded unseen (QA40 #8).
    """
    drafts = draft_store(request.app.state)
    draft = drafts.peek(draft_id)
    if draft is None:
        return "/"
    if draft.user_id != user_id:
        drafts.discard(draft_id)
        return "/"
    request.session[DRAFT_KEY] = draft_id
    return draft.page


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request, database: DatabaseDep) -> Response:
    """Sign out (audited when the sign-in was still valid) and go back to the sign-in page."""
    try:
        actor = current_actor(request, database, get_web_settings(request))
    except LoginRequired:
        actor = None
    if actor is not None:
        services.record_sign_out(database, actor)
    sign_out(request)
    return RedirectResponse("/login", status_code=303)
