"""The state index is rebuilt: it now keeps approvals, lawsuits, contests and same-day order.

The index files each development under the keys of what it can decide, with
the fold's world order as text. Both grew (an authority's review, a case, a
contest, a signing that lifts stances; one day's developments ordered by their
place in a deal's life), so rows written before say less than a query asks.
The index is a read model: emptying it and its checkpoint makes the next
read index the log again from the start. The event log is not touched.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_INDEX_TABLES = ("state_keys", "state_versions", "state_names", "state_references")


def upgrade() -> None:
    _empty_the_index()


def downgrade() -> None:
    _empty_the_index()  # the older code rebuilds it in its own shape as well


def _empty_the_index() -> None:
    for table in _INDEX_TABLES:
        op.execute(f"DELETE FROM {table}")
    op.execute("UPDATE projection_checkpoints SET position = 0 WHERE projection = 'state_index'")
