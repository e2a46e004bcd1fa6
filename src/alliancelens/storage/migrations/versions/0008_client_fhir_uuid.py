"""Add clients.fhir_uuid: FHIR exports name a client by a UUID that is never reused.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add the nullable column (NULL for clients added before) with a plain ADD COLUMN.

    No batch table copy on SQLite: copying ``clients`` could cascade through the tables that
    reference it. A client added before this revision gets a UUID at its first FHIR export.
    """
    op.add_column("clients", sa.Column("fhir_uuid", sa.String(36), nullable=True))


def downgrade() -> None:
    """Downgrades are not supported: restore a backup instead."""
    raise NotImplementedError("restore a backup to go back to an older schema")
