"""Opening the store: WAL SQLite, file permissions, the key check, and no plaintext on disk."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from alliancelens import services
from alliancelens.config import Settings
from alliancelens.errors import (
    KeyFileError,
    NotFoundError,
    RecordIdError,
    SchemaError,
    StoreUnavailableError,
)
from alliancelens.security.policy import Role
from alliancelens.storage import ConsentKind, Database, initialise, migrate, open_database, people
from alliancelens.storage.crypto import encode_key, generate_key
from alliancelens.storage.testing import POSTGRES_ENV, postgres_url

ADMIN = services.local_admin()
CLIENT_NAME = "Quillon Marchetti-Vaz"  # synthetic, distinctive: searched for in the raw files
SECRET_LINE = "the zanzibar lighthouse keeper story I never told anyone"  # noqa: S105
TRANSCRIPT = (
    "Therapist: What would you like to talk about today?\n"
    f"Client: Honestly, {SECRET_LINE}.\n"
    "Therapist: That sounds important.\n"
)


def _sqlite_bytes(home: Path) -> bytes:
    """Every byte SQLite wrote: the database file plus its WAL and shared-memory files."""
    return b"".join(p.read_bytes() for p in home.glob("alliancelens.db*"))


def test_raw_sqlite_files_hold_no_plaintext(tmp_path: Path) -> None:
    """After storing a client and a transcript, the raw files contain none of their text."""
    settings = Settings(home=tmp_path)
    store, was_new = initialise(settings)
    try:
        assert was_new
        user = services.create_user(
            store,
            ADMIN,
            username="dr-lee",
            password="a long enough passphrase",  # noqa: S106 - a test password
            role=Role.THERAPIST,
        )
        lee = services.actor_for(store, user)
        client = services.create_client(
            store, lee, name=CLIENT_NAME, notes="Quillon's notes: prefers mornings"
        )
        for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
            services.grant_consent(store, lee, client_id=client.id, kind=kind)
        path = tmp_path / "in" / "quillon-session.txt"
        path.parent.mkdir()
        path.write_text(TRANSCRIPT, encoding="utf-8")
        services.import_transcript(store, lee, client_id=client.id, path=path)
        raw = _sqlite_bytes(tmp_path)
    finally:
        store.close()
    assert len(raw) > 10_000
    for needle in (
        SECRET_LINE,
        "zanzibar",
        CLIENT_NAME,
        "Quillon",
        "prefers mornings",
        "What would you like",
    ):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert needle.encode(encoding) not in raw, needle
    assert b"quillon-session" not in raw  # the source file name is PHI too


def test_sqlite_uses_wal_and_owner_only_files(tmp_path: Path) -> None:
    """The default store is SQLite in WAL mode, readable by its owner only."""
    store, _ = initialise(Settings(home=tmp_path))
    try:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "alliancelens.db").stat().st_mode) == 0o600
        assert stat.S_IMODE((tmp_path / "keyring.json").stat().st_mode) == 0o600


def test_database_url_overrides_only_the_database(tmp_path: Path) -> None:
    """ALLIANCELENS_DATABASE_URL moves the database; the key file stays in home."""
    elsewhere = tmp_path / "db" / "other.db"
    store, _ = initialise(Settings(home=tmp_path / "home", database_url=f"sqlite:///{elsewhere}"))
    store.close()
    assert elsewhere.is_file()
    assert (tmp_path / "home" / "keyring.json").is_file()
    assert not (tmp_path / "home" / "alliancelens.db").exists()


def test_wrong_key_is_refused(tmp_path: Path) -> None:
    """Opening with another store's key fails clearly before any data is read."""
    initialise(Settings(home=tmp_path))[0].close()
    with pytest.raises(KeyFileError, match="not this database's key"):
        open_database(Settings(home=tmp_path, key=encode_key(generate_key())))


def test_lost_key_file_is_not_replaced(tmp_path: Path) -> None:
    """init refuses to make a new key for a database that already holds encrypted data."""
    initialise(Settings(home=tmp_path))[0].close()
    (tmp_path / "keyring.json").unlink()
    with pytest.raises(KeyFileError, match="restore the key file"):
        initialise(Settings(home=tmp_path))
    assert not (tmp_path / "keyring.json").exists()


