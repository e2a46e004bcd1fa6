"""Web: the outdated-analysis markers (caseload, client, session) and the session delete button."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.analysers.registry import available
from alliancelens.storage import ConsentKind

from .web_helpers import World, actor_of, csrf_of, sign_in

#: Synthetic, written for these tests: nothing a risk screen would flag.
CALM = (
    "Therapist: Where would you like to begin?\n"
    "Client: The choir concert went well and my sister came to hear it.\n"
    "Therapist: What was it like to have her there?\n"
    "Client: Lovely, we went for noodles afterwards.\n"
)


def _calm_client(world: World) -> tuple[int, int]:
    """A new client of ther-a with one analysed session whose risk screen flagged nothing."""
    actor = actor_of(world, "ther-a")
    client = services.create_client(world.database, actor, name="Nell Arbuthnot").id
    for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
        services.grant_consent(world.database, actor, client_id=client, kind=kind)
    path = world.database.settings.home / "calm.txt"
    path.write_text(CALM, encoding="utf-8")
    (session,) = services.import_transcript(
        world.database, actor, client_id=client, path=path
    ).session_ids
    return client, session


def test_outdated_risk_screen_is_marked_never_no_risk(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an analyser upgrade the caseload, client and session pages say 'older version'."""
    owner, session = _calm_client(world)
    sign_in(client, "ther-a")
    assert "No risk language flagged in 1 analysed session" in client.get(f"/clients/{owner}").text
    risk = available()["risk.language"]
    monkeypatch.setattr(risk, "version", risk.version + 1)
    page = client.get(f"/clients/{owner}").text
    assert "Risk language screened with an older version" in page
    assert "No risk language flagged" not in page
    assert f"session {session}: analysis made with an older analyser" in page
    assert "Risk language screened with an older version" in client.get("/").text
    view = client.get(f"/sessions/{session}").text
    assert "Screened with an older version" in view and "Re-analyse this session" in view


def test_session_delete_needs_csrf_confirmation_and_ownership(
    client: TestClient, world: World
) -> None:
    """Delete: 403 without CSRF or for another therapist, 400 unticked, else 303 and gone."""
    owner, session = _calm_client(world)
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{session}").text
    assert f"Delete session {session}" in page
    token = csrf_of(page)
    url = f"/sessions/{session}/delete"
    assert client.post(url, data={"confirm": "yes"}).status_code == 403
    assert client.post(url, data={"csrf_token": token}).status_code == 400
    other = TestClient(client.app, follow_redirects=False)
    sign_in(other, "ther-b")
    data = {"csrf_token": csrf_of(other.get("/").text), "confirm": "yes"}
    assert other.post(url, data=data).status_code == 403
    done = client.post(url, data={"csrf_token": token, "confirm": "yes"})
    assert done.status_code == 303 and done.headers["location"] == f"/clients/{owner}"
    assert client.get(f"/sessions/{session}").status_code == 404


def test_supervisor_start_page_marks_an_outdated_risk_screen_never_none_flagged(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shared session screened by an older risk analyser is not 'none flagged' for supervisors."""
    owner, session = _calm_client(world)
    therapist = actor_of(world, "ther-a")
    sharing = ConsentKind.SUPERVISION_SHARING
    services.grant_consent(world.database, therapist, client_id=owner, kind=sharing)
    services.share_session(world.database, therapist, session_id=session)
    sign_in(client, "sup-a")
    row = _supervision_row(client.get("/").text, session)
    assert "none flagged" in row and "older version" not in row
    risk = available()["risk.language"]
    monkeypatch.setattr(risk, "version", risk.version + 1)
    row = _supervision_row(client.get("/").text, session)
    assert "none flagged" not in row
    assert "screened with an older version" in row
    assert f"risk.language v{risk.version - 1}; current v{risk.version}" in row


def _supervision_row(html: str, session: int) -> str:
    """The supervisor start page's table row of ``session`` (its HTML)."""
    start = html.index(f'<a href="/sessions/{session}">Session {session}</a>')
    return html[start : html.index("</tr>", start)]


def test_client_page_insights_list_each_session_not_analysed(
    client: TestClient, world: World
) -> None:
    """The client page's insights name every unanalysed session, as `insights client:N` does."""
    owner, analysed = _calm_client(world)
    actor = actor_of(world, "ther-a")
    path = world.database.settings.home / "calm-later.txt"
    path.write_text(CALM.replace("choir concert", "pottery class"), encoding="utf-8")
    (waiting,) = services.import_transcript(
        world.database, actor, client_id=owner, path=path, analyse=False
    ).session_ids
    sign_in(client, "ther-a")
    html = client.get(f"/clients/{owner}").text
    insights = html[html.index("<h2>Insights") :]
    insights = insights[: insights.index("</section>")]
    assert "Session not analysed" in insights
    assert f"Session {waiting} has no stored analysis" in insights
    assert f"Session {analysed} has no stored analysis" not in insights
