"""Sign-in lockouts are audited by user id and lifted by an administrator from another process.

Also: the sign-in page answers HEAD (a monitoring probe), and a sign-in cookie of an older
release is told the update signed it out, not an account change.
"""

from __future__ import annotations

import json
import secrets
import time
from base64 import b64encode
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner

from alliancelens import services
from alliancelens.records import accounts
from alliancelens.security import audit
from alliancelens.security.policy import Role
from alliancelens.storage import Database
from alliancelens.web.app import SESSION_COOKIE
from alliancelens.web.routers.auth import ENDED_NOTICE, RENEWED_NOTICE
from alliancelens.web.settings import session_secret

from .web_helpers import PASSWORD, World, make_app, sign_in

ADMIN = services.local_admin()
OTHER_PASSWORD = "a different long passphrase"  # noqa: S105 - a test password


def _new_user(world: World) -> tuple[str, int]:
    """A fresh therapist (the shared store keeps every test's audit entries)."""
    name = f"locked-{secrets.token_hex(3)}"
    user = services.create_user(
        world.database, ADMIN, username=name, password=PASSWORD, role=Role.THERAPIST
    )
    return name, user.id


def _lock(world: World, name: str) -> TestClient:
    """A browser of a fresh app (2 attempts) that has locked ``name`` out."""
    browser = TestClient(make_app(world, login_attempts=2), follow_redirects=False)
    assert [sign_in(browser, name, "not it at all") for _ in range(2)] == [401, 401]
    assert sign_in(browser, name) == 429
    return browser


def _entries(database: Database, action: str) -> list[audit.AuditEntry]:
    with database.transaction() as db:
        return [e for e in audit.entries(db) if e.action == action]


def test_lockout_is_audited_with_the_user_id(world: World) -> None:
    """The failure that locks a known name leaves one `lockout` entry naming the user's id."""
    name, user_id = _new_user(world)
    before = len(_entries(world.database, "lockout"))
    _lock(world, name)
    found = _entries(world.database, "lockout")
    assert len(found) == before + 1 and found[-1].resource_id == str(user_id)


def test_lockout_of_an_unknown_name_records_no_user(world: World) -> None:
    """Locking a name nobody has adds no lockout entry (there is no id, and names stay secret)."""
    before = len(_entries(world.database, "lockout"))
    browser = TestClient(make_app(world, login_attempts=2), follow_redirects=False)
    for _ in range(2):
        sign_in(browser, f"nobody-{secrets.token_hex(3)}x", "wrong")
    assert len(_entries(world.database, "lockout")) == before


def _unlock(database: Database, name: str) -> None:
    accounts.unlock_user(database, ADMIN, username=name)


def _reset(database: Database, name: str) -> None:
    services.reset_password(database, ADMIN, username=name, password=OTHER_PASSWORD)


@pytest.mark.parametrize("lift", [_unlock, _reset], ids=["unlock", "reset-password"])
def test_administrator_lifts_a_lock_held_in_the_web_process(
    world: World, lift: Callable[[Database, str], None]
) -> None:
    """An unlock or a password reset written to the store ends the web's in-memory lock."""
    name, _ = _new_user(world)
    browser = _lock(world, name)
    lift(world.database, name)
    password = OTHER_PASSWORD if lift is _reset else PASSWORD
    assert sign_in(browser, name, password) == 303


def test_an_unlock_made_before_the_lock_does_not_lift_it(world: World) -> None:
    """Only an unlock newer than the lock counts: an older one cannot pre-empt future locks."""
    name, _ = _new_user(world)
    _unlock(world.database, name)
    time.sleep(0.01)
    browser = _lock(world, name)
    assert sign_in(browser, name) == 429


def test_unlock_reports_when_the_lock_began_and_is_audited(world: World) -> None:
    """`unlock_user` names the lockout's start; a second unlock finds none and says so."""
    name, user_id = _new_user(world)
    _lock(world, name)
    first = accounts.unlock_user(world.database, ADMIN, username=name)
    second = accounts.unlock_user(world.database, ADMIN, username=name)
    assert first.user_id == user_id and first.locked_at is not None
    assert second.locked_at is None
    assert _entries(world.database, "unlock")[-1].resource_id == str(user_id)


def test_open_lockouts_are_listed_until_lifted(world: World) -> None:
    """`last_lockouts` shows a locked user until an unlock follows."""
    name, user_id = _new_user(world)
    _lock(world, name)
    assert user_id in accounts.last_lockouts(world.database, ADMIN)
    _unlock(world.database, name)
    assert user_id not in accounts.last_lockouts(world.database, ADMIN)


def test_the_sign_in_page_answers_a_head_probe(client: TestClient) -> None:
    """`curl -I …/login` gets 200, as the deployment guide's check expects."""
    assert client.head("/login").status_code == 200


def _old_release_cookie(world: World, user_id: int, name: str) -> str:
    """A signed session cookie as a release before the account stamp wrote it."""
    web = make_app(world).state.web_settings
    secret = session_secret(web, world.database.settings.home)
    now = time.time()
    data = {"user": name, "uid": user_id, "sv": 0, "since": now, "seen": now}
    payload = b64encode(json.dumps(data).encode())
    return TimestampSigner(str(secret)).sign(payload).decode()


def test_cookie_of_an_older_release_is_told_the_update_signed_it_out(world: World) -> None:
    """The sign-in page says the update ended the sign-in, not an account change."""
    name, user_id = _new_user(world)
    browser = TestClient(make_app(world), follow_redirects=False)
    browser.cookies.set(SESSION_COOKIE, _old_release_cookie(world, user_id, name))
    response = browser.get("/")
    assert response.headers["location"] == "/login?ended=1"
    page = browser.get("/login?ended=1").text
    assert RENEWED_NOTICE in page and ENDED_NOTICE not in page
