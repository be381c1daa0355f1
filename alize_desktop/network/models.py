"""The network database's tables: basins side by side, each with its last accepted bundle.

A basin's format v1 document is kept whole (zlib-compressed data.json) so that the report runs
the very same rules as the basin's own `report --json`; a few key tables (projects, advances,
the figures of the basin's own report on its bundle's date) are kept normalised beside it, so the
window and simple queries need not decompress anything. Every reception, accepted or refused, is
a row of `network_receptions`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class NetworkBase(DeclarativeBase):
    """Apart from the basin's own models: another database, another Alembic history."""


class Reception(NetworkBase):
    __tablename__ = "network_receptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    basin_key: Mapped[str | None] = mapped_column(Text, index=True)
    basin_name: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_size: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    received_by: Mapped[str] = mapped_column(String(200))
    exported_at: Mapped[str | None] = mapped_column(String(40))
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    convention_id: Mapped[str | None] = mapped_column(String(100))
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    accepted: Mapped[bool]
    reason: Mapped[str | None] = mapped_column(Text)


class Basin(NetworkBase):
    __tablename__ = "network_basins"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    siret: Mapped[str | None] = mapped_column(String(14))
    territory: Mapped[str | None] = mapped_column(Text)
    reception_id: Mapped[int] = mapped_column(ForeignKey("network_receptions.id"))
    exported_at: Mapped[str] = mapped_column(String(40))
    exported_at_utc: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    data_sha256: Mapped[str] = mapped_column(String(64))
    data_zlib: Mapped[bytes] = mapped_column(LargeBinary)


class BasinFigures(NetworkBase):
    """Key figures of the basin's own report on its bundle's date (for the window's list)."""

    __tablename__ = "network_basin_figures"

    basin_key: Mapped[str] = mapped_column(ForeignKey("network_basins.key", ondelete="CASCADE"), primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    convention_id: Mapped[str | None] = mapped_column(String(100))
    meetings: Mapped[int] = mapped_column(Integer, default=0)
    projects_examined: Mapped[int] = mapped_column(Integer, default=0)
    projects_approved: Mapped[int] = mapped_column(Integer, default=0)
    jobs_created: Mapped[int] = mapped_column(Integer, default=0)
    jobs_maintained: Mapped[int] = mapped_column(Integer, default=0)
    jobs_target: Mapped[int] = mapped_column(Integer, default=0)
    disbursed_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    outstanding_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    overdue_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    written_off_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    loss_rate: Mapped[float] = mapped_column(Float, default=0.0)
    loss_rate_benchmark: Mapped[float] = mapped_column(Float, default=0.06)
    problem: Mapped[str | None] = mapped_column(Text)  # the report could not be built (no convention)


class Project(NetworkBase):
    __tablename__ = "network_projects"

    basin_key: Mapped[str] = mapped_column(ForeignKey("network_basins.key", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(30))
    jobs_planned_created: Mapped[int | None] = mapped_column(Integer)
    jobs_planned_maintained: Mapped[int | None] = mapped_column(Integer)


class Advance(NetworkBase):
    """A repayable advance with its movements summed (every date)."""

    __tablename__ = "network_advances"

    basin_key: Mapped[str] = mapped_column(ForeignKey("network_basins.key", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(100))
    amount_cents: Mapped[int | None] = mapped_column(BigInteger)
    disbursed_cents: Mapped[int] = mapped_column(BigInteger)
    repaid_cents: Mapped[int] = mapped_column(BigInteger)
    written_off_cents: Mapped[int] = mapped_column(BigInteger)
