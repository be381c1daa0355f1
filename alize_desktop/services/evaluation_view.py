"""What the dashboard and the evaluation page read: the report of a convention on a date,
the running year against its targets, and the series their charts draw.

Every figure comes from `rules.report.build_report` over `export_basin` (the same facts as the
ASTREES bundle and the evaluation PDF), so the screens and the documents cannot disagree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine

from alize_desktop.formatting import date_short
from alize_desktop.rules.evaluation import RESOURCE_KINDS, ReportError, convention_period
from alize_desktop.rules.report import build_report
from alize_desktop.rules.schedule import add_months

RESOURCE_PROFILE = {"company": 0.40, "territorial_actor": 0.20, "local_authority": 0.25, "state": 0.15}
MEETINGS_TARGET = (6, 10)  # the comité meets 6 to 10 times a year (DOMAIN.md §6)
DEFAULT_TARGETS = {"jobs_target_per_year": 75, "examined_target_per_year": 15, "approved_target_per_year": 12,
                   "loss_rate_benchmark": 0.06}

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
    """The report of one convention on one date, with the basin dict it was computed from."""

    data: dict[str, Any]
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
    evaluation: Evaluation
    year: int | None  # the running year of the convention (1–3), None when none runs today
    year_figures: dict[str, Any] | None
    jobs_by_year: list[YearBar]
    outstanding: list[tuple[dt.date, int]]


def targets_of(data: Mapping[str, Any]) -> dict[str, float]:
    settings = (data.get("basin") or {}).get("settings") or {}
    return {k: (v if settings.get(k) is None else settings[k]) for k, v in DEFAULT_TARGETS.items()}


def load_data(engine: Engine) -> dict[str, Any] | None:
    from alize_desktop.interchange.exporter import export_basin

    try:
        return export_basin(engine)
    except LookupError:
        return None


def convention_choices(data: Mapping[str, Any] | None) -> list[ConventionChoice]:
    out = []
    for c in sorted((data or {}).get("conventions", ()), key=lambda c: c["start"]):
        period = convention_period(c)
        out.append(ConventionChoice(c["id"], period.start, period.end))
    return out


def evaluate(data: dict[str, Any], convention_id: str | None, as_of: dt.date) -> Evaluation:
    """The report; ReportError (French) when there is no convention to report on."""
    return Evaluation(data, build_report(data, as_of, convention_id), targets_of(data))


def year_label(start: dt.date, end: dt.date) -> str:
    """`2025` for a calendar year, `2025-2026` for a year that straddles two."""
    return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"


def jobs_by_year(data: dict[str, Any], as_of: dt.date) -> list[YearBar]:
    """Jobs created per convention year, every convention begun by `as_of`, oldest first."""
    target = int(targets_of(data)["jobs_target_per_year"])
    bars = []
    for choice in convention_choices(data):
        if choice.start > as_of:
            continue
        report = build_report(data, as_of, choice.id)
        for y in report["years"]:
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


def outstanding_series(data: Mapping[str, Any], as_of: dt.date) -> list[tuple[dt.date, int]]:
    """The advance fund's outstanding (disbursed − repaid − written off) at each month end."""
    advances = {e["id"] for e in data.get("engagements", ()) if e.get("kind") == "repayable_advance"}
    moves: list[tuple[str, int]] = []
    for key, sign in (("disbursements", 1), ("repayments", -1), ("write_offs", -1)):
        moves += [(r["date"], sign * int(r["amount_cents"])) for r in data.get(key, ())
                  if r["engagement_id"] in advances and r["date"] <= as_of.isoformat()]
    if not moves:
        return []
    moves.sort()
    series = []
    level = 0
    i = 0
    for day in month_ends(dt.date.fromisoformat(moves[0][0]), as_of):
        iso = day.isoformat()
        while i < len(moves) and moves[i][0] <= iso:
            level += moves[i][1]
            i += 1
        series.append((day, level))
    return series


def dashboard(engine: Engine, today: dt.date) -> Dashboard | None:
    """The running convention's report on `today`; None without a basin or any begun convention."""
    data = load_data(engine)
    if data is None:
        return None
    try:
        ev = evaluate(data, None, today)
    except ReportError:
        return None
    year = None
    figures = None
    for y in ev.report["years"]:
        if y["start"] <= today.isoformat() <= y["end"]:
            year, figures = y["year"], y
    return Dashboard(ev, year, figures, jobs_by_year(data, today), outstanding_series(data, today))


def resource_rows(report: Mapping[str, Any]) -> list[tuple[str, int, float, float]]:
    """(kind, cents, share, profile share) in the profile's order."""
    res = report["resources"]
    return [(k, int(res[k]["cents"]), float(res[k]["share"]), RESOURCE_PROFILE[k]) for k in RESOURCE_KINDS]
