"""The deal directory, a read model of the events log, and the checkpoint of how far it has read.

Adds tables only; events are untouched. The directory can always be rebuilt
from the log, so the downgrade loses nothing that cannot be made again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "deal_directory",
        sa.Column("deal", sa.String(200), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("parties", _JSON, nullable=False),
        sa.Column("links", _JSON, nullable=False),
        sa.Column("first_position", sa.BigInteger, nullable=False),
        sa.Column("last_position", sa.BigInteger, nullable=False),
        sa.Column("event_count", sa.BigInteger, nullable=False),
        sa.Column("described_position", sa.BigInteger),
    )
    checkpoints = op.create_table(
        "projection_checkpoints",
        sa.Column("projection", sa.String(100), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
    )
    # The row exists from the start, so a catch-up can always lock it before reading it.
    op.bulk_insert(checkpoints, [{"projection": "deal_directory", "position": 0}])


def downgrade() -> None:
    """Drops the read model and its checkpoint; the next upgrade starts them from position 0."""
    op.drop_table("projection_checkpoints")
    op.drop_table("deal_directory")
