"""Column types: encrypted text and JSON (AES-GCM via the engine's keyring), and UTC datetimes.

Each engine gets its keyring with :func:`bind_keyring`; the encrypted types find it through the
engine's dialect, so two stores with different keys can be open in one process (as tests do).
"""

from __future__ import annotations

import datetime as dt
import json
import weakref
from typing import Any

from sqlalchemy import DateTime, Engine, LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from alliancelens.errors import KeyFileError
from alliancelens.storage.crypto import Keyring

__all__ = ["EncryptedJSON", "EncryptedText", "UTCDateTime", "bind_keyring", "keyring_of"]

_KEYRINGS: weakref.WeakKeyDictionary[Dialect, Keyring] = weakref.WeakKeyDictionary()


def bind_keyring(engine: Engine, keyring: Keyring) -> None:
    """Encrypt and decrypt values on ``engine`` with ``keyring`` from now on."""
    _KEYRINGS[engine.dialect] = keyring


def keyring_of(dialect: Dialect) -> Keyring:
    """The keyring bound to an engine's dialect."""
    try:
        return _KEYRINGS[dialect]
    except KeyError:
        raise KeyFileError(
            "no encryption key is bound to this database engine; open it with open_store()"
        ) from None


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
        return keyring_of(dialect).encrypt(value.encode("utf-8"), aad=self.column.encode())

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> str | None:
        """Decrypt on the way out."""
        if value is None:
            return None
        return keyring_of(dialect).decrypt(bytes(value), aad=self.column.encode()).decode("utf-8")


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
        return keyring_of(dialect).encrypt(text.encode("utf-8"), aad=self.column.encode())

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> Any:
        """Decrypt and parse on the way out."""
        if value is None:
            return None
        plain = keyring_of(dialect).decrypt(bytes(value), aad=self.column.encode())
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
