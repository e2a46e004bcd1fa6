"""Keep what was typed into a form when the sign-in expired, and give it back after sign-in.

QA40 #8: a form sent after the idle timeout was answered with the sign-in page and everything
typed was lost. Now, for the forms in :data:`DRAFT_PAGES`, the refused POST's text fields are
kept in this process's memory (never in the cookie, never logged) under a random id; the
emptied session cookie carries only that id. When the *same* user signs in again they are sent
back to the form, filled in with what they typed, to check and send again; nothing was stored
before that. Another user signing in on that browser discards the draft unseen. A draft is kept
for at most :data:`DRAFT_SECONDS` and read once; at most :data:`MAX_DRAFTS` are kept (oldest
dropped first), one per user, none over :data:`MAX_DRAFT_CHARS`. Uploaded files are never kept.
The keeping, expiry and bound are :class:`~alliancelens.web._ttl.TtlStore`'s.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from alliancelens.web._ttl import TtlStore, on_app_state

__all__ = [
    "DRAFT_KEY",
    "DRAFT_PAGES",
    "DRAFT_SECONDS",
    "MAX_DRAFTS",
    "MAX_DRAFT_CHARS",
    "Draft",
    "DraftStore",
    "draft_store",
]

#: Session-cookie key of the kept draft's random id (the only trace of it in the cookie).
DRAFT_KEY: Final = "draft"
#: POST path → the page that shows its form again, for the forms whose typing is kept.
DRAFT_PAGES: Final[Mapping[str, str]] = {"/clients/new": "/clients/new"}
#: How long a draft waits for its user to sign in again.
DRAFT_SECONDS: Final = 2 * 3600
#: Most drafts kept at once (each at most one form's text fields).
MAX_DRAFTS: Final = 1000
#: Largest draft kept, in characters over all fields (the add-a-client form holds at most about
#: 5,300); a bigger one is not kept, so replayed expired cookies cannot fill memory.
MAX_DRAFT_CHARS: Final = 20_000
#: Fields never kept: the CSRF token (a new session gets a new one).
_NOT_KEPT: Final = frozenset({"csrf_token"})


@dataclass(frozen=True, slots=True)
class Draft:
    """What one user typed into the form at ``page`` (text fields only)."""

    user_id: int
    page: str
    fields: dict[str, str]
    kept_at: float


class DraftStore:
    """Drafts by random id; thread-safe, bounded, each read at most once (a :class:`TtlStore`)."""

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, max_drafts: int = MAX_DRAFTS
    ) -> None:
        self._drafts: TtlStore[str, Draft] = TtlStore(
            seconds=DRAFT_SECONDS, max_items=max_drafts, clock=clock
        )

    def __len__(self) -> int:
        """How many drafts are kept now."""
        return len(self._drafts)

    def keep(self, user_id: int, page: str, fields: Mapping[str, str]) -> str | None:
        """Keep ``fields`` typed by ``user_id`` into the form of ``page``; returns the draft id.

        One draft per user (a newer one replaces it); None, and nothing kept, when the fields
        hold more than :data:`MAX_DRAFT_CHARS` characters.
        """
        kept = {k: v for k, v in fields.items() if k not in _NOT_KEPT}
        if sum(len(k) + len(v) for k, v in kept.items()) > MAX_DRAFT_CHARS:
            return None
        draft_id = secrets.token_urlsafe(16)
        with self._drafts.lock:
            self._drafts.discard_where(lambda d: d.user_id == user_id)
            self._drafts.put(draft_id, Draft(user_id, page, kept, self._drafts.now()))
        return draft_id

    def peek(self, draft_id: object) -> Draft | None:
        """The draft ``draft_id`` names, if still kept (not consumed)."""
        if not isinstance(draft_id, str):
            return None
        return self._drafts.get(draft_id)

    def take(self, draft_id: object, *, user_id: int | None, page: str) -> dict[str, str] | None:
        """The fields of ``draft_id`` when it is ``user_id``'s draft of ``page`` (then forgotten).

        A draft of another user or page is left alone and None is returned.
        """
        if not isinstance(draft_id, str) or user_id is None:
            return None
        with self._drafts.lock:
            draft = self._drafts.get(draft_id)
            if draft is None or draft.user_id != user_id or draft.page != page:
                return None
            self._drafts.pop(draft_id)
            return dict(draft.fields)

    def discard(self, draft_id: object) -> None:
        """Forget ``draft_id`` (another user signed in on that browser)."""
        if isinstance(draft_id, str):
            self._drafts.pop(draft_id)


def draft_store(state: object) -> DraftStore:
    """The app's :class:`DraftStore` (``app.state.drafts``), made on first use."""
    return on_app_state(state, "drafts", DraftStore, DraftStore)
