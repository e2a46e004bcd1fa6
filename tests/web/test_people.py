"""Adding a client and recording or withdrawing consents from the dashboard."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.storage import ConsentKind, ConsentRecord, people

from .web_helpers import TRANSCRIPT, World, actor_of, csrf_of, sign_in

NEW = "/clients/new"
CONSENTS = "/clients/{client}/consents"
WITHDRAW = "/clients/{client}/consents/withdraw"
#: Distinctive synthetic PHI typed into the add-client form: looked for in the logs.
NEW_NAME = "Ottoline Brackenridge-Suarez"
NEW_IDENTIFIER = "MRN-QX-80417"
FUTURE = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)).isoformat()


def _today() -> dt.date:
    """Today (UTC), read when a test runs: a module constant goes stale across midnight."""
    return dt.datetime.now(dt.UTC).date()


def _client_count(world: World) -> int:
    return len(services.list_clients(world.database, services.local_admin()))


def _history(world: World, client_id: int) -> list[ConsentRecord]:
    return services.consent_history(world.database, services.local_admin(), client_id=client_id)


def _fresh_client(world: World, owner: str = "ther-a") -> int:
    """A new client of ``owner`` without any consent (made through the service)."""
    actor = actor_of(world, owner)
    return services.create_client(world.database, actor, name="Synthetic Person").id


def _post(browser: TestClient, url: str, data: dict[str, str]) -> tuple[int, str, str]:
    """POST ``data`` with the session's CSRF token; status, body, Location."""
    csrf = csrf_of(browser.get("/clients/new").text)
    response = browser.post(url, data={"csrf_token": csrf, **data})
    return response.status_code, response.text, response.headers.get("location", "")


def _import(browser: TestClient, client_id: int) -> int:
    """Upload the synthetic transcript to the client's import action; the status."""
    csrf = csrf_of(browser.get("/clients/new").text)
    files = {"transcript": ("session.txt", TRANSCRIPT.encode())}
    data = {"csrf_token": csrf, "therapist_label": ""}
    response = browser.post(f"/clients/{client_id}/import", data=data, files=files)
    status: int = response.status_code
    return status


def test_caseload_links_to_the_add_form(client: TestClient) -> None:
    """The caseload offers 'Add a client' and /clients/new opens (not read as a client id)."""
    sign_in(client, "ther-a")
    assert 'href="/clients/new"' in client.get("/").text
    form = client.get(NEW)
    assert form.status_code == 200 and 'name="name"' in form.text
    assert 'name="therapist"' not in form.text  # a therapist owns what they add


def test_therapist_adds_a_client(client: TestClient, world: World) -> None:
    """A valid form stores the client for the therapist and lands on its page and caseload."""
    sign_in(client, "ther-a")
    data = {"name": NEW_NAME, "identifier": NEW_IDENTIFIER, "notes": "synthetic note"}
    status, _, location = _post(client, NEW, data)
    assert status == 303 and location.startswith("/clients/")
    client_id = int(location.rsplit("/", 1)[1])
    stored = services.get_client(world.database, services.local_admin(), client_id=client_id)
    assert (stored.name, stored.identifier, stored.notes) == (
        NEW_NAME,
        NEW_IDENTIFIER,
        "synthetic note",
    )
    assert stored.therapist_id == actor_of(world, "ther-a").user_id
    page = client.get(location)
    assert page.status_code == 200 and NEW_NAME in page.text
    assert f'href="/clients/{client_id}"' in client.get("/").text


def test_admin_adds_a_client_for_a_chosen_therapist(client: TestClient, world: World) -> None:
    """An administrator chooses the owning therapist from the list of therapists."""
    sign_in(client, "admin-web")
    form = client.get(NEW).text
    assert '<option value="ther-b"' in form and '<option value="sup-a"' not in form
    status, _, location = _post(client, NEW, {"name": "Synthetic Admin Add", "therapist": "ther-b"})
    assert status == 303
    client_id = int(location.rsplit("/", 1)[1])
    stored = services.get_client(world.database, services.local_admin(), client_id=client_id)
    assert stored.therapist_id == actor_of(world, "ther-b").user_id


