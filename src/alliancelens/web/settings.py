"""Settings of the web dashboard (``ALLIANCELENS_WEB_*``), and its session-signing secret.

Kept apart from :class:`alliancelens.config.Settings` so that only ``alliancelens web`` pays for
them. The secret signs the session cookie: ``ALLIANCELENS_WEB_SECRET``, else a random one kept in
``<home>/web-secret`` (created 0600 on first use, refused when others may read it).
:func:`allowed_hosts` gives the ``Host`` names the dashboard answers (DNS-rebinding guard).
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
import stat
from pathlib import Path
from typing import Final

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from alliancelens.errors import KeyFileError, UsageError

__all__ = ["LOOPBACK_HOSTS", "SECRET_FILE", "WebSettings", "allowed_hosts", "session_secret"]

#: File name of the session-signing secret inside the data directory.
SECRET_FILE = "web-secret"  # noqa: S105 - a file name, not a secret
_MIN_SECRET_CHARS = 32
#: Host names a loopback-bound dashboard answers by default.
LOOPBACK_HOSTS: Final = ("127.0.0.1", "localhost", "::1")
_HOST_NAME = re.compile(r"(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")
_SETTING = "ALLIANCELENS_WEB_ALLOWED_HOSTS"


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
    login_address_attempts: int = Field(
        default=20,
        ge=1,
        description="Failed sign-ins from one client address (any user names) within "
        "`login_address_minutes` before that address is refused.",
    )
    login_address_minutes: int = Field(
        default=15,
        ge=1,
        description="Window and lockout time of the per-address sign-in throttle.",
    )
    allowed_hosts: str | None = Field(
        default=None,
        description="Comma-separated `Host` names the dashboard answers (others get 400); "
        "default: 127.0.0.1, localhost, ::1 and the bind address unless it is a wildcard.",
    )


def _is_wildcard(bind: str) -> bool:
    """Whether ``bind`` listens on every interface (``0.0.0.0``, ``::``, empty)."""
    if not bind.strip():
        return True
    try:
        return ipaddress.ip_address(bind.strip("[]")).is_unspecified
    except ValueError:
        return False


def _host_entry(name: str) -> str:
    """One allowed-host name in the form of a parsed ``Host`` header (IPv6 in brackets)."""
    cleaned = name.strip().lower()
    try:
        address = ipaddress.ip_address(cleaned.strip("[]"))
    except ValueError:
        if not _HOST_NAME.fullmatch(cleaned):
            raise UsageError(
                f"{_SETTING}: {name.strip()!r} is not a host name or IP address (no port, "
                "no scheme; a leading '*.' allows subdomains)"
            ) from None
        return cleaned
    if address.is_unspecified:
        raise UsageError(f"{_SETTING}: {cleaned} is a wildcard address, not a host name")
    return f"[{address}]" if address.version == 6 else str(address)


def allowed_hosts(web: WebSettings, bind: str | None = None) -> list[str]:
    """The ``Host`` names to answer: the setting, else loopback names plus ``bind``.

    A wildcard ``bind`` (``0.0.0.0``/``::``) without the setting is refused (:class:`UsageError`):
    the names clients will use cannot be guessed, and allowing every host would reopen DNS
    rebinding. ``*`` alone is refused for the same reason.
    """
    if web.allowed_hosts is not None:
        names = [n for n in web.allowed_hosts.split(",") if n.strip()]
        if not names:
            raise UsageError(f"{_SETTING} is empty; name at least one host (e.g. localhost)")
        return sorted({_host_entry(n) for n in names})
    if bind is not None and _is_wildcard(bind):
        raise UsageError(
            f"listening on {bind or 'every interface'} needs {_SETTING}: set it to the "
            "comma-separated host names clients use to reach the dashboard"
        )
    names = [*LOOPBACK_HOSTS, *([bind] if bind else [])]
    return sorted({_host_entry(n) for n in names})


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
