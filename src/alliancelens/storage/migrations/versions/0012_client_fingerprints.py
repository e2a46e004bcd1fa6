"""Bind each stored file fingerprint to its client: one file no longer links two clients.

Since 0009 ``sessions.content_sha256`` held ``HMAC-SHA-256(secret, sha256_hex)`` under one
store-wide secret, so the same file imported for two clients left the same value in both rows
(QA27 #7). Each value becomes ``HMAC-SHA-256(secret, "client:<client id>:" + old value)`` (see
:mod:`alliancelens.storage.fingerprints`). The files themselves are never stored, which is why the
new tag is built on the old one: every row converts, and the duplicate check keeps finding
re-imports of files imported before. Plain ``UPDATE`` statements in the usual transaction, the
same on SQLite and PostgreSQL, so the conversion and the revision change commit together.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23
"""

from __future__ import annotations

import hashlib
import hmac

import sqlalchemy as sa
from alembic import op

from alliancelens.errors import SchemaError
from alliancelens.storage.types import EncryptedText

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None

_SECRET_ID = 2  # alliancelens.storage.fingerprints.CONTENT_SECRET_ID at this revision


def upgrade() -> None:
    """Replace each stored fingerprint by its per-client form."""
    connection = op.get_bind()
    sessions = sa.table(
        "sessions",
        sa.column("id", sa.Integer),
        sa.column("client_id", sa.Integer),
        sa.column("content_sha256", sa.String),
    )
    rows = connection.execute(
        sa.select(sessions.c.id, sessions.c.client_id, sessions.c.content_sha256).where(
            sessions.c.content_sha256.is_not(None)
        )
    ).all()
    if not rows:
        return
    secret = _secret(connection)
    for session_id, client_id, old in rows:
        message = f"client:{int(client_id)}:{old}".encode("ascii")
        tag = hmac.new(secret, message, hashlib.sha256).hexdigest()
        connection.execute(
            sa.update(sessions).where(sessions.c.id == session_id).values(content_sha256=tag)
        )


def _secret(connection: sa.Connection) -> bytes:
    """The content secret (0009 created it whenever a fingerprint was stored)."""
    key_check = sa.table(
        "key_check",
        sa.column("id", sa.Integer),
        sa.column("token", EncryptedText("key_check.token")),
    )
    token = connection.scalar(sa.select(key_check.c.token).where(key_check.c.id == _SECRET_ID))
    if token is None:
        raise SchemaError(
            "stored file fingerprints but no content secret: restore the store's backup"
        )
    return bytes.fromhex(str(token))


def downgrade() -> None:
    """Downgrades are not supported: restore a backup instead."""
    raise NotImplementedError("restore a backup to go back to an older schema")
