"""The window's list of basins: last bundle, period, key figures and the flags, without Qt.

Late: the last bundle's figures date (its `as_of`, else the export day) is more than a quarter
(3 months) before today — no bundle for the last quarter. Outliers: a loss rate above the basin's
benchmark (6 % by default), or jobs created far behind target: under half of the convention's
target pro rata of the time elapsed on the bundle's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, defer

from alize_desktop.network import models as nm
from alize_desktop.network.report import aware
from alize_desktop.rules.schedule import add_months

LATE_AFTER_MONTHS = 3
FAR_BEHIND = 0.5


@dataclass(frozen=True)
class BasinRow:
    id: str  # the basin's key
    name: str
    territory: str | None
    exported_at: dt.datetime
    received_at: dt.datetime
    received_by: str
    as_of: dt.date
    period_start: dt.date | None
    period_end: dt.date | None
    convention_id: str | None
    projects_approved: int
    jobs_created: int
    jobs_target: int
    jobs_expected: int  # the target pro rata of the convention elapsed on as_of
    outstanding_cents: int
    overdue_cents: int
    loss_rate: float
    loss_rate_benchmark: float
    problem: str | None
    late: bool
    high_loss: bool
    jobs_behind: bool

    @property
    def flags(self) -> list[str]:
        out = []
        if self.late:
            out.append("en retard (pas de paquet depuis plus d'un trimestre)")
        if self.high_loss:
            out.append("sinistre au-dessus de la référence")
        if self.jobs_behind:
            out.append("emplois loin de l'objectif")
        return out


def _expected(target: int, start: dt.date | None, end: dt.date | None, as_of: dt.date) -> int:
    if start is None or end is None or end <= start:
        return target
    elapsed = min(max((as_of - start).days, 0), (end - start).days) / (end - start).days
    return round(target * elapsed)


def basin_overview(engine: Engine, today: dt.date) -> list[BasinRow]:
    """Every basin of the network with its flags relative to `today` (the clock's day)."""
    query = (select(nm.Basin, nm.Reception, nm.BasinFigures)
             .join(nm.Reception, nm.Reception.id == nm.Basin.reception_id)
             .join(nm.BasinFigures, nm.BasinFigures.basin_key == nm.Basin.key)
             .order_by(nm.Basin.name, nm.Basin.key)
             .options(defer(nm.Basin.data_zlib)))  # the list needs no basin's whole data
    limit = add_months(today, -LATE_AFTER_MONTHS)
    rows: list[BasinRow] = []
    with Session(engine) as session:
        for basin, rec, fig in session.execute(query).tuples():
            exported = aware(basin.exported_at_utc)
            as_of = fig.as_of
            expected = _expected(fig.jobs_target, rec.period_start, rec.period_end, as_of)
            rows.append(BasinRow(
                id=basin.key, name=basin.name, territory=basin.territory, exported_at=exported,
                received_at=aware(rec.received_at), received_by=rec.received_by, as_of=as_of,
                period_start=rec.period_start, period_end=rec.period_end, convention_id=fig.convention_id,
                projects_approved=fig.projects_approved, jobs_created=fig.jobs_created, jobs_target=fig.jobs_target,
                jobs_expected=expected, outstanding_cents=fig.outstanding_cents, overdue_cents=fig.overdue_cents,
                loss_rate=fig.loss_rate, loss_rate_benchmark=fig.loss_rate_benchmark, problem=fig.problem,
                late=as_of < limit, high_loss=fig.loss_rate > fig.loss_rate_benchmark,
                jobs_behind=fig.problem is None and fig.jobs_created < FAR_BEHIND * expected))
    return rows
