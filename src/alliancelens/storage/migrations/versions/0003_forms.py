"""Measure administrations, one-time form links, and client logins (users.client_id).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the form tables and link client users to their client record."""
    op.create_table(
        "measure_administrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("measure", sa.String(64), nullable=False),
        sa.Column("administered_on", sa.LargeBinary(), nullable=False),
        sa.Column("responses", sa.LargeBinary(), nullable=True),
        sa.Column("free_text", sa.LargeBinary(), nullable=True),
        sa.Column("version", sa.String(32), nullable=True),
        sa.Column("population", sa.String(32), nullable=False),
        sa.Column("completed_by", sa.String(32), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name="fk_measure_administrations_client_id_clients",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name="fk_measure_administrations_session_id_sessions",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_measure_administrations"),
    )
    op.create_index(
        "ix_measure_administrations_client_id", "measure_administrations", ["client_id"]
    )
    op.create_table(
        "form_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(64), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name="fk_form_links_client_id_clients",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_form_links"),
        sa.UniqueConstraint("token_hash", name="uq_form_links_token_hash"),
    )
    op.create_index("ix_form_links_client_id", "form_links", ["client_id"])
    _add_users_client_id()


def _add_users_client_id() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # ADD COLUMN keeps the table (a batch copy would drop ``users``, and with foreign keys
        # on, SQLite's implicit DELETE would cascade into supervisions and clients).
        op.execute(
            "ALTER TABLE users ADD COLUMN client_id INTEGER "
            "CONSTRAINT fk_users_client_id_clients REFERENCES clients (id) ON DELETE CASCADE"
        )
        return
    op.add_column("users", sa.Column("client_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        "fk_users_client_id_clients", "users", "clients", ["client_id"], ["id"], ondelete="CASCADE"
    )


def downgrade() -> None:
    """Downgrades are not supported: restore a backup instead."""
    raise NotImplementedError("restore a backup to go back to an older schema")
