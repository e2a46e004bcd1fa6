"""FastAPI dependencies as ``Annotated`` aliases: the open store, who is signed in, CSRF.

Routes take ``database: DatabaseDep`` and ``actor: ActorDep``; POST routes add the ``Csrf``
dependency. A request without a live sign-in raises :class:`LoginRequired` (the app turns it
into a redirect to ``/login``).
"""

from __future__ import annotations

import time
from typing import Annotated, Final

from fastapi import Depends, Request

from alliancelens import services
from alliancelens.errors import NotFoundError
from alliancelens.security.policy import Actor
from alliancelens.storage import Database
from alliancelens.web._security import check_csrf
from alliancelens.web.settings import WebSettings

__all__ = [
    "RENEWED_KEY",
    "ActorDep",
    "Csrf",
    "DatabaseDep",
    "LoginRequired",
    "WebSettingsDep",
    "current_actor",
    "sign_in",
    "sign_out",
]

#: Keys of the signed session cookie (ids and times only: never a client's data).
USER_KEY: Final = "user"
USER_ID_KEY: Final = "uid"
#: The user's session version at sign-in; deactivation or a password reset bumps the stored one.
VERSION_KEY: Final = "sv"
#: The account's stamp (``Actor.account``): a cookie of a deleted account, re-created later under
#: the same id and name, no longer matches (QA27 #1). Cookies made before it existed are refused.
ACCOUNT_KEY: Final = "acct"
SINCE_KEY: Final = "since"
#: Set on the emptied cookie when a sign-in of an older release was ended (no account stamp):
#: the sign-in page then says the update, not an account change, signed the user out (QA33 #5).
RENEWED_KEY: Final = "renewed"
SEEN_KEY: Final = "seen"


class LoginRequired(Exception):  # noqa: N818 - an HTTP outcome (redirect), not a program error
    """No live sign-in: never signed in, signed out, idle too long or the user was deactivated."""

    def __init__(
        self, *, expired: bool = False, ended: bool = False, user_id: int | None = None
    ) -> None:
        super().__init__("sign-in required")
        self.expired = expired
        self.ended = ended  # the account changed since sign-in (deactivated, reset, new role)
        #: Whose sign-in expired (``expired`` only): a form they sent may be kept as a draft.
        self.user_id = user_id


def get_database(request: Request) -> Database:
    """The store the app was created with."""
    database: Database = request.app.state.database
    return database


def get_web_settings(request: Request) -> WebSettings:
    """The dashboard's settings."""
    web: WebSettings = request.app.state.web_settings
    return web


DatabaseDep = Annotated[Database, Depends(get_database)]
WebSettingsDep = Annotated[WebSettings, Depends(get_web_settings)]


def current_actor(request: Request, database: DatabaseDep, web: WebSettingsDep) -> Actor:
    """The signed-in user's actor; refreshes the idle timer; raises :class:`LoginRequired`."""
    session = request.session
    username, user_id = session.get(USER_KEY), session.get(USER_ID_KEY)
    if not isinstance(username, str) or not username or not isinstance(user_id, int):
        raise LoginRequired
    now = time.time()
    idle = now - float(session.get(SEEN_KEY, 0))
    age = now - float(session.get(SINCE_KEY, 0))
    if idle > web.idle_minutes * 60 or age > web.session_hours * 3600:
        sign_out(request)
        raise LoginRequired(expired=True, user_id=user_id)
    try:
        # Never resolve an empty name: resolve_actor would return the local administrator.
        actor = services.resolve_actor(database, username)
    except NotFoundError:  # deactivated or removed since sign-in
        sign_out(request)
        raise LoginRequired(ended=True) from None
    if (
        actor.user_id != user_id
        or not actor.account
        or session.get(ACCOUNT_KEY) != actor.account
        or session.get(VERSION_KEY, 0) != actor.session_version
    ):
        # another user by that name (also a re-created account), or a reset / role change since
        older_release = ACCOUNT_KEY not in session
        sign_out(request)
        if older_release:
            session[RENEWED_KEY] = 1
        raise LoginRequired(ended=True)
    session[SEEN_KEY] = now
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]
Csrf = Depends(check_csrf)


def sign_in(request: Request, actor: Actor, username: str) -> None:
    """Start a fresh session for ``actor`` (a new CSRF token too: no session fixation)."""
    request.session.clear()
    now = time.time()
    request.session.update(
        {
            USER_KEY: username,
            USER_ID_KEY: actor.user_id,
            VERSION_KEY: actor.session_version,
            ACCOUNT_KEY: actor.account,
            SINCE_KEY: now,
            SEEN_KEY: now,
        }
    )


def sign_out(request: Request) -> None:
    """Forget the session (the browser gets an emptied cookie)."""
    request.session.clear()
