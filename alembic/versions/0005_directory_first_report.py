"""The deal directory learns when each deal was first reported, so `tracker deals --known-at` needs no log.

A deal nobody had reported by ``--known-at`` is not listed; knowing that from
the directory row spares reading the deal's events. Existing rows are filled
from the events the directory had applied (those up to its checkpoint).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deal_directory") as table:
        table.add_column(sa.Column("first_reported_at", sa.DateTime(timezone=True)))
    op.execute(
        "UPDATE deal_directory SET first_reported_at = (SELECT MIN(events.reported_at) FROM events "
        "WHERE events.stream_id = deal_directory.deal AND events.position <= "
        "(SELECT position FROM projection_checkpoints WHERE projection = 'deal_directory'))"
    )


def downgrade() -> None:
    with op.batch_alter_table("deal_directory") as table:
        table.drop_column("first_reported_at")
