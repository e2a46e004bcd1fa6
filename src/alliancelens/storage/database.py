"""Open (or initialise) the record store: key, engine, schema check, transactions."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.exc import DataError, InterfaceError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from alliancelens.config import Settings
from alliancelens.errors import AccessDeniedError, DecryptionError, KeyFileError, RecordIdError
from alliancelens.storage import migrate
from alliancelens.storage.crypto import Keyring, load_keyring
from alliancelens.storage.engine import make_engine, not_permitted, sqlite_path, unavailable
from alliancelens.storage.fingerprints import content_secret
from alliancelens.storage.tables import KeyCheckRow
from alliancelens.storage.types import bind_keyring, live_keyring

__all__ = ["KEY_CHECK_TOKEN", "REFUSAL_HOOKS", "Database", "initialise", "open_database"]

log = logging.getLogger("alliancelens.storage")

#: Called (in a fresh transaction) with the ids-only facts of an access refusal that ended a
#: transaction; :mod:`alliancelens.security.audit` registers the one that writes the audit log.
REFUSAL_HOOKS: list[Callable[[DbSession, Mapping[str, str | int | None]], None]] = []

#: Known plaintext stored encrypted at ``init``: decrypting it proves the key is the store's key.
KEY_CHECK_TOKEN = "alliancelens key check v1"  # noqa: S105 - a known plaintext, not a secret


@dataclass
class Database:
    """An open store: settings, engine with its keyring, and a transaction factory."""

    settings: Settings
    engine: Engine
    keyring: Keyring
    #: Set by :func:`initialise` when it upgraded an existing schema: the revision it was at.
    upgraded_from: str | None = None
    _factory: sessionmaker[DbSession] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[DbSession]:
        """One transaction: committed when the block ends, rolled back on any exception.

        A database that cannot be reached (server down, file locked) raises
        :class:`~alliancelens.errors.StoreUnavailableError` naming the masked URL.
        """
        try:
            with self._factory.begin() as db:
                yield db
        except (OperationalError, InterfaceError) as exc:
            raise unavailable(exc, self.settings.resolved_database_url) from exc
        except ProgrammingError as exc:
            denied = not_permitted(exc, self.settings.resolved_database_url)
            if denied is None:
                raise
            raise denied from exc
        except AccessDeniedError as exc:
            self._record_refusal(exc)
            raise
        except (OverflowError, DataError) as exc:
            if not _id_out_of_range(exc):
                raise
            raise RecordIdError(
                "no such record: the id given is larger than any record id can be; check it "
                "(`alliancelens clients list`, `alliancelens sessions list CLIENT`)"
            ) from None

    def _record_refusal(self, exc: AccessDeniedError) -> None:
        """Keep a refused attempt in the audit log (the refused transaction rolled back)."""
        facts, exc.refusal = exc.refusal, None
        if facts is None or not REFUSAL_HOOKS:
            return
        with self._factory.begin() as db:
            for hook in REFUSAL_HOOKS:
                hook(db, facts)

    def use_keyring(self, keyring: Keyring) -> None:
        """Encrypt and decrypt with ``keyring`` from now on (key rotation)."""
        self.keyring = keyring
        bind_keyring(self.engine, keyring)

    def current_keyring(self) -> Keyring:
        """The keyring in use now (re-read when the key file was replaced since)."""
        return live_keyring(self.engine.dialect).for_encrypt()

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()


def _id_out_of_range(exc: OverflowError | DataError) -> bool:
    """An id past the database's integer keys was looked up (``/clients/99999999999999999999``).

    SQLite cannot bind an int beyond 64 bits (``OverflowError``); PostgreSQL refuses one beyond
    its key column's range (SQLSTATE 22003, numeric value out of range). No record has such an id.
    """
    if isinstance(exc, OverflowError):
        return "SQLite INTEGER" in str(exc)
    return getattr(exc.orig, "sqlstate", None) == "22003"


def initialise(settings: Settings) -> tuple[Database, bool]:
    """Create the data directory, key and schema (or upgrade it); ``True`` if the DB was new."""
    try:
        return _initialise(settings)
    except (OperationalError, InterfaceError) as exc:
        raise unavailable(exc, settings.resolved_database_url) from exc
    except ProgrammingError as exc:
        denied = not_permitted(exc, settings.resolved_database_url)
        if denied is None:
            raise
        raise denied from exc


def _initialise(settings: Settings) -> tuple[Database, bool]:
    settings.home.mkdir(parents=True, exist_ok=True, mode=0o700)
    settings.uploads_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = make_engine(settings)
    before = migrate.current_revision(engine)
    was_empty = before is None
    if not was_empty and settings.key is None and not settings.resolved_key_file.exists():
        engine.dispose()
        raise KeyFileError(
            f"{settings.resolved_key_file}: key file not found, but the database already holds "
            "encrypted data; restore the key file from your backup (a new key cannot read it)"
        )
    new_key_file = settings.key is None and not settings.resolved_key_file.exists()
    keyring = load_keyring(settings, create=True)
    bind_keyring(engine, keyring)
    try:
        migrate.upgrade(engine)  # one transaction: on failure an empty database stays empty
    except BaseException:
        engine.dispose()
        if was_empty and new_key_file:  # nothing was encrypted with it: no key for no store
            settings.resolved_key_file.unlink(missing_ok=True)
        raise
    upgraded = before if before is not None and before != migrate.head_revision() else None
    database = Database(settings, engine, keyring, upgraded_from=upgraded)
    with database.transaction() as db:
        if db.get(KeyCheckRow, 1) is None:
            db.add(KeyCheckRow(id=1, token=KEY_CHECK_TOKEN))
    _verify_key(database)
    with database.transaction() as db:
        content_secret(db)  # created once per store: keys the import fingerprints
    _restrict_files(settings)
    _restrict_home(settings)
    return database, was_empty


def open_database(settings: Settings) -> Database:
    """Open an initialised store; refuses a wrong key or a schema at another revision."""
    _restrict_home(settings)
    keyring = load_keyring(settings)
    engine = make_engine(settings, keyring=keyring)
    try:
        migrate.check_revision(engine)
        database = Database(settings, engine, keyring)
        _verify_key(database)
    except (OperationalError, InterfaceError) as exc:
        engine.dispose()
        raise unavailable(exc, settings.resolved_database_url) from exc
    except BaseException:
        engine.dispose()
        raise
    return database


def _verify_key(database: Database) -> None:
    try:
        with database.transaction() as db:
            token = db.scalar(select(KeyCheckRow.token).where(KeyCheckRow.id == 1))
    except DecryptionError as exc:
        raise KeyFileError(
            "the encryption key in use is not this database's key (ALLIANCELENS_KEY or the key "
            "file belongs to another store); use the right key"
        ) from exc
    if token != KEY_CHECK_TOKEN:
        raise KeyFileError("the database has no key check; run `alliancelens init`")


def _restrict_home(settings: Settings) -> None:
    """Keep the data directory 0700: correct it (one warning line) when others may enter it.

    Corrected only when it is plainly AllianceLens's own directory (owned by this user, holding
    the key file or the database, no sticky bit as on ``/tmp``); otherwise only a warning.
    """
    home = settings.home
    if os.name != "posix" or not home.is_dir():
        return
    info = home.stat()
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o077:
        return
    ours = any(
        (home / name).exists() for name in (settings.resolved_key_file.name, "alliancelens.db")
    )
    if info.st_uid == os.getuid() and ours and not mode & stat.S_ISVTX:
        home.chmod(0o700)
        log.warning(
            "data directory %s was mode %04o (others could enter it); set to 0700", home, mode
        )
        return
    log.warning(
        "data directory %s is mode %04o: others can enter it; make it private: chmod 700 %s",
        home,
        mode,
        home,
    )


def _restrict_files(settings: Settings) -> None:
    """Make the SQLite files readable by their owner only."""
    path = sqlite_path(settings.resolved_database_url)
    if path is None or os.name != "posix":
        return
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            candidate.chmod(0o600)
