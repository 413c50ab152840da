"""The state index: every development's versions over knowledge time, found by what they can decide.

Adds tables only; events are untouched. The index can always be rebuilt from
the log, so the downgrade loses nothing that cannot be made again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")
_WHEN = sa.DateTime(timezone=True)
# Keys compare byte by byte everywhere: a PostgreSQL database's own collation may ignore punctuation.
_KEY = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "state_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("deal", sa.String(200), nullable=False),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("known_from", _WHEN, nullable=False),
        sa.Column("known_until", _WHEN),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("schema_version", sa.Integer),  # these three only when amended; else the event is the log's
        sa.Column("payload", _JSON),
        sa.Column("occurred_text", sa.String(64)),
    )
    op.create_index("state_versions_event_idx", "state_versions", ["deal", "event_id"])
    op.create_table(
        "state_keys",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("state_versions.id"), primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("deal", sa.String(200), nullable=False),
        sa.Column("world_key", _KEY, nullable=False),
        sa.Column("world_start", _WHEN),
        sa.Column("surely_by", _WHEN),
        sa.Column("known_from", _WHEN, nullable=False),
        sa.Column("known_until", _WHEN),
    )
    op.create_index("state_keys_applied_idx", "state_keys", ["deal", "key", "surely_by", "version_id"])
    op.create_index("state_keys_world_idx", "state_keys", ["deal", "key", "world_key"])
    op.create_table(
        "state_names",
        sa.Column("deal", sa.String(200), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("name", sa.Text, primary_key=True),
    )
    op.create_table(
        "state_references",
        sa.Column("deal", sa.String(200), primary_key=True),
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("by_event_id", sa.String(36), primary_key=True),
    )
    checkpoints = sa.table("projection_checkpoints", sa.column("projection", sa.String), sa.column("position"))
    op.bulk_insert(checkpoints, [{"projection": "state_index", "position": 0}])


def downgrade() -> None:
    """Drops the index and its checkpoint; the next upgrade rebuilds it from position 0."""
    op.execute("DELETE FROM projection_checkpoints WHERE projection = 'state_index'")
    for table in ("state_references", "state_names", "state_keys", "state_versions"):
        op.drop_table(table)
