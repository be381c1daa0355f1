"""Everything the Comités page shows, read in one call and one session on the database worker: the
meetings, and the two numbers of its pipeline line. Only the numbers: the page never lists those
projects, so on a large basin they are counted in SQL rather than read row by row."""

from __future__ import annotations

import dataclasses

from sqlalchemy import Engine, distinct, func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.services.meetings.meetings import READY_STATUSES, MeetingRow, meetings_in


@dataclasses.dataclass(frozen=True)
class MeetingsData:
    rows: tuple[MeetingRow, ...]  # latest first
    ready: int  # projects that can go on an agenda (view.ready_projects)
    waiting: int  # scheduled projects whose agenda item is not decided yet (view.scheduled_projects)


def meetings_page_data(engine: Engine) -> MeetingsData:
    with Session(engine) as s:
        rows = tuple(meetings_in(s))
        ready = s.scalar(select(func.count()).select_from(m.Project)
                         .join(m.Company, m.Company.id == m.Project.company_id)
                         .where(m.Project.status.in_(READY_STATUSES)))
        waiting = s.scalar(select(func.count(distinct(m.AgendaItem.project_id)))
                           .join(m.Meeting, m.Meeting.id == m.AgendaItem.meeting_id)
                           .join(m.Project, m.Project.id == m.AgendaItem.project_id)
                           .where(m.Project.status == "scheduled", m.AgendaItem.decision.is_(None)))
    return MeetingsData(rows, int(ready or 0), int(waiting or 0))
