"""Widen measure_administrations.version to 128 characters (instrument versions cite sources).

Shipped definitions name their version like ``PHQ-9 (Kroenke, Spitzer & Williams 2001)``,
longer than the 32 characters of revision 0003 (PostgreSQL enforces the length).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Widen the column (on SQLite a batch copy of this table, which nothing references)."""
    with op.batch_alter_table("measure_administrations") as batch:
        batch.alter_column(
            "version",
            existing_type=sa.String(32),
            type_=sa.String(128),
            existing_nullable=True,
        )


def downgrade() -> None:
    """Downgrades are not supported: restore a backup instead."""
    raise NotImplementedError("restore a backup to go back to an older schema")
