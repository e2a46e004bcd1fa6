"""Sign-in, sign-out, throttling (per name and per address), CSRF and the idle timeout."""

from __future__ import annotations

import time

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.security.policy import Role
from alliancelens.web._security import LoginThrottle
from alliancelens.web.routers.auth import ENDED_NOTICE, WRONG

from .web_helpers import PASSWORD, World, csrf_of, make_app, sign_in


def test_anonymous_visitor_is_sent_to_the_sign_in_page(client: TestClient) -> None:
    """The dashboard redirects a visitor without a session to /login (303)."""
    response = client.get("/")
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_correct_password_signs_in_and_opens_the_dashboard(client: TestClient) -> None:
    """A right password redirects to / and the caseload page then loads."""
    assert sign_in(client, "ther-a") == 303
    page = client.get("/")
    assert page.status_code == 200 and "Your caseload" in page.text


@pytest.mark.parametrize(
    ("username", "password"),
    [("ther-a", "not the password"), ("no-such-user", PASSWORD), ("", "")],
)
def test_failed_sign_in_gives_one_generic_message(
    client: TestClient, username: str, password: str
) -> None:
    """Wrong password and unknown user get the same 401 page, never saying which was wrong."""
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert response.status_code == 401 and WRONG in response.text
    assert client.get("/").status_code == 303


def test_too_many_failures_lock_the_user_name(world: World) -> None:
    """After the allowed failures even the right password is refused (429) for that name."""
    browser = TestClient(make_app(world, login_attempts=3), follow_redirects=False)
    for _ in range(3):
        assert sign_in(browser, "ther-b", "wrong password!") == 401
    assert sign_in(browser, "ther-b") == 429
    assert sign_in(browser, "ther-a") == 303  # other names are not affected


