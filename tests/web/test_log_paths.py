"""Logs keep route words and record ids only: no query strings, no typed names (QA39 #6)."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from alliancelens.web.app import WEB_LOG, RedactPaths, loggable_path, redact_access_log

from .web_helpers import World, sign_in

#: An invented name typed into an address, looked for in the logs.
TYPED = "Evangelina-Stroud"


@pytest.mark.parametrize(
    ("target", "logged"),
    [
        (f"/clients/{TYPED}", "/clients/<redacted>"),
        ("/clients/1?name=Evangelina+Stroud", "/clients/1"),
        ("/clients/3/record-measure?measure=phq-9", "/clients/3/record-measure"),
        ("/clients/new", "/clients/new"),
        ("/journal/12/edit", "/journal/12/edit"),
        ("/f/s3cr3t-t0ken?x=1", "/f/<token>"),
        ("/login?expired=1", "/login"),
        ("/static/style.css", "/static/style.css"),
        (f"/static/{TYPED}.css", "/static/<redacted>"),
        (f"/sessions/4/{TYPED}", "/sessions/4/<redacted>"),
        (f"/{TYPED}/notes#top", "/<redacted>/<redacted>"),
        ("/", "/"),
    ],
)
def test_loggable_path(target: str, logged: str) -> None:
    """Known routes keep words and ids; anything else is redacted; queries are dropped."""
    assert loggable_path(target) == logged


def test_filter_rewrites_uvicorn_access_record() -> None:
    """uvicorn's access-log record keeps its five arguments, with the path reduced."""
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/clients/{TYPED}?q=Evangelina", "1.1", 404),
        None,
    )
    assert RedactPaths().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /clients/<redacted> HTTP/1.1" 404'


@pytest.mark.parametrize(
    "target",
    [
        f"/clients/{TYPED}",
        f"/sessions/{TYPED}",
        f"/clients/{TYPED}/consents",
        "/clients/999999?name=Evangelina",
    ],
)
def test_refused_addresses_are_logged_without_typed_words(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture, target: str
) -> None:
    """The dashboard's refusal lines never carry what was typed into the address."""
    del world  # the shared store must exist; the path is all that matters
    redact_access_log()
    caplog.set_level(logging.INFO, logger=WEB_LOG)
    sign_in(client, "ther-a")
    client.get(target)
    logged = [r.getMessage() for r in caplog.records if r.name == WEB_LOG]
    assert logged, "nothing was logged: the check would be empty"
    assert not any("Evangelina" in line or "?" in line for line in logged)


def test_redact_access_log_is_idempotent() -> None:
    """Calling it twice adds each filter once."""
    redact_access_log()
    redact_access_log()
    filters = logging.getLogger("uvicorn.access").filters
    assert sum(isinstance(f, RedactPaths) for f in filters) == 1
