"""Keyed file fingerprints: duplicate imports are found without a plain hash in the database.

``sessions.content_sha256`` once held the plain SHA-256 of an imported file, which let anyone
holding only the database confirm that a known transcript was stored and link identical files
across clients. Since schema 0009 it holds ``HMAC-SHA-256(secret, sha256_hex)``: the secret is 32
random bytes created once per store and kept *encrypted* in ``key_check`` (row
:data:`CONTENT_SECRET_ID`), so without the store key the fingerprint tells nothing, while key
rotation (which re-encrypts the secret, not changes it) keeps every fingerprint comparable.
Keying the plain digest (not the bytes) let migration 0009 convert the rows already stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy.orm import Session as DbSession

from alliancelens.storage.tables import KeyCheckRow

__all__ = ["CONTENT_SECRET_ID", "content_secret", "content_tag", "keyed_digest"]

#: ``key_check`` row holding the content secret (row 1 is the key check token).
CONTENT_SECRET_ID = 2


def content_secret(db: DbSession) -> bytes:
    """The store's fingerprint secret, created (encrypted) on first use."""
    row = db.get(KeyCheckRow, CONTENT_SECRET_ID)
    if row is None:
        row = KeyCheckRow(id=CONTENT_SECRET_ID, token=secrets.token_hex(32))
        db.add(row)
        db.flush()
    return bytes.fromhex(row.token)


def keyed_digest(secret: bytes, sha256_hex: str) -> str:
    """The stored fingerprint of a file whose SHA-256 is ``sha256_hex``."""
    return hmac.new(secret, sha256_hex.encode("ascii"), hashlib.sha256).hexdigest()


def content_tag(db: DbSession, *, sha256_hex: str) -> str:
    """The fingerprint to store and compare for a file with SHA-256 ``sha256_hex``."""
    return keyed_digest(content_secret(db), sha256_hex)
