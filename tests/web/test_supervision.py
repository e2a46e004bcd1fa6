"""Web: the supervisor's start page (grouped by client, linked forms), session page and refusals."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.domain import MeasureAdministration
from alliancelens.insights import RiskStatus
from alliancelens.measures import build_report, load_registry
from alliancelens.storage import ConsentKind
from alliancelens.web._render import TEMPLATES
from alliancelens.web._supervision_view import linked_forms, possible_count

from .web_helpers import World, actor_of, csrf_of, sign_in

#: Synthetic, written for these tests (nothing a risk screen would flag).
WALK = (
    "Therapist: How did the week with the new bus route go?\n"
    "Client: Slower than I hoped, I missed the first class twice.\n"
    "Therapist: So the timing has been getting in the way. What could make mornings easier?\n"
    "Client: Maybe packing the bag the night before, I could try that.\n"
)


@dataclass(frozen=True)
class Group:
    """A client of ther-a with three shared sessions (ORS falling) and one unlinked form."""

    client: int
    first: int
    second: int
    third: int


def _ors(world: World, client: int, day: int, session: int | None, value: str) -> None:
    services.record_measure(
        world.database,
        actor_of(world, "ther-a"),
        client_id=client,
        measure="ORS",
        items=[value] * 4,
        date=dt.date(2026, 9, day),
        session_id=session,
    )


@pytest.fixture(scope="module")
def group(world: World) -> Group:
    """Built once per module: three shared sessions with linked ORS forms, one unlinked form."""
    actor = actor_of(world, "ther-a")
    client = services.create_client(world.database, actor, name="Orla Penhallow").id
    for kind in ConsentKind:
        services.grant_consent(world.database, actor, client_id=client, kind=kind)
    path = world.database.settings.home / "walk.txt"
    path.write_text(WALK, encoding="utf-8")
    first, second, third = (
        services.import_transcript(
            world.database,
            actor,
            client_id=client,
            path=path,
            session_date=dt.date(2026, 9, d),
            allow_duplicate=True,  # one file stands for three sessions here
        ).session_ids[0]
        for d in (2, 9, 16)
    )
    for session in (first, second, third):
        services.share_session(world.database, actor, session_id=session)
    _ors(world, client, 2, first, "4.5")
    _ors(world, client, 9, second, "3.5")
    _ors(world, client, 12, None, "8.2")
    _ors(world, client, 16, third, "3")
    return Group(client, first, second, third)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_supervisor_home_groups_shared_sessions_by_client(client: TestClient, group: Group) -> None:
    """The start page heads a group per client, numbers its sessions and shows linked forms."""
    sign_in(client, "sup-a")
    page = _text(client.get("/").text)
    assert f"Client {group.client} · therapist ther-a · 3 shared sessions" in page
    assert f"Session {group.first} (shared session 1 of 3)" in page
    assert f"Session {group.second} (shared session 2 of 3)" in page
    assert "ORS 18.0" in page and "ORS 14.0" in page
    assert "ORS 32.8" not in page  # the form linked to no session stays with the therapist


def test_supervisor_none_flagged_carries_the_screening_caveat(
    client: TestClient, group: Group
) -> None:
    """A session without flags reads 'none flagged (a wording screen, not a risk assessment)'."""
    sign_in(client, "sup-a")
    assert "none flagged (a wording screen, not a risk assessment)" in _text(client.get("/").text)


@pytest.mark.parametrize(("possible", "shown"), [(0, False), (3, True)])
def test_risk_cell_counts_possible_items(possible: int, shown: bool) -> None:
    """'none flagged' gets a 'possible: N' link to the risk panel when the screen lists any."""
    macro = TEMPLATES.env.get_template("_risk_marker.html").module.risk_one  # type: ignore[attr-defined]
    cell = str(macro(RiskStatus("12", "none_flagged"), None, possible))
    assert ('href="/sessions/12#risk">possible: 3</a>' in cell) is shown


@pytest.mark.parametrize(
    ("summary", "count"),
    [
        ({}, 0),
        ({"risk_screening": {"possible": []}}, 0),
        ({"risk_screening": {"possible": [{}, {}]}}, 2),
    ],
)
def test_possible_count_reads_the_screening_summary(summary: dict[str, object], count: int) -> None:
    """The hint counts the screen's lower-confidence items (none when it did not run)."""
    assert possible_count(summary) == count


