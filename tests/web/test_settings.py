"""Dashboard settings: documented in docs/web.md, read from the environment, allowed hosts."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.errors import UsageError
from alliancelens.web import WebSettings
from alliancelens.web.settings import allowed_hosts

DOCS = Path(__file__).resolve().parents[2] / "docs" / "web.md"


@pytest.mark.parametrize("field", sorted(WebSettings.model_fields))
def test_every_web_setting_is_documented(field: str) -> None:
    """docs/web.md has a row for the setting's ALLIANCELENS_WEB_* variable."""
    assert f"| `ALLIANCELENS_WEB_{field.upper()}` |" in DOCS.read_text("utf-8")


@pytest.mark.parametrize(
    ("variable", "value", "field", "expected"),
    [
        ("ALLIANCELENS_WEB_HTTPS", "1", "https", True),
        ("ALLIANCELENS_WEB_IDLE_MINUTES", "5", "idle_minutes", 5),
        ("ALLIANCELENS_WEB_LOGIN_ATTEMPTS", "3", "login_attempts", 3),
        ("ALLIANCELENS_WEB_LOGIN_ADDRESS_ATTEMPTS", "7", "login_address_attempts", 7),
        ("ALLIANCELENS_WEB_LOGIN_ADDRESS_MINUTES", "9", "login_address_minutes", 9),
        ("ALLIANCELENS_WEB_ALLOWED_HOSTS", "a.example,b", "allowed_hosts", "a.example,b"),
    ],
)
def test_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, field: str, expected: object
) -> None:
    """ALLIANCELENS_WEB_* variables set the matching field."""
    monkeypatch.setenv(variable, value)
    assert getattr(WebSettings(), field) == expected


LOOPBACK = ["127.0.0.1", "[::1]", "localhost"]


@pytest.mark.parametrize(
    ("setting", "bind", "expected"),
    [
        (None, None, LOOPBACK),
        (None, "127.0.0.1", LOOPBACK),
        (None, "192.168.1.5", ["127.0.0.1", "192.168.1.5", "[::1]", "localhost"]),
        (None, "Dash.Example.org", ["127.0.0.1", "[::1]", "dash.example.org", "localhost"]),
        ("dash.example.org, ::1", "0.0.0.0", ["[::1]", "dash.example.org"]),  # noqa: S104
        ("*.clinic.example", "::", ["*.clinic.example"]),
    ],
)
def test_allowed_hosts(setting: str | None, bind: str | None, expected: list[str]) -> None:
    """Default: loopback names plus a non-wildcard bind; the setting replaces them entirely."""
    assert allowed_hosts(WebSettings(allowed_hosts=setting), bind) == expected


@pytest.mark.parametrize("bind", ["0.0.0.0", "::", "[::]", ""])  # noqa: S104
def test_wildcard_bind_needs_the_setting(bind: str) -> None:
    """A wildcard bind without the setting is refused, naming ALLIANCELENS_WEB_ALLOWED_HOSTS."""
    with pytest.raises(UsageError, match="ALLIANCELENS_WEB_ALLOWED_HOSTS"):
        allowed_hosts(WebSettings(allowed_hosts=None), bind)


@pytest.mark.parametrize(
    "value",
    ["*", "", " , ", "host:8765", "http://host", "0.0.0.0", "a b"],  # noqa: S104
)
def test_unusable_allowed_hosts_are_refused(value: str) -> None:
    """'*', an empty list, ports, schemes and wildcard addresses are refused by name."""
    with pytest.raises(UsageError, match="ALLIANCELENS_WEB_ALLOWED_HOSTS"):
        allowed_hosts(WebSettings(allowed_hosts=value))
