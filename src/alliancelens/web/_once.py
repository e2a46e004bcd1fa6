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
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Final

__all__ = [
    "FORM_TOKEN_FIELD",
    "MAX_TOKENS",
    "TOKEN_SECONDS",
    "OnceTokens",
    "new_form_token",
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

    :meth:`run` holds one lock while it checks and does the work, so two requests with the same
    token never both do it (the add-a-client work is one short transaction).
    """

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, max_tokens: int = MAX_TOKENS
    ) -> None:
        self._clock = clock
        self._max = max_tokens
        self._done: OrderedDict[tuple[int, str], tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many used tokens are remembered now."""
        return len(self._done)

    def _forget_old(self) -> None:
        horizon = self._clock() - TOKEN_SECONDS
        while self._done and next(iter(self._done.values()))[0] < horizon:
            self._done.popitem(last=False)
        while len(self._done) > self._max:
            self._done.popitem(last=False)

    def run(self, user_id: int | None, token: str, work: Callable[[], str | None]) -> str | None:
        """The path an earlier use of ``token`` made; else ``work()``'s path, remembered.

        ``work`` returns the path of what it made, or None when it made nothing (a refused form:
        the token stays usable). A missing or over-long token is never remembered.
        """
        if user_id is None or not token or len(token) > _TOKEN_CHARS:
            return work()
        key = (user_id, token)
        with self._lock:
            self._forget_old()
            earlier = self._done.get(key)
            if earlier is not None:
                return earlier[1]
            made = work()
            if made is not None:
                self._done[key] = (self._clock(), made)
                self._forget_old()
            return made

    def made(self, user_id: int | None, token: str) -> str | None:
        """The path an earlier use of ``token`` made, or None."""
        if user_id is None or not token:
            return None
        with self._lock:
            self._forget_old()
            earlier = self._done.get((user_id, token))
            return earlier[1] if earlier is not None else None


_STATE_LOCK: Final = threading.Lock()


def once_tokens(state: object) -> OnceTokens:
    """The app's :class:`OnceTokens` (``app.state.once_tokens``), made on first use."""
    with _STATE_LOCK:
        tokens = getattr(state, "once_tokens", None)
        if not isinstance(tokens, OnceTokens):
            tokens = OnceTokens()
            setattr(state, "once_tokens", tokens)  # noqa: B010 - Starlette's State object
        return tokens
