"""Every dashboard setting is documented in docs/web.md by its environment variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.web import WebSettings

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
    ],
)
def test_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, field: str, expected: object
) -> None:
    """ALLIANCELENS_WEB_* variables set the matching field."""
    monkeypatch.setenv(variable, value)
    assert getattr(WebSettings(), field) == expected
