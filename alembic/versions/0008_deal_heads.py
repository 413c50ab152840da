"""Deal heads: each deal's bounded views once all its log is known and has surely happened.

A read model, outside the event log and its hash chain: a row per deal holds
the version it was folded at, the instants from which it holds on both axes,
the latest history of each kind and the timeline's last entries, naming
events by id. A row whose version is not the deal's is ignored and written
again by the next reader at a cut it holds for. The event log is not touched.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "deal_heads",
        sa.Column("deal", sa.String(200), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("body", _JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("deal_heads")
