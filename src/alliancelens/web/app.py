"""``create_app(settings)``: the local web dashboard over the record-store use cases.

Routers (one per resource): :mod:`~alliancelens.web.routers.auth` (sign in/out),
:mod:`~alliancelens.web.routers.clients` (caseload and client pages),
:mod:`~alliancelens.web.routers.sessions` (analysis report and transcript),
:mod:`~alliancelens.web.routers.forms` (a client's one-time form link, no sign-in),
:mod:`~alliancelens.web.routers.imports` (a therapist uploads a transcript, analysed at once),
:mod:`~alliancelens.web.routers.measures` (form links and paper forms from the client page),
:mod:`~alliancelens.web.routers.people` (add a client; record and withdraw consents),
:mod:`~alliancelens.web.routers.users` (administrators),
:mod:`~alliancelens.web.routers.journal` (the reflection journal). Every data access goes through
:mod:`alliancelens.services`, so the access policy and the audit log apply. See docs/web.md.
"""

from __future__ import annotations

import functools
import logging
import re
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import ModuleType
from typing import Final

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from alliancelens import services
from alliancelens.config import Settings
from alliancelens.storage import Database
from alliancelens.web._errors import catch_unexpected, install_error_pages
from alliancelens.web._security import (
    LimitRequestBody,
    LoginThrottle,
    RedactFormTokens,
    add_security_headers,
    redact_path,
)
from alliancelens.web.routers import (
    auth,
    clients,
    forms,
    imports,
    journal,
    measures,
    people,
    sessions,
    users,
)
from alliancelens.web.settings import WebSettings, allowed_hosts, session_secret

__all__ = [
    "MAX_FORM_BYTES",
    "SESSION_COOKIE",
    "WEB_LOG",
    "body_limit",
    "configure_web_log",
    "create_app",
    "loggable_path",
    "redact_access_log",
]

#: The dashboard's own logger: refused requests (method, path with ids only, error code, status)
#: and the type of unexpected errors. Never a name, identifier, transcript text or form token.
WEB_LOG: Final = "alliancelens.web"

#: Name of the signed session cookie.
SESSION_COOKIE = "alliancelens_session"
#: Largest body of any request but a transcript upload (the biggest form, add-a-client with
#: 5000 characters of notes, is far below it).
MAX_FORM_BYTES: Final = 256 * 1024
_IMPORT_PATH = re.compile(r"/clients/[^/]+/import")
#: The routers, in the order they are included: people before clients, so that /clients/new
#: is not read as /clients/{client_id}.
_ROUTERS: Final[tuple[ModuleType, ...]] = (
    auth,
    people,
    clients,
    sessions,
    forms,
    users,
    measures,
    imports,
    journal,
)
#: What a path segment that is not part of any route becomes in the logs (QA39 #6).
REDACTED_SEGMENT: Final = "<redacted>"


def body_limit(path: str) -> tuple[int, str]:
    """The largest request body ``path`` accepts, and the 413 page's message."""
    if _IMPORT_PATH.fullmatch(path):
        return imports.MAX_UPLOAD_BYTES + imports.ENVELOPE_BYTES, imports.too_large_message()
    return MAX_FORM_BYTES, "The form sent is too large; nothing was stored."


def create_app(
    settings: Settings,
    *,
    web_settings: WebSettings | None = None,
    database: Database | None = None,
    bind_host: str | None = None,
) -> FastAPI:
    """The dashboard app for the store ``settings`` names (or an already open ``database``).

    A store opened here is opened when the app starts and closed when it stops; a ``database``
    passed in stays the caller's to close. ``bind_host`` (the address the server listens on) is
    added to the default allowed ``Host`` names; a wildcard one needs
    ``ALLIANCELENS_WEB_ALLOWED_HOSTS`` (:func:`~alliancelens.web.settings.allowed_hosts`).
    """
    web = web_settings or WebSettings()
    secret = session_secret(web, settings.home)
    hosts = allowed_hosts(web, bind_host)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redact_access_log()
        configure_web_log()
        owned = app.state.database is None
        if owned:
            app.state.database = services.open_database(settings)
        try:
            yield
        finally:
            if owned:
                app.state.database.close()
                app.state.database = None

    app = FastAPI(
        title="AllianceLens",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.database = database
    app.state.web_settings = web
    app.state.allowed_hosts = frozenset(hosts)
    app.state.throttle = LoginThrottle(
        attempts=web.login_attempts, lockout_seconds=web.lockout_minutes * 60
    )
    app.state.address_throttle = LoginThrottle(
        attempts=web.login_address_attempts, lockout_seconds=web.login_address_minutes * 60
    )
    app.state.link_throttle = LoginThrottle(
        attempts=web.form_link_attempts, lockout_seconds=web.lockout_minutes * 60
    )
    _add_middleware(app, web, secret, hosts)
    app.mount(
        "/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static"
    )
    for module in _ROUTERS:  # people before clients (see _ROUTERS)
        app.include_router(module.router)
    install_error_pages(app)
    return app


def _add_middleware(app: FastAPI, web: WebSettings, secret: str, hosts: list[str]) -> None:
    """Body limit, error pages, Host allow-list, security headers, signed session cookie."""
    # Innermost first. The body limit raises its 413 inside the routes (so the exception
    # handlers make the page); errors become pages inside the headers middleware (500s too).
    # A Host not allowed (DNS rebinding) gets a bare 400 before any route, still with headers.
    app.add_middleware(LimitRequestBody, limit_for=body_limit)
    app.middleware("http")(catch_unexpected)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts, www_redirect=False)
    app.middleware("http")(add_security_headers)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie=SESSION_COOKIE,
        max_age=web.session_hours * 3600,
        same_site="strict",
        https_only=web.https,
    )


