"""State heads: the state index's picks for each deal once all its log is known and has surely happened.

Part of the state index, a read model: a row holds the versions that decide
a deal's summary at its head (its description's, then the decisive ones in
world order) and the instants from which they do on both axes, so the deal
list reads one row a deal instead of asking the index some twenty questions.
Indexing a batch deletes the rows of the deals it touches; the next reader
makes them again. The event log is not touched.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "state_heads",
        sa.Column("deal", sa.String(200), primary_key=True),
        sa.Column("description", sa.Integer),
        sa.Column("picks", _JSON, nullable=False),
        sa.Column("known_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("world_from", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("state_heads")
