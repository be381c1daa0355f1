"""Companies (the SMEs), their projects, the other schemes mobilised, and follow-up reports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Cents, Id, enum_check, non_negative
from .enums import INSOLVENCY_PROCEDURES, PROJECT_STATUSES, PROJECT_TYPES


class Company(Base):
    __tablename__ = "company"
    __table_args__ = (
        CheckConstraint(
            "insolvency_procedure IS NULL OR insolvency_procedure IN ("
            + ", ".join(f"'{v}'" for v in INSOLVENCY_PROCEDURES)
            + ")",
            name="insolvency_procedure_enum",
        ),
    )

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    siret: Mapped[str | None] = mapped_column(String(14))
    legal_form: Mapped[str | None] = mapped_column(String(50))
    naf: Mapped[str | None] = mapped_column(String(10))
    created_on: Mapped[dt.date | None] = mapped_column(Date)
    headcount: Mapped[int | None] = mapped_column(Integer)
    address: Mapped[str | None] = mapped_column(Text)
    manager: Mapped[str | None] = mapped_column(String(200))
    insolvency_procedure: Mapped[str | None] = mapped_column(String(16))
    insolvency_judgment_on: Mapped[dt.date | None] = mapped_column(Date)
    insolvency_published_on: Mapped[dt.date | None] = mapped_column(Date)


class Project(Base):
    __tablename__ = "project"
    __table_args__ = (
        enum_check("type", PROJECT_TYPES),
        enum_check("status", PROJECT_STATUSES),
        CheckConstraint(
            "(score_quality IS NULL OR score_quality BETWEEN 1 AND 5) AND "
            "(score_holder IS NULL OR score_holder BETWEEN 1 AND 5) AND "
            "(score_impact IS NULL OR score_impact BETWEEN 1 AND 5)",
            name="scores_range",
        ),
    )

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("company.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(16))
    received_on: Mapped[dt.date] = mapped_column(Date)
    prescriber_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)
    diagnostic: Mapped[str | None] = mapped_column(Text)
    complementary_diagnostic: Mapped[str | None] = mapped_column(Text)
    # format v1 carries the grid as one object or null: has_scores keeps that distinction.
    has_scores: Mapped[bool] = mapped_column(default=False)
    score_quality: Mapped[int | None] = mapped_column(Integer)
    score_holder: Mapped[int | None] = mapped_column(Integer)
    score_impact: Mapped[int | None] = mapped_column(Integer)
    jobs_planned_created: Mapped[int | None] = mapped_column(Integer)
    jobs_planned_maintained: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    mandatary_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)
    convention_signed_on: Mapped[dt.date | None] = mapped_column(Date)
    # Office-only fields (not in format v1): what the holder asks for, and the signed scan.
    means_requested: Mapped[str | None] = mapped_column(Text)
    signed_scan_path: Mapped[str | None] = mapped_column(Text)
    signed_scan_sha256: Mapped[str | None] = mapped_column(String(64))


class ProjectSupport(Base):
    """Another scheme already mobilised for the project, with its amount."""

    __tablename__ = "project_support"
    __table_args__ = (non_negative("amount_cents"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    scheme_id: Mapped[str] = mapped_column(ForeignKey("support_scheme.id"), index=True)
    amount_cents: Mapped[int | None] = mapped_column(Cents)
    position: Mapped[int] = mapped_column(Integer, default=0)


class FollowUp(Base):
    """A mandataire's report: cumulative figures since approval."""

    __tablename__ = "follow_up"
    __table_args__ = (
        non_negative("jobs_created"),
        non_negative("jobs_maintained"),
        non_negative("skills_days_delivered"),
    )

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)
    jobs_created: Mapped[int] = mapped_column(Integer, default=0)
    jobs_maintained: Mapped[int] = mapped_column(Integer, default=0)
    skills_days_delivered: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str | None] = mapped_column(Text)