@pytest.mark.parametrize(
    ("user", "data", "field"),
    [
        ("ther-a", {"name": ""}, "Name:"),
        ("ther-a", {"name": "   "}, "Name:"),
        ("ther-a", {"name": "x" * 201}, "Name:"),
        ("ther-a", {"name": "Synthetic", "identifier": "y" * 65}, "Identifier:"),
        ("admin-web", {"name": "Synthetic"}, "Therapist:"),
        ("admin-web", {"name": "Synthetic", "therapist": "nobody-here"}, "Therapist:"),
        ("admin-web", {"name": "Synthetic", "therapist": "sup-a"}, "Therapist:"),
    ],
)
def test_unusable_client_form_is_shown_again(
    client: TestClient, world: World, user: str, data: dict[str, str], field: str
) -> None:
    """An empty name, an over-long field or no/unknown therapist (admin): form again, no client."""
    sign_in(client, user)
    before = _client_count(world)
    status, text, _ = _post(client, NEW, data)
    assert status == 400 and field in text and 'action="/clients/new"' in text
    assert _client_count(world) == before


def test_consent_grant_lets_an_import_through(client: TestClient, world: World) -> None:
    """Without consent the import is refused; after recording both consents it is analysed."""
    client_id = _fresh_client(world)
    sign_in(client, "ther-a")
    assert _import(client, client_id) == 409
    for kind in ("recording", "analysis"):
        status, _, location = _post(
            client, CONSENTS.format(client=client_id), {"kind": kind, "date": ""}
        )
        assert status == 303 and location == f"/clients/{client_id}"
    history = _history(world, client_id)
    assert {(c.kind, c.granted_on, c.withdrawn_on) for c in history} == {
        (ConsentKind.RECORDING, _today(), None),
        (ConsentKind.ANALYSIS, _today(), None),
    }
    assert "withdraw analysis consent" in client.get(f"/clients/{client_id}").text
    assert _import(client, client_id) == 303


def test_consent_form_defaults_to_today(client: TestClient, world: World) -> None:
    """The client page's consent form offers every kind with today's date filled in."""
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{world.client_a}").text
    assert f'name="date" value="{_today().isoformat()}"' in page
    assert all(f'<option value="{kind.value}"' in page for kind in ConsentKind)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "analysis", "date": "31/12/2025"}, "Date:"),
        ({"kind": "analysis", "date": FUTURE}, "Date:"),
        ({"kind": "telepathy", "date": ""}, "Consent:"),
    ],
)
def test_unusable_consent_form_stores_nothing(
    client: TestClient, world: World, data: dict[str, str], field: str
) -> None:
    """A bad or future date or an unknown kind shows the consents page naming the field."""
    client_id = _fresh_client(world)
    sign_in(client, "ther-a")
    status, text, _ = _post(client, CONSENTS.format(client=client_id), data)
    assert status == 400 and field in text
    assert _history(world, client_id) == []


