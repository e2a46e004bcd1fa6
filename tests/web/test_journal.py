"""The reflection journal page: a therapist's private entries, sharing, supervisors' view."""

from __future__ import annotations

import logging

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.notes.model import Evidence, Sentence
from alliancelens.notes.prompts import reflection_prompts
from alliancelens.storage.journal import JournalRecord
from alliancelens.web._security import check_csrf
from alliancelens.web.routers import journal
from alliancelens.web.routers.journal import MAX_TEXT, PROMPT_SESSIONS

from .web_helpers import World, actor_of, csrf_of, sign_in

#: Distinctive synthetic reflection text: looked for in pages and logs.
SECRET_REFLECTION = "I felt a pang of envy about the violet kite festival"  # noqa: S105


def _entries(world: World, therapist: str = "ther-a") -> list[JournalRecord]:
    return services.list_journal(world.database, actor_of(world, therapist))


def _browser(client: TestClient, user: str) -> TestClient:
    browser = TestClient(client.app, follow_redirects=False)
    assert sign_in(browser, user) == 303
    return browser


def _post(browser: TestClient, url: str, data: dict[str, str]) -> tuple[int, str]:
    """POST ``data`` with the session's CSRF token (taken from the start page); status, body."""
    csrf = csrf_of(browser.get("/").text)
    response = browser.post(url, data={"csrf_token": csrf, **data})
    return response.status_code, response.text


def _add(browser: TestClient, world: World, text: str, **fields: str) -> JournalRecord:
    """Add an entry as ther-a through the page; the stored entry."""
    status, _ = _post(browser, "/journal", {"text": text, **fields})
    assert status == 303
    return next(e for e in reversed(_entries(world)) if e.text == text)


@pytest.mark.parametrize(
    ("user", "linked"),
    [("ther-a", True), ("sup-a", True), ("admin-web", False), ("client-a", False)],
)
def test_header_links_the_journal(client: TestClient, user: str, linked: bool) -> None:
    """The header links /journal for therapists and supervisors only."""
    sign_in(client, user)
    assert ('href="/journal"' in client.get("/").text) is linked


def test_added_entries_are_listed_newest_first(client: TestClient, world: World) -> None:
    """Two entries added through the form are stored unshared and listed newest first."""
    sign_in(client, "ther-a")
    first = _add(client, world, "synthetic reflection first-of-two")
    second = _add(client, world, "synthetic reflection second-of-two")
    assert not first.shared and not second.shared and first.session_id is None
    page = client.get("/journal").text
    assert page.index("second-of-two") < page.index("first-of-two")
    assert f'id="entry-{second.id}"' in page and "private" in page


def test_entry_about_an_own_session_is_stored_with_it(client: TestClient, world: World) -> None:
    """An entry linked to one of the therapist's sessions keeps the session id and links it."""
    sign_in(client, "ther-a")
    entry = _add(
        client, world, "synthetic reflection about a session", session_id=str(world.shared)
    )
    assert entry.session_id == world.shared
    assert f'<a href="/sessions/{world.shared}">' in client.get("/journal").text


def test_entry_about_another_therapists_session_is_refused(
    client: TestClient, world: World
) -> None:
    """Naming another therapist's session shows the form again naming Session; nothing stored."""
    sign_in(client, "ther-a")
    before = len(_entries(world))
    status, body = _post(
        client, "/journal", {"text": "synthetic cross read", "session_id": str(world.b_session)}
    )
    assert status == 400 and "Session:" in body and "was not saved" in body
    assert "synthetic cross read" in body  # the typed text comes back to be fixed
    assert len(_entries(world)) == before


@pytest.mark.parametrize(
    ("text", "session_id"),
    [("", ""), ("   \n ", ""), ("x" * (MAX_TEXT + 1), ""), ("synthetic fine text", "abc")],
)
def test_unusable_entry_shows_the_form_again(
    client: TestClient, world: World, text: str, session_id: str
) -> None:
    """An empty, over-long entry or a bad session shows the form naming the field; none stored."""
    sign_in(client, "ther-a")
    before = len(_entries(world))
    status, body = _post(client, "/journal", {"text": text, "session_id": session_id})
    field = "Session:" if session_id else "Entry:"
    assert status == 400 and field in body and 'action="/journal"' in body
    assert len(_entries(world)) == before


