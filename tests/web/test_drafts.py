"""QA40 #8: a form sent after the idle sign-out is kept and comes back after signing in again.

All names typed are synthetic.
"""

from __future__ import annotations

import logging
import time

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.web import deps
from alliancelens.web._drafts import DRAFT_SECONDS, MAX_DRAFT_CHARS, DraftStore

from .web_helpers import PASSWORD, World, csrf_of, make_app, sign_in

NEW = "/clients/new"
TYPED_NAME = "Marisol Feathergill-Okoro"
TYPED_NOTES = "synthetic intake notes: prefers morning sessions"


def _count(world: World) -> int:
    return len(services.list_clients(world.database, services.local_admin()))


def _expire_after_typing(
    world: World, monkeypatch: pytest.MonkeyPatch, user: str = "ther-a"
) -> TestClient:
    """Sign in, open the add-a-client form, let the sign-in go idle, then send the form."""
    browser = TestClient(make_app(world, idle_minutes=1), follow_redirects=False)
    assert sign_in(browser, user) == 303
    csrf = csrf_of(browser.get(NEW).text)
    later = time.time() + 120  # past the one idle minute
    monkeypatch.setattr(deps.time, "time", lambda: later)
    sent = browser.post(
        NEW,
        data={"csrf_token": csrf, "name": TYPED_NAME, "identifier": "QX-77", "notes": TYPED_NOTES},
    )
    assert sent.status_code == 303 and sent.headers["location"] == "/login?expired=1"
    return browser


def _sign_in_again(browser: TestClient, user: str) -> str:
    """Sign in through the form; where the browser is sent."""
    page = browser.get("/login?expired=1").text
    data = {"username": user, "password": PASSWORD, "csrf_token": csrf_of(page)}
    response = browser.post("/login", data=data)
    assert response.status_code == 303
    return response.headers["location"]


def test_typed_form_comes_back_after_signing_in_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sign-in page says the form was kept; the same user lands on it, filled in, unsaved."""
    before = _count(world)
    browser = _expire_after_typing(world, monkeypatch)
    assert "What you had typed into the form was kept" in browser.get("/login?expired=1").text
    assert TYPED_NAME not in browser.cookies.get("alliancelens_session", "")
    assert _sign_in_again(browser, "ther-a") == NEW
    page = browser.get(NEW).text
    assert f'value="{TYPED_NAME}"' in page and TYPED_NOTES in page and 'value="QX-77"' in page
    assert "here is what you had typed" in page
    assert _count(world) == before  # nothing saved until the form is sent
    again = browser.get(NEW).text  # read once: a reload shows an empty form
    assert TYPED_NAME not in again


def test_another_user_signing_in_never_sees_the_draft(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone else signing in on that browser lands on the start page; the draft is gone."""
    browser = _expire_after_typing(world, monkeypatch)
    assert _sign_in_again(browser, "ther-b") == "/"
    assert TYPED_NAME not in browser.get(NEW).text
    assert _sign_in_again(browser, "ther-a") == "/"  # discarded, not kept for later


def test_the_draft_is_never_logged(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Keeping and restoring a draft logs neither the typed name nor the notes."""
    caplog.set_level(logging.DEBUG)
    browser = _expire_after_typing(world, monkeypatch)
    _sign_in_again(browser, "ther-a")
    browser.get(NEW)
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert caplog.records and TYPED_NAME not in logged and TYPED_NOTES not in logged


def test_forms_say_when_the_idle_sign_out_happens(world: World) -> None:
    """The add-a-client form says after how many idle minutes the sign-in ends (a warning)."""
    browser = TestClient(make_app(world, idle_minutes=7), follow_redirects=False)
    sign_in(browser, "ther-a")
    assert "signed out after 7 minutes without activity" in browser.get(NEW).text


def test_draft_store_is_read_once_by_its_owner_and_bounded() -> None:
    """A draft goes only to its user and page, once; old, surplus or huge drafts are dropped."""
    now = [0.0]
    store = DraftStore(clock=lambda: now[0], max_drafts=2)
    first = store.keep(1, NEW, {"name": "A", "csrf_token": "never kept"})
    assert store.take(first, user_id=2, page=NEW) is None
    assert store.take(first, user_id=1, page="/journal") is None
    assert store.take(first, user_id=1, page=NEW) == {"name": "A"}
    assert store.take(first, user_id=1, page=NEW) is None
    ids = [store.keep(user, NEW, {"name": str(user)}) for user in (1, 2, 3)]
    assert len(store) == 2 and store.peek(ids[0]) is None
    newer = store.keep(3, NEW, {"name": "again"})  # one draft per user: replaces the older one
    assert len(store) == 2 and store.peek(ids[2]) is None and store.peek(newer)
    assert store.keep(4, NEW, {"notes": "x" * (MAX_DRAFT_CHARS + 1)}) is None
    now[0] = DRAFT_SECONDS + 1
    assert len(store) == 0 and store.take(newer, user_id=3, page=NEW) is None
