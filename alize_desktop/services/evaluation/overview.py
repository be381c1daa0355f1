"""The basin at a glance: name, operator, running convention and its year, counts of records.

Plain SQL through the engine's connection, no ORM session: the dashboard shows this first, and
its read then needs neither SQLAlchemy's ORM nor the mapped tables to be imported (start-up).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # SQLAlchemy is not imported when the window's first page reads through sqlite3
    from sqlalchemy import Connection, Engine

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


def conventions(conn: Connection) -> list[ConventionPeriod]:
    out = []
    for cid, start_text, signed_text in conn.exec_driver_sql("SELECT id, start, signed_on FROM convention ORDER BY start"):
        start = dt.date.fromisoformat(start_text)
        out.append(ConventionPeriod(cid, start, convention_end(start),
                                    dt.date.fromisoformat(signed_text) if signed_text else None))
    return out


def running_convention(conn: Connection, day: dt.date) -> ConventionPeriod | None:
    for c in reversed(conventions(conn)):
        if c.start <= day <= c.end:
            return c
    return None


def basin_name(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT name FROM basin").scalar()


COUNTS = {  # key → SQL counting it
    "partners": "SELECT count(*) FROM partner",
    "people": "SELECT count(*) FROM person",
    "companies": "SELECT count(*) FROM company",
    "projects": "SELECT count(*) FROM project",
    "meetings": "SELECT count(*) FROM meeting",
    "engagements": "SELECT count(*) FROM engagement",
    "follow_ups": "SELECT count(*) FROM follow_up",
    "active_companies": "SELECT count(*) FROM partner WHERE kind = 'company' AND active",
    "committee_members": "SELECT count(*) FROM person WHERE committee_member AND active",
}


def basin_overview(engine: Engine, today: dt.date) -> BasinOverview | None:
    """None when the database holds no basin yet."""
    with engine.connect() as conn:
        b = conn.exec_driver_sql(
            "SELECT name, territory, operator_name, operator_representative FROM basin WHERE id = 1").first()
        if b is None:
            return None
        run = running_convention(conn, today)
        counts = {key: int(conn.exec_driver_sql(sql).scalar() or 0) for key, sql in COUNTS.items()}
        return BasinOverview(b[0], b[1] or "", b[2], b[3], run, run.year_on(today) if run else None, counts)