def test_share_and_unshare_for_the_supervisor(client: TestClient, world: World) -> None:
    """Shared: the supervisor sees the entry; unshared: it is gone from their page again."""
    sign_in(client, "ther-a")
    entry = _add(client, world, "synthetic reflection marigold-share")
    supervisor = _browser(client, "sup-a")
    assert "marigold-share" not in supervisor.get("/journal").text
    assert _post(client, f"/journal/{entry.id}/share", {"shared": "true"})[0] == 303
    page = supervisor.get("/journal")
    assert page.status_code == 200 and "synthetic reflection marigold-share" in page.text
    assert "Share with my supervisors" not in page.text  # read-only for the supervisor
    assert _post(client, f"/journal/{entry.id}/share", {"shared": "false"})[0] == 303
    assert "marigold-share" not in supervisor.get("/journal").text
    assert not next(e for e in _entries(world) if e.id == entry.id).shared


@pytest.mark.parametrize("user", ["ther-b", "sup-none"])
def test_other_users_never_see_entries(client: TestClient, world: World, user: str) -> None:
    """Another therapist and an unrelated supervisor see neither shared nor private entries."""
    sign_in(client, "ther-a")
    shared = _add(client, world, "synthetic shared but not for them")
    _add(client, world, "synthetic private not for them")
    _post(client, f"/journal/{shared.id}/share", {"shared": "true"})
    page = _browser(client, user).get("/journal")
    assert page.status_code == 200
    assert "not for them" not in page.text and f"entry-{shared.id}" not in page.text


@pytest.mark.parametrize("user", ["admin-web", "client-a"])
def test_admins_and_clients_cannot_open_a_journal(client: TestClient, user: str) -> None:
    """Journals are private (policy): administrators and client accounts get 403."""
    sign_in(client, user)
    assert client.get("/journal").status_code == 403


def test_anonymous_is_sent_to_sign_in(client: TestClient) -> None:
    """Without a sign-in the journal redirects to the sign-in page."""
    response = client.get("/journal")
    assert response.status_code == 303 and response.headers["location"] == "/login"


@pytest.mark.parametrize("user", ["ther-b", "sup-a", "admin-web"])
def test_only_the_author_can_share(client: TestClient, world: World, user: str) -> None:
    """Another therapist, a supervisor and an administrator get 403; the entry stays private."""
    sign_in(client, "ther-a")
    entry = _add(client, world, "synthetic reflection nobody else shares")
    status, _ = _post(_browser(client, user), f"/journal/{entry.id}/share", {"shared": "true"})
    assert status == 403
    assert not next(e for e in _entries(world) if e.id == entry.id).shared


def test_share_refusal_is_about_the_journal_not_a_client(client: TestClient, world: World) -> None:
    """Another therapist sharing a session-linked entry gets the journal message, not a client's."""
    sign_in(client, "ther-a")
    entry = _add(client, world, "synthetic linked reflection", session_id=str(world.shared))
    status, body = _post(
        _browser(client, "ther-b"), f"/journal/{entry.id}/share", {"shared": "true"}
    )
    assert status == 403 and "reflection journal" in body and "caseload" not in body


@pytest.mark.parametrize("user", ["admin-web", "sup-a"])
def test_only_therapists_can_add(client: TestClient, world: World, user: str) -> None:
    """An administrator or supervisor posting an entry gets 403 and nothing is stored."""
    before = len(_entries(world))
    status, _ = _post(_browser(client, user), "/journal", {"text": "synthetic not theirs"})
    assert status == 403 and len(_entries(world)) == before


def test_unknown_entry_is_404(client: TestClient) -> None:
    """Sharing an entry id that does not exist answers 404."""
    sign_in(client, "ther-a")
    assert _post(client, "/journal/987654/share", {"shared": "true"})[0] == 404


def test_posts_without_csrf_token_are_refused(client: TestClient, world: World) -> None:
    """Adding or sharing without the CSRF token is 403 'Form refused' and changes nothing."""
    sign_in(client, "ther-a")
    entry = _add(client, world, "synthetic reflection csrf target")
    before = len(_entries(world))
    added = client.post("/journal", data={"text": "synthetic no token"})
    shared = client.post(f"/journal/{entry.id}/share", data={"shared": "true"})
    assert added.status_code == shared.status_code == 403 and "Form refused" in added.text
    assert len(_entries(world)) == before
    assert not next(e for e in _entries(world) if e.id == entry.id).shared


