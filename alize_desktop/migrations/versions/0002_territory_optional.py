"""The basin's territory may be left empty (format v1 allows null, and a round trip must keep it).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("basin", schema=None) as batch_op:
        batch_op.alter_column("territory", existing_type=sa.Text(), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE basin SET territory = '' WHERE territory IS NULL")
    with op.batch_alter_table("basin", schema=None) as batch_op:
        batch_op.alter_column("territory", existing_type=sa.Text(), nullable=False)
