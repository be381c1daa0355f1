"""What the dashboard and the evaluation page read: the report of a convention on a date,
the running year against its targets, and the series their charts draw.

Every figure comes from `rules.report.build_report` over the shared basin snapshot, computed once
per date (rules.figures) for the dashboard, its alerts and the Fonds page together; the report is
the one the ASTREES bundle and the evaluation PDF print, so the screens and the documents cannot
disagree. `load_data` still gives the format v1 document, for the documents that read it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the dashboard's figures are read without SQLAlchemy at start-up (db.PlainEngine)
    from sqlalchemy import Engine

from alize_desktop.basin import Snapshot, defaults
from alize_desktop.basin.convert import as_snapshot
from alize_desktop.formatting import date_short
from alize_desktop.rules.evaluation import RESOURCE_KINDS, ReportError, convention_period
from alize_desktop.rules.figures import figures
from alize_desktop.rules.report import build_report, summary_of
from alize_desktop.rules.schedule import add_months
from alize_desktop.services.basin_reader import current_snapshot, report_head

RESOURCE_PROFILE = {"company": 0.40, "territorial_actor": 0.20, "local_authority": 0.25, "state": 0.15}
MEETINGS_TARGET = (6, 10)  # the comité meets 6 to 10 times a year (DOMAIN.md §6)
DEFAULT_TARGETS = {key: defaults.SETTINGS[key] for key in (
    "jobs_target_per_year", "examined_target_per_year", "approved_target_per_year", "loss_rate_benchmark")}

__all__ = ["ReportError"]


@dataclasses.dataclass(frozen=True)
class ConventionChoice:
    id: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{self.id} — du {date_short(self.start)} au {date_short(self.end)}"


@dataclasses.dataclass(frozen=True)
class Evaluation:
    """The report of one convention on one date, with the basin it was computed from (the format v1
    document `load_data` gave, or the shared snapshot for the dashboard)."""

    data: dict[str, Any] | Snapshot
    report: dict[str, Any]
    targets: dict[str, float]

    @property
    def jobs_per_year_target(self) -> int:
        return int(self.targets["jobs_target_per_year"])


@dataclasses.dataclass(frozen=True)
class YearBar:
    label: str
    jobs_created: int
    target: int


@dataclasses.dataclass(frozen=True)
class Dashboard:
    """The dashboard's figures: the head of the running convention's report on a date."""

    summary: dict[str, Any]  # rules.report.summary_of: years, job totals, resources
    targets: dict[str, float]
    year: int | None  # the running year of the convention (1–3), None when none runs today
    year_figures: dict[str, Any] | None

    @property
    def jobs_per_year_target(self) -> int:
        return int(self.targets["jobs_target_per_year"])


@dataclasses.dataclass(frozen=True)
class DashboardHistory:
    """The dashboard's two history charts, read after its figures are on screen."""

    jobs_by_year: list[YearBar]
    outstanding: list[tuple[dt.date, int]]


def targets_of(data: Snapshot | Mapping[str, Any]) -> dict[str, float]:
    if isinstance(data, Snapshot):
        settings = data.settings._asdict()
    else:
        settings = (data.get("basin") or {}).get("settings") or {}
    return {k: (v if settings.get(k) is None else settings[k]) for k, v in DEFAULT_TARGETS.items()}


def load_data(engine: Engine) -> dict[str, Any] | None:
    """The basin as a format v1 document (what the documents read), None without a basin."""
    from alize_desktop.interchange.exporter import export_basin

    try:
        return export_basin(engine)
    except LookupError:
        return None


# The snapshot of the last document `evaluate` was given: the Évaluation page evaluates the same
# document again for every convention and date it is asked, and should not convert it each time.
_last: list[tuple[Mapping[str, Any], Snapshot]] = []


def _snapshot_of(data: Snapshot | Mapping[str, Any]) -> Snapshot:
    if isinstance(data, Snapshot):
        return data
    if _last and _last[0][0] is data:
        return _last[0][1]
    snap = as_snapshot(data)
    _last[:] = [(data, snap)]  # holding `data` keeps its identity from being reused
    return snap


