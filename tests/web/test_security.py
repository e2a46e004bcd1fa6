"""Throttles, form-token log redaction and full addresses (pure parts of web._security)."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from starlette.requests import Request

from alliancelens.web._security import (
    LoginThrottle,
    RedactFormTokens,
    host_allowed,
    public_url,
    redact_path,
)


class Clock:
    """A settable clock (seconds)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    """A clock at t=1000 s."""
    return Clock()


def test_throttle_locks_after_the_allowed_failures(clock: Clock) -> None:
    """The n-th failure locks the name for the lockout time; before that it is free."""
    throttle = LoginThrottle(attempts=3, lockout_seconds=60, clock=clock)
    for _ in range(2):
        throttle.failed("lee")
    assert throttle.locked_for("lee") == 0
    throttle.failed("lee")
    assert throttle.locked_for("lee") == 60
    clock.now += 61
    assert throttle.locked_for("lee") == 0


def test_throttle_names_are_case_and_space_insensitive(clock: Clock) -> None:
    """' Lee' and 'lee' count as the same user name."""
    throttle = LoginThrottle(attempts=2, lockout_seconds=60, clock=clock)
    throttle.failed(" Lee")
    throttle.failed("lee")
    assert throttle.locked_for("LEE") > 0


def test_success_forgets_failures(clock: Clock) -> None:
    """A successful sign-in resets the name's failure count."""
    throttle = LoginThrottle(attempts=2, lockout_seconds=60, clock=clock)
    throttle.failed("lee")
    throttle.succeeded("lee")
    throttle.failed("lee")
    assert throttle.locked_for("lee") == 0


def test_old_failures_expire(clock: Clock) -> None:
    """Failures older than the lockout window no longer count."""
    throttle = LoginThrottle(attempts=2, lockout_seconds=60, clock=clock)
    throttle.failed("lee")
    clock.now += 61
    throttle.failed("lee")
    assert throttle.locked_for("lee") == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET /f/abcDEF-123_x HTTP/1.1", "GET /f/<token> HTTP/1.1"),
        ("/f/abc?x=1", "/f/<token>?x=1"),
        ("/sessions/3", "/sessions/3"),
        ("/static/style.css", "/static/style.css"),
    ],
)
def test_redact_path(text: str, expected: str) -> None:
    """Form-link tokens are replaced; other paths are left alone."""
    assert redact_path(text) == expected


def test_filter_redacts_access_log_arguments() -> None:
    """The logging filter rewrites uvicorn-style access-log arguments in place."""
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s"',
        ("ip", "GET", "/f/secret"),
        None,
    )
    assert RedactFormTokens().filter(record)
    assert record.getMessage() == 'ip - "GET /f/<token>"'


def test_throttle_remembers_a_bounded_number_of_names(clock: Clock) -> None:
    """A flood of distinct names never grows the throttle past its cap."""
    throttle = LoginThrottle(attempts=3, lockout_seconds=60, clock=clock, max_keys=100)
    for number in range(1000):
        throttle.failed(f"name-{number}")
    assert len(throttle) <= 100


def test_throttle_cap_keeps_locked_names(clock: Clock) -> None:
    """When the cap is reached, unlocked names are dropped before a locked one."""
    throttle = LoginThrottle(attempts=2, lockout_seconds=60, clock=clock, max_keys=10)
    throttle.failed("target")
    throttle.failed("target")
    for number in range(50):
        clock.now += 0.1
        throttle.failed(f"spray-{number}")
    assert throttle.locked_for("target") > 0


def test_throttle_cap_drops_expired_entries_first(clock: Clock) -> None:
    """Entries past the lockout window are the first to go when the cap is reached."""
    throttle = LoginThrottle(attempts=2, lockout_seconds=60, clock=clock, max_keys=10)
    for number in range(10):
        throttle.failed(f"old-{number}")
    clock.now += 61
    throttle.failed("new")
    assert len(throttle) == 1


def _request(host: str, allowed: set[str]) -> Request:
    """A bare request with ``host`` as its Host header, on an app allowing ``allowed``."""
    app = SimpleNamespace(state=SimpleNamespace(allowed_hosts=frozenset(allowed)))
    scope = {
        "type": "http",
        "scheme": "http",
        "method": "GET",
        "path": "/",
        "root_path": "",
        "query_string": b"",
        "server": ("127.0.0.1", 8765),
        "headers": [(b"host", host.encode())],
        "app": app,
    }
    return Request(scope)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("localhost:8765", "http://localhost:8765/f/x"),
        ("[::1]:8765", "http://[::1]:8765/f/x"),
        ("a.clinic.example", "http://a.clinic.example/f/x"),
        ("evil.example", None),
        ("evil.example:8765", None),
        ("clinic.example.evil", None),
    ],
)
def test_public_url_never_echoes_a_host_that_is_not_allowed(
    host: str, expected: str | None
) -> None:
    """A full address is built only on an allowed Host; any other Host gives none."""
    allowed = {"localhost", "[::1]", "*.clinic.example"}
    assert public_url(_request(host, allowed), "/f/x") == expected


@pytest.mark.parametrize(
    ("host", "allowed"),
    [("a.b.example", True), ("b.example", False), ("xb.example", False), ("[::1]", True)],
)
def test_host_allowed_patterns(host: str, allowed: bool) -> None:
    """'*.b.example' allows subdomains only; other names must match exactly."""
    assert host_allowed(host, frozenset({"*.b.example", "[::1]"})) is allowed


def test_address_keys_are_counted_like_names(clock: Clock) -> None:
    """One throttle instance keyed by address locks it after its attempts, then unlocks."""
    throttle = LoginThrottle(attempts=20, lockout_seconds=900, clock=clock)
    for _ in range(19):
        throttle.failed("10.0.0.7")
    assert throttle.locked_for("10.0.0.7") == 0
    throttle.failed("10.0.0.7")
    assert throttle.locked_for("10.0.0.7") == 900 and throttle.locked_for("10.0.0.8") == 0
    clock.now += 901
    assert throttle.locked_for("10.0.0.7") == 0
