"""Key rotation: re-encrypt every encrypted column under the active key, in one transaction.

The encrypted columns are found from the table metadata, so a new encrypted column is rotated
without changes here. With a key file the order is crash-safe: (1) the key file gains the new key
(old kept), (2) one transaction re-encrypts everything, (3) the old key leaves the key file.
A crash before (3) leaves both keys readable.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, LargeBinary, Table, select, type_coerce, update
from sqlalchemy.orm import Session as DbSession

from alliancelens.storage.crypto import Keyring, generate_key, write_key_file
from alliancelens.storage.database import Database
from alliancelens.storage.tables import Base
from alliancelens.storage.types import EncryptedJSON, EncryptedText

__all__ = ["RotationReport", "encrypted_columns", "reencrypt_all", "rotate_keys"]


@dataclass(frozen=True, slots=True)
class RotationReport:
    """What a rotation did: values re-encrypted, the new active key id, keys retired."""

    reencrypted: int
    active_key: str
    retired_keys: tuple[str, ...]
    source: str


def encrypted_columns() -> list[tuple[Table, Column[object]]]:
    """Every (table, column) whose type is encrypted."""
    found: list[tuple[Table, Column[object]]] = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, EncryptedText | EncryptedJSON):
                found.append((table, column))
    return found


def reencrypt_all(db: DbSession, *, keyring: Keyring) -> int:
    """Re-encrypt every value not under ``keyring``'s active key; returns how many."""
    count = 0
    for table, column in encrypted_columns():
        aad = column.type.column.encode()  # type: ignore[attr-defined]
        pk = next(iter(table.primary_key.columns))
        raw = type_coerce(column, LargeBinary)
        rows = db.execute(select(pk, raw).where(column.is_not(None))).all()
        for key, blob in rows:
            value = bytes(blob)
            if Keyring.key_id_of(value) == keyring.active_id:
                continue
            fresh = keyring.encrypt(keyring.decrypt(value, aad=aad), aad=aad)
            db.execute(
                update(table)
                .where(pk == key)
                .values({column.name: type_coerce(fresh, LargeBinary)})
            )
            count += 1
    return count


def rotate_keys(database: Database) -> RotationReport:
    """Rotate: a new key for a key file; for ``ALLIANCELENS_KEY``, move data onto that key."""
    keyring = database.keyring
    if keyring.source == "file" and keyring.path is not None:
        rotating = keyring.with_new_active(generate_key())
        write_key_file(keyring.path, rotating)
        database.use_keyring(rotating)
        with database.transaction() as db:
            count = reencrypt_all(db, keyring=rotating)
        final = rotating.only_active()
        write_key_file(keyring.path, final)
        database.use_keyring(final)
        retired = tuple(k for k in rotating.keys if k != final.active_id)
        return RotationReport(count, final.active_id, retired, "file")
    with database.transaction() as db:
        count = reencrypt_all(db, keyring=keyring)
    retired = tuple(k for k in keyring.keys if k != keyring.active_id)
    return RotationReport(count, keyring.active_id, retired, "env")
