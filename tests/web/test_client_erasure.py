"""Deleting (erasing) a client from the dashboard: the CLI's use case, confirmed by typing.

All names are synthetic. Each test deletes a client it added itself (the store is shared).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.errors import NotFoundError
from alliancelens.records.deletion import ERASURE_REGISTER, erase_client, read_register
from alliancelens.security.audit import AuditEntry

from .web_helpers import World, actor_of, csrf_of, sign_in, unlabelled_controls

NAME = "Ottoline Brackwater-Seo"


def _new_client(world: World, therapist: str = "ther-a") -> int:
    actor = actor_of(world, therapist)
    return services.create_client(world.database, actor, name=NAME, identifier="ZX-4").id


def _browser(app_client: TestClient, user: str = "ther-a") -> TestClient:
    browser = TestClient(app_client.app, follow_redirects=False)
    assert sign_in(browser, user) == 303
    return browser


def _form(browser: TestClient, client_id: int) -> dict[str, str]:
    """The CSRF and one-time tokens of a freshly shown confirmation page."""
    page = browser.get(f"/clients/{client_id}/delete")
    assert page.status_code == 200
    token = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert token, "the delete form carries no one-time token"
    return {"csrf_token": csrf_of(page.text), "form_token": token[1]}


def _exists(world: World, client_id: int) -> bool:
    try:
        services.get_client(world.database, services.local_admin(), client_id=client_id)
    except NotFoundError:
        return False
    return True


def _register(world: World) -> Path:
    return world.database.settings.home / ERASURE_REGISTER


def _registered(world: World, client_id: int) -> int:
    return sum(1 for e in read_register(_register(world)) if e.client_id == client_id)


def _deletions(world: World, client_id: int) -> list[AuditEntry]:
    wanted = services.AuditFilter(client_id=client_id, action="delete")
    found = services.list_audit(world.database, services.local_admin(), wanted)
    return [e for e in found if e.resource == "client"]


def test_therapist_deletes_a_client_after_typing_its_number(
    client: TestClient, world: World
) -> None:
    """Typed number: the client is gone, one register line and one `delete client` entry."""
    client_id = _new_client(world)
    browser = _browser(client)
    assert f'href="/clients/{client_id}/delete"' in browser.get(f"/clients/{client_id}").text
    response = browser.post(
        f"/clients/{client_id}/delete",
        data={**_form(browser, client_id), "confirm_code": f"#{client_id}"},
    )
    assert response.status_code == 200
    assert f"Client #{client_id} deleted" in response.text and "erasure register" in response.text
    assert NAME not in response.text
    assert not _exists(world, client_id)
    assert _registered(world, client_id) == 1
    assert len(_deletions(world, client_id)) == 1


def test_web_erasure_writes_what_the_cli_use_case_writes(client: TestClient, world: World) -> None:
    """The web's audit entry and register line match `delete-client`'s (erase_client) in shape."""
    by_web, by_cli = _new_client(world), _new_client(world)
    browser = _browser(client)
    data = {**_form(browser, by_web), "confirm_code": str(by_web)}
    assert browser.post(f"/clients/{by_web}/delete", data=data).status_code == 200
    erase_client(world.database, actor_of(world, "ther-a"), client_id=by_cli)
    web_entry, cli_entry = _deletions(world, by_web)[0], _deletions(world, by_cli)[0]
    assert (web_entry.actor, web_entry.action, web_entry.resource) == (
        cli_entry.actor,
        cli_entry.action,
        cli_entry.resource,
    )
    assert set(web_entry.detail) == set(cli_entry.detail)
    assert _registered(world, by_web) == _registered(world, by_cli) == 1


@pytest.mark.parametrize("typed", ["", "  ", "0", "#", "yes", "delete"])
def test_missing_or_wrong_number_deletes_nothing(
    client: TestClient, world: World, typed: str
) -> None:
    """A wrong number: 400, the page again with an error summary tied to the field; kept."""
    client_id = _new_client(world)
    browser = _browser(client)
    data = {**_form(browser, client_id), "confirm_code": typed}
    response = browser.post(f"/clients/{client_id}/delete", data=data)
    assert response.status_code == 400 and _exists(world, client_id)
    page = response.text
    assert 'role="alert"' in page and 'href="#confirm-code"' in page
    assert 'id="confirm-code" name="confirm_code" aria-invalid="true"' in page
    assert 'aria-describedby="error-confirm-code"' in page and 'id="error-confirm-code"' in page
    assert f'name="form_token" value="{data["form_token"]}"' in page  # the same form again
    assert _registered(world, client_id) == 0 and not _deletions(world, client_id)


def test_another_clients_number_deletes_nothing(client: TestClient, world: World) -> None:
    """The number of another client (even one's own) is not a confirmation."""
    client_id, other = _new_client(world), _new_client(world)
    browser = _browser(client)
    data = {**_form(browser, client_id), "confirm_code": str(other)}
    assert browser.post(f"/clients/{client_id}/delete", data=data).status_code == 400
    assert _exists(world, client_id) and _exists(world, other)


def test_the_same_form_sent_twice_deletes_once(client: TestClient, world: World) -> None:
    """A resent form (double click, reload) goes to the start page; one deletion, one line."""
    client_id = _new_client(world)
    browser = _browser(client)
    data = {**_form(browser, client_id), "confirm_code": str(client_id)}
    first = browser.post(f"/clients/{client_id}/delete", data=data)
    second = browser.post(f"/clients/{client_id}/delete", data=data)
    assert first.status_code == 200
    assert second.status_code == 303 and second.headers["location"] == "/"
    assert _registered(world, client_id) == 1 and len(_deletions(world, client_id)) == 1


@pytest.mark.parametrize("user", ["ther-b", "sup-a", "sup-none"])
def test_only_the_therapist_or_an_administrator_may_delete(
    client: TestClient, world: World, user: str
) -> None:
    """Another therapist and supervisors get 403 on the page and the action; nothing deleted."""
    client_id = _new_client(world)
    browser = _browser(client, user)
    assert browser.get(f"/clients/{client_id}/delete").status_code == 403
    csrf = csrf_of(browser.get("/").text)
    data = {"csrf_token": csrf, "form_token": "t", "confirm_code": str(client_id)}
    response = browser.post(f"/clients/{client_id}/delete", data=data)
    assert response.status_code == 403 and NAME not in response.text
    assert _exists(world, client_id) and _registered(world, client_id) == 0


def test_administrator_deletes_any_client(client: TestClient, world: World) -> None:
    """An administrator may erase a therapist's client (as with `delete-client`)."""
    client_id = _new_client(world, "ther-b")
    browser = _browser(client, "admin-web")
    data = {**_form(browser, client_id), "confirm_code": str(client_id)}
    assert browser.post(f"/clients/{client_id}/delete", data=data).status_code == 200
    assert not _exists(world, client_id)


def test_without_the_csrf_token_nothing_is_deleted(client: TestClient, world: World) -> None:
    """The delete form without its CSRF token is refused (403) and changes nothing."""
    client_id = _new_client(world)
    browser = _browser(client)
    data = {"form_token": "t", "confirm_code": str(client_id)}
    assert browser.post(f"/clients/{client_id}/delete", data=data).status_code == 403
    assert _exists(world, client_id)


@pytest.fixture
def unwritable_register(world: World) -> Iterator[None]:
    """The register path is a folder for one test (a register that cannot be written)."""
    path = _register(world)
    kept = path.read_bytes() if path.exists() else None
    if path.exists():
        path.unlink()
    path.mkdir()
    try:
        yield
    finally:
        path.rmdir()
        if kept is not None:
            path.write_bytes(kept)


@pytest.mark.usefixtures("unwritable_register")
def test_unwritable_register_refuses_before_deleting(client: TestClient, world: World) -> None:
    """A register that cannot be written: the page again (503) without the path; kept."""
    client_id = _new_client(world)
    browser = _browser(client)
    data = {**_form(browser, client_id), "confirm_code": str(client_id)}
    response = browser.post(f"/clients/{client_id}/delete", data=data)
    assert response.status_code == 503 and _exists(world, client_id)
    assert "erasure-register.tsv" in response.text
    assert str(world.database.settings.home) not in response.text


def test_confirmation_page_controls_are_labelled(client: TestClient, world: World) -> None:
    """Every control of the confirmation page has an accessible name; the title is an error's."""
    client_id = _new_client(world)
    browser = _browser(client)
    page = browser.get(f"/clients/{client_id}/delete").text
    assert not unlabelled_controls(page)
    assert f'<label for="confirm-code">To confirm, type the client\'s number, {client_id}' in page
    refused = browser.post(
        f"/clients/{client_id}/delete", data={**_form(browser, client_id), "confirm_code": "x"}
    ).text
    assert "<title>Error: " in refused


def test_deleting_logs_no_name(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Refused and done deletions log neither the client's name nor record number."""
    caplog.set_level(logging.DEBUG)
    client_id = _new_client(world)
    browser = _browser(client)
    browser.post(f"/clients/{client_id}/delete", data={**_form(browser, client_id)})
    data = {**_form(browser, client_id), "confirm_code": str(client_id)}
    browser.post(f"/clients/{client_id}/delete", data=data)
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert caplog.records and NAME not in logged and "ZX-4" not in logged