def convention_choices(data: Snapshot | Mapping[str, Any] | None) -> list[ConventionChoice]:
    if data is None:
        return []
    convs = data.conventions if isinstance(data, Snapshot) else [_snapshot_of(data).convention[c["id"]]
                                                                  for c in data.get("conventions", ())]
    out = []
    for c in sorted(convs, key=lambda c: c.start):
        period = convention_period(c)
        out.append(ConventionChoice(c.id, period.start, period.end))
    return out


def evaluate(data: dict[str, Any] | Snapshot, convention_id: str | None, as_of: dt.date) -> Evaluation:
    """The report; ReportError (French) when there is no convention to report on."""
    snap = _snapshot_of(data)
    return Evaluation(data, build_report(snap, as_of, convention_id), targets_of(snap))


def year_label(start: dt.date, end: dt.date) -> str:
    """`2025` for a calendar year, `2025-2026` for a year that straddles two."""
    return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"


def jobs_by_year(data: Snapshot | Mapping[str, Any], as_of: dt.date) -> list[YearBar]:
    """Jobs created per convention year, every convention begun by `as_of`, oldest first."""
    snap = _snapshot_of(data)
    target = int(targets_of(snap)["jobs_target_per_year"])
    bars = []
    for choice in convention_choices(snap):
        if choice.start > as_of:
            continue
        head = summary_of(figures(snap, as_of), choice.id)  # the years only: no fund figure is needed
        for y in head["years"]:
            start = dt.date.fromisoformat(y["start"])
            if start <= as_of:
                bars.append(YearBar(year_label(start, dt.date.fromisoformat(y["end"])), y["jobs_created"], target))
    return bars


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """The last day of every month from `first`'s month to `last`'s month (`last` itself at the end)."""
    out = []
    k = 1
    base = first.replace(day=1)
    while True:
        end = add_months(base, k) - dt.timedelta(days=1)
        if end >= last:
            out.append(last)
            return out
        out.append(end)
        k += 1


def outstanding_series(data: Snapshot | Mapping[str, Any], as_of: dt.date) -> list[tuple[dt.date, int]]:
    """The advance fund's outstanding (disbursed − repaid − written off) at each month end."""
    snap = _snapshot_of(data)
    key = ("outstanding_series", as_of)
    if key in snap.memo:
        return list(snap.memo[key])
    advances = {e.id for e in snap.advances}
    # Summed by month, not sorted: a network basin has 260 000 movements, and one sort of them is
    # a quarter of a second in which the GUI thread cannot run (basin/fair_sort.py).
    by_month: defaultdict[tuple[int, int], int] = defaultdict(int)
    first: dt.date | None = None
    for rows, sign in ((snap.disbursements, 1), (snap.repayments, -1), (snap.write_offs, -1)):
        for r in rows:
            day = r.date
            if day <= as_of and r.engagement_id in advances:
                by_month[day.year, day.month] += sign * r.amount_cents
                if first is None or day < first:
                    first = day
    series: list[tuple[dt.date, int]] = []
    if first is not None:
        level = 0
        for day in month_ends(first, as_of):
            level += by_month.get((day.year, day.month), 0)
            series.append((day, level))
    snap.memo[key] = tuple(series)
    return series


def dashboard(engine: Engine, today: dt.date) -> Dashboard | None:
    """The running convention's figures on `today`; None without a basin or any begun convention.
    Only the report's head is computed (rules.report.summary_of), from only the lists it reads."""
    snap = report_head(engine)
    if snap.basin is None:
        return None
    try:
        head = summary_of(figures(snap, today), None)
    except ReportError:
        return None
    year = None
    figures_now = None
    for y in head["years"]:
        if y["start"] <= today.isoformat() <= y["end"]:
            year, figures_now = y["year"], y
    return Dashboard(head, targets_of(snap), year, figures_now)


def dashboard_history(engine: Engine, today: dt.date) -> DashboardHistory:
    """Jobs created per convention year since the first convention, and the fund's outstanding by month."""
    snap = current_snapshot(engine)
    return DashboardHistory(jobs_by_year(snap, today), outstanding_series(snap, today))


def resource_rows(report: Mapping[str, Any]) -> list[tuple[str, int, float, float]]:
    """(kind, cents, share, profile share) in the profile's order."""
    res = report["resources"]
    return [(k, int(res[k]["cents"]), float(res[k]["share"]), RESOURCE_PROFILE[k]) for k in RESOURCE_KINDS]
