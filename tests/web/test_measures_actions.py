"""A therapist's measure actions from the client page: one-time form links and paper forms."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.measures import load_registry
from alliancelens.records import stored_administrations
from alliancelens.storage.records import SessionSummary
from alliancelens.web.routers import measures as measures_router

from .web_helpers import World, csrf_of, make_app, sign_in, unlabelled_controls

LINK = "/clients/{client}/form-link"
RECORD = "/clients/{client}/record-measure"
PAST = (dt.date.today() - dt.timedelta(days=3)).isoformat()


def _stored(world: World, measure: str) -> int:
    forms = stored_administrations(world.database, services.local_admin(), client_id=world.client_a)
    return sum(1 for form in forms if form.measure == measure)


def _gad7(**override: str) -> dict[str, str]:
    answers = {"measure": "gad-7", "date": PAST, **{f"item_{i}": "3" for i in range(1, 8)}}
    answers.update(override)
    return answers


def _post(browser: TestClient, url: str, data: dict[str, str]) -> tuple[int, str, str]:
    """POST ``data`` with the CSRF token of ``url``'s page; status, body, Location."""
    csrf = csrf_of(browser.get(url).text)
    response = browser.post(url, data={"csrf_token": csrf, **data})
    return response.status_code, response.text, response.headers.get("location", "")


def _link_path(html: str) -> str:
    found = re.search(r"(/f/[A-Za-z0-9_-]+)", html)
    assert found, "no form-link path on the page"
    return found.group(1)


def test_client_page_offers_both_actions(client: TestClient, world: World) -> None:
    """The client's page links to the form-link and the record-a-measure pages."""
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{world.client_a}").text
    assert LINK.format(client=world.client_a) in page
    assert RECORD.format(client=world.client_a) in page


def test_link_page_offers_only_administrable_measures(client: TestClient, world: World) -> None:
    """PHQ-9 and GAD-7 are offered for a link; the label-only SRS, ORS and WAI-SR are not."""
    sign_in(client, "ther-a")
    page = client.get(LINK.format(client=world.client_a)).text
    offered = set(re.findall(r'<option value="([a-z][a-z0-9-]*)"', page))
    assert offered == {"phq-9", "gad-7"}


def test_phq9_link_is_shown_once_and_redeemable(client: TestClient, world: World) -> None:
    """Creating a PHQ-9 link shows a /f/ path that opens the PHQ-9 form and takes answers."""
    sign_in(client, "ther-a")
    url = LINK.format(client=world.client_a)
    status, text, _ = _post(client, url, {"measure": "phq-9", "hours": "24"})
    assert status == 200 and "shown <strong>only now</strong>" in text
    path, before = _link_path(text), _stored(world, "phq-9")
    anonymous = TestClient(client.app, follow_redirects=False)
    form = anonymous.get(path)
    assert form.status_code == 200 and "PHQ-9" in form.text
    answers = {f"item_{i}": "0" for i in range(1, 10)}
    answered = anonymous.post(path, data={"csrf_token": csrf_of(form.text), **answers})
    assert answered.status_code == 200 and _stored(world, "phq-9") == before + 1


def test_link_full_address_uses_the_allowed_host(world: World) -> None:
    """The full address shown is on the (allowed) host the page was reached by."""
    browser = TestClient(
        make_app(world, allowed_hosts="dash.example.org"),
        base_url="http://dash.example.org:8765",
        follow_redirects=False,
    )
    sign_in(browser, "ther-a")
    url = LINK.format(client=world.client_a)
    status, text, _ = _post(browser, url, {"measure": "gad-7", "hours": "24"})
    assert status == 200
    assert f"http://dash.example.org:8765{_link_path(text)}</code>" in text


def test_label_only_measure_gets_no_link(client: TestClient, world: World) -> None:
    """Posting SRS anyway shows the service's licence message and makes no link."""
    sign_in(client, "ther-a")
    status, text, _ = _post(client, LINK.format(client=world.client_a), {"measure": "srs"})
    assert status == 400 and "cannot be given through a link" in text and "/f/" not in text


@pytest.mark.parametrize("hours", ["10000", "0", "5", "721", "abc", "72.0", "-24"])
def test_expiry_off_the_list_is_refused(client: TestClient, world: World, hours: str) -> None:
    """Only the offered expiry choices are accepted; the message names them, no CLI flag."""
    sign_in(client, "ther-a")
    data = {"measure": "gad-7", "hours": hours}
    status, text, _ = _post(client, LINK.format(client=world.client_a), data)
    assert status == 400 and "Expiry: choose one of 24, 72, 168, 720 hours" in text
    assert "/f/" not in text and "--hours" not in text


