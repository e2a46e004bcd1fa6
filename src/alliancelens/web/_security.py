"""Security plumbing of the dashboard: response headers, CSRF tokens, sign-in throttling.

* Every response gets a strict Content-Security-Policy (``default-src 'self'``, no inline
  script), ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff`` and
  ``Referrer-Policy: no-referrer``; every page except the stylesheet gets
  ``Cache-Control: no-store`` (pages may hold health information).
* Every POST form carries a per-session random token; a POST without the matching token is
  refused (:class:`CsrfRejected`, a 403 page).
* :class:`LoginThrottle` counts failed sign-ins per user name (and, a second instance, per client
  address) in memory, remembering at most :data:`MAX_TRACKED` names or addresses (so many
  distinct ones cannot exhaust memory).
* :func:`public_url` builds a full address on this server only from an allowed ``Host``.
* :class:`LimitRequestBody` refuses a request body over its path's limit (413) while it is
  received, before a form parser spools it to memory or disk.
* :class:`RedactFormTokens` keeps one-time form tokens (``/f/<token>``) out of log lines,
  including the server's access log.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CSRF_FIELD",
    "MAX_TRACKED",
    "SECURITY_HEADERS",
    "CsrfRejected",
    "LimitRequestBody",
    "LoginThrottle",
    "RedactFormTokens",
    "add_security_headers",
    "check_csrf",
    "csrf_token",
    "public_url",
    "redact_path",
]

#: Name of the hidden form field that carries the CSRF token.
CSRF_FIELD: Final = "csrf_token"
_CSRF_KEY: Final = "csrf"
#: Most user names (or addresses) one throttle remembers; past it, expired entries are dropped,
#: then the oldest unlocked ones (a memory bound against floods of distinct names).
MAX_TRACKED: Final = 10_000

SECURITY_HEADERS: Final = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class CsrfRejected(Exception):  # noqa: N818 - an HTTP outcome, not a program error
    """A POST whose CSRF token is missing or does not match the session's."""


async def add_security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """HTTP middleware: the headers above on every response; no caching except the CSS."""
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.url.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The session's CSRF token (made on first use)."""
    token = session.get(_CSRF_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[_CSRF_KEY] = token
    return token


async def check_csrf(request: Request) -> None:
    """FastAPI dependency for POST routes: the form's token must equal the session's."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = request.session.get(_CSRF_KEY)
    if not (
        isinstance(sent, str)
        and isinstance(expected, str)
        and expected
        and secrets.compare_digest(sent, expected)
    ):
        raise CsrfRejected


def host_allowed(host: str, allowed: frozenset[str]) -> bool:
    """Whether ``host`` (lower case, IPv6 in brackets) matches an allowed name or ``*.`` pattern."""
    return any(
        host == name or (name.startswith("*.") and host.endswith(name[1:])) for name in allowed
    )


def public_url(request: Request, path: str) -> str | None:
    """``path`` as a full address on this server, or None when the request's Host is not allowed.

    The Host allow-list middleware already refuses other hosts; this second check keeps a page
    from ever echoing an arbitrary ``Host`` header into a link meant for a client.
    """
    base = request.base_url
    hostname = (base.hostname or "").lower()
    host = f"[{hostname}]" if ":" in hostname else hostname
    if not host_allowed(host, request.app.state.allowed_hosts):
        return None
    return str(base).rstrip("/") + path


class LoginThrottle:
    """Failed sign-ins per user name (in memory): too many in a row lock the name for a while.

    Counting by the name typed in (existing or not) says nothing about which names exist.
    State is per process and lost on restart (the sign-in route also honours an administrator's
    unlock recorded in the database, see ``records.accounts``). At most ``max_keys`` names are
    remembered: when more fail, expired entries go first, then the ones whose last failure is
    oldest, unlocked names before locked ones.
    """

    def __init__(
        self,
        *,
        attempts: int,
        lockout_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_TRACKED,
    ) -> None:
        self.attempts = attempts
        self.lockout_seconds = lockout_seconds
        self.max_keys = max_keys
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many names (or addresses) are remembered now."""
        return len(self._failures)

    @staticmethod
    def _key(username: str) -> str:
        return username.strip().casefold()

    def locked_for(self, username: str) -> float:
        """Seconds until ``username`` may try again (0 when it may try now)."""
        with self._lock:
            failures = self._recent(self._key(username))
            if len(failures) < self.attempts:
                return 0.0
            return max(0.0, failures[-1] + self.lockout_seconds - self._clock())

    def failed(self, username: str) -> None:
        """Record one failed sign-in for ``username``."""
        with self._lock:
            key = self._key(username)
            failures = self._recent(key)
            failures.append(self._clock())
            while len(failures) > self.attempts:
                failures.popleft()
            self._failures[key] = failures
            if len(self._failures) > self.max_keys:
                self._prune()

    def since_last_failure(self, username: str) -> float | None:
        """Seconds since ``username``'s newest counted failure (None: none within the window)."""
        with self._lock:
            failures = self._recent(self._key(username))
            return self._clock() - failures[-1] if failures else None

    def succeeded(self, username: str) -> None:
        """Forget ``username``'s failures after a successful sign-in."""
        with self._lock:
            self._failures.pop(self._key(username), None)

    def _recent(self, key: str) -> deque[float]:
        """Failures within the lockout window (older ones no longer count)."""
        failures = self._failures.get(key, deque())
        horizon = self._clock() - self.lockout_seconds
        while failures and failures[0] < horizon:
            failures.popleft()
        if not failures:
            self._failures.pop(key, None)
        return failures

    def _prune(self) -> None:
        """Shrink to 90 % of ``max_keys``: expired entries, then the oldest unlocked, locked."""
        horizon = self._clock() - self.lockout_seconds
        for key in [k for k, v in self._failures.items() if not v or v[-1] < horizon]:
            del self._failures[key]
        excess = len(self._failures) - self.max_keys * 9 // 10
        if excess <= 0:
            return
        order = sorted(
            self._failures,
            key=lambda k: (len(self._failures[k]) >= self.attempts, self._failures[k][-1]),
        )
        for key in order[:excess]:
            del self._failures[key]


class LimitRequestBody:
    """ASGI middleware: a request body over ``limit_for(path)`` bytes is refused with a 413.

    ``limit_for`` gives the path's limit and the refusal's message. A ``Content-Length`` over
    the limit is refused at the first read; a body without one (chunked) when the bytes
    received pass it — before any form parser has spooled it to memory or disk. Routes that
    never read the body are unaffected.
    """

    def __init__(self, app: ASGIApp, *, limit_for: Callable[[str], tuple[int, str]]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with a ``receive`` that counts the body's bytes."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, message = self.limit_for(str(scope.get("path", "")))
        announced = Headers(scope=scope).get("content-length", "")
        received = 0

        async def limited() -> Message:
            nonlocal received
            if announced.isdigit() and int(announced) > limit:
                raise HTTPException(413, message)
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > limit:
                    raise HTTPException(413, message)
            return event

        await self.app(scope, limited, send)


_FORM_TOKEN = re.compile(r"/f/[^/?#\s\"]+")


def redact_path(text: str) -> str:
    """``text`` with every form-link token replaced by ``<token>``."""
    return _FORM_TOKEN.sub("/f/<token>", text)


class RedactFormTokens(logging.Filter):
    """A logging filter that redacts form-link tokens in a record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        if isinstance(record.msg, str):
            record.msg = redact_path(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact_path(a) if isinstance(a, str) else a for a in record.args)
        return True
