"""QA40 #9 and #11: the record export download, and sharing with a therapist who has no supervisor.

All data is synthetic.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.errors import AccessDeniedError
from alliancelens.records._web_export import session_supervisors
from alliancelens.security.policy import Role

from .web_helpers import CLIENT_NAME, PASSWORD, World, actor_of, csrf_of, make_app, sign_in


def _browser(world: World, user: str = "ther-a") -> TestClient:
    browser = TestClient(make_app(world), follow_redirects=False)
    assert sign_in(browser, user) == 303
    return browser


def _exports(world: World, client_id: int) -> int:
    entries = services.list_audit(world.database, services.local_admin(), services.AuditFilter())
    return sum(
        1
        for e in entries
        if e.action == "export" and e.resource == "client" and e.resource_id == str(client_id)
    )


@pytest.mark.parametrize("user", ["ther-a", "admin-web"])
def test_client_record_downloads_as_an_audited_uncached_attachment(world: World, user: str) -> None:
    """The client page's export button sends the whole record as a JSON file; audited, no-store."""
    browser = _browser(world, user)
    page = browser.get(f"/clients/{world.client_a}").text
    assert f'action="/clients/{world.client_a}/export"' in page
    before = _exports(world, world.client_a)
    response = browser.post(f"/clients/{world.client_a}/export", data={"csrf_token": csrf_of(page)})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="alliancelens-client-{world.client_a}.json"'
    assert CLIENT_NAME not in disposition  # the file name carries the id only
    assert response.headers["cache-control"] == "no-store"
    record = json.loads(response.content)
    assert record["client"]["id"] == world.client_a and record["client"]["name"] == CLIENT_NAME
    assert len(record["sessions"]) >= 3
    assert _exports(world, world.client_a) == before + 1


@pytest.mark.parametrize("user", ["ther-b", "sup-a"])
def test_others_may_not_export_the_record(world: World, user: str) -> None:
    """Another therapist or a supervisor is refused (403); nothing is exported."""
    browser = _browser(world, user)
    before = _exports(world, world.client_a)
    token = csrf_of(browser.get("/").text)
    response = browser.post(f"/clients/{world.client_a}/export", data={"csrf_token": token})
    assert response.status_code == 403 and CLIENT_NAME not in response.text
    assert _exports(world, world.client_a) == before


def test_export_needs_the_form_token(world: World) -> None:
    """Without the CSRF token the export is refused (403) and not audited."""
    browser = _browser(world)
    before = _exports(world, world.client_a)
    assert browser.post(f"/clients/{world.client_a}/export").status_code == 403
    assert _exports(world, world.client_a) == before


def test_session_supervisors_counts_active_supervisors_of_the_therapist(world: World) -> None:
    """ther-a has one supervisor (sup-a), ther-b none; another therapist is refused."""
    a, b = actor_of(world, "ther-a"), actor_of(world, "ther-b")
    assert session_supervisors(world.database, a, session_id=world.shared) == 1
    assert session_supervisors(world.database, b, session_id=world.b_session) == 0
    with pytest.raises(AccessDeniedError):
        session_supervisors(world.database, b, session_id=world.shared)


def test_a_deactivated_supervisor_is_not_counted(world: World) -> None:
    """A supervisor whose account is deactivated sees nothing, so is not counted."""
    admin = services.local_admin()
    services.create_user(
        world.database, admin, username="sup-gone", password=PASSWORD, role=Role.SUPERVISOR
    )
    services.add_supervision(world.database, admin, supervisor="sup-gone", therapist="ther-b")
    b = actor_of(world, "ther-b")
    assert session_supervisors(world.database, b, session_id=world.b_session) == 1
    services.set_user_active(world.database, admin, username="sup-gone", active=False)
    assert session_supervisors(world.database, b, session_id=world.b_session) == 0


def test_sharing_without_a_supervisor_is_refused_and_says_so(world: World) -> None:
    """ther-b has no supervisor: the page says a share reaches nobody; a share POST is 409."""
    browser = _browser(world, "ther-b")
    page = browser.get(f"/sessions/{world.b_session}").text
    assert "nobody supervises this session's therapist, so a share would reach nobody" in page
    assert "Share with my supervisors" not in page
    response = browser.post(
        f"/sessions/{world.b_session}/share", data={"csrf_token": csrf_of(page), "shared": "true"}
    )
    assert response.status_code == 409 and "would show it to nobody" in response.text
    assert f'href="/sessions/{world.b_session}"' in response.text
    owner = actor_of(world, "ther-b")
    found = services.list_sessions(world.database, owner, client_id=world.client_b)
    assert not next(s for s in found if s.id == world.b_session).shared_for_supervision
