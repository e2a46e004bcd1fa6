"""Encrypt findings.evidence; key sessions.content_sha256 with a secret stored encrypted.

``findings.evidence`` (utterance indexes and scores: risk-flag counts, alliance index, ...) was a
plain JSON column; it becomes AES-GCM ciphertext like ``findings.value`` (AAD
``findings.evidence``). ``sessions.content_sha256`` held the plain SHA-256 of the imported file;
it becomes ``HMAC-SHA-256(secret, old value)`` with a random secret stored encrypted in
``key_check`` row 2 (see :mod:`alliancelens.storage.fingerprints`), so duplicate detection keeps
working for sessions imported before.

Existing rows are converted in this migration with the store's key, which ``alliancelens init``
binds to the engine before it migrates (run by hand, ``migrations/env.py`` loads it too).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlalchemy as sa
from alembic import op

from alliancelens.storage.types import EncryptedJSON, EncryptedText

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

_SECRET_ID = 2  # alliancelens.storage.fingerprints.CONTENT_SECRET_ID at this revision


def upgrade() -> None:
    """Seal the evidence column (new column, copy encrypted, swap), then key the fingerprints."""
    _seal_evidence()
    _key_fingerprints()


def _seal_evidence() -> None:
    """Copy every evidence value into an encrypted column that then replaces the plain one.

    The batch block recreates ``findings`` on SQLite (no table references it, so nothing
    cascades) and is plain ``ALTER TABLE`` on PostgreSQL.
    """
    op.add_column("findings", sa.Column("evidence_sealed", sa.LargeBinary(), nullable=True))
    connection = op.get_bind()
    plain = sa.table("findings", sa.column("id", sa.Integer), sa.column("evidence", sa.JSON))
    sealed = sa.table(
        "findings",
        sa.column("id", sa.Integer),
        sa.column("evidence_sealed", EncryptedJSON("findings.evidence")),
    )
    for finding_id, evidence in connection.execute(sa.select(plain.c.id, plain.c.evidence)):
        connection.execute(
            sa.update(sealed)
            .where(sealed.c.id == finding_id)
            .values(evidence_sealed=evidence if evidence is not None else {})
        )
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("evidence")
        batch.alter_column(
            "evidence_sealed",
            new_column_name="evidence",
            existing_type=sa.LargeBinary(),
            nullable=False,
        )


def _key_fingerprints() -> None:
    """Replace each stored plain SHA-256 by its HMAC under the store's content secret."""
    connection = op.get_bind()
    sessions = sa.table(
        "sessions", sa.column("id", sa.Integer), sa.column("content_sha256", sa.String)
    )
    rows = connection.execute(
        sa.select(sessions.c.id, sessions.c.content_sha256).where(
            sessions.c.content_sha256.is_not(None)
        )
    ).all()
    if not rows:
        return  # `alliancelens init` creates the secret when the store has none
    secret = _secret(connection)
    for session_id, digest in rows:
        tag = hmac.new(secret, str(digest).encode("ascii"), hashlib.sha256).hexdigest()
        connection.execute(
            sa.update(sessions).where(sessions.c.id == session_id).values(content_sha256=tag)
        )


def _secret(connection: sa.Connection) -> bytes:
    key_check = sa.table(
        "key_check",
        sa.column("id", sa.Integer),
        sa.column("token", EncryptedText("key_check.token")),
    )
    token = connection.scalar(sa.select(key_check.c.token).where(key_check.c.id == _SECRET_ID))
    if token is None:
        token = secrets.token_hex(32)
        connection.execute(sa.insert(key_check).values(id=_SECRET_ID, token=token))
    return bytes.fromhex(str(token))


def downgrade() -> None:
    """Downgrades are not supported: restore a backup instead."""
    raise NotImplementedError("restore a backup to go back to an older schema")
