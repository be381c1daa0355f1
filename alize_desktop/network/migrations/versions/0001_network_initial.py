"""The network database: receptions, basins, their key figures, projects and advances.

Revision ID: n0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "n0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "network_receptions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("basin_key", sa.Text(), index=True),
        sa.Column("basin_name", sa.Text()),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("file_size", sa.BigInteger(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_by", sa.String(200), nullable=False),
        sa.Column("exported_at", sa.String(40)),
        sa.Column("as_of", sa.Date()),
        sa.Column("convention_id", sa.String(100)),
        sa.Column("period_start", sa.Date()),
        sa.Column("period_end", sa.Date()),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text()),
    )
    op.create_table(
        "network_basins",
        sa.Column("key", sa.Text(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("siret", sa.String(14)),
        sa.Column("territory", sa.Text()),
        sa.Column("reception_id", sa.Integer(), sa.ForeignKey("network_receptions.id"), nullable=False),
        sa.Column("exported_at", sa.String(40), nullable=False),
        sa.Column("exported_at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data_sha256", sa.String(64), nullable=False),
        sa.Column("data_zlib", sa.LargeBinary(), nullable=False),
    )
    fk = sa.ForeignKey("network_basins.key", ondelete="CASCADE")
    op.create_table(
        "network_basin_figures",
        sa.Column("basin_key", sa.Text(), fk, primary_key=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("convention_id", sa.String(100)),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in (
            "meetings", "projects_examined", "projects_approved", "jobs_created", "jobs_maintained",
            "jobs_target")],
        *[sa.Column(name, sa.BigInteger(), nullable=False) for name in (
            "disbursed_cents", "outstanding_cents", "overdue_cents", "written_off_cents")],
        sa.Column("loss_rate", sa.Float(), nullable=False),
        sa.Column("loss_rate_benchmark", sa.Float(), nullable=False),
        sa.Column("problem", sa.Text()),
    )
    op.create_table(
        "network_projects",
        sa.Column("basin_key", sa.Text(), sa.ForeignKey("network_basins.key", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("type", sa.String(30), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("jobs_planned_created", sa.Integer()),
        sa.Column("jobs_planned_maintained", sa.Integer()),
    )
    op.create_table(
        "network_advances",
        sa.Column("basin_key", sa.Text(), sa.ForeignKey("network_basins.key", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("project_id", sa.String(100), nullable=False),
        sa.Column("amount_cents", sa.BigInteger()),
        sa.Column("disbursed_cents", sa.BigInteger(), nullable=False),
        sa.Column("repaid_cents", sa.BigInteger(), nullable=False),
        sa.Column("written_off_cents", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    for table in ("network_advances", "network_projects", "network_basin_figures", "network_basins",
                  "network_receptions"):
        op.drop_table(table)
