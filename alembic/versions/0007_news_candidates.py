"""News in: the articles read and the candidate developments found in them, awaiting a person's review.

Candidates are not events: they live in their own tables, outside the event
log and its hash chain, and change as a person reviews them (pending, then
accepted or rejected). Only an accepted candidate enters the log, as a
report through the normal ingest path; its event ids are kept here.

An article is known by its canonical URL and by a hash of its extracted text,
so one read again (under another URL, from another feed) adds nothing, and a
rejected candidate never comes back. The links a feed gave (often another
address than the page's canonical one) are remembered with the article they
led to, or with the reason a page could not be used (no article, another
language, too big), so the next poll fetches neither again; a page that failed
for a passing reason is not remembered.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "news_articles",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("url", sa.String(2000), unique=True),
        sa.Column("text_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("publisher", sa.Text),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("language", sa.String(8)),
        sa.Column("title", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.String(2000), nullable=False),
        sa.Column("extractor_version", sa.String(40), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "news_candidates",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("news_articles.id"), nullable=False),
        sa.Column("deal", sa.String(200), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("rule", sa.String(100), nullable=False),
        sa.Column("body", _JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("reason", sa.Text),
        sa.Column("edited", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("event_ids", _JSON),
    )
    op.create_index("news_candidates_pending_idx", "news_candidates", ["status", "deal"])
    op.create_table(
        "news_links",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("news_articles.id")),
        sa.Column("refused", sa.Text),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drops only the review queue: every event, accepted candidates' included, stays in the log."""
    op.drop_table("news_links")
    op.drop_index("news_candidates_pending_idx", "news_candidates")
    op.drop_table("news_candidates")
    op.drop_table("news_articles")