def test_recorded_gad7_shows_on_the_client_page(client: TestClient, world: World) -> None:
    """A complete GAD-7 is stored and the client page then shows its total on that date."""
    sign_in(client, "ther-a")
    before = _stored(world, "gad-7")
    data = _gad7(item_7="2")  # total 20
    status, _, location = _post(
        client, RECORD.format(client=world.client_a) + "?measure=gad-7", data
    )
    assert status == 303 and location == f"/clients/{world.client_a}"
    assert _stored(world, "gad-7") == before + 1
    page = client.get(location).text
    assert f"<tr><td>{PAST}</td><td></td><td>20</td>" in page


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"item_3": "5"}, "item 3 (Worrying too much) is outside 0–3"),
        ({"item_3": ""}, "Please enter item 3 (Worrying too much)"),
        ({"item_2": "x"}, "item 2 (Cannot stop worrying) is not a number"),
        ({"date": "2026-13-40"}, "Date: give the day the form was completed as YYYY-MM-DD"),
        ({"date": "2999-01-01"}, "Date: 2999-01-01 is in the future"),
    ],
)
def test_invalid_form_is_shown_again_and_nothing_stored(
    client: TestClient, world: World, override: dict[str, str], expected: str
) -> None:
    """A bad item or date shows the form again naming the field (and range); nothing stored."""
    sign_in(client, "ther-a")
    before = _stored(world, "gad-7")
    url = RECORD.format(client=world.client_a) + "?measure=gad-7"
    status, text, _ = _post(client, url, _gad7(**override))
    assert status == 400 and expected in text and "Nothing was stored" in text
    if override.get("item_3") is not None or "item_2" in override:
        assert "whole numbers from 0 to 3" in text
    assert _stored(world, "gad-7") == before


def test_duplicate_form_is_refused_unless_replace_is_ticked(
    client: TestClient, world: World
) -> None:
    """The same GAD-7 twice on one day is refused (400, nothing stored); Replace corrects it."""
    sign_in(client, "ther-a")
    url = RECORD.format(client=world.client_a) + "?measure=gad-7"
    day = (dt.date.today() - dt.timedelta(days=9)).isoformat()  # no other test uses this day
    before = _stored(world, "gad-7")
    assert _post(client, url, _gad7(date=day))[0] == 303
    status, text, _ = _post(client, url, _gad7(date=day, item_7="2"))
    assert status == 400 and "already records gad-7" in text and "Nothing was stored" in text
    assert _stored(world, "gad-7") == before + 1
    assert _post(client, url, {**_gad7(date=day, item_7="2"), "replace": "1"})[0] == 303
    assert _stored(world, "gad-7") == before + 1


def test_label_only_measure_shows_labels_not_wording(client: TestClient, world: World) -> None:
    """The SRS entry form names items by number and label and invents no item wording."""
    sign_in(client, "ther-a")
    page = client.get(RECORD.format(client=world.client_a) + "?measure=srs").text
    assert "item 1 (Relationship)" in page and "item 2 (Goals and Topics)" in page
    assert '<legend id="item_1-legend">item 1 (Relationship)</legend>' in page


@pytest.mark.parametrize("path", [LINK, RECORD])
def test_post_without_csrf_is_refused(client: TestClient, world: World, path: str) -> None:
    """A POST without the CSRF token is a 403 and stores nothing."""
    sign_in(client, "ther-a")
    before = _stored(world, "gad-7")
    response = client.post(path.format(client=world.client_a), data=_gad7(hours="24"))
    assert response.status_code == 403 and "Form refused" in response.text
    assert "/f/" not in response.text and _stored(world, "gad-7") == before


ROLES = [("ther-b", 403), ("sup-a", 403), ("sup-none", 403), ("client-a", 403), (None, 303)]


