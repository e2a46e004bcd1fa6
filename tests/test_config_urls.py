"""Database and Redis URLs are checked when the settings load (QA41 #1, #3, #9).

A malformed URL is one line naming the variable and what to do (exit 2), never an internal
error, never the password, and it is refused before a command stores anything.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.config import Settings, load_settings
from alliancelens.errors import SettingsError

runner = CliRunner()
#: Synthetic password fragments; none may appear in an error line.
SECRET = "Zephyr"  # noqa: S105 - synthetic, checked for absence


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Only ALLIANCELENS_HOME set (a fresh folder)."""
    for name in [n for n in os.environ if n.startswith("ALLIANCELENS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (f"postgresql://al:{SECRET}@cd:ef/gh%12#x@127.0.0.1:5432/al", "%40, : as %3A, / as %2F"),
        (f"postgresql://al:{SECRET}#1@127.0.0.1:5432/al", "# as %23"),
        (f"postgresql://al:{SECRET}:x@127.0.0.1:5432/al", ": as %3A"),
        (f"postgresql://al:{SECRET}/x@127.0.0.1:5432/al", "/ as %2F"),
        ("not a url", "is not a database URL; write postgresql://"),
        ("postgresql://al@127.0.0.1:notaport/al", "port"),
        ("postgresql://al@127.0.0.1:99999/al", "port"),
        ("postgresql+asyncpg://al@127.0.0.1/al", "write postgresql://"),
    ],
)
def test_a_malformed_database_url_is_one_settings_line(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, url: str, says: str
) -> None:
    """A malformed ALLIANCELENS_DATABASE_URL names the variable and the fix, not the password."""
    monkeypatch.setenv("ALLIANCELENS_DATABASE_URL", url)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = caught.value.message
    assert message.startswith("ALLIANCELENS_DATABASE_URL: ") and says in message
    assert SECRET not in message and "notaport" not in message and "\n" not in message
    assert "unset it" not in message  # unsetting would silently switch to SQLite


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("127.0.0.1:6379", "must start with redis://"),
        ("http://127.0.0.1:6379/0", "must start with redis://"),
        ("redis://127.0.0.1:notaport/0", "port"),
        (f"redis://al:{SECRET}@x@127.0.0.1:6379/0", "@ as %40"),
        (f"redis://al:{SECRET}#1@127.0.0.1:6379/0", "# as %23"),
        ("redis://127.0.0.1:6379/zero", "database number"),
    ],
)
def test_a_malformed_redis_url_is_one_settings_line(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, url: str, says: str
) -> None:
    """A malformed ALLIANCELENS_REDIS_URL names the variable and the fix, not the password."""
    monkeypatch.setenv("ALLIANCELENS_REDIS_URL", url)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = caught.value.message
    assert message.startswith("ALLIANCELENS_REDIS_URL: ") and says in message
    assert SECRET not in message and "notaport" not in message


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://al@127.0.0.1:5432/al",
        "postgresql://al:Ab%40cd%3Aef%2Fgh%2512%23x@127.0.0.1:5432/al",
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        "postgresql+psycopg2://al@127.0.0.1/al",
        "postgres://al@[::1]:5432/al?sslmode=verify-full&sslrootcert=/etc/al/ca.crt",
        "sqlite:////srv/al/al.db",
        "mysql://al@127.0.0.1/al",  # unsupported schemes are the engine's one line (AL6xx)
    ],
)
def test_well_formed_database_urls_are_accepted(tmp_path: Path, url: str) -> None:
    """Percent-encoded passwords, driver suffixes psycopg/psycopg2 and IPv6 hosts load."""
    assert Settings(home=tmp_path, database_url=url).database_url == url


@pytest.mark.parametrize(
    "url",
    [
        "redis://127.0.0.1:6379/0",
        "redis://alliancelens:A%40long%23pw@127.0.0.1:6379/0",
        "rediss://redis.clinic.lan",
        "unix:///run/redis/redis.sock?db=0",
    ],
)
def test_well_formed_redis_urls_are_accepted(tmp_path: Path, url: str) -> None:
    """redis://, rediss:// and unix:// URLs with an encoded password load."""
    assert Settings(home=tmp_path, redis_url=url).redis_url == url


def test_the_settings_error_never_carries_the_url(tmp_path: Path) -> None:
    """A ValidationError built directly from Settings does not repeat the URL (password)."""
    with pytest.raises(ValidationError) as caught:
        Settings(home=tmp_path, database_url=f"postgresql://al:{SECRET}@x@h/al")
    assert SECRET not in str(caught.value)


def test_import_with_a_malformed_redis_url_refuses_before_storing(
    clean_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`import` with a Redis URL missing redis:// exits 2 and stores no session (QA41 #1)."""
    password = {"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"}
    for args in (
        ["init"],
        ["users", "add", "dr-owner", "--role", "therapist"],
        ["clients", "add", "Tamsin Test", "--therapist", "dr-owner"],
        ["consent", "grant", "1", "recording"],
    ):
        done = runner.invoke(app, args, env=password)
        assert done.exit_code == 0, done.output
    path = tmp_path / "talk.txt"
    path.write_text("Therapist: How was the week?\nClient: Long.\n", encoding="utf-8")
    monkeypatch.setenv("ALLIANCELENS_REDIS_URL", "127.0.0.1:6379")
    result = runner.invoke(app, ["import", str(path), "--client", "1"])
    assert result.exit_code == 2, result.output
    assert "ALLIANCELENS_REDIS_URL: must start with redis://" in result.output
    monkeypatch.delenv("ALLIANCELENS_REDIS_URL")
    listed = runner.invoke(app, ["sessions", "list", "1"])
    assert listed.exit_code == 0 and "session 1" not in listed.output
