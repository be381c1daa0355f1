"""Means granted by the comité (engagements) and the advance fund's movements."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Cents, Id, enum_check, non_negative
from .enums import ENGAGEMENT_KINDS, PERIODS


class Engagement(Base):
    """One instrument of an approval; loans carry their repayment terms."""

    __tablename__ = "engagement"
    __table_args__ = (
        enum_check("kind", ENGAGEMENT_KINDS),
        non_negative("amount_cents"),
        CheckConstraint(
            "period_months IS NULL OR period_months IN (" + ", ".join(str(p) for p in PERIODS) + ")",
            name="period_enum",
        ),
        CheckConstraint("annual_rate IS NULL OR annual_rate >= 0", name="rate_non_negative"),
    )

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("partner.id"), index=True)
    amount_cents: Mapped[int | None] = mapped_column(Cents)
    days: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    duration_months: Mapped[int | None] = mapped_column(Integer)
    deferral_months: Mapped[int | None] = mapped_column(Integer)
    period_months: Mapped[int | None] = mapped_column(Integer)
    annual_rate: Mapped[float | None] = mapped_column(Float)
    first_due_on: Mapped[dt.date | None] = mapped_column(Date)


class Disbursement(Base):
    __tablename__ = "disbursement"
    __table_args__ = (non_negative("amount_cents"),)

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagement.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Cents)


class Repayment(Base):
    __tablename__ = "repayment"
    __table_args__ = (non_negative("amount_cents"),)

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagement.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Cents)


class WriteOff(Base):
    """Sinistre: the part of an advance that will not be repaid."""

    __tablename__ = "write_off"
    __table_args__ = (non_negative("amount_cents"),)

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagement.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Cents)
    reason: Mapped[str | None] = mapped_column(Text)


