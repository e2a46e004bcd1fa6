"""A sign-in ends when the admin resets the password, changes the role or deactivates the user.

Also when the account is deleted: its cookie never counts for an account created later.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.security.policy import Role
from alliancelens.storage import Database
from alliancelens.storage.tables import UserRow

from .web_helpers import PASSWORD, World, sign_in

ADMIN = services.local_admin()
NEW_PASSWORD = "another long passphrase"  # noqa: S105 - a test password


def _reset(database: Database, name: str) -> None:
    services.reset_password(database, ADMIN, username=name, password=NEW_PASSWORD)


def _deactivate(database: Database, name: str) -> None:
    services.set_user_active(database, ADMIN, username=name, active=False)


def _make_supervisor(database: Database, name: str) -> None:
    services.set_user_role(database, ADMIN, username=name, role=Role.SUPERVISOR)


@pytest.mark.parametrize("change", [_reset, _deactivate, _make_supervisor])
def test_admin_change_ends_existing_sign_ins(
    world: World, app: FastAPI, change: Callable[[Database, str], None]
) -> None:
    """A browser signed in before the change is sent to /login at its next request."""
    name = f"leaver-{secrets.token_hex(3)}"
    services.create_user(
        world.database, ADMIN, username=name, password=PASSWORD, role=Role.THERAPIST
    )
    browser = TestClient(app, follow_redirects=False)
    assert sign_in(browser, name) == 303 and browser.get("/").status_code == 200
    change(world.database, name)
    response = browser.get("/")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_reset_password_lets_the_new_password_sign_in(world: World, app: FastAPI) -> None:
    """After a reset the old password is refused and the new one signs in."""
    name = f"reset-{secrets.token_hex(3)}"
    services.create_user(
        world.database, ADMIN, username=name, password=PASSWORD, role=Role.THERAPIST
    )
    _reset(world.database, name)
    browser = TestClient(app, follow_redirects=False)
    assert sign_in(browser, name) == 401
    assert sign_in(browser, name, NEW_PASSWORD) == 303


def _client_login(world: World, name: str) -> tuple[int, int]:
    """A fresh client record with a client login called ``name``: (client id, user id)."""
    owner = services.actor_for(
        world.database,
        next(u for u in services.list_users(world.database, ADMIN) if u.username == "ther-a"),
    )
    client = services.create_client(world.database, owner, name="Synthetic Portal Person").id
    user = services.create_user(
        world.database, ADMIN, username=name, password=PASSWORD, role=Role.CLIENT, client_id=client
    )
    return client, user.id


def _recreate_with_old_id(database: Database, name: str, user_id: int) -> None:
    """Put a therapist account back under a deleted user's id and name (a restored backup)."""
    with database.transaction() as db:
        db.add(
            UserRow(
                id=user_id,
                username=name,
                password_hash="x",  # noqa: S106 - not a password: no sign-in uses it
                role=Role.THERAPIST.value,
                active=True,
                created_at=dt.datetime.now(dt.UTC),
            )
        )


@pytest.mark.parametrize("same_id", [False, True], ids=["new-id", "forced-old-id"])
def test_cookie_of_a_deleted_account_never_signs_in_as_a_recreated_one(
    world: World, app: FastAPI, same_id: bool
) -> None:
    """A deleted client login's cookie is refused for a later account of the same name."""
    name = f"portal-{secrets.token_hex(3)}"
    client, old_id = _client_login(world, name)
    browser = TestClient(app, follow_redirects=False)
    assert sign_in(browser, name) == 303 and browser.get("/").status_code == 200
    services.delete_client(world.database, ADMIN, client_id=client)
    if same_id:
        _recreate_with_old_id(world.database, name, old_id)
    else:
        again = services.create_user(
            world.database, ADMIN, username=name, password=PASSWORD, role=Role.THERAPIST
        )
        assert again.id > old_id  # ids are never handed out again (schema 0011)
    response = browser.get("/")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?ended=1"
