"""What the meeting screen and the agenda builder show, read in one session as frozen rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.models.enums import VOTES
from alize_desktop.services.meetings.items import decision_lock
from alize_desktop.services.meetings.meetings import (
    READY_STATUSES,
    PersonChoice,
    Quorum,
    committee_members,
    known_meeting,
    people,
    president_problem,
    quorum_of,
)


@dataclasses.dataclass(frozen=True)
class ProjectRow:
    """A project as the agenda shows it."""

    id: str
    company: str
    title: str
    type: str
    status: str
    prescriber: str
    received_on: dt.date
    jobs_created: int
    jobs_maintained: int
    meeting_id: str | None = None  # the meeting whose agenda holds it (scheduled projects)
    meeting_date: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class Attendee:
    person: PersonChoice
    status: str | None  # present, excused, or None (not recorded)


@dataclasses.dataclass(frozen=True)
class EngagementRow:
    id: str
    kind: str
    partner_id: str | None
    partner_name: str
    amount_cents: int | None
    days: int | None
    description: str
    duration_months: int | None
    deferral_months: int | None
    period_months: int | None
    annual_rate: float | None
    first_due_on: dt.date | None
    disbursed_cents: int


@dataclasses.dataclass(frozen=True)
class ItemView:
    project: ProjectRow
    position: int
    decision: str | None
    notes: str
    conflicts: tuple[str, ...]
    votes: dict[str, str]
    votes_recorded: bool
    totals: tuple[int, int, int] | None
    mandatary_id: str | None
    engagements: tuple[EngagementRow, ...]
    lock: str | None  # why the decision can no longer change

    @property
    def counts(self) -> tuple[int, int, int]:
        if self.totals is not None:
            return self.totals
        return tuple(sum(1 for v in self.votes.values() if v == k) for k in VOTES)  # type: ignore[return-value]


@dataclasses.dataclass(frozen=True)
class MeetingView:
    id: str
    date: dt.date
    place: str
    president_id: str | None
    president_name: str
    president_problem: str | None
    quorum_override: str
    quorum: Quorum
    attendees: tuple[Attendee, ...]  # active members, then anyone else recorded at this meeting
    items: tuple[ItemView, ...]
    members: tuple[PersonChoice, ...]  # active comité members (mandataire choices)

    @property
    def present_ids(self) -> list[str]:
        return [a.person.id for a in self.attendees if a.status == "present"]

    def name(self, person_id: str) -> str:
        for a in self.attendees:
            if a.person.id == person_id:
                return a.person.name
        return person_id

    def item(self, project_id: str) -> ItemView | None:
        return next((i for i in self.items if i.project.id == project_id), None)


def _project_rows(s: Session, where: object | None = None) -> list[ProjectRow]:
    who = people(s)
    q = select(m.Project, m.Company.name).join(m.Company, m.Company.id == m.Project.company_id)
    if where is not None:
        q = q.where(where)  # type: ignore[arg-type]
    out = []
    for p, company in s.execute(q):
        pres = who.get(p.prescriber_id or "")
        out.append(ProjectRow(p.id, company, p.title, p.type, p.status, pres.name if pres else "", p.received_on,
                              p.jobs_planned_created or 0, p.jobs_planned_maintained or 0))
    return out


def _ready() -> Any:
    """In review, or adjourned: a project that can go on an agenda."""
    return m.Project.status.in_(READY_STATUSES)


def ready_projects(engine: Engine) -> list[ProjectRow]:
    """Projects that can be put on an agenda: in review, or adjourned (oldest receipt first)."""
    with Session(engine) as s:
        rows = _project_rows(s, _ready())
    return sorted(rows, key=lambda r: (r.received_on, r.id))


def _waiting(*columns: Any) -> Select[Any]:
    """Agenda items of scheduled projects, not decided yet."""
    return (select(*columns).select_from(m.AgendaItem)
            .join(m.Meeting, m.Meeting.id == m.AgendaItem.meeting_id)
            .join(m.Project, m.Project.id == m.AgendaItem.project_id)
            .where(m.Project.status == "scheduled", m.AgendaItem.decision.is_(None)))


def scheduled_projects(engine: Engine) -> dict[str, tuple[str, dt.date]]:
    """For every scheduled project, the meeting whose agenda holds it (id and date)."""
    with Session(engine) as s:
        rows = s.execute(_waiting(m.AgendaItem.project_id, m.Meeting.id, m.Meeting.date))
        return {pid: (mid, date) for pid, mid, date in rows}


def pipeline_counts(s: Session) -> tuple[int, int]:
    """(len(ready_projects), len(scheduled_projects)), counted in SQL: the same rows, not read."""
    ready = s.scalar(select(func.count()).select_from(m.Project)
                     .join(m.Company, m.Company.id == m.Project.company_id).where(_ready()))
    waiting = s.scalar(_waiting(func.count(func.distinct(m.AgendaItem.project_id))))
    return int(ready or 0), int(waiting or 0)


def _engagements(s: Session, meeting_id: str) -> dict[str, list[EngagementRow]]:
    partners = dict(s.execute(select(m.Partner.id, m.Partner.name)).tuples().all())
    disbursed = dict(s.execute(select(m.Disbursement.engagement_id, func.sum(m.Disbursement.amount_cents))
                               .group_by(m.Disbursement.engagement_id)).tuples().all())
    out: dict[str, list[EngagementRow]] = {}
    for e in s.scalars(select(m.Engagement).where(m.Engagement.meeting_id == meeting_id).order_by(m.Engagement.id)):
        out.setdefault(e.project_id, []).append(EngagementRow(
            e.id, e.kind, e.partner_id, partners.get(e.partner_id or "", ""), e.amount_cents, e.days,
            e.description or "", e.duration_months, e.deferral_months, e.period_months, e.annual_rate,
            e.first_due_on, int(disbursed.get(e.id) or 0)))
    for rows in out.values():
        rows.sort(key=lambda r: (len(r.id), r.id))
    return out


def meeting_view(engine: Engine, meeting_id: str) -> MeetingView:
    with Session(engine) as s:
        mt = known_meeting(s, meeting_id)
        who = people(s)
        members = committee_members(s)
        recorded = {a.person_id: a for a in s.scalars(select(m.Attendance).where(m.Attendance.meeting_id == meeting_id))}
        attendees = [Attendee(c, recorded[c.id].status if c.id in recorded else None) for c in members]
        listed = {c.id for c in members}
        # Members who have since left still appear where the meeting recorded them.
        for pid, a in sorted(recorded.items(), key=lambda kv: kv[1].position):
            if pid not in listed and pid in who:
                attendees.append(Attendee(who[pid], a.status))
        items_rows = list(s.scalars(select(m.AgendaItem).where(m.AgendaItem.meeting_id == meeting_id)
                                    .order_by(m.AgendaItem.position, m.AgendaItem.pk)))
        projects = {r.id: r for r in _project_rows(s, m.Project.id.in_([i.project_id for i in items_rows]))}
        mandataries = dict(s.execute(select(m.Project.id, m.Project.mandatary_id)
                                     .where(m.Project.id.in_(list(projects)))).tuples().all())
        engagements = _engagements(s, meeting_id)
        items = []
        for it in items_rows:
            conflicts = tuple(s.scalars(select(m.ItemConflict.person_id).where(m.ItemConflict.item_pk == it.pk)
                                        .order_by(m.ItemConflict.position)))
            votes = dict(s.execute(select(m.ItemVote.person_id, m.ItemVote.vote).where(m.ItemVote.item_pk == it.pk)
                                   .order_by(m.ItemVote.position)).tuples().all())
            totals = None if it.totals_for is None else (it.totals_for, it.totals_against or 0, it.totals_abstain or 0)
            items.append(ItemView(projects[it.project_id], it.position, it.decision, it.notes or "", conflicts,
                                  votes, bool(it.votes_recorded), totals, mandataries.get(it.project_id),
                                  tuple(engagements.get(it.project_id, [])), decision_lock(s, it)))
        pres = who.get(mt.president_id or "")
        return MeetingView(mt.id, mt.date, mt.place or "", mt.president_id, pres.name if pres else "",
                           president_problem(s, mt.president_id), mt.quorum_override or "", quorum_of(s, meeting_id),
                           tuple(attendees), tuple(items), tuple(members))