class _WebLogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The stderr handler :func:`configure_web_log` adds (recognised so it is added once)."""


def configure_web_log() -> None:
    """Show the dashboard's log on stderr at INFO, unless it was configured already (idempotent).

    A level or handler set by the operator (e.g. ``--log-config``) is kept as it is.
    """
    logger = logging.getLogger(WEB_LOG)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    if not logger.handlers:
        handler = _WebLogHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
        logger.addHandler(handler)


@functools.cache
def _templates() -> tuple[tuple[str, ...], ...]:
    """Each route's path split into segments (``{name}`` for a parameter)."""
    paths = {getattr(route, "path", "") for module in _ROUTERS for route in module.router.routes}
    return tuple(tuple(p.split("/")) for p in sorted(paths) if p)


@functools.cache
def _static_files() -> frozenset[str]:
    return frozenset(p.name for p in (Path(__file__).parent / "static").iterdir())


def _fits(segments: list[str], template: tuple[str, ...]) -> bool:
    if len(segments) != len(template):
        return False
    for segment, part in zip(segments, template, strict=True):
        if part == "{token}":
            continue
        if part.startswith("{"):
            if not segment.isdigit():
                return False
        elif segment != part:
            return False
    return True


def loggable_path(target: str) -> str:
    """The request ``target`` as the logs may keep it: route words and record ids only.

    The query string and fragment are dropped; a path that matches a route keeps its literal
    words and numeric ids (``/clients/3/record-measure``) and shows a form-link token as
    ``<token>``; any other segment — whatever was typed or bookmarked, e.g. a name — becomes
    ``<redacted>`` (QA39 #6). Static files keep their (shipped) names.
    """
    path = redact_path(target.split("?", 1)[0].split("#", 1)[0])
    segments = path.split("/")
    if segments[:2] == ["", "static"] and segments[2:] and segments[2] in _static_files():
        return "/static/" + segments[2] if len(segments) == 3 else "/static/" + REDACTED_SEGMENT
    for template in _templates():
        if _fits(segments, template):
            return "/".join(
                "<token>" if part == "{token}" else segment
                for segment, part in zip(segments, template, strict=True)
            )
    words = {p for template in _templates() for p in template if not p.startswith("{")} | {"static"}
    return "/".join(s if s in words or s.isdigit() else REDACTED_SEGMENT for s in segments)


class RedactPaths(logging.Filter):
    """A logging filter: each path argument (a string starting with ``/``) as loggable_path.

    No query strings, no typed names; it never drops a record.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's arguments in place (uvicorn's access log keeps its 5-tuple)."""
        if isinstance(record.args, tuple):
            record.args = tuple(
                loggable_path(a) if isinstance(a, str) and a.startswith("/") else a
                for a in record.args
            )
        return True


def redact_access_log() -> None:
    """Keep form-link tokens, query strings and typed path words out of the logs (idempotent).

    Applies to the server's access and error logs and the dashboard's own log
    (:func:`loggable_path`).
    """
    for name in ("uvicorn.access", "uvicorn.error", WEB_LOG):
        logger = logging.getLogger(name)
        for kind in (RedactFormTokens, RedactPaths):
            if not any(isinstance(f, kind) for f in logger.filters):
                logger.addFilter(kind())
