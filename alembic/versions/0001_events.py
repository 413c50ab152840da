"""The append-only events table, with triggers that refuse UPDATE and DELETE.

No migration, this one or any later, rewrites events: these triggers refuse it,
and each row's hash covers its stored bytes. A change to the shape of a payload
is an upcaster in tracker/store/upcasting.py and a new ``schema_version`` for
new rows; old rows stay as written and are upcast when read.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
       BEGIN SELECT RAISE(ABORT, 'events are immutable: UPDATE refused'); END""",
    """CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
       BEGIN SELECT RAISE(ABORT, 'events are immutable: DELETE refused'); END""",
)
_POSTGRES_TRIGGERS = (
    """CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'events are immutable: % refused', TG_OP; END $$""",
    """CREATE TRIGGER events_refuse_update_delete BEFORE UPDATE OR DELETE ON events
       FOR EACH ROW EXECUTE FUNCTION events_refuse_change()""",
    """CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events
       FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change()""",
)


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("stream_id", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("payload", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=False),
        sa.Column("occurred_start", sa.DateTime(timezone=True)),
        sa.Column("occurred_end", sa.DateTime(timezone=True)),
        sa.Column("occurred_text", sa.String(64)),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idempotency_key", sa.String(255), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint("position > 0", name="events_position_positive"),
        sa.CheckConstraint("version > 0", name="events_version_positive"),
        sa.UniqueConstraint("event_id", name="events_event_id_key"),
        sa.UniqueConstraint("stream_id", "version", name="events_stream_version_key"),
        sa.UniqueConstraint("idempotency_key", name="events_idempotency_key_key"),
    )
    op.create_index("events_stream_occurred_idx", "events", ["stream_id", "occurred_start"])
    triggers = _POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else _SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    """Refused while any event is stored: below 0001 there is no events table, so the log would be lost.

    An empty log (a database created by mistake) may go; anything else must be
    exported or copied by hand first, never dropped by a migration.
    """
    bind = op.get_bind()
    stored = bind.scalar(sa.text("SELECT count(*) FROM events"))
    if stored:
        raise RuntimeError(f"downgrade below 0001 refused: it would drop the events table and its {stored} events")
    if bind.dialect.name == "postgresql":
        op.execute("DROP TABLE events")
        op.execute("DROP FUNCTION events_refuse_change()")
    else:
        op.drop_table("events")
