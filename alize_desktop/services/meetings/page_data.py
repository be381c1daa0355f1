"""Everything the Comités page shows, read in one call and one session on the database worker: the
meetings, and the two numbers of its pipeline line. Only the numbers: the page never lists those
projects, so on a large basin they are counted in SQL rather than read row by row."""

from __future__ import annotations

import dataclasses

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from alize_desktop.services.meetings.meetings import MeetingRow, meetings_in
from alize_desktop.services.meetings.view import pipeline_counts


@dataclasses.dataclass(frozen=True)
class MeetingsData:
    rows: tuple[MeetingRow, ...]  # latest first
    ready: int  # projects that can go on an agenda (view.ready_projects)
    waiting: int  # scheduled projects whose agenda item is not decided yet (view.scheduled_projects)


def meetings_page_data(engine: Engine) -> MeetingsData:
    with Session(engine) as s:
        rows = tuple(meetings_in(s))
        ready, waiting = pipeline_counts(s)
    return MeetingsData(rows, ready, waiting)
