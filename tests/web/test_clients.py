"""The start page (``/``): a supervisor's list of the sessions shared with them."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .web_helpers import CLIENT_NAME, SECRET_LINE, World, sign_in

LINK = re.compile(r'href="/sessions/(\d+)"')


def test_supervisor_start_page_lists_exactly_the_viewable_sessions(
    client: TestClient, world: World
) -> None:
    """sup-a's start page links the shared session only, and every link it shows opens."""
    sign_in(client, "sup-a")
    page = client.get("/").text
    linked = {int(found) for found in LINK.findall(page)}
    assert linked == {world.shared}
    assert {world.unshared, world.unanalysed, world.b_session}.isdisjoint(linked)
    assert all(client.get(f"/sessions/{session_id}").status_code == 200 for session_id in linked)
    assert "ther-a" in page and "Session number" in page


def test_supervisor_start_page_shows_no_client_name_or_text(
    client: TestClient, world: World
) -> None:
    """The list names the therapist, never the client, and shows no transcript text."""
    sign_in(client, "sup-a")
    page = client.get("/").text
    assert f"Session {world.shared}" in page
    assert CLIENT_NAME not in page and SECRET_LINE not in page and "/clients/" not in page


def test_unassigned_supervisor_sees_an_empty_list(client: TestClient) -> None:
    """A supervisor with no supervisees is told nothing is shared and gets no session link."""
    sign_in(client, "sup-none")
    page = client.get("/").text
    assert "No session is shared with you" in page and not LINK.search(page)