@pytest.mark.parametrize("path", [LINK, RECORD])
@pytest.mark.parametrize(("user", "status"), ROLES)
def test_other_roles_cannot_act(
    app: FastAPI, world: World, path: str, user: str | None, status: int
) -> None:
    """Other therapists, supervisors and client accounts get 403 (anonymous: sign-in)."""
    browser = TestClient(app, follow_redirects=False)
    if user is not None:
        sign_in(browser, user)
    url = path.format(client=world.client_a)
    assert browser.get(url).status_code == status
    csrf = csrf_of(browser.get("/login").text)
    before = _stored(world, "gad-7")
    response = browser.post(url, data={"csrf_token": csrf, **_gad7(hours="24")})
    assert response.status_code == status and "/f/" not in response.text
    assert _stored(world, "gad-7") == before


def test_admin_may_create_a_link(client: TestClient, world: World) -> None:
    """An administrator may create a link for any client (the policy allows it)."""
    sign_in(client, "admin-web")
    status, text, _ = _post(client, LINK.format(client=world.client_b), {"measure": "gad-7"})
    assert status == 200 and _link_path(text).startswith("/f/")


def test_unknown_client_is_404(client: TestClient) -> None:
    """Both pages answer 404 for a client id that does not exist."""
    sign_in(client, "ther-a")
    assert client.get(LINK.format(client=987654)).status_code == 404
    assert client.get(RECORD.format(client=987654)).status_code == 404


