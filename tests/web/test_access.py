"""Who may open which page: the access policy decides, the dashboard never reads across."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from .web_helpers import World, sign_in

ROLES = ["admin-web", "ther-a", "ther-b", "sup-a", "sup-none", "client-a", None]
#: page template -> expected status per user (None = anonymous: redirect to sign-in).
MATRIX: dict[str, dict[str | None, int]] = {
    "/": {"admin-web": 200, "ther-a": 200, "ther-b": 200, "sup-a": 200, "sup-none": 200},
    "/clients/{client_a}": {"admin-web": 200, "ther-a": 200, "ther-b": 403, "sup-a": 403},
    "/clients/{client_b}": {"admin-web": 200, "ther-a": 403, "ther-b": 200, "sup-a": 403},
    "/sessions/{shared}": {"admin-web": 200, "ther-a": 200, "ther-b": 403, "sup-a": 200},
    "/sessions/{unshared}": {"admin-web": 200, "ther-a": 200, "ther-b": 403, "sup-a": 403},
    "/sessions/{b_session}": {"admin-web": 200, "ther-a": 403, "ther-b": 200, "sup-a": 403},
    "/sessions/{shared}/note": {"admin-web": 200, "ther-a": 200, "ther-b": 403, "sup-a": 200},
    "/users": {"admin-web": 200, "ther-a": 403, "ther-b": 403, "sup-a": 403},
}
CASES = [(path, user) for path in MATRIX for user in ROLES]


def _expected(path: str, user: str | None) -> int:
    if user is None:
        return 303
    # sup-none supervises nobody and client-a has no dashboard: only the start page opens.
    return MATRIX[path].get(user, 200 if path == "/" else 403)


@pytest.mark.parametrize(("path", "user"), CASES)
def test_access_matrix(app: FastAPI, world: World, path: str, user: str | None) -> None:
    """Each role gets 200, a redirect to sign-in, or 403, exactly as the policy says."""
    browser = TestClient(app, follow_redirects=False)
    if user is not None:
        assert sign_in(browser, user) == 303
    url = path.format(**vars(world))
    assert browser.get(url).status_code == _expected(path, user)


def test_therapist_dashboard_lists_only_own_clients(client: TestClient, world: World) -> None:
    """Therapist B's caseload shows B's client and never A's client name or link."""
    sign_in(client, "ther-b")
    page = client.get("/").text
    assert f"/clients/{world.client_b}" in page
    assert f"/clients/{world.client_a}" not in page and "Quillon" not in page


def test_unknown_session_is_404(client: TestClient) -> None:
    """A session id that does not exist gives a 404 page, also for administrators."""
    sign_in(client, "admin-web")
    assert client.get("/sessions/987654").status_code == 404


def test_non_numeric_id_is_404(client: TestClient) -> None:
    """A malformed id in the address is a 404 page, not a JSON validation error."""
    sign_in(client, "ther-a")
    response = client.get("/clients/abc")
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]


def test_supervisor_start_page_offers_opening_by_id(client: TestClient, world: World) -> None:
    """A supervisor's start page lists no clients and opens a session by number."""
    sign_in(client, "sup-a")
    assert "Session number" in client.get("/").text
    response = client.get(f"/sessions/open?session_id={world.shared}")
    assert (
        response.status_code == 303 and response.headers["location"] == f"/sessions/{world.shared}"
    )


def test_client_login_has_no_dashboard(client: TestClient) -> None:
    """A client account signs in to a page pointing to the form link, listing nobody."""
    sign_in(client, "client-a")
    page = client.get("/").text
    assert "Client accounts have no dashboard" in page and "/clients/" not in page
