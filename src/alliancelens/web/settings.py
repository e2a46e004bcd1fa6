"""Settings of the web dashboard (``ALLIANCELENS_WEB_*``), and its session-signing secret.

Kept apart from :class:`alliancelens.config.Settings` so that only ``alliancelens web`` pays for
them. The secret signs the session cookie: ``ALLIANCELENS_WEB_SECRET``, else a random one kept in
``<home>/web-secret`` (created 0600 on first use, refused when others may read it).
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from alliancelens.errors import KeyFileError

__all__ = ["SECRET_FILE", "WebSettings", "session_secret"]

#: File name of the session-signing secret inside the data directory.
SECRET_FILE = "web-secret"  # noqa: S105 - a file name, not a secret
_MIN_SECRET_CHARS = 32


class WebSettings(BaseSettings):
    """Settings of ``alliancelens web``; environment variable = ``ALLIANCELENS_WEB_`` + name."""

    model_config = SettingsConfigDict(
        env_prefix="ALLIANCELENS_WEB_", extra="ignore", frozen=True, validate_default=True
    )

    secret: SecretStr | None = Field(
        default=None,
        description="Session-signing secret (32+ characters); default: `<home>/web-secret`.",
    )
    https: bool = Field(
        default=False,
        description="Served behind an HTTPS reverse proxy: the session cookie gets `Secure`.",
    )
    idle_minutes: int = Field(
        default=30, ge=1, le=24 * 60, description="Sign out after this many idle minutes."
    )
    session_hours: int = Field(
        default=12, ge=1, le=7 * 24, description="Sign out this many hours after signing in."
    )
    login_attempts: int = Field(
        default=5, ge=1, description="Failed sign-ins for one user name before a lockout."
    )
    lockout_minutes: int = Field(
        default=15, ge=1, description="How long sign-in is refused for that user name."
    )
    form_link_attempts: int = Field(
        default=20,
        ge=1,
        description="Unknown form-link tokens from one address before it is refused for "
        "`lockout_minutes`.",
    )


def session_secret(web: WebSettings, home: Path) -> str:
    """The cookie-signing secret: the setting, else ``<home>/web-secret`` (made on first use)."""
    if web.secret is not None:
        value = web.secret.get_secret_value()
        if len(value) < _MIN_SECRET_CHARS:
            raise KeyFileError(
                f"ALLIANCELENS_WEB_SECRET is shorter than {_MIN_SECRET_CHARS} characters; "
                "use a long random value (e.g. `python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'`)"
            )
        return value
    path = home / SECRET_FILE
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(48))
    if os.name == "posix" and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(
            f"{path}: the web secret may be read by other users; run `chmod 600 {path}`"
        )
    value = path.read_text("ascii").strip()
    if len(value) < _MIN_SECRET_CHARS:
        raise KeyFileError(
            f"{path}: the web secret is too short; delete the file to make a new one"
        )
    return value