def test_prompts_are_those_of_the_recent_stored_sessions(client: TestClient, world: World) -> None:
    """?prompts=1 lists exactly the service's prompts for the most recent analysed sessions."""
    sign_in(client, "ther-a")
    assert "?prompts=1" in client.get("/journal").text
    actor = actor_of(world, "ther-a")
    recent = sorted(
        (s.id for s in services.list_sessions(world.database, actor, client_id=world.client_a)),
        reverse=True,
    )[:PROMPT_SESSIONS]
    expected = []
    for session_id in recent:
        if session_id == world.unanalysed:
            continue
        stored = services.stored_result(world.database, actor, session_id=session_id)
        expected += [p.text for p in reflection_prompts(stored.result)]
    page = client.get("/journal?prompts=1").text
    assert page.count('class="journal-prompt"') == len(expected)
    if not expected:
        assert "no prompts" in page


def test_each_prompt_has_its_own_answer_form(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A prompt is shown with its evidence and a form carrying the prompt and its session."""
    prompt = Sentence(
        "Around utterances 1–3 the client may have moved away.", (Evidence.utterance(2),)
    )
    monkeypatch.setattr(journal, "reflection_prompts", lambda *_a, **_k: [prompt])
    sign_in(client, "ther-a")
    page = client.get("/journal?prompts=1").text
    assert page.count('class="journal-prompt"') == 2  # shared and unshared; unanalysed has none
    assert "[evidence: utterance 2]" in page
    assert f'name="prompt" value="{prompt.text}"' in page
    assert f'name="session_id" value="{world.unshared}"' in page


def test_answering_a_prompt_keeps_the_prompt(client: TestClient, world: World) -> None:
    """An answer sent with a prompt and session stores both beside the text."""
    sign_in(client, "ther-a")
    entry = _add(
        client,
        world,
        "synthetic answer to a prompt",
        prompt="What was happening in the room?",
        session_id=str(world.shared),
    )
    assert (entry.prompt, entry.session_id) == ("What was happening in the room?", world.shared)
    assert "Prompt: What was happening in the room?" in client.get("/journal").text


def test_journal_text_is_never_logged(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Adding, a refused form, sharing and reading log no journal text."""
    caplog.set_level(logging.DEBUG)
    sign_in(client, "ther-a")
    entry = _add(client, world, SECRET_REFLECTION)
    _post(client, "/journal", {"text": SECRET_REFLECTION, "session_id": str(world.b_session)})
    _post(client, f"/journal/{entry.id}/share", {"shared": "true"})
    client.get("/journal?prompts=1")
    assert SECRET_REFLECTION in _browser(client, "sup-a").get("/journal").text
    assert _browser(client, "admin-web").get("/journal").status_code == 403  # logged refusal
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert caplog.records, "nothing was logged at all: the check would be empty"
    assert SECRET_REFLECTION not in logged and "violet kite" not in logged


ROUTES = [r for r in journal.router.routes if isinstance(r, APIRoute)]


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{sorted(r.methods)}{r.path}")
def test_routes_are_get_or_post_and_posts_check_csrf(route: APIRoute) -> None:
    """Each journal route is GET-only or POST-only, and every POST depends on the CSRF check."""
    assert route.methods in ({"GET"}, {"POST"})
    if route.methods == {"POST"}:
        assert check_csrf in [d.call for d in route.dependant.dependencies]


def test_supervisor_sees_a_link_only_to_sessions_they_may_open(
    client: TestClient, world: World
) -> None:
    """'About session N' links for the supervisor when N is shared with them, else plain text."""
    sign_in(client, "ther-a")
    about_shared = _add(client, world, "synthetic about shared", session_id=str(world.shared))
    about_private = _add(client, world, "synthetic about private", session_id=str(world.unshared))
    for entry in (about_shared, about_private):
        _post(client, f"/journal/{entry.id}/share", {"shared": "true"})
    page = _browser(client, "sup-a").get("/journal").text
    assert f'<a href="/sessions/{world.shared}">session {world.shared}</a>' in page
    assert f'href="/sessions/{world.unshared}"' not in page
    assert f"about session {world.unshared}" in page


@pytest.mark.parametrize("data", [{}, {"shared": "yes"}, {"shared": "maybe"}])
def test_share_entry_without_a_known_shared_value_is_400(
    client: TestClient, world: World, data: dict[str, str]
) -> None:
    """The journal share form takes shared=true/false like the session form; others are a 400."""
    sign_in(client, "ther-a")
    entry = _add(client, world, "synthetic entry to share badly")
    status, text = _post(client, f"/journal/{entry.id}/share", data)
    assert status == 400 and "Shared: send shared=true" in text
    assert not next(e for e in _entries(world) if e.id == entry.id).shared
