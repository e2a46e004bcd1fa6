"""Key rotation: re-encrypt every encrypted column under the active key, in one transaction.

The encrypted columns are found from the table metadata, so a new encrypted column is rotated
without changes here. With a key file: (1) the key file gains the new key as the active one and
keeps every old key (decrypt-only), (2) one transaction re-encrypts everything. Old keys are never
removed by a rotation: another process (the web server, a worker) that wrote a value under the
old key in the meantime, and every backup taken before, stays readable. :func:`retire_keys`
removes old keys later, and only those no stored value uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, LargeBinary, Table, func, select, type_coerce, update
from sqlalchemy.orm import Session as DbSession

from alliancelens.errors import KeyFileError
from alliancelens.storage.crypto import KEY_ID_BYTES, Keyring, generate_key, write_key_file
from alliancelens.storage.database import Database
from alliancelens.storage.tables import Base
from alliancelens.storage.types import EncryptedJSON, EncryptedText, live_keyring

__all__ = [
    "RetireReport",
    "RotationReport",
    "encrypted_columns",
    "key_ids_in_use",
    "reencrypt_all",
    "retire_keys",
    "rotate_keys",
]


@dataclass(frozen=True, slots=True)
class RotationReport:
    """What a rotation did: values re-encrypted, the new active key id, old keys kept readable."""

    reencrypted: int
    active_key: str
    retired_keys: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class RetireReport:
    """What ``keys retire`` did: keys removed from the key file, old keys still in use."""

    removed: tuple[str, ...]
    still_used: tuple[str, ...]


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


def key_ids_in_use(db: DbSession) -> frozenset[str]:
    """Ids of the keys that encrypt at least one stored value (read from the value headers)."""
    found: set[str] = set()
    for _table, column in encrypted_columns():
        raw = type_coerce(column, LargeBinary)
        header = func.substr(raw, 2, KEY_ID_BYTES)
        for (kid,) in db.execute(select(header).where(column.is_not(None)).distinct()):
            found.add(bytes(kid).hex())
    return frozenset(found)


def rotate_keys(database: Database) -> RotationReport:
    """Rotate: a new active key for a key file (old keys kept), or onto ``ALLIANCELENS_KEY``."""
    keyring = live_keyring(database.engine.dialect).for_encrypt()
    if keyring.source == "file" and keyring.path is not None:
        rotating = keyring.with_new_active(generate_key())
        write_key_file(keyring.path, rotating)
        database.use_keyring(rotating)
        with database.transaction() as db:
            count = reencrypt_all(db, keyring=rotating)
        kept = tuple(k for k in rotating.keys if k != rotating.active_id)
        return RotationReport(count, rotating.active_id, kept, "file")
    with database.transaction() as db:
        count = reencrypt_all(db, keyring=keyring)
    retired = tuple(k for k in keyring.keys if k != keyring.active_id)
    return RotationReport(count, keyring.active_id, retired, "env")


def retire_keys(database: Database) -> RetireReport:
    """Remove from the key file every old key that no stored value uses; names those still used.

    A value under an old key (written by a process that had not yet seen the rotation) keeps its
    key: run ``keys rotate`` again to move it, then retire.
    """
    keyring = live_keyring(database.engine.dialect).for_encrypt()
    if keyring.source != "file" or keyring.path is None:
        raise KeyFileError(
            "keys come from ALLIANCELENS_KEY, not a key file; retire an old key by removing it "
            "from ALLIANCELENS_PREVIOUS_KEYS after `alliancelens keys rotate`"
        )
    with database.transaction() as db:
        used = key_ids_in_use(db)
    old = frozenset(k for k in keyring.keys if k != keyring.active_id)
    removable = frozenset(old - used)
    if removable:
        final = keyring.without(removable)
        write_key_file(keyring.path, final)
        database.use_keyring(final)
    return RetireReport(tuple(sorted(removable)), tuple(sorted(old & used)))
