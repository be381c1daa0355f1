"""The basin at a glance: name, operator, running convention and its year, counts of records."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.rules.evaluation import period_from
from alize_desktop.rules.schedule import add_months


@dataclasses.dataclass(frozen=True)
class ConventionPeriod:
    id: str
    start: dt.date
    end: dt.date
    signed_on: dt.date | None

    def year_on(self, day: dt.date) -> int | None:
        """1, 2 or 3 when `day` falls in the convention, else None."""
        if not (self.start <= day <= self.end):
            return None
        for k in (1, 2, 3):
            if day < add_months(self.start, 12 * k):
                return k
        return 3


@dataclasses.dataclass(frozen=True)
class BasinOverview:
    name: str
    territory: str
    operator_name: str
    operator_representative: str | None
    running: ConventionPeriod | None
    running_year: int | None
    counts: dict[str, int]


def convention_end(start: dt.date) -> dt.date:
    """End of a 3-year convention: start + 3 years − 1 day (the one rule, rules.evaluation)."""
    return period_from(start).end


def conventions(session: Session) -> list[ConventionPeriod]:
    rows = session.execute(select(m.Convention).order_by(m.Convention.start)).scalars()
    return [ConventionPeriod(c.id, c.start, convention_end(c.start), c.signed_on) for c in rows]


def running_convention(session: Session, day: dt.date) -> ConventionPeriod | None:
    for c in reversed(conventions(session)):
        if c.start <= day <= c.end:
            return c
    return None


def basin_name(engine: Engine) -> str | None:
    with Session(engine) as s:
        return s.scalar(select(m.Basin.name))


def basin_overview(engine: Engine, today: dt.date) -> BasinOverview | None:
    """None when the database holds no basin yet."""
    with Session(engine) as s:
        b = s.get(m.Basin, 1)
        if b is None:
            return None
        run = running_convention(s, today)
        counts = {}
        for key, model in (("partners", m.Partner), ("people", m.Person), ("companies", m.Company),
                           ("projects", m.Project), ("meetings", m.Meeting), ("engagements", m.Engagement),
                           ("follow_ups", m.FollowUp)):
            counts[key] = s.scalar(select(func.count()).select_from(model)) or 0
        counts["active_companies"] = s.scalar(
            select(func.count()).select_from(m.Partner).where(m.Partner.kind == "company", m.Partner.active)
        ) or 0
        counts["committee_members"] = s.scalar(
            select(func.count()).select_from(m.Person).where(m.Person.committee_member, m.Person.active)
        ) or 0
        return BasinOverview(b.name, b.territory or "", b.operator_name, b.operator_representative, run,
                             run.year_on(today) if run else None, counts)
