"""A client's one-time form link: render, submit once, expired/used/unknown, invalid answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.config import DEFAULT_CRISIS_TEXT
from alliancelens.records import stored_administrations

from .web_helpers import World, csrf_of, make_app

GAD7_TEXT_1 = "Feeling nervous, anxious, or on edge"  # the shipped, licensed GAD-7 wording


def _link(world: World, *, hours: float = 72, now: dt.datetime | None = None) -> str:
    owner = services.local_admin()
    link = services.create_form_link(
        world.database, owner, client_id=world.client_b, measure="GAD7", hours=hours, now=now
    )
    return link.token


def _stored(world: World) -> int:
    return len(
        stored_administrations(world.database, services.local_admin(), client_id=world.client_b)
    )


def _answers(**override: str) -> dict[str, str]:
    answers = {f"item_{i}": "1" for i in range(1, 8)}
    answers.update(override)
    return answers


def _submit(client: TestClient, token: str, answers: dict[str, str]) -> tuple[int, str]:
    csrf = csrf_of(client.get(f"/f/{token}").text)
    response = client.post(f"/f/{token}", data={"csrf_token": csrf, **answers})
    return response.status_code, response.text


def test_form_shows_the_measures_own_wording(client: TestClient, world: World) -> None:
    """The page shows the item wording open_form_link returns, with the anchor labels."""
    page = client.get(f"/f/{_link(world)}")
    assert page.status_code == 200
    assert GAD7_TEXT_1 in page.text and "Nearly every day" in page.text


def test_submission_is_stored_once_and_the_link_is_then_gone(
    client: TestClient, world: World
) -> None:
    """A complete form is stored; the same link then answers 410 and stores nothing more."""
    token, before = _link(world), _stored(world)
    status, text = _submit(client, token, _answers())
    assert status == 200 and "Thank you" in text and _stored(world) == before + 1
    again = client.get(f"/f/{token}")
    assert again.status_code == 410 and "ask your therapist for a new link" in again.text.lower()
    csrf = csrf_of(client.get("/login").text)  # the gone page has no form: any page's token
    response = client.post(f"/f/{token}", data={"csrf_token": csrf, **_answers()})
    assert response.status_code == 410 and _stored(world) == before + 1


def test_expired_link_is_gone(client: TestClient, world: World) -> None:
    """A link past its expiry answers 410 with what to do."""
    token = _link(world, hours=1, now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))
    response = client.get(f"/f/{token}")
    assert response.status_code == 410 and "expired" in response.text


def test_unknown_link_is_not_found(client: TestClient) -> None:
    """A token that was never issued answers 404 and says to ask for a new link."""
    response = client.get("/f/not-a-real-token")
    assert response.status_code == 404 and "new link" in response.text


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        (_answers(item_3=""), "item 3 (Worrying too much)"),
        (_answers(item_5="7"), "item 5 (Restless)"),
        (_answers(item_2="two"), "item 2 (Cannot stop worrying)"),
    ],
    ids=["missing", "out-of-range", "not-a-number"],
)
def test_invalid_answers_show_the_form_again_and_store_nothing(
    client: TestClient, world: World, answers: dict[str, str], named: str
) -> None:
    """A missing or out-of-range answer re-shows the form naming item and range; nothing stored."""
    token, before = _link(world), _stored(world)
    status, text = _submit(client, token, answers)
    assert status == 400 and named in text and "whole numbers from 0 to 3" in text
    assert _stored(world) == before
    assert client.get(f"/f/{token}").status_code == 200  # the link is still usable


def test_form_post_without_csrf_token_stores_nothing(client: TestClient, world: World) -> None:
    """A POST without the page's CSRF token is refused (403) and uses nothing up."""
    token, before = _link(world), _stored(world)
    client.get(f"/f/{token}")
    assert client.post(f"/f/{token}", data=_answers()).status_code == 403
    assert _stored(world) == before


