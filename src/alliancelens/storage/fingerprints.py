"""Keyed, per-client file fingerprints: duplicate imports are found without a linkable hash.

``sessions.content_sha256`` once held the plain SHA-256 of an imported file, which let anyone
holding only the database confirm that a known transcript was stored and link identical files
across clients. Schema 0009 keyed it: ``HMAC-SHA-256(secret, sha256_hex)`` with 32 random bytes
created once per store and kept *encrypted* in ``key_check`` (row :data:`CONTENT_SECRET_ID`).
That secret was global, so one file imported for two clients still had one tag in both rows
(QA27 #7). Since schema 0012 the stored tag is per client::

    file_tag   = HMAC-SHA-256(secret, sha256_hex)                    (the 0009 value)
    stored tag = HMAC-SHA-256(secret, "client:<client id>:" + file_tag)

so the same file gives unrelated tags for different clients, while the duplicate check (which
only ever compares within one client) works as before. The second layer is computed from the
0009 value, not from the file, so migration 0012 converted the rows already stored without
needing the files (which the store never keeps). Key rotation re-encrypts the secret, never
changes it, so every tag stays comparable. Whoever holds the store key can still compute tags.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy.orm import Session as DbSession

from alliancelens.storage.tables import KeyCheckRow

__all__ = ["CONTENT_SECRET_ID", "client_tag", "content_secret", "content_tag", "keyed_digest"]

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
    """The store-wide keyed digest of a file whose SHA-256 is ``sha256_hex`` (schema 0009)."""
    return hmac.new(secret, sha256_hex.encode("ascii"), hashlib.sha256).hexdigest()


def client_tag(secret: bytes, *, client_id: int, file_tag: str) -> str:
    """The stored fingerprint: ``file_tag`` (a :func:`keyed_digest`) bound to one client."""
    message = f"client:{client_id}:{file_tag}".encode("ascii")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def content_tag(db: DbSession, *, client_id: int, sha256_hex: str) -> str:
    """The fingerprint to store and compare for a file of ``client_id`` with this SHA-256."""
    secret = content_secret(db)
    return client_tag(secret, client_id=client_id, file_tag=keyed_digest(secret, sha256_hex))
