"""Consent facts on dashboard pages: who recorded a grant; sessions outside recording consent."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.storage import ConsentKind, ConsentRecord
from alliancelens.web._consent_view import recorded_by_text, uncovered_sessions

from .web_helpers import World, actor_of, csrf_of, sign_in

#: Synthetic transcript of this module's uploads.
LINES = (
    "Therapist: What has the fortnight with the allotment been like?\n"
    "Client: Muddy, mostly, and I kept putting off the seed order.\n"
    "Therapist: Putting it off, even though part of you wants it done.\n"
    "Client: Yes. I think I will order on Friday.\n"
)


def _grant(kind: ConsentKind, start: str, end: str | None = None) -> ConsentRecord:
    return ConsentRecord(
        id=1,
        client_id=1,
        kind=kind,
        granted_on=dt.date.fromisoformat(start),
        withdrawn_on=dt.date.fromisoformat(end) if end else None,
        recorded_by="user:3",
    )


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("user:3", "mkaur"),
        ("user:8", "another user (#8)"),
        ("local:ops", "ops (command line)"),
        ("service", "service"),
    ],
)
def test_recorded_by_reads_as_a_name(label: str, expected: str) -> None:
    """A known label becomes the sign-in name; a CLI grant names the OS user; never bare user:N."""
    assert recorded_by_text(label, {"user:3": "mkaur"}) == expected


@pytest.mark.parametrize(
    ("day", "covered"),
    [("2026-02-27", False), ("2026-03-01", True), ("2026-04-10", True), ("2026-04-11", False)],
    ids=["before-start", "on-start", "last-day", "after-withdrawal"],
)
def test_uncovered_sessions_follow_the_recording_grant(day: str, covered: bool) -> None:
    """Only a recording grant in force on the session date covers it; other kinds do not."""
    grants = [
        _grant(ConsentKind.RECORDING, "2026-03-01", "2026-04-11"),
        _grant(ConsentKind.ANALYSIS, "2026-01-01"),
    ]
    found = uncovered_sessions(grants, [(5, dt.date.fromisoformat(day)), (6, None)])
    assert found == (() if covered else (5,))


def _upload(client: TestClient, client_id: int, date: str, tag: str) -> str:
    token = csrf_of(client.get("/").text)
    response = client.post(
        f"/clients/{client_id}/import",
        data={"csrf_token": token, "session_date": date, "therapist_label": ""},
        files={"transcript": ("visit.txt", (LINES + f"Therapist: Bye ({tag}).\n").encode())},
    )
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def test_upload_dated_before_consent_warns_until_the_start_is_corrected(
    client: TestClient, world: World
) -> None:
    """The session and client pages warn with the web correction; a corrected start clears it."""
    ther = actor_of(world, "ther-a")
    new = services.create_client(world.database, ther, name="Orsolya Brandt").id
    for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
        services.grant_consent(world.database, ther, client_id=new, kind=kind)
    sign_in(client, "ther-a")
    location = _upload(client, new, "2026-01-12", "early")
    session_id = location.rsplit("/", 1)[1]
    for page in (client.get(location).text, client.get(f"/clients/{new}").text):
        assert f"Session {session_id} is dated outside client {new}" in page
        assert "Correct the start date" in page and "--correct-start" not in page
        assert f'href="/clients/{new}/consents"' in page
    services.grant_consent(
        world.database,
        ther,
        client_id=new,
        kind=ConsentKind.RECORDING,
        on=dt.date(2026, 1, 5),
        correct_start=True,
    )
    assert "dated outside" not in client.get(location).text
    assert "dated outside" not in client.get(f"/clients/{new}").text


def test_upload_on_a_covered_date_has_no_warning(client: TestClient, world: World) -> None:
    """A session on a day the recording consent was in force shows no consent warning."""
    sign_in(client, "ther-a")
    location = _upload(client, world.client_a, dt.date.today().isoformat(), "covered")
    assert "dated outside" not in client.get(location).text


def test_supervisor_sees_no_consent_warning(client: TestClient, world: World) -> None:
    """A supervisor (who may not view consents) gets the shared session without the warning."""
    sign_in(client, "sup-a")
    page = client.get(f"/sessions/{world.shared}")
    assert page.status_code == 200 and "dated outside" not in page.text


def test_consent_history_names_the_user_who_recorded(client: TestClient, world: World) -> None:
    """The history shows the therapist's sign-in name, never the audit label user:N."""
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{world.client_a}/consents").text
    table = page[page.index("Recorded by") : page.index("</table>")]
    assert "ther-a" in table and "user:" not in table


def test_admin_sees_every_recorder_by_name(client: TestClient, world: World) -> None:
    """An administrator sees the therapist's name for grants that therapist recorded."""
    sign_in(client, "admin-web")
    page = client.get(f"/clients/{world.client_b}/consents").text
    table = page[page.index("Recorded by") : page.index("</table>")]
    assert "ther-b" in table and "user:" not in table


def test_consent_needed_page_links_to_the_clients_page(client: TestClient, world: World) -> None:
    """The 409 of an upload without consent links to the client's Consents section."""
    ther = actor_of(world, "ther-a")
    new = services.create_client(world.database, ther, name="Lucan Featherstone").id
    sign_in(client, "ther-a")
    token = csrf_of(client.get("/").text)
    response = client.post(
        f"/clients/{new}/import",
        data={"csrf_token": token, "session_date": "", "therapist_label": ""},
        files={"transcript": ("visit.txt", LINES.encode())},
    )
    assert response.status_code == 409
    assert f'href="/clients/{new}#consents"' in response.text