def test_withdraw_asks_then_records_the_withdrawal(client: TestClient, world: World) -> None:
    """The confirmation says what stops; confirming closes the grant and blocks imports."""
    client_id = _fresh_client(world)
    actor = actor_of(world, "ther-a")
    for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
        services.grant_consent(world.database, actor, client_id=client_id, kind=kind)
    sign_in(client, "ther-a")
    confirm = client.get(WITHDRAW.format(client=client_id), params={"kind": "analysis"})
    assert confirm.status_code == 200 and "No further analysis runs" in confirm.text
    assert ">Withdraw analysis consent</button>" in confirm.text
    status, _, location = _post(
        client, WITHDRAW.format(client=client_id), {"kind": "analysis", "date": ""}
    )
    assert status == 303 and location == f"/clients/{client_id}"
    analysis = [c for c in _history(world, client_id) if c.kind is ConsentKind.ANALYSIS]
    assert [c.withdrawn_on for c in analysis] == [_today()]
    history = client.get(CONSENTS.format(client=client_id)).text
    assert f"withdrawn {_today().isoformat()}" in history
    assert _import(client, client_id) == 409


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "supervision-sharing", "date": ""}, "no supervision-sharing consent in force"),
        ({"kind": "recording", "date": FUTURE}, "Date:"),
        ({"kind": "recording", "date": "2000-01-01"}, "Date: the consent was given on"),
    ],
)
def test_unusable_withdrawal_changes_nothing(
    client: TestClient, world: World, data: dict[str, str], message: str
) -> None:
    """Nothing in force, a future date or one before the grant: the confirmation again."""
    client_id = _fresh_client(world)
    actor = actor_of(world, "ther-a")
    services.grant_consent(world.database, actor, client_id=client_id, kind=ConsentKind.RECORDING)
    sign_in(client, "ther-a")
    status, text, _ = _post(client, WITHDRAW.format(client=client_id), data)
    assert status == 400 and message in text
    assert [c.withdrawn_on for c in _history(world, client_id)] == [None]


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (NEW, {"name": "Synthetic No Token"}),
        (CONSENTS, {"kind": "analysis", "date": ""}),
        (WITHDRAW, {"kind": "recording", "date": ""}),
    ],
)
def test_post_without_csrf_is_refused(
    client: TestClient, world: World, url: str, data: dict[str, str]
) -> None:
    """Every POST without the CSRF token gets 403 'Form refused' and changes nothing."""
    client_id = _fresh_client(world)
    services.grant_consent(
        world.database, actor_of(world, "ther-a"), client_id=client_id, kind=ConsentKind.RECORDING
    )
    sign_in(client, "ther-a")
    before = (_client_count(world), _history(world, client_id))
    response = client.post(url.format(client=client_id), data=data)
    assert response.status_code == 403 and "Form refused" in response.text
    assert (_client_count(world), _history(world, client_id)) == before


@pytest.mark.parametrize("user", ["sup-a", "sup-none", "client-a"])
@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("GET", NEW, {}),
        ("POST", NEW, {"name": "Synthetic Refused"}),
        ("GET", CONSENTS, {}),
        ("POST", CONSENTS, {"kind": "analysis", "date": ""}),
        ("GET", WITHDRAW + "?kind=analysis", {}),
        ("POST", WITHDRAW, {"kind": "analysis", "date": ""}),
    ],
)
def test_other_roles_are_refused(
    client: TestClient, world: World, *, user: str, method: str, url: str, data: dict[str, str]
) -> None:
    """Supervisors and client accounts get 403 on every action, and nothing changes."""
    sign_in(client, user)
    before = (_client_count(world), _history(world, world.client_a))
    csrf = csrf_of(client.get("/login").text)
    target = url.format(client=world.client_a)
    response = client.request(method, target, data={"csrf_token": csrf, **data} if data else None)
    assert response.status_code == 403
    assert (_client_count(world), _history(world, world.client_a)) == before


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("GET", CONSENTS, {}),
        ("POST", CONSENTS, {"kind": "analysis", "date": ""}),
        ("GET", WITHDRAW + "?kind=analysis", {}),
        ("POST", WITHDRAW, {"kind": "analysis", "date": ""}),
    ],
)
def test_other_therapists_client_is_refused(
    client: TestClient, world: World, method: str, url: str, data: dict[str, str]
) -> None:
    """Therapist B gets 403 on therapist A's client and 404 on an unknown one; nothing changes."""
    sign_in(client, "ther-b")
    csrf = csrf_of(client.get(NEW).text)
    before = _history(world, world.client_a)
    for client_id, status in ((world.client_a, 403), (999_999, 404)):
        body = {"csrf_token": csrf, **data} if data else None
        response = client.request(method, url.format(client=client_id), data=body)
        assert response.status_code == status
    assert _history(world, world.client_a) == before


