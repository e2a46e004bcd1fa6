"""A sign-in ends when the admin resets the password, changes the role or deactivates the user."""

from __future__ import annotations

import secrets
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.security.policy import Role
from alliancelens.storage import Database

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
