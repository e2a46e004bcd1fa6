"""One-time form tokens: a form sent twice (double click, reload, back and resend) acts once.

QA40 #4: pressing *Add client* twice created two clients with the same name and record number.
The add-a-client form carries a random token (:data:`FORM_TOKEN_FIELD`); the first request that
uses it does the work and records what it made, and a later request with the same token —
even one that arrives while the first is still running — is sent to what was made instead of
doing it again. Tokens are kept in this process's memory only (at most :data:`MAX_TOKENS`, each
for :data:`TOKEN_SECONDS`), keyed with the user's id, so one user cannot replay another's; they
hold ids, never form values.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping
from typing import Final

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from alliancelens.web._ttl import TtlStore, on_app_state

__all__ = [
    "FORM_TOKEN_FIELD",
    "MAX_TOKENS",
    "TOKEN_SECONDS",
    "OnceTokens",
    "new_form_token",
    "once_response",
    "once_tokens",
]

#: Name of the hidden field that carries a form's one-time token.
FORM_TOKEN_FIELD: Final = "form_token"  # noqa: S105 - a field name, not a secret
#: Most used tokens remembered (oldest forgotten first).
MAX_TOKENS: Final = 10_000
#: How long a used token is remembered (a form resent later is checked as a new one).
TOKEN_SECONDS: Final = 12 * 3600
_TOKEN_CHARS: Final = 200


def new_form_token() -> str:
    """A fresh random token for one rendering of a form."""
    return secrets.token_urlsafe(16)


class OnceTokens:
    """Used form tokens and what each one made (a path), per user; thread-safe, bounded.

    :meth:`run` holds the store's lock while it checks and does the work, so two requests with
    the same token never both do it (the add-a-client work is one short transaction). The
    keeping, expiry and bound are :class:`~alliancelens.web._ttl.TtlStore`'s.
    """

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, max_tokens: int = MAX_TOKENS
    ) -> None:
        self._done: TtlStore[tuple[int, str], str] = TtlStore(
            seconds=TOKEN_SECONDS, max_items=max_tokens, clock=clock
        )

    def __len__(self) -> int:
        """How many used tokens are remembered now."""
        return len(self._done)

    def run(self, user_id: int | None, token: str, work: Callable[[], str | None]) -> str | None:
        """The path an earlier use of ``token`` made; else ``work()``'s path, remembered.

        ``work`` returns the path of what it made, or None when it made nothing (a refused form:
        the token stays usable). A missing or over-long token is never remembered.
        """
        if user_id is None or not token or len(token) > _TOKEN_CHARS:
            return work()
        key = (user_id, token)
        with self._done.lock:
            earlier = self._done.get(key)
            if earlier is not None:
                return earlier
            made = work()
            if made is not None:
                self._done.put(key, made)
            return made

    def made(self, user_id: int | None, token: str) -> str | None:
        """The path an earlier use of ``token`` made, or None."""
        if user_id is None or not token:
            return None
        return self._done.get((user_id, token))


def once_tokens(state: object) -> OnceTokens:
    """The app's :class:`OnceTokens` (``app.state.once_tokens``), made on first use."""
    return on_app_state(state, "once_tokens", OnceTokens, OnceTokens)


def once_response(
    request: Request,
    user_id: int | None,
    sent: Mapping[str, str],
    work: Callable[[], tuple[Response, str | None]],
) -> Response:
    """Do a form's ``work`` once per its token (:data:`FORM_TOKEN_FIELD` in ``sent``).

    ``work`` returns the page to show and the path of what it made (None: nothing made, the
    token stays usable). A form sent again with a used token is redirected to that path.
    """
    shown: list[Response] = []

    def run() -> str | None:
        response, made = work()
        shown.append(response)
        return made

    made = once_tokens(request.app.state).run(user_id, sent.get(FORM_TOKEN_FIELD, ""), run)
    if shown:
        return shown[0]
    return RedirectResponse(made or "/", status_code=303)  # the same form sent again
