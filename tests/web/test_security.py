"""Sign-in throttling and log redaction of form-link tokens (pure parts of web._security)."""

from __future__ import annotations

import logging

import pytest

from alliancelens.web._security import LoginThrottle, RedactFormTokens, redact_path


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
