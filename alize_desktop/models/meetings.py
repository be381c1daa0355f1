"""Comité d'agrément meetings: attendance, agenda items, votes and conflicts of interest."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Id, enum_check
from .enums import ATTENDANCE, DECISIONS, VOTES


class Meeting(Base):
    __tablename__ = "meeting"

    id: Mapped[str] = mapped_column(Id(), primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    place: Mapped[str | None] = mapped_column(Text)
    president_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)
    quorum_override: Mapped[str | None] = mapped_column(Text)
    # "HH:MM", office-only (the agenda pack and the minutes print it; format v1 has no place for it).
    time: Mapped[str | None] = mapped_column(String(5))


class Attendance(Base):
    """A comité member's presence (present or excused) at a meeting, in the order typed."""

    __tablename__ = "attendance"
    __table_args__ = (enum_check("status", ATTENDANCE),)

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), primary_key=True, index=True)
    status: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=0)


class AgendaItem(Base):
    """A project examined at a meeting, its decision and how the comité voted."""

    __tablename__ = "agenda_item"
    __table_args__ = (
        UniqueConstraint("meeting_id", "project_id", name="uq_agenda_item_meeting_project"),
        CheckConstraint(
            "decision IS NULL OR decision IN (" + ", ".join(f"'{v}'" for v in DECISIONS) + ")",
            name="decision_enum",
        ),
        CheckConstraint(
            "(totals_for IS NULL OR totals_for >= 0) AND (totals_against IS NULL OR totals_against >= 0)"
            " AND (totals_abstain IS NULL OR totals_abstain >= 0)",
            name="totals_non_negative",
        ),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    decision: Mapped[str | None] = mapped_column(String(10))
    notes: Mapped[str | None] = mapped_column(Text)
    # votes per member (rows in item_vote) when True; a show of hands (totals_*) otherwise.
    votes_recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    totals_for: Mapped[int | None] = mapped_column(Integer)
    totals_against: Mapped[int | None] = mapped_column(Integer)
    totals_abstain: Mapped[int | None] = mapped_column(Integer)


class ItemVote(Base):
    __tablename__ = "item_vote"
    __table_args__ = (enum_check("vote", VOTES),)

    item_pk: Mapped[int] = mapped_column(ForeignKey("agenda_item.pk", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), primary_key=True, index=True)
    vote: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ItemConflict(Base):
    """A member declared in conflict of interest on an item: does not vote on it."""

    __tablename__ = "item_conflict"

    item_pk: Mapped[int] = mapped_column(ForeignKey("agenda_item.pk", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
