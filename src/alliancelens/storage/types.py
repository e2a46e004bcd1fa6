"""Column types: encrypted text and JSON (AES-GCM via the engine's keyring), and UTC datetimes.

Each engine gets its keyring with :func:`bind_keyring`; the encrypted types find it through the
engine's dialect, so two stores with different keys can be open in one process (as tests do).

A keyring read from a key file stays in step with that file while the process runs (the web
server, a worker): before every encryption the file's identity (inode, size, mtime) is checked and
the file re-read when it changed, so a value is never written under a key the file no longer
holds; and a value under a key id this process does not know makes it re-read the file once
before giving up. So ``keys rotate`` in another process needs no restart here.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import weakref
from typing import Any

from sqlalchemy import DateTime, Engine, LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from alliancelens.errors import KeyFileError
from alliancelens.storage.crypto import Keyring, key_file_stamp, read_key_file

__all__ = [
    "EncryptedJSON",
    "EncryptedText",
    "LiveKeyring",
    "UTCDateTime",
    "bind_keyring",
    "keyring_of",
    "live_keyring",
]


class LiveKeyring:
    """A keyring that follows its key file (when it came from one) while the process runs."""

    def __init__(self, keyring: Keyring) -> None:
        self._keyring = keyring
        self._stamp = None if keyring.path is None else key_file_stamp(keyring.path)
        self._lock = threading.Lock()

    @property
    def keyring(self) -> Keyring:
        """The keyring as last read."""
        return self._keyring

    def _reload(self) -> Keyring:
        path = self._keyring.path
        if self._keyring.source != "file" or path is None:
            return self._keyring
        with self._lock:
            stamp = key_file_stamp(path)
            if stamp is not None and stamp != self._stamp:
                self._keyring, self._stamp = read_key_file(path), stamp
            return self._keyring

    def for_encrypt(self) -> Keyring:
        """The keyring to encrypt with: re-read first when the key file was replaced."""
        return self._reload()

    def for_decrypt(self, blob: bytes) -> Keyring:
        """The keyring to decrypt ``blob`` with: re-read first when its key is unknown."""
        if Keyring.key_id_of(blob) in self._keyring.keys:
            return self._keyring
        return self._reload()


_KEYRINGS: weakref.WeakKeyDictionary[Dialect, LiveKeyring] = weakref.WeakKeyDictionary()


def bind_keyring(engine: Engine, keyring: Keyring) -> None:
    """Encrypt and decrypt values on ``engine`` with ``keyring`` (and its key file) from now on."""
    _KEYRINGS[engine.dialect] = LiveKeyring(keyring)


def live_keyring(dialect: Dialect) -> LiveKeyring:
    """The (file-following) keyring bound to an engine's dialect."""
    try:
        return _KEYRINGS[dialect]
    except KeyError:
        raise KeyFileError(
            "no encryption key is bound to this database engine; open it with open_store()"
        ) from None


def keyring_of(dialect: Dialect) -> Keyring:
    """The current keyring bound to an engine's dialect (re-read if its key file changed)."""
    return live_keyring(dialect).for_encrypt()


def _encrypt(dialect: Dialect, plaintext: bytes, column: str) -> bytes:
    return live_keyring(dialect).for_encrypt().encrypt(plaintext, aad=column.encode())


def _decrypt(dialect: Dialect, blob: bytes, column: str) -> bytes:
    return live_keyring(dialect).for_decrypt(blob).decrypt(blob, aad=column.encode())


class EncryptedText(TypeDecorator[str]):
    """A string stored as AES-GCM ciphertext; ``column`` (``"table.column"``) is the AAD."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, column: str) -> None:
        super().__init__()
        self.column = column

    def process_bind_param(self, value: str | None, dialect: Dialect) -> bytes | None:
        """Encrypt on the way in."""
        if value is None:
            return None
        return _encrypt(dialect, value.encode("utf-8"), self.column)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> str | None:
        """Decrypt on the way out."""
        if value is None:
            return None
        return _decrypt(dialect, bytes(value), self.column).decode("utf-8")


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON value stored as AES-GCM ciphertext of its canonical text."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, column: str) -> None:
        super().__init__()
        self.column = column

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | None:
        """Serialise and encrypt on the way in (``None`` stays SQL NULL)."""
        if value is None:
            return None
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return _encrypt(dialect, text.encode("utf-8"), self.column)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> Any:
        """Decrypt and parse on the way out."""
        if value is None:
            return None
        plain = _decrypt(dialect, bytes(value), self.column)
        return json.loads(plain.decode("utf-8"))


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset; we restore it)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(
        self,
        value: dt.datetime | None,
        dialect: Dialect,  # noqa: ARG002 - part of the TypeDecorator interface
    ) -> dt.datetime | None:
        """Store as naive UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; use datetime.now(UTC)")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self,
        value: dt.datetime | None,
        dialect: Dialect,  # noqa: ARG002 - part of the TypeDecorator interface
    ) -> dt.datetime | None:
        """Read back as aware UTC."""
        return None if value is None else value.replace(tzinfo=dt.UTC)
