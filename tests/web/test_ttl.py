"""The dashboard's one in-memory store with expiry (web/_ttl.py), under drafts and form tokens."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import pytest

import alliancelens.web
from alliancelens.web._once import TOKEN_SECONDS, OnceTokens
from alliancelens.web._ttl import TtlStore

WEB = Path(alliancelens.web.__file__).parent


def _store(now: list[float], max_items: int = 3) -> TtlStore[str, int]:
    return TtlStore(seconds=10, max_items=max_items, clock=lambda: now[0])


def test_entries_expire_after_their_seconds() -> None:
    """An entry is there until ``seconds`` have passed since it was put, then gone."""
    now = [0.0]
    store = _store(now)
    store.put("a", 1)
    now[0] = 10.0
    assert store.get("a") == 1 and len(store) == 1
    now[0] = 10.5
    assert store.get("a") is None and len(store) == 0


def test_oldest_entries_go_first_past_the_bound() -> None:
    """Past ``max_items`` the oldest entries are forgotten; putting a key again renews it."""
    now = [0.0]
    store = _store(now)
    for i, key in enumerate("abc"):
        now[0] = float(i)
        store.put(key, i)
    store.put("a", 9)  # renewed: now the newest
    store.put("d", 3)
    assert store.get("b") is None and store.get("a") == 9 and len(store) == 3
    now[0] = 11.5  # "c" (put at 2.0) and later ones are still within 10 s
    assert store.get("c") == 2 and store.get("a") == 9


def test_pop_and_discard_where_forget_entries() -> None:
    """``pop`` returns and forgets one value; ``discard_where`` forgets every match."""
    store = _store([0.0], max_items=10)
    for i in range(5):
        store.put(str(i), i)
    assert store.pop("0") == 0 and store.pop("0") is None
    assert store.discard_where(lambda v: v % 2 == 0) == 2
    assert len(store) == 2 and store.get("1") == 1 and store.get("3") == 3


def test_the_lock_makes_check_and_put_one_step() -> None:
    """Holding ``lock`` around get-then-put: of two threads only one puts (re-entrant lock)."""
    store = _store([0.0])
    winners: list[int] = []

    def claim(n: int) -> None:
        with store.lock:
            if store.get("k") is None:
                threading.Event().wait(0.02)  # widen the window a race would need
                store.put("k", n)
                winners.append(n)

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1 and store.get("k") == winners[0]


def test_used_tokens_are_not_counted_once_expired() -> None:
    """``len`` of the form tokens forgets expired ones (as the drafts always did)."""
    now = [0.0]
    tokens = OnceTokens(clock=lambda: now[0])
    tokens.run(1, "tok", lambda: "/clients/1")
    now[0] = TOKEN_SECONDS + 1
    assert len(tokens) == 0


@pytest.mark.parametrize("module", ["_drafts.py", "_once.py"])
def test_drafts_and_tokens_keep_no_expiring_store_of_their_own(module: str) -> None:
    """The drafts and the form tokens use TtlStore, not an OrderedDict with their own expiry."""
    tree = ast.parse((WEB / module).read_text("utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert "TtlStore" in imported and "OrderedDict" not in imported
