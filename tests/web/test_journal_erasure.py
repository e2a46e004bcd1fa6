"""Journal page (QA39 #1): the author edits, deletes and searches own entries; nobody else can."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.storage.journal import JournalRecord

from .web_helpers import World, actor_of, csrf_of, sign_in

#: Invented text naming an invented client; looked for in pages and logs.
NAMING = "General: Perpetua reminds me of my aunt and the saffron lantern"


def _entries(world: World, therapist: str = "ther-a") -> list[JournalRecord]:
    return services.list_journal(world.database, actor_of(world, therapist))


def _post(browser: TestClient, url: str, data: dict[str, str]) -> tuple[int, str]:
    csrf = csrf_of(browser.get("/").text)
    response = browser.post(url, data={"csrf_token": csrf, **data})
    return response.status_code, response.text


def _add(client: TestClient, world: World, text: str) -> JournalRecord:
    sign_in(client, "ther-a")
    assert _post(client, "/journal", {"text": text})[0] == 303
    return next(e for e in reversed(_entries(world)) if e.text == text)


def _browser(client: TestClient, user: str) -> TestClient:
    browser = TestClient(client.app, follow_redirects=False)
    assert sign_in(browser, user) == 303
    return browser


def test_author_edits_an_entry(client: TestClient, world: World) -> None:
    """The edit form replaces the text and returns to the entry."""
    entry = _add(client, world, "synthetic entry to edit, naming Perpetua")
    status, _ = _post(client, f"/journal/{entry.id}/edit", {"text": "synthetic entry, edited"})
    assert status == 303
    assert next(e for e in _entries(world) if e.id == entry.id).text == "synthetic entry, edited"


@pytest.mark.parametrize("text", ["", "   ", "x" * 10_001])
def test_unusable_edit_names_the_entry_and_changes_nothing(
    client: TestClient, world: World, text: str
) -> None:
    """An empty or too long text is a 400 naming the entry; the stored text stays."""
    entry = _add(client, world, "synthetic entry kept as it is")
    status, body = _post(client, f"/journal/{entry.id}/edit", {"text": text})
    assert status == 400 and f"Entry {entry.id}:" in body
    assert next(e for e in _entries(world) if e.id == entry.id).text == entry.text


@pytest.mark.parametrize(("ticked", "status"), [(True, 303), (False, 400)])
def test_author_deletes_only_with_the_box_ticked(
    client: TestClient, world: World, ticked: bool, status: int
) -> None:
    """Delete needs the confirm box; without it nothing is deleted."""
    entry = _add(client, world, f"synthetic entry to delete {ticked}")
    data = {"confirm": "yes"} if ticked else {}
    assert _post(client, f"/journal/{entry.id}/delete", data)[0] == status
    assert any(e.id == entry.id for e in _entries(world)) is not ticked


@pytest.mark.parametrize("user", ["ther-b", "sup-a", "admin-web"])
@pytest.mark.parametrize("action", ["edit", "delete"])
def test_nobody_else_edits_or_deletes(
    client: TestClient, world: World, user: str, action: str
) -> None:
    """Another therapist, the supervisor (of a shared entry) and an admin get 403; it stays."""
    entry = _add(client, world, f"synthetic shared entry {user} {action}")
    _post(client, f"/journal/{entry.id}/share", {"shared": "true"})
    other = _browser(client, user)
    status, body = _post(other, f"/journal/{entry.id}/{action}", {"text": "x", "confirm": "yes"})
    assert status == 403 and entry.text not in body
    assert next(e for e in _entries(world) if e.id == entry.id).text == entry.text


def test_search_lists_only_matching_own_entries(client: TestClient, world: World) -> None:
    """The search (any case) shows the author's matching entries and how many; not others'."""
    hit = _add(client, world, NAMING)
    _add(client, world, "synthetic entry without the name")
    services.add_journal_entry(world.database, actor_of(world, "ther-b"), text=NAMING + " (b)")
    status, body = _post(client, "/journal/search", {"text": "PERPETUA"})
    assert status == 200
    shown = [e for e in _entries(world) if f'id="entry-{e.id}"' in body]
    assert hit in shown and all("perpetua" in e.text.casefold() for e in shown)
    assert f"{len(shown)} of your entries contain" in body and "(b)" not in body


@pytest.mark.parametrize("user", ["sup-a", "admin-web"])
def test_search_is_for_therapists(client: TestClient, user: str) -> None:
    """Supervisors and administrators cannot search journals."""
    assert _post(_browser(client, user), "/journal/search", {"text": "Perpetua"})[0] == 403


def test_empty_search_names_the_field(client: TestClient) -> None:
    """An empty search is a 400 naming Search, with the whole journal below."""
    sign_in(client, "ther-a")
    status, body = _post(client, "/journal/search", {"text": "  "})
    assert status == 400 and "Search: type the text" in body


def test_search_edit_and_delete_log_no_text(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Searching, editing, deleting (and refusals) log neither entry text nor the search text."""
    caplog.set_level(logging.DEBUG)
    entry = _add(client, world, NAMING)
    _post(client, "/journal/search", {"text": "saffron lantern"})
    _post(client, f"/journal/{entry.id}/edit", {"text": NAMING + " again"})
    _post(_browser(client, "ther-b"), f"/journal/{entry.id}/delete", {"confirm": "yes"})
    _post(client, f"/journal/{entry.id}/delete", {"confirm": "yes"})
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert caplog.records, "nothing was logged at all: the check would be empty"
    assert "saffron" not in logged and "Perpetua" not in logged
