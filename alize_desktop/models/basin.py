"""The basin, its operator and settings, conventions, partners, people and what they pledge or pay."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Cents, Id, enum_check, non_negative
from .enums import ACCOUNTS, COMMITMENT_NATURES, EXPENSE_CATEGORIES, PARTNER_KINDS, SCHEME_KINDS


class Basin(Base):
    """The one basin of this database (a single row, id 1)."""

    __tablename__ = "basin"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    territory: Mapped[str | None] = mapped_column(Text)
    priority_criteria: Mapped[list[str]] = mapped_column(JSON, default=list)
    operator_name: Mapped[str] = mapped_column(String(200))
    operator_siret: Mapped[str | None] = mapped_column(String(14))
    operator_address: Mapped[str | None] = mapped_column(Text)
    operator_representative: Mapped[str | None] = mapped_column(String(200))
    operator_email: Mapped[str | None] = mapped_column(String(200))
    advances_bank: Mapped[str | None] = mapped_column(String(200))
    advances_iban: Mapped[str | None] = mapped_column(String(34))
    operating_bank: Mapped[str | None] = mapped_column(String(200))
    operating_iban: Mapped[str | None] = mapped_column(String(34))
    quorum_fraction: Mapped[float] = mapped_column(Float, default=0.5)
    jobs_target_per_year: Mapped[int] = mapped_column(Integer, default=75)
    examined_target_per_year: Mapped[int] = mapped_column(Integer, default=15)
    approved_target_per_year: Mapped[int] = mapped_column(Integer, default=12)
    budget_target_cents: Mapped[int] = mapped_column(Cents, default=90_000_000)
    loss_rate_benchmark: Mapped[float] = mapped_column(Float, default=0.06)
    operator_reimbursement_cap_cents: Mapped[int] = mapped_column(Cents, default=1_000_000)


class Convention(Base):
    """Convention de partenariat: a 3-year period starting on `start`."""

    __tablename__ = "convention"

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    start: Mapped[dt.date] = mapped_column(Date)
    specific_objectives: Mapped[str | None] = mapped_column(Text)
    labour_market: Mapped[str | None] = mapped_column(Text)
    signed_on: Mapped[dt.date | None] = mapped_column(Date)


class Partner(Base):
    __tablename__ = "partner"
    __table_args__ = (enum_check("kind", PARTNER_KINDS),)

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    siret: Mapped[str | None] = mapped_column(String(14))
    address: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Person(Base):
    """A partner's representative; may sit on the comité d'agrément."""

    __tablename__ = "person"

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    partner_id: Mapped[str] = mapped_column(ForeignKey("partner.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    committee_member: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Commitment(Base):
    """What a partner pledges for one year of a convention."""

    __tablename__ = "commitment"
    __table_args__ = (
        enum_check("nature", COMMITMENT_NATURES),
        non_negative("amount_cents"),
        CheckConstraint("year BETWEEN 1 AND 3", name="year_range"),
    )

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    convention_id: Mapped[str] = mapped_column(ForeignKey("convention.id"), index=True)
    partner_id: Mapped[str] = mapped_column(ForeignKey("partner.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    nature: Mapped[str] = mapped_column(String(16))
    amount_cents: Mapped[int] = mapped_column(Cents)
    days: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)


class Receipt(Base):
    """A partner's payment into one of the operator's two accounts."""

    __tablename__ = "receipt"
    __table_args__ = (enum_check("account", ACCOUNTS), non_negative("amount_cents"))

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    account: Mapped[str] = mapped_column(String(16))
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("partner.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Cents)


class Expense(Base):
    __tablename__ = "expense"
    __table_args__ = (
        enum_check("account", ACCOUNTS),
        enum_check("category", EXPENSE_CATEGORIES),
        non_negative("amount_cents"),
    )

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    account: Mapped[str] = mapped_column(String(16))
    date: Mapped[dt.date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Cents)
    category: Mapped[str] = mapped_column(String(32))
    label: Mapped[str | None] = mapped_column(Text)


class SupportScheme(Base):
    """An existing local scheme that ALIZÉ complements (prêt d'honneur, subvention…)."""

    __tablename__ = "support_scheme"
    __table_args__ = (enum_check("kind", SCHEME_KINDS),)

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