def test_sign_out_ends_the_session(client: TestClient) -> None:
    """After POST /logout the dashboard redirects to /login again."""
    sign_in(client, "ther-a")
    token = csrf_of(client.get("/").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/").status_code == 303


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_post_without_the_right_csrf_token_is_refused(
    client: TestClient, token: str | None
) -> None:
    """A sign-in POST with a missing or wrong CSRF token gets a 403 page and signs nobody in."""
    client.get("/login")
    data = {"username": "ther-a", "password": PASSWORD}
    if token is not None:
        data["csrf_token"] = token
    response = client.post("/login", data=data)
    assert response.status_code == 403 and "Form refused" in response.text
    assert client.get("/").status_code == 303


def test_logout_without_csrf_token_keeps_the_session(client: TestClient) -> None:
    """A cross-site style logout POST (no token) is refused and the user stays signed in."""
    sign_in(client, "ther-a")
    assert client.post("/logout", data={}).status_code == 403
    assert client.get("/").status_code == 200


def test_idle_session_expires(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """A session idle longer than idle_minutes is signed out with a notice on the login page."""
    browser = TestClient(app, follow_redirects=False)
    sign_in(browser, "ther-a")
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = browser.get("/")
    assert response.status_code == 303 and response.headers["location"] == "/login?expired=1"
    assert "inactivity" in browser.get("/login?expired=1").text


def test_session_cookie_is_httponly_and_samesite_strict(client: TestClient) -> None:
    """The signed session cookie is HttpOnly, SameSite=strict and not Secure by default."""
    cookie = client.get("/login").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie


def test_https_setting_marks_the_cookie_secure(world: World) -> None:
    """With https=True the session cookie carries the Secure attribute."""
    browser = TestClient(make_app(world, https=True), follow_redirects=False)
    assert "secure" in browser.get("/login").headers["set-cookie"].lower()


class Clock:
    """A settable clock (seconds) for the throttles."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _sprayed(world: World, attempts: int, address: str = "10.0.0.7") -> TestClient:
    """A browser at ``address`` of an app whose address throttle allows ``attempts`` failures."""
    app = make_app(world, login_address_attempts=attempts, login_attempts=100)
    return TestClient(app, follow_redirects=False, client=(address, 50000))


def test_address_throttle_locks_after_failures_across_names(world: World) -> None:
    """N failures from one address over different names refuse every name there (429)."""
    browser = _sprayed(world, attempts=4)
    for number in range(3):
        assert sign_in(browser, f"spray-{number}", "wrong password!") == 401
    assert sign_in(browser, "ther-a") == 303  # three failures: not locked yet
    assert sign_in(browser, "spray-3", "wrong password!") == 401
    assert sign_in(browser, "ther-b") == 429  # the fourth locked the address, right password too


def test_address_lock_spares_other_addresses(world: World) -> None:
    """A locked address does not refuse sign-ins from another address of the same app."""
    browser = _sprayed(world, attempts=2)
    for name in ("spray-a", "spray-b"):
        sign_in(browser, name, "wrong password!")
    other = TestClient(browser.app, follow_redirects=False, client=("10.0.0.8", 50000))
    assert sign_in(browser, "ther-a") == 429 and sign_in(other, "ther-a") == 303


def test_address_and_name_locks_give_the_same_message(world: World) -> None:
    """The 429 page is identical whichever limit fired (no hint for the attacker)."""
    pages = []
    for settings in ({"login_attempts": 2}, {"login_address_attempts": 2}):
        browser = TestClient(make_app(world, **settings), follow_redirects=False)
        for name in ("ther-b", "ther-b" if "login_attempts" in settings else "nobody"):
            sign_in(browser, name, "wrong password!")
        token = csrf_of(browser.get("/login").text)
        data = {"username": "ther-b", "password": PASSWORD, "csrf_token": token}
        response = browser.post("/login", data=data)
        assert response.status_code == 429
        pages.append(response.text.replace(token, ""))
    assert pages[0] == pages[1] and "address" not in pages[0].lower()


def test_address_lock_ends_after_the_window(world: World) -> None:
    """Once the window has passed (injected clock) the locked address may sign in again."""
    clock = Clock()
    browser = _sprayed(world, attempts=2)
    app = browser.app
    assert isinstance(app, FastAPI)
    app.state.address_throttle = LoginThrottle(attempts=2, lockout_seconds=60, clock=clock)
    for name in ("spray-a", "spray-b"):
        sign_in(browser, name, "wrong password!")
    assert sign_in(browser, "ther-a") == 429
    clock.now += 61
    assert sign_in(browser, "ther-a") == 303


def test_success_does_not_reset_the_address_count(world: World) -> None:
    """Signing in to one's own account does not clear the address's earlier failures."""
    browser = _sprayed(world, attempts=3)
    for name in ("spray-a", "spray-b"):
        sign_in(browser, name, "wrong password!")
    assert sign_in(browser, "ther-a") == 303
    sign_in(browser, "spray-c", "wrong password!")
    assert sign_in(browser, "ther-a") == 429


def test_sign_out_is_audited_by_user_id(world: World, client: TestClient) -> None:
    """POST /logout leaves a `logout` audit entry naming the user by id only."""
    from alliancelens.security import audit

    sign_in(client, "ther-a")
    token = csrf_of(client.get("/").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    with world.database.transaction() as db:
        last = audit.entries(db)[-1]
    assert last.action == "logout" and last.actor.startswith("user:")
    assert last.resource_id == last.actor.removeprefix("user:")


def test_sign_in_ended_by_an_account_change_says_why(client: TestClient, world: World) -> None:
    """After a password reset the next request goes to /login, which says why the sign-in ended."""
    services.create_user(
        world.database,
        services.local_admin(),
        username="ther-reset",
        password=PASSWORD,
        role=Role.THERAPIST,
    )
    assert sign_in(client, "ther-reset") == 303
    services.reset_password(
        world.database, services.local_admin(), username="ther-reset", password=PASSWORD + "!"
    )
    response = client.get("/")
    assert response.status_code == 303 and response.headers["location"] == "/login?ended=1"
    page = client.get(response.headers["location"]).text
    assert ENDED_NOTICE in page and 'class="notice"' in page
