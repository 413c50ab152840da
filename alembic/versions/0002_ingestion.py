"""Bookkeeping for unattended ingestion: processed inputs, runs, HTTP validators.

Adds tables only; the events table and its rows are untouched (they could not
be rewritten anyway: see 0001).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("sources", _JSON, nullable=False),
        sa.Column("files", sa.Integer, nullable=False, server_default="0"),
        sa.Column("appended", sa.Integer, nullable=False, server_default="0"),
        sa.Column("duplicates", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rejected", sa.Integer, nullable=False, server_default="0"),
        sa.Column("errors", _JSON, nullable=False),
    )
    op.create_table(
        "processed_inputs",
        sa.Column("content_sha256", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(1000), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id")),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("appended", sa.Integer, nullable=False),
        sa.Column("duplicates", sa.Integer, nullable=False),
    )
    op.create_table(
        "http_sources",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column("etag", sa.String(1000)),
        sa.Column("last_modified", sa.String(100)),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_status", sa.Integer),
    )


def downgrade() -> None:
    """Drops only bookkeeping; every event stays.

    What is lost is harmless: without the record of processed inputs the inbox
    reads old files again, and their reports are skipped as duplicates by their
    idempotency keys; run history and HTTP validators start afresh.
    """
    op.drop_table("http_sources")
    op.drop_table("processed_inputs")
    op.drop_table("ingest_runs")
