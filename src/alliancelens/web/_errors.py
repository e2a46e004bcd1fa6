"""The one place that maps errors to HTTP status codes and pages.

Messages of our errors are safe to show (ids and roles only, never client data, by the rules in
:mod:`alliancelens.errors`); anything unexpected becomes a generic 500 page and is logged by
type only. :func:`catch_unexpected` does that *inside* the security-headers middleware, so the
500 page keeps the headers (Starlette's own outermost error handler would send it without them,
and the server would log the traceback with the exception's text).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from alliancelens.errors import (
    AccessDeniedError,
    AllianceLensError,
    ConsentError,
    IngestError,
    MeasureError,
    MissingKeyError,
    NotFoundError,
    QueueUnavailableError,
    RecordIdError,
    StoreUnavailableError,
    UsageError,
)
from alliancelens.security.policy import Actor
from alliancelens.web._drafts import DRAFT_KEY, DRAFT_PAGES, draft_store
from alliancelens.web._messages import web_message
from alliancelens.web._render import page
from alliancelens.web._security import CsrfRejected, redact_path
from alliancelens.web.deps import (
    USER_KEY,
    LoginRequired,
    current_actor,
    get_database,
    get_web_settings,
)

__all__ = ["NOT_FOUND_MESSAGE", "catch_unexpected", "install_error_pages", "status_for"]

#: What every 404 for an address (not a record) says.
NOT_FOUND_MESSAGE = "That address is not valid."

log = logging.getLogger("alliancelens.web")


#: Pages for a server-side outage (503) or a missing key: plain words, no settings or commands.
UNAVAILABLE_MESSAGE = (
    "The record store cannot be reached right now, so nothing was read or changed. Try again in "
    "a few minutes; if this persists, tell the practice administrator."
)
QUEUE_MESSAGE = (
    "The analysis queue cannot be reached right now. Try again in a few minutes; if this "
    "persists, tell the practice administrator."
)
MISSING_KEY_MESSAGE = (
    "A stored value cannot be decrypted: encryption key {key} is missing. The practice "
    'administrator can restore it (see docs/security.md, "Key rotation").'
)


def status_for(exc: AllianceLensError) -> int:
    """HTTP status of one of our errors."""
    if isinstance(exc, StoreUnavailableError | QueueUnavailableError):
        return 503
    if isinstance(exc, AccessDeniedError):
        return 403
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConsentError):
        return 409
    if isinstance(exc, UsageError | MeasureError | IngestError):
        return 400
    return 500


def _signed_in(request: Request) -> Actor | None:
    """The signed-in user, so an error page keeps the header; None when there is none."""
    if "session" not in request.scope or not request.session.get(USER_KEY):
        return None
    try:
        return current_actor(request, get_database(request), get_web_settings(request))
    except Exception:  # noqa: BLE001 - an error page must render even when this fails
        return None


def _error_page(
    request: Request,
    status: int,
    title: str,
    message: str,
    links: tuple[tuple[str, str], ...] = (),
) -> Response:
    context = {"title": title, "message": message, "status": status, "links": links}
    return page(request, "error.html", context, actor=_signed_in(request), status_code=status)


def _consent_links(request: Request) -> tuple[tuple[str, str], ...]:
    """Where a missing consent is recorded: the client's page, when the address names the client.

    QA35 #14: the 409 page of an upload (``/clients/{id}/import``) pointed only at the start page.
    """
    client_id = str(request.path_params.get("client_id", ""))
    if not client_id.isdigit():
        return ()
    return ((f"/clients/{client_id}#consents", f"Record the consent on client {client_id}'s page"),)


def _path(request: Request) -> str:
    """The request's path for the log: ids only (no query string), form-link tokens redacted."""
    return redact_path(request.url.path)


async def _keep_draft(request: Request, exc: LoginRequired) -> None:
    """Keep the text a form sent after the sign-in expired (forms in ``DRAFT_PAGES``, QA40 #8).

    Only the draft's random id goes into the (emptied) session cookie; the fields stay in this
    process's memory until the same user signs in again (``routers.auth``).
    """
    target = DRAFT_PAGES.get(request.url.path)
    if request.method != "POST" or target is None or exc.user_id is None:
        return
    form = await request.form()  # parsed already by the CSRF check (cached on the request)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    draft_id = draft_store(request.app.state).keep(exc.user_id, target, fields)
    if draft_id is not None:
        request.session[DRAFT_KEY] = draft_id