def test_supervisor_session_page_has_linked_forms_and_insights(
    client: TestClient, group: Group
) -> None:
    """A shared session shows its linked ORS (read-only), the withheld line and its insights."""
    sign_in(client, "sup-a")
    page = _text(client.get(f"/sessions/{group.second}").text)
    assert "Client-rated forms linked to this session (read-only) ORS 14.0" in page
    assert "Measures shown to supervisors: only the client-rated forms linked" in page
    assert "Insights for this session" in page
    assert "Talk statistics (who talked)" in page


def test_withdrawn_consent_is_named_where_sharing_is_shown(
    client: TestClient, world: World, group: Group
) -> None:
    """After withdrawal the therapist's session and client pages say supervisors cannot see it."""
    actor = actor_of(world, "ther-a")
    services.withdraw_consent(
        world.database, actor, client_id=group.client, kind=ConsentKind.SUPERVISION_SHARING
    )
    try:
        sign_in(client, "ther-a")
        expected = "not visible to supervisors: supervision-sharing consent withdrawn on"
        assert expected in _text(client.get(f"/sessions/{group.first}").text)
        assert expected in _text(client.get(f"/clients/{group.client}").text)
    finally:
        services.grant_consent(
            world.database, actor, client_id=group.client, kind=ConsentKind.SUPERVISION_SHARING
        )


@pytest.mark.parametrize("typed", ["", "seven", "-4", "2.5", "0"])
def test_open_box_mistake_is_a_field_error(client: TestClient, typed: str) -> None:
    """A non-whole number in 'Open a session by number' gives the form again naming the field."""
    sign_in(client, "sup-a")
    response = client.get("/sessions/open", params={"session_id": typed})
    assert response.status_code == 400
    assert 'href="#session_id">Session number: enter a whole number' in response.text


def test_open_box_whole_number_redirects(client: TestClient) -> None:
    """A whole number goes to that session's page (the page applies the policy)."""
    sign_in(client, "sup-a")
    response = client.get("/sessions/open", params={"session_id": "41"})
    assert response.status_code == 303 and response.headers["location"] == "/sessions/41"


@pytest.mark.parametrize("ticked", [{}, {"confirm": "yes"}])
def test_supervisor_delete_is_403_with_or_without_the_box(
    client: TestClient, group: Group, ticked: dict[str, str]
) -> None:
    """Permission is checked before the confirm box: a supervisor never hears 'tick the box'."""
    sign_in(client, "sup-a")
    token = csrf_of(client.get(f"/sessions/{group.first}").text)
    response = client.post(f"/sessions/{group.first}/delete", data={"csrf_token": token, **ticked})
    assert response.status_code == 403 and "tick the box" not in response.text


def test_admin_caseload_names_each_clients_therapist(client: TestClient, group: Group) -> None:
    """The administrator's 'All clients' table has a therapist column with sign-in names."""
    sign_in(client, "admin-web")
    page = client.get("/").text
    assert "<th>Therapist</th>" in page and "<td>ther-b</td>" in page


def test_gappy_series_shows_no_trajectory_and_says_why(client: TestClient, group: Group) -> None:
    """With one form withheld (linked to no session), no on-track status or drop is computed."""
    sign_in(client, "sup-a")
    page = _text(client.get("/").text)
    assert "not on track" not in page and "alliance drop" not in page
    assert "Change since intake, on-track status and trajectory alerts are not shown" in page


def test_supervisor_journal_names_the_therapist_by_sign_in_name(
    client: TestClient, world: World
) -> None:
    """A shared journal entry reads 'therapist ther-a', as the start page names them."""
    actor = actor_of(world, "ther-a")
    entry = services.add_journal_entry(
        world.database, actor, text="I rushed the ending again; slow down next time."
    )
    services.share_journal_entry(world.database, actor, entry_id=entry.id)
    sign_in(client, "sup-a")
    page = _text(client.get("/journal").text)
    assert f"Entry {entry.id}" in page and "therapist ther-a" in page
    assert "therapist user" not in page


def test_linked_forms_label_another_raters_form_of_the_session() -> None:
    """A session's caregiver ORS is listed as "(completed by caregiver)" next to the client's."""
    day = dt.date(2026, 6, 1)
    forms = [
        MeasureAdministration("c", day, "ors", (5.0,) * 4, "7"),
        MeasureAdministration("c", day, "ors", (3.0,) * 4, "7", completed_by="caregiver"),
    ]
    cells = linked_forms(build_report(forms, load_registry()), 7)
    assert [c.text for c in cells] == ["ORS 20.0", "ORS 12.0 (completed by caregiver)"]