def test_token_never_logged(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """No server log record written while creating and redeeming a link contains its token."""
    sign_in(client, "ther-a")
    with caplog.at_level(logging.DEBUG):
        _, text, _ = _post(client, LINK.format(client=world.client_a), {"measure": "gad-7"})
        path = _link_path(text)
        client.get(path)
        client.post(path, data={"csrf_token": csrf_of(text), "item_1": "9"})
    token = path.removeprefix("/f/")
    served = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert token not in "\n".join(r.getMessage() for r in served)


@pytest.mark.parametrize("measure", ["srs", "ors", "phq-9", "gad-7", "wai-sr"])
def test_measures_without_prorating_never_invite_na(
    client: TestClient, world: World, measure: str
) -> None:
    """A measure whose manual allows no missing item offers no NA, in the page or its messages."""
    sign_in(client, "ther-a")
    url = RECORD.format(client=world.client_a) + f"?measure={measure}"
    page = client.get(url).text
    assert not _mentions_na(page) and "every item is needed" in page
    status, text, _ = _post(client, url, {"measure": measure, "date": PAST})
    assert status == 400 and "Please enter item 1" in text and not _mentions_na(text)


def _mentions_na(page: str) -> bool:
    """Whether the page body says "NA" as a word, outside attribute values (the CSRF token)."""
    body = re.sub(r'="[^"]*"', '=""', page.split('<main id="main"')[1])
    return re.search(r"\bNA\b", body) is not None


def test_prorating_measure_mentions_na() -> None:
    """Only a measure that prorates mentions NA in the missing-item message."""
    defn = load_registry().get("gad-7")
    prorating = dataclasses.replace(
        defn, prorating=dataclasses.replace(defn.prorating, max_missing=1)
    )
    assert (
        "NA if the client left it blank"
        in measures_router._item_errors(prorating, [""] * 7)[0].text
    )
    assert "NA" not in measures_router._item_errors(defn, [""] * 7)[0].text


def test_label_only_measure_link_names_the_paper_form_not_the_cli(
    client: TestClient, world: World
) -> None:
    """Asking for an SRS link says to record paper scores on the page; no CLI command."""
    sign_in(client, "ther-a")
    status, text, _ = _post(client, LINK.format(client=world.client_a), {"measure": "srs"})
    assert status == 400 and "Record a measure" in text and "alliancelens " not in text


@pytest.mark.parametrize("measure", ["phq-9", "srs", "wai-sr"])
def test_every_record_control_has_an_accessible_name(
    client: TestClient, world: World, measure: str
) -> None:
    """Each item control is named by its legend (aria-labelledby), as is every other control."""
    sign_in(client, "ther-a")
    page = client.get(RECORD.format(client=world.client_a) + f"?measure={measure}").text
    assert unlabelled_controls(page) == []
    assert re.search(r'<(select|input) id="item_1"[^>]*aria-labelledby="item_1-legend', page)


def test_missing_item_error_is_tied_to_its_control(client: TestClient, world: World) -> None:
    """The error summary links to the empty item's control, marked invalid and described."""
    sign_in(client, "ther-a")
    url = RECORD.format(client=world.client_a) + "?measure=gad-7"
    data = _gad7()
    del data["item_3"]
    status, text, _ = _post(client, url, data)
    assert status == 400 and '<li id="error-item_3"><a href="#item_3">Please enter item 3' in text
    assert 'aria-invalid="true" aria-describedby="error-item_3"' in text
    assert '<p id="error-summary-title">Nothing was stored:</p>' in text


def test_out_of_range_error_from_the_service_names_its_item_control(
    client: TestClient, world: World
) -> None:
    """An out-of-range answer refused by scoring is tied to the item it names, and the date too."""
    sign_in(client, "ther-a")
    url = RECORD.format(client=world.client_a) + "?measure=gad-7"
    status, text, _ = _post(client, url, _gad7(item_2="9"))
    assert status == 400 and '<a href="#item_2">' in text
    status, text, _ = _post(client, url, _gad7(date="2999-01-01"))
    assert status == 400 and '<a href="#date">Date: 2999-01-01 is in the future' in text


def test_wai_sr_without_anchor_words_says_so(client: TestClient, world: World) -> None:
    """A whole-number scale whose anchor words are not shipped says to use the paper's labels."""
    sign_in(client, "ther-a")
    page = client.get(RECORD.format(client=world.client_a) + "?measure=wai-sr").text
    assert "anchor words are not shipped" in page


def test_form_link_result_heading_uses_the_measures_short_name(
    client: TestClient, world: World
) -> None:
    """The created-link page's heading and title say "GAD-7", not the internal name."""
    sign_in(client, "ther-a")
    url = LINK.format(client=world.client_a)
    status, text, _ = _post(client, url, {"measure": "gad-7", "hours": "24"})
    assert status == 200 and "<h1>GAD-7 form link created</h1>" in text
    assert "<title>GAD-7 form link created" in text


def _srs_form(marks: str, day: dt.date, **extra: str) -> dict[str, str]:
    return {
        "measure": "srs",
        "date": day.isoformat(),
        **{f"item_{i}": marks for i in range(1, 5)},
        **extra,
    }


def test_record_form_stores_population_and_respondent(client: TestClient, world: World) -> None:
    """The form offers population and 'completed by'; both are stored with the form."""
    sign_in(client, "ther-a")
    url = RECORD.format(client=world.client_a) + "?measure=srs"
    page = client.get(url).text
    assert 'name="population"' in page and 'name="completed_by"' in page
    day = dt.date.today() - dt.timedelta(days=40)
    data = _srs_form("9.6", day, population="adolescent", completed_by="caregiver")
    assert _post(client, url, data)[0] == 303
    forms = stored_administrations(world.database, services.local_admin(), client_id=world.client_a)
    (stored,) = [f for f in forms if f.measure == "srs" and f.date == day]
    assert (stored.population, stored.completed_by) == ("adolescent", "caregiver")


def test_record_form_stores_a_caregivers_form_next_to_the_clients(
    client: TestClient, world: World
) -> None:
    """A caregiver's form of the client's date is stored (303); the same rater's again is 400."""
    sign_in(client, "ther-a")
    url = RECORD.format(client=world.client_a) + "?measure=srs"
    day = dt.date.today() - dt.timedelta(days=41)
    assert _post(client, url, _srs_form("9.6", day, population="adolescent"))[0] == 303
    parent = _srs_form("8.1", day, population="caregiver", completed_by="caregiver")
    assert _post(client, url, parent)[0] == 303
    assert _post(client, url, parent)[0] == 400
    forms = stored_administrations(world.database, services.local_admin(), client_id=world.client_a)
    raters = sorted(f.completed_by for f in forms if f.measure == "srs" and f.date == day)
    assert raters == ["caregiver", "client"]


def test_recorded_drop_shows_as_an_alert_on_the_client_page(
    client: TestClient, world: World
) -> None:
    """A second SRS one point lower (still above 36) appears as an alliance_drop alert."""
    sign_in(client, "ther-a")
    url = RECORD.format(client=world.client_a) + "?measure=srs"
    today = dt.date.today()
    assert _post(client, url, _srs_form("9.9", today - dt.timedelta(days=2)))[0] == 303
    status, _, location = _post(client, url, _srs_form("9.6", today - dt.timedelta(days=1)))
    assert status == 303
    page = client.get(location).text
    assert "SRS total went from 39.6" in page and "to 38.4" in page


def test_record_form_offers_the_clients_sessions_and_not_linked(
    client: TestClient, world: World
) -> None:
    """The session choice lists this client's sessions newest first, never another client's."""
    sign_in(client, "ther-a")
    page = client.get(RECORD.format(client=world.client_a) + "?measure=srs").text
    assert 'name="session"' in page and "not linked to a session" in page
    offered = [int(v) for v in re.findall(r'<option value="(\d+)"[^>]*>session \d+', page)]
    assert set(offered) == {world.shared, world.unshared, world.unanalysed}
    assert offered == sorted(offered, reverse=True)  # same (undated) day: newest id first
    assert f'value="{world.b_session}">session' not in page


def test_record_form_links_the_chosen_session(client: TestClient, world: World) -> None:
    """A form recorded with a session choice is stored linked to it and shows on its page."""
    sign_in(client, "ther-a")
    url = RECORD.format(client=world.client_a) + "?measure=srs"
    day = dt.date.today() - dt.timedelta(days=52)
    data = _srs_form("9.2", day, session=str(world.unshared))
    assert _post(client, url, data)[0] == 303
    forms = stored_administrations(world.database, services.local_admin(), client_id=world.client_a)
    (stored,) = [f for f in forms if f.measure == "srs" and f.date == day]
    assert stored.session == str(world.unshared)
    assert "No measure form is linked" not in client.get(f"/sessions/{world.unshared}").text


@pytest.mark.parametrize("choice", ["foreign", "zzz", "999999"])
def test_record_form_refuses_a_session_not_of_this_client(
    client: TestClient, world: World, choice: str
) -> None:
    """Another client's session, a word or an unknown id: the form again (400), nothing stored."""
    sign_in(client, "ther-a")
    url = RECORD.format(client=world.client_a) + "?measure=srs"
    day = dt.date.today() - dt.timedelta(days=53)
    value = str(world.b_session) if choice == "foreign" else choice
    status, text, _ = _post(client, url, _srs_form("9.2", day, session=value))
    assert status == 400 and "Nothing was stored" in text
    assert text.count("Session: choose one of this client&#39;s sessions") == 1
    forms = stored_administrations(world.database, services.local_admin(), client_id=world.client_a)
    assert not [f for f in forms if f.date == day]


def _summary(session_id: int, day: dt.date | None) -> SessionSummary:
    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return SessionSummary(session_id, 1, "text", 4, stamp, None, False, False, day)


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ([dt.date(2026, 3, 2), dt.date(2026, 3, 9)], 1),  # exactly one on the form's date
        ([dt.date(2026, 3, 2), dt.date(2026, 3, 2)], None),  # two that day: not guessed
        ([dt.date(2026, 3, 9), None], None),  # none that day (an undated one never matches)
    ],
)
def test_default_session_choice_is_the_one_session_of_that_day(
    dates: list[dt.date | None], expected: int | None
) -> None:
    """The default links the only session dated the form's day; zero or several: not linked."""
    sessions = [_summary(n, day) for n, day in enumerate(dates, start=1)]
    chosen = measures_router._chosen_session(
        measures_router.SAME_DAY, sessions, dt.date(2026, 3, 2)
    )
    assert chosen == (expected, None)