async def _login_required(request: Request, exc: Exception) -> Response:
    if isinstance(exc, LoginRequired) and exc.expired:
        await _keep_draft(request, exc)
        return RedirectResponse("/login?expired=1", status_code=303)
    if isinstance(exc, LoginRequired) and exc.ended:
        return RedirectResponse("/login?ended=1", status_code=303)
    return RedirectResponse("/login", status_code=303)


async def _csrf(request: Request, _exc: Exception) -> Response:
    return _error_page(
        request,
        403,
        "Form refused",
        "This form could not be checked (it is out of date or did not come from this site). "
        "Go back, reload the page and send it again.",
    )


async def _ours(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AllianceLensError)
    status = status_for(exc)
    log.info(
        "%s %s %s: %s (%s)", _outcome(exc, status), request.method, _path(request), exc.code, status
    )
    titles = {
        403: "Not allowed",
        404: "Not found",
        409: "Consent needed",
        400: "Cannot do that",
        503: "Temporarily unavailable",
    }
    if isinstance(exc, StoreUnavailableError):
        message = UNAVAILABLE_MESSAGE
    elif isinstance(exc, QueueUnavailableError):
        message = QUEUE_MESSAGE
    elif isinstance(exc, MissingKeyError):
        message = MISSING_KEY_MESSAGE.format(key=exc.key_id)
    elif isinstance(exc, RecordIdError):  # /clients/99999999999999999999: as /clients/abc
        message = NOT_FOUND_MESSAGE
    elif status == 500:
        message = "Something went wrong; it was logged."
    else:
        message = web_message(exc, status)
    links = _consent_links(request) if isinstance(exc, ConsentError) else ()
    return _error_page(request, status, titles.get(status, "Error"), message, links)


def _outcome(exc: AllianceLensError, status: int) -> str:
    """The log's word for what happened: a 4xx is a refusal, a 5xx an outage or a failure."""
    if isinstance(exc, StoreUnavailableError):
        return "store unavailable"
    if isinstance(exc, QueueUnavailableError):
        return "queue unavailable"
    return "refused" if status < 500 else "failed"


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:  # an unknown address: the app's own wording, not Starlette's
        return _error_page(request, 404, "Not found", NOT_FOUND_MESSAGE)
    log.info("refused %s %s: HTTP (%s)", request.method, _path(request), exc.status_code)
    return _error_page(
        request, exc.status_code, "Request refused", str(exc.detail), _upload_links(request)
    )


_UPLOAD_PATH = re.compile(r"/clients/(\d+)/import")


def _upload_links(request: Request) -> tuple[tuple[str, str], ...]:
    """Back to the upload form after a refused upload (a 413 too large), not only the start page."""
    found = _UPLOAD_PATH.fullmatch(request.url.path)
    if found is None:
        return ()
    return ((f"/clients/{found[1]}#add-session", f"Back to client {found[1]}'s Add a session box"),)


async def _invalid(request: Request, _exc: Exception) -> Response:
    """A path or query value of the wrong type (``/clients/abc``): that address is not valid."""
    log.info("refused %s %s: invalid address (404)", request.method, _path(request))
    return _error_page(request, 404, "Not found", NOT_FOUND_MESSAGE)


async def _unexpected(request: Request, exc: Exception) -> Response:
    path, kind = _path(request), type(exc).__name__
    log.error("internal error on %s %s: %s", request.method, path, kind)
    return _error_page(
        request, 500, "Internal error", "Something went wrong; the error type was logged."
    )


async def catch_unexpected(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """HTTP middleware: an unplanned exception becomes the generic 500 page (type logged only)."""
    try:
        return await call_next(request)
    except Exception as exc:  # noqa: BLE001 - everything unplanned gets the one generic page
        return await _unexpected(request, exc)


def install_error_pages(app: FastAPI) -> None:
    """Register the handlers above on ``app``."""
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(CsrfRejected, _csrf)
    app.add_exception_handler(AllianceLensError, _ours)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _unexpected)