def test_open_before_init(tmp_path: Path) -> None:
    """Opening an uninitialised store says to run init."""
    initialise(Settings(home=tmp_path / "keyonly"))[0].close()
    key_home = Settings(home=tmp_path / "keyonly")
    with pytest.raises(SchemaError, match="alliancelens init"):
        open_database(
            key_home.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'new.db'}"})
        )


def test_init_twice_is_harmless(tmp_path: Path) -> None:
    """Running init on an initialised store changes nothing and reports it was not new."""
    initialise(Settings(home=tmp_path))[0].close()
    store, was_new = initialise(Settings(home=tmp_path))
    store.close()
    assert not was_new


@pytest.mark.parametrize("huge", [2**63, 10**24])
def test_an_id_beyond_the_key_range_is_no_such_record(store: Database, huge: int) -> None:
    """An id no integer key can hold is "no such record" (a NotFoundError), not a crash."""
    with pytest.raises(RecordIdError, match="no such record") as caught, store.transaction() as db:
        people.get_client(db, client_id=huge)
    assert isinstance(caught.value, NotFoundError)
    with store.transaction() as db:  # the store is usable afterwards
        assert people.list_clients(db) == []


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_open_data_directory_is_made_private_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A data directory others may enter is set back to 0700 on open, with one warning line."""
    home = tmp_path / "store-home"
    initialise(Settings(home=home))[0].close()
    home.chmod(0o751)
    with caplog.at_level("WARNING", logger="alliancelens.storage"):
        open_database(Settings(home=home)).close()
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert [r.getMessage() for r in caplog.records] == [
        f"data directory {home} was mode 0751 (others could enter it); set to 0700"
    ]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_shared_looking_directory_only_warns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A sticky, world-writable directory (like /tmp) is never changed, only warned about."""
    home = tmp_path / "scratch"
    initialise(Settings(home=home))[0].close()
    home.chmod(0o1777)
    with caplog.at_level("WARNING", logger="alliancelens.storage"):
        open_database(Settings(home=home)).close()
    assert stat.S_IMODE(home.stat().st_mode) == 0o1777
    assert "chmod 700" in caplog.text
    home.chmod(0o700)


def test_failed_first_init_leaves_no_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new store whose schema cannot be created keeps no key file (nothing used it)."""

    def refuse(_engine: object) -> None:
        raise RuntimeError("synthetic schema failure")

    monkeypatch.setattr(migrate, "upgrade", refuse)
    with pytest.raises(RuntimeError):
        initialise(Settings(home=tmp_path))
    assert not (tmp_path / "keyring.json").exists()


def test_role_without_create_right_is_one_line_with_both_fixes(tmp_path: Path) -> None:
    """PostgreSQL 15+: a role that may not CREATE in schema public gets the fixes, no key file."""
    server = postgres_url()
    if server is None:
        pytest.skip(f"{POSTGRES_ENV} is not set (.ci/run sets it)")
    suffix = secrets.token_hex(4)
    role, name = f"al_role_{suffix}", f"al_noperm_{suffix}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            if int(connection.execute(text("SHOW server_version_num")).scalar_one()) < 150000:
                pytest.skip("before PostgreSQL 15 every role may create in schema public")
            connection.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD 'synthetic-pw-{suffix}'"))
            connection.execute(text(f"CREATE DATABASE {name}"))  # owned by the server's role
        url = (
            make_url(server)
            .set(username=role, password=f"synthetic-pw-{suffix}", database=name)
            .render_as_string(hide_password=False)
        )
        with pytest.raises(StoreUnavailableError) as caught:
            initialise(Settings(home=tmp_path, database_url=url))
        message = caught.value.message
        assert f"createdb -O {role} {name}" in message
        assert f"GRANT USAGE, CREATE ON SCHEMA public TO {role}" in message
        assert "synthetic-pw" not in message and "\n" not in message
        assert not (tmp_path / "keyring.json").exists()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            connection.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()