def test_form_pages_keep_the_token_out_of_logs(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """No log record written while serving a form link contains its token."""
    token = _link(world)
    with caplog.at_level(logging.DEBUG):
        _submit(client, token, _answers(item_1=""))
        client.get("/f/unknown-token-value")
    # The test's own HTTP client (httpx) logs the URLs it requests: only the server's logs count.
    served = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert any("/f/<token>" in r.getMessage() for r in served), "no redacted line was logged"
    assert token not in "\n".join(r.getMessage() for r in served)


def test_many_unknown_tokens_from_one_address_are_throttled(world: World) -> None:
    """After form_link_attempts unknown tokens the address gets 429, even for a valid link."""
    browser = TestClient(make_app(world, form_link_attempts=3), follow_redirects=False)
    assert [browser.get(f"/f/guess-{n}").status_code for n in range(3)] == [404] * 3
    response = browser.get(f"/f/{_link(world)}")
    assert response.status_code == 429 and "Too many invalid form links" in response.text


def _phq9_link(world: World) -> str:
    owner = services.local_admin()
    link = services.create_form_link(
        world.database, owner, client_id=world.client_b, measure="PHQ9", hours=24
    )
    return link.token


def test_form_says_answers_are_not_read_in_real_time_and_where_to_get_help(
    client: TestClient, world: World
) -> None:
    """Before sending, the client form says answers are not read now and gives the crisis text."""
    page = client.get(f"/f/{_link(world)}").text
    assert "not read in real time" in page and DEFAULT_CRISIS_TEXT in page
    assert page.index(DEFAULT_CRISIS_TEXT) < page.index('<form method="post"')


def test_thank_you_page_repeats_the_urgent_help_text(client: TestClient, world: World) -> None:
    """After sending, the thank-you page still says where to get urgent help."""
    status, text = _submit(client, _link(world), _answers())
    assert status == 200 and "not read in real time" in text and DEFAULT_CRISIS_TEXT in text
    assert 'class="urgent-help"' not in text  # GAD-7 has no safety item


@pytest.mark.parametrize(("item_9", "urgent"), [("0", False), ("1", True), ("3", True)])
def test_phq9_item_9_above_0_shows_urgent_help_first(
    client: TestClient, world: World, item_9: str, urgent: bool
) -> None:
    """PHQ-9 item 9 above 0 puts the urgent-help text in a prominent alert, without a diagnosis."""
    answers = {f"item_{i}": "0" for i in range(1, 9)} | {"item_9": item_9}
    status, text = _submit(client, _phq9_link(world), answers)
    assert status == 200 and ('class="urgent-help" role="alert"' in text) is urgent
    if urgent:
        alert = text[
            text.index('class="urgent-help"') : text.index("</div>", text.index("urgent-help"))
        ]
        assert DEFAULT_CRISIS_TEXT in alert and "not now" in alert
        assert "suicid" not in text.lower() and "risk" not in text.lower()


def test_crisis_text_is_the_clinics_setting(world: World) -> None:
    """ALLIANCELENS_CRISIS_TEXT replaces the default line on the client's form."""
    settings = world.database.settings.model_copy(update={"crisis_text": "Call Synthline 0100."})
    database = dataclasses.replace(world.database, settings=settings)
    app = make_app(dataclasses.replace(world, database=database))
    page = TestClient(app).get(f"/f/{_link(world)}").text
    assert "Call Synthline 0100." in page and DEFAULT_CRISIS_TEXT not in page


def test_missing_answer_error_links_to_its_item(client: TestClient, world: World) -> None:
    """A missing answer's message links to the item's group, which is marked invalid."""
    answers = _answers()
    del answers["item_3"]
    status, text = _submit(client, _link(world), answers)
    assert status == 400 and '<li id="error-item-3"><a href="#item-3">' in text
    assert 'id="item-3" aria-invalid="true" aria-describedby="error-item-3"' in text
