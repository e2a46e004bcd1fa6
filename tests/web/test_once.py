"""QA40 #4: a resent add-a-client form adds one client; a name or record number seen before warns.

All names and record numbers are synthetic.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.web._once import MAX_TOKENS, TOKEN_SECONDS, OnceTokens

from .web_helpers import World, csrf_of, make_app, sign_in

NEW = "/clients/new"


def _count(world: World) -> int:
    return len(services.list_clients(world.database, services.local_admin()))


def _form(browser: TestClient) -> tuple[str, str]:
    """The CSRF token and the one-time form token of a freshly shown add-a-client form."""
    page = browser.get(NEW).text
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found, "the add-a-client form carries no one-time token"
    return csrf_of(page), found[1]


def _browser(world: World, user: str = "ther-a") -> TestClient:
    browser = TestClient(make_app(world), follow_redirects=False)
    assert sign_in(browser, user) == 303
    return browser


def test_the_same_form_sent_twice_adds_one_client(world: World) -> None:
    """A double click: the second POST with the form's token goes to the client the first made."""
    browser = _browser(world)
    csrf, token = _form(browser)
    data = {"csrf_token": csrf, "form_token": token, "name": "Perpetua Oyelaran-Voss"}
    before = _count(world)
    first = browser.post(NEW, data=data)
    second = browser.post(NEW, data=data)
    assert first.status_code == second.status_code == 303
    assert second.headers["location"] == first.headers["location"]
    assert _count(world) == before + 1


def test_a_form_token_is_per_user(world: World) -> None:
    """Another user's POST with a used token is checked on its own, never sent to that client."""
    browser = _browser(world)
    csrf, token = _form(browser)
    made = browser.post(NEW, data={"csrf_token": csrf, "form_token": token, "name": "Isidora Q"})
    other = _browser(world, "ther-b")
    other_csrf, _ = _form(other)
    data = {"csrf_token": other_csrf, "form_token": token, "name": "Isidora R"}
    response = other.post(NEW, data=data)
    assert response.status_code == 303
    assert response.headers["location"] != made.headers["location"]


@pytest.mark.parametrize(
    ("typed", "what"),
    [
        ({"name": "Someone Else Entirely", "identifier": "mrn-9"}, "this record number"),
        ({"name": "  quillon   MARCHETTI-vaz "}, "this name"),
    ],
)
def test_a_client_already_recorded_is_a_warning_with_a_confirm_step(
    world: World, typed: dict[str, str], what: str
) -> None:
    """Same record number (or name, any case or spacing): 409 naming the client; none added."""
    browser = _browser(world)
    csrf, token = _form(browser)
    before = _count(world)
    response = browser.post(NEW, data={"csrf_token": csrf, "form_token": token, **typed})
    assert response.status_code == 409 and _count(world) == before
    page = response.text
    assert f"a client with {what} already exists (#{world.client_a})" in page
    assert f'<a href="/clients/{world.client_a}">' in page
    assert 'id="confirm_duplicate"' in page and 'aria-invalid="true"' in page
    assert f'name="form_token" value="{token}"' in page  # the same form, shown again
    confirmed = {"csrf_token": csrf, "form_token": token, "confirm_duplicate": "1", **typed}
    assert browser.post(NEW, data=confirmed).status_code == 303
    assert _count(world) == before + 1


def test_another_therapists_client_is_not_revealed(world: World) -> None:
    """A therapist is warned only about clients they may see (B's record number is not theirs)."""
    browser = _browser(world, "ther-b")
    csrf, token = _form(browser)
    data = {"csrf_token": csrf, "form_token": token, "name": "Wholly New", "identifier": "MRN-9"}
    response = browser.post(NEW, data=data)
    assert response.status_code == 409  # their own client B has MRN-9 too
    assert f"(#{world.client_b})" in response.text and f"#{world.client_a}" not in response.text


def test_once_tokens_run_the_work_once_under_concurrency() -> None:
    """Two threads with one token: the work runs once; both get the path it made."""
    tokens = OnceTokens()
    calls: list[int] = []

    def work() -> str:
        calls.append(1)
        time.sleep(0.05)
        return "/clients/7"

    results: list[str | None] = []
    threads = [
        threading.Thread(target=lambda: results.append(tokens.run(1, "tok", work)))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [1] and results == ["/clients/7", "/clients/7"]


def test_refused_work_leaves_the_token_usable() -> None:
    """Work that made nothing (a refused form) is not remembered: the next send runs again."""
    tokens = OnceTokens()
    outcomes = iter([None, "/clients/3"])
    assert tokens.run(1, "tok", lambda: next(outcomes)) is None
    assert tokens.run(1, "tok", lambda: next(outcomes)) == "/clients/3"
    assert tokens.made(1, "tok") == "/clients/3"


def test_once_tokens_are_bounded_and_expire() -> None:
    """At most ``max_tokens`` are kept, oldest first out; none outlives TOKEN_SECONDS."""
    now = [0.0]
    tokens = OnceTokens(clock=lambda: now[0], max_tokens=3)
    for i in range(5):
        tokens.run(1, f"t{i}", lambda i=i: f"/clients/{i}")
    assert len(tokens) == 3 and tokens.made(1, "t0") is None and tokens.made(1, "t4")
    now[0] = TOKEN_SECONDS + 1
    assert tokens.made(1, "t4") is None and len(tokens) == 0
    assert MAX_TOKENS >= 1000
