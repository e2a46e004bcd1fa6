"""A small in-memory store whose entries expire: bounded, oldest first out, thread-safe.

The dashboard keeps two kinds of short-lived state in the server process's memory — drafts of
forms typed before an idle sign-out (:mod:`._drafts`) and used one-time form tokens
(:mod:`._once`). Both need the same thing: values by key, each forgotten ``seconds`` after it
was put, at most ``max_items`` at once (the oldest go first), safe to use from the thread pool.
Nothing here is written to disk or logged.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Final, Generic, TypeVar

__all__ = ["TtlStore", "on_app_state"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")

_STATE_LOCK: Final = threading.Lock()


class TtlStore(Generic[K, V]):
    """Values by key for ``seconds`` each, at most ``max_items`` (oldest forgotten first).

    Every method takes :attr:`lock` (re-entrant), so a caller may hold it around several calls
    to check and act as one step (see :meth:`._once.OnceTokens.run`).
    """

    def __init__(
        self,
        *,
        seconds: float,
        max_items: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._seconds = seconds
        self._max = max_items
        self._clock = clock
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()
        #: Held by every method; hold it yourself to make several calls one step.
        self.lock = threading.RLock()

    def __len__(self) -> int:
        """How many entries are kept now (expired ones forgotten first)."""
        with self.lock:
            self._expire()
            return len(self._items)

    def now(self) -> float:
        """The store's clock (the time entries are stamped with)."""
        return self._clock()

    def _expire(self) -> None:
        horizon = self._clock() - self._seconds
        while self._items and next(iter(self._items.values()))[0] < horizon:
            self._items.popitem(last=False)
        while len(self._items) > self._max:
            self._items.popitem(last=False)

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` under ``key`` from now on (replacing, and renewing, an older one)."""
        with self.lock:
            self._items.pop(key, None)
            self._items[key] = (self._clock(), value)
            self._expire()

    def get(self, key: K) -> V | None:
        """The value kept under ``key``, or None (never kept, expired or crowded out)."""
        with self.lock:
            self._expire()
            found = self._items.get(key)
            return found[1] if found is not None else None

    def pop(self, key: K) -> V | None:
        """Forget ``key``; its value, or None when nothing was kept."""
        with self.lock:
            self._expire()
            found = self._items.pop(key, None)
            return found[1] if found is not None else None

    def discard_where(self, test: Callable[[V], bool]) -> int:
        """Forget every entry whose value passes ``test``; how many were forgotten."""
        with self.lock:
            gone = [k for k, (_, v) in self._items.items() if test(v)]
            for key in gone:
                del self._items[key]
            return len(gone)


def on_app_state(state: object, name: str, kind: type[T], make: Callable[[], T]) -> T:
    """The app's ``state.<name>`` (a ``kind``), made with ``make`` on first use (thread-safe)."""
    with _STATE_LOCK:
        found = getattr(state, name, None)
        if not isinstance(found, kind):
            found = make()
            setattr(state, name, found)  # Starlette's State object takes any attribute
        return found