def test_no_client_data_in_logs(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Adding a client, refused forms and consent changes log neither name nor identifier."""
    caplog.set_level(logging.DEBUG)
    sign_in(client, "ther-a")
    _post(client, NEW, {"name": NEW_NAME, "identifier": "z" * 65})  # refused: over-long
    sent = {"name": NEW_NAME, "identifier": NEW_IDENTIFIER, "confirm_duplicate": "1"}
    status, _, location = _post(client, NEW, sent)  # another test may have added them
    assert status == 303
    duplicate = {"name": NEW_NAME, "identifier": NEW_IDENTIFIER}
    assert _post(client, NEW, duplicate)[0] == 409  # the duplicate warning
    client_id = int(location.rsplit("/", 1)[1])
    _post(client, CONSENTS.format(client=client_id), {"kind": "recording", "date": ""})
    _post(client, WITHDRAW.format(client=client_id), {"kind": "recording", "date": ""})
    _post(client, WITHDRAW.format(client=client_id), {"kind": "recording", "date": ""})  # 400
    client.get(location)
    other = TestClient(client.app, follow_redirects=False)
    sign_in(other, "ther-b")
    assert other.get(CONSENTS.format(client=client_id)).status_code == 403  # logged as refused
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert caplog.records, "nothing was logged at all: the check would be empty"
    assert NEW_NAME not in logged and NEW_IDENTIFIER not in logged


def test_granting_a_consent_in_force_is_a_form_error(client: TestClient, world: World) -> None:
    """A second grant while one is in force: 400 on the consents page naming its date; one row."""
    client_id = _fresh_client(world)
    actor = actor_of(world, "ther-a")
    first = _today() - dt.timedelta(days=3)
    services.grant_consent(
        world.database, actor, client_id=client_id, kind=ConsentKind.RECORDING, on=first
    )
    sign_in(client, "ther-a")
    data = {"kind": "recording", "date": _today().isoformat()}
    status, text, _ = _post(client, CONSENTS.format(client=client_id), data)
    assert status == 400 and "Nothing was recorded" in text
    assert f"already recorded from {first.isoformat()}, so no second grant can be added" in text
    assert (
        "tick &#34;Correct the start date&#34;" in text or 'tick "Correct the start date"' in text
    )
    assert "--correct-start" not in text
    assert [c.granted_on for c in _history(world, client_id)] == [first]


def test_correct_start_on_the_form_moves_the_grant(client: TestClient, world: World) -> None:
    """QA29 #4: with "Correct the start date" ticked the open grant's start moves; no withdrawal."""
    client_id = _fresh_client(world)
    actor = actor_of(world, "ther-a")
    services.grant_consent(world.database, actor, client_id=client_id, kind=ConsentKind.ANALYSIS)
    earlier = _today() - dt.timedelta(days=21)
    sign_in(client, "ther-a")
    data = {"kind": "analysis", "date": earlier.isoformat(), "correct_start": "1"}
    status, _, location = _post(client, CONSENTS.format(client=client_id), data)
    assert (status, location) == (303, f"/clients/{client_id}")
    assert [(c.granted_on, c.withdrawn_on) for c in _history(world, client_id)] == [(earlier, None)]


def test_a_grant_starting_later_is_not_shown_as_in_force(client: TestClient, world: World) -> None:
    """QA27 #6: a stored grant from next year reads "not yet in force", never "In force"."""
    client_id = _fresh_client(world)
    later = _today() + dt.timedelta(days=300)
    with world.database.transaction() as db:  # as an old version could store it
        people.add_consent(
            db, client_id=client_id, kind=ConsentKind.RECORDING, granted_on=later, recorded_by="x"
        )
    sign_in(client, "ther-a")
    text = client.get(CONSENTS.format(client=client_id)).text
    assert "In force today" not in text and "No consent in force today." in text
    assert f"Not yet in force: recording (recorded from {later.isoformat()})" in text
    assert "<td>not yet in force</td>" in text


def test_withdraw_page_for_a_consent_not_in_force_offers_no_button(
    client: TestClient, world: World
) -> None:
    """The confirmation page of a consent not in force says so and has no withdraw button."""
    client_id = _fresh_client(world)
    sign_in(client, "ther-a")
    page = client.get(WITHDRAW.format(client=client_id), params={"kind": "supervision-sharing"})
    assert page.status_code == 200
    assert "no supervision-sharing consent in force" in page.text
    assert "<button" not in page.text.split('<main id="main"')[1]
