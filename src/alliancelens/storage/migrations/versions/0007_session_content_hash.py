"""Add sessions.content_sha256: re-importing the same transcript file is noticed.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add the nullable column (NULL for sessions imported before) with a plain ADD COLUMN.

    No batch table copy on SQLite: copying ``sessions`` could cascade through the tables that
    reference it. Sessions imported before this revision are never reported as duplicates.
    """
    op.add_column("sessions", sa.Column("content_sha256", sa.String(64), nullable=True))


def downgrade() -> None:
    """Downgrades are not supported: restore a backup instead."""
    raise NotImplementedError("restore a backup to go back to an older schema")
