"""State heads: the state index's summary of each deal once all its log is known and has surely happened.

Part of the state index, a read model: a row holds a deal's summary at its
head, naming its events by the versions they stood as, and the instants from
which it holds on both axes, so the deal list reads one row a deal instead of
asking the index some twenty questions.
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
        sa.Column("spelling", sa.String(16), nullable=False),
        sa.Column("summary", _JSON, nullable=False),
        sa.Column("versions", _JSON, nullable=False),
        sa.Column("known_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("world_from", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("state_heads")