def test_decimal_comma_is_read_as_a_decimal_point(client: TestClient, world: World) -> None:
    """An SRS mark typed as 7,4 is stored as 7.4 (keyboards that write a decimal comma)."""
    sign_in(client, "ther-a")
    url = RECORD.format(client=world.client_a) + "?measure=srs"
    day = dt.date.today() - dt.timedelta(days=54)
    assert _post(client, url, _srs_form("7,4", day, session="none"))[0] == 303
    forms = stored_administrations(world.database, services.local_admin(), client_id=world.client_a)
    (stored,) = [f for f in forms if f.measure == "srs" and f.date == day]
    assert stored.session is None
    assert stored.responses == (7.4, 7.4, 7.4, 7.4)


def test_every_bad_item_is_reported_not_only_the_first(client: TestClient, world: World) -> None:
    """Two out-of-range items and one non-number: three messages, each on its own item."""
    sign_in(client, "ther-a")
    url = RECORD.format(client=world.client_a) + "?measure=gad-7"
    status, text, _ = _post(client, url, _gad7(item_1="4", item_4="-1", item_6="often"))
    assert status == 400 and "Nothing was stored" in text
    for item in ("item 1 (", "item 4 (", "item 6 ("):
        assert f"GAD-7 {item}" in text
    assert 'id="item_2" ' in text and 'aria-invalid="true"' in text
