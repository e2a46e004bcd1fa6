"""Errors map to HTTP status codes in one place (web._errors.status_for)."""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from alliancelens.errors import (
    AccessDeniedError,
    AllianceLensError,
    ConsentError,
    IngestError,
    ItemRangeError,
    KeyFileError,
    NotFoundError,
    QueueUnavailableError,
    StoreUnavailableError,
    UsageError,
)
from alliancelens.web._errors import NOT_FOUND_MESSAGE, UNAVAILABLE_MESSAGE, status_for
from alliancelens.web.app import WEB_LOG, configure_web_log

from .web_helpers import CLIENT_NAME, PASSWORD, World, csrf_of, sign_in


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (AccessDeniedError("no"), 403),
        (NotFoundError("gone"), 404),
        (ConsentError("missing consent"), 409),
        (KeyFileError("bad key"), 400),
        (UsageError("bad argument"), 400),
        (ItemRangeError("item 2 out of range"), 400),
        (IngestError("not a transcript", file="upload.txt"), 400),
        (AllianceLensError("unexpected"), 500),
        (StoreUnavailableError("database down"), 503),
        (QueueUnavailableError("redis down"), 503),
    ],
)
def test_status_for(error: AllianceLensError, status: int) -> None:
    """Each error class gets its documented HTTP status (anything unplanned is 500)."""
    assert status_for(error) == status


@pytest.mark.parametrize(
    "url", ["/no-such-page", "/clients/abc", f"/clients/{10**9}", f"/sessions/{10**9}"]
)
def test_error_pages_keep_the_signed_in_header(client: TestClient, url: str) -> None:
    """A 404 for an address or a record keeps the user, Journal link and Sign out."""
    sign_in(client, "ther-a")
    response = client.get(url)
    assert response.status_code == 404
    assert 'class="who">ther-a (therapist)' in response.text
    assert 'href="/journal"' in response.text and "Sign out" in response.text
    assert "Not Found" not in response.text  # Starlette's text is not used


HUGE = "7" * 24  # beyond the 64-bit integer range every record id is in


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", f"/clients/{HUGE}"),
        ("get", f"/sessions/{HUGE}"),
        ("get", f"/sessions/{HUGE}/note?format=soap"),
        ("post", f"/sessions/{HUGE}/share"),
        ("post", f"/journal/{HUGE}/share"),
    ],
)
def test_ids_beyond_64_bits_are_invalid_addresses(
    client: TestClient, method: str, url: str
) -> None:
    """An id no record can have is a 404 "not valid" page, like /clients/abc, never a 500."""
    sign_in(client, "ther-a")
    token = csrf_of(client.get("/").text)
    if method == "post":
        response = client.post(url, data={"csrf_token": token, "shared": "true"})
    else:
        response = client.get(url)
    assert response.status_code == 404
    assert NOT_FOUND_MESSAGE in response.text


def test_unknown_address_uses_the_apps_own_404_text(client: TestClient) -> None:
    """An unknown path says the app's own words, signed in or not."""
    response = client.get("/no-such-page")
    assert response.status_code == 404 and NOT_FOUND_MESSAGE in response.text


def test_refused_requests_are_logged_on_stderr_without_client_data(
    app: FastAPI, world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the app started, a refusal is one INFO line on stderr: method, path, code, status."""
    logger = logging.getLogger(WEB_LOG)
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    with TestClient(app, follow_redirects=False) as browser:
        sign_in(browser, "ther-b")
        assert browser.get(f"/clients/{world.client_a}").status_code == 403
        assert browser.get(f"/clients/{10**9}").status_code == 404
    err = capsys.readouterr().err
    assert f"INFO:     alliancelens.web: refused GET /clients/{world.client_a}: AL605 (403)" in err
    assert f"refused GET /clients/{10**9}: AL604 (404)" in err
    assert CLIENT_NAME not in err and "ther-b" not in err


def test_configure_web_log_keeps_an_operators_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """A level or handler set before start-up is kept; called twice, one handler is added."""
    logger = logging.getLogger(WEB_LOG)
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logging.WARNING)
    configure_web_log()
    configure_web_log()
    assert logger.level == logging.WARNING and len(logger.handlers) == 1


def test_database_down_at_sign_in_is_a_503_page_in_plain_words(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record store going away gives a 503 page that says so, never "Internal error"."""
    from alliancelens import services

    def down(*_args: object) -> None:
        raise StoreUnavailableError(
            "cannot connect to the database at postgresql://u:***@127.0.0.1:1/clinic"
        )

    monkeypatch.setattr(services, "authenticate", down)
    response = sign_in_response(TestClient(app, follow_redirects=False))
    assert response.status_code == 503 and UNAVAILABLE_MESSAGE in response.text
    assert "Internal error" not in response.text and "127.0.0.1" not in response.text


def sign_in_response(client: TestClient) -> httpx.Response:
    """The response to a sign-in form POST (``sign_in`` gives only its status)."""
    token = csrf_of(client.get("/login").text)
    data = {"username": "ther-a", "password": PASSWORD, "csrf_token": token}
    return client.post("/login", data=data)


@pytest.mark.parametrize(
    ("error", "word"),
    [
        (StoreUnavailableError("the database server went away"), "store unavailable"),
        (QueueUnavailableError("the queue server went away"), "queue unavailable"),
        (AccessDeniedError("not yours"), "refused"),
        (NotFoundError("no such thing"), "refused"),
        (AllianceLensError("something unplanned"), "failed"),
    ],
)
def test_log_word_tells_an_outage_from_a_refusal(error: AllianceLensError, word: str) -> None:
    """A 5xx outage is logged as unavailable/failed, never as "refused" (kept for 4xx)."""
    from alliancelens.web._errors import _outcome

    assert _outcome(error, status_for(error)) == word
